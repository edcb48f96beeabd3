<?php
/**
 * Folds spool lines into the aggregated hit table.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Log;

use XmlrpcShield\Gate\IpAddress;
use XmlrpcShield\Paths;
use XmlrpcShield\Settings;

/**
 * Runs from WP-Cron, before REST reads, and from WP-CLI. One ingester at a time (a file
 * lock); a claimed spool file is deleted only after its counts are committed, so a database
 * outage delays counts instead of losing them.
 */
final class Ingester {

	/** Outcomes accepted from the spool. */
	const OUTCOMES = array( 'blocked', 'allowed', 'logged' );

	/**
	 * The current site's spool.
	 */
	public static function site_spool(): Spool {
		return new Spool( Paths::spool_file(), Settings::SPOOL_MAX_BYTES );
	}

	/**
	 * Ingests everything spooled so far. Never throws.
	 *
	 * @return array{lines:int, rows:int, skipped:int, ok:bool, busy:bool, counters:array<string,mixed>}
	 *         counters: CounterFlush::collect()'s report (empty when the ingest did not start).
	 */
	public static function run(): array {
		$report = array(
			'lines'    => 0,
			'rows'     => 0,
			'skipped'  => 0,
			'ok'       => true,
			'busy'     => false,
			'counters' => array(),
		);
		if ( ! is_dir( Paths::data_dir() ) ) {
			return $report;
		}
		$lock = @fopen( Paths::ingest_lock(), 'c' ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged,WordPress.WP.AlternativeFunctions.file_system_read_fopen
		if ( false === $lock ) {
			$report['ok'] = false;
			return $report;
		}
		if ( ! flock( $lock, LOCK_EX | LOCK_NB ) ) {
			fclose( $lock ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_fclose
			$report['busy'] = true;
			return $report;
		}
		try {
			$spool              = self::site_spool();
			$report['counters'] = CounterFlush::collect( $spool );
			foreach ( self::spools_to_read( $spool ) as $each ) {
				$each->claim();
				foreach ( $each->claimed_files() as $file ) {
					$result             = self::ingest_file( $file );
					$report['lines']   += $result['lines'];
					$report['rows']    += $result['rows'];
					$report['skipped'] += $result['skipped'];
					if ( ! $result['ok'] ) {
						$report['ok'] = false;
						break 2;
					}
				}
			}
		} finally {
			flock( $lock, LOCK_UN );
			fclose( $lock ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_fclose
		}
		return $report;
	}

	/**
	 * The site's spool, and the spool name of earlier versions while it differs: an early
	 * gate file not yet rewritten appends there, and nothing counted there may be lost.
	 *
	 * @param Spool $spool The site's spool.
	 * @return Spool[]
	 */
	private static function spools_to_read( Spool $spool ): array {
		$legacy = Paths::legacy_spool_file();
		return $legacy === $spool->path() ? array( $spool ) : array( $spool, new Spool( $legacy, Settings::SPOOL_MAX_BYTES ) );
	}

	/**
	 * Aggregates one claimed file and writes it; deletes it on success.
	 *
	 * @param string $file Claimed spool file.
	 * @return array{lines:int, rows:int, skipped:int, ok:bool}
	 */
	private static function ingest_file( string $file ): array {
		global $wpdb;
		$handle = @fopen( $file, 'rb' ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged,WordPress.WP.AlternativeFunctions.file_system_read_fopen
		if ( false === $handle ) {
			return array(
				'lines'   => 0,
				'rows'    => 0,
				'skipped' => 0,
				'ok'      => false,
			);
		}
		$rows    = array();
		$lines   = 0;
		$skipped = 0;
		while ( false !== ( $line = fgets( $handle ) ) ) { // phpcs:ignore WordPress.CodeAnalysis.AssignmentInCondition.FoundInWhileCondition
			$hit = Spool::parse_line( rtrim( $line, "\n" ) );
			$ip  = null === $hit ? null : IpAddress::normalize( $hit['ip'] );
			if ( null === $hit || null === $ip || ! in_array( $hit['outcome'], self::OUTCOMES, true ) ) {
				++$skipped;
				continue;
			}
			$lines += $hit['count'];
			$bucket = $hit['time'] - ( $hit['time'] % MINUTE_IN_SECONDS );
			$key    = $ip . '|' . $bucket . '|' . $hit['method'] . '|' . $hit['outcome'];
			if ( ! isset( $rows[ $key ] ) ) {
				$rows[ $key ] = array(
					'bucket'     => $bucket,
					'ip'         => $ip,
					'subnet'     => IpAddress::subnet( $ip ),
					'method'     => $hit['method'],
					'outcome'    => $hit['outcome'],
					'hits'       => 0,
					'user_agent' => '',
				);
			}
			$rows[ $key ]['hits']      += $hit['count'];
			$rows[ $key ]['user_agent'] = self::clean_user_agent( $hit['user_agent'] );
		}
		fclose( $handle ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_fclose

		$suppress = $wpdb->suppress_errors( true );
		$written  = HitTable::add_counts( array_values( $rows ) );
		$wpdb->suppress_errors( $suppress );
		if ( $written ) {
			wp_delete_file( $file );
		}
		return array(
			'lines'   => $lines,
			'rows'    => count( $rows ),
			'skipped' => $skipped,
			'ok'      => $written,
		);
	}

	/**
	 * User agents arrive as raw bytes: make them valid UTF-8 that fits the column.
	 *
	 * @param string $user_agent Raw value.
	 */
	private static function clean_user_agent( string $user_agent ): string {
		if ( function_exists( 'mb_convert_encoding' ) && ! mb_check_encoding( $user_agent, 'UTF-8' ) ) {
			$user_agent = mb_convert_encoding( $user_agent, 'UTF-8', 'ISO-8859-1' );
		}
		return function_exists( 'mb_strcut' ) ? mb_strcut( $user_agent, 0, 255, 'UTF-8' ) : substr( $user_agent, 0, 255 );
	}
}
