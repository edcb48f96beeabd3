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

	/**
	 * Visits the site (a visitor's requests, which also spawn WP-Cron) and runs WP-Cron about
	 * twice a second until $done says so or $seconds pass.
	 *
	 * @param callable $done    Called with the autopilot's state.
	 * @param int      $seconds Bound.
	 * @return array{0:string[], 1:array<string,array<string,mixed>>} 5xx answers seen, the last state seen in each state.
	 */
	private function watch( callable $done, int $seconds ): array {
		$errors = array();
		$seen   = array();
		$until  = microtime( true ) + $seconds;
		do {
			foreach ( $this->site->visit() as $path => $status ) {
				if ( $status >= 500 || 0 === $status ) {
					$errors[] = $path . ' ' . $status;
				}
			}
			$this->site->request( '/wp-cron.php' );
			$status                    = $this->autopilot();
			$seen[ $status['state'] ] = $status;
			usleep( 500000 );
		} while ( ! $done( $status ) && microtime( true ) < $until );
		$seen['last'] = $status;
		return array( $errors, $seen );
	}

	public function test_a_user_ini_install_is_verified_after_the_ttl_without_a_5xx(): void {
		$this->site = new ServedSite( ServedSite::port( 21 ), true );
		$site       = $this->site;
		$site->start( 'nginx-fpm', self::TTL );
		$site->php( 'echo is_wp_error( activate_plugin( "xmlrpc-shield/plugin.php" ) ) ? "error" : "ok";' );

		list( $errors, $seen ) = $this->watch(
			static function ( array $status ): bool {
				return 'installed' === $status['state'];
			},
			self::TTL + 60
		);
		$status                = $seen['last'];
		$verifying             = $seen['verifying'] ?? null;

		$this->assertSame( array(), $errors, 'no 5xx while PHP-FPM had not yet read .user.ini' );
		$this->assertNotNull( $verifying, 'verifying until PHP-FPM reads .user.ini again: ' . implode( ',', array_keys( $seen ) ) );
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

	public function test_a_failed_check_after_the_ttl_rolls_back_and_waits_before_the_next_layer(): void {
		$this->site = new ServedSite( ServedSite::port( 21 ), true );
		$site       = $this->site;
		// Every test request of the installer fails, as behind a host that blocks loopback calls.
		file_put_contents( $site->dir . '/wp-content/mu-plugins/xs-test.php', "<?php\nadd_filter( 'pre_http_request', static function ( \$pre, \$args ) { return isset( \$args['headers']['X-XMLRPC-Shield-Probe'] ) ? new WP_Error( 'xs_test', 'loopback blocked' ) : \$pre; }, 10, 2 );\n" );
		$site->start( 'nginx-fpm', self::TTL );
		$site->php( 'echo is_wp_error( activate_plugin( "xmlrpc-shield/plugin.php" ) ) ? "error" : "ok";' );

		list( $errors, $seen ) = $this->watch(
			static function ( array $status ): bool {
				return 'failed' === $status['state'] && count( $status['events'] ) >= 3;
			},
			2 * self::TTL + 90
		);
		$status                = $seen['last'];
		$this->assertSame( array(), $errors, 'no 5xx through install, rollback and the next layer' );
		$this->assertArrayHasKey( 'verifying', $seen, 'never rolled back before PHP-FPM read .user.ini' );
		$this->assertSame( array( 'failed', 'rolled-back', 'rolled-back', 'installed' ), array_column( $status['events'], 'kind' ), wp_json_encode( $status ) );
		$this->assertSame( array( '', 'mu-plugin', 'user-ini', 'user-ini' ), array_column( $status['events'], 'layer' ) );
		$this->assertStringContainsString( 'loopback blocked', $status['events'][2]['reason'] );
		$this->assertGreaterThanOrEqual( $status['events'][2]['at'] + self::TTL, $status['events'][1]['at'], 'the must-use hook only after PHP-FPM read .user.ini again' );
		$this->assertStringNotContainsString( 'XML-RPC Shield', (string) @file_get_contents( $site->dir . '/.user.ini' ), '.user.ini without our block' );
		$this->assertFileDoesNotExist( $site->dir . '/wp-content/mu-plugins/xmlrpc-shield-early-gate.php' );
		$this->assertGreaterThan( time() + 3000, $status['next_attempt_at'], 'then the cool-down' );
	}
}
