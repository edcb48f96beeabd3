<?php
/**
 * Read queries over the aggregated hit table.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Log;

use XmlrpcShield\Gate\Decision;

/**
 * SQL that runs the same on MySQL/MariaDB and on the SQLite integration: no FLOOR/DIV,
 * bucketing with the modulo operator, grouping by plain columns.
 */
final class HitQuery {

	/** Range name => [length in seconds, bucket in seconds]. */
	const RANGES = array(
		'1h'  => array( HOUR_IN_SECONDS, MINUTE_IN_SECONDS ),
		'24h' => array( DAY_IN_SECONDS, HOUR_IN_SECONDS ),
		'7d'  => array( WEEK_IN_SECONDS, 6 * HOUR_IN_SECONDS ),
		'30d' => array( 30 * DAY_IN_SECONDS, DAY_IN_SECONDS ),
	);

	/** What top() groups by: the log's columns (address, its /24 or /64, XML-RPC method). */
	const GROUPINGS = array( 'ip', 'subnet', 'method' );

	/**
	 * Window for a range ending now: [from, to, bucket], `to` rounded up to a bucket edge.
	 *
	 * @param string $range Range name.
	 * @param int    $now   Current time.
	 * @return array{0:int,1:int,2:int}
	 */
	public static function window( string $range, int $now ): array {
		list( $length, $bucket ) = self::RANGES[ $range ];
		$to                      = $now - ( $now % $bucket ) + $bucket;
		return array( $to - $length, $to, $bucket );
	}

