/**
 * At a glance: the mode (changed in "Protection mode" below) and what was blocked. Which
 * layers are on is the "Protection level" section's (ProtectionSummary).
 */
import { __ } from '@wordpress/i18n';

import type { Status } from '../api/types';
import { formatNumber } from '../common/format';
import { modeLabel } from '../common/modes';

export function StatusHeader( { status }: { status: Status } ) {
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
		</div>
	);
}
