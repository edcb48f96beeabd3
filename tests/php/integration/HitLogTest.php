<?php
/**
 * The hit log: aggregation, exact counts under concurrency, retention, cap, fail-safety.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Gate\KnownMethods;
use XmlrpcShield\Log\HitTable;
use XmlrpcShield\Log\Ingester;
use XmlrpcShield\Log\Scheduler;
use XmlrpcShield\Log\Spool;
use XmlrpcShield\Paths;
use XmlrpcShield\Settings;

final class HitLogTest extends IntegrationTestCase {

	use CountsConcurrentBurst;

	public function test_many_hits_fold_into_few_rows(): void {
		$spool = Ingester::site_spool();
		$now   = time() - ( time() % 60 );
		// 10 addresses of one /24, 300 hits each over 3 minutes, one method.
		for ( $i = 0; $i < 3000; $i++ ) {
			$this->assertTrue( $spool->append( $now - 120 + ( $i % 180 ), '203.0.113.' . ( $i % 10 ), 'pingback.ping', 'blocked', 'bot' ) );
		}
		$rows = self::ingest_and_fetch_rows();
		$this->assertSame( 3000, self::sum_hits( $rows ) );
		$this->assertCount( 30, $rows, '10 IPs x 3 minutes' );
		$this->assertSame( array( '203.0.113.0/24' ), array_values( array_unique( array_column( $rows, 'subnet' ) ) ) );
		// A second batch adds to the same rows instead of duplicating them.
		for ( $i = 0; $i < 10; $i++ ) {
			$spool->append( $now - 120, '203.0.113.' . $i, 'pingback.ping', 'blocked', 'bot' );
		}
		$rows = self::ingest_and_fetch_rows();
		$this->assertSame( 3010, self::sum_hits( $rows ) );
		$this->assertCount( 30, $rows );
	}

	/**
	 * One client, one address, a full spool of invented method names (issue #13 item 5:
	 * before, ~200k distinct rows held in one array, a fatal error under 128M). The scheduled
	 * ingest runs in a child PHP with memory_limit=64M and folds them into a few rows.
	 */
	public function test_a_full_spool_of_invented_method_names_ingests_under_64m(): void {
		$lines = self::fill_spool_with_invented_methods();
		$this->assertGreaterThan( 150000, $lines );

		// The scheduled ingest in a child PHP held to 64M (WP-CLI would lift the limit).
		$process = proc_open(
			array( PHP_BINARY, '-d', 'memory_limit=64M', __DIR__ . '/fixtures/scheduled-ingest.php', XS_TEST_SITE_DIR, wp_parse_url( XS_TEST_SITE_URL, PHP_URL_HOST ) ),
			array(
				1 => array( 'pipe', 'w' ),
				2 => array( 'pipe', 'w' ),
			),
			$pipes
		);
		$out = (string) stream_get_contents( $pipes[1] );
		$err = (string) stream_get_contents( $pipes[2] );
		fclose( $pipes[1] );
		fclose( $pipes[2] );
		$this->assertSame( 0, proc_close( $process ), $out . $err );
		$report = json_decode( $out, true );
		$this->assertSame( '64M', $report['limit'] ?? null, $out . $err );
		$this->assertTrue( $report['ok'] );
		$this->assertSame( $lines, $report['lines'] );
		wp_cache_flush();
		global $wpdb;
		$rows = (array) $wpdb->get_results( 'SELECT * FROM ' . HitTable::name(), ARRAY_A ); // phpcs:ignore
		$this->assertSame( $lines, self::sum_hits( $rows ) );
		$this->assertEqualsCanonicalizing( array( KnownMethods::OTHER, 'pingback.ping' ), array_values( array_unique( array_column( $rows, 'method' ) ) ) );
		$this->assertLessThanOrEqual( 2 * 6, count( $rows ), 'two methods in at most six minutes' );
	}

	/**
	 * Makes every INSERT into the log table after the first $allowed fail with a real database
	 * error (the statement names a table that does not exist). Returns the filter to remove.
	 *
	 * @param int $allowed INSERTs that still go through.
	 */
	private static function fail_inserts_after( int $allowed ): callable {
		$seen   = 0;
		$filter = static function ( $query ) use ( &$seen, $allowed ) {
			if ( is_string( $query ) && 0 === strpos( $query, 'INSERT INTO ' . HitTable::name() . ' ' ) && ++$seen > $allowed ) {
				return str_replace( 'INSERT INTO ' . HitTable::name() . ' ', 'INSERT INTO xs_no_such_table ', $query );
			}
			return $query;
		};
		add_filter( 'query', $filter );
		return $filter;
	}

	/**
	 * A claim that fails part-way: some statements committed, then the database refused
	 * (issue #13 item 9: the whole file was kept and written again, 1,000 hits became 1,400).
	 * After recovery every hit is counted once.
	 */
	public function test_a_failure_after_some_chunks_committed_counts_each_hit_once(): void {
		$spool = Ingester::site_spool();
		$lines = array();
		// 1,000 addresses (rows) x 10 hits, interleaved: every chunk touches many rows.
		for ( $i = 0; $i < 10000; $i++ ) {
			$lines[] = Spool::format_line( time() - 60, '198.51.' . intdiv( $i % 1000, 250 ) . '.' . ( $i % 250 ), 'pingback.ping', 'blocked', 'ua' );
		}
		$this->assertTrue( $spool->append_lines( $lines ) );
		$filter = self::fail_inserts_after( 2 );
		try {
			$this->assertFalse( Ingester::run()['ok'] );
		} finally {
			remove_filter( 'query', $filter );
		}
		$this->assertGreaterThan( 0, self::sum_hits( self::fetch_rows() ), 'some statements had committed' );
		$rows = self::ingest_and_fetch_rows();
		$this->assertSame( 10000, self::sum_hits( $rows ) );
		$this->assertCount( 1000, $rows );
		$this->assertSame( array( 10 ), array_values( array_unique( array_map( 'intval', array_column( $rows, 'hits' ) ) ) ) );
	}

	/**
	 * Ten runs that claim and fail while the flood fills the spool each time: one claim at a
	 * time and one cap over the live file and the claim keep the data directory within the
	 * cap (before, each run claimed another file: three runs made 49 MiB). The next good run
	 * then counts every hit once.
	 */
	public function test_ten_failing_runs_stay_within_the_cap_and_then_count_each_hit_once(): void {
		$spool    = Ingester::site_spool();
		$line     = Spool::format_line( time() - 60, '192.0.2.44', 'pingback.ping', 'blocked', 'flood' );
		$batch    = array_fill( 0, 2000, $line );
		$accepted = 0;
		$largest  = 0;
		$filter   = self::fail_inserts_after( 0 );
		try {
			for ( $run = 0; $run < 10; $run++ ) {
				while ( $spool->append_lines( $batch ) ) {
					$accepted += count( $batch );
				}
				$this->assertFalse( Scheduler::ingest_and_prune()['ok'] );
				$largest = max( $largest, self::data_dir_spool_bytes() );
			}
		} finally {
			remove_filter( 'query', $filter );
		}
		$this->assertLessThanOrEqual( Spool::MAX_BYTES, $largest );
		$this->assertGreaterThan( Spool::MAX_BYTES / 2, $largest, 'the flood did fill the spool' );
		$report = Scheduler::ingest_and_prune();
		$this->assertTrue( $report['ok'] );
		$this->assertSame( $accepted, self::sum_hits( self::fetch_rows() ) );
		$this->assertSame( 0, self::data_dir_spool_bytes() );
	}

	/**
	 * Bytes of every spool file (live, claimed) in the data directory.
	 */
	private static function data_dir_spool_bytes(): int {
		clearstatcache();
		$bytes = 0;
		foreach ( (array) glob( Paths::data_dir() . '/hits-*' ) as $file ) {
			$bytes += (int) filesize( $file );
		}
		return $bytes;
	}

	/**
	 * All rows of the log table, without ingesting.
	 *
	 * @return array<int,array<string,mixed>>
	 */
	private static function fetch_rows(): array {
		global $wpdb;
		return (array) $wpdb->get_results( 'SELECT * FROM ' . HitTable::name(), ARRAY_A ); // phpcs:ignore
	}

	/**
	 * An operator's `wp xmlrpc-shield ingest` while a WP-Cron ingest holds the lock waits for
	 * it and then ingests what is spooled (it reported "Ingested 0 hits" at once before, and
	 * `crowdsec push` then found no network to push).
	 */
	public function test_wp_cli_waits_for_an_ingest_in_progress(): void {
		$spool = Ingester::site_spool();
		$this->assertTrue( $spool->append_lines( array_fill( 0, 3, Spool::format_line( time() - 60, '192.0.2.45', 'pingback.ping', 'blocked', 'flood' ) ) ) );
		// Another process holds the ingest lock for two seconds, as a WP-Cron run does.
		$holder = proc_open(
			array( PHP_BINARY, '-r', '$l = fopen( $argv[1], "c" ); flock( $l, LOCK_EX ); echo "held\n"; sleep( 2 );', Paths::ingest_lock() ),
			array( 1 => array( 'pipe', 'w' ) ),
			$pipes
		);
		$this->assertSame( "held\n", fgets( $pipes[1] ) );
		$cli = self::wp_cli( array( 'xmlrpc-shield', 'ingest' ) );
		fclose( $pipes[1] );
		proc_close( $holder );
		$this->assertSame( 0, $cli['code'], $cli['err'] );
		$this->assertStringContainsString( 'Ingested 3 hits', $cli['out'] );
	}

	public function test_ipv6_rows_group_by_64(): void {
		$spool = Ingester::site_spool();
		$spool->append( time(), '2001:db8:1:2::7', 'pingback.ping', 'blocked', '' );
		$spool->append( time(), '::ffff:198.51.100.4', 'pingback.ping', 'blocked', '' );
		$rows = self::ingest_and_fetch_rows();
		$this->assertEqualsCanonicalizing( array( '2001:db8:1:2::/64', '198.51.100.0/24' ), array_column( $rows, 'subnet' ) );
		$this->assertContains( '198.51.100.4', array_column( $rows, 'ip' ) );
	}

	public function test_retention_and_row_cap(): void {
		$now  = time();
		$rows = array();
		for ( $i = 0; $i < 1500; $i++ ) {
			$rows[] = array(
				'bucket'     => $now - 60 * $i,
				'ip'         => '198.51.100.' . ( $i % 250 ),
				'subnet'     => '198.51.100.0/24',
				'method'     => 'm' . $i,
				'outcome'    => 'blocked',
				'hits'       => 1,
				'user_agent' => '',
			);
		}
		// And 5 rows older than the 30-day retention.
		for ( $i = 0; $i < 5; $i++ ) {
			$rows[] = array(
				'bucket'     => $now - 40 * DAY_IN_SECONDS - $i,
				'ip'         => '192.0.2.1',
				'subnet'     => '192.0.2.0/24',
				'method'     => 'old' . $i,
				'outcome'    => 'blocked',
				'hits'       => 1,
				'user_agent' => '',
			);
		}
		$this->assertTrue( HitTable::add_counts( $rows ) );
		global $wpdb;
		$table = HitTable::name();
		$this->assertSame( 1505, (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$table}" ) ); // phpcs:ignore
		update_option( Settings::ROW_CAP, 1000 );
		$report = Scheduler::ingest_and_prune();
		$this->assertSame( 505, $report['pruned'] );
		$this->assertSame( 1000, (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$table}" ) ); // phpcs:ignore
		$this->assertSame( 0, (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$table} WHERE method LIKE 'old%'" ) ); // phpcs:ignore
		// The newest rows are the ones kept.
		$this->assertSame( 1, (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$table} WHERE method = %s", 'm0' ) ) ); // phpcs:ignore
	}

	public function test_a_missing_table_never_changes_the_block_and_counts_wait_in_the_spool(): void {
		global $wpdb;
		$table = HitTable::name();
		HitTable::drop();
		$this->assertNull( $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $table ) ), 'table gone' );
		try {
			for ( $i = 0; $i < 5; $i++ ) {
				$response = self::post_xmlrpc( self::PINGBACK_BODY );
				$this->assertSame( 403, $response['status'] );
				$this->assertStringNotContainsString( 'Fatal', $response['body'] );
			}
			$report = Ingester::run();
			$this->assertFalse( $report['ok'] );
			$this->assertFileExists( Paths::spool_file(), 'nothing is claimed while the table cannot be read' );
		} finally {
			HitTable::install();
		}
		$rows = self::ingest_and_fetch_rows();
		$this->assertSame( 5, self::sum_hits( $rows, 'blocked' ) );
		$this->assertFileDoesNotExist( Ingester::site_spool()->claim_path() );
		$this->assertStringNotContainsString( 'Fatal', (string) @file_get_contents( XS_TEST_SITE_DIR . '/wp-content/debug.log' ) );
	}

	public function test_unwritable_spool_never_changes_the_block(): void {
		$dir = Paths::data_dir();
		rename( $dir, $dir . '.away' );
		// A plain file where the directory was: every append fails (as on a full or read-only disk).
		file_put_contents( $dir, 'not a directory' );
		try {
			$response = self::post_xmlrpc( self::PINGBACK_BODY );
			$this->assertSame( 403, $response['status'] );
			$this->assertSame( "XML-RPC is disabled on this site.\n", $response['body'] );
		} finally {
			unlink( $dir );
			rename( $dir . '.away', $dir );
		}
	}

	/**
	 * A really full disk: the data directory becomes a tiny tmpfs (root can mount one), is
	 * filled up, and the flood goes on. Every request is still refused, and the spool holds only
	 * whole lines (a write cut short by the full disk is cut off, never left to merge with the
	 * next). Without mount rights the spool is pointed at /dev/full, which fails every write
	 * with ENOSPC the same way.
	 */
	public function test_full_disk_keeps_blocking_and_leaves_only_whole_lines(): void {
		// Every hit goes to the spool file here (APCu counters have their own full-disk test).
		update_option( 'xs_test_no_apcu', 1 );
		$dir   = Paths::data_dir();
		$spool = Paths::spool_file();
		$saved = $dir . '.saved';
		rename( $dir, $saved );
		mkdir( $dir );
		$mounted = self::mount_tiny_tmpfs( $dir );
		try {
			// Some hits reach the spool while there is room.
			for ( $i = 0; $i < 3; $i++ ) {
				$this->assertSame( 403, self::post_xmlrpc( self::PINGBACK_BODY )['status'] );
			}
			if ( $mounted ) {
				// Fill the rest; the spool keeps only the slack of its last page to grow into.
				$filler = fopen( $dir . '/filler', 'wb' );
				while ( 4096 === @fwrite( $filler, str_repeat( "\0", 4096 ) ) ) { // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
					continue;
				}
				fclose( $filler );
				$this->assertLessThan( 4096, disk_free_space( $dir ), 'the tmpfs is full' );
			} else {
				unlink( $spool );
				symlink( '/dev/full', $spool );
			}
			$statuses = array();
			for ( $i = 0; $i < 60; $i++ ) {
				$response   = self::post_xmlrpc( self::PINGBACK_BODY, array( 'User-Agent' => 'full-disk-probe/' . str_repeat( 'x', 40 ) ) );
				$statuses[] = $response['status'];
				$this->assertSame( "XML-RPC is disabled on this site.\n", $response['body'] );
			}
			$this->assertSame( array( 403 ), array_values( array_unique( $statuses ) ) );
			if ( $mounted ) {
				$text  = (string) file_get_contents( $spool );
				$lines = '' === $text ? array() : explode( "\n", rtrim( $text, "\n" ) );
				$this->assertLessThan( 63, count( $lines ), 'the disk filled up before the flood ended' );
				$this->assertGreaterThan( 3, count( $lines ), 'hits went on into the last page while it had room' );
				$this->assertSame( "\n", substr( $text, -1 ), 'the spool ends with a whole line' );
				foreach ( $lines as $line ) {
					$this->assertNotNull( Spool::parse_line( $line ), 'every spooled line is whole: ' . $line );
				}
				// What was spooled is ingested exactly.
				$this->assertSame( count( $lines ), self::sum_hits( self::ingest_and_fetch_rows() ) );
			}
		} finally {
			if ( $mounted ) {
				exec( 'umount ' . escapeshellarg( $dir ) );
			}
			if ( is_link( $spool ) ) {
				unlink( $spool );
			}
			foreach ( (array) glob( $dir . '/*' ) as $left ) {
				unlink( $left );
			}
			rmdir( $dir );
			rename( $saved, $dir );
		}
	}

	/**
	 * Mounts a 32 KB tmpfs on $dir when this process may (root); false otherwise.
	 *
	 * @param string $dir Directory.
	 */
	private static function mount_tiny_tmpfs( string $dir ): bool {
		if ( ! function_exists( 'posix_geteuid' ) || 0 !== posix_geteuid() ) {
			return false;
		}
		exec( 'mount -t tmpfs -o size=32k,mode=0777 tmpfs ' . escapeshellarg( $dir ) . ' 2>&1', $output, $status );
		return 0 === $status;
	}

	public function test_logging_off_writes_nothing(): void {
		update_option( Settings::LOG_ENABLED, false );
		$this->assertSame( 403, self::post_xmlrpc( self::PINGBACK_BODY )['status'] );
		$this->assertSame( array(), self::ingest_and_fetch_rows() );
	}

	public function test_damaged_and_non_utf8_lines(): void {
		$spool = Paths::spool_file();
		file_put_contents( $spool, "garbage\n" . time() . "\tnot-an-ip\tm\tblocked\tua\n" . time() . "\t192.0.2.1\tm\tweird\tua\n" . time() . "\t192.0.2.1\tm\tblocked\t\xff\xfe agent\n" );
		$report = Ingester::run();
		$this->assertTrue( $report['ok'] );
		$this->assertSame( 3, $report['skipped'] );
		$rows = self::ingest_and_fetch_rows();
		$this->assertCount( 1, $rows );
		$this->assertTrue( mb_check_encoding( $rows[0]['user_agent'], 'UTF-8' ) );
	}
}
