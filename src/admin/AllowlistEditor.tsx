/**
 * The allowlist: the shared address-list editor with the allowlist's words and its presets.
 */
import { Button } from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';

import { api } from '../api/client';
import type { AllowlistPreset } from '../api/types';
import { AddressListEditor } from './AddressListEditor';
import type { ListWords } from './AddressListEditor';

const WORDS: ListWords = {
	title: __( 'Allowlist', 'xmlrpc-shield' ),
	intro: (
		<>
			{ __(
				'Addresses here always reach XML-RPC, in every mode: your own servers, the networks you publish from. The denylist wins over them.',
				'xmlrpc-shield'
			) }{ ' ' }
			{ __(
				"A connected Jetpack needs no entry: its requests are signed with the site's Jetpack token, and those that verify pass in every mode. Jetpack's address ranges change; add them only where a web-server rule refuses XML-RPC before WordPress runs.",
				'xmlrpc-shield'
			) }
		</>
	),
	add: __( 'Add to allowlist', 'xmlrpc-shield' ),
	added: ( cidr ) =>
		/* translators: %s: an IP address or range. */
		sprintf( __( 'Added %s to the allowlist.', 'xmlrpc-shield' ), cidr ),
	removed: ( cidr ) =>
		sprintf(
			/* translators: %s: an IP address or range. */
			__( 'Removed %s from the allowlist.', 'xmlrpc-shield' ),
			cidr
		),
	empty: __( 'The allowlist is empty.', 'xmlrpc-shield' ),
	caption: __( 'Allowlisted addresses and ranges', 'xmlrpc-shield' ),
};

export function AllowlistEditor( {
	refreshKey,
	onChange,
}: {
	refreshKey: number;
	onChange: () => void;
} ) {
	const presets = (
		run: ( work: () => Promise< string > ) => void,
		busy: boolean
	) => {
		const preset = ( name: AllowlistPreset ) =>
			run( async () => {
				const result = await api.addPreset( name );
				if ( result.added === 0 ) {
					// Not a silent "Added 0": say why, and what would change something.
					return __(
						'Nothing was added: each of its ranges is already on the allowlist, inside a range that is, or on the denylist (which wins). To allow another address, type it in the field above.',
						'xmlrpc-shield'
					);
				}
				return sprintf(
					/* translators: %d: number of ranges added. */
					_n(
						'Added %d range.',
						'Added %d ranges.',
						result.added,
						'xmlrpc-shield'
					),
					result.added
				);
			} );
		return (
			<>
				<p className="xmlrpc-shield-list__presets">
					<Button
						variant="secondary"
						onClick={ () => preset( 'server' ) }
						disabled={ busy }
						accessibleWhenDisabled
					>
						{ __( 'Add this server', 'xmlrpc-shield' ) }
					</Button>
					<Button
						variant="secondary"
						onClick={ () => preset( 'jetpack' ) }
						disabled={ busy }
						accessibleWhenDisabled
					>
						{ __( 'Add Jetpack', 'xmlrpc-shield' ) }
					</Button>
				</p>
				<p className="xmlrpc-shield-list__presets">
					{ __(
						'“Add this server” adds only its own addresses. Its whole network (/24 or /64) may hold a proxy on the same host or a Docker network’s gateway, through which every client would pass, or other customers of your cloud: add it only if you mean that.',
						'xmlrpc-shield'
					) }{ ' ' }
					<Button
						variant="tertiary"
						onClick={ () => preset( 'server-network' ) }
						disabled={ busy }
						accessibleWhenDisabled
					>
						{ __( 'Add this server’s network', 'xmlrpc-shield' ) }
					</Button>
				</p>
			</>
		);
	};
	return (
		<AddressListEditor
			name="allowlist"
			words={ WORDS }
			refreshKey={ refreshKey }
			onChange={ onChange }
			extra={ presets }
		/>
	);
}
