<?php
/**
 * Unit tests for the hit spool.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\unit;

use PHPUnit\Framework\TestCase;
use XmlrpcShield\Log\Spool;

final class SpoolTest extends TestCase {

	/** @var string */
	private $dir;

	protected function setUp(): void {
		$this->dir = sys_get_temp_dir() . '/xs-spool-' . bin2hex( random_bytes( 4 ) );
		mkdir( $this->dir );
	}

	protected function tearDown(): void {
		foreach ( (array) glob( $this->dir . '/*' ) as $file ) {
			unlink( $file );
		}
		rmdir( $this->dir );
	}

	public function test_lines_cannot_be_split_or_smuggle_fields(): void {
		$line = Spool::format_line( 1700000000, '203.0.113.1', "pingback.ping\tblocked", 'blocked', "evil\nagent\t<script>" );
		$this->assertSame( 1, substr_count( $line, "\n" ) );
		$this->assertSame( 4, substr_count( $line, "\t" ) );
		$parsed = Spool::parse_line( rtrim( $line, "\n" ) );
		$this->assertSame( 'pingback.ping blocked', $parsed['method'] );
		$this->assertSame( 'evil agent <script>', $parsed['user_agent'] );
		$this->assertNull( Spool::parse_line( "garbage\tline" ) );
		$this->assertNull( Spool::parse_line( "x\ta\tb\tc\td" ) );
	}

	public function test_a_line_can_stand_for_many_hits(): void {
		$line = Spool::format_line( 1700000000, '203.0.113.1', 'pingback.ping', 'blocked', 'ua', 42 );
		$this->assertSame( 42, Spool::parse_line( rtrim( $line, "\n" ) )['count'] );
		$this->assertSame( 1, Spool::parse_line( rtrim( Spool::format_line( 1, '1.2.3.4', 'm', 'blocked', 'ua' ), "\n" ) )['count'] );
		$this->assertSame( 4, substr_count( Spool::format_line( 1, '1.2.3.4', 'm', 'blocked', 'ua', 1 ), "\t" ), 'a single hit keeps the five-field line' );
		foreach ( array( '0', '-3', 'x', '1234567890', '' ) as $bad ) {
			$this->assertNull( Spool::parse_line( "1\t1.2.3.4\tm\tblocked\tua\t" . $bad ), 'count ' . $bad );
		}
		$this->assertNull( Spool::parse_line( "1\t1.2.3.4\tm\tblocked\tua\t2\t3" ) );
	}

	public function test_append_lines_writes_all_in_one_go(): void {
		$spool = new Spool( $this->dir . '/hits.spool', 100 );
		$lines = array( Spool::format_line( 1, '1.2.3.4', 'm', 'blocked', '', 5 ), Spool::format_line( 2, '1.2.3.5', 'm', 'blocked', '' ) );
		$this->assertTrue( $spool->append_lines( $lines ) );
		$this->assertTrue( $spool->append_lines( array() ) );
		$this->assertSame( implode( '', $lines ), file_get_contents( $this->dir . '/hits.spool' ) );
		// All or nothing: a batch over the cap is refused whole.
		$this->assertFalse( $spool->append_lines( array_fill( 0, 5, $lines[0] ) ) );
		$this->assertSame( implode( '', $lines ), file_get_contents( $this->dir . '/hits.spool' ) );
	}

	public function test_user_agent_is_truncated(): void {
		$parsed = Spool::parse_line( rtrim( Spool::format_line( 1, '1.2.3.4', 'm', 'blocked', str_repeat( 'A', 10000 ) ), "\n" ) );
		$this->assertSame( Spool::MAX_USER_AGENT, strlen( $parsed['user_agent'] ) );
	}

	public function test_cap_stops_appends_without_error(): void {
		$spool = new Spool( $this->dir . '/hits.spool', 200 );
		$ok    = 0;
		for ( $i = 0; $i < 20; $i++ ) {
			$ok += $spool->append( 1700000000, '203.0.113.1', 'pingback.ping', 'blocked', 'ua' ) ? 1 : 0;
		}
		$this->assertGreaterThan( 0, $ok );
		$this->assertLessThan( 20, $ok );
		$this->assertLessThanOrEqual( 200, filesize( $this->dir . '/hits.spool' ) );
		$this->assertCount( $ok, file( $this->dir . '/hits.spool' ) );
	}

	public function test_missing_directory_returns_false(): void {
		$spool = new Spool( $this->dir . '/missing/hits.spool', 1000 );
		$this->assertFalse( @$spool->append( 1, '1.2.3.4', 'm', 'blocked', '' ) );
	}

	public function test_claim_moves_the_file_and_new_appends_start_fresh(): void {
		$spool = new Spool( $this->dir . '/hits.spool', 100000 );
		$this->assertNull( $spool->claim() );
		$spool->append( 1, '1.2.3.4', 'a', 'blocked', '' );
		$claimed = $spool->claim();
		$this->assertSame( $spool->claim_path(), $claimed );
		$this->assertFileDoesNotExist( $this->dir . '/hits.spool' );
		$spool->append( 2, '1.2.3.4', 'b', 'blocked', '' );
		$this->assertCount( 1, file( $claimed ) );
		$this->assertCount( 1, file( $this->dir . '/hits.spool' ) );
		$this->assertNull( $spool->claim(), 'one claim at a time: the waiting one is ingested first' );
		$this->assertCount( 1, file( $claimed ) );
	}

	public function test_the_cap_holds_for_the_live_file_and_the_claim_together(): void {
		$line  = Spool::format_line( 1, '1.2.3.4', 'pingback.ping', 'blocked', 'ua' );
		$spool = new Spool( $this->dir . '/hits.spool', 10 * strlen( $line ) );
		$this->assertTrue( $spool->append_lines( array_fill( 0, 6, $line ) ) );
		$this->assertNotNull( $spool->claim() );
		// The claim waits (say the database is down): the live file gets only the rest of the cap.
		$accepted = 0;
		for ( $i = 0; $i < 10; $i++ ) {
			$accepted += $spool->append( 1, '1.2.3.4', 'pingback.ping', 'blocked', 'ua' ) ? 1 : 0;
		}
		$this->assertSame( 4, $accepted );
		$this->assertSame( 10 * strlen( $line ), $spool->bytes() );
		unlink( $spool->claim_path() );
		$this->assertTrue( $spool->append( 1, '1.2.3.4', 'pingback.ping', 'blocked', 'ua' ), 'room again once the claim is ingested' );
	}

	public function test_a_file_an_older_version_claimed_is_adopted_as_the_claim(): void {
		$spool  = new Spool( $this->dir . '/hits.spool', 100000 );
		$legacy = $this->dir . '/hits.spool.1234.abcdef01.claim';
		file_put_contents( $legacy, Spool::format_line( 1, '1.2.3.4', 'a', 'blocked', '' ) );
		$this->assertSame( array( $legacy ), $spool->legacy_claims() );
		$this->assertSame( $spool->claim_path(), $spool->adopt( $legacy ) );
		$this->assertSame( array(), $spool->legacy_claims() );
		$this->assertCount( 1, file( $spool->claim_path() ) );
	}

	public function test_concurrent_appends_and_claims_lose_nothing(): void {
		$path    = $this->dir . '/hits.spool';
		$writers = 4;
		$each    = 500;
		$pids    = array();
		for ( $w = 0; $w < $writers; $w++ ) {
			$pid = pcntl_fork();
			if ( 0 === $pid ) {
				$spool = new Spool( $path, 10000000 );
				for ( $i = 0; $i < $each; $i++ ) {
					$spool->append( 1700000000 + $i, '10.0.0.' . $w, 'pingback.ping', 'blocked', 'w' );
				}
				exit( 0 );
			}
			$pids[] = $pid;
		}
		// Claim and consume repeatedly while writers run, as the ingester would.
		$spool   = new Spool( $path, 10000000 );
		$lines   = 0;
		$consume = function () use ( $spool, &$lines ): void {
			$claimed = $spool->claim();
			if ( null === $claimed ) {
				return;
			}
			foreach ( file( $claimed, FILE_IGNORE_NEW_LINES ) as $line ) {
				$this->assertNotNull( Spool::parse_line( $line ), 'damaged line: ' . $line );
				++$lines;
			}
			unlink( $claimed );
		};
		$running = true;
		while ( $running ) {
			$consume();
			$running = false;
			foreach ( $pids as $pid ) {
				if ( 0 === pcntl_waitpid( $pid, $status, WNOHANG ) ) {
					$running = true;
				}
			}
			usleep( 1000 );
		}
		foreach ( $pids as $pid ) {
			pcntl_waitpid( $pid, $status );
		}
		$consume();
		$this->assertSame( $writers * $each, $lines );
	}
}
