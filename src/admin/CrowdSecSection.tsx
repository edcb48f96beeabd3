/**
 * Fleet-wide blocking through CrowdSec: the Local API settings, "Test connection", "Push now",
 * and what the pushes did (last success, last error and the next attempt, networks pushed).
 * The state comes from WP-Cron's minutely push; this section only reads it, except for its
 * two buttons. Network-level: the page shows it to whoever manages the server rules.
 */
import {
	Button,
	Notice,
	TextControl,
	ToggleControl,
} from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import {
	crowdsecApi,
	type CrowdSec,
	type CrowdSecChanges,
	type CrowdSecSettings,
} from '../api/crowdsec';
import { DataTable } from '../common/DataTable';
import { formatNumber } from '../common/format';
import { Section } from '../common/Section';
import { ActionNotice, useAction } from '../common/useAction';
import { useResource } from '../common/useResource';
import { formatSiteTime } from '../common/siteTime';

interface Draft {
	enabled: boolean;
	url: string;
	machine_id: string;
	password: string;
	threshold: string;
	duration_hours: string;
}

function draftOf( settings: CrowdSecSettings ): Draft {
	return {
		enabled: settings.enabled,
		url: settings.url,
		machine_id: settings.machine_id,
		password: '',
		threshold: String( settings.threshold ),
		duration_hours: String( settings.duration_hours ),
	};
}

export function CrowdSecSection( { refreshKey }: { refreshKey: number } ) {
	const crowdsec = useResource< CrowdSec >(
		() => crowdsecApi.get(),
		[ refreshKey ]
	);
	const [ draft, setDraft ] = useState< Draft | null >( null );
	const action = useAction();

	useEffect( () => {
		// The first answer fills the form; later reloads (other sections' changes) leave edits alone.
		if ( crowdsec.data && draft === null ) {
			setDraft( draftOf( crowdsec.data.settings ) );
		}
	}, [ crowdsec.data, draft ] );

	const update = ( changes: Partial< Draft > ) =>
		setDraft( ( old ) => ( old ? { ...old, ...changes } : old ) );

	const save = () =>
		action.run( async () => {
			if ( ! draft ) {
				return '';
			}
			const changes: CrowdSecChanges = {
				enabled: draft.enabled,
				url: draft.url,
				machine_id: draft.machine_id,
				threshold: Number( draft.threshold ),
				duration_hours: Number( draft.duration_hours ),
				// Empty keeps the saved password.
				...( draft.password !== ''
					? { password: draft.password }
					: {} ),
			};
			const saved = await crowdsecApi.save( changes );
			crowdsec.setData( saved );
			setDraft( draftOf( saved.settings ) );
			return __( 'CrowdSec settings saved.', 'xmlrpc-shield' );
		} );

	const test = () =>
		action.run( async () => {
			const result = await crowdsecApi.test();
			if ( ! result.ok ) {
				throw new Error( result.message );
			}
			return result.message;
		} );

	const push = () =>
		action.run( async () => {
			const answer = await crowdsecApi.push();
			crowdsec.setData( answer );
			if ( answer.report && ! answer.report.ok ) {
				throw new Error( answer.report.message );
			}
			return answer.report?.message ?? '';
		} );

	const settings = crowdsec.data?.settings;
	const state = crowdsec.data?.state;
	const busy = action.busy;

	return (
		<Section
			id="xmlrpc-shield-crowdsec-title"
			title={ __( 'Fleet-wide blocking with CrowdSec', 'xmlrpc-shield' ) }
			loading={ crowdsec.loading && ! crowdsec.data }
			error={ crowdsec.error }
			onRetry={ crowdsec.reload }
		>
			<p>
				{ __(
					'Every minute, the networks in the firewall blocklist (same rules: the threshold below, never an allowlisted, trusted-proxy, private or reserved network, nor this server) are sent to your CrowdSec Local API as ban decisions, so the firewall bouncers on all your servers drop them. A network that keeps flooding is renewed; one that stopped is left to expire. Create the machine login on the CrowdSec host with: cscli machines add <name> --password <password>',
					'xmlrpc-shield'
				) }
			</p>
			<ActionNotice action={ action } />
			{ state && settings && (
				<CrowdSecState state={ state } enabled={ settings.enabled } />
			) }
			{ draft && settings && (
				<form
					className="xmlrpc-shield-crowdsec"
					noValidate
					onSubmit={ ( event ) => {
						event.preventDefault();
						save();
					} }
				>
					<ToggleControl
						__nextHasNoMarginBottom
						label={ __(
							'Push blocked networks to CrowdSec every minute',
							'xmlrpc-shield'
						) }
						checked={ draft.enabled }
						onChange={ ( enabled ) => update( { enabled } ) }
					/>
					<TextControl
						__nextHasNoMarginBottom
						__next40pxDefaultSize
						label={ __( 'Local API URL', 'xmlrpc-shield' ) }
						help={ __(
							'For example http://127.0.0.1:8080/ (the api.server.listen_uri of the CrowdSec host).',
							'xmlrpc-shield'
						) }
						type="url"
						value={ draft.url }
						onChange={ ( url ) => update( { url } ) }
					/>
					<TextControl
						__nextHasNoMarginBottom
						__next40pxDefaultSize
						label={ __( 'Machine name', 'xmlrpc-shield' ) }
						value={ draft.machine_id }
						onChange={ ( machine ) =>
							update( { machine_id: machine } )
						}
					/>
					<TextControl
						__nextHasNoMarginBottom
						__next40pxDefaultSize
						label={ __( 'Machine password', 'xmlrpc-shield' ) }
						help={
							settings.password_set
								? __(
										'A password is saved. Leave this empty to keep it.',
										'xmlrpc-shield'
								  )
								: __(
										'No password saved yet.',
										'xmlrpc-shield'
								  )
						}
						type="password"
						autoComplete="new-password"
						value={ draft.password }
						onChange={ ( password ) => update( { password } ) }
					/>
					<TextControl
						__nextHasNoMarginBottom
						__next40pxDefaultSize
						label={ __(
							'Threshold (blocked requests per hour from one network)',
							'xmlrpc-shield'
						) }
						type="number"
						min={ 1 }
						value={ draft.threshold }
						onChange={ ( threshold ) => update( { threshold } ) }
					/>
					<TextControl
						__nextHasNoMarginBottom
						__next40pxDefaultSize
						label={ __( 'Ban length (hours)', 'xmlrpc-shield' ) }
						type="number"
						min={ 1 }
						value={ draft.duration_hours }
						onChange={ ( hours ) =>
							update( { duration_hours: hours } )
						}
					/>
					<div className="xmlrpc-shield-crowdsec__buttons">
						<Button
							variant="primary"
							type="submit"
							isBusy={ busy }
							disabled={ busy }
							accessibleWhenDisabled
						>
							{ __( 'Save CrowdSec settings', 'xmlrpc-shield' ) }
						</Button>
						{ [
							{
								text: __( 'Test connection', 'xmlrpc-shield' ),
								onClick: test,
							},
							{
								text: __( 'Push now', 'xmlrpc-shield' ),
								onClick: push,
							},
						].map( ( button ) => (
							<Button
								key={ button.text }
								variant="secondary"
								onClick={ button.onClick }
								disabled={ busy }
								accessibleWhenDisabled
							>
								{ button.text }
							</Button>
						) ) }
					</div>
				</form>
			) }
		</Section>
	);
}

