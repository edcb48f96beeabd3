<?php
/**
 * The early gate on real nginx + PHP-FPM with a .user.ini hook: PHP-FPM keeps a .user.ini's
 * auto_prepend_file for user_ini.cache_ttl seconds, so removing the gate must never leave a
 * cached hook naming a missing file (every request would answer 500), and another firewall's
 * prepend file must keep running through install, settings changes and removal.
 *
 * Slow (the first test watches two sites for six minutes): group fpm.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

/**
 * @group fpm
 */
final class EarlyGateFpmTest extends IntegrationTestCase {

	/** @var ServedSite[] */
	private $sites = array();

	protected function tearDown(): void {
		foreach ( $this->sites as $site ) {
			$site->stop();
		}
		parent::tearDown();
	}

	private function site( int $offset ): ServedSite {
		$site          = new ServedSite( ServedSite::port( $offset ) );
		$this->sites[] = $site;
		return $site;
	}

	/**
	 * Visits every site about once a second for $seconds; returns the 5xx answers seen.
	 *
	 * @param ServedSite[] $sites Sites.
	 * @return string[]
	 */
	private static function server_errors_during( array $sites, int $seconds ): array {
		$errors = array();
		$until  = time() + $seconds;
		while ( time() < $until ) {
			$started = microtime( true );
			foreach ( $sites as $site ) {
				foreach ( $site->visit() as $path => $status ) {
					if ( $status >= 500 || 0 === $status ) {
						$errors[] = gmdate( 'H:i:s' ) . ' :' . $site->port . $path . ' ' . $status;
					}
				}
			}
			usleep( (int) max( 0, 1000000 - ( microtime( true ) - $started ) * 1000000 ) );
		}
		return $errors;
	}

	/**
	 * With PHP's default user_ini.cache_ttl (300 s), removing the gate (one site) and
	 * deactivating the plugin (the other) never produce a 5xx in the six minutes after.
	 */
	public function test_removal_and_deactivation_never_answer_500_while_php_fpm_caches_the_hook(): void {
		$removed     = $this->site( 0 );
		$deactivated = $this->site( 1 );
		foreach ( array( $removed, $deactivated ) as $site ) {
			$site->start( 'nginx-fpm' );
			$site->wp( 'xmlrpc-shield', 'early-gate', 'install', '--method=user-ini', '--skip-verify' );
			$this->assertTrue( $site->wait_for_early_gate( 20 ), 'PHP-FPM runs the gate through .user.ini' );
		}
		$removed->wp( 'xmlrpc-shield', 'early-gate', 'remove' );
		$deactivated->php( 'deactivate_plugins( "xmlrpc-shield/plugin.php" );' );
		$this->assertStringNotContainsString( 'auto_prepend_file', (string) @file_get_contents( $removed->dir . '/.user.ini' ) );
		$this->assertStringNotContainsString( 'auto_prepend_file', (string) @file_get_contents( $deactivated->dir . '/.user.ini' ) );

		$this->assertSame( array(), self::server_errors_during( array( $removed, $deactivated ), 370 ) );
	}

	/**
	 * With a short user_ini.cache_ttl, the stub outlives every cached hook and then deletes
	 * itself; deleting the data folder or the plugin's folder under a cached hook breaks nothing.
	 */
	public function test_stub_deletes_itself_and_missing_folders_never_answer_500(): void {
		$site = $this->site( 2 );
		$site->start( 'nginx-fpm', 5 );
		$site->wp( 'xmlrpc-shield', 'early-gate', 'install', '--method=user-ini', '--skip-verify' );
		$this->assertTrue( $site->wait_for_early_gate( 20 ) );
		$site->wp( 'xmlrpc-shield', 'early-gate', 'remove' );
		$this->assertFileExists( $site->gate_file(), 'a stub stays while PHP-FPM may still name it' );
		$this->assertSame( array(), self::server_errors_during( array( $site ), 20 ) );
		// Past removal + user_ini.cache_ttl + margin, a web request of the plugin (the
		// heartbeat's admin-ajax.php runs admin_init) deletes the stub.
		$this->assertLessThan( 500, $site->request( '/wp-admin/admin-ajax.php?action=heartbeat' )['status'] );
		clearstatcache();
		$this->assertFileDoesNotExist( $site->gate_file(), 'the stub is gone once no worker can name it' );
		$this->assertSame( array(), self::server_errors_during( array( $site ), 3 ) );

		// The data folder deleted under an installed gate: the gate defers, the plugin decides.
		$site->wp( 'xmlrpc-shield', 'early-gate', 'install', '--method=user-ini', '--skip-verify' );
		$this->assertTrue( $site->wait_for_early_gate( 20 ) );
		exec( 'rm -rf ' . escapeshellarg( $site->dir . '/wp-content/xmlrpc-shield' ) );
		$this->assertSame( array(), self::server_errors_during( array( $site ), 4 ) );
		$this->assertSame( 'plugin', $site->request( '/xmlrpc.php', self::PINGBACK_BODY )['headers']['x-xmlrpc-shield'] ?? '' );

		// The plugin's folder deleted by hand (FTP) under a cached hook: nothing breaks.
		$plugin = $site->dir . '/wp-content/plugins/xmlrpc-shield';
		rename( $plugin, $plugin . '.gone' );
		try {
			$this->assertSame( array(), self::server_errors_during( array( $site ), 4 ) );
		} finally {
			rename( $plugin . '.gone', $plugin );
		}
	}

