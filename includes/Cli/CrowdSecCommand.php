<?php
/**
 * `wp xmlrpc-shield crowdsec`: push the blocklist to a CrowdSec Local API.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Cli;

use WP_CLI;
use XmlrpcShield\CrowdSec\Config;
use XmlrpcShield\CrowdSec\Pusher;
use XmlrpcShield\Log\Scheduler;

/**
 * Settings, state, a push now and a login test. Network-level: on a network, run for the main
 * site (its log is the network log).
 *
 * ## EXAMPLES
 *
 *     # Register a machine on the CrowdSec host, then give it to the plugin.
 *     $ sudo cscli machines add wordpress-example --password 'long-random-secret' -f /dev/null
 *     $ echo 'long-random-secret' | wp xmlrpc-shield crowdsec configure --lapi-url=http://127.0.0.1:8080/ --machine=wordpress-example --password=- --enable
 *     $ wp xmlrpc-shield crowdsec test
 *     $ wp xmlrpc-shield crowdsec push
 */
final class CrowdSecCommand {

	/**
	 * Shows the settings (not the password) and what the last pushes did.
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : Output format; json is the shape of GET /xmlrpc-shield/v1/crowdsec.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield crowdsec status --format=json
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function status( $args, $assoc_args ): void {
		Command::require_network_site();
		$settings = Config::to_public();
		$state    = Pusher::public_state( time() );
		if ( 'json' === ( $assoc_args['format'] ?? 'table' ) ) {
			WP_CLI::line(
				(string) wp_json_encode(
					array(
						'settings' => $settings,
						'state'    => $state,
					)
				)
			);
			return;
		}
		$when = static function ( $time ): string {
			return null === $time ? '-' : gmdate( 'Y-m-d H:i:s', (int) $time ) . ' UTC';
		};
		WP_CLI::line( 'Push:            ' . ( $settings['enabled'] ? 'on' : 'off' ) );
		WP_CLI::line( 'Local API:       ' . ( '' === $settings['url'] ? '-' : $settings['url'] ) );
		WP_CLI::line( 'Machine:         ' . ( '' === $settings['machine_id'] ? '-' : $settings['machine_id'] ) . ( $settings['password_set'] ? ' (password set)' : ' (no password)' ) );
		WP_CLI::line( sprintf( 'Rule:            %d blocked requests in an hour from one network -> ban for %dh', $settings['threshold'], $settings['duration_hours'] ) );
		WP_CLI::line( 'Last attempt:    ' . $when( $state['last_attempt_at'] ) );
		WP_CLI::line( 'Last success:    ' . $when( $state['last_success_at'] ) );
		if ( '' !== $state['last_error'] ) {
			WP_CLI::line( 'Last error:      ' . $when( $state['last_error_at'] ) . ' ' . Output::text( $state['last_error'] ) );
			WP_CLI::line( sprintf( 'Next attempt:    %s (%d failures in a row)', $when( $state['next_attempt_at'] ), $state['failures'] ) );
		}
		WP_CLI::line( sprintf( 'Networks pushed: %d', count( $state['networks'] ) ) );
		foreach ( $state['networks'] as $network ) {
			WP_CLI::line( sprintf( '  %-45s %8d hits  until %s', $network['cidr'], $network['hits'], $when( $network['until'] ) ) );
		}
	}

	/**
	 * Ingests the log, then pushes now, even while pushing is off or pausing after failures.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield crowdsec push
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function push( $args, $assoc_args ): void {
		Command::require_network_site();
		Scheduler::ingest_and_prune( Scheduler::OPERATOR_WAIT );
		$report = Pusher::push( true );
		foreach ( $report['pushed'] as $cidr ) {
			WP_CLI::line( 'Pushed ' . $cidr );
		}
		foreach ( $report['withdrawn'] as $cidr ) {
			WP_CLI::line( 'Withdrew ' . $cidr );
		}
		if ( ! $report['ok'] ) {
			WP_CLI::error( Output::text( $report['message'] ) );
		}
		WP_CLI::success( $report['message'] );
	}

	/**
	 * Logs in to the Local API with the stored settings; changes nothing.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield crowdsec test
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function test( $args, $assoc_args ): void {
		Command::require_network_site();
		$result = Pusher::test();
		if ( ! $result['ok'] ) {
			WP_CLI::error( Output::text( $result['message'] ) );
		}
		WP_CLI::success( $result['message'] );
	}

	/**
	 * Changes the settings; all are checked before any is saved.
	 *
	 * ## OPTIONS
	 *
	 * [--lapi-url=<url>]
	 * : The Local API's address, e.g. http://127.0.0.1:8080/.
	 *
	 * [--machine=<name>]
	 * : The machine name (`cscli machines add <name>`).
	 *
	 * [--password=<password>]
	 * : The machine's password; `-` reads it from standard input (kept out of the shell history).
	 *
	 * [--threshold=<hits>]
	 * : Blocked requests in an hour from one network that make it pushed.
	 *
	 * [--duration=<hours>]
	 * : How long each decision lasts.
	 *
	 * [--enable]
	 * : Push every minute from WP-Cron.
	 *
	 * [--disable]
	 * : Stop pushing (decisions already sent run out by themselves).
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield crowdsec configure --threshold=50 --duration=12
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function configure( $args, $assoc_args ): void {
		Command::require_network_site();
		$changes = array();
		foreach ( array(
			'lapi-url'  => 'url',
			'machine'   => 'machine_id',
			'password'  => 'password',
			'threshold' => 'threshold',
			'duration'  => 'duration_hours',
		) as $option => $key ) {
			if ( isset( $assoc_args[ $option ] ) ) {
				$changes[ $key ] = (string) $assoc_args[ $option ];
			}
		}
		if ( '-' === ( $changes['password'] ?? null ) ) {
			$changes['password'] = trim( (string) stream_get_contents( STDIN ) );
		}
		if ( isset( $assoc_args['enable'] ) || isset( $assoc_args['disable'] ) ) {
			$changes['enabled'] = isset( $assoc_args['enable'] );
		}
		$saved = Config::update( $changes );
		if ( is_wp_error( $saved ) ) {
			WP_CLI::error( $saved->get_error_message() );
		}
		WP_CLI::success( $saved['enabled'] ? 'Saved; pushing every minute.' : 'Saved; pushing is off.' );
	}
}
