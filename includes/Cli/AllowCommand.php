<?php
/**
 * `wp xmlrpc-shield allow`: the allowlist from the terminal.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Cli;

use WP_CLI;
use XmlrpcShield\Allowlist;

/**
 * Adds, removes and lists addresses and ranges that pass in every mode.
 */
final class AllowCommand {

	/**
	 * Adds an IP address or CIDR range.
	 *
	 * ## OPTIONS
	 *
	 * <range>
	 * : IPv4 or IPv6 address or CIDR range, e.g. 192.0.2.0/24.
	 *
	 * [--label=<label>]
	 * : What the entry is for.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield allow add 192.0.2.0/24 --label="Office"
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function add( $args, $assoc_args ): void {
		$entry = Allowlist::add( $args[0], (string) ( $assoc_args['label'] ?? '' ) );
		if ( is_wp_error( $entry ) ) {
			WP_CLI::error( $entry->get_error_message() );
		}
		WP_CLI::success( sprintf( 'Added %s to the allowlist.', $entry['cidr'] ) );
	}

	/**
	 * Removes an entry.
	 *
	 * ## OPTIONS
	 *
	 * <range>
	 * : The address or range as listed.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield allow remove 192.0.2.0/24
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function remove( $args, $assoc_args ): void {
		$entry = Allowlist::remove( $args[0] );
		if ( is_wp_error( $entry ) ) {
			WP_CLI::error( $entry->get_error_message() );
		}
		WP_CLI::success( sprintf( 'Removed %s from the allowlist.', $entry['cidr'] ) );
	}

	/**
	 * Lists the allowlist.
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : Output format.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - csv
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield allow list --format=json
	 *
	 * @subcommand list
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function list_( $args, $assoc_args ): void {
		$rows = array_map(
			static function ( $entry ) {
				$entry['created'] = $entry['created'] ? gmdate( 'Y-m-d H:i', $entry['created'] ) : '';
				return $entry;
			},
			Allowlist::entries()
		);
		WP_CLI\Utils\format_items( $assoc_args['format'] ?? 'table', $rows, array( 'cidr', 'label', 'source', 'created' ) );
	}

	/**
	 * Adds a preset: this server's address and /24, or Jetpack's published ranges.
	 *
	 * A connected Jetpack needs no preset: its signed requests pass in every mode, and
	 * Jetpack's ranges change. Add them only where a web-server rule refuses XML-RPC first.
	 *
	 * ## OPTIONS
	 *
	 * <preset>
	 * : Which preset.
	 * ---
	 * options:
	 *   - server
	 *   - jetpack
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield allow preset jetpack
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function preset( $args, $assoc_args ): void {
		$added = Allowlist::apply_preset( $args[0] );
		if ( is_wp_error( $added ) ) {
			WP_CLI::error( $added->get_error_message() );
		}
		WP_CLI::success( sprintf( 'Added %d entries.', $added ) );
	}
}
