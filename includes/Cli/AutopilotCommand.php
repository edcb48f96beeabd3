<?php
/**
 * `wp xmlrpc-shield autopilot`: whether the plugin installs the early gate by itself.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Cli;

use WP_CLI;
use XmlrpcShield\Autopilot\Autopilot;
use XmlrpcShield\Settings;

/**
 * After activation the plugin installs the early gate by itself (a WP-Cron event, checked with
 * a test request, rolled back on any doubt). These subcommands turn that on or off and show
 * what it did. Network-level: on a network, for the main site.
 *
 * ## EXAMPLES
 *
 *     $ wp xmlrpc-shield autopilot status
 *     $ wp xmlrpc-shield autopilot off
 */
final class AutopilotCommand {

	/**
	 * Turns autopilot on: an earlier undo no longer holds, and the early gate is installed on
	 * the next WP-Cron run.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield autopilot on
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function on( $args, $assoc_args ): void {
		Command::require_network_site();
		WP_CLI::success( Autopilot::set_enabled( true ) );
	}

	/**
	 * Turns autopilot off. Nothing installed is removed (use `wp xmlrpc-shield early-gate remove`).
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield autopilot off
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function off( $args, $assoc_args ): void {
		Command::require_network_site();
		WP_CLI::success( Autopilot::set_enabled( false ) );
	}

	/**
	 * Shows whether autopilot is on, its state, the layer installed, the next attempt and its
	 * events (newest first).
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : Output format (json: the REST API's shape).
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield autopilot status --format=json
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function status( $args, $assoc_args ): void {
		$status = Settings::on_main_site( array( Autopilot::class, 'to_array' ) );
		if ( 'json' === ( $assoc_args['format'] ?? 'table' ) ) {
			WP_CLI::line( (string) wp_json_encode( $status ) );
			return;
		}
		WP_CLI::line( 'autopilot: ' . ( $status['enabled'] ? 'on' : 'off' ) );
		WP_CLI::line( 'state: ' . $status['state'] . ( '' !== $status['layer'] ? ' (' . $status['layer'] . ')' : '' ) );
		if ( null !== $status['next_attempt_at'] ) {
			WP_CLI::line( 'next: ' . gmdate( 'Y-m-d H:i:s', $status['next_attempt_at'] ) . ' UTC' );
		}
		$rows = array();
		foreach ( $status['events'] as $event ) {
			$rows[] = array(
				'at'     => gmdate( 'Y-m-d H:i:s', (int) $event['at'] ),
				'kind'   => $event['kind'],
				'layer'  => $event['layer'],
				'reason' => $event['reason'],
				'files'  => implode( ', ', $event['files'] ),
			);
		}
		if ( array() !== $rows ) {
			Output::items( 'table', $rows, array( 'at', 'kind', 'layer', 'reason', 'files' ) );
		}
	}
}
