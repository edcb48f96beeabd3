/**
 * Automatic escalation, told to the owner who decides: what it installed, when, why (with the
 * figures), which files, how to undo it (button and WP-CLI line), and the on/off setting,
 * applied only by an explicit button. Reads GET /autopilot (the autopilot contract,
 * docs/REST.md); the list of events is also the chart markers' text alternative.
 */
import { Button, ToggleControl } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { api } from '../api/client';
import type { Autopilot, AutopilotEvent } from '../api/types';
import type { ReactNode } from 'react';

import { autopilotStateText, eventTitle } from '../common/autopilot';
import { REMOVE_EARLY_GATE_COMMAND } from '../common/earlyGate';
import { Section } from '../common/Section';
import { TableScroll } from '../common/TableScroll';
import { ColumnHeads } from '../common/ColumnHeads';
import { formatSiteTime } from '../common/siteTime';
import { ActionNotice, useAction } from '../common/useAction';
import type { Resource } from '../common/useResource';
import { RemoveEarlyGate } from './RemoveEarlyGate';

interface Props {
	autopilot: Resource< Autopilot | null >;
	/** Whether the early gate is installed now (GET /status). */
	gateInstalled: boolean;
	/** Whether this user may remove it here (protection.actions.remove_early_gate). */
	canRemove: boolean;
	onChange: () => void;
}

function LatestInstall( {
	event,
	undo,
}: {
	event: AutopilotEvent;
	undo: ReactNode;
} ) {
	return (
		<dl
			className="xmlrpc-shield-autopilot__install"
			data-testid="autopilot-install"
		>
			<dt>{ __( 'What', 'xmlrpc-shield' ) }</dt>
			<dd>{ eventTitle( event ) }</dd>
			<dt>{ __( 'When', 'xmlrpc-shield' ) }</dt>
			<dd>{ formatSiteTime( event.at, true ) }</dd>
			<dt>{ __( 'Why', 'xmlrpc-shield' ) }</dt>
			<dd>{ event.reason }</dd>
			<dt>{ __( 'Files', 'xmlrpc-shield' ) }</dt>
			<dd>
				{ event.files.length === 0 ? (
					__( 'None listed', 'xmlrpc-shield' )
				) : (
					<ul>
						{ event.files.map( ( file ) => (
							<li key={ file }>
								<code>{ file }</code>
							</li>
						) ) }
					</ul>
				) }
			</dd>
			<dt>{ __( 'Undo', 'xmlrpc-shield' ) }</dt>
			<dd>{ undo }</dd>
		</dl>
	);
}

export function AutopilotPanel( {
	autopilot,
	gateInstalled,
	canRemove,
	onChange,
}: Props ) {
	const data = autopilot.data;
	const [ choice, setChoice ] = useState< boolean | null >( null );
	const toggle = useAction();
	const removal = useAction();

	// A reload (another tab, WP-CLI) shows the stored setting again; a choice not applied goes.
	useEffect( () => setChoice( null ), [ data?.enabled ] );

	const chosen = choice ?? data?.enabled ?? false;

	const apply = () =>
		toggle.run( async () => {
			const saved = await api.setAutopilot( chosen );
			autopilot.setData( saved );
			setChoice( null );
			onChange();
			if ( saved.message ) {
				return saved.message;
			}
			return saved.enabled
				? __( 'Automatic escalation is on.', 'xmlrpc-shield' )
				: __(
						'Automatic escalation is off: nothing will be installed by itself.',
						'xmlrpc-shield'
				  );
		} );

	// The newest install is what the panel explains (its files and reason); "verified" and
	// later events follow it in the history below.
	const latest = data?.events.find( ( event ) => event.kind === 'installed' );

	const undo = (
		<>
			{ gateInstalled && canRemove && (
				<div>
					<RemoveEarlyGate
						onRemoved={ () => {
							autopilot.reload();
							onChange();
						} }
						action={ removal }
					/>
				</div>
			) }
			<ActionNotice action={ removal } />
			{ ! gateInstalled && (
				<p>{ __( 'It is no longer installed.', 'xmlrpc-shield' ) }</p>
			) }
			<p>
				{ __( 'Or from a terminal:', 'xmlrpc-shield' ) }{ ' ' }
				<code>{ REMOVE_EARLY_GATE_COMMAND }</code>
			</p>
		</>
	);

	return (
		<Section
			id="xmlrpc-shield-autopilot-title"
			title={ __( 'Automatic escalation', 'xmlrpc-shield' ) }
			loading={ autopilot.loading && ! data }
			error={ autopilot.error }
			onRetry={ autopilot.reload }
		>
			{ data && (
				<>
					<p data-testid="autopilot-state">
						{ autopilotStateText( data.state ) }
						{ data.next_attempt_at !== null &&
							data.next_attempt_at > 0 &&
							' ' +
								sprintf(
									/* translators: %s: time on the site's clock. */
									__( 'Next attempt: %s.', 'xmlrpc-shield' ),
									formatSiteTime( data.next_attempt_at, true )
								) }
					</p>
					{ latest ? (
						<LatestInstall event={ latest } undo={ undo } />
					) : (
						<p className="xmlrpc-shield-empty">
							{ __(
								'Automatic escalation has not installed anything on this site.',
								'xmlrpc-shield'
							) }
						</p>
					) }
					<form
						className="xmlrpc-shield-autopilot__setting"
						onSubmit={ ( event ) => {
							event.preventDefault();
							apply();
						} }
					>
						<ToggleControl
							label={ __(
								'Install the early gate by itself when this server needs it',
								'xmlrpc-shield'
							) }
							help={ __(
								'It checks every install with a test request and rolls back on any doubt. What you remove is never installed again by itself.',
								'xmlrpc-shield'
							) }
							checked={ chosen }
							onChange={ ( value ) => setChoice( value ) }
							__nextHasNoMarginBottom
						/>
						<p>
							<Button
								variant="primary"
								type="submit"
								isBusy={ toggle.busy }
								disabled={
									toggle.busy || chosen === data.enabled
								}
								accessibleWhenDisabled
								__next40pxDefaultSize
							>
								{ __( 'Apply', 'xmlrpc-shield' ) }
							</Button>
						</p>
						<ActionNotice action={ toggle } />
					</form>
					{ data.events.length > 0 && (
						<TableScroll
							label={ __(
								'What automatic escalation did',
								'xmlrpc-shield'
							) }
						>
							<table className="widefat striped xmlrpc-shield-autopilot__events">
								<caption>
									{ __(
										'What automatic escalation did, newest first',
										'xmlrpc-shield'
									) }
								</caption>
								<ColumnHeads
									columns={ [
										__( 'When', 'xmlrpc-shield' ),
										__( 'What', 'xmlrpc-shield' ),
										__( 'Why', 'xmlrpc-shield' ),
									] }
								/>
								<tbody data-testid="autopilot-events">
									{ data.events.map( ( event, index ) => (
										<tr key={ `${ event.at }-${ index }` }>
											<td>
												{ formatSiteTime(
													event.at,
													true
												) }
											</td>
											<td>{ eventTitle( event ) }</td>
											<td>{ event.reason }</td>
										</tr>
									) ) }
								</tbody>
							</table>
						</TableScroll>
					) }
				</>
			) }
		</Section>
	);
}
