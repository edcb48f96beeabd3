<?php
/**
 * Folds spool lines into the aggregated hit table.
 *
 * Past 250 lines because exactly-once counting is one piece of reasoning: the claim, its
 * sequence number, the chunked upserts, the locks (a file lock per node, a database lock
 * across nodes) and what a failure leaves for the next run must be read together.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Log;

use XmlrpcShield\Files\AtomicFile;
use XmlrpcShield\Gate\Decision;
use XmlrpcShield\Gate\IpAddress;
use XmlrpcShield\Gate\KnownMethods;
use XmlrpcShield\Paths;
use XmlrpcShield\Settings;

/**
 * Runs from WP-Cron, WP-CLI and the explicit ingest route (Scheduler::ingest_and_prune()), never from a
 * read. One ingester at a time (a file lock) and one claim at a time: a claim that failed is
 * ingested again before the live spool is claimed, so a database outage delays counts
 * instead of losing them and the spool's cap holds for everything waiting.
 *
 * A claim is read as a stream and written in chunks of CHUNK_LINES lines, so memory does not
 * depend on the file's size. Each chunk is a batch numbered (claim sequence, chunk index);
 * HitTable skips a batch a row has already seen, so a claim retried after a failure adds
 * every count exactly once.
 */
final class Ingester {

	/** Spool lines read into one chunk (one chunk's rows are held in memory at a time). */
	const CHUNK_LINES = 2000;

	/** Batch numbers are claim sequence * CHUNKS_PER_CLAIM + chunk index. */
	const CHUNKS_PER_CLAIM = 16777216;

	/** Longest spool line read whole; a longer one is damaged and skipped. */
	const MAX_LINE_BYTES = 4096;

	/**
	 * The current site's spool.
	 */
	public static function site_spool(): Spool {
		return new Spool( Paths::spool_file(), Spool::MAX_BYTES );
	}

	/**
	 * Takes the ingest lock, trying again every tenth of a second for up to $wait_seconds.
	 *
	 * @param resource $lock         The open lock file.
	 * @param int      $wait_seconds Longest wait (0: one try).
	 */
	private static function take_lock( $lock, int $wait_seconds ): bool {
		$give_up_at = microtime( true ) + $wait_seconds;
		while ( ! flock( $lock, LOCK_EX | LOCK_NB ) ) {
			if ( microtime( true ) >= $give_up_at ) {
				return false;
			}
			usleep( 100000 );
		}
		return true;
	}

