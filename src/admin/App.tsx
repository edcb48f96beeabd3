/**
 * The admin page: status, chart, offenders, allowlist, settings. A change in one section
 * refreshes the others through a shared counter. On a network, a sub-site's page leaves out
 * what the network administrator manages (early gate, server rules, trusted proxies).
 */
import { Notice, Spinner } from '@wordpress/components';
import { useCallback, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { api } from '../api/client';
import type { Status } from '../api/types';
import { useResource } from '../common/useResource';
import { AllowlistEditor } from './AllowlistEditor';
import { AttackChart } from './AttackChart';
import { LogIngest } from './LogIngest';
import { Offenders } from './Offenders';
import { RecentHits } from './RecentHits';
import { ServerRules } from './ServerRules';
import { SettingsForm } from './SettingsForm';
import { StatusHeader } from './StatusHeader';

export function App() {
	const [ refreshKey, setRefreshKey ] = useState( 0 );
	const refresh = useCallback(
		() => setRefreshKey( ( key ) => key + 1 ),
		[]
	);
	const status = useResource< Status >( () => api.status(), [ refreshKey ] );
	const networkManaged = status.data?.network_managed ?? false;

	return (
		<div className="xmlrpc-shield-app">
			{ status.error && (
				<Notice status="error" isDismissible={ false }>
					{ status.error.message }
				</Notice>
			) }
			{ ! status.data && status.loading && (
				<p className="xmlrpc-shield-loading">
					<Spinner />
					{ __( 'Loading status…', 'xmlrpc-shield' ) }
				</p>
			) }
			{ status.data && (
				<StatusHeader status={ status.data } onChange={ refresh } />
			) }
			<LogIngest status={ status.data } onIngested={ refresh } />
			<AttackChart refreshKey={ refreshKey } />
			<div className="xmlrpc-shield-columns">
				<Offenders
					refreshKey={ refreshKey }
					onAllowlisted={ refresh }
				/>
				<AllowlistEditor
					refreshKey={ refreshKey }
					onChange={ refresh }
				/>
			</div>
			<RecentHits refreshKey={ refreshKey } />
			{ /* Server rules wait for the status: on a sub-site they are not asked for at all. */ }
			{ status.data && networkManaged && (
				<p className="xmlrpc-shield-network-managed">
					{ __(
						'The network administrator manages the early gate, the server rules and the trusted proxies for every site of this network.',
						'xmlrpc-shield'
					) }
				</p>
			) }
			{ status.data && ! networkManaged && (
				<ServerRules refreshKey={ refreshKey } onChange={ refresh } />
			) }
			<SettingsForm
				refreshKey={ refreshKey }
				onSaved={ refresh }
				networkManaged={ networkManaged }
			/>
		</div>
	);
}
