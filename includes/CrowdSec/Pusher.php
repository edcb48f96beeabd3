<?php
/**
 * Pushes the blocklist's networks to a CrowdSec Local API, from WP-Cron and WP-CLI only.
 *
 * One job, a push run: what to send, what to withdraw, the back-off and the state it leaves;
 * the alerts' format is Alerts and the HTTP is LapiClient.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\CrowdSec;

use XmlrpcShield\Log\HitQuery;
use XmlrpcShield\Log\Scheduler;
use XmlrpcShield\Rules\BlockSuggester;
use XmlrpcShield\Settings;

/**
 * Each run after the minutely ingest takes the networks the blocklist export would name now
 * (BlockSuggester over the last hour, at the owner's threshold: never special-purpose,
 * allowlisted, trusted-proxy or this server's networks) and sends an alert with a ban decision
 * for each one that has none from us, or whose decision has run through half its length
 * (still flooding: refreshed). A network that stopped flooding is not sent again, so its
 * decision runs out by itself. A network pushed earlier and protected since (allowlisted
 * after the fact) has our decision deleted.
 *
 * The LAPI is never asked during a visitor's request: the push hangs on the cron hook (WP-Cron
 * runs in its own loopback request, or from a system cron) and on WP-CLI/REST actions. Every
 * call times out after LapiClient::TIMEOUT seconds; a failed run is retried by later runs
 * after a pause that doubles from a minute up to MAX_BACKOFF, so a LAPI that is down costs at
 * most one short attempt an hour. The state option tells the owner what happened.
 */
final class Pusher {

	/** What a run did (its report's `status`). */
	const STATUSES = array( 'disabled', 'not-configured', 'waiting', 'nothing-to-do', 'pushed', 'failed' );

	/** Hits are counted over this HitQuery range. */
	const WINDOW = '1h';

	/** Longest pause between attempts after failures, in seconds (an hour; a literal so unit tests need no WordPress). */
	const MAX_BACKOFF = 3600;

	/** Most networks per run, and alerts per request (the LAPI writes them in one transaction). */
	const MAX_NETWORKS = 500;
	const BATCH        = 100;

	/** Runs after the ingest on the same cron event (Scheduler's handler has priority 10). */
	const CRON_PRIORITY = 20;

	/**
	 * Hooks the push onto the minutely cron event.
	 */
	public static function register(): void {
		add_action( Scheduler::INGEST_HOOK, array( self::class, 'run_from_cron' ), self::CRON_PRIORITY );
	}

	/**
	 * The cron handler: pushes when enabled and not pausing after a failure.
	 */
	public static function run_from_cron(): void {
		self::push( false );
	}

	/**
	 * The state, each key present.
	 *
	 * @return array{last_attempt_at:?int,last_success_at:?int,last_error:string,last_error_at:?int,failures:int,next_attempt_at:?int,networks:array<string,array{until:int,pushed_at:int,hits:int}>}
	 */
	public static function state(): array {
		$state = get_option( Settings::CROWDSEC_STATE, array() );
		$out   = array(
			'last_attempt_at' => null,
			'last_success_at' => null,
			'last_error'      => '',
			'last_error_at'   => null,
			'failures'        => 0,
			'next_attempt_at' => null,
			'networks'        => array(),
		);
		if ( ! is_array( $state ) ) {
			return $out;
		}
		foreach ( array( 'last_attempt_at', 'last_success_at', 'last_error_at', 'next_attempt_at' ) as $key ) {
			$out[ $key ] = isset( $state[ $key ] ) && is_int( $state[ $key ] ) ? $state[ $key ] : null;
		}
		$out['last_error'] = isset( $state['last_error'] ) && is_string( $state['last_error'] ) ? $state['last_error'] : '';
		$out['failures']   = isset( $state['failures'] ) && is_int( $state['failures'] ) ? $state['failures'] : 0;
		$out['networks']   = isset( $state['networks'] ) && is_array( $state['networks'] ) ? $state['networks'] : array();
		return $out;
	}

	/**
	 * The state as REST and WP-CLI show it: networks with a decision still running, as a list.
	 *
	 * @param int $now Unix time.
	 * @return array<string,mixed>
	 */
	public static function public_state( int $now ): array {
		$state    = self::state();
		$networks = array();
		foreach ( $state['networks'] as $cidr => $network ) {
			if ( (int) $network['until'] > $now ) {
				$networks[] = array(
					'cidr'      => (string) $cidr,
					'hits'      => (int) $network['hits'],
					'pushed_at' => (int) $network['pushed_at'],
					'until'     => (int) $network['until'],
				);
			}
		}
		$state['networks'] = $networks;
		return $state;
	}

