/**
 * The denylist: the shared address-list editor with the denylist's words.
 */
import { __, sprintf } from '@wordpress/i18n';

import { AddressListEditor } from './AddressListEditor';
import type { ListWords } from './AddressListEditor';

const WORDS: ListWords = {
	title: __( 'Denylist', 'xmlrpc-shield' ),
	intro: __(
		'Addresses here never reach XML-RPC, in every mode but Off — pingback and monitor mode included — even inside an allowlisted range: refused before WordPress loads when the early gate is installed, and by the server rules. Loopback, this server, trusted proxies and private networks cannot be denied.',
		'xmlrpc-shield'
	),
	add: __( 'Add to denylist', 'xmlrpc-shield' ),
	added: ( cidr ) =>
		/* translators: %s: an IP address or range. */
		sprintf( __( 'Added %s to the denylist.', 'xmlrpc-shield' ), cidr ),
	removed: ( cidr ) =>
		/* translators: %s: an IP address or range. */
		sprintf( __( 'Removed %s from the denylist.', 'xmlrpc-shield' ), cidr ),
	empty: __( 'The denylist is empty.', 'xmlrpc-shield' ),
	caption: __( 'Denied addresses and ranges', 'xmlrpc-shield' ),
};

export function DenylistEditor( {
	refreshKey,
	onChange,
}: {
	refreshKey: number;
	onChange: () => void;
} ) {
	return (
		<AddressListEditor
			name="denylist"
			words={ WORDS }
			refreshKey={ refreshKey }
			onChange={ onChange }
		/>
	);
}