	/**
	 * Hits per outcome in [from, to).
	 *
	 * @param int $from Start.
	 * @param int $to   End (exclusive).
	 * @return array<string,int> One count per Decision::OUTCOMES, and 'all'.
	 */
	public static function totals( int $from, int $to ): array {
		global $wpdb;
		$table  = HitTable::name();
		$rows   = $wpdb->get_results( $wpdb->prepare( "SELECT outcome, SUM(hits) AS total FROM {$table} WHERE bucket >= %d AND bucket < %d GROUP BY outcome", $from, $to ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery
		$totals = array_fill_keys( Decision::OUTCOMES, 0 );
		foreach ( (array) $rows as $row ) {
			if ( isset( $totals[ $row['outcome'] ] ) ) {
				$totals[ $row['outcome'] ] = (int) $row['total'];
			}
		}
		$totals['all'] = array_sum( $totals );
		return $totals;
	}

	/**
	 * Zero-filled series, one point per bucket, oldest first.
	 *
	 * @param int $from   Start (bucket aligned).
	 * @param int $to     End (exclusive, bucket aligned).
	 * @param int $bucket Bucket size in seconds.
	 * @return array<int,array<string,int>> 't' and one count per Decision::OUTCOMES.
	 */
	public static function series( int $from, int $to, int $bucket ): array {
		global $wpdb;
		$table  = HitTable::name();
		$rows   = $wpdb->get_results( $wpdb->prepare( "SELECT (bucket - (bucket %% %d)) AS t, outcome, SUM(hits) AS total FROM {$table} WHERE bucket >= %d AND bucket < %d GROUP BY t, outcome", $bucket, $from, $to ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery
		$points = array();
		for ( $t = $from; $t < $to; $t += $bucket ) {
			$points[ $t ] = array( 't' => $t ) + array_fill_keys( Decision::OUTCOMES, 0 );
		}
		foreach ( (array) $rows as $row ) {
			$t = (int) $row['t'];
			if ( isset( $points[ $t ] ) && in_array( $row['outcome'], Decision::OUTCOMES, true ) ) {
				$points[ $t ][ $row['outcome'] ] += (int) $row['total'];
			}
		}
		return array_values( $points );
	}

	/**
	 * Hits per method, highest first.
	 *
	 * @param int $from  Start.
	 * @param int $to    End (exclusive).
	 * @param int $limit Max methods.
	 * @return array<int,array{method:string,hits:int}>
	 */
	public static function methods( int $from, int $to, int $limit = 20 ): array {
		global $wpdb;
		$table = HitTable::name();
		$rows  = $wpdb->get_results( $wpdb->prepare( "SELECT method, SUM(hits) AS total FROM {$table} WHERE bucket >= %d AND bucket < %d GROUP BY method ORDER BY total DESC LIMIT %d", $from, $to, $limit ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery
		return array_map(
			static function ( $row ) {
				return array(
					'method' => (string) $row['method'],
					'hits'   => (int) $row['total'],
				);
			},
			(array) $rows
		);
	}

	/**
	 * Top keys by hits.
	 *
	 * @param string $by    One of GROUPINGS.
	 * @param int    $from  Start.
	 * @param int    $to    End (exclusive).
	 * @param int    $limit Max rows.
	 * @return array<int,array{key:string,hits:int,blocked:int,last_seen:int}>
	 */
	public static function top( string $by, int $from, int $to, int $limit ): array {
		global $wpdb;
		$column = in_array( $by, self::GROUPINGS, true ) ? $by : 'ip';
		$table  = HitTable::name();
		// $column is one of the GROUPINGS, fixed column names checked above.
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT {$column} AS k, SUM(hits) AS total, SUM(CASE WHEN outcome = 'blocked' THEN hits ELSE 0 END) AS blocked, MAX(bucket) AS last_seen FROM {$table} WHERE bucket >= %d AND bucket < %d GROUP BY {$column} ORDER BY total DESC LIMIT %d", $from, $to, $limit ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery
		return array_map(
			static function ( $row ) {
				return array(
					'key'       => (string) $row['k'],
					'hits'      => (int) $row['total'],
					'blocked'   => (int) $row['blocked'],
					'last_seen' => (int) $row['last_seen'],
				);
			},
			(array) $rows
		);
	}

	/**
	 * A page of rows, newest first, with the total count.
	 *
	 * @param int    $page     1-based page.
	 * @param int    $per_page Rows per page.
	 * @param string $ip       Exact IP filter ('' for none).
	 * @param string $method   Exact method filter ('' for none).
	 * @return array{rows:array<int,array<string,mixed>>, total:int}
	 */
	public static function page( int $page, int $per_page, string $ip, string $method ): array {
		global $wpdb;
		$table  = HitTable::name();
		$where  = '1=1';
		$params = array();
		if ( '' !== $ip ) {
			$where   .= ' AND ip = %s';
			$params[] = $ip;
		}
		if ( '' !== $method ) {
			$where   .= ' AND method = %s';
			$params[] = $method;
		}
		$count_sql = "SELECT COUNT(*) FROM {$table} WHERE {$where}";
		$total     = (int) $wpdb->get_var( array() === $params ? $count_sql : $wpdb->prepare( $count_sql, $params ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.DirectDatabaseQuery -- placeholders only, values prepared.
		$params[]  = $per_page;
		$params[]  = ( $page - 1 ) * $per_page;
		$rows      = $wpdb->get_results( $wpdb->prepare( "SELECT id, bucket, ip, subnet, method, outcome, hits, user_agent FROM {$table} WHERE {$where} ORDER BY bucket DESC, id DESC LIMIT %d OFFSET %d", $params ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQLPlaceholders.ReplacementsWrongNumber -- $where holds one placeholder per filter value in $params.
		$rows      = array_map(
			static function ( $row ) {
				return array(
					'id'         => (int) $row['id'],
					'ip'         => (string) $row['ip'],
					'subnet'     => (string) $row['subnet'],
					'bucket'     => (int) $row['bucket'],
					'method'     => (string) $row['method'],
					'outcome'    => (string) $row['outcome'],
					'hits'       => (int) $row['hits'],
					'user_agent' => (string) $row['user_agent'],
				);
			},
			(array) $rows
		);
		return array(
			'rows'  => $rows,
			'total' => $total,
		);
	}

	/**
	 * Rows stored.
	 */
	public static function row_count(): int {
		global $wpdb;
		return (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . HitTable::name() ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.DirectDatabaseQuery
	}
}
