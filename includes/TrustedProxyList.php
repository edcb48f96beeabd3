<?php
/**
 * The trusted proxies: the servers in front of this one whose forwarding header names the client.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield;

use XmlrpcShield\Gate\Cidr;
use XmlrpcShield\Gate\InvalidCidr;
use XmlrpcShield\Gate\TrustedProxies;

/**
 * Stored in `Settings::TRUSTED_PROXIES` and saved through `Settings::update()` (all-or-nothing
 * with the other settings); this class reads the list, derives the header each proxy sets and
 * checks what may be trusted. The gate's pure side is `Gate\TrustedProxies`.
 */
final class TrustedProxyList {

	/** The most ranges the list holds. */
	const MAX_ENTRIES = 200;

	/**
	 * Trusted proxy CIDRs. They describe the network's servers, so on a network every site
	 * uses the main site's list: a sub-site's plugin-load gate names the client exactly as the
	 * early gate does. A stored entry today's validation refuses (a /0 saved by an older
	 * version) is left out, so it is never believed.
	 *
	 * @return string[]
	 */
	public static function cidrs(): array {
		$value = Capabilities::is_network_site()
			? get_option( Settings::TRUSTED_PROXIES, array() )
			: get_blog_option( get_main_site_id(), Settings::TRUSTED_PROXIES, array() );
		if ( ! is_array( $value ) ) {
			return array();
		}
		$proxies = array();
		foreach ( $value as $entry ) {
			if ( is_string( $entry ) && ! is_wp_error( self::validate( $entry ) ) ) {
				$proxies[] = $entry;
			}
		}
		return $proxies;
	}

	/**
	 * The trusted proxies with the header each sets: ranges inside Cloudflare's published edge
	 * ranges (data/cloudflare-ips.txt, what the Cloudflare preset adds) set CF-Connecting-IP,
	 * every other proxy X-Forwarded-For. Derived rather than stored, so there is nothing to
	 * get out of step and nothing a user can mislabel.
	 *
	 * @return array<int,array{cidr:string,header:string}>
	 */
	public static function entries(): array {
		$entries = array();
		$edges   = null;
		foreach ( self::cidrs() as $text ) {
			$cidr = Cidr::try_parse( $text );
			if ( null === $cidr ) {
				continue;
			}
			if ( null === $edges ) {
				$edges = self::cloudflare_ranges();
			}
			$header = TrustedProxies::HEADER_FORWARDED_FOR;
			foreach ( $edges as $edge ) {
				if ( $edge->covers( $cidr ) ) {
					$header = TrustedProxies::HEADER_CF_CONNECTING_IP;
					break;
				}
			}
			$entries[] = array(
				'cidr'   => $text,
				'header' => $header,
			);
		}
		return $entries;
	}

	/**
	 * Cloudflare's published edge ranges, as shipped.
	 *
	 * @return Cidr[]
	 */
	private static function cloudflare_ranges(): array {
		$ranges = array();
		foreach ( Presets::read( Presets::CLOUDFLARE )['cidrs'] as $text ) {
			$ranges[] = Cidr::parse( $text );
		}
		return $ranges;
	}

	/**
	 * Validates a list of CIDRs (array, or text with one per line / comma separated).
	 *
	 * @param mixed $input List input.
	 * @return string[]|\WP_Error Canonical, de-duplicated CIDRs.
	 */
	public static function validate_list( $input ) {
		if ( is_string( $input ) ) {
			$input = preg_split( '/[\s,]+/', $input, -1, PREG_SPLIT_NO_EMPTY );
		}
		if ( ! is_array( $input ) ) {
			return Input::invalid( 'trusted_proxies', __( 'Trusted proxies must be a list of IP addresses or CIDR ranges.', 'xmlrpc-shield' ) );
		}
		if ( count( $input ) > self::MAX_ENTRIES ) {
			/* translators: %d: maximum number of entries. */
			return Input::invalid( 'trusted_proxies', sprintf( __( 'At most %d trusted proxy ranges are allowed.', 'xmlrpc-shield' ), self::MAX_ENTRIES ) );
		}
		$result = array();
		foreach ( $input as $item ) {
			$cidr = self::validate( is_string( $item ) ? $item : '' );
			if ( is_wp_error( $cidr ) ) {
				return $cidr;
			}
			$result[] = $cidr;
		}
		return array_values( array_unique( $result ) );
	}

	/**
	 * Validates one trusted proxy range. A trusted proxy can name any client address, the
	 * allowlisted ones included, so it may be no broader than an allowlist entry; a range
	 * covering every address gets its own explanation.
	 *
	 * @param string $text Address or CIDR.
	 * @return string|\WP_Error Canonical CIDR.
	 */
	public static function validate( string $text ) {
		try {
			$cidr = Cidr::parse( $text );
		} catch ( InvalidCidr $e ) {
			return self::invalid_proxy( $e->getMessage() );
		}
		if ( $cidr->covers_everything() ) {
			return self::invalid_proxy(
				/* translators: %s: the range, e.g. 0.0.0.0/0. */
				sprintf( __( '%s covers every address: trusting it would let any client claim any address, an allowlisted one included. List only your proxies\' own addresses.', 'xmlrpc-shield' ), trim( $text ) )
			);
		}
		$min = $cidr->is_ipv6() ? Cidr::MIN_LIST_PREFIX_V6 : Cidr::MIN_LIST_PREFIX_V4;
		if ( $cidr->prefix() < $min ) {
			return self::invalid_proxy(
				/* translators: 1: the range, 2: smallest allowed prefix length. */
				sprintf( __( '%1$s is too broad to trust as a proxy: any host in it could claim any client address. Use a prefix of /%2$d or longer.', 'xmlrpc-shield' ), (string) $cidr, $min )
			);
		}
		return (string) $cidr;
	}

	/**
	 * A 400 error for a trusted proxy entry.
	 *
	 * @param string $message Reason.
	 */
	private static function invalid_proxy( string $message ): \WP_Error {
		return new \WP_Error(
			'xmlrpc_shield_invalid_cidr',
			$message,
			array(
				'status' => 400,
				'params' => array( 'trusted_proxies' => $message ),
			)
		);
	}
}
