<?php
/**
 * `wp xmlrpc-shield lockout`: clients locked out after failed XML-RPC logins.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Cli;

use WP_CLI;
use XmlrpcShield\Lockout\LockoutPolicy;
use XmlrpcShield\Lockout\Lockouts;

/**
 * Lists and releases lockouts, and shows or changes when they happen.
 */
final class LockoutCommand {

	/**
	 * Lists the clients with failed XML-RPC logins on record, locked-out ones first.
	 *
	 * An IPv6 client is listed (and locked out) as its /64. "allowlisted" clients are counted
	 * but never locked out: look into them, a trusted server that guesses passwords is a
	 * compromised one.
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : Output format (json: the REST shape, with the policy).
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
	 *     $ wp xmlrpc-shield lockout list
	 *     $ wp xmlrpc-shield lockout list --format=json
	 *
	 * @subcommand list
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function list_( $args, $assoc_args ): void {
		$format = $assoc_args['format'] ?? 'table';
		$report = Lockouts::report();
		if ( 'json' === $format ) {
			WP_CLI::line( (string) wp_json_encode( $report ) );
			return;
		}
		$rows = array_map(
			static function ( array $item ): array {
				return array(
					'client'       => $item['client'],
					'last_ip'      => $item['last_ip'],
					'failures'     => $item['failures'],
					'last_failure' => gmdate( 'Y-m-d H:i:s', $item['last_failure'] ),
					'locked_until' => $item['locked'] ? gmdate( 'Y-m-d H:i:s', $item['locked_until'] ) : '',
					'allowlisted'  => $item['allowlisted'] ? 'yes' : 'no',
				);
			},
			$report['items']
		);
		Output::items( $format, $rows, array( 'client', 'last_ip', 'failures', 'last_failure', 'locked_until', 'allowlisted' ) );
	}

	/**
	 * Releases a client: its lockout ends at once, in every layer, and its count starts again.
	 *
	 * ## OPTIONS
	 *
	 * <ip>
	 * : The address (an IPv6 address stands for its /64), or the client as `list` shows it.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield lockout release 203.0.113.7
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function release( $args, $assoc_args ): void {
		$released = Lockouts::release( (string) $args[0] );
		if ( is_wp_error( $released ) ) {
			WP_CLI::error( $released->get_error_message() );
		}
		WP_CLI::success( sprintf( 'Released %s.', $released ) );
	}

	/**
	 * Shows or changes when failed logins lock a client out.
	 *
	 * ## OPTIONS
	 *
	 * [--enabled=<enabled>]
	 * : Whether failed logins lock a client out (true or false).
	 *
	 * [--threshold=<number>]
	 * : Failed logins that start a lockout.
	 *
	 * [--window-minutes=<minutes>]
	 * : Within how many minutes they count.
	 *
	 * [--duration-minutes=<minutes>]
	 * : How long a lockout lasts.
	 *
	 * [--format=<format>]
	 * : Output format.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield lockout policy
	 *     $ wp xmlrpc-shield lockout policy --threshold=5 --duration-minutes=240
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function policy( $args, $assoc_args ): void {
		$changes = array();
		foreach ( array( 'enabled', 'threshold', 'window_minutes', 'duration_minutes' ) as $key ) {
			$option = str_replace( '_', '-', $key );
			if ( isset( $assoc_args[ $option ] ) ) {
				$changes[ $key ] = $assoc_args[ $option ];
			}
		}
		$policy = array() === $changes ? LockoutPolicy::get() : LockoutPolicy::update( $changes );
		if ( is_wp_error( $policy ) ) {
			WP_CLI::error( $policy->get_error_message() );
		}
		$policy['enabled'] = $policy['enabled'] ? 'true' : 'false';
		WP_CLI\Utils\format_items( $assoc_args['format'] ?? 'table', array( $policy ), array_keys( $policy ) );
	}
}
