<?php
/**
 * ApcuCounterTest on nginx + PHP-FPM, plus the concurrent burst: the pool's workers share one APCu
 * (php -S and the CLI each have their own), and WP-CLI's flush reaches it through nginx at the
 * address and port nginx gives PHP; every hit lands in the table exactly once.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Log\CounterFlush;
use XmlrpcShield\Settings;

/**
 * @group fpm
 */
final class ApcuCounterFpmTest extends ApcuCounterTest {

	use ServedByNginxFpm;
	use CountsConcurrentBurst;

	/**
	 * With nothing pointing this process at nginx (as on a site whose home URL names a CDN or
	 * whose nginx listens on another port): the pool records the address and port nginx gave
	 * it (SERVER_ADDR, SERVER_PORT), and the real WP-CLI's ingest collects the pool's counts
	 * there, not from the php -S server that answers at the home URL's port with none.
	 */
	public function test_wp_cli_collects_the_pool_s_counts_at_the_address_nginx_gives_php(): void {
		$nginx = 'http://127.0.0.1:' . self::fpm_port();
		$this->assertSame( 200, self::http( 'POST', '/?rest_route=/xmlrpc-shield/v1' . CounterFlush::ROUTE, '', array( CounterFlush::HEADER => self::flush_key() ) )['status'] );
		$this->assertSame(
			array(
				'addr'  => '127.0.0.1',
				'port'  => self::fpm_port(),
				'https' => false,
			),
			get_option( Settings::WEB_SERVER )
		);
		self::serve_through( 0 );
		try {
			for ( $i = 0; $i < 5; $i++ ) {
				$this->assertSame( 'plugin', self::http( 'POST', '/xmlrpc.php', self::PINGBACK_BODY, array( 'Content-Type' => 'text/xml' ), $nginx )['headers']['x-xmlrpc-shield'] ?? '' );
			}
			$cli = self::wp_cli( array( 'xmlrpc-shield', 'ingest' ) );
		} finally {
			self::serve_through( self::fpm_port() );
		}
		$this->assertSame( 0, $cli['code'], $cli['err'] );
		$this->assertStringContainsString( 'Ingested 5 hits', $cli['out'] );
		$this->assertSame( 5, self::sum_hits( self::ingest_and_fetch_rows(), 'blocked' ) );
	}
}
