<?php
/**
 * Hit counting in the web server's APCu, and WP-CLI's loopback flush.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Log\CounterFlush;
use XmlrpcShield\Log\Ingester;
use XmlrpcShield\Log\Spool;
use XmlrpcShield\Paths;
use XmlrpcShield\Settings;

class ApcuCounterTest extends IntegrationTestCase {

	/**
	 * Lines in the spool file now (0 when there is none).
	 */
	private static function spool_lines(): int {
		clearstatcache();
		$file = Paths::spool_file();
		return is_file( $file ) ? count( (array) file( $file, FILE_SKIP_EMPTY_LINES ) ) : 0;
	}

	/**
	 * POSTs to the flush route.
	 *
	 * @param array<string,string> $headers Headers.
	 */
	private static function post_flush( array $headers ): array {
		return self::http( 'POST', '/?rest_route=/xmlrpc-shield/v1' . CounterFlush::ROUTE, '', $headers );
	}

	public function test_the_server_counts_in_memory_and_a_cli_ingest_collects_the_counts(): void {
		$answer = json_decode( self::post_flush( array( CounterFlush::HEADER => self::flush_key() ) )['body'], true );
		$this->assertTrue( $answer['apcu'] ?? null, 'the test server must have APCu: install php8.2-apcu (tools/install-system-deps.sh)' );

		for ( $i = 0; $i < 6; $i++ ) {
			$this->assertSame( 403, self::post_xmlrpc( self::PINGBACK_BODY, array( 'User-Agent' => 'counted/' . $i ) )['status'] );
		}
		// Counters reach the file only when a new minute starts: 6 hits are at most 1 line.
		$this->assertLessThanOrEqual( 1, self::spool_lines() );

		$report = Ingester::run();
		$this->assertSame( 'web', $report['counters']['source'] );
		$this->assertTrue( $report['counters']['ok'] );
		$this->assertSame( 6, $report['lines'] );
		$rows = self::ingest_and_fetch_rows();
		$this->assertSame( 6, self::sum_hits( $rows, 'blocked' ) );
		$this->assertCount( 1, array_unique( array_column( $rows, 'method' ) ) );
		$this->assertStringStartsWith( 'counted/', (string) $rows[0]['user_agent'] );
		// Taken once: a second ingest finds nothing new.
		$this->assertSame( 0, Ingester::run()['lines'] );
	}

	public function test_counts_wait_in_memory_while_the_spool_cannot_take_them(): void {
		Ingester::run();
		$spool = Paths::spool_file();
		// A directory where the spool file should be: every append fails.
		mkdir( $spool );
		try {
			for ( $i = 0; $i < 4; $i++ ) {
				$this->assertSame( 403, self::post_xmlrpc( self::PINGBACK_BODY )['status'], 'a failing log never changes the block' );
			}
			$flushed = CounterFlush::ask_web_server();
			$this->assertFalse( $flushed['ok'], 'the flush reports the spool refused the counts' );
			$this->assertSame( 0, Ingester::run()['lines'] );
		} finally {
			rmdir( $spool );
		}
		$this->assertSame( 4, self::sum_hits( self::ingest_and_fetch_rows(), 'blocked' ), 'the counts were given back, not lost' );
	}

	public function test_the_filter_turns_memory_counting_off(): void {
		update_option( 'xs_test_no_apcu', 1 );
		for ( $i = 0; $i < 3; $i++ ) {
			$this->assertSame( 403, self::post_xmlrpc( self::PINGBACK_BODY )['status'] );
		}
		$this->assertSame( 3, self::spool_lines(), 'one spool line per hit' );
		foreach ( (array) file( Paths::spool_file(), FILE_IGNORE_NEW_LINES ) as $line ) {
			$this->assertSame( 1, Spool::parse_line( (string) $line )['count'] );
		}
		// The test site's helper adds the filter in the server; this process needs it too.
		add_filter( 'xmlrpc_shield_use_apcu', '__return_false' );
		try {
			$report = Ingester::run();
		} finally {
			remove_filter( 'xmlrpc_shield_use_apcu', '__return_false' );
		}
		$this->assertSame( 'none', $report['counters']['source'], 'WP-CLI does not ask the server' );
		$this->assertSame( 3, $report['lines'] );
	}

	public function test_the_flush_route_refuses_a_wrong_key(): void {
		// Administrators reach it with cookie and nonce (RestApiTest::routes); WP-CLI with the key.
		$this->assertSame( 403, self::post_flush( array( CounterFlush::HEADER => str_repeat( 'x', 40 ) ) )['status'] );
		$this->assertSame( 403, self::post_flush( array( CounterFlush::HEADER => substr( self::flush_key(), 0, -1 ) ) )['status'] );
		$this->assertSame( 401, self::post_flush( array() )['status'] );
		$this->assertSame( 200, self::post_flush( array( CounterFlush::HEADER => self::flush_key() ) )['status'] );
	}

	/**
	 * Sends blocked pingbacks from distinct client addresses (loopback trusted as a proxy),
	 * 16 at a time.
	 *
	 * @param int $first Index of the first address.
	 * @param int $count Requests.
	 */
	private function flood_distinct_clients( int $first, int $count ): void {
		for ( $batch = $first; $batch < $first + $count; $batch += 16 ) {
			$headers = array();
			for ( $i = $batch; $i < min( $batch + 16, $first + $count ); $i++ ) {
				$headers[] = array( 'X-Forwarded-For: 10.' . intdiv( $i, 62500 ) . '.' . intdiv( $i % 62500, 250 ) . '.' . ( $i % 250 ) );
			}
			$statuses = self::post_at_once( '/xmlrpc.php', self::PINGBACK_BODY, $headers );
			$this->assertSame( array( 403 => count( $headers ) ), array_count_values( $statuses ) );
		}
	}

	/**
	 * The spool refuses everything while more clients arrive in a minute than memory may
	 * count: the hits beyond are dropped, counted, and shown to the owner in REST and WP-CLI
	 * status; once the spool works again, log + dropped add up to every hit sent.
	 */
	public function test_hits_memory_cannot_keep_are_counted_and_shown_as_dropped(): void {
		Settings::update( array( 'trusted_proxies' => array( '127.0.0.1/32' ) ) );
		delete_option( Settings::DROPPED_HITS );
		$spool = Paths::spool_file();
		mkdir( $spool );
		$sent = 0;
		try {
			// 2,000 new counters a minute stay in memory; rounds go on until drops show (a
			// minute boundary in between starts a new allowance).
			while ( 0 === Ingester::dropped()['hits'] && $sent < 9000 ) {
				$this->flood_distinct_clients( $sent, 500 );
				$sent += 500;
				Ingester::run();
				wp_cache_delete( Settings::DROPPED_HITS, 'options' );
			}
		} finally {
			rmdir( $spool );
		}
		$dropped = Ingester::dropped()['hits'];
		$this->assertGreaterThan( 0, $dropped );
		$this->assertTrue( Ingester::run()['ok'] );
		wp_cache_delete( Settings::DROPPED_HITS, 'options' );
		$this->assertSame( $sent, self::sum_hits( self::ingest_and_fetch_rows() ) + Ingester::dropped()['hits'], 'every hit is in the log or counted as dropped' );

		wp_set_current_user( 1 );
		$status = rest_do_request( new \WP_REST_Request( 'GET', '/xmlrpc-shield/v1/status' ) )->get_data();
		wp_set_current_user( 0 );
		$this->assertSame( Ingester::dropped()['hits'], $status['dropped_hits'] );
		$this->assertGreaterThan( time() - 600, $status['dropped_last'] );
		$cli = json_decode( self::wp_cli( array( 'xmlrpc-shield', 'status', '--format=json' ) )['out'], true );
		$this->assertSame( Ingester::dropped()['hits'], $cli['dropped_hits'] ?? null );
	}

	/**
	 * The site's loopback key (made on first use, as WP-CLI does).
	 */
	protected static function flush_key(): string {
		CounterFlush::ask_web_server();
		return (string) get_option( Settings::FLUSH_KEY );
	}
}
