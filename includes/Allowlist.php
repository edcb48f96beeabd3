<?php
/**
 * The allowlist: addresses and ranges that pass in every mode.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield;

use XmlrpcShield\Gate\Cidr;
use XmlrpcShield\Gate\IpAddress;

/**
 * Stored in one autoloaded option as a list of entries { cidr, label, created, source }
 * (AddressListOption). Validation happens here, once, for REST, CLI and admin.
 */
final class Allowlist extends AddressListOption {

	/**
	 * The option name.
	 */
	protected static function option(): string {
		return Settings::ALLOWLIST;
	}

	/**
	 * Validates user input as an allowlist range. A range the denylist holds whole is refused:
	 * the denylist wins (see Denylist), so the entry would let nothing through.
	 *
	 * @param string $text Address or CIDR.
	 * @return Cidr|\WP_Error
	 */
	public static function validate( string $text ) {
		/* translators: 1: the range, 2: smallest allowed prefix length. */
		$cidr = self::parse_bounded( $text, __( '%1$s is too broad to allowlist: use a prefix of /%2$d or longer.', 'xmlrpc-shield' ) );
		if ( is_wp_error( $cidr ) ) {
			return $cidr;
		}
		$denied = Denylist::covering_entry( $cidr );
		if ( null !== $denied ) {
			/* translators: 1: the range, 2: the denylist entry holding it. */
			$message = sprintf( __( '%1$s is on the denylist (as %2$s), and the denylist wins over the allowlist: remove it from the denylist instead.', 'xmlrpc-shield' ), (string) $cidr, $denied['cidr'] );
			return new \WP_Error(
				'xmlrpc_shield_denied',
				$message,
				array(
					'status'    => 409,
					'denied_by' => $denied['cidr'],
					// The reason belongs to the field, as REST validation messages do.
					'params'    => array( 'cidr' => $message ),
				)
			);
		}
		return $cidr;
	}

	/**
	 * The allowlist's sentences.
	 *
	 * @param string $kind Error kind.
	 */
	protected static function message( string $kind ): string {
		switch ( $kind ) {
			case 'duplicate':
				/* translators: %s: the range. */
				return __( '%s is already on the allowlist.', 'xmlrpc-shield' );
			case 'covered':
				/* translators: 1: the address or range, 2: the allowlist entry that holds it. */
				return __( '%1$s is already covered by %2$s on the allowlist: nothing to add.', 'xmlrpc-shield' );
			case 'full':
				/* translators: %d: maximum entries. */
				return __( 'The allowlist holds at most %d entries.', 'xmlrpc-shield' );
			default:
				/* translators: %s: the range. */
				return __( '%s is not on the allowlist.', 'xmlrpc-shield' );
		}
	}

	/** Presets: this server's own addresses, its network (an explicit, riskier choice), Jetpack. */
	const PRESETS = array( 'server', 'server-network', 'jetpack' );

	/**
	 * Addresses a host has that never stand for "this server" to the gate: loopback (a proxy
	 * on the same host connects from it, so allowing it would allow every client behind that
	 * proxy), link-local and unspecified.
	 */
	const NOT_SERVER_ADDRESSES = array( '0.0.0.0/8', '127.0.0.0/8', '169.254.0.0/16', '::/128', '::1/128', 'fe80::/10' );

	/**
	 * Adds a preset's ranges, skipping those already present or covered, and those the denylist holds.
	 *
	 * @param string $preset One of PRESETS.
	 * @return int|\WP_Error Number of entries added.
	 */
	public static function apply_preset( string $preset ) {
		if ( 'server' === $preset || 'server-network' === $preset ) {
			$ranges = 'server' === $preset ? self::server_addresses() : self::server_networks();
			if ( array() === $ranges ) {
				return self::no_server_address();
			}
			$label = 'server' === $preset ? __( 'This server', 'xmlrpc-shield' ) : __( 'This server\'s network', 'xmlrpc-shield' );
		} elseif ( 'jetpack' === $preset ) {
			$data   = Presets::read( Presets::JETPACK );
			$ranges = $data['cidrs'];
			$label  = __( 'Jetpack', 'xmlrpc-shield' );
		} else {
			/* translators: %s: list of preset names. */
			return new \WP_Error( 'xmlrpc_shield_unknown_preset', sprintf( __( 'Unknown preset: use one of %s.', 'xmlrpc-shield' ), implode( ', ', self::PRESETS ) ), array( 'status' => 400 ) );
		}
		$added = 0;
		foreach ( $ranges as $range ) {
			$result = self::add( $range, $label, 'preset:' . $preset );
			if ( ! is_wp_error( $result ) ) {
				++$added;
			} elseif ( ! in_array( $result->get_error_code(), array( 'xmlrpc_shield_duplicate', 'xmlrpc_shield_covered', 'xmlrpc_shield_denied' ), true ) ) {
				return $result;
			}
		}
		return $added;
	}

