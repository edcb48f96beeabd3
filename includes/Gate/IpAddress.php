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
	 * Whether the address is loopback, private, link-local or otherwise not a public host.
	 *
	 * @param string $text Address text.
	 */
	public static function is_reserved( string $text ): bool {
		$normalized = self::normalize( $text );
		if ( null === $normalized ) {
			return true;
		}
		return false === filter_var( $normalized, FILTER_VALIDATE_IP, FILTER_FLAG_NO_PRIV_RANGE | FILTER_FLAG_NO_RES_RANGE );
	}
}
