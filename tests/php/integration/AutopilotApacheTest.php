<?php
/**
 * The autopilot on a real Apache + mod_php, on a site where the plugin is activated as a user
 * activates it (WP-CLI `wp plugin activate`, defaults untouched): WP-Cron installs the early
 * gate through .htaccess with no click, checked with a real request; an owner's "off" and an
 * owner's removal are respected; a failing check rolls everything back and the cool-down holds.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

/**
 * @group apache
 */
final class AutopilotApacheTest extends IntegrationTestCase {

	/** One flood's worth of requests past the autopilot's threshold (60 a minute). */
	const FLOOD = 70;

	/** @var ServedSite */
	private $site;

	protected function tearDown(): void {
		if ( null !== $this->site ) {
			$this->site->stop();
		}
		parent::tearDown();
	}

	/**
	 * A site served by Apache with the plugin present and not yet activated.
	 *
	 * @param string $mu_plugin Code of a must-use plugin to add first ('' for none).
	 */
	private function serve( string $mu_plugin = '' ): ServedSite {
		$this->site = new ServedSite( ServedSite::port( 20 ), true );
		if ( '' !== $mu_plugin ) {
			file_put_contents( $this->site->dir . '/wp-content/mu-plugins/xs-test.php', "<?php\n" . $mu_plugin );
		}
		$this->site->start( 'apache' );
		return $this->site;
	}

	/**
	 * The site's .htaccess, null when there is none.
	 */
	private function htaccess(): ?string {
		clearstatcache();
		return is_file( $this->site->dir . '/.htaccess' ) ? (string) file_get_contents( $this->site->dir . '/.htaccess' ) : null;
	}

	/**
	 * Activates the plugin as the Plugins screen does, in a process of its own.
	 */
	private function activate(): void {
		$this->site->php( 'echo is_wp_error( activate_plugin( "xmlrpc-shield/plugin.php" ) ) ? "error" : "ok";' );
	}

	/**
	 * The autopilot's REST/CLI shape.
	 *
	 * @return array<string,mixed>
	 */
	private function autopilot(): array {
		// The JSON line (WP-CLI's own deprecation notices on PHP 8.2 come before it).
		$lines = explode( "\n", $this->site->wp( 'xmlrpc-shield', 'autopilot', 'status', '--format=json' ) );
		return (array) json_decode( (string) end( $lines ), true );
	}

	/**
	 * Lets WP-Cron run as a visitor's request would (one request to wp-cron.php), then waits for
	 * the autopilot to settle: a cron run another request spawned may still be at work.
	 *
	 * @return array<string,mixed> The autopilot's state after it.
	 */
	private function run_cron(): array {
		$this->site->request( '/wp-cron.php' );
		$until = microtime( true ) + 40;
		do {
			$status = $this->autopilot();
			if ( 'pending' !== $status['state'] || ! $status['enabled'] ) {
				return $status;
			}
			usleep( 500000 );
			$this->site->request( '/wp-cron.php' );
		} while ( microtime( true ) < $until );
		return $status;
	}

	/**
	 * Which layer refused a flood request ('' when none did).
	 */
	private function refused_by(): string {
		$response = $this->site->request( '/xmlrpc.php', self::PINGBACK_BODY );
		$this->assertSame( 403, $response['status'] );
		return $response['headers']['x-xmlrpc-shield'] ?? '';
	}

	/**
	 * A flood past the threshold: every request refused, by the layer returned.
	 */
	private function flood(): string {
		$layers = array();
		for ( $i = 0; $i < self::FLOOD; $i++ ) {
			$layers[ $this->refused_by() ] = true;
		}
		return implode( ',', array_keys( $layers ) );
	}

	public function test_activation_installs_the_early_gate_and_an_owners_removal_is_never_redone(): void {
		$site = $this->serve();
		$this->activate();
		$status = $this->run_cron();

		$this->assertSame( 'installed', $status['state'], wp_json_encode( $status ) );
		$this->assertSame( 'htaccess', $status['layer'] );
		$this->assertTrue( $status['enabled'], 'on by default' );
		$event = $status['events'][0];
		$this->assertSame( 'installed', $event['kind'] );
		$this->assertSame( 'htaccess', $event['layer'] );
		$this->assertContains( $site->dir . '/.htaccess', $event['files'] );
		$this->assertStringContainsString( 'after activation', $event['reason'] );
		$this->assertSame( 0.72, $event['figures']['visitor_share_early_gate'] );
		$this->assertStringContainsString( 'php_value auto_prepend_file', (string) $this->htaccess() );
		$this->assertSame( 'early-gate', $this->refused_by(), 'refused before WordPress loads' );

		// The owner removes it: recorded, and neither cron nor a flood brings it back.
		$site->wp( 'xmlrpc-shield', 'early-gate', 'remove' );
		$status = $this->run_cron();
		$this->assertSame( 'undone', $status['state'] );
		$this->assertSame( 'undone', $status['events'][0]['kind'] );
		$this->assertSame( 'plugin', $this->flood(), 'a flood after the undo is refused at plugin load, the gate stays out' );
		$site->request( '/wp-cron.php' );
		$this->assertSame( 'undone', $this->autopilot()['state'] );
		$this->assertStringNotContainsString( 'auto_prepend_file', (string) $this->htaccess() );

		// Until the owner turns autopilot on again.
		$site->wp( 'xmlrpc-shield', 'autopilot', 'on' );
		$status = $this->run_cron();
		$this->assertSame( 'installed', $status['state'], wp_json_encode( $status ) );
		$this->assertSame( 'early-gate', $this->refused_by() );
	}

