<?php
/**
 * The autopilot on real nginx + PHP-FPM: after activation it installs the early gate through
 * .user.ini, which PHP-FPM reads again only after user_ini.cache_ttl, so the install is
 * "verifying" until then, checked with a real request after it, never rolled back before it,
 * and no request answers 5xx meanwhile.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

/**
 * @group fpm
 */
final class AutopilotFpmTest extends IntegrationTestCase {

	/** A short user_ini.cache_ttl keeps the test to about a minute. */
	const TTL = 20;

	/** @var ServedSite */
	private $site;

	protected function tearDown(): void {
		if ( null !== $this->site ) {
			$this->site->stop();
		}
		parent::tearDown();
	}

	/**
	 * The autopilot's REST/CLI shape.
	 *
	 * @return array<string,mixed>
	 */
	private function autopilot(): array {
		$lines = explode( "\n", $this->site->wp( 'xmlrpc-shield', 'autopilot', 'status', '--format=json' ) );
		return (array) json_decode( (string) end( $lines ), true );
	}

	public function test_a_user_ini_install_is_verified_after_the_ttl_without_a_5xx(): void {
		$this->site = new ServedSite( ServedSite::port( 21 ), true );
		$site       = $this->site;
		$site->start( 'nginx-fpm', self::TTL );
		$site->php( 'echo is_wp_error( activate_plugin( "xmlrpc-shield/plugin.php" ) ) ? "error" : "ok";' );

		$errors = array();
		$seen   = array();
		$until  = microtime( true ) + self::TTL + 60;
		do {
			// A visitor's requests: they also spawn WP-Cron, which installs and later verifies.
			foreach ( $site->visit() as $path => $status ) {
				if ( $status >= 500 || 0 === $status ) {
					$errors[] = $path . ' ' . $status;
				}
			}
			$site->request( '/wp-cron.php' );
			$status                    = $this->autopilot();
			$seen[ $status['state'] ] = true;
			if ( 'verifying' === $status['state'] ) {
				$verifying = $status;
			}
			usleep( 500000 );
		} while ( 'installed' !== $status['state'] && microtime( true ) < $until );

		$this->assertSame( array(), $errors, 'no 5xx while PHP-FPM had not yet read .user.ini' );
		$this->assertTrue( isset( $verifying ), 'verifying until PHP-FPM reads .user.ini again: ' . implode( ',', array_keys( $seen ) ) );
		$this->assertSame( 'user-ini', $verifying['layer'] );
		$this->assertSame( self::TTL, $verifying['events'][0]['figures']['user_ini_cache_ttl'] );
		$this->assertGreaterThanOrEqual( $verifying['events'][0]['at'] + self::TTL, $verifying['next_attempt_at'], 'checked only after the ttl' );
		$this->assertContains( $site->dir . '/.user.ini', $verifying['events'][0]['files'] );

		$this->assertSame( 'installed', $status['state'], wp_json_encode( $status ) );
		$this->assertSame( 'user-ini', $status['layer'] );
		$this->assertSame( array( 'verified', 'installed' ), array_column( $status['events'], 'kind' ), 'verified, never rolled back' );
		$refused = $site->request( '/xmlrpc.php', self::PINGBACK_BODY );
		$this->assertSame( 403, $refused['status'] );
		$this->assertSame( 'early-gate', $refused['headers']['x-xmlrpc-shield'] ?? '' );
	}
}
