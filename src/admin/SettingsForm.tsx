/**
 * Settings: log retention and size, trusted proxies. (The mode has its own control, ModeControl.)
 * Edits not yet saved survive the refetches other sections trigger.
 */
import {
	Button,
	Notice,
	TextareaControl,
	TextControl,
	ToggleControl,
} from '@wordpress/components';
import { useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { api } from '../api/client';
import type { ProxyHeader, Settings } from '../api/types';
import { proxyError } from '../common/cidr';
import { fieldError } from '../common/fieldError';
import { Section } from '../common/Section';
import { ActionNotice, useAction } from '../common/useAction';
import { useResource } from '../common/useResource';

/** The fields this form sends, whose refusals (REST data.params) it shows at the field. */
const FIELDS = [
	'log_enabled',
	'retention_days',
	'row_cap',
	'trusted_proxies',
] as const;

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
	// Save was pressed while a trusted proxy entry is invalid: said beside Save.
	const [ refused, setRefused ] = useState( false );
	const action = useAction( FIELDS );
	const preset = useAction();
	const busy = action.busy || preset.busy;
	const errors = action.fieldErrors;
	const proxiesField = useRef< HTMLTextAreaElement >( null );
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
	const badProxy = networkManaged
		? undefined
		: proxyList.find( ( entry ) => proxyError( entry ) !== null );
	const savedProxies = settings.data?.proxy_headers ?? [];

	/**
	 * Sets a field of the draft and forgets the server's reason for it.
	 *
	 * @param key   The setting.
	 * @param value Its new value.
	 */
	const edit = < K extends keyof Settings >(
		key: K,
		value: Settings[ K ]
	) => {
		action.clearField( key );
		setDraft( ( old ) => ( old ? { ...old, [ key ]: value } : old ) );
	};
	const editProxies = ( value: string ) => {
		action.clearField( 'trusted_proxies' );
		setRefused( false );
		setProxies( value );
	};

	const save = ( changes: Partial< Settings >, done: string ) =>
		action.run( async () => {
			const saved = await api.saveSettings( changes );
			settings.setData( saved );
			fill( saved );
			onSaved();
			return done;
		} );

	// Cloudflare's ranges go into the field, unsaved, after what is already typed there: the
	// owner sees them, may edit them, and saves them with the rest of the form.
	const cloudflare = () =>
		preset.run( async () => {
			const { cidrs } = await api.proxyPreset( 'cloudflare' );
			setProxies( ( typed ) => {
				const lines = typed
					.split( /[\s,]+/ )
					.map( ( line ) => line.trim() )
					.filter( Boolean );
				const added = cidrs.filter(
					( cidr ) => ! lines.includes( cidr )
				);
				return [ ...lines, ...added ].join( '\n' );
			} );
			action.clearField( 'trusted_proxies' );
			return sprintf(
				/* translators: %d: number of Cloudflare ranges. */
				__(
					'Cloudflare’s %d ranges are in the list below; Save settings to use them.',
					'xmlrpc-shield'
				),
				cidrs.length
			);
		} );

	const proxyHelp = __(
		'Only requests from these addresses may name the client: Cloudflare’s edge ranges in CF-Connecting-IP, any other proxy in X-Forwarded-For.',
		'xmlrpc-shield'
	);
	const proxyReason = badProxy
		? `${ badProxy }: ${ proxyError( badProxy ) ?? '' }`
		: errors.trusted_proxies;

	return (
		<Section
			id="xmlrpc-shield-settings-title"
			title={ __( 'Settings', 'xmlrpc-shield' ) }
			loading={ settings.loading && ! settings.data }
			error={ settings.error }
			onRetry={ settings.reload }
		>
			{ draft && (
				<form
					className="xmlrpc-shield-settings"
					noValidate
					onSubmit={ ( event ) => {
						event.preventDefault();
						// Save stays enabled and answers: a disabled button cannot be reached
						// by the keyboard nor say why it does nothing.
						if ( badProxy ) {
							setRefused( true );
							proxiesField.current?.focus();
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
							edit( 'log_enabled', checked )
						}
						help={ errors.log_enabled }
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
							edit( 'retention_days', Number( value ) )
						}
						{ ...fieldError( errors.retention_days ) }
						__next40pxDefaultSize
						__nextHasNoMarginBottom
					/>
					<TextControl
						label={ __( 'Most rows in the log', 'xmlrpc-shield' ) }
						type="number"
						min={ 1000 }
						value={ draft.row_cap }
						onChange={ ( value ) =>
							edit( 'row_cap', Number( value ) )
						}
						{ ...fieldError(
							errors.row_cap,
							__(
								'Oldest rows go first when the log is full.',
								'xmlrpc-shield'
							)
						) }
						__next40pxDefaultSize
						__nextHasNoMarginBottom
					/>
					{ ! networkManaged && (
						<>
							<TextareaControl
								ref={ proxiesField }
								label={ __(
									'Trusted proxies (one range per line)',
									'xmlrpc-shield'
								) }
								rows={ 4 }
								value={ proxies }
								onChange={ editProxies }
								{ ...fieldError( proxyReason, proxyHelp ) }
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
							<div className="xmlrpc-shield-settings__action">
								<Button
									variant="secondary"
									onClick={ cloudflare }
									disabled={ busy }
									accessibleWhenDisabled
									__next40pxDefaultSize
								>
									{ __(
										'Add Cloudflare ranges',
										'xmlrpc-shield'
									) }
								</Button>
								<ActionNotice action={ preset } />
							</div>
						</>
					) }
					<div className="xmlrpc-shield-settings__action">
						<Button
							variant="primary"
							type="submit"
							isBusy={ action.busy }
							disabled={ busy }
							accessibleWhenDisabled
							__next40pxDefaultSize
						>
							{ __( 'Save settings', 'xmlrpc-shield' ) }
						</Button>
						{ refused && badProxy && (
							<Notice
								status="error"
								onRemove={ () => setRefused( false ) }
							>
								{ __(
									'Nothing was saved: fix the trusted proxies first.',
									'xmlrpc-shield'
								) }
							</Notice>
						) }
						<ActionNotice action={ action } />
					</div>
				</form>
			) }
		</Section>
	);
}
