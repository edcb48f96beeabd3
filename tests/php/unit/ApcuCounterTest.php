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
		$this->assertFalse( $this->counter->flush( self::MINUTE + 500 )['ok'] );
		$this->assertSame( 8, $this->counter->pending(), 'nothing lost, nothing deleted' );
		rmdir( $this->spool->path() );
		$this->assertSame( 8, $this->counter->flush( self::MINUTE + 500 )['hits'] );
		$this->assertSame( 8, $this->spooled_hits() );
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
