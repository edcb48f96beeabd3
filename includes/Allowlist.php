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
	 * @param string $source manual, preset:server or preset:jetpack.
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

	/**
	 * Adds a preset's ranges, skipping those already present.
	 *
	 * @param string $preset server or jetpack.
	 * @return int|\WP_Error Number of entries added.
	 */
	public static function apply_preset( string $preset ) {
		if ( 'server' === $preset ) {
			$ranges = self::server_ranges();
			if ( array() === $ranges ) {
				return new \WP_Error( 'xmlrpc_shield_no_server_address', __( 'This server\'s address could not be determined.', 'xmlrpc-shield' ), array( 'status' => 400 ) );
			}
			$label = __( 'This server', 'xmlrpc-shield' );
		} elseif ( 'jetpack' === $preset ) {
			$data   = Settings::read_preset_file( 'jetpack-ips.txt' );
			$ranges = $data['cidrs'];
			$label  = __( 'Jetpack', 'xmlrpc-shield' );
		} else {
			return new \WP_Error( 'xmlrpc_shield_unknown_preset', __( 'Unknown preset: use "server" or "jetpack".', 'xmlrpc-shield' ), array( 'status' => 400 ) );
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
	 * This server's own address and its /24 (or /64), as the seed site's owner allowed.
	 *
	 * @return string[]
	 */
	public static function server_ranges(): array {
		$address = isset( $_SERVER['SERVER_ADDR'] ) ? sanitize_text_field( wp_unslash( $_SERVER['SERVER_ADDR'] ) ) : '';
		if ( ! IpAddress::is_valid( $address ) ) {
			return array();
		}
		$single = (string) Cidr::parse( $address );
		$subnet = IpAddress::subnet( $address );
		return array_values( array_unique( array( $single, $subnet ) ) );
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
