<?php
/**
 * `wp xmlrpc-shield early-gate`: install or remove the gate that runs before WordPress.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Cli;

use WP_CLI;
use XmlrpcShield\Autopilot\Autopilot;
use XmlrpcShield\EarlyGate\Installer;
use XmlrpcShield\Settings;

/**
 * Reports exactly which files were written or removed.
 */
final class EarlyGateCommand {

	/**
	 * Installs the early gate.
	 *
	 * ## OPTIONS
	 *
	 * [--method=<method>]
	 * : How PHP is told to run it. auto picks htaccess under Apache mod_php, user-ini under
	 * PHP-FPM/CGI, mu-plugin elsewhere.
	 * ---
	 * default: auto
	 * options:
	 *   - auto
	 *   - htaccess
	 *   - user-ini
	 *   - mu-plugin
	 * ---
	 *
	 * [--skip-verify]
	 * : Do not send the loopback test request.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield early-gate install --method=htaccess
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function install( $args, $assoc_args ): void {
		Command::require_network_site();
		$report = Installer::install( (string) ( $assoc_args['method'] ?? 'auto' ), ! isset( $assoc_args['skip-verify'] ) );
		if ( ! $report['ok'] ) {
			WP_CLI::error( $report['message'] );
		}
		Autopilot::owner_installed( $report['method'] );
		foreach ( $report['files'] as $file ) {
			WP_CLI::line( 'Wrote ' . $file );
		}
		WP_CLI::success( sprintf( 'Early gate installed (%s). %s', $report['method'], $report['message'] ) );
	}

	/**
	 * Removes the early gate.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield early-gate remove
	 *
	 * @alias uninstall
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function remove( $args, $assoc_args ): void {
		Command::require_network_site();
		$layer = Installer::status()['method'];
		$files = Installer::remove();
		// The owner's undo: autopilot never installs it again by itself.
		Autopilot::owner_removed( $layer, $files );
		foreach ( $files as $file ) {
			WP_CLI::line( 'Changed ' . $file );
		}
		WP_CLI::success( 'Early gate removed. Autopilot will not install it again until you run "wp xmlrpc-shield early-gate install" or "wp xmlrpc-shield autopilot on".' );
	}

	/**
	 * Shows whether the early gate is installed and how.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield early-gate status
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function status( $args, $assoc_args ): void {
		$status = Settings::on_main_site( array( Installer::class, 'status' ) );
		WP_CLI::line( $status['installed'] ? 'installed (' . $status['method'] . ')' : 'not installed' );
		foreach ( $status['files'] as $file ) {
			WP_CLI::line( '  ' . $file );
		}
		if ( '' !== $status['error'] ) {
			WP_CLI::warning( $status['error'] );
		}
	}
}
