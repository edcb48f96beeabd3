<?php
/**
 * The aggregated hit table: schema, upgrades, writes and pruning.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Log;

use XmlrpcShield\Settings;

/**
 * One row per (ip, minute, method, outcome) with a counter, so a million requests from one
 * /24 in an hour make thousands of rows, not a million.
 */
final class HitTable {

	/**
	 * Bump when the schema changes; dbDelta brings older tables up to date.
	 * 1: first table. 2: (outcome, bucket) index for "blocked in the last 24 h" totals, which
	 * the Dashboard widget asks on every Dashboard load. 3: ingest_batch, the last ingest chunk
	 * added to a row, so a chunk replayed after a failure is never added twice. 4: the failed-login
	 * lockout table beside it (Lockout\LockoutTable).
	 */
	const SCHEMA_VERSION = 4;

	/** Rows per multi-row upsert statement. */
	const BATCH = 200;

	/**
	 * Full table name for the current site.
	 */
	public static function name(): string {
		global $wpdb;
		return $wpdb->prefix . 'xmlrpc_shield_hits';
	}

	/**
	 * Creates or upgrades the table when the stored schema version is older.
	 */
	public static function maybe_upgrade(): void {
		if ( (int) get_option( Settings::DB_VERSION, 0 ) >= self::SCHEMA_VERSION ) {
			return;
		}
		self::install();
	}

	/**
	 * Runs dbDelta with the current schema and records the version.
	 */
	public static function install(): void {
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		$table   = self::name();
		$charset = $wpdb->get_charset_collate();
		dbDelta(
			array(
				"CREATE TABLE {$table} (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  bucket int(10) unsigned NOT NULL,
  ip varchar(45) NOT NULL,
  subnet varchar(49) NOT NULL,
  method varchar(64) NOT NULL DEFAULT '',
  outcome varchar(10) NOT NULL,
  hits int(10) unsigned NOT NULL DEFAULT 0,
  user_agent varchar(255) NOT NULL DEFAULT '',
  ingest_batch bigint(20) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY  (id),
  UNIQUE KEY hit (ip,bucket,method,outcome),
  KEY bucket (bucket),
  KEY subnet (subnet),
  KEY outcome_bucket (outcome,bucket)
) {$charset};",
				\XmlrpcShield\Lockout\LockoutTable::schema( $charset ),
			)
		);
		// Present and autoloaded, so the gates' "any lockout?" question never costs a query.
		add_option( Settings::LOCKOUTS_ACTIVE, '0', '', true );
		update_option( Settings::DB_VERSION, self::SCHEMA_VERSION, true );
	}

	/**
	 * Drops the table (uninstall).
	 */
	public static function drop(): void {
		global $wpdb;
		$wpdb->query( 'DROP TABLE IF EXISTS ' . self::name() ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.DirectDatabaseQuery -- table name from $wpdb->prefix.
	}

	/**
	 * Adds aggregated counts. Returns false on a database error (the caller keeps its data).
	 *
	 * With a batch number, adding is idempotent: each row remembers the last batch added to
	 * it and a batch not newer than that is skipped, so an ingest that replays a chunk after
	 * a failure (even one that stopped inside a statement) adds each count exactly once.
	 * Batch numbers must grow from one call to the next; 0 (seeding, tests) always adds.
	 *
	 * @param array<int,array{bucket:int,ip:string,subnet:string,method:string,outcome:string,hits:int,user_agent:string}> $rows  Aggregated rows.
	 * @param int                                                                                                          $batch Batch number (Ingester), or 0.
	 */
	public static function add_counts( array $rows, int $batch = 0 ): bool {
		global $wpdb;
		$table = self::name();
		foreach ( array_chunk( $rows, self::BATCH ) as $chunk ) {
			$values = array();
			foreach ( $chunk as $row ) {
				$values[] = $wpdb->prepare( '(%d, %s, %s, %s, %s, %d, %s, %d)', $row['bucket'], $row['ip'], $row['subnet'], $row['method'], $row['outcome'], $row['hits'], $row['user_agent'], $batch );
			}
			// One atomic upsert per batch keeps counts exact even with two servers ingesting at once.
			// MySQL assigns left to right and SQLite from the old row: ingest_batch goes last, so
			// both decide on the row's previous batch.
			$sql    = "INSERT INTO {$table} (bucket, ip, subnet, method, outcome, hits, user_agent, ingest_batch) VALUES " . implode( ', ', $values )
				. ' ON DUPLICATE KEY UPDATE'
				. ' hits = CASE WHEN VALUES(ingest_batch) = 0 OR ingest_batch < VALUES(ingest_batch) THEN hits + VALUES(hits) ELSE hits END,'
				. ' user_agent = VALUES(user_agent),'
				. ' ingest_batch = CASE WHEN ingest_batch < VALUES(ingest_batch) THEN VALUES(ingest_batch) ELSE ingest_batch END';
			$result = $wpdb->query( $sql ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.DirectDatabaseQuery -- each value tuple is prepared above.
			if ( false === $result ) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The highest batch number any row holds (0 for none), or null on a database error.
	 */
	public static function last_batch(): ?int {
		global $wpdb;
		$last = $wpdb->get_var( 'SELECT MAX(ingest_batch) FROM ' . self::name() ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.DirectDatabaseQuery -- table name from $wpdb->prefix.
		if ( '' !== $wpdb->last_error ) {
			return null;
		}
		return (int) $last;
	}

	/**
	 * Deletes rows older than the retention window, then the oldest rows above the cap.
	 *
	 * @param int $now            Current time.
	 * @param int $retention_days Days to keep.
	 * @param int $row_cap        Maximum rows.
	 * @return int Rows deleted.
	 */
	public static function prune( int $now, int $retention_days, int $row_cap ): int {
		global $wpdb;
		$table   = self::name();
		$deleted = (int) $wpdb->query( $wpdb->prepare( "DELETE FROM {$table} WHERE bucket < %d", $now - $retention_days * DAY_IN_SECONDS ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery
		$count   = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$table}" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery
		if ( $count > $row_cap ) {
			// Keep the newest $row_cap rows by time; ties at the edge go oldest id first.
			$edge = $wpdb->get_var( $wpdb->prepare( "SELECT bucket FROM {$table} ORDER BY bucket DESC, id DESC LIMIT 1 OFFSET %d", $row_cap ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery
			if ( null !== $edge ) {
				$deleted += (int) $wpdb->query( $wpdb->prepare( "DELETE FROM {$table} WHERE bucket < %d", (int) $edge ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery
				$excess   = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$table}" ) - $row_cap; // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery
				if ( $excess > 0 ) {
					$last_id  = (int) $wpdb->get_var( $wpdb->prepare( "SELECT id FROM {$table} WHERE bucket = %d ORDER BY id ASC LIMIT 1 OFFSET %d", (int) $edge, $excess - 1 ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery
					$deleted += (int) $wpdb->query( $wpdb->prepare( "DELETE FROM {$table} WHERE bucket = %d AND id <= %d", (int) $edge, $last_id ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery
				}
			}
		}
		return $deleted;
	}
}
