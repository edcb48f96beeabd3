/**
 * The admin page: status, mode, chart, offenders, allowlist, settings. A change in one section
 * refreshes the others through a shared counter; a fault in one section stays in that section
 * (SectionErrorBoundary).
 */
import { Notice, Spinner } from '@wordpress/components';
import { useCallback, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { api } from '../api/client';
import type { Status } from '../api/types';
import { SectionErrorBoundary } from '../common/SectionErrorBoundary';
import { useResource } from '../common/useResource';
import { AllowlistEditor } from './AllowlistEditor';
import { AttackChart } from './AttackChart';
import { ModeControl } from './ModeControl';
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
				<SectionErrorBoundary title={ __( 'Status', 'xmlrpc-shield' ) }>
					<StatusHeader status={ status.data } onChange={ refresh } />
				</SectionErrorBoundary>
			) }
			{ status.data && (
				<SectionErrorBoundary
					title={ __( 'Protection mode', 'xmlrpc-shield' ) }
				>
					<ModeControl
						mode={ status.data.mode }
						onApplied={ refresh }
					/>
				</SectionErrorBoundary>
			) }
			<SectionErrorBoundary
				title={ __( 'XML-RPC requests over time', 'xmlrpc-shield' ) }
			>
				<AttackChart refreshKey={ refreshKey } />
			</SectionErrorBoundary>
			<div className="xmlrpc-shield-columns">
				<SectionErrorBoundary
					title={ __( 'Top offenders', 'xmlrpc-shield' ) }
				>
					<Offenders
						refreshKey={ refreshKey }
						onAllowlisted={ refresh }
					/>
				</SectionErrorBoundary>
				<SectionErrorBoundary
					title={ __( 'Allowlist', 'xmlrpc-shield' ) }
				>
					<AllowlistEditor
						refreshKey={ refreshKey }
						onChange={ refresh }
					/>
				</SectionErrorBoundary>
			</div>
			<SectionErrorBoundary
				title={ __( 'Recent requests', 'xmlrpc-shield' ) }
			>
				<RecentHits refreshKey={ refreshKey } />
			</SectionErrorBoundary>
			<SectionErrorBoundary
				title={ __( 'Server rules and firewall', 'xmlrpc-shield' ) }
			>
				<ServerRules refreshKey={ refreshKey } onChange={ refresh } />
			</SectionErrorBoundary>
			<SectionErrorBoundary title={ __( 'Settings', 'xmlrpc-shield' ) }>
				<SettingsForm refreshKey={ refreshKey } onSaved={ refresh } />
			</SectionErrorBoundary>
		</div>
	);
}