	/**
	 * This server's own addresses, each alone (/32, /128): the address the request arrived on
	 * and those of the host's network interfaces (so WP-CLI, which has no request, finds them
	 * too, and a host with IPv4 and IPv6 gets both). Never a wider range: on a cloud host a
	 * /24 holds other customers, and behind a same-host proxy or a Docker network it holds the
	 * proxy, through which every client would then pass.
	 *
	 * @return string[]
	 */
	public static function server_addresses(): array {
		$excluded  = array_map( array( Cidr::class, 'parse' ), self::NOT_SERVER_ADDRESSES );
		$addresses = array();
		foreach ( self::server_address_candidates() as $candidate ) {
			$cidr = IpAddress::is_valid( $candidate ) ? Cidr::parse( $candidate ) : null;
			if ( null === $cidr ) {
				continue;
			}
			foreach ( $excluded as $range ) {
				if ( $range->covers( $cidr ) ) {
					continue 2;
				}
			}
			$addresses[] = (string) $cidr;
		}
		return array_values( array_unique( $addresses ) );
	}

	/**
	 * Every address this host answers on, loopback included: the request's SERVER_ADDR and
	 * the network interfaces' unicast addresses.
	 *
	 * @return string[]
	 */
	private static function server_address_candidates(): array {
		$candidates = array();
		if ( isset( $_SERVER['SERVER_ADDR'] ) && is_string( $_SERVER['SERVER_ADDR'] ) ) {
			$candidates[] = sanitize_text_field( wp_unslash( $_SERVER['SERVER_ADDR'] ) );
		}
		if ( function_exists( 'net_get_interfaces' ) ) {
			foreach ( (array) net_get_interfaces() as $interface ) {
				foreach ( (array) ( $interface['unicast'] ?? array() ) as $unicast ) {
					if ( isset( $unicast['address'] ) && is_string( $unicast['address'] ) ) {
						$candidates[] = $unicast['address'];
					}
				}
			}
		}
		/**
		 * Filters the addresses this host is known by, before loopback and link-local ones are
		 * left out: a host behind NAT (most cloud machines) does not see its public address on
		 * any interface, and may name it here.
		 *
		 * @param string[] $candidates Addresses from SERVER_ADDR and the network interfaces.
		 */
		$candidates = apply_filters( 'xmlrpc_shield_server_addresses', $candidates );
		return array_values( array_filter( array_map( 'strval', is_array( $candidates ) ? $candidates : array() ) ) );
	}

	/**
	 * Why "this server" adds nothing, and what to add instead: the host has only addresses
	 * that never stand for it (NOT_SERVER_ADDRESSES), named so the owner sees what was found.
	 */
	private static function no_server_address(): \WP_Error {
		$seen = array_values( array_unique( self::server_address_candidates() ) );
		return new \WP_Error(
			'xmlrpc_shield_no_server_address',
			sprintf(
				/* translators: %s: the addresses found, e.g. "127.0.0.1, ::1". */
				__( 'Nothing was added: this server shows only loopback or link-local addresses here (%s). A proxy on the same host connects from those too, so allowlisting them would let every client behind it through. Instead, add by hand the public address this site reaches itself from (your host\'s control panel shows it); if a proxy or CDN stands in front of the site, add it under Trusted proxies so the gate sees the real clients.', 'xmlrpc-shield' ),
				array() === $seen ? __( 'none found', 'xmlrpc-shield' ) : implode( ', ', $seen )
			),
			array( 'status' => 400 )
		);
	}

	/**
	 * The /24 (IPv4) or /64 (IPv6) around each of this server's addresses: only added when
	 * asked for by name, since it may hold a same-host proxy, a Docker network's gateway or
	 * another customer of the same cloud.
	 *
	 * @return string[]
	 */
	public static function server_networks(): array {
		$networks = array();
		foreach ( self::server_addresses() as $address ) {
			$networks[] = IpAddress::subnet( Cidr::parse( $address )->network() );
		}
		return array_values( array_unique( $networks ) );
	}
}
