<?php
/**
 * The early gate: generated prepend file, run before WordPress loads.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Allowlist;
use XmlrpcShield\EarlyGate\GateFile;
use XmlrpcShield\EarlyGate\Installer;
use XmlrpcShield\EarlyGate\Hook\MustUseHook;
use XmlrpcShield\Log\CounterFlush;
use XmlrpcShield\EarlyGate\RuntimeBundle;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Paths;
use XmlrpcShield\Settings;

final class EarlyGateTest extends IntegrationTestCase {

	/** @var resource|null A second server that prepends the gate file, as php_value would. */
	private static $prepend_server;

	/** @var int */
	private static $prepend_port;

	protected function tearDown(): void {
		Installer::remove();
		self::stop_prepend_server();
		parent::tearDown();
	}

	private static function boots(): int {
		$file = XS_TEST_SITE_DIR . '/wp-content/xs-xmlrpc-boots.log';
		clearstatcache();
		return is_file( $file ) ? count( file( $file ) ) : 0;
	}

	private static function start_prepend_server(): string {
		self::$prepend_port   = (int) wp_parse_url( XS_TEST_SITE_URL, PHP_URL_PORT ) + 100;
		self::$prepend_server = self::start_php_server(
			self::$prepend_port,
			array( '-d', 'auto_prepend_file=' . Installer::gate_file() ),
			array( '-t', XS_TEST_SITE_DIR, XS_REPO_DIR . '/tools/wp/router.php' ),
			XS_TEST_SITE_DIR
		);
		return 'http://127.0.0.1:' . self::$prepend_port;
	}

	/**
	 * The prepend server is a second PHP server with its own APCu: its counters reach the spool
	 * when it is asked, as WP-CLI asks the site's own server.
	 */
	private static function flush_prepend_server( string $url ): void {
		$flushed = CounterFlush::ask_web_server( $url . '/?rest_route=/xmlrpc-shield/v1' . CounterFlush::ROUTE );
		self::assertTrue( $flushed['ok'], 'the prepend server flushed its counters: ' . $flushed['error'] );
	}

	private static function stop_prepend_server(): void {
		if ( is_resource( self::$prepend_server ) ) {
			self::stop_php_server( self::$prepend_server, self::$prepend_port );
			self::$prepend_server = null;
		}
	}

	private static function raw_post( string $url, string $body, array $headers = array() ): array {
		return self::http_to( $url . '/xmlrpc.php', 'POST', $body, array( 'Content-Type' => 'text/xml' ) + $headers );
	}

	public function test_mu_plugin_install_is_verified_by_loopback_and_blocks_before_plugins(): void {
		$report = Installer::install( 'mu-plugin' );
		$this->assertTrue( $report['ok'], $report['message'] );
		$this->assertStringContainsString( 'verified', $report['message'] );
		$this->assertContains( Installer::gate_file(), $report['files'] );
		$this->assertFileExists( WP_CONTENT_DIR . '/mu-plugins/' . MustUseHook::FILE );
		$this->assertSame( array( 'installed' => true, 'method' => 'mu-plugin' ), array_intersect_key( Installer::status(), array_flip( array( 'installed', 'method' ) ) ) );

		$response = self::post_xmlrpc( self::PINGBACK_BODY );
		$this->assertSame( 403, $response['status'] );
		$this->assertSame( 'early-gate', $response['headers']['x-xmlrpc-shield'] ?? '' );
		$this->assertSame( 1, self::sum_hits( self::ingest_and_fetch_rows(), 'blocked' ), 'logged once, not twice' );

		$removed = Installer::remove();
		$this->assertContains( Installer::gate_file(), $removed );
		$this->assertFileDoesNotExist( WP_CONTENT_DIR . '/mu-plugins/' . MustUseHook::FILE );
		$this->assertSame( 'plugin', self::post_xmlrpc( self::PINGBACK_BODY )['headers']['x-xmlrpc-shield'] ?? '' );
	}

	public function test_prepended_gate_blocks_before_wordpress_boots(): void {
		$this->assertTrue( Installer::install( 'mu-plugin', false )['ok'] );
		// Only the generated file matters here; the mu-plugin loader would be a second route.
		unlink( WP_CONTENT_DIR . '/mu-plugins/' . MustUseHook::FILE );
		$url    = self::start_prepend_server();
		$before = self::boots();
		for ( $i = 0; $i < 3; $i++ ) {
			$response = self::raw_post( $url, self::PINGBACK_BODY, array( 'User-Agent' => 'early-flood' ) );
			$this->assertSame( 403, $response['status'] );
			$this->assertSame( 'early-gate', $response['headers']['x-xmlrpc-shield'] ?? '' );
		}
		$this->assertSame( $before, self::boots(), 'WordPress never booted for a blocked request' );
		self::flush_prepend_server( $url );
		$rows = self::ingest_and_fetch_rows();
		$this->assertSame( 3, self::sum_hits( $rows, 'blocked' ) );
		$this->assertSame( 'early-flood', $rows[0]['user_agent'] );

		// An allowlisted client passes the early gate, boots WordPress once, and is logged once.
		Allowlist::add( '127.0.0.1', 'runner' );
		$response = self::raw_post( $url, '<?xml version="1.0"?><methodCall><methodName>demo.sayHello</methodName><params/></methodCall>' );
		$this->assertSame( 200, $response['status'] );
		$this->assertStringContainsString( 'Hello!', $response['body'] );
		$this->assertSame( $before + 1, self::boots() );
		self::flush_prepend_server( $url );
		$this->assertSame( 1, self::sum_hits( self::ingest_and_fetch_rows(), 'allowed' ) );
	}

	/**
	 * The gate loads its classes from one generated bundle; without it (deleted, disk trouble)
	 * it falls back to the autoloader and still blocks; a plugin update (another version in
	 * the saved state) rebuilds it; uninstalling removes it.
	 */
	public function test_runtime_bundle_is_used_rebuilt_and_removed(): void {
		$report  = Installer::install( 'mu-plugin', false );
		$bundles = array_values( preg_grep( '/' . preg_quote( Paths::RUNTIME_BUNDLE_PREFIX, '/' ) . '[0-9a-f]{12}\.php$/', $report['files'] ) );
		$this->assertCount( 1, $bundles, 'the report names the bundle it wrote' );
		$bundle = $bundles[0];
		$this->assertSame( RuntimeBundle::code(), file_get_contents( $bundle ) );
		$this->assertSame( $bundle, json_decode( (string) file_get_contents( GateFile::settings_path() ), true )['bundle'], 'the settings file names the bundle' );
		unlink( WP_CONTENT_DIR . '/mu-plugins/' . MustUseHook::FILE );
		$url = self::start_prepend_server();
		$this->assertSame( 403, self::raw_post( $url, self::PINGBACK_BODY )['status'] );

		unlink( $bundle );
		$response = self::raw_post( $url, self::PINGBACK_BODY );
		$this->assertSame( 403, $response['status'], 'the autoloader stands in for a missing bundle' );
		$this->assertSame( 'early-gate', $response['headers']['x-xmlrpc-shield'] ?? '' );

		$state            = get_option( Settings::EARLY_GATE );
		$state['version'] = '0.0.1';
		update_option( Settings::EARLY_GATE, $state, false );
		Installer::upgrade_files();
		$this->assertFileExists( $bundle, 'a new version rebuilds the bundle' );
		$this->assertSame( XMLRPC_SHIELD_VERSION, get_option( Settings::EARLY_GATE )['version'] );
		$this->assertContains( $bundle, get_option( Settings::EARLY_GATE )['files'] );

		$removed = Installer::remove();
		$this->assertContains( $bundle, $removed );
		$this->assertFileDoesNotExist( $bundle );
	}

	/**
	 * The gate checks no path before the calls that fail safely on their own (settings read,
	 * bundle include), but the plugin's own folder still is: with it gone (deleted to turn the
	 * plugin off) the early gate decides nothing, bundle or not.
	 */
	public function test_with_the_plugins_folder_gone_the_gate_decides_nothing(): void {
		$this->assertTrue( Installer::install( 'mu-plugin', false )['ok'] );
		unlink( WP_CONTENT_DIR . '/mu-plugins/' . MustUseHook::FILE );
		$url = self::start_prepend_server();
		$this->assertSame( 'early-gate', self::raw_post( $url, self::PINGBACK_BODY )['headers']['x-xmlrpc-shield'] ?? '' );
		// The settings as they read with the plugin's folder gone: its autoloader is not there.
		$settings               = json_decode( (string) file_get_contents( GateFile::settings_path() ), true );
		$settings['autoloader'] = XS_TEST_SITE_DIR . '/wp-content/plugins/xmlrpc-shield-gone/includes/Autoloader.php';
		file_put_contents( GateFile::settings_path(), wp_json_encode( $settings, JSON_UNESCAPED_SLASHES ) );
		$response = self::raw_post( $url, self::PINGBACK_BODY );
		$this->assertSame( 'plugin', $response['headers']['x-xmlrpc-shield'] ?? '', 'the plugin-load gate decided, the early gate did not' );
		$this->assertSame( 403, $response['status'] );
	}

	public function test_settings_changes_reach_the_generated_file(): void {
		$this->assertTrue( Installer::install( 'mu-plugin', false )['ok'] );
		unlink( WP_CONTENT_DIR . '/mu-plugins/' . MustUseHook::FILE );
		$url = self::start_prepend_server();
		$this->assertSame( 403, self::raw_post( $url, self::PINGBACK_BODY )['status'] );
		Settings::set_mode( Decider::MODE_PINGBACK );
		$this->assertSame( 'pingback', json_decode( (string) file_get_contents( GateFile::settings_path() ), true )['config']['mode'] );
		$response = self::raw_post( $url, self::PINGBACK_BODY );
		$this->assertSame( 200, $response['status'] );
		$this->assertStringContainsString( '<int>405</int>', $response['body'] );
		$this->assertSame( 'early-gate', $response['headers']['x-xmlrpc-shield'] ?? '' );
	}

	public function test_blocks_with_the_database_gone(): void {
		if ( 'sqlite' !== XS_TEST_DB ) {
			// MariaDB outages are covered by the fault suite that stops the server.
			$this->assertSame( 'mysql', XS_TEST_DB );
			return;
		}
		$this->assertTrue( Installer::install( 'mu-plugin', false )['ok'] );
		unlink( WP_CONTENT_DIR . '/mu-plugins/' . MustUseHook::FILE );
		$url = self::start_prepend_server();
		$db  = WP_CONTENT_DIR . '/database/.ht.sqlite';
		rename( $db, $db . '.away' );
		try {
			$response = self::raw_post( $url, self::PINGBACK_BODY );
			$this->assertSame( 403, $response['status'] );
			$this->assertSame( "XML-RPC is disabled on this site.\n", $response['body'] );
		} finally {
			rename( $db . '.away', $db );
		}
	}

	public function test_unknown_method_is_refused_and_nothing_written(): void {
		$report = Installer::install( 'nonsense' );
		$this->assertFalse( $report['ok'] );
		$this->assertStringContainsString( 'Unknown method', $report['message'] );
		$this->assertFalse( Installer::status()['installed'] );
		$this->assertFileDoesNotExist( GateFile::settings_path() );
	}

	public function test_user_ini_install_writes_ini_markers_php_can_parse(): void {
		$report = Installer::install( 'user-ini' );
		$this->assertTrue( $report['ok'], $report['message'] );
		$ini = ABSPATH . '.user.ini';
		$this->assertNotFalse( parse_ini_file( $ini ), 'PHP can parse the .user.ini we wrote' );
		$this->assertSame( Installer::gate_file(), parse_ini_file( $ini )['auto_prepend_file'] );
		Installer::remove();
		$this->assertStringNotContainsString( 'auto_prepend_file', (string) @file_get_contents( $ini ) );
	}

	/**
	 * The race behind a flaky test_prepended_gate_blocks_before_wordpress_boots: PHP's built-in
	 * server runs OPcache (revalidate_freq 2 s). When the machine was slow enough for the gate
	 * file to be older than opcache.file_update_protection at its first request, OPcache kept
	 * the compiled file, and a settings change rewrote it in vain for up to 2 s. Settings now
	 * live outside PHP code: here the gate file is cached for certain, and the change holds.
	 */
	public function test_a_settings_change_holds_on_the_next_request_after_opcache_cached_the_gate(): void {
		$this->assertTrue( Installer::install( 'mu-plugin', false )['ok'] );
		unlink( WP_CONTENT_DIR . '/mu-plugins/' . MustUseHook::FILE );
		$url = self::start_prepend_server();
		sleep( 3 ); // Past opcache.file_update_protection: the next request caches the gate file.
		$this->assertSame( 403, self::raw_post( $url, self::PINGBACK_BODY )['status'] );
		Allowlist::add( '127.0.0.1', 'runner' );
		$this->assertSame( 200, self::raw_post( $url, '<?xml version="1.0"?><methodCall><methodName>demo.sayHello</methodName><params/></methodCall>' )['status'] );
		Settings::set_mode( Decider::MODE_OFF );
		Allowlist::remove( '127.0.0.1' );
		$this->assertSame( 200, self::raw_post( $url, self::PINGBACK_BODY )['status'], 'mode off holds at once' );
	}

	/**
	 * A settings change whose file cannot be written is reported (status, REST, WP-CLI's
	 * source) and the early gate defers: the plugin-load gate decides with the database's
	 * settings instead of the gate deciding with old ones.
	 */
	public function test_a_failed_settings_write_is_reported_and_the_gate_defers(): void {
		$this->assertTrue( Installer::install( 'mu-plugin', false )['ok'] );
		$this->assertSame( 'early-gate', self::post_xmlrpc( self::PINGBACK_BODY )['headers']['x-xmlrpc-shield'] ?? '' );
		// A directory where the settings file goes: no process, root included, can rename onto it.
		$settings = GateFile::settings_path();
		unlink( $settings );
		mkdir( $settings . '/blocker', 0777, true );
		try {
			Allowlist::add( '127.0.0.1', 'runner' );
			$status = Installer::status();
			$this->assertStringContainsString( 'could not be written', $status['error'] );
			wp_set_current_user( 1 );
			$this->assertSame( $status['error'], rest_do_request( new \WP_REST_Request( 'GET', '/xmlrpc-shield/v1/early-gate' ) )->get_data()['error'] );
			$this->assertSame( $status['error'], rest_do_request( new \WP_REST_Request( 'GET', '/xmlrpc-shield/v1/status' ) )->get_data()['early_gate']['error'] );
			$response = self::post_xmlrpc( '<?xml version="1.0"?><methodCall><methodName>demo.sayHello</methodName><params/></methodCall>' );
			$this->assertSame( 200, $response['status'], 'the new allowlist entry holds: the plugin-load gate decided' );
		} finally {
			rmdir( $settings . '/blocker' );
			rmdir( $settings );
		}
		Allowlist::remove( '127.0.0.1' );
		$this->assertSame( '', Installer::status()['error'], 'the next write that works clears it' );
		$this->assertSame( 'early-gate', self::post_xmlrpc( self::PINGBACK_BODY )['headers']['x-xmlrpc-shield'] ?? '' );
	}

	/**
	 * A gate an earlier version installed (generated file with compiled settings in the data
	 * folder) moves to the template and the settings file on the first admin or CLI load; its
	 * old file becomes a stub, so a cached hook naming it neither fails nor decides.
	 */
	public function test_an_earlier_versions_gate_moves_to_the_settings_file(): void {
		$legacy = GateFile::legacy_path();
		$loader = WP_CONTENT_DIR . '/mu-plugins/' . MustUseHook::FILE;
		file_put_contents( $legacy, "<?php\nheader( 'X-XMLRPC-Shield: legacy' ); http_response_code( 403 ); exit;\n" );
		file_put_contents( $loader, "<?php\nif ( is_file( " . var_export( $legacy, true ) . " ) ) { require_once " . var_export( $legacy, true ) . "; }\n" ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_var_export
		update_option( Settings::EARLY_GATE, array( 'method' => 'mu-plugin', 'files' => array( $legacy, $loader ), 'token' => 'legacy-token', 'installed_at' => time(), 'version' => '1.0.0' ), false );
		$this->assertSame( $legacy, Installer::gate_file() );
		Installer::upgrade_files();
		$this->assertSame( GateFile::path(), Installer::gate_file() );
		$this->assertStringContainsString( var_export( GateFile::path(), true ), (string) file_get_contents( $loader ), 'the loader names the new gate file' ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_var_export
		$this->assertStringContainsString( "'removed_at' => ", (string) file_get_contents( $legacy ), 'the old file is a stub' );
		$this->assertStringNotContainsString( "'removed_at' => 0", (string) file_get_contents( $legacy ) );
		$this->assertFileExists( GateFile::settings_path() );
		$this->assertSame( 'early-gate', self::post_xmlrpc( self::PINGBACK_BODY )['headers']['x-xmlrpc-shield'] ?? '' );
		Installer::remove();
		$this->assertFileDoesNotExist( $loader );
	}

	public function test_htaccess_removal_leaves_no_empty_marker_block(): void {
		$htaccess = ABSPATH . '.htaccess';
		file_put_contents( $htaccess, "# BEGIN WordPress\n# END WordPress\n" );
		try {
			$this->assertTrue( Installer::install( 'htaccess', false )['ok'] );
			$this->assertStringContainsString( 'php_value auto_prepend_file "' . Installer::gate_file() . '"', (string) file_get_contents( $htaccess ) );
			Installer::remove();
			$this->assertSame( "# BEGIN WordPress\n# END WordPress\n", file_get_contents( $htaccess ) );
		} finally {
			unlink( $htaccess );
		}
	}
}
