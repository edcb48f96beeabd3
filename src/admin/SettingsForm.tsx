/**
 * Settings: log retention and size, trusted proxies. (The mode has its own control, ModeControl.)
 * Edits not yet saved survive the refetches other sections trigger.
 */
import {
	Button,
	TextareaControl,
	TextControl,
	ToggleControl,
} from '@wordpress/components';
import { useEffect, useRef, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { api } from '../api/client';
import type { ProxyHeader, Settings } from '../api/types';
import { proxyError } from '../common/cidr';
import { Section } from '../common/Section';
import { ActionNotice, useAction } from '../common/useAction';
import { useResource } from '../common/useResource';

/** Header names as sent on the wire (not translated). */
const PROXY_HEADER_NAMES: Record< ProxyHeader, string > = {
	'x-forwarded-for': 'X-Forwarded-For',
	'cf-connecting-ip': 'CF-Connecting-IP',
};

/**
 * Whether the form still shows exactly what the server last gave it.
 *
 * @param draft   The form's values.
 * @param proxies The trusted proxies field.
 * @param base    The settings the form was filled from.
 */
function unedited(
	draft: Settings | null,
	proxies: string,
	base: Settings | null
): boolean {
	return (
		draft === null ||
		base === null ||
		( JSON.stringify( draft ) === JSON.stringify( base ) &&
			proxies === base.trusted_proxies.join( '\n' ) )
	);
}

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
	const action = useAction();
	const busy = action.busy;
	// What the form was last filled from: a refetch may refill it only while nothing is edited.
	const filledFrom = useRef< Settings | null >( null );

	const fill = ( data: Settings ) => {
		filledFrom.current = data;
		setDraft( data );
		setProxies( data.trusted_proxies.join( '\n' ) );
	};

	useEffect( () => {
		if ( settings.data && unedited( draft, proxies, filledFrom.current ) ) {
			fill( settings.data );
		}
		// eslint-disable-next-line react-hooks/exhaustive-deps -- only a new server answer refills.
	}, [ settings.data ] );

	const proxyList = proxies
		.split( /[\s,]+/ )
		.map( ( line ) => line.trim() )
		.filter( Boolean );
	const badProxy = proxyList.find(
		( entry ) => proxyError( entry ) !== null
	);
	const savedProxies = settings.data?.proxy_headers ?? [];

	const save = ( changes: Partial< Settings >, done: string ) =>
		action.run( async () => {
			const saved = await api.saveSettings( changes );
			settings.setData( saved );
			fill( saved );
			onSaved();
			return done;
		} );

	const cloudflare = () =>
		action.run( async () => {
			const saved = await api.addProxyPreset( 'cloudflare' );
			// The preset changed only the proxies: other edits in progress stay.
			filledFrom.current = saved;
			setDraft( ( old ) =>
				old ? { ...old, trusted_proxies: saved.trusted_proxies } : saved
			);
			setProxies( saved.trusted_proxies.join( '\n' ) );
			settings.setData( saved );
			onSaved();
			return __(
				'Cloudflare ranges added to the trusted proxies.',
				'xmlrpc-shield'
			);
		} );

	return (
		<Section
			id="xmlrpc-shield-settings-title"
			title={ __( 'Settings', 'xmlrpc-shield' ) }
			loading={ settings.loading && ! settings.data }
			error={ settings.error }
			onRetry={ settings.reload }
		>
			<ActionNotice action={ action } />
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
					<ToggleControl
						label={ __(
							'Log blocked and monitored requests',
							'xmlrpc-shield'
						) }
						checked={ draft.log_enabled }
						onChange={ ( checked ) =>
							setDraft( { ...draft, log_enabled: checked } )
						}
						__nextHasNoMarginBottom
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
						__next40pxDefaultSize
						__nextHasNoMarginBottom
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
						__next40pxDefaultSize
						__nextHasNoMarginBottom
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
								__nextHasNoMarginBottom
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
									accessibleWhenDisabled
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
						accessibleWhenDisabled
					>
						{ __( 'Save settings', 'xmlrpc-shield' ) }
					</Button>
				</form>
			) }
		</Section>
	);
}
