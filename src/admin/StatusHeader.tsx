/**
 * At a glance: the mode (changeable), what was blocked, and which layers are installed.
 */
import { Button, Notice, SelectControl, Spinner } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { api, ApiError, toApiError } from '../api/client';
import type { Mode, Status } from '../api/types';
import { formatNumber, modeLabel } from '../common/format';

const MODES: Mode[] = [ 'block', 'pingback', 'monitor', 'off' ];

const MODE_HELP: Record< Mode, string > = {
	block: __(
		'Every XML-RPC request gets 403 unless the client is allowlisted.',
		'xmlrpc-shield'
	),
	pingback: __(
		'XML-RPC works (apps, Jetpack); pingbacks and system.multicall are refused.',
		'xmlrpc-shield'
	),
	monitor: __(
		'Nothing is blocked; every XML-RPC request is logged.',
		'xmlrpc-shield'
	),
	off: __( 'XML-RPC Shield does nothing.', 'xmlrpc-shield' ),
};

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
	const [ saving, setSaving ] = useState( false );
	const [ gateBusy, setGateBusy ] = useState( false );
	const [ message, setMessage ] = useState< {
		ok: boolean;
		text: string;
	} | null >( null );

	const changeMode = async ( mode: string ) => {
		setSaving( true );
		setMessage( null );
		try {
			const saved = await api.saveSettings( { mode: mode as Mode } );
			setMessage( {
				ok: true,
				text: sprintf(
					/* translators: %s: the mode's name. */
					__( 'Mode changed to %s.', 'xmlrpc-shield' ),
					modeLabel( saved.mode )
				),
			} );
			onChange();
		} catch ( error ) {
			setMessage( { ok: false, text: toApiError( error ).message } );
		} finally {
			setSaving( false );
		}
	};

	const toggleEarlyGate = async () => {
		setGateBusy( true );
		setMessage( null );
		try {
			const result = status.early_gate.installed
				? await api.removeEarlyGate()
				: await api.installEarlyGate( 'auto' );
			setMessage( {
				ok: true,
				text:
					result.message ??
					( status.early_gate.installed
						? __( 'Early gate removed.', 'xmlrpc-shield' )
						: __( 'Early gate installed.', 'xmlrpc-shield' ) ),
			} );
			onChange();
		} catch ( error ) {
			setMessage( {
				ok: false,
				text: ( error as ApiError ).message ?? String( error ),
			} );
		} finally {
			setGateBusy( false );
		}
	};

	return (
		<div className="xmlrpc-shield-status">
			<div className="xmlrpc-shield-status__mode">
				<SelectControl
					label={ __( 'Mode', 'xmlrpc-shield' ) }
					value={ status.mode }
					options={ MODES.map( ( mode ) => ( {
						value: mode,
						label: modeLabel( mode ),
					} ) ) }
					onChange={ changeMode }
					disabled={ saving }
					help={ MODE_HELP[ status.mode ] }
					__nextHasNoMarginBottom
				/>
				{ saving && <Spinner /> }
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
						<Button
							variant="link"
							onClick={ toggleEarlyGate }
							isBusy={ gateBusy }
							disabled={ gateBusy }
						>
							{ status.early_gate.installed
								? __( 'Remove', 'xmlrpc-shield' )
								: __( 'Install', 'xmlrpc-shield' ) }
						</Button>
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
			{ message && (
				<Notice
					status={ message.ok ? 'success' : 'error' }
					onRemove={ () => setMessage( null ) }
				>
					{ message.text }
				</Notice>
			) }
		</div>
	);
}