	public function test_a_flood_installs_it_where_wp_cron_never_runs(): void {
		// WP-Cron off without a system cron, and activated while no server answered its spawn.
		$this->site = new ServedSite( ServedSite::port( 20 ), true );
		$site       = $this->site;
		$config     = (string) file_get_contents( $site->dir . '/wp-config.php' );
		file_put_contents( $site->dir . '/wp-config.php', str_replace( "define( 'WP_DEBUG', true );", "define( 'WP_DEBUG', true );\ndefine( 'DISABLE_WP_CRON', true );", $config ) );
		$this->activate();
		// The spawn nobody answered holds WP-Cron's lock for a minute; this test does not wait it out.
		$site->php( 'delete_transient( "doing_cron" );' );
		$site->start( 'apache' );
		for ( $i = 0; $i < 3; $i++ ) {
			$site->request( '/' );
		}
		$this->assertSame( 'pending', $this->autopilot()['state'], 'visitors never run WP-Cron here' );

		$this->assertSame( 'plugin', $this->flood() );
		$until = microtime( true ) + 40;
		do {
			usleep( 500000 );
			$status = $this->autopilot();
		} while ( 'pending' === $status['state'] && microtime( true ) < $until );
		$this->assertSame( 'installed', $status['state'], wp_json_encode( $status ) );
		$this->assertGreaterThanOrEqual( 60, $status['events'][0]['figures']['refused_per_minute'] );
		$this->assertStringContainsString( 'during a flood', $status['events'][0]['reason'] );
		$this->assertSame( 'early-gate', $this->refused_by() );
	}

	public function test_autopilot_off_installs_nothing(): void {
		$site   = $this->serve();
		$before = $this->htaccess();
		$site->php( 'add_option( "xmlrpc_shield_autopilot", false );' );
		$this->activate();
		$site->request( '/wp-cron.php' );
		$this->assertSame( 'plugin', $this->flood(), 'neither activation nor a flood installs anything' );
		$site->request( '/wp-cron.php' );
		$status = $this->autopilot();
		$this->assertSame( 'off', $status['state'] );
		$this->assertFalse( $status['enabled'] );
		$this->assertSame( array(), $status['events'] );
		$this->assertSame( $before, $this->htaccess() );
		$this->assertFileDoesNotExist( $site->gate_file() );
	}

	public function test_a_failing_check_rolls_back_and_the_cool_down_holds(): void {
		// Every test request of the installer fails, as behind a host that blocks loopback calls.
		$site   = $this->serve( "add_filter( 'pre_http_request', static function ( \$pre, \$args ) { return isset( \$args['headers']['X-XMLRPC-Shield-Probe'] ) ? new WP_Error( 'xs_test', 'loopback blocked' ) : \$pre; }, 10, 2 );\n" );
		$before = $this->htaccess();
		$this->activate();
		$status = $this->run_cron();

		$this->assertSame( 'failed', $status['state'], wp_json_encode( $status ) );
		$this->assertSame( '', $status['layer'] );
		$this->assertSame( array( 'failed', 'rolled-back', 'rolled-back' ), array_column( $status['events'], 'kind' ) );
		$this->assertSame( array( '', 'mu-plugin', 'htaccess' ), array_column( $status['events'], 'layer' ) );
		$this->assertStringContainsString( 'loopback blocked', $status['events'][2]['reason'] );
		$this->assertGreaterThan( time() + 3000, $status['next_attempt_at'], 'the next attempt waits for the cool-down' );
		$this->assertSame( $before, $this->htaccess(), '.htaccess as it was' );
		$this->assertFileDoesNotExist( $site->dir . '/wp-content/mu-plugins/xmlrpc-shield-early-gate-loader.php' );

		// Within the cool-down neither cron nor a flood tries again.
		$this->assertSame( 'plugin', $this->flood() );
		$site->request( '/wp-cron.php' );
		$after = $this->autopilot();
		$this->assertSame( 'failed', $after['state'] );
		$this->assertCount( 3, $after['events'], 'no attempt within the cool-down' );
	}
}
