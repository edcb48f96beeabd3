<?php
/**
 * A stored list of addresses and ranges: the allowlist and the denylist.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield;

use XmlrpcShield\Gate\Cidr;
use XmlrpcShield\Gate\InvalidCidr;

/**
 * One autoloaded option holding entries { cidr, label, created, source }. Validation (what
 * may go on the list) is each list's own; storing, the duplicate and "already covered"
 * checks and removal are the same for both, and so are the words' shape.
 */
abstract class AddressListOption {

	const MAX_ENTRIES = 500;

	const MAX_LABEL = 100;

	/** Where an owner chose an entry: by hand (the default) or from Top offenders. A preset's entries say `preset:<name>`. */
	const SOURCE_MANUAL = 'manual';

	/** The sources an owner's request may name (REST `source`). */
	const SOURCES = array( self::SOURCE_MANUAL, 'offenders' );

	/**
	 * The option name (Settings::ALLOWLIST, Settings::DENYLIST).
	 */
	abstract protected static function option(): string;

	/**
	 * Validates user input as an entry of this list.
	 *
	 * @param string $text Address or CIDR.
	 * @return Cidr|\WP_Error
	 */
	abstract public static function validate( string $text );

	/**
	 * The sentence for an error of this list, by kind: duplicate, covered (%2$s: the entry
	 * that covers it), full, not_found. %1$s is the range (%1$d the maximum for "full").
	 *
	 * @param string $kind One of the kinds above.
	 */
	abstract protected static function message( string $kind ): string;

	/**
	 * All entries.
	 *
	 * @return array<int,array{cidr:string,label:string,created:int,source:string}>
	 */
	public static function entries(): array {
		$stored = get_option( static::option(), array() );
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
					'source'  => isset( $entry['source'] ) ? (string) $entry['source'] : self::SOURCE_MANUAL,
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
		return array_column( static::entries(), 'cidr' );
	}

	/**
	 * The entry whose range holds all of the given one (itself included), or null.
	 *
	 * @param Cidr $cidr Range.
	 * @return array{cidr:string,label:string,created:int,source:string}|null
	 */
	public static function covering_entry( Cidr $cidr ): ?array {
		foreach ( static::entries() as $entry ) {
			$range = Cidr::try_parse( $entry['cidr'] );
			if ( null !== $range && $range->covers( $cidr ) ) {
				return $entry;
			}
		}
		return null;
	}

	/**
	 * The first entry sharing any address with the given range, or null.
	 *
	 * @param Cidr $cidr Range.
	 * @return array{cidr:string,label:string,created:int,source:string}|null
	 */
	public static function overlapping_entry( Cidr $cidr ): ?array {
		foreach ( static::entries() as $entry ) {
			$range = Cidr::try_parse( $entry['cidr'] );
			if ( null !== $range && $range->overlaps( $cidr ) ) {
				return $entry;
			}
		}
		return null;
	}

	/**
	 * Adds one entry. An exact duplicate, or a range an entry already holds whole, is refused
	 * with 409 and named: the owner learns the address is already covered, and the list does
	 * not fill with entries that change nothing.
	 *
	 * @param string $text   Address or CIDR.
	 * @param string $label  Free text label.
	 * @param string $source manual, offenders or preset:<name>.
	 * @return array{cidr:string,label:string,created:int,source:string}|\WP_Error
	 */
	public static function add( string $text, string $label = '', string $source = self::SOURCE_MANUAL ) {
		$cidr = static::validate( $text );
		if ( is_wp_error( $cidr ) ) {
			return $cidr;
		}
		$entries = static::entries();
		$covered = static::covering_entry( $cidr );
		if ( null !== $covered ) {
			$same    = $covered['cidr'] === (string) $cidr;
			$message = $same
				? sprintf( static::message( 'duplicate' ), (string) $cidr )
				: sprintf( static::message( 'covered' ), (string) $cidr, $covered['cidr'] );
			return new \WP_Error(
				$same ? 'xmlrpc_shield_duplicate' : 'xmlrpc_shield_covered',
				$message,
				array(
					'status'     => 409,
					'covered_by' => $covered['cidr'],
					// The reason belongs to the field the address was typed in.
					'params'     => array( 'cidr' => $message ),
				)
			);
		}
		if ( count( $entries ) >= self::MAX_ENTRIES ) {
			return new \WP_Error( 'xmlrpc_shield_list_full', sprintf( static::message( 'full' ), self::MAX_ENTRIES ), array( 'status' => 400 ) );
		}
		$entry     = array(
			'cidr'    => (string) $cidr,
			'label'   => self::clean_label( $label ),
			'created' => time(),
			'source'  => $source,
		);
		$entries[] = $entry;
		update_option( static::option(), $entries, true );
		return $entry;
	}

	/**
	 * Removes the entry for a range (matched on its canonical form).
	 *
	 * @param string $text Address or CIDR.
	 * @return array{cidr:string,label:string,created:int,source:string}|\WP_Error The removed entry.
	 */
	public static function remove( string $text ) {
		$cidr    = Cidr::try_parse( $text );
		$key     = null === $cidr ? trim( $text ) : (string) $cidr;
		$entries = static::entries();
		foreach ( $entries as $index => $entry ) {
			if ( $entry['cidr'] === $key ) {
				array_splice( $entries, $index, 1 );
				update_option( static::option(), $entries, true );
				return $entry;
			}
		}
		return new \WP_Error( 'xmlrpc_shield_not_found', sprintf( static::message( 'not_found' ), $key ), array( 'status' => 404 ) );
	}

	/**
	 * A 400 error for an entry this list refuses.
	 *
	 * @param string $message Reason.
	 */
	protected static function invalid( string $message ): \WP_Error {
		return new \WP_Error(
			'xmlrpc_shield_invalid_cidr',
			$message,
			array(
				'status' => 400,
				'params' => array( 'cidr' => $message ),
			)
		);
	}

	/**
	 * Parses a range and refuses one broader than Cidr::MIN_LIST_PREFIX_*.
	 *
	 * @param string $text      Address or CIDR.
	 * @param string $too_broad Sentence for a too-broad range (%1$s range, %2$d smallest prefix).
	 * @return Cidr|\WP_Error
	 */
	protected static function parse_bounded( string $text, string $too_broad ) {
		try {
			$cidr = Cidr::parse( $text );
		} catch ( InvalidCidr $e ) {
			return static::invalid( $e->getMessage() );
		}
		$min = $cidr->is_ipv6() ? Cidr::MIN_LIST_PREFIX_V6 : Cidr::MIN_LIST_PREFIX_V4;
		if ( $cidr->prefix() < $min ) {
			return static::invalid( sprintf( $too_broad, (string) $cidr, $min ) );
		}
		return $cidr;
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
