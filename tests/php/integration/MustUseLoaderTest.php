<?php
/**
 * The plugin-load gate's must-use loader on the real site over HTTP: written at activation and
 * checked with a request, refusing before anything else runs on muplugins_loaded (so before
 * regular plugins), harmless with the plugin's folder gone or the plugin inactive, deciding
 * once, and gone after deactivation and uninstall.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Lifecycle\MustUseLoader;
use XmlrpcShield\Settings;

final class MustUseLoaderTest extends IntegrationTestCase {

	const PLUGIN = 'xmlrpc-shield/plugin.php';

	/** Test must-use plugin: notes an XML-RPC request that got past the start of muplugins_loaded. */
	const AFTER_MU = '/wp-content/mu-plugins/xs-test-after-mu.php';

	/** Where it notes them. */
	const AFTER_MU_LOG = '/wp-content/xs-after-mu.log';

	/** Where the plugin's folder goes while a test takes it away. */
	const MOVED = '/wp-content/plugins/xmlrpc-shield.moved';

	/** @var string[] */
	private $active_plugins = array();

	protected function setUp(): void {
		parent::setUp();
		$this->active_plugins = (array) get_option( 'active_plugins', array() );
		file_put_contents(
			XS_TEST_SITE_DIR . self::AFTER_MU,
			"<?php\nadd_action( 'muplugins_loaded', static function () { if ( defined( 'XMLRPC_REQUEST' ) ) { file_put_contents( WP_CONTENT_DIR . '/xs-after-mu.log', \"after\\n\", FILE_APPEND ); } } );\n"
		);
		@unlink( XS_TEST_SITE_DIR . self::AFTER_MU_LOG ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
		// Activation as core does it, with the site served: the loader is written and checked.
		deactivate_plugins( self::PLUGIN );
		activate_plugin( self::PLUGIN );
		wp_cache_flush();
	}

	protected function tearDown(): void {
		if ( is_link( XS_TEST_SITE_DIR . self::MOVED ) || is_dir( XS_TEST_SITE_DIR . self::MOVED ) ) {
			rename( XS_TEST_SITE_DIR . self::MOVED, XS_TEST_SITE_DIR . '/wp-content/plugins/xmlrpc-shield' );
		}
		update_option( 'active_plugins', $this->active_plugins );
		@unlink( XS_TEST_SITE_DIR . self::AFTER_MU ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
		@unlink( XS_TEST_SITE_DIR . self::AFTER_MU_LOG ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
		wp_cache_flush();
		parent::tearDown();
	}

	/**
	 * How many XML-RPC requests got past the loader's place on muplugins_loaded.
	 */
	private static function requests_after_mu(): int {
		$log = XS_TEST_SITE_DIR . self::AFTER_MU_LOG;
		return is_file( $log ) ? substr_count( (string) file_get_contents( $log ), 'after' ) : 0;
	}

	public function test_activation_writes_the_loader_and_it_refuses_before_the_rest_of_muplugins_loaded(): void {
		$this->assertFileExists( MustUseLoader::file(), 'written at activation and kept: its check passed' );
		$this->assertStringContainsString( "'basename' => '" . self::PLUGIN . "'", (string) file_get_contents( MustUseLoader::file() ) );

		$response = self::post_xmlrpc( self::PINGBACK_BODY );
		$this->assertSame( 403, $response['status'] );
		$this->assertSame( 'plugin', $response['headers']['x-xmlrpc-shield'] ?? '' );
		$this->assertSame( 0, self::requests_after_mu(), 'refused before anything else on muplugins_loaded' );
		$this->assertSame( 1, self::sum_hits( self::ingest_and_fetch_rows(), 'blocked' ) );

		// The rest of the site is untouched; only the check's secret gets the loader's answer.
		$this->assertSame( 200, self::http( 'GET', '/' )['status'] );
		$this->assertSame( 200, self::http( 'GET', '/', null, array( 'X-XMLRPC-Shield-Loader-Probe' => 'wrong' ) )['status'] );
	}

	public function test_a_refusal_costs_no_database_query(): void {
		// Queries made before muplugins_loaded (core's own) and by the time the request ends.
		$counter = XS_TEST_SITE_DIR . '/wp-content/mu-plugins/xs-test-queries.php';
		$log     = XS_TEST_SITE_DIR . '/wp-content/xs-queries.log';
		file_put_contents(
			$counter,
			"<?php\nif ( defined( 'XMLRPC_REQUEST' ) ) { \$GLOBALS['xs_queries_before'] = \$GLOBALS['wpdb']->num_queries; add_action( 'shutdown', static function () { file_put_contents( WP_CONTENT_DIR . '/xs-queries.log', ( \$GLOBALS['wpdb']->num_queries - \$GLOBALS['xs_queries_before'] ) . \"\\n\" ); } ); }\n"
		);
		try {
			// At most once per NodeBeat::INTERVAL (10 s) a refusal also sends this node's beat,
			// which reads the loopback key: one query (Fleet\Drain::beat_from_plugin()). Of two
			// refusals a second apart at most one can carry it; the other must cost nothing.
			$queries = array();
			for ( $refusal = 0; $refusal < 2; $refusal++ ) {
				$response = self::post_xmlrpc( self::PINGBACK_BODY );
				$this->assertSame( 403, $response['status'] );
				// Shutdown functions run after the refusal went out (it says Connection: close).
				for ( $wait = 0; $wait < 100 && ! is_file( $log ); $wait++ ) {
					usleep( 50000 );
				}
				$queries[] = (int) file_get_contents( $log );
				unlink( $log );
			}
			$this->assertSame( 0, min( $queries ), 'the gate read only autoloaded options (no Jetpack options on a site without Jetpack)' );
			$this->assertLessThanOrEqual( 1, max( $queries ), 'a refusal that sends the beat reads one option, the key' );
		} finally {
			unlink( $counter );
			@unlink( $log ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
		}
	}

	public function test_a_request_the_loader_passes_is_decided_and_logged_once(): void {
		Settings::set_mode( Decider::MODE_MONITOR );
		// A GET is logged by the gate itself (a POST that passes is logged by CallGuard).
		$response = self::http( 'GET', '/xmlrpc.php' );
		$this->assertSame( 'XML-RPC server accepts POST requests only.', $response['body'], 'core answers: the gate let it through' );
		$this->assertSame( 1, self::requests_after_mu() );
		$this->assertSame( 1, self::sum_hits( self::ingest_and_fetch_rows() ), 'once, not at the loader and again at plugin load' );
	}

	public function test_with_the_plugins_folder_gone_every_page_is_served(): void {
		$this->assertFileExists( MustUseLoader::file() );
		rename( XS_TEST_SITE_DIR . '/wp-content/plugins/xmlrpc-shield', XS_TEST_SITE_DIR . self::MOVED );

		$home = self::http( 'GET', '/' );
		$this->assertSame( 200, $home['status'], $home['body'] );
		$this->assertStringNotContainsString( 'critical error', $home['body'] );
		$xmlrpc = self::post_xmlrpc( self::PINGBACK_BODY );
		$this->assertSame( 200, $xmlrpc['status'], 'core answers the call itself: ' . $xmlrpc['body'] );
		$this->assertStringContainsString( '<methodResponse>', $xmlrpc['body'] );
		$this->assertSame( 1, self::requests_after_mu() );
	}

	public function test_with_the_plugin_inactive_the_loader_does_nothing(): void {
		$this->assertFileExists( MustUseLoader::file() );
		// Inactive without its deactivation hook (as a failed update or a database edit leaves it).
		update_option( 'active_plugins', array_values( array_diff( $this->active_plugins, array( self::PLUGIN ) ) ) );

		$this->assertSame( 200, self::http( 'GET', '/' )['status'] );
		$xmlrpc = self::post_xmlrpc( self::PINGBACK_BODY );
		$this->assertSame( 200, $xmlrpc['status'] );
		$this->assertArrayNotHasKey( 'x-xmlrpc-shield', $xmlrpc['headers'] );
		$this->assertSame( 1, self::requests_after_mu() );
	}

	public function test_deactivation_removes_the_loader_and_the_gate_decides_at_plugin_load(): void {
		$this->assertFileExists( MustUseLoader::file() );
		deactivate_plugins( self::PLUGIN );
		$this->assertFileDoesNotExist( MustUseLoader::file() );

		// Active again without its activation hook: no loader, the plugin file's own gate refuses.
		update_option( 'active_plugins', $this->active_plugins );
		$response = self::post_xmlrpc( self::PINGBACK_BODY );
		$this->assertSame( 403, $response['status'] );
		$this->assertSame( 'plugin', $response['headers']['x-xmlrpc-shield'] ?? '' );
		$this->assertSame( 1, self::requests_after_mu(), 'refused at plugin load, after muplugins_loaded' );
	}

	public function test_a_failed_check_leaves_no_loader(): void {
		deactivate_plugins( self::PLUGIN );
		// The check asks home_url(): a site that cannot reach itself keeps the plugin-load gate.
		$unreachable = static function () {
			return 'http://127.0.0.1:9/';
		};
		add_filter( 'home_url', $unreachable );
		try {
			activate_plugin( self::PLUGIN );
		} finally {
			remove_filter( 'home_url', $unreachable );
		}
		$this->assertTrue( is_plugin_active( self::PLUGIN ) );
		$this->assertFileDoesNotExist( MustUseLoader::file() );
	}

	public function test_uninstall_removes_the_loader(): void {
		$this->assertFileExists( MustUseLoader::file() );
		$script = XS_TEST_SITE_DIR . '/xs-uninstall-loader.php';
		// As core runs it when the plugin is deleted, in its own process, with the loader there
		// (deactivated by a database edit, so only uninstall can remove it).
		file_put_contents(
			$script,
			"<?php\n\$_SERVER['HTTP_HOST'] = " . var_export( (string) wp_parse_url( XS_TEST_SITE_URL, PHP_URL_HOST ), true ) . ";\nrequire __DIR__ . '/wp-load.php';\nrequire_once ABSPATH . 'wp-admin/includes/plugin.php';\nupdate_option( 'active_plugins', array() );\nuninstall_plugin( 'xmlrpc-shield/plugin.php' );\necho file_exists( WPMU_PLUGIN_DIR . '/" . MustUseLoader::FILE . "' ) ? 'still there' : 'gone';\n" // phpcs:ignore
		);
		exec( escapeshellarg( PHP_BINARY ) . ' ' . escapeshellarg( $script ) . ' 2>&1', $out, $code );
		unlink( $script );
		wp_cache_flush();
		self::reset_plugin_state();
		$this->assertSame( array( 0, 'gone' ), array( $code, (string) end( $out ) ), implode( "\n", $out ) );
	}
}
