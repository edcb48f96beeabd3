<?php
/**
 * Failed XML-RPC logins per client and the lockouts they started: one small table.
 *
 * One job, the lockout table: schema, the atomic upsert that counts, the update that starts a
 * lockout, the size bound and the autoloaded flag, each statement portable between MariaDB and
 * SQLite; they share the table's invariants, so they stay in one file.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Lockout;

use XmlrpcShield\Gate\LockoutList;
use XmlrpcShield\Settings;

/**
 * One row per client key (an IPv4 address, an IPv6 /64). Counting is one atomic upsert and
 * starting a lockout one conditional UPDATE, so concurrent PHP processes never lose a failure
 * and exactly one of them starts each lockout. At most MAX_ROWS rows: every failure first
 * deletes rows that no longer count, then the oldest beyond the cap (unlocked ones first), so
 * a flood of distinct addresses cannot grow the table or the early gate's settings file.
 */
final class LockoutTable {

	/** Rows kept at most (plus, for a moment, one per request inserting at the same time). */
	const MAX_ROWS = 1000;

	/**
	 * Full table name for the current site.
	 */
	public static function name(): string {
		global $wpdb;
		return $wpdb->prefix . 'xmlrpc_shield_lockouts';
	}

	/**
	 * The CREATE TABLE statement for dbDelta (HitTable::install() runs it with the hit table's).
	 *
	 * @param string $charset Charset and collation clause.
	 */
	public static function schema( string $charset ): string {
		$table = self::name();
		return "CREATE TABLE {$table} (
  client varchar(49) NOT NULL,
  last_ip varchar(45) NOT NULL DEFAULT '',
  failures int(10) unsigned NOT NULL DEFAULT 0,
  first_failure int(10) unsigned NOT NULL DEFAULT 0,
  last_failure int(10) unsigned NOT NULL DEFAULT 0,
  locked_until int(10) unsigned NOT NULL DEFAULT 0,
  lockouts int(10) unsigned NOT NULL DEFAULT 0,
  allowlisted tinyint(1) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY  (client),
  KEY last_failure (last_failure),
  KEY locked_until (locked_until)
) {$charset};";
	}

	/**
	 * Drops the table (uninstall).
	 */
	public static function drop(): void {
		global $wpdb;
		$wpdb->query( 'DROP TABLE IF EXISTS ' . self::name() ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.DirectDatabaseQuery -- table name from $wpdb->prefix.
	}

	/**
	 * Counts one failed login and locks the client out when it reaches the threshold within
	 * the window. An allowlisted client is counted but never locked out.
	 *
	 * @param string                                                                       $ip          Client address.
	 * @param bool                                                                         $allowlisted Whether the allowlist lets it through.
	 * @param array{enabled:bool, threshold:int, window_minutes:int, duration_minutes:int} $policy      Policy.
	 * @param int                                                                          $now         Current time.
	 * @return bool Whether this failure started a lockout (exactly one process sees true).
	 */
	public static function record_failure( string $ip, bool $allowlisted, array $policy, int $now ): bool {
		global $wpdb;
		$client = LockoutList::client_key( $ip );
		if ( '' === $client ) {
			return false;
		}
		$window = $policy['window_minutes'] * MINUTE_IN_SECONDS;
		self::prune( $now, $window );
		$table = self::name();
		// A failure older than the window starts the count again. MySQL assigns left to right
		// and SQLite from the old row: each expression reads only columns not assigned before it.
		$sql = $wpdb->prepare(
			"INSERT INTO {$table} (client, last_ip, failures, first_failure, last_failure, locked_until, lockouts, allowlisted) VALUES (%s, %s, 1, %d, %d, 0, 0, %d)" // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
			. ' ON DUPLICATE KEY UPDATE'
			. ' failures = CASE WHEN first_failure < %d THEN 1 ELSE failures + 1 END,'
			. ' first_failure = CASE WHEN first_failure < %d THEN %d ELSE first_failure END,'
			. ' last_failure = %d, last_ip = %s, allowlisted = %d',
			$client,
			$ip,
			$now,
			$now,
			$allowlisted ? 1 : 0,
			$now - $window,
			$now - $window,
			$now,
			$now,
			$ip,
			$allowlisted ? 1 : 0
		);
		if ( false === self::write( $sql ) || ! $policy['enabled'] || $allowlisted ) {
			return false;
		}
		// Only the process whose UPDATE changes the row starts the lockout.
		$started = self::write( $wpdb->prepare( "UPDATE {$table} SET locked_until = %d, lockouts = lockouts + 1 WHERE client = %s AND allowlisted = 0 AND failures >= %d AND locked_until <= %d", $now + $policy['duration_minutes'] * MINUTE_IN_SECONDS, $client, $policy['threshold'], $now ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		if ( 1 !== (int) $started ) {
			return false;
		}
		// After the row is committed: a prune that cleared the flag meanwhile re-checks after clearing.
		self::set_flag( '1' );
		return true;
	}

	/** Tries of one write while the database is busy (SQLite refuses a writer at once when another holds the lock). */
	const WRITE_TRIES = 20;

	/**
	 * Runs one prepared write, again after a short pause when the database is busy: on SQLite
	 * two PHP processes writing at once make one fail with "database is locked" at once, and a
	 * failure dropped there would be a guess not counted. MariaDB waits for the row lock itself.
	 *
	 * @param string $sql Prepared statement.
	 * @return int|bool What $wpdb->query() returned last.
	 */
	private static function write( string $sql ) {
		global $wpdb;
		for ( $try = 1; ; $try++ ) {
			$result = $wpdb->query( $sql ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.DirectDatabaseQuery -- prepared by the caller.
			if ( false !== $result || $try >= self::WRITE_TRIES || false === stripos( (string) $wpdb->last_error, 'locked' ) ) {
				return $result;
			}
			usleep( wp_rand( 5000, 25000 ) );
		}
	}

	/**
	 * The lockouts in force, client key => end time, for the gates (empty without a query
	 * while no lockout may be active). Never throws: a missing table locks nobody out.
	 *
	 * @param int $now Current time.
	 * @return array<string,int>
	 */
	public static function gate_map( int $now ): array {
		// Read from the autoloaded options only: a site whose flag row went missing (an options
		// clean-up, a restore) must not pay a query on every gated request to learn that.
		$options = wp_load_alloptions();
		if ( '1' !== (string) ( $options[ Settings::LOCKOUTS_ACTIVE ] ?? '' ) ) {
			return array();
		}
		global $wpdb;
		$table = self::name();
		$rows  = $wpdb->get_results( $wpdb->prepare( "SELECT client, locked_until FROM {$table} WHERE locked_until > %d ORDER BY locked_until DESC LIMIT %d", $now, self::MAX_ROWS ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery
		$map   = array();
		foreach ( (array) $rows as $row ) {
			$map[ (string) $row['client'] ] = (int) $row['locked_until'];
		}
		return $map;
	}

	/**
	 * Every tracked client, locked-out ones first, then by latest failure.
	 *
	 * @param int $now Current time.
	 * @return array<int,array{client:string, last_ip:string, failures:int, first_failure:int, last_failure:int, locked_until:int, locked:bool, lockouts:int, allowlisted:bool}>
	 */
	public static function rows( int $now ): array {
		global $wpdb;
		$table = self::name();
		$rows  = $wpdb->get_results( $wpdb->prepare( "SELECT client, last_ip, failures, first_failure, last_failure, locked_until, lockouts, allowlisted FROM {$table} ORDER BY CASE WHEN locked_until > %d THEN 0 ELSE 1 END, last_failure DESC LIMIT %d", $now, self::MAX_ROWS ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery
		return array_map(
			static function ( $row ) use ( $now ) {
				return array(
					'client'        => (string) $row['client'],
					'last_ip'       => (string) $row['last_ip'],
					'failures'      => (int) $row['failures'],
					'first_failure' => (int) $row['first_failure'],
					'last_failure'  => (int) $row['last_failure'],
					'locked_until'  => (int) $row['locked_until'] > $now ? (int) $row['locked_until'] : 0,
					'locked'        => (int) $row['locked_until'] > $now,
					'lockouts'      => (int) $row['lockouts'],
					'allowlisted'   => (bool) $row['allowlisted'],
				);
			},
			(array) $rows
		);
	}

	/**
	 * Forgets a client (its count and its lockout): it starts again from zero.
	 *
	 * @param string $client Client key (LockoutList::client_key()).
	 * @return bool Whether a row was deleted.
	 */
	public static function release( string $client ): bool {
		global $wpdb;
		return (int) $wpdb->delete( self::name(), array( 'client' => $client ), array( '%s' ) ) > 0; // phpcs:ignore WordPress.DB.DirectDatabaseQuery
	}

	/**
	 * Deletes rows that no longer count (no lockout in force, last failure outside the window),
	 * then the oldest rows beyond MAX_ROWS: unlocked first, then the lockouts ending soonest.
	 * Clears the active flag when no lockout is in force.
	 *
	 * @param int $now    Current time.
	 * @param int $window Counting window in seconds.
	 */
	public static function prune( int $now, int $window ): void {
		global $wpdb;
		$table = self::name();
		self::write( $wpdb->prepare( "DELETE FROM {$table} WHERE locked_until <= %d AND last_failure < %d", $now, $now - $window ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$excess = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$table}" ) - self::MAX_ROWS + 1; // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery -- room for the row about to be added.
		if ( $excess > 0 ) {
			$oldest = $wpdb->get_col( $wpdb->prepare( "SELECT client FROM {$table} ORDER BY locked_until ASC, last_failure ASC LIMIT %d", $excess ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery
			if ( array() !== $oldest ) {
				$marks = implode( ', ', array_fill( 0, count( $oldest ), '%s' ) );
				self::write( $wpdb->prepare( "DELETE FROM {$table} WHERE client IN ({$marks})", $oldest ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- one placeholder per value.
			}
		}
		self::clear_flag_when_idle( $now );
	}

	/**
	 * Clears the active flag when no lockout is in force (read from the table, never from a
	 * cached option: another process may have set it). Cleared first, then checked again: a
	 * lockout committed meanwhile sets the flag after its row, so either it sets it after this
	 * clear or this second look sees its row.
	 *
	 * @param int $now Current time.
	 */
	public static function clear_flag_when_idle( int $now ): void {
		if ( self::active_count( $now ) > 0 ) {
			return;
		}
		self::set_flag( '0' );
		if ( self::active_count( $now ) > 0 ) {
			self::set_flag( '1' );
		}
	}

	/**
	 * Writes the active flag straight to the row: update_option() compares with this request's
	 * cached value, which another process may have changed since, and would then skip the write.
	 *
	 * @param string $value '1' or '0'.
	 */
	private static function set_flag( string $value ): void {
		global $wpdb;
		self::write( $wpdb->prepare( "INSERT INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, 'on') ON DUPLICATE KEY UPDATE option_value = VALUES(option_value)", Settings::LOCKOUTS_ACTIVE, $value ) );
		wp_cache_delete( Settings::LOCKOUTS_ACTIVE, 'options' );
		wp_cache_delete( 'alloptions', 'options' );
		wp_cache_delete( 'notoptions', 'options' );
	}

	/**
	 * Lockouts in force.
	 *
	 * @param int $now Current time.
	 */
	public static function active_count( int $now ): int {
		global $wpdb;
		$table = self::name();
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$table} WHERE locked_until > %d", $now ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery
	}
}