	/**
	 * One push run.
	 *
	 * @param bool $now_please True for the owner's "push now" (WP-CLI, REST): runs even while
	 *                         disabled or pausing after failures.
	 * @return array{ok:bool,status:string,message:string,pushed:string[],withdrawn:string[]}
	 *         status: one of STATUSES.
	 */
	public static function push( bool $now_please ): array {
		$config = Config::get();
		$now    = time();
		if ( ! $config['enabled'] && ! $now_please ) {
			return self::report( true, 'disabled', __( 'Pushing to CrowdSec is off.', 'xmlrpc-shield' ) );
		}
		if ( ! Config::is_complete( $config ) ) {
			return self::report( false, 'not-configured', __( 'Set the Local API URL, the machine name and its password first.', 'xmlrpc-shield' ) );
		}
		$state = self::state();
		if ( ! $now_please && null !== $state['next_attempt_at'] && $state['next_attempt_at'] > $now ) {
			return self::report( true, 'waiting', __( 'Waiting before the next attempt after a failure.', 'xmlrpc-shield' ) );
		}

		// Decisions that ran out are the LAPI's business now; forget them.
		$live = array();
		foreach ( $state['networks'] as $cidr => $network ) {
			if ( is_array( $network ) && (int) ( $network['until'] ?? 0 ) > $now ) {
				$live[ (string) $cidr ] = $network;
			}
		}
		$duration          = $config['duration_hours'] * HOUR_IN_SECONDS;
		list( $from, $to ) = HitQuery::window( self::WINDOW, $now );
		$due               = array();
		foreach ( BlockSuggester::suggest( $from, $to, $config['threshold'], self::MAX_NETWORKS ) as $network ) {
			$pushed = $live[ $network['cidr'] ] ?? null;
			if ( null === $pushed || (int) $pushed['until'] - $now < $duration / 2 ) {
				$due[] = $network;
			}
		}
		$withdraw = array();
		foreach ( array_keys( $live ) as $cidr ) {
			if ( ! BlockSuggester::is_blockable( (string) $cidr ) ) {
				$withdraw[] = (string) $cidr;
			}
		}
		if ( array() === $due && array() === $withdraw ) {
			$state['networks'] = $live;
			self::save( $state );
			return self::report( true, 'nothing-to-do', __( 'No network to push or refresh.', 'xmlrpc-shield' ) );
		}

		$state['last_attempt_at'] = $now;
		$client                   = new LapiClient( $config['url'], $config['machine_id'], $config['password'] );
		$pushed                   = array();
		$withdrawn                = array();
		$token                    = $client->login();
		$error                    = is_wp_error( $token ) ? $token : null;
		if ( is_string( $token ) ) {
			foreach ( array_chunk( $due, self::BATCH ) as $batch ) {
				$sent = $client->add_alerts( $token, Alerts::build( $batch, $config['duration_hours'], $to - $from, $now, home_url( '/' ) ) );
				if ( is_wp_error( $sent ) ) {
					$error = $sent;
					break;
				}
				foreach ( $batch as $network ) {
					$live[ $network['cidr'] ] = array(
						'until'     => $now + $duration,
						'pushed_at' => $now,
						'hits'      => (int) $network['hits'],
					);
					$pushed[]                 = $network['cidr'];
				}
			}
			foreach ( null === $error ? $withdraw : array() as $cidr ) {
				$deleted = $client->delete_decisions( $token, $cidr );
				if ( is_wp_error( $deleted ) ) {
					$error = $deleted;
					break;
				}
				unset( $live[ $cidr ] );
				$withdrawn[] = $cidr;
			}
		}
		$state['networks'] = $live;
		if ( $error instanceof \WP_Error ) {
			++$state['failures'];
			$state['last_error']      = $error->get_error_message();
			$state['last_error_at']   = $now;
			$state['next_attempt_at'] = $now + self::backoff( $state['failures'] );
			self::save( $state );
			return self::report( false, 'failed', $state['last_error'], $pushed, $withdrawn );
		}
		$state['failures']        = 0;
		$state['last_error']      = '';
		$state['next_attempt_at'] = null;
		$state['last_success_at'] = $now;
		self::save( $state );
		return self::report(
			true,
			'pushed',
			/* translators: 1: number of networks sent, 2: number of decisions withdrawn. */
			sprintf( __( 'Sent %1$d networks to CrowdSec; withdrew %2$d.', 'xmlrpc-shield' ), count( $pushed ), count( $withdrawn ) ),
			$pushed,
			$withdrawn
		);
	}

	/**
	 * Checks the settings by logging in; changes no decision and no state.
	 *
	 * @param array<string,mixed>|null $config Settings to try (Config::get()'s shape); the stored ones when null.
	 * @return array{ok:bool,message:string}
	 */
	public static function test( ?array $config = null ): array {
		$config = $config ?? Config::get();
		if ( ! Config::is_complete( $config ) ) {
			return array(
				'ok'      => false,
				'message' => __( 'Set the Local API URL, the machine name and its password first.', 'xmlrpc-shield' ),
			);
		}
		$token = ( new LapiClient( $config['url'], $config['machine_id'], $config['password'] ) )->login();
		return array(
			'ok'      => ! is_wp_error( $token ),
			'message' => is_wp_error( $token )
				? $token->get_error_message()
				/* translators: 1: machine name, 2: Local API URL. */
				: sprintf( __( 'Logged in to the Local API at %2$s as %1$s.', 'xmlrpc-shield' ), $config['machine_id'], $config['url'] ),
		);
	}

	/**
	 * Pause after the n-th failure in a row: 1, 2, 4 … minutes, at most MAX_BACKOFF.
	 *
	 * @param int $failures Failures in a row (1 or more).
	 */
	public static function backoff( int $failures ): int {
		return (int) min( self::MAX_BACKOFF, 60 * ( 2 ** min( 10, max( 0, $failures - 1 ) ) ) );
	}

	/**
	 * Saves the state (not autoloaded: only cron, WP-CLI and the admin page read it).
	 *
	 * @param array<string,mixed> $state State.
	 */
	private static function save( array $state ): void {
		update_option( Settings::CROWDSEC_STATE, $state, false );
	}

	/**
	 * A run's report.
	 *
	 * @param bool     $ok        Whether it went as it should.
	 * @param string   $status    What happened (see push()).
	 * @param string   $message   In words.
	 * @param string[] $pushed    Networks sent.
	 * @param string[] $withdrawn Networks whose decision was deleted.
	 * @return array{ok:bool,status:string,message:string,pushed:string[],withdrawn:string[]}
	 */
	private static function report( bool $ok, string $status, string $message, array $pushed = array(), array $withdrawn = array() ): array {
		return array(
			'ok'        => $ok,
			'status'    => $status,
			'message'   => $message,
			'pushed'    => $pushed,
			'withdrawn' => $withdrawn,
		);
	}
}
