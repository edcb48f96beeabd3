/**
 * The admin page: status, mode, chart, offenders, allowlist and denylist, server rules, CrowdSec, settings. A change in one section
 * refreshes the others through a shared counter; a fault in one section stays in that section
 * (SectionErrorBoundary). On a network, a sub-site's page leaves out what the network
 * administrator manages (early gate, server rules, trusted proxies).
 */
import { Notice, Spinner } from '@wordpress/components';
import { useCallback, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { api } from '../api/client';
import type { Autopilot, Status } from '../api/types';
import { SectionErrorBoundary } from '../common/SectionErrorBoundary';
import { useResource } from '../common/useResource';
import { AllowlistEditor } from './AllowlistEditor';
import { AttackChart } from './AttackChart';
import { AutopilotPanel } from './AutopilotPanel';
import { CrowdSecSection } from './CrowdSecSection';
import { Lockouts } from './Lockouts';
import { DenylistEditor } from './DenylistEditor';
import { LogIngest } from './LogIngest';
import { ModeControl } from './ModeControl';
import { Offenders } from './Offenders';
import { RecentHits } from './RecentHits';
import { ProtectionSummary } from './ProtectionSummary';
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
	// Automatic escalation belongs to the network: asked for only once the status says this
	// user manages it here, and that this version has it (status.autopilot).
	const managesNetwork =
		status.data !== null &&
		! networkManaged &&
		status.data.autopilot !== undefined;
	const autopilot = useResource< Autopilot | null >(
		() => ( managesNetwork ? api.autopilot() : Promise.resolve( null ) ),
		[ refreshKey, managesNetwork ]
	);

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
					<StatusHeader status={ status.data } />
				</SectionErrorBoundary>
			) }
			{ status.data && (
				<SectionErrorBoundary
					title={ __( 'Protection level', 'xmlrpc-shield' ) }
				>
					<ProtectionSummary
						protection={ status.data.protection }
						onChange={ refresh }
					/>
				</SectionErrorBoundary>
			) }
			{ managesNetwork && (
				<SectionErrorBoundary
					title={ __( 'Automatic escalation', 'xmlrpc-shield' ) }
				>
					<AutopilotPanel
						autopilot={ autopilot }
						gateInstalled={
							status.data?.early_gate.installed ?? false
						}
						canRemove={
							status.data?.protection.actions.remove_early_gate ??
							false
						}
						onChange={ refresh }
					/>
				</SectionErrorBoundary>
			) }
			<LogIngest status={ status.data } onIngested={ refresh } />
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
				<AttackChart
					refreshKey={ refreshKey }
					events={ autopilot.data?.events ?? [] }
				/>
			</SectionErrorBoundary>
			<div className="xmlrpc-shield-columns">
				<SectionErrorBoundary
					title={ __( 'Top offenders', 'xmlrpc-shield' ) }
				>
					<Offenders
						refreshKey={ refreshKey }
						onListChange={ refresh }
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
				<SectionErrorBoundary
					title={ __( 'Denylist', 'xmlrpc-shield' ) }
				>
					<DenylistEditor
						refreshKey={ refreshKey }
						onChange={ refresh }
					/>
				</SectionErrorBoundary>
			</div>
			<SectionErrorBoundary
				title={ __( 'Failed logins and lockouts', 'xmlrpc-shield' ) }
			>
				<Lockouts refreshKey={ refreshKey } onChange={ refresh } />
			</SectionErrorBoundary>
			<SectionErrorBoundary
				title={ __( 'Recent requests', 'xmlrpc-shield' ) }
			>
				<RecentHits refreshKey={ refreshKey } />
			</SectionErrorBoundary>
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
				<SectionErrorBoundary
					title={ __( 'Server rules and firewall', 'xmlrpc-shield' ) }
				>
					<ServerRules
						refreshKey={ refreshKey }
						onChange={ refresh }
					/>
				</SectionErrorBoundary>
			) }
			{ status.data && ! networkManaged && (
				<SectionErrorBoundary
					title={ __(
						'Fleet-wide blocking with CrowdSec',
						'xmlrpc-shield'
					) }
				>
					<CrowdSecSection refreshKey={ refreshKey } />
				</SectionErrorBoundary>
			) }
			<SectionErrorBoundary title={ __( 'Settings', 'xmlrpc-shield' ) }>
				<SettingsForm
					refreshKey={ refreshKey }
					onSaved={ refresh }
					networkManaged={ networkManaged }
				/>
			</SectionErrorBoundary>
		</div>
	);
}
