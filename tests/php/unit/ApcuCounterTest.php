<?php
/**
 * Unit tests for the APCu hit counters (run with apc.enable_cli=1, see tools/test-php.sh).
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\unit;

use PHPUnit\Framework\TestCase;
use XmlrpcShield\Log\ApcuCounter;
use XmlrpcShield\Log\Spool;

final class ApcuCounterTest extends TestCase {

	/** A minute start used as "now". */
	const MINUTE = 1800000000;

	/** @var string */
	private $dir;

	/** @var Spool */
	private $spool;

	/** @var ApcuCounter */
	private $counter;

	protected function setUp(): void {
		$this->assertTrue( ApcuCounter::available(), 'APCu must be loaded with apc.enable_cli=1 (php8.2-apcu; tools/test-php.sh passes the flag)' );
		$this->dir     = sys_get_temp_dir() . '/xs-apcu-' . bin2hex( random_bytes( 4 ) );
		mkdir( $this->dir );
		$this->spool   = new Spool( $this->dir . '/hits.spool', 1 << 20 );
		$this->counter = new ApcuCounter( $this->spool );
	}

	protected function tearDown(): void {
		$this->counter->clear();
		foreach ( (array) glob( $this->dir . '/*' ) as $file ) {
			is_dir( $file ) ? rmdir( $file ) : unlink( $file );
		}
		rmdir( $this->dir );
	}

	/**
	 * The spool's lines, parsed.
	 *
	 * @return array<int,array<string,mixed>>
	 */
	private function spooled(): array {
		clearstatcache();
		if ( ! is_file( $this->spool->path() ) ) {
			return array();
		}
		return array_map(
			static function ( string $line ): array {
				return (array) Spool::parse_line( $line );
			},
			(array) file( $this->spool->path(), FILE_IGNORE_NEW_LINES )
		);
	}

	/**
	 * Sum of spooled hits.
	 */
	private function spooled_hits(): int {
		return (int) array_sum( array_column( $this->spooled(), 'count' ) );
	}

	public function test_one_counter_per_minute_client_method_and_outcome(): void {
		for ( $i = 0; $i < 50; $i++ ) {
			$this->assertTrue( $this->counter->add( self::MINUTE + ( $i % 60 ), '203.0.113.' . ( $i % 2 ), 'pingback.ping', 'blocked', 'bot/' . $i ) );
		}
		// Nothing is written while the minute lasts.
		$this->assertSame( array(), $this->spooled() );
		$this->assertSame( 50, $this->counter->pending() );
		$report = $this->counter->flush( self::MINUTE + 30 );
		$this->assertSame( array( 'counters' => 2, 'hits' => 50, 'ok' => true ), $report );
		$lines = $this->spooled();
		$this->assertCount( 2, $lines );
		$this->assertSame( array( 25, 25 ), array_column( $lines, 'count' ) );
		$this->assertEqualsCanonicalizing( array( 'bot/0', 'bot/1' ), array_column( $lines, 'user_agent' ) );
		$this->assertSame( 0, $this->counter->pending() );
		$this->assertSame( array( 'counters' => 0, 'hits' => 0, 'ok' => true ), $this->counter->flush( self::MINUTE + 30 ), 'taken once' );
	}

	public function test_the_first_hit_of_a_new_minute_flushes_the_minutes_before(): void {
		for ( $i = 0; $i < 10; $i++ ) {
			$this->counter->add( self::MINUTE + 5, '198.51.100.7', 'system.multicall', 'blocked', 'ua' );
		}
		$this->assertSame( 0, $this->spooled_hits() );
		$this->counter->add( self::MINUTE + 65, '198.51.100.7', 'system.multicall', 'blocked', 'ua' );
		$this->counter->add( self::MINUTE + 66, '198.51.100.7', 'system.multicall', 'blocked', 'ua' );
		$this->assertSame( array( self::MINUTE ), array_column( $this->spooled(), 'time' ) );
		$this->assertSame( 10, $this->spooled_hits() );
		$this->assertSame( 2, $this->counter->pending(), 'the running minute stays in memory' );
	}

	public function test_each_line_carries_the_user_agent_of_its_first_hit(): void {
		$this->counter->add( self::MINUTE, '192.0.2.1', 'pingback.ping', 'blocked', 'first' );
		$this->counter->add( self::MINUTE + 1, '192.0.2.1', 'pingback.ping', 'blocked', 'second' );
		$this->counter->flush( self::MINUTE + 2 );
		$this->counter->add( self::MINUTE + 3, '192.0.2.1', 'pingback.ping', 'blocked', "third\tand\nmore" );
		$this->counter->add( self::MINUTE + 4, '192.0.2.1', 'pingback.ping', 'blocked', 'fourth' );
		$this->counter->flush( self::MINUTE + 5 );
		// Each line names the first hit since the flush before it.
		$this->assertSame( array( 'first', 'third and more' ), array_column( $this->spooled(), 'user_agent' ) );
		$this->assertSame( array( 2, 2 ), array_column( $this->spooled(), 'count' ) );
	}

	public function test_settled_minutes_are_deleted_recent_ones_kept(): void {
		$this->counter->add( self::MINUTE, '192.0.2.1', 'pingback.ping', 'blocked', 'ua' );
		$this->counter->add( self::MINUTE + 60, '192.0.2.1', 'pingback.ping', 'blocked', 'ua' );
		$this->counter->flush( self::MINUTE + 60 + ApcuCounter::SETTLED_AFTER + 1 );
		// MINUTE is settled (deleted); MINUTE + 60 is not yet: a late hit there is still counted.
		$this->counter->add( self::MINUTE + 61, '192.0.2.1', 'pingback.ping', 'blocked', 'ua' );
		$this->assertSame( 1, $this->counter->pending() );
		$keys = 0;
		foreach ( new \APCUIterator( '/^xmlrpc-shield\|/', APC_ITER_KEY ) as $key => $entry ) {
			$keys += false !== strpos( (string) $key, "\t" ) && false !== strpos( (string) $key, (string) self::MINUTE . "\t" ) ? 1 : 0;
		}
		$this->assertSame( 0, $keys, 'no counter or user agent left for the settled minute' );
	}

	public function test_too_many_new_counters_in_a_minute_fall_back_to_the_spool(): void {
		$accepted = 0;
		for ( $i = 0; $i < ApcuCounter::MAX_KEYS_PER_MINUTE + 5; $i++ ) {
			$accepted += $this->counter->add( self::MINUTE, '10.0.' . intdiv( $i, 250 ) . '.' . ( $i % 250 ), 'pingback.ping', 'blocked', '' ) ? 1 : 0;
		}
		$this->assertSame( ApcuCounter::MAX_KEYS_PER_MINUTE, $accepted );
		// Existing counters keep counting; only new ones are refused.
		$this->assertTrue( $this->counter->add( self::MINUTE, '10.0.0.0', 'pingback.ping', 'blocked', '' ) );
		$this->assertFalse( $this->counter->add( self::MINUTE, '10.9.9.9', 'pingback.ping', 'blocked', '' ) );
		$this->assertTrue( $this->counter->add( self::MINUTE + 60, '10.9.9.9', 'pingback.ping', 'blocked', '' ), 'a new minute has a new cap' );
	}

	public function test_counts_are_given_back_when_the_spool_refuses_them(): void {
		// A directory where the spool file should be: every append fails.
		mkdir( $this->spool->path() );
		for ( $i = 0; $i < 7; $i++ ) {
			$this->counter->add( self::MINUTE + $i, '192.0.2.9', 'pingback.ping', 'blocked', 'ua' );
		}
		$this->counter->add( self::MINUTE + 61, '192.0.2.9', 'pingback.ping', 'blocked', 'ua' );
		// Both minutes are still running or recent: their counts wait in memory.
		$this->assertFalse( $this->counter->flush( self::MINUTE + 100 )['ok'] );
		$this->assertSame( 8, $this->counter->pending(), 'nothing lost, nothing deleted' );
		rmdir( $this->spool->path() );
		$this->assertSame( 8, $this->counter->flush( self::MINUTE + 100 )['hits'] );
		$this->assertSame( 8, $this->spooled_hits() );
		$this->assertSame( array( 'hits' => 0, 'last' => 0 ), $this->counter->take_dropped( self::MINUTE + 100 ) );
	}

	public function test_settled_counts_the_spool_refuses_are_dropped_and_counted(): void {
		mkdir( $this->spool->path() );
		for ( $i = 0; $i < 7; $i++ ) {
			$this->counter->add( self::MINUTE + $i, '192.0.2.9', 'pingback.ping', 'blocked', 'ua' );
		}
		$late = self::MINUTE + 60 + ApcuCounter::SETTLED_AFTER + 1;
		$this->assertFalse( $this->counter->flush( $late )['ok'] );
		$this->assertSame( 0, $this->counter->pending() );
		$this->assertLessThanOrEqual( 3, $this->counter->footprint()['entries'], 'no counter left: only the minute\'s bookkeeping and the dropped-hit counter' );
		rmdir( $this->spool->path() );
		$this->assertSame( array( 'hits' => 7, 'last' => $late - ( $late % 60 ) ), $this->counter->take_dropped( $late ) );
		$this->assertSame( array( 'hits' => 0, 'last' => 0 ), $this->counter->take_dropped( $late ), 'taken once' );
		$this->assertSame( 0, $this->spooled_hits() );
	}

	/**
	 * The spool refuses everything for half an hour while every minute brings more distinct
	 * clients than a minute may keep. Our APCu entries stay within the bound the whole time
	 * and every hit is either still pending or counted as dropped (issue #13 item 8: before,
	 * 120k entries after 30 minutes, growing).
	 */
	public function test_memory_stays_bounded_while_the_spool_refuses(): void {
		mkdir( $this->spool->path() );
		$bound   = ApcuCounter::LIVE_MINUTES * ApcuCounter::MAX_KEYS_PER_MINUTE * 2 + 40;
		$hits    = 0;
		$largest = 0;
		for ( $minute = 0; $minute < 30; $minute++ ) {
			$time = self::MINUTE + 60 * $minute;
			for ( $i = 0; $i < ApcuCounter::MAX_KEYS_PER_MINUTE + 200; $i++ ) {
				$ip = '10.' . $minute . '.' . intdiv( $i, 250 ) . '.' . ( $i % 250 );
				if ( ! $this->counter->add( $time + ( $i % 60 ), $ip, 'pingback.ping', 'blocked', 'flood' ) ) {
					// What RequestGate::record() does when memory says no: the spool (refusing), then drop.
					$this->assertFalse( $this->spool->append( $time, $ip, 'pingback.ping', 'blocked', 'flood' ) );
					$this->counter->drop( $time, 1 );
				}
				++$hits;
			}
			$largest = max( $largest, $this->counter->footprint()['entries'] );
		}
		$this->assertLessThanOrEqual( $bound, $largest );
		$this->assertGreaterThan( ApcuCounter::MAX_KEYS_PER_MINUTE * 2, $largest, 'the flood did fill the counters' );
		$now     = self::MINUTE + 60 * 30;
		$dropped = $this->counter->take_dropped( $now );
		$this->assertSame( $hits, $this->counter->pending() + $dropped['hits'], 'every hit is pending or counted as dropped' );
		$this->assertSame( self::MINUTE + 60 * 29, $dropped['last'] );
	}

	public function test_a_flush_cut_short_by_a_full_disk_writes_nothing_and_counts_once(): void {
		$this->assertSame( 0, posix_geteuid(), 'mounting a tiny tmpfs needs root' );
		$disk = $this->dir . '/disk';
		mkdir( $disk );
		exec( 'mount -t tmpfs -o size=16k,mode=0777 tmpfs ' . escapeshellarg( $disk ) . ' 2>&1', $output, $status );
		$this->assertSame( 0, $status, implode( "\n", $output ) );
		try {
			$spool   = new Spool( $disk . '/hits.spool', 1 << 20 );
			$counter = new ApcuCounter( $spool );
			// 60 counters: about 5.5 KB of lines, more than the one page the disk will have left.
			for ( $i = 0; $i < 60; $i++ ) {
				$counter->add( self::MINUTE, '198.51.100.' . $i, 'pingback.ping', 'blocked', str_repeat( 'u', 40 ) );
			}
			$filler = fopen( $disk . '/filler', 'wb' );
			while ( 4096 === @fwrite( $filler, str_repeat( "\0", 4096 ) ) ) { // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
				continue;
			}
			// Free exactly one page: the flush's write gets 4 KB in, then the disk is full.
			fflush( $filler );
			ftruncate( $filler, intdiv( (int) fstat( $filler )['size'], 4096 ) * 4096 - 4096 );
			fclose( $filler );
			$this->assertFalse( $counter->flush( self::MINUTE + 30 )['ok'] );
			clearstatcache();
			$this->assertSame( 0, (int) @filesize( $spool->path() ), 'a batch the disk cut short leaves no line behind' );
			$this->assertSame( 60, $counter->pending(), 'all counts given back' );
			unlink( $disk . '/filler' );
			$this->assertSame( 60, $counter->flush( self::MINUTE + 30 )['hits'] );
			$lines = (array) file( $spool->path(), FILE_IGNORE_NEW_LINES );
			$this->assertSame( 60, array_sum( array_column( array_map( array( Spool::class, 'parse_line' ), $lines ), 'count' ) ), 'each hit once' );
			$counter->clear();
		} finally {
			exec( 'umount ' . escapeshellarg( $disk ) );
			rmdir( $disk );
		}
	}

	public function test_sites_do_not_share_counters(): void {
		$other = new ApcuCounter( new Spool( $this->dir . '/hits-2.spool', 1 << 20 ) );
		$this->counter->add( self::MINUTE, '192.0.2.1', 'pingback.ping', 'blocked', '' );
		$this->counter->add( self::MINUTE, '192.0.2.1', 'pingback.ping', 'blocked', '' );
		$this->assertSame( 2, $this->counter->pending() );
		$this->assertSame( 0, $other->pending() );
		$other->clear();
	}
}