	/**
	 * Deactivation under PHP-FPM: the .user.ini hook goes at once, the stub stays while a worker
	 * may still name it (user_ini.cache_ttl), and then goes with no click and none of the
	 * plugin's code running (the must-use clean-up file), never a 5xx on the way.
	 */
	public function test_after_deactivation_the_stub_goes_once_no_worker_can_name_it(): void {
		$site = $this->site( 4 );
		$site->start( 'nginx-fpm', 5 );
		$site->wp( 'xmlrpc-shield', 'early-gate', 'install', '--method=user-ini', '--skip-verify' );
		$this->assertTrue( $site->wait_for_early_gate( 20 ) );
		$site->php( 'deactivate_plugins( "xmlrpc-shield/plugin.php" );' );
		$cleanup = $site->dir . '/wp-content/mu-plugins/' . \XmlrpcShield\EarlyGate\StubCleanup::FILE;
		clearstatcache();
		$this->assertFileExists( $site->gate_file(), 'a stub stays while PHP-FPM may still name it' );
		$this->assertFileExists( $cleanup );

		// Removal + ttl (5 s) + margin (10 s): a visitor's request after that deletes both.
		$this->assertSame( array(), self::server_errors_during( array( $site ), 18 ) );
		clearstatcache();
		$this->assertFileDoesNotExist( $site->gate_file() );
		$this->assertFileDoesNotExist( $cleanup );
		$this->assertSame( array(), self::server_errors_during( array( $site ), 2 ) );
	}

	/**
	 * A stand-in prepend firewall (it counts its runs) already in .user.ini runs on every
	 * request before, while (through settings changes from WP-CLI and from a REST request) and
	 * after our gate.
	 */
	public function test_another_prepend_firewall_keeps_running_through_settings_changes(): void {
		$site     = $this->site( 3 );
		$firewall = $site->dir . '/xs-firewall.php';
		$counter  = $site->dir . '/wp-content/xs-firewall.count';
		file_put_contents( $firewall, self::counting_firewall() );
		file_put_contents( $site->dir . '/.user.ini', "; Another firewall\nauto_prepend_file = \"" . $firewall . "\"\n" );
		$site->start( 'nginx-fpm', 5 );
		$runs = static function () use ( $counter ): int {
			clearstatcache();
			return is_file( $counter ) ? (int) filesize( $counter ) : 0;
		};
		// Every request runs the other firewall, except one our early gate refuses: that ends
		// before the chained file, as the cheapest answer to a flood should. Which FPM worker
		// already re-read .user.ini decides who answers, so the answer's header says which.
		$each_request_runs_it = function ( string $when ) use ( $site, $runs ): void {
			$before   = $runs();
			$expected = 2;
			$site->request( '/' );
			$refused = 'early-gate' === ( $site->request( '/xmlrpc.php', self::PINGBACK_BODY )['headers']['x-xmlrpc-shield'] ?? '' );
			$site->request( '/wp-login.php' );
			$expected += $refused ? 0 : 1;
			$this->assertSame( $before + $expected, $runs(), 'the other firewall ran on every request ' . $when );
		};
		$each_request_runs_it( 'before our gate' );

		$site->wp( 'xmlrpc-shield', 'early-gate', 'install', '--method=user-ini', '--skip-verify' );
		$this->assertTrue( $site->wait_for_early_gate( 20 ) );
		$each_request_runs_it( 'with our gate' );
		$site->wp( 'xmlrpc-shield', 'allow', 'add', '127.0.0.1' );
		$each_request_runs_it( 'after an allowlist change from WP-CLI' );
		$site->wp( 'xmlrpc-shield', 'mode', 'pingback' );
		$each_request_runs_it( 'after a mode change from WP-CLI' );
		$this->assertSame( 'block', $site->php( '$r = new WP_REST_Request( "POST", "/xmlrpc-shield/v1/settings" ); $r->set_body_params( array( "mode" => "block" ) ); rest_do_request( $r ); echo get_option( "xmlrpc_shield_mode" );' ) );
		$each_request_runs_it( 'after a mode change through REST' );
		$this->assertStringContainsString( $firewall, (string) file_get_contents( $site->gate_file() ), 'the gate still chains it' );

		$site->wp( 'xmlrpc-shield', 'early-gate', 'remove' );
		$this->assertSame( "; Another firewall\nauto_prepend_file = \"" . $firewall . "\"\n", file_get_contents( $site->dir . '/.user.ini' ), '.user.ini exactly as before' );
		$each_request_runs_it( 'right after removal' );
		sleep( 6 ); // Past user_ini.cache_ttl: every worker has read the restored .user.ini.
		$each_request_runs_it( 'after removal' );
	}
}