	/**
	 * Ingests everything spooled so far. Never throws.
	 *
	 * @return array{lines:int, rows:int, skipped:int, ok:bool, busy:bool, counters:array<string,mixed>}
	 *         lines: hits added; rows: row writes (a row several chunks touch counts once per
	 *         chunk); counters: CounterFlush::collect()'s report (empty when the ingest did not
	 *         start).
	 *
	 * @param int $wait_seconds How long to wait for an ingest already running to finish (an
	 *                          operator at WP-CLI wants this run's figures; WP-Cron does not wait).
	 */
	public static function run( int $wait_seconds = 0 ): array {
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
		if ( ! self::take_lock( $lock, $wait_seconds ) ) {
			fclose( $lock ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_fclose
			$report['busy'] = true;
			return $report;
		}
		global $wpdb;
		$suppress = $wpdb->suppress_errors( true );
		$cluster  = self::take_cluster_lock( $wait_seconds );
		if ( false === $cluster ) {
			$wpdb->suppress_errors( $suppress );
			flock( $lock, LOCK_UN );
			fclose( $lock ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_fclose
			$report['busy'] = true;
			return $report;
		}
		try {
			$spool              = self::site_spool();
			$report['counters'] = CounterFlush::collect( $spool );
			self::note_dropped( (int) ( $report['counters']['dropped'] ?? 0 ), (int) ( $report['counters']['dropped_last'] ?? 0 ) );
			// Each pass ingests one claim; older versions' leftovers (counting them may already
			// claim the old-name live file), the old-name live file and the live file each need one.
			$passes = count( self::leftovers( $spool ) ) + 3;
			for ( $pass = 0; $pass < $passes; $pass++ ) {
				$claim = self::next_claim( $spool, $failed );
				if ( null === $claim ) {
					$report['ok'] = ! $failed;
					break;
				}
				$result = self::ingest_file( $claim['file'], $claim['sequence'] );
				if ( $result['ok'] ) {
					wp_delete_file( self::sequence_file( $spool ) );
				}
				$report['lines']   += $result['lines'];
				$report['rows']    += $result['rows'];
				$report['skipped'] += $result['skipped'];
				if ( ! $result['ok'] ) {
					$report['ok'] = false;
					break;
				}
			}
		} finally {
			if ( true === $cluster ) {
				$wpdb->get_var( $wpdb->prepare( 'SELECT RELEASE_LOCK(%s)', self::cluster_lock_name() ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			}
			$wpdb->suppress_errors( $suppress );
			flock( $lock, LOCK_UN );
			fclose( $lock ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_fclose
		}
		return $report;
	}

	/**
	 * Several web nodes ingest into one table, each its own spool; the batch numbers that make
	 * an ingest idempotent grow in one sequence per site, so ingests must not interleave across
	 * nodes. On MariaDB/MySQL a named lock (released with the connection if PHP dies) makes them
	 * take turns; SQLite is one file on one machine, where the file lock is enough.
	 *
	 * @param int $wait_seconds Longest wait.
	 * @return bool|null True when held, false when another node holds it, null when there is
	 *                   none to take (SQLite, or the database cannot answer: then no claim can
	 *                   be numbered either, and nothing is claimed).
	 */
	private static function take_cluster_lock( int $wait_seconds ): ?bool {
		global $wpdb;
		if ( defined( 'SQLITE_DB_DROPIN_VERSION' ) ) {
			return null;
		}
		$held = $wpdb->get_var( $wpdb->prepare( 'SELECT GET_LOCK(%s, %d)', self::cluster_lock_name(), $wait_seconds ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		if ( null === $held ) {
			return null;
		}
		return '1' === (string) $held;
	}

	/**
	 * The named lock of this site's ingest (at most 64 characters, as MySQL allows).
	 */
	private static function cluster_lock_name(): string {
		global $wpdb;
		return substr( $wpdb->prefix . 'xmlrpc_shield_ingest_' . substr( md5( (string) $wpdb->dbname ), 0, 8 ), 0, 64 );
	}

	/**
	 * Where a waiting claim keeps its own sequence number: beside it, on the node that claimed
	 * it. The option holds the latest sequence of any node, which another node's claim may have
	 * moved on since this one failed.
	 *
	 * @param Spool $spool The site's spool.
	 */
	private static function sequence_file( Spool $spool ): string {
		return $spool->claim_path() . '.sequence';
	}

	/**
	 * Files an earlier version left to ingest, oldest kind first: claims under the old claim
	 * names, and everything under the spool name used before the file-name secret (its claims
	 * and, once those are done, its live file, which an early gate not yet rewritten may still
	 * append to: it is claimed under its own lock). Nothing counted there may be lost.
	 *
	 * @param Spool $spool The site's spool.
	 * @return string[]
	 */
	private static function leftovers( Spool $spool ): array {
		$files  = $spool->legacy_claims();
		$legacy = Paths::legacy_spool_file();
		if ( $legacy === $spool->path() ) {
			return $files;
		}
		$old   = new Spool( $legacy, Spool::MAX_BYTES );
		$files = array_merge( $files, $old->legacy_claims(), file_exists( $old->claim_path() ) ? array( $old->claim_path() ) : array() );
		if ( array() === $files ) {
			$claimed = $old->claim();
			if ( null !== $claimed ) {
				$files[] = $claimed;
			}
		}
		return $files;
	}

	/**
	 * Hits dropped from the log so far (APCu counters the spool could not take in time, and
	 * hits neither APCu nor the spool could take), and the minute of the latest drop.
	 *
	 * @return array{hits:int, last:int}
	 */
	public static function dropped(): array {
		$stored = get_option( Settings::DROPPED_HITS );
		return array(
			'hits' => is_array( $stored ) ? (int) ( $stored['hits'] ?? 0 ) : 0,
			'last' => is_array( $stored ) ? (int) ( $stored['last'] ?? 0 ) : 0,
		);
	}

	/**
	 * Adds to the dropped-hits total the owner is shown.
	 *
	 * @param int $hits Hits dropped.
	 * @param int $last Minute of the latest drop.
	 */
	private static function note_dropped( int $hits, int $last ): void {
		if ( $hits <= 0 ) {
			return;
		}
		$dropped = self::dropped();
		update_option(
			Settings::DROPPED_HITS,
			array(
				'hits' => $dropped['hits'] + $hits,
				'last' => max( $dropped['last'], $last ),
			),
			false
		);
	}

	/**
	 * The claim to ingest: the one waiting (a run that failed or died), else an older
	 * version's leftover, else the live spool. Its sequence number is stored before the file
	 * becomes the claim, so a retried claim always finds its own.
	 *
	 * @param Spool $spool  The site's spool.
	 * @param bool  $failed Set to whether a claim was due but could not be taken.
	 * @return array{file:string, sequence:int}|null Null when there is nothing to ingest or the
	 *         database cannot be read (then nothing is claimed).
	 */
	private static function next_claim( Spool $spool, &$failed ): ?array {
		clearstatcache();
		$failed  = false;
		$current = (int) get_option( Settings::CLAIM_SEQUENCE, 0 );
		if ( file_exists( $spool->claim_path() ) ) {
			$own = (int) AtomicFile::read( self::sequence_file( $spool ) );
			return array(
				'file'     => $spool->claim_path(),
				'sequence' => $own > 0 ? $own : $current,
			);
		}
		$legacy = self::leftovers( $spool );
		$live   = is_file( $spool->path() ) && (int) @filesize( $spool->path() ) > 0; // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
		if ( array() === $legacy && ! $live ) {
			return null;
		}
		// A new sequence must be above every batch in the table, even if the option was lost.
		$last   = HitTable::last_batch();
		$failed = true;
		if ( null === $last ) {
			return null;
		}
		$sequence = max( $current, intdiv( $last, self::CHUNKS_PER_CLAIM ) ) + 1;
		if ( ! update_option( Settings::CLAIM_SEQUENCE, $sequence, false ) ) {
			return null;
		}
		// Best effort: on a full disk the claim (a rename) must still go ahead, and a retry
		// then falls back to the option, as on a single node.
		if ( ! AtomicFile::write( self::sequence_file( $spool ), (string) $sequence ) ) {
			wp_delete_file( self::sequence_file( $spool ) );
		}
		$file   = array() === $legacy ? $spool->claim() : $spool->adopt( $legacy[0] );
		$failed = null === $file && array() !== $legacy;
		return null === $file ? null : array(
			'file'     => $file,
			'sequence' => $sequence,
		);
	}

	/**
	 * Streams one claimed file into the table in chunks; deletes it once all are written.
	 *
	 * @param string $file     Claimed spool file.
	 * @param int    $sequence The claim's sequence number.
	 * @return array{lines:int, rows:int, skipped:int, ok:bool} lines and rows of the chunks
	 *         written by this call.
	 */
	private static function ingest_file( string $file, int $sequence ): array {
		$result = array(
			'lines'   => 0,
			'rows'    => 0,
			'skipped' => 0,
			'ok'      => false,
		);
		$handle = @fopen( $file, 'rb' ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged,WordPress.WP.AlternativeFunctions.file_system_read_fopen
		if ( false === $handle ) {
			return $result;
		}
		$chunk   = 0;
		$rows    = array();
		$read    = 0;
		$hits    = 0;
		$skipped = 0;
		$ok      = true;
		while ( $ok ) {
			$line = self::read_line( $handle );
			if ( null !== $line ) {
				++$read;
				$hit = self::fold_line( $rows, $line );
				if ( 0 === $hit ) {
					++$skipped;
				}
				$hits += $hit;
			}
			// Chunks end after a fixed number of lines, so a retry cuts the file the same way
			// and each chunk keeps its batch number.
			if ( array() !== $rows && ( null === $line || self::CHUNK_LINES === $read ) ) {
				$ok = HitTable::add_counts( array_values( $rows ), $sequence * self::CHUNKS_PER_CLAIM + $chunk );
				if ( $ok ) {
					$result['lines']   += $hits;
					$result['rows']    += count( $rows );
					$result['skipped'] += $skipped;
					$hits               = 0;
					$skipped            = 0;
				}
				$rows = array();
			}
			if ( self::CHUNK_LINES === $read ) {
				++$chunk;
				$read = 0;
			}
			if ( null === $line ) {
				break;
			}
		}
		fclose( $handle ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_fclose
		if ( $ok ) {
			$result['skipped'] += $skipped;
			$result['ok']       = true;
			wp_delete_file( $file );
		}
		return $result;
	}

	/**
	 * The next line without its newline; an over-long line comes back as '' (damaged), the
	 * rest of it skipped. Null at the end of the file.
	 *
	 * @param resource $handle Open file.
	 */
	private static function read_line( $handle ): ?string {
		$line = fgets( $handle, self::MAX_LINE_BYTES );
		if ( false === $line ) {
			return null;
		}
		if ( "\n" === substr( $line, -1 ) || feof( $handle ) ) {
			return rtrim( $line, "\n" );
		}
		do {
			$rest = fgets( $handle, self::MAX_LINE_BYTES );
		} while ( false !== $rest && "\n" !== substr( $rest, -1 ) );
		return '';
	}

	/**
	 * Adds one spool line to a chunk's rows. Returns the hits it stands for (0: damaged).
	 *
	 * @param array<string,array{bucket:int,ip:string,subnet:string,method:string,outcome:string,hits:int,user_agent:string}> $rows Rows by key.
	 * @param string                                                                                                          $line Line without its newline.
	 */
	private static function fold_line( array &$rows, string $line ): int {
		$hit = Spool::parse_line( $line );
		$ip  = null === $hit ? null : IpAddress::normalize( $hit['ip'] );
		if ( null === $hit || null === $ip || ! in_array( $hit['outcome'], Decision::OUTCOMES, true ) ) {
			return 0;
		}
		// Spools written before names were folded at record time are folded here.
		$method = KnownMethods::fold_logged( $hit['method'] );
		$bucket = $hit['time'] - ( $hit['time'] % MINUTE_IN_SECONDS );
		$key    = $ip . '|' . $bucket . '|' . $method . '|' . $hit['outcome'];
		if ( ! isset( $rows[ $key ] ) ) {
			$rows[ $key ] = array(
				'bucket'     => $bucket,
				'ip'         => $ip,
				'subnet'     => IpAddress::subnet( $ip ),
				'method'     => $method,
				'outcome'    => $hit['outcome'],
				'hits'       => 0,
				'user_agent' => '',
			);
		}
		$rows[ $key ]['hits']      += $hit['count'];
		$rows[ $key ]['user_agent'] = self::clean_user_agent( $hit['user_agent'] );
		return $hit['count'];
	}

	/**
	 * User agents arrive as raw bytes: make them valid UTF-8 that fits the column.
	 *
	 * @param string $user_agent Raw value.
	 */
	private static function clean_user_agent( string $user_agent ): string {
		if ( function_exists( 'mb_convert_encoding' ) && ! mb_check_encoding( $user_agent, 'UTF-8' ) ) {
			$user_agent = (string) mb_convert_encoding( $user_agent, 'UTF-8', 'ISO-8859-1' );
		}
		return function_exists( 'mb_strcut' ) ? mb_strcut( $user_agent, 0, 255, 'UTF-8' ) : substr( $user_agent, 0, 255 );
	}
}
