<?php
/**
 * WP-Cron jobs: spool ingestion every minute, pruning with it.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Log;

use XmlrpcShield\Paths;
use XmlrpcShield\Settings;

/**
 * Keeps the table fed and bounded without any work on the request path.
 */
final class Scheduler {

	const INGEST_HOOK = 'xmlrpc_shield_ingest';
	const SCHEDULE    = 'xmlrpc_shield_minute';

	/** Seconds a WP-CLI command waits for a WP-Cron ingest in progress, so it reports what it just ingested. */
	const OPERATOR_WAIT = 30;

	/**
	 * The latest ingest_and_prune()'s report in this process.
	 *
	 * @var array<string,mixed>|null
	 */
	private static $last_report = null;

	/**
	 * Registers the cron schedule and handler.
	 */
	public static function register(): void {
		add_filter( 'cron_schedules', array( self::class, 'add_schedule' ) ); // phpcs:ignore WordPress.WP.CronInterval.CronSchedulesInterval -- one minute is the point: the spool must not sit for long.
		add_action( self::INGEST_HOOK, array( self::class, 'run_from_cron' ) );
		// Any request after an update brings the table up to date (an autoloaded option read
		// when nothing is due), so REST and cron never meet an old shape.
		add_action( 'init', array( HitTable::class, 'maybe_upgrade' ) );
	}

	/**
	 * Adds a one-minute schedule.
	 *
	 * @param array<string,array<string,mixed>> $schedules Schedules.
	 * @return array<string,array<string,mixed>>
	 */
	public static function add_schedule( $schedules ) {
		$schedules[ self::SCHEDULE ] = array(
			'interval' => MINUTE_IN_SECONDS,
			'display'  => __( 'Every minute (XML-RPC Shield)', 'xmlrpc-shield' ),
		);
		return $schedules;
	}

	/**
	 * Schedules the job (activation).
	 */
	public static function schedule(): void {
		if ( ! wp_next_scheduled( self::INGEST_HOOK ) ) {
			wp_schedule_event( time() + MINUTE_IN_SECONDS, self::SCHEDULE, self::INGEST_HOOK );
		}
	}

	/**
	 * Removes the job (deactivation).
	 */
	public static function unschedule(): void {
		wp_clear_scheduled_hook( self::INGEST_HOOK );
	}

	/**
	 * The minutely event's handler: an ingest that waits for nobody. Its own method, with no
	 * parameter: an action's callback may be handed an empty string by do_action().
	 */
	public static function run_from_cron(): void {
		self::ingest_and_prune();
	}

	/**
	 * Ingests the spool, then enforces retention and the row cap. The one way in for WP-Cron,
	 * WP-CLI and the REST ingest route; pruning runs after every ingest, failed or not (a run
	 * that found another one busy leaves both to it).
	 *
	 * @param int $wait_seconds How long to wait for an ingest already running (Ingester::run()).
	 * @return array{lines:int, rows:int, skipped:int, ok:bool, busy:bool, counters:array<string,mixed>, pruned:int}
	 */
	public static function ingest_and_prune( int $wait_seconds = 0 ): array {
		self::$last_report = null;
		Paths::ensure_data_dir();
		HitTable::maybe_upgrade();
		$report           = Ingester::run( $wait_seconds );
		$report['pruned'] = 0;
		if ( ! $report['busy'] ) {
			global $wpdb;
			$suppress         = $wpdb->suppress_errors( true );
			$report['pruned'] = HitTable::prune( time(), Settings::retention_days(), Settings::row_cap() );
			$wpdb->suppress_errors( $suppress );
		}
		self::$last_report = $report;
		return $report;
	}

	/**
	 * The report of this process's latest ingest_and_prune() (null before one), for what runs after the
	 * minutely ingest on its hook (Fleet\Drain records the node that ran it).
	 *
	 * @return array<string,mixed>|null
	 */
	public static function last_report(): ?array {
		return self::$last_report;
	}
}
