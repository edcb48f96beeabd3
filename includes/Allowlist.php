<?php
/**
 * The allowlist: addresses and ranges that pass in every mode.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield;

use XmlrpcShield\Gate\Cidr;
use XmlrpcShield\Gate\InvalidCidr;
use XmlrpcShield\Gate\IpAddress;

/**
 * Stored in one autoloaded option as a list of entries
 * { cidr, label, created, source }. Validation happens here, once, for REST, CLI and admin.
 */
final class Allowlist {

	const MAX_ENTRIES = 500;

	const MAX_LABEL = 100;

	/** IPv4 ranges wider than this would allow most of the internet through. */
	const MIN_PREFIX_V4 = 8;

	/** Same for IPv6. */
	const MIN_PREFIX_V6 = 16;

	/**
	 * All entries.
	 *
	 * @return array<int,array{cidr:string,label:string,created:int,source:string}>
	 */
	public static function entries(): array {
		$stored = get_option( Settings::ALLOWLIST, array() );
		if ( ! is_array( $stored ) ) {
			return array();
		}
		$entries = array();
		foreach ( $stored as $entry ) {
			if ( is_array( $entry ) && isset( $entry['cidr'] ) && is_string( $entry['cidr'] ) ) {
				$entries[] = array(
					'cidr'    => $entry['cidr'],
					'label'   => isset( $entry['label'] ) ? (string) $entry['label'] : '',
					'created' => isset( $entry['created'] ) ? (int) $entry['created'] : 0,
					'source'  => isset( $entry['source'] ) ? (string) $entry['source'] : 'manual',
				);
			}
		}
		return $entries;
	}

	/**
	 * Just the CIDR strings.
	 *
	 * @return string[]
	 */
	public static function cidrs(): array {
		return array_column( self::entries(), 'cidr' );
	}

	/**
	 * Validates user input as an allowlist range.
	 *
	 * @param string $text Address or CIDR.
	 * @return Cidr|\WP_Error
	 */
	public static function validate( string $text ) {
		try {
			$cidr = Cidr::parse( $text );
		} catch ( InvalidCidr $e ) {
			return new \WP_Error( 'xmlrpc_shield_invalid_cidr', $e->getMessage(), array( 'status' => 400 ) );
		}
		$min = $cidr->is_ipv6() ? self::MIN_PREFIX_V6 : self::MIN_PREFIX_V4;
		if ( $cidr->prefix() < $min ) {
			return new \WP_Error(
				'xmlrpc_shield_invalid_cidr',
				/* translators: 1: the range, 2: smallest allowed prefix length. */
				sprintf( __( '%1$s is too broad to allowlist: use a prefix of /%2$d or longer.', 'xmlrpc-shield' ), (string) $cidr, $min ),
				array( 'status' => 400 )
			);
		}
		return $cidr;
	}

	/**
	 * Adds one entry.
	 *
	 * @param string $text   Address or CIDR.
	 * @param string $label  Free text label.
	 * @param string $source manual or preset:<one of PRESETS>.
	 * @return array{cidr:string,label:string,created:int,source:string}|\WP_Error
	 */
	public static function add( string $text, string $label = '', string $source = 'manual' ) {
		$cidr = self::validate( $text );
		if ( is_wp_error( $cidr ) ) {
			return $cidr;
		}
		$entries = self::entries();
		if ( in_array( (string) $cidr, array_column( $entries, 'cidr' ), true ) ) {
			return new \WP_Error(
				'xmlrpc_shield_duplicate',
				/* translators: %s: the range. */
				sprintf( __( '%s is already on the allowlist.', 'xmlrpc-shield' ), (string) $cidr ),
				array( 'status' => 409 )
			);
		}
		if ( count( $entries ) >= self::MAX_ENTRIES ) {
			/* translators: %d: maximum entries. */
			return new \WP_Error( 'xmlrpc_shield_allowlist_full', sprintf( __( 'The allowlist holds at most %d entries.', 'xmlrpc-shield' ), self::MAX_ENTRIES ), array( 'status' => 400 ) );
		}
		$entry     = array(
			'cidr'    => (string) $cidr,
			'label'   => self::clean_label( $label ),
			'created' => time(),
			'source'  => $source,
		);
		$entries[] = $entry;
		update_option( Settings::ALLOWLIST, $entries, true );
		return $entry;
	}

	/**
	 * Removes the entry for a range (matched on its canonical form).
	 *
	 * @param string $text Address or CIDR.
	 * @return array{cidr:string,label:string,created:int,source:string}|\WP_Error The removed entry.
	 */
	public static function remove( string $text ) {
		$cidr = Cidr::try_parse( $text );
		$key  = null === $cidr ? trim( $text ) : (string) $cidr;
		foreach ( self::entries() as $index => $entry ) {
			if ( $entry['cidr'] === $key ) {
				$entries = self::entries();
				array_splice( $entries, $index, 1 );
				update_option( Settings::ALLOWLIST, $entries, true );
				return $entry;
			}
		}
		return new \WP_Error(
			'xmlrpc_shield_not_found',
			/* translators: %s: the range. */
			sprintf( __( '%s is not on the allowlist.', 'xmlrpc-shield' ), $key ),
			array( 'status' => 404 )
		);
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
	 * Adds a preset's ranges, skipping those already present.
	 *
	 * @param string $preset One of PRESETS.
	 * @return int|\WP_Error Number of entries added.
	 */
	public static function apply_preset( string $preset ) {
		if ( 'server' === $preset || 'server-network' === $preset ) {
			$ranges = 'server' === $preset ? self::server_addresses() : self::server_networks();
			if ( array() === $ranges ) {
				return new \WP_Error( 'xmlrpc_shield_no_server_address', __( 'This server\'s address could not be determined (loopback and link-local addresses are never added).', 'xmlrpc-shield' ), array( 'status' => 400 ) );
			}
			$label = 'server' === $preset ? __( 'This server', 'xmlrpc-shield' ) : __( 'This server\'s network', 'xmlrpc-shield' );
		} elseif ( 'jetpack' === $preset ) {
			$data   = Settings::read_preset_file( 'jetpack-ips.txt' );
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
			} elseif ( 'xmlrpc_shield_duplicate' !== $result->get_error_code() ) {
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
		$excluded  = array_map( array( Cidr::class, 'parse' ), self::NOT_SERVER_ADDRESSES );
		$addresses = array();
		foreach ( $candidates as $candidate ) {
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

	/**
	 * Labels are plain text, short, single line. Markup is kept as typed and escaped on
	 * output, so what the owner wrote is never silently changed.
	 *
	 * @param string $label Raw label.
	 */
	private static function clean_label( string $label ): string {
		$label = trim( (string) preg_replace( '/[\x00-\x1f\x7f]+/', ' ', wp_check_invalid_utf8( $label, true ) ) );
		return function_exists( 'mb_substr' ) ? mb_substr( $label, 0, self::MAX_LABEL ) : substr( $label, 0, self::MAX_LABEL );
	}
}