/**
 * What the pushes did: the last success, the last error with the next attempt, the networks
 * with a decision still running.
 *
 * @param props         Props.
 * @param props.state   The push state.
 * @param props.enabled Whether pushing is on.
 */
function CrowdSecState( {
	state,
	enabled,
}: {
	state: CrowdSec[ 'state' ];
	enabled: boolean;
} ) {
	return (
		<div className="xmlrpc-shield-crowdsec-state">
			<p>
				{ state.last_success_at === null
					? __( 'Nothing pushed yet.', 'xmlrpc-shield' )
					: sprintf(
							/* translators: %s: date and time. */
							__( 'Last successful push: %s.', 'xmlrpc-shield' ),
							formatSiteTime( state.last_success_at, true )
					  ) }{ ' ' }
				{ ! enabled &&
					__(
						'Pushing is off: decisions already sent run out by themselves.',
						'xmlrpc-shield'
					) }
			</p>
			{ state.last_error !== '' && (
				<Notice status="warning" isDismissible={ false }>
					<p>
						{ sprintf(
							/* translators: 1: date and time, 2: the error. */
							__(
								'The last push failed (%1$s): %2$s',
								'xmlrpc-shield'
							),
							formatSiteTime( state.last_error_at, true ),
							state.last_error
						) }
					</p>
					{ state.next_attempt_at !== null && (
						<p>
							{ sprintf(
								/* translators: 1: number of failures, 2: date and time. */
								_n(
									'%1$s failure in a row; next attempt %2$s. Blocking on this site is not affected.',
									'%1$s failures in a row; next attempt %2$s. Blocking on this site is not affected.',
									state.failures,
									'xmlrpc-shield'
								),
								formatNumber( state.failures ),
								formatSiteTime( state.next_attempt_at, true )
							) }
						</p>
					) }
				</Notice>
			) }
			{ state.networks.length === 0 ? (
				<p className="xmlrpc-shield-empty">
					{ __(
						'No network has a decision from this site right now.',
						'xmlrpc-shield'
					) }
				</p>
			) : (
				<DataTable
					label={ __(
						'Networks pushed to CrowdSec',
						'xmlrpc-shield'
					) }
					caption={ __(
						'Networks with a CrowdSec decision from this site',
						'xmlrpc-shield'
					) }
					columns={ [
						__( 'Network', 'xmlrpc-shield' ),
						{
							label: __( 'Blocked (hour)', 'xmlrpc-shield' ),
							numeric: true,
						},
						__( 'Pushed', 'xmlrpc-shield' ),
						__( 'Ban until', 'xmlrpc-shield' ),
					] }
				>
					{ state.networks.map( ( network ) => (
						<tr key={ network.cidr }>
							<td>
								<code>{ network.cidr }</code>
							</td>
							<td className="num">
								{ formatNumber( network.hits ) }
							</td>
							<td>
								{ formatSiteTime( network.pushed_at, true ) }
							</td>
							<td>{ formatSiteTime( network.until, true ) }</td>
						</tr>
					) ) }
				</DataTable>
			) }
		</div>
	);
}
