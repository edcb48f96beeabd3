<?php
/**
 * IP address parsing and normalisation.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Gate;

/**
 * Pure helpers on textual IPv4/IPv6 addresses. No WordPress calls: the early gate uses this
 * before WordPress loads.
 */
final class IpAddress {

	/**
	 * Returns the canonical text form of an address, or null when it is not one.
	 *
	 * IPv4-mapped IPv6 (`::ffff:192.0.2.1`) becomes plain IPv4, so one client never counts
	 * as two and an allowlisted IPv4 address also matches its mapped form.
	 *
	 * @param string $text Address as received (may carry brackets or a zone id).
	 */
	public static function normalize( string $text ): ?string {
		$packed = self::to_binary( $text );
		if ( null === $packed ) {
			return null;
		}
		$canonical = inet_ntop( $packed );
		return false === $canonical ? null : $canonical;
	}

	/**
	 * Returns the 4- or 16-byte binary form, IPv4-mapped addresses folded to 4 bytes.
	 *
	 * @param string $text Address text.
	 */
	public static function to_binary( string $text ): ?string {
		$text = trim( $text, " \t" );
		if ( '' === $text || strlen( $text ) > 64 ) {
			return null;
		}
		if ( '[' === $text[0] && ']' === substr( $text, -1 ) ) {
			$text = substr( $text, 1, -1 );
		}
		// Zone ids (fe80::1%eth0) name an interface, not a different host.
		$zone = strpos( $text, '%' );
		if ( false !== $zone ) {
			$text = substr( $text, 0, $zone );
		}
		if ( ! preg_match( '/^[0-9a-fA-F:.]+$/', $text ) ) {
			return null;
		}
		$packed = @inet_pton( $text ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- invalid input is expected here; null is the answer.
		if ( false === $packed ) {
			return null;
		}
		if ( 16 === strlen( $packed ) && 0 === strncmp( $packed, str_repeat( "\0", 10 ) . "\xff\xff", 12 ) ) {
			return substr( $packed, 12 );
		}
		return $packed;
	}

	/**
	 * Whether the text is a valid IPv4 or IPv6 address.
	 *
	 * @param string $text Address text.
	 */
	public static function is_valid( string $text ): bool {
		return null !== self::to_binary( $text );
	}

	/**
	 * Whether the (valid) address is IPv6 after folding mapped IPv4.
	 *
	 * @param string $text Address text.
	 */
	public static function is_ipv6( string $text ): bool {
		$packed = self::to_binary( $text );
		return null !== $packed && 16 === strlen( $packed );
	}

	/**
	 * The unit a firewall rule blocks: the /24 of an IPv4 address or the /64 of an IPv6 one.
	 *
	 * @param string $text Address text.
	 * @return string CIDR text, or '' for an invalid address.
	 */
	public static function subnet( string $text ): string {
		$packed = self::to_binary( $text );
		if ( null === $packed ) {
			return '';
		}
		$prefix = 4 === strlen( $packed ) ? 24 : 64;
		return inet_ntop( Cidr::mask( $packed, $prefix ) ) . '/' . $prefix;
	}

	/**
	 * Special-purpose ranges: never a public client of their own, so never worth a firewall
	 * block (and blocking some, like carrier-grade NAT or private space, would shut out the
	 * site's own infrastructure). From the IANA IPv4 and IPv6 Special-Purpose Address
	 * Registries, plus multicast (a multicast address is never a source) and, for IPv6,
	 * everything outside global unicast 2000::/3 (see is_special_purpose()).
	 */
	const SPECIAL_PURPOSE = array(
		'0.0.0.0/8',          // The "this network" block.
		'10.0.0.0/8',         // Private use, RFC 1918.
		'100.64.0.0/10',      // Shared address space: carrier-grade NAT (RFC 6598).
		'127.0.0.0/8',        // Loopback.
		'169.254.0.0/16',     // Link local.
		'172.16.0.0/12',      // Private use, RFC 1918.
		'192.0.0.0/24',       // IETF protocol assignments: DS-Lite, PCP and TURN anycast, NAT64 discovery.
		'192.0.2.0/24',       // Documentation, TEST-NET-1.
		'192.31.196.0/24',    // AS112-v4.
		'192.52.193.0/24',    // AMT.
		'192.88.99.0/24',     // Deprecated 6to4 relay anycast, RFC 7526.
		'192.168.0.0/16',     // Private use, RFC 1918.
		'192.175.48.0/24',    // Direct delegation AS112 service.
		'198.18.0.0/15',      // Benchmarking.
		'198.51.100.0/24',    // Documentation, TEST-NET-2.
		'203.0.113.0/24',     // Documentation, TEST-NET-3.
		'224.0.0.0/4',        // Multicast.
		'240.0.0.0/4',        // Reserved, with the limited broadcast 255.255.255.255/32.
		'::/128',             // Unspecified.
		'::1/128',            // Loopback.
		'64:ff9b::/96',       // IPv4/IPv6 translation, NAT64.
		'64:ff9b:1::/48',     // Local-use IPv4/IPv6 translation.
		'100::/64',           // Discard-only.
		'2001::/23',          // IETF protocol assignments: Teredo, ORCHIDv2, AMT, AS112, benchmarking, anycast.
		'2001:db8::/32',      // Documentation.
		'2002::/16',          // 6to4: one /48 per IPv4 address, reached through relays; block the IPv4 side.
		'2620:4f:8000::/48',  // Direct delegation AS112 service.
		'3fff::/20',          // Documentation, RFC 9637.
		'5f00::/16',          // Segment routing SIDs, RFC 9602.
		'fc00::/7',           // Unique local.
		'fe80::/10',          // Link local.
		'ff00::/8',           // Multicast.
	);

	/** The only IPv6 space allocated for public unicast hosts. */
	const GLOBAL_UNICAST_V6 = '2000::/3';

	/**
	 * Whether the address is loopback, private, link-local or otherwise not a public host.
	 *
	 * @param string $text Address text.
	 */
	public static function is_reserved( string $text ): bool {
		$cidr = self::is_valid( $text ) ? Cidr::try_parse( $text ) : null;
		return null === $cidr || self::is_special_purpose( $cidr );
	}

	/**
	 * Whether the network shares any address with a special-purpose range (a network that
	 * merely contains or overlaps one counts: blocking it would block that range too).
	 *
	 * @param Cidr $network Network.
	 */
	public static function is_special_purpose( Cidr $network ): bool {
		static $global_v6 = null, $special = null;
		if ( null === $special ) {
			$global_v6 = Cidr::parse( self::GLOBAL_UNICAST_V6 );
			$special   = array_map( array( Cidr::class, 'parse' ), self::SPECIAL_PURPOSE );
		}
		if ( $network->is_ipv6() && ! $global_v6->covers( $network ) ) {
			return true;
		}
		foreach ( $special as $range ) {
			if ( $range->overlaps( $network ) ) {
				return true;
			}
		}
		return false;
	}
}
