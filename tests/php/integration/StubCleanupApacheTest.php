<?php
/**
 * A removed early gate's stub never stays for good, on a real Apache + mod_php: deactivation and
 * uninstall (after which none of the plugin's code runs) hand it to a must-use file that deletes
 * it, and then itself, on the first request once no PHP process can name it; a hook that still
 * names the stub with the plugin's folder gone breaks no request.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\EarlyGate\StubCleanup;

/**
 * @group apache
 */
final class StubCleanupApacheTest extends IntegrationTestCase {

	/** @var ServedSite|null */
	private $site;

	/** @var string A folder to put back in place after the test ('' for none). */
	private $moved = '';

	protected function setUp(): void {
		parent::setUp();
		$this->site = new ServedSite( ServedSite::port( 30 ) );
		$this->site->start( 'apache' );
		$this->site->wp( 'xmlrpc-shield', 'early-gate', 'install', '--method=htaccess' );
		$this->assertSame( 'early-gate', $this->site->request( '/xmlrpc.php', self::PINGBACK_BODY )['headers']['x-xmlrpc-shield'] ?? '' );
	}

	protected function tearDown(): void {
		if ( '' !== $this->moved ) {
			rename( $this->moved . '.gone', $this->moved );
		}
		$this->site->stop();
		parent::tearDown();
	}

	private function cleanup_file(): string {
		return $this->site->dir . '/wp-content/mu-plugins/' . StubCleanup::FILE;
	}

	/**
	 * Visits the site about twice a second until the clean-up file is gone (it goes last, after
	 * the stub it was written for), at most $seconds; returns the answers of 500 or more seen.
	 *
	 * @return string[]
	 */
	private function visit_until_cleaned_up( int $seconds ): array {
		$errors = array();
		$until  = microtime( true ) + $seconds;
		do {
			foreach ( $this->site->visit() as $path => $status ) {
				if ( $status >= 500 || 0 === $status ) {
					$errors[] = $path . ' ' . $status;
				}
			}
			clearstatcache();
			if ( ! is_file( $this->cleanup_file() ) ) {
				break;
			}
			usleep( 500000 );
		} while ( microtime( true ) < $until );
		return $errors;
	}

	public function test_after_deactivation_the_stub_goes_even_with_the_plugins_folder_gone(): void {
		$site = $this->site;
		$site->php( 'deactivate_plugins( "xmlrpc-shield/plugin.php" );' );
		clearstatcache();
		$this->assertFileExists( $site->gate_file(), 'a stub stays while a request may still name it' );
		$this->assertStringNotContainsString( "'removed_at' => 0,", (string) file_get_contents( $site->gate_file() ) );
		$this->assertFileExists( $this->cleanup_file(), 'handed over: nothing of the plugin runs after deactivation' );

		// A hook that still names the stub (as a PHP-FPM worker's cached .user.ini does), with the
		// plugin's folder deleted by hand: the stub needs nothing of it, and the clean-up neither.
		$htaccess = $site->dir . '/.htaccess';
		$before   = is_file( $htaccess ) ? (string) file_get_contents( $htaccess ) : null;
		file_put_contents( $htaccess, 'php_value auto_prepend_file "' . $site->gate_file() . "\"\n" . $before );
		$this->moved = $site->dir . '/wp-content/plugins/xmlrpc-shield';
		rename( $this->moved, $this->moved . '.gone' );
		$home = $site->request( '/' );
		$this->assertSame( 200, $home['status'], $home['body'] );
		$this->assertStringNotContainsString( 'critical error', $home['body'] );
		$xmlrpc = $site->request( '/xmlrpc.php', self::PINGBACK_BODY );
		$this->assertSame( 200, $xmlrpc['status'], 'core answers: ' . $xmlrpc['body'] );
		$this->assertArrayNotHasKey( 'x-xmlrpc-shield', $xmlrpc['headers'] );
		null === $before ? unlink( $htaccess ) : file_put_contents( $htaccess, $before );

		$this->assertSame( array(), $this->visit_until_cleaned_up( 40 ) );
		$this->assertFileDoesNotExist( $site->gate_file(), 'the stub is gone once no request can name it' );
		$this->assertFileDoesNotExist( $this->cleanup_file(), 'and the clean-up file with it' );
	}

	public function test_after_uninstall_and_the_plugins_deletion_the_stub_goes(): void {
		$site = $this->site;
		// As the Plugins screen's Delete runs it (deactivated first, by a database edit here so
		// only uninstall removes the gate), then the folder goes (moved away: it is a symlink
		// to this repository, which a recursive delete would follow).
		$this->assertSame( 'none', $site->php( 'update_option( "active_plugins", array() ); uninstall_plugin( "xmlrpc-shield/plugin.php" ); echo false === get_option( "xmlrpc_shield_early_gate" ) ? "none" : "recorded";' ), 'no option records the stub any more' );
		$this->moved = $site->dir . '/wp-content/plugins/xmlrpc-shield';
		rename( $this->moved, $this->moved . '.gone' );
		clearstatcache();
		$this->assertFileExists( $site->gate_file() );
		$this->assertFileExists( $this->cleanup_file() );

		$this->assertSame( array(), $this->visit_until_cleaned_up( 40 ) );
		$this->assertFileDoesNotExist( $site->gate_file() );
		$this->assertFileDoesNotExist( $this->cleanup_file() );
	}

	public function test_a_gate_installed_again_at_the_same_path_is_never_deleted(): void {
		$site = $this->site;
		$site->php( 'deactivate_plugins( "xmlrpc-shield/plugin.php" );' );
		$this->assertFileExists( $this->cleanup_file() );
		$site->php( 'activate_plugin( "xmlrpc-shield/plugin.php" );' );
		$site->wp( 'xmlrpc-shield', 'early-gate', 'install', '--method=htaccess' );

		$this->assertSame( array(), $this->visit_until_cleaned_up( 15 ) );
		clearstatcache();
		$this->assertFileDoesNotExist( $this->cleanup_file(), 'its stub was replaced: it deletes only itself' );
		$this->assertFileExists( $site->gate_file() );
		$this->assertSame( 'early-gate', $site->request( '/xmlrpc.php', self::PINGBACK_BODY )['headers']['x-xmlrpc-shield'] ?? '' );
	}
}
