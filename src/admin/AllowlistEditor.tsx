/**
 * The allowlist: add with inline validation and a label, remove with confirmation, presets.
 */
import { Button, Notice, TextControl } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { api, toApiError } from '../api/client';
import type { AllowlistEntry, AllowlistPreset } from '../api/types';
import { cidrError } from '../common/cidr';
import { formatTime } from '../common/format';
import { Section } from '../common/Section';
import { useResource } from '../common/useResource';

function sourceLabel( source: string ): string {
	switch ( source ) {
		case 'preset:server':
			return __( 'This server', 'xmlrpc-shield' );
		case 'preset:server-network':
			return __( 'This server’s network', 'xmlrpc-shield' );
		case 'preset:jetpack':
			return __( 'Jetpack', 'xmlrpc-shield' );
		default:
			return __( 'Added by hand', 'xmlrpc-shield' );
	}
}

export function AllowlistEditor( {
	refreshKey,
	onChange,
}: {
	refreshKey: number;
	onChange: () => void;
} ) {
	const list = useResource< AllowlistEntry[] >(
		() => api.allowlist(),
		[ refreshKey ]
	);
	const [ cidr, setCidr ] = useState( '' );
	const [ label, setLabel ] = useState( '' );
	const [ touched, setTouched ] = useState( false );
	const [ busy, setBusy ] = useState( false );
	const [ confirming, setConfirming ] = useState( '' );
	const [ notice, setNotice ] = useState< {
		ok: boolean;
		text: string;
	} | null >( null );

	const inlineError = touched ? cidrError( cidr ) : null;

	const run = async ( work: () => Promise< string > ) => {
		setBusy( true );
		setNotice( null );
		try {
			setNotice( { ok: true, text: await work() } );
			list.reload();
			onChange();
		} catch ( error ) {
			setNotice( { ok: false, text: toApiError( error ).message } );
		} finally {
			setBusy( false );
		}
	};

	const add = ( event: { preventDefault: () => void } ) => {
		event.preventDefault();
		setTouched( true );
		if ( cidrError( cidr ) ) {
			return;
		}
		run( async () => {
			const entry = await api.addAllowlist( cidr.trim(), label.trim() );
			setCidr( '' );
			setLabel( '' );
			setTouched( false );
			return sprintf(
				/* translators: %s: an IP address or range. */
				__( 'Added %s to the allowlist.', 'xmlrpc-shield' ),
				entry.cidr
			);
		} );
	};

	const remove = ( entry: AllowlistEntry ) =>
		run( async () => {
			await api.removeAllowlist( entry.cidr );
			setConfirming( '' );
			return sprintf(
				/* translators: %s: an IP address or range. */
				__( 'Removed %s from the allowlist.', 'xmlrpc-shield' ),
				entry.cidr
			);
		} );

	const preset = ( name: AllowlistPreset ) =>
		run( async () => {
			const result = await api.addPreset( name );
			return sprintf(
				/* translators: %d: number of ranges added. */
				__( 'Added %d ranges.', 'xmlrpc-shield' ),
				result.added
			);
		} );

	const entries = list.data ?? [];
	return (
		<Section
			id="xmlrpc-shield-allowlist-title"
			title={ __( 'Allowlist', 'xmlrpc-shield' ) }
			loading={ list.loading && ! list.data }
			error={ list.error }
			onRetry={ list.reload }
		>
			<p>
				{ __(
					'Addresses here always reach XML-RPC, in every mode: your own servers, the networks you publish from.',
					'xmlrpc-shield'
				) }{ ' ' }
				{ __(
					"A connected Jetpack needs no entry: its requests are signed with the site's Jetpack token, and those that verify pass in every mode. Jetpack's address ranges change; add them only where a web-server rule refuses XML-RPC before WordPress runs.",
					'xmlrpc-shield'
				) }
			</p>
			{ notice && (
				<Notice
					status={ notice.ok ? 'success' : 'error' }
					onRemove={ () => setNotice( null ) }
				>
					{ notice.text }
				</Notice>
			) }
			<form
				className="xmlrpc-shield-allowlist__form"
				onSubmit={ add }
				noValidate
			>
				<TextControl
					label={ __( 'IP address or CIDR range', 'xmlrpc-shield' ) }
					value={ cidr }
					placeholder="192.0.2.0/24"
					onChange={ ( value ) => {
						setCidr( value );
						setTouched( value !== '' );
					} }
					aria-invalid={ inlineError !== null }
					help={ inlineError ?? undefined }
					className={
						inlineError ? 'xmlrpc-shield-invalid' : undefined
					}
					__nextHasNoMarginBottom
					__next40pxDefaultSize
				/>
				<TextControl
					label={ __( 'Label (optional)', 'xmlrpc-shield' ) }
					value={ label }
					onChange={ setLabel }
					__nextHasNoMarginBottom
					__next40pxDefaultSize
				/>
				<Button
					variant="primary"
					type="submit"
					isBusy={ busy }
					disabled={ busy }
				>
					{ __( 'Add to allowlist', 'xmlrpc-shield' ) }
				</Button>
			</form>
			<p className="xmlrpc-shield-allowlist__presets">
				<Button
					variant="secondary"
					onClick={ () => preset( 'server' ) }
					disabled={ busy }
				>
					{ __( 'Add this server', 'xmlrpc-shield' ) }
				</Button>
				<Button
					variant="secondary"
					onClick={ () => preset( 'jetpack' ) }
					disabled={ busy }
				>
					{ __( 'Add Jetpack', 'xmlrpc-shield' ) }
				</Button>
			</p>
			<p className="xmlrpc-shield-allowlist__presets">
				{ __(
					'“Add this server” adds only its own addresses. Its whole network (/24 or /64) may hold a proxy on the same host or a Docker network’s gateway, through which every client would pass, or other customers of your cloud: add it only if you mean that.',
					'xmlrpc-shield'
				) }{ ' ' }
				<Button
					variant="tertiary"
					onClick={ () => preset( 'server-network' ) }
					disabled={ busy }
				>
					{ __( 'Add this server’s network', 'xmlrpc-shield' ) }
				</Button>
			</p>
			{ list.data && entries.length === 0 && (
				<p className="xmlrpc-shield-empty">
					{ __( 'The allowlist is empty.', 'xmlrpc-shield' ) }
				</p>
			) }
			{ entries.length > 0 && (
				<table className="widefat striped xmlrpc-shield-table">
					<thead>
						<tr>
							<th scope="col">
								{ __( 'Range', 'xmlrpc-shield' ) }
							</th>
							<th scope="col">
								{ __( 'Label', 'xmlrpc-shield' ) }
							</th>
							<th scope="col">
								{ __( 'Source', 'xmlrpc-shield' ) }
							</th>
							<th scope="col">
								{ __( 'Added', 'xmlrpc-shield' ) }
							</th>
							<th scope="col">
								{ __( 'Actions', 'xmlrpc-shield' ) }
							</th>
						</tr>
					</thead>
					<tbody>
						{ entries.map( ( entry ) => (
							<tr key={ entry.cidr }>
								<td>
									<code>{ entry.cidr }</code>
								</td>
								<td>{ entry.label }</td>
								<td>{ sourceLabel( entry.source ) }</td>
								<td>
									{ entry.created
										? formatTime( entry.created, true )
										: '—' }
								</td>
								<td className="xmlrpc-shield-actions">
									{ confirming === entry.cidr ? (
										<>
											<span>
												{ __(
													'Remove?',
													'xmlrpc-shield'
												) }{ ' ' }
											</span>
											<Button
												variant="secondary"
												isDestructive
												size="small"
												onClick={ () =>
													remove( entry )
												}
												disabled={ busy }
											>
												{ __(
													'Yes, remove',
													'xmlrpc-shield'
												) }
											</Button>
											<Button
												variant="tertiary"
												size="small"
												onClick={ () =>
													setConfirming( '' )
												}
											>
												{ __(
													'Cancel',
													'xmlrpc-shield'
												) }
											</Button>
										</>
									) : (
										<Button
											variant="tertiary"
											isDestructive
											size="small"
											onClick={ () =>
												setConfirming( entry.cidr )
											}
											label={ sprintf(
												/* translators: %s: an IP address or range. */
												__(
													'Remove %s',
													'xmlrpc-shield'
												),
												entry.cidr
											) }
										>
											{ __( 'Remove', 'xmlrpc-shield' ) }
										</Button>
									) }
								</td>
							</tr>
						) ) }
					</tbody>
				</table>
			) }
		</Section>
	);
}
