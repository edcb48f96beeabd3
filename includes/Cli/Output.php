<?php
/**
 * Prints rows that hold strings attackers chose (user agents, method names, labels).
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Cli;

use WP_CLI;

/**
 * The log stores a user agent as sent (raw bytes that are not UTF-8 are read as Latin-1, so a
 * lone 0x9B arrives as U+009B, the C1 control CSI). Printed raw, such a value drives the
 * operator's terminal (ESC and CSI sequences can move the cursor, rewrite earlier lines or set
 * the window title), and in a CSV opened by a spreadsheet a cell starting with "=" is a formula.
 * Table and CSV output therefore show control characters as visible escapes, and CSV cells
 * that a spreadsheet would evaluate get a leading apostrophe (OWASP's advice for CSV
 * injection). JSON is left exact: its encoder already escapes every control character.
 */
final class Output {

	/** Cell starts that make a spreadsheet evaluate a CSV cell. */
	const FORMULA_STARTS = array( '=', '+', '-', '@', "\t", "\r" );

	/**
	 * C0 controls, DEL, C1 controls, and the bidirectional overrides and isolates that reorder
	 * what a terminal shows ("Trojan Source"), as a PCRE character class over code points.
	 */
	const CONTROLS = '/[\x{0}-\x{1f}\x{7f}-\x{9f}\x{200e}\x{200f}\x{202a}-\x{202e}\x{2066}-\x{2069}]/u';

	/**
	 * Prints the entries of an address list (allowlist, denylist).
	 *
	 * @param string                                                               $format  table, json or csv.
	 * @param array<int,array{cidr:string,label:string,created:int,source:string}> $entries Entries.
	 */
	public static function list_entries( string $format, array $entries ): void {
		$rows = array_map(
			static function ( $entry ) {
				$entry['created'] = $entry['created'] ? gmdate( 'Y-m-d H:i', $entry['created'] ) : '';
				return $entry;
			},
			$entries
		);
		self::items( $format, $rows, array( 'cidr', 'label', 'source', 'created' ) );
	}

	/**
	 * WP-CLI's format_items(), with every string cell made safe for the format.
	 *
	 * @param string                         $format table, csv or json.
	 * @param array<int,array<string,mixed>> $rows   Rows.
	 * @param string[]                       $fields Columns.
	 */
	public static function items( string $format, array $rows, array $fields ): void {
		if ( 'json' !== $format ) {
			foreach ( $rows as $index => $row ) {
				foreach ( $row as $field => $value ) {
					if ( is_string( $value ) ) {
						$rows[ $index ][ $field ] = 'csv' === $format ? self::csv_cell( $value ) : self::text( $value );
					}
				}
			}
		}
		WP_CLI\Utils\format_items( $format, $rows, $fields );
	}

	/**
	 * A string with control characters shown as \uXXXX and bytes that are not UTF-8 as \xHH:
	 * nothing in it can act on a terminal.
	 *
	 * @param string $value Stored value.
	 */
	public static function text( string $value ): string {
		if ( ! preg_match( '//u', $value ) ) {
			// Not valid UTF-8: keep ASCII, show every other byte.
			$value = (string) preg_replace_callback(
				'/[\x80-\xff]/',
				static function ( array $byte ): string {
					return sprintf( '\\x%02x', ord( $byte[0] ) );
				},
				$value
			);
		}
		return (string) preg_replace_callback(
			self::CONTROLS,
			static function ( array $char ): string {
				return sprintf( '\\u%04x', self::code_point( $char[0] ) );
			},
			$value
		);
	}

	/**
	 * The code point of one UTF-8 character of up to three bytes (all CONTROLS are), without
	 * needing mbstring.
	 *
	 * @param string $char One character.
	 */
	private static function code_point( string $char ): int {
		$bytes = array_values( (array) unpack( 'C*', $char ) );
		switch ( count( $bytes ) ) {
			case 1:
				return $bytes[0];
			case 2:
				return ( ( $bytes[0] & 0x1f ) << 6 ) | ( $bytes[1] & 0x3f );
			default:
				return ( ( $bytes[0] & 0x0f ) << 12 ) | ( ( $bytes[1] & 0x3f ) << 6 ) | ( $bytes[2] & 0x3f );
		}
	}

	/**
	 * A CSV cell: visible escapes as in text(), and a leading apostrophe when a spreadsheet
	 * would read the cell as a formula.
	 *
	 * @param string $value Stored value.
	 */
	public static function csv_cell( string $value ): string {
		$value = self::text( $value );
		return '' !== $value && in_array( $value[0], self::FORMULA_STARTS, true ) ? "'" . $value : $value;
	}
}
