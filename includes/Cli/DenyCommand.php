<?php
/**
 * `wp xmlrpc-shield deny`: the denylist from the terminal.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Cli;

use WP_CLI;
use XmlrpcShield\Denylist;

/**
 * Adds, removes and lists addresses and ranges refused in every mode but off, by the
 * plugin-load gate, the early gate and the server rules. The denylist wins over the allowlist.
 */
final class DenyCommand {

	/**
	 * Adds an IP address or CIDR range to the denylist.
	 *
	 * Loopback, this server's addresses, trusted proxies and private or other special-purpose
	 * networks are refused with the reason.
	 *
	 * ## OPTIONS
	 *
	 * <range>
	 * : IPv4 or IPv6 address or CIDR range, e.g. 203.0.113.7 or 2001:db8:1::/64.
	 *
	 * [--label=<label>]
	 * : What the entry is for.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield deny add 198.51.100.0/24 --label="Brute force, May"
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function add( $args, $assoc_args ): void {
		$entry = Denylist::add( $args[0], (string) ( $assoc_args['label'] ?? '' ) );
		if ( is_wp_error( $entry ) ) {
			WP_CLI::error( $entry->get_error_message() );
		}
		$note = Denylist::note( $entry['cidr'] );
		if ( '' !== $note ) {
			WP_CLI::warning( $note );
		}
		WP_CLI::success( sprintf( 'Added %s to the denylist.', $entry['cidr'] ) );
	}

	/**
	 * Removes an entry from the denylist.
	 *
	 * ## OPTIONS
	 *
	 * <range>
	 * : The address or range as listed.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield deny remove 198.51.100.0/24
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function remove( $args, $assoc_args ): void {
		$entry = Denylist::remove( $args[0] );
		if ( is_wp_error( $entry ) ) {
			WP_CLI::error( $entry->get_error_message() );
		}
		WP_CLI::success( sprintf( 'Removed %s from the denylist.', $entry['cidr'] ) );
	}

	/**
	 * Lists the denylist.
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
	 *     $ wp xmlrpc-shield deny list --format=json
	 *
	 * @subcommand list
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function list_( $args, $assoc_args ): void {
		Output::list_entries( $assoc_args['format'] ?? 'table', Denylist::entries() );
	}
}
