/**
 * Client-side checks that mirror the server's allowlist validation, so the form can explain a
 * mistake before sending it. The server stays the authority (it also refuses ranges too broad).
 */
import { __, sprintf } from '@wordpress/i18n';

const IPV4 =
	/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function isIpv6( text: string ): boolean {
	if (
		! /^[0-9a-f:.]+$/i.test( text ) ||
		! text.includes( ':' ) ||
		text.includes( ':::' )
	) {
		return false;
	}
	const doubleColons = text.split( '::' ).length - 1;
	if ( doubleColons > 1 ) {
		return false;
	}
	let groups = text.split( ':' ).filter( ( group ) => group !== '' );
	let width = 8;
	const last = groups[ groups.length - 1 ];
	if ( last && last.includes( '.' ) ) {
		if ( ! IPV4.test( last ) ) {
			return false;
		}
		groups = groups.slice( 0, -1 );
		width = 6;
	}
	if ( ! groups.every( ( group ) => /^[0-9a-f]{1,4}$/i.test( group ) ) ) {
		return false;
	}
	return doubleColons === 1 ? groups.length < width : groups.length === width;
}

/**
 * Returns an error message for an invalid IP or CIDR, or null when it looks valid.
 *
 * @param input What the user typed.
 */
export function cidrError( input: string ): string | null {
	const text = input.trim();
	if ( text === '' ) {
		return __(
			'Enter an IP address or a CIDR range such as 192.0.2.0/24.',
			'xmlrpc-shield'
		);
	}
	const parts = text.split( '/' );
	if ( parts.length > 2 ) {
		return __(
			'A range has one slash, as in 192.0.2.0/24.',
			'xmlrpc-shield'
		);
	}
	const [ address, prefix ] = parts;
	const v4 = IPV4.test( address );
	if ( ! v4 && ! isIpv6( address ) ) {
		return sprintf(
			/* translators: %s: what the user typed. */
			__( '"%s" is not an IPv4 or IPv6 address.', 'xmlrpc-shield' ),
			address
		);
	}
	if ( prefix === undefined ) {
		return null;
	}
	const max = v4 ? 32 : 128;
	if ( ! /^\d{1,3}$/.test( prefix ) || Number( prefix ) > max ) {
		return sprintf(
			/* translators: %d: the largest prefix length, 32 or 128. */
			__(
				'The prefix length must be a number from 0 to %d.',
				'xmlrpc-shield'
			),
			max
		);
	}
	return null;
}

/** Broadest prefixes accepted (Cidr::MIN_LIST_PREFIX_V4 / _V6): the same bound holds for proxies. */
const MIN_PREFIX_V4 = 8;
const MIN_PREFIX_V6 = 16;

/**
 * Returns an error message for a trusted proxy entry, or null when it looks valid: a valid
 * CIDR no broader than an allowlist entry may be, since a trusted proxy can claim any client
 * address. A mapped range (::ffff:…/96) is left to the server.
 *
 * @param input What the user typed.
 */
export function proxyError( input: string ): string | null {
	const invalid = cidrError( input );
	if ( invalid !== null ) {
		return invalid;
	}
	const parts = input.trim().split( '/' );
	if ( parts.length === 1 ) {
		return null;
	}
	const length = Number( parts[ 1 ] );
	if ( length === 0 ) {
		return __(
			'This range covers every address: trusting it would let any client claim any address. List only your proxies’ own addresses.',
			'xmlrpc-shield'
		);
	}
	const min = IPV4.test( parts[ 0 ] ) ? MIN_PREFIX_V4 : MIN_PREFIX_V6;
	if ( length < min ) {
		return sprintf(
			/* translators: %d: the shortest prefix length accepted. */
			__(
				'Too broad to trust as a proxy: use a prefix of /%d or longer.',
				'xmlrpc-shield'
			),
			min
		);
	}
	return null;
}

/**
 * Whether a key from /top is a range (subnet) rather than a single address.
 *
 * @param key An address or range.
 */
export function isRange( key: string ): boolean {
	return key.includes( '/' );
}

/**
 * Expands an IPv6 address to eight groups, or null when it is not one.
 *
 * @param address Text to expand.
 */
function ipv6Groups( address: string ): string[] | null {
	if ( ! isIpv6( address ) ) {
		return null;
	}
	let text = address.toLowerCase();
	const tail = text.split( ':' ).pop() ?? '';
	if ( tail.includes( '.' ) ) {
		const octets = tail.split( '.' ).map( Number );
		const high = ( octets[ 0 ] * 256 + octets[ 1 ] ).toString( 16 );
		const low = ( octets[ 2 ] * 256 + octets[ 3 ] ).toString( 16 );
		text = `${ text.slice(
			0,
			text.length - tail.length
		) }${ high }:${ low }`;
	}
	const [ head, rest ] = text.split( '::' );
	const headGroups = head ? head.split( ':' ) : [];
	const restGroups =
		rest !== undefined && rest !== '' ? rest.split( ':' ) : [];
	const missing = 8 - headGroups.length - restGroups.length;
	return [
		...headGroups,
		...Array( rest === undefined ? 0 : missing ).fill( '0' ),
		...restGroups,
	];
}

/**
 * The network an address belongs to for blocking: IPv4 /24, IPv6 /64 (what one attacker
 * usually controls). Ranges pass through unchanged.
 *
 * @param key An address or range.
 */
export function subnetOf( key: string ): string {
	if ( isRange( key ) ) {
		return key;
	}
	if ( IPV4.test( key ) ) {
		return `${ key.split( '.' ).slice( 0, 3 ).join( '.' ) }.0/24`;
	}
	const groups = ipv6Groups( key );
	if ( ! groups ) {
		return key;
	}
	const prefix = groups
		.slice( 0, 4 )
		.map( ( group ) => parseInt( group, 16 ).toString( 16 ) );
	return `${ prefix.join( ':' ) }::/64`;
}
