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
	 * the Dashboard widget asks on every Dashboard load.
	 */
	const SCHEMA_VERSION = 2;

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
			"CREATE TABLE {$table} (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  bucket int(10) unsigned NOT NULL,
  ip varchar(45) NOT NULL,
  subnet varchar(49) NOT NULL,
  method varchar(64) NOT NULL DEFAULT '',
  outcome varchar(10) NOT NULL,
  hits int(10) unsigned NOT NULL DEFAULT 0,
  user_agent varchar(255) NOT NULL DEFAULT '',
  PRIMARY KEY  (id),
  UNIQUE KEY hit (ip,bucket,method,outcome),
  KEY bucket (bucket),
  KEY subnet (subnet),
  KEY outcome_bucket (outcome,bucket)
) {$charset};"
		);
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
	 * @param array<int,array{bucket:int,ip:string,subnet:string,method:string,outcome:string,hits:int,user_agent:string}> $rows Aggregated rows.
	 */
	public static function add_counts( array $rows ): bool {
		global $wpdb;
		$table = self::name();
		foreach ( array_chunk( $rows, self::BATCH ) as $chunk ) {
			$values = array();
			foreach ( $chunk as $row ) {
				$values[] = $wpdb->prepare( '(%d, %s, %s, %s, %s, %d, %s)', $row['bucket'], $row['ip'], $row['subnet'], $row['method'], $row['outcome'], $row['hits'], $row['user_agent'] );
			}
			// One atomic upsert per batch keeps counts exact even with two servers ingesting at once.
			$sql    = "INSERT INTO {$table} (bucket, ip, subnet, method, outcome, hits, user_agent) VALUES " . implode( ', ', $values )
				. ' ON DUPLICATE KEY UPDATE hits = hits + VALUES(hits), user_agent = VALUES(user_agent)';
			$result = $wpdb->query( $sql ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.DirectDatabaseQuery -- each value tuple is prepared above.
			if ( false === $result ) {
				return false;
			}
		}
		return true;
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
