/**
 * The seed site's second and third layers from here: the .htaccess block (or the nginx
 * snippet), and firewall blocklists built from the hit log, to copy or download.
 */
import { Button, SelectControl, TextControl } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import { api } from '../api/client';
import type {
	ExportFormat,
	ExportResult,
	Range,
	RulesState,
} from '../api/types';
import { copyText } from '../common/clipboard';
import { RangeSelect } from '../common/RangeSelect';
import { Section } from '../common/Section';
import { ActionNotice, useAction } from '../common/useAction';
import { useResource } from '../common/useResource';

const FORMATS: Array< { value: ExportFormat; label: string } > = [
	{
		value: 'cidr',
		label: __( 'Plain CIDR list (WAF, Cloudflare)', 'xmlrpc-shield' ),
	},
	{
		value: 'iptables',
		label: __( 'iptables / ip6tables commands', 'xmlrpc-shield' ),
	},
	{
		value: 'iptables-restore',
		label: __( 'iptables-restore file (IPv4)', 'xmlrpc-shield' ),
	},
	{
		value: 'ip6tables-restore',
		label: __( 'ip6tables-restore file (IPv6)', 'xmlrpc-shield' ),
	},
	{
		value: 'nftables',
		label: __( 'nftables set and rule', 'xmlrpc-shield' ),
	},
	{ value: 'ipset', label: __( 'ipset', 'xmlrpc-shield' ) },
	{
		value: 'fail2ban-filter',
		label: __( 'fail2ban filter', 'xmlrpc-shield' ),
	},
	{ value: 'fail2ban-jail', label: __( 'fail2ban jail', 'xmlrpc-shield' ) },
	{
		value: 'crowdsec',
		label: __( 'CrowdSec decisions (CSV)', 'xmlrpc-shield' ),
	},
];

function download( name: string, content: string ): void {
	const url = URL.createObjectURL(
		new Blob( [ content ], { type: 'text/plain' } )
	);
	const link = document.createElement( 'a' );
	link.href = url;
	link.download = name;
	document.body.appendChild( link );
	link.click();
	link.remove();
	URL.revokeObjectURL( url );
}

function apacheText( rules: RulesState ): string {
	if ( ! rules.apache.supported ) {
		return __(
			'This server does not read .htaccess files. Use the nginx snippet or a firewall export.',
			'xmlrpc-shield'
		);
	}
	if ( ! rules.apache.installed ) {
		return __( 'No XML-RPC Shield block in .htaccess.', 'xmlrpc-shield' );
	}
	return rules.apache.in_sync
		? __(
				'The .htaccess block is in place and matches the settings.',
				'xmlrpc-shield'
		  )
		: __(
				'The .htaccess block differs from the settings (edited by hand?). Write it again to fix.',
				'xmlrpc-shield'
		  );
}

