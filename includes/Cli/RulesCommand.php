<?php
/**
 * `wp xmlrpc-shield rules`: the .htaccess block and the nginx snippet.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Cli;

use WP_CLI;
use XmlrpcShield\Allowlist;
use XmlrpcShield\Denylist;
use XmlrpcShield\Paths;
use XmlrpcShield\Rules\NginxRules;
use XmlrpcShield\Rules\ServerRulesWriter;
use XmlrpcShield\Settings;

/**
 * Writes, checks and removes the web-server rules that refuse xmlrpc.php before PHP runs.
 */
final class RulesCommand {

	/**
	 * Says whether the .htaccess block is present and matches the settings.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield rules status
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function status( $args, $assoc_args ): void {
		$status = Settings::on_main_site( array( ServerRulesWriter::class, 'status' ) );
		$synced = Settings::on_main_site(
			static function (): bool {
				return (bool) get_option( Settings::SERVER_RULES, false );
			}
		);
		WP_CLI::line( sprintf( 'file: %s', ServerRulesWriter::htaccess_path() ) );
		WP_CLI::line( sprintf( 'server reads .htaccess: %s', $status['supported'] ? 'yes' : 'no' ) );
		WP_CLI::line( sprintf( 'kept in sync: %s', $synced ? 'yes' : 'no' ) );
		WP_CLI::line( sprintf( 'installed: %s', $status['installed'] ? 'yes' : 'no' ) );
		WP_CLI::line( sprintf( 'matches the settings: %s', $status['in_sync'] ? 'yes' : 'no (drift)' ) );
		$note = (string) Settings::on_main_site( array( ServerRulesWriter::class, 'proxy_note' ) );
		if ( '' !== $note ) {
			WP_CLI::line( $note );
		}
	}

	/**
	 * Writes the block for the current mode and allowlist into .htaccess and keeps it in sync.
	 *
	 * ## OPTIONS
	 *
	 * [--force]
	 * : Write even when this process cannot tell the web server is Apache (WP-CLI never can).
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield rules write --force
	 *     Success: .htaccess now refuses xmlrpc.php to everyone but the allowlist.
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function write( $args, $assoc_args ): void {
		Command::require_network_site();
		if ( ! empty( $assoc_args['force'] ) ) {
			add_filter( 'xmlrpc_shield_server_reads_htaccess', '__return_true' );
		}
		$result = ServerRulesWriter::write();
		if ( is_wp_error( $result ) ) {
			WP_CLI::error( $result->get_error_message() );
		}
		WP_CLI::success( array() === ServerRulesWriter::desired_lines() ? 'Rules are on; this mode needs no .htaccess block, so none is written.' : '.htaccess now refuses xmlrpc.php to everyone but the allowlist.' );
	}

	/**
	 * Removes the block from .htaccess and stops syncing it.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield rules remove
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function remove( $args, $assoc_args ): void {
		Command::require_network_site();
		if ( ! ServerRulesWriter::remove() ) {
			WP_CLI::error( 'The block could not be removed from .htaccess.' );
		}
		WP_CLI::success( 'Rules removed.' );
	}

	/**
	 * Prints the nginx snippet for the current mode and allowlist.
	 *
	 * ## OPTIONS
	 *
	 * [--fastcgi-pass=<address>]
	 * : Your PHP-FPM address.
	 * ---
	 * default: unix:/run/php/php8.2-fpm.sock
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield rules nginx > /etc/nginx/snippets/xmlrpc-shield.conf
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function nginx( $args, $assoc_args ): void {
		$pass = (string) ( $assoc_args['fastcgi-pass'] ?? 'unix:/run/php/php8.2-fpm.sock' );
		if ( ! preg_match( '#^(unix:/[\w./-]+|[\w.-]+:\d+|\[[0-9a-f:]+\]:\d+)$#i', $pass ) ) {
			WP_CLI::error( sprintf( 'Not a PHP-FPM address: "%s". Use unix:/path.sock or host:port.', $pass ) );
		}
		WP_CLI::line( rtrim( NginxRules::snippet( Settings::mode(), Allowlist::cidrs(), $pass, Paths::data_url_path(), Denylist::cidrs() ) ) );
	}
}
