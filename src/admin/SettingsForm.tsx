/**
 * Settings: mode, log retention and size, trusted proxies.
 */
import {
	Button,
	Notice,
	SelectControl,
	TextareaControl,
	TextControl,
	ToggleControl,
} from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { api, toApiError } from '../api/client';
import type { Mode, ProxyHeader, Settings } from '../api/types';
import { proxyError } from '../common/cidr';
import { modeLabel } from '../common/format';
import { Section } from '../common/Section';
import { useResource } from '../common/useResource';

/** Header names as sent on the wire (not translated). */
const PROXY_HEADER_NAMES: Record< ProxyHeader, string > = {
	'x-forwarded-for': 'X-Forwarded-For',
	'cf-connecting-ip': 'CF-Connecting-IP',
};

export function SettingsForm( {
	refreshKey,
	onSaved,
	networkManaged = false,
}: {
	refreshKey: number;
	onSaved: () => void;
	/** Trusted proxies are the network administrator's: not shown, not sent. */
	networkManaged?: boolean;
} ) {
	const settings = useResource< Settings >(
		() => api.settings(),
		[ refreshKey ]
	);
	const [ draft, setDraft ] = useState< Settings | null >( null );
	const [ proxies, setProxies ] = useState( '' );
	const [ busy, setBusy ] = useState( false );
	const [ notice, setNotice ] = useState< {
		ok: boolean;
		text: string;
	} | null >( null );

	useEffect( () => {
		if ( settings.data ) {
			setDraft( settings.data );
			setProxies( settings.data.trusted_proxies.join( '\n' ) );
		}
	}, [ settings.data ] );

	const proxyList = proxies
		.split( /[\s,]+/ )
		.map( ( line ) => line.trim() )
		.filter( Boolean );
	const badProxy = proxyList.find(
		( entry ) => proxyError( entry ) !== null
	);
	const savedProxies = settings.data?.proxy_headers ?? [];

	const save = async ( changes: Partial< Settings >, done: string ) => {
		setBusy( true );
		setNotice( null );
		try {
			const saved = await api.saveSettings( changes );
			settings.setData( saved );
			setNotice( { ok: true, text: done } );
			onSaved();
		} catch ( error ) {
			setNotice( { ok: false, text: toApiError( error ).message } );
		} finally {
			setBusy( false );
		}
	};

	const cloudflare = async () => {
		setBusy( true );
		setNotice( null );
		try {
			const saved = await api.addProxyPreset( 'cloudflare' );
			settings.setData( saved );
			setNotice( {
				ok: true,
				text: __(
					'Cloudflare ranges added to the trusted proxies.',
					'xmlrpc-shield'
				),
			} );
			onSaved();
		} catch ( error ) {
			setNotice( { ok: false, text: toApiError( error ).message } );
		} finally {
			setBusy( false );
		}
	};

	return (
		<Section
			id="xmlrpc-shield-settings-title"
			title={ __( 'Settings', 'xmlrpc-shield' ) }
			loading={ settings.loading && ! settings.data }
			error={ settings.error }
			onRetry={ settings.reload }
		>
			{ notice && (
				<Notice
					status={ notice.ok ? 'success' : 'error' }
					onRemove={ () => setNotice( null ) }
				>
					{ notice.text }
				</Notice>
			) }
			{ draft && (
				<form
					className="xmlrpc-shield-settings"
					noValidate
					onSubmit={ ( event ) => {
						event.preventDefault();
						if ( badProxy ) {
							return;
						}
						save(
							{
								mode: draft.mode,
								retention_days: Number( draft.retention_days ),
								row_cap: Number( draft.row_cap ),
								log_enabled: draft.log_enabled,
								...( networkManaged
									? {}
									: { trusted_proxies: proxyList } ),
							},
							__( 'Settings saved.', 'xmlrpc-shield' )
						);
					} }
				>
					<SelectControl
						label={ __( 'Mode', 'xmlrpc-shield' ) }
						value={ draft.mode }
						options={ (
							[ 'block', 'pingback', 'monitor', 'off' ] as Mode[]
						 ).map( ( mode ) => ( {
							value: mode,
							label: modeLabel( mode ),
						} ) ) }
						onChange={ ( value ) =>
							setDraft( { ...draft, mode: value as Mode } )
						}
					/>
					<ToggleControl
						label={ __(
							'Log blocked and monitored requests',
							'xmlrpc-shield'
						) }
						checked={ draft.log_enabled }
						onChange={ ( checked ) =>
							setDraft( { ...draft, log_enabled: checked } )
						}
					/>
					<TextControl
						label={ __(
							'Keep the log for (days)',
							'xmlrpc-shield'
						) }
						type="number"
						min={ 1 }
						max={ 365 }
						value={ draft.retention_days }
						onChange={ ( value ) =>
							setDraft( {
								...draft,
								retention_days: Number( value ),
							} )
						}
					/>
					<TextControl
						label={ __( 'Most rows in the log', 'xmlrpc-shield' ) }
						help={ __(
							'Oldest rows go first when the log is full.',
							'xmlrpc-shield'
						) }
						type="number"
						min={ 1000 }
						value={ draft.row_cap }
						onChange={ ( value ) =>
							setDraft( { ...draft, row_cap: Number( value ) } )
						}
					/>
					{ ! networkManaged && (
						<>
							<TextareaControl
								label={ __(
									'Trusted proxies (one range per line)',
									'xmlrpc-shield'
								) }
								help={
									badProxy
										? `${ badProxy }: ${
												proxyError( badProxy ) ?? ''
										  }`
										: __(
												'Only requests from these addresses may name the client: Cloudflare’s edge ranges in CF-Connecting-IP, any other proxy in X-Forwarded-For.',
												'xmlrpc-shield'
										  )
								}
								rows={ 4 }
								value={ proxies }
								onChange={ setProxies }
							/>
							{ savedProxies.length > 0 && (
								<ul
									className="xmlrpc-shield-proxy-headers"
									aria-label={ __(
										'The header each saved proxy is believed for',
										'xmlrpc-shield'
									) }
								>
									{ savedProxies.map( ( entry ) => (
										<li key={ entry.cidr }>
											<code>{ entry.cidr }</code>
											{ ': ' }
											{
												PROXY_HEADER_NAMES[
													entry.header
												]
											}
										</li>
									) ) }
								</ul>
							) }
							<p>
								<Button
									variant="secondary"
									onClick={ cloudflare }
									disabled={ busy }
								>
									{ __(
										'Add Cloudflare ranges',
										'xmlrpc-shield'
									) }
								</Button>
							</p>
						</>
					) }
					<Button
						variant="primary"
						type="submit"
						isBusy={ busy }
						disabled={ busy || badProxy !== undefined }
					>
						{ __( 'Save settings', 'xmlrpc-shield' ) }
					</Button>
				</form>
			) }
		</Section>
	);
}
