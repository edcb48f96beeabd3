<?php
/**
 * Exact counts under a concurrent burst over HTTP, shared by the test classes of each web server.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Log\Ingester;

trait CountsConcurrentBurst {

	/**
	 * Both ways a hit is recorded: APCu counters (the default where the server has APCu) and
	 * one spool line per hit.
	 *
	 * @return array<string,array{bool}>
	 */
	public function stores(): array {
		return array(
			'APCu counters' => array( true ),
			'spool lines'   => array( false ),
		);
	}

	/**
	 * @dataProvider stores
	 */
	public function test_concurrent_burst_over_http_counts_exactly( bool $apcu ): void {
		update_option( 'xs_test_no_apcu', $apcu ? 0 : 1 );
		$total = 240;
		// Ingest while the burst is still arriving: claims must not lose appends.
		$ingested = 0;
		$statuses = self::post_at_once(
			'/xmlrpc.php',
			self::PINGBACK_BODY,
			array_fill( 0, $total, array( 'Connection: close' ) ),
			static function () use ( &$ingested ): void {
				$ingested += Ingester::run()['lines'];
			}
		);
		$this->assertSame( array( 403 => $total ), array_count_values( $statuses ) );
		$report = Ingester::run();
		$this->assertSame( $apcu ? 'web' : 'none', $report['counters']['source'] );
		$ingested += $report['lines'];
		$this->assertSame( $total, $ingested, 'every hit ingested once, none twice' );
		$this->assertSame( $total, self::sum_hits( self::ingest_and_fetch_rows(), 'blocked' ) );
	}
}
