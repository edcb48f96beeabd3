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
		Output::list_entries( $assoc_args['format'] ?? 'table', Allowlist::entries() );
	}

	/**
	 * Adds a preset: this server's own addresses, its network, or Jetpack's published ranges.
	 *
	 * `server` adds each address of this server alone (/32, /128; never loopback). `server-network`
	 * adds the /24 or /64 around them: only choose it knowing that such a network may hold a
	 * proxy on the same host or a Docker network's gateway (every client behind it would then
	 * pass) or, on a cloud host, other customers.
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
	 *   - server-network
	 *   - jetpack
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield allow preset jetpack
	 *     $ wp xmlrpc-shield allow preset server
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