export function ServerRules( {
	refreshKey,
	onChange,
}: {
	refreshKey: number;
	onChange: () => void;
} ) {
	const rules = useResource< RulesState >(
		() => api.rules(),
		[ refreshKey ]
	);
	// One action for the section: a write, a removal and a build wait for each other.
	const action = useAction();
	const { busy } = action;
	const [ format, setFormat ] = useState< ExportFormat >( 'cidr' );
	const [ range, setRange ] = useState< Range >( '24h' );
	const [ threshold, setThreshold ] = useState( '100' );
	const [ result, setResult ] = useState< ExportResult | null >( null );

	const act = ( work: () => Promise< RulesState >, done: string ) =>
		action.run( async () => {
			rules.setData( await work() );
			onChange();
			return done;
		} );

	// The blocklist itself is the answer: no notice unless it fails.
	const build = () =>
		action.run( async () => {
			setResult(
				await api.exportBlocklist( format, range, Number( threshold ) )
			);
			return '';
		} );

	const copy = async ( text: string ) => {
		const copied = await copyText( text );
		action.show(
			copied
				? { ok: true, text: __( 'Copied.', 'xmlrpc-shield' ) }
				: {
						ok: false,
						text: __(
							'Could not copy. Select the text and copy it yourself.',
							'xmlrpc-shield'
						),
				  }
		);
	};

	const state = rules.data;
	return (
		<Section
			id="xmlrpc-shield-rules-title"
			title={ __( 'Server rules and firewall', 'xmlrpc-shield' ) }
			loading={ rules.loading && ! state }
			error={ rules.error }
			onRetry={ rules.reload }
		>
			<ActionNotice action={ action } />
			{ state && (
				<>
					{ state.proxy_note && (
						<p
							className="description"
							data-testid="rules-proxy-note"
						>
							{ state.proxy_note }
						</p>
					) }
					<h3>{ __( 'Apache (.htaccess)', 'xmlrpc-shield' ) }</h3>
					<p data-testid="apache-state">{ apacheText( state ) }</p>
					<p>
						{ /* A server that reads no .htaccess answers the write with a 400: not offered there. */ }
						{ state.apache.supported && (
							<Button
								variant="secondary"
								disabled={ busy }
								accessibleWhenDisabled
								onClick={ () =>
									act(
										api.writeApacheRules,
										__(
											'The .htaccess block was written and will follow your settings.',
											'xmlrpc-shield'
										)
									)
								}
							>
								{ state.apache.installed
									? __( 'Write again', 'xmlrpc-shield' )
									: __(
											'Write to .htaccess',
											'xmlrpc-shield'
									  ) }
							</Button>
						) }{ ' ' }
						{ state.apache.installed && (
							<Button
								variant="tertiary"
								isDestructive
								disabled={ busy }
								accessibleWhenDisabled
								onClick={ () =>
									act(
										api.removeApacheRules,
										__(
											'The .htaccess block was removed.',
											'xmlrpc-shield'
										)
									)
								}
							>
								{ __(
									'Remove from .htaccess',
									'xmlrpc-shield'
								) }
							</Button>
						) }
					</p>
					{ state.apache.block !== '' && (
						<details>
							<summary>
								{ __(
									'The lines, to paste by hand',
									'xmlrpc-shield'
								) }
							</summary>
							<pre
								className="xmlrpc-shield-code"
								// It may scroll: reachable and named for the keyboard.
								tabIndex={ 0 }
								role="region"
								aria-label={ __(
									'The .htaccess lines',
									'xmlrpc-shield'
								) }
							>
								{ state.apache.block }
							</pre>
						</details>
					) }
					<h3>{ __( 'nginx', 'xmlrpc-shield' ) }</h3>
					<pre
						className="xmlrpc-shield-code"
						data-testid="nginx-snippet"
						// It may scroll: reachable and named for the keyboard.
						tabIndex={ 0 }
						role="region"
						aria-label={ __(
							'The nginx snippet',
							'xmlrpc-shield'
						) }
					>
						{ state.nginx }
					</pre>
					<Button
						variant="secondary"
						onClick={ () => copy( state.nginx ) }
					>
						{ __( 'Copy nginx snippet', 'xmlrpc-shield' ) }
					</Button>
				</>
			) }
			<h3>
				{ __( 'Firewall blocklist from the log', 'xmlrpc-shield' ) }
			</h3>
			<p>
				{ __(
					'Networks (IPv4 /24, IPv6 /64) with at least this many blocked requests. Allowlisted, private and this server’s networks are never listed.',
					'xmlrpc-shield'
				) }
			</p>
			<div className="xmlrpc-shield-export__controls">
				<SelectControl
					label={ __( 'Format', 'xmlrpc-shield' ) }
					value={ format }
					options={ FORMATS }
					onChange={ ( value ) => setFormat( value as ExportFormat ) }
					__next40pxDefaultSize
					__nextHasNoMarginBottom
				/>
				<RangeSelect value={ range } onChange={ setRange } />
				<TextControl
					label={ __( 'Minimum blocked requests', 'xmlrpc-shield' ) }
					type="number"
					min={ 1 }
					value={ threshold }
					onChange={ setThreshold }
					__next40pxDefaultSize
					__nextHasNoMarginBottom
				/>
				<Button
					variant="primary"
					onClick={ build }
					isBusy={ busy }
					disabled={ busy }
					accessibleWhenDisabled
				>
					{ __( 'Build blocklist', 'xmlrpc-shield' ) }
				</Button>
			</div>
			{ result && result.networks.length === 0 && (
				<p
					className="xmlrpc-shield-empty"
					data-testid="blocklist-empty"
				>
					{ __(
						'No network reached that many blocked requests in this period: there is nothing to block. Choose a longer period or a lower minimum.',
						'xmlrpc-shield'
					) }
				</p>
			) }
			{ result && result.networks.length > 0 && (
				<>
					<p>
						{ sprintf(
							/* translators: %d: number of networks. */
							_n(
								'%d network.',
								'%d networks.',
								result.networks.length,
								'xmlrpc-shield'
							),
							result.networks.length
						) }
					</p>
					<textarea
						className="xmlrpc-shield-code"
						readOnly
						rows={ 10 }
						value={ result.content }
						aria-label={ __( 'Blocklist', 'xmlrpc-shield' ) }
					/>
					<p>
						<Button
							variant="secondary"
							onClick={ () => copy( result.content ) }
						>
							{ __( 'Copy', 'xmlrpc-shield' ) }
						</Button>{ ' ' }
						<Button
							variant="secondary"
							onClick={ () =>
								download( result.file_name, result.content )
							}
						>
							{ sprintf(
								/* translators: %s: file name. */
								__( 'Download %s', 'xmlrpc-shield' ),
								result.file_name
							) }
						</Button>
					</p>
				</>
			) }
		</Section>
	);
}
