/**
 * At a glance: the mode (changed in "Protection mode" below), what was blocked, and which
 * layers are installed.
 */
import { Button } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

import { api } from '../api/client';
import type { Status } from '../api/types';
import { formatNumber } from '../common/format';
import { modeLabel } from '../common/modes';
import { ActionNotice, useAction } from '../common/useAction';

function serverRulesText( rules: Status[ 'server_rules' ] ): string {
	if ( ! rules.installed ) {
		return __( 'Not installed', 'xmlrpc-shield' );
	}
	return rules.in_sync
		? __( 'Installed, up to date', 'xmlrpc-shield' )
		: __( 'Installed, out of date', 'xmlrpc-shield' );
}

interface Props {
	status: Status;
	onChange: () => void;
}

export function StatusHeader( { status, onChange }: Props ) {
	const gate = useAction();

	const toggleEarlyGate = () =>
		gate.run( async () => {
			const result = status.early_gate.installed
				? await api.removeEarlyGate()
				: await api.installEarlyGate( 'auto' );
			onChange();
			return (
				result.message ??
				( status.early_gate.installed
					? __( 'Early gate removed.', 'xmlrpc-shield' )
					: __( 'Early gate installed.', 'xmlrpc-shield' ) )
			);
		} );

	return (
		<div className="xmlrpc-shield-status">
			<div className="xmlrpc-shield-status__mode">
				<p className="xmlrpc-shield-status__mode-name">
					{ __( 'Mode', 'xmlrpc-shield' ) }{ ' ' }
					<strong data-testid="status-mode">
						{ modeLabel( status.mode ) }
					</strong>
				</p>
			</div>
			<dl className="xmlrpc-shield-status__figures">
				<div>
					<dt>{ __( 'Blocked, last 24 hours', 'xmlrpc-shield' ) }</dt>
					<dd data-testid="blocked-24h">
						{ formatNumber( status.blocked_24h ) }
					</dd>
				</div>
				<div>
					<dt>{ __( 'Blocked, last 7 days', 'xmlrpc-shield' ) }</dt>
					<dd data-testid="blocked-7d">
						{ formatNumber( status.blocked_7d ) }
					</dd>
				</div>
				<div>
					<dt>{ __( 'Early gate', 'xmlrpc-shield' ) }</dt>
					<dd>
						{ status.early_gate.installed
							? sprintf(
									/* translators: %s: how it is installed, e.g. htaccess. */
									__( 'Installed (%s)', 'xmlrpc-shield' ),
									status.early_gate.method
							  )
							: __( 'Not installed', 'xmlrpc-shield' ) }{ ' ' }
						{ ! status.network_managed && (
							<Button
								variant="link"
								onClick={ toggleEarlyGate }
								isBusy={ gate.busy }
								disabled={ gate.busy }
							>
								{ status.early_gate.installed
									? __( 'Remove', 'xmlrpc-shield' )
									: __( 'Install', 'xmlrpc-shield' ) }
							</Button>
						) }
					</dd>
				</div>
				<div>
					<dt>{ __( 'Server rules', 'xmlrpc-shield' ) }</dt>
					<dd>
						{ ! status.server_rules.supported &&
							__(
								'Not available on this server',
								'xmlrpc-shield'
							) }
						{ status.server_rules.supported &&
							serverRulesText( status.server_rules ) }
					</dd>
				</div>
				<div>
					<dt>{ __( 'Jetpack', 'xmlrpc-shield' ) }</dt>
					<dd data-testid="jetpack">
						{ status.jetpack.connected
							? __(
									'Signed requests pass (connected)',
									'xmlrpc-shield'
							  )
							: __( 'Not connected', 'xmlrpc-shield' ) }
					</dd>
				</div>
			</dl>
			<ActionNotice action={ gate } />
		</div>
	);
}
