<?php
/**
 * The data folder: an existing install's spool survives the move to secret names, and a
 * folder the xmlrpc_shield_data_dir filter names that is not ours keeps its files and gets
 * no guards written into it; uninstall (the real one, through WP-CLI) removes only our files.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\EarlyGate\GateFile;
use XmlrpcShield\EarlyGate\Installer;
use XmlrpcShield\Log\Ingester;
use XmlrpcShield\Log\Spool;
use XmlrpcShield\Paths;
use XmlrpcShield\GateConfig;
use XmlrpcShield\Settings;

final class DataDirTest extends IntegrationTestCase {

	/** Must-use plugin that points the data folder where the option xs_test_data_dir says. */
	const MU_PLUGIN = '/wp-content/mu-plugins/xs-test-data-dir.php';

	protected function setUp(): void {
		parent::setUp();
		file_put_contents(
			XS_TEST_SITE_DIR . self::MU_PLUGIN,
			"<?php\nadd_filter( 'xmlrpc_shield_data_dir', static function ( \$dir ) { \$to = get_option( 'xs_test_data_dir' ); return \$to ? \$to : \$dir; } );\n"
		);
		require_once XS_TEST_SITE_DIR . self::MU_PLUGIN;
	}

	protected function tearDown(): void {
		delete_transient( 'doing_cron' );
		Installer::remove();
		delete_option( 'xs_test_data_dir' );
		// Its filter asks for a missing option on every request of every later test.
		@unlink( XS_TEST_SITE_DIR . self::MU_PLUGIN ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
		exec( 'rm -rf ' . escapeshellarg( XS_TEST_SITE_DIR . '/wp-content/uploads/xs-shared' ) . ' ' . escapeshellarg( XS_TEST_SITE_DIR . '/wp-content/uploads/xs-made' ) );
		parent::tearDown();
	}

	/**
	 * The real uninstall, as core runs it when the plugin is deleted (uninstall_plugin()), in
	 * its own PHP process; the plugin's files stay.
	 */
	private static function uninstall(): void {
		$script = XS_TEST_SITE_DIR . '/xs-uninstall.php';
		file_put_contents(
			$script,
			"<?php\n\$_SERVER['HTTP_HOST'] = " . var_export( (string) wp_parse_url( XS_TEST_SITE_URL, PHP_URL_HOST ), true ) . ";\nrequire __DIR__ . '/wp-load.php';\nrequire_once ABSPATH . 'wp-admin/includes/plugin.php';\ndeactivate_plugins( 'xmlrpc-shield/plugin.php' );\nuninstall_plugin( 'xmlrpc-shield/plugin.php' );\necho 'uninstalled';\n" // phpcs:ignore
		);
		exec( escapeshellarg( PHP_BINARY ) . ' ' . escapeshellarg( $script ) . ' 2>&1', $out, $code );
		unlink( $script );
		self::assertSame( array( 0, 'uninstalled' ), array( $code, (string) end( $out ) ), implode( "\n", $out ) );
		wp_cache_flush();
	}

	/**
	 * Rewrites the early gate's settings file to name another spool, as an earlier version's
	 * gate had it compiled in (writing settings now always makes the file-name secret first).
	 *
	 * @param string $spool Spool path.
	 */
	private static function point_early_gate_at( string $spool ): void {
		$settings                         = json_decode( (string) file_get_contents( GateFile::settings_path() ), true ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
		$settings['config']['spool_path'] = $spool;
		file_put_contents( GateFile::settings_path(), (string) wp_json_encode( $settings, JSON_UNESCAPED_SLASHES ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_file_put_contents
	}

	/**
	 * The spool the early gate's settings file names.
	 */
	private static function early_gate_spool(): string {
		$settings = json_decode( (string) file_get_contents( GateFile::settings_path() ), true ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
		return (string) ( $settings['config']['spool_path'] ?? '' );
	}

	public function test_an_existing_install_loses_no_counts_when_its_files_get_secret_names(): void {
		// The state an update finds: no secret, spool and a claimed spool under the old names,
		// an early gate compiled with the old spool path. WP-Cron spawned by the test server
		// must not make the secret meanwhile: hold core's cron lock.
		set_transient( 'doing_cron', sprintf( '%.22F', microtime( true ) + 60 ) );
		$this->assertTrue( Installer::install( 'mu-plugin', false )['ok'] );
		delete_option( Settings::FILE_SECRET );
		self::point_early_gate_at( Paths::legacy_spool_file() );
		$legacy = new Spool( Paths::legacy_spool_file(), Spool::MAX_BYTES );
		$this->assertSame( $legacy->path(), Paths::spool_file() );
		$legacy->append( time(), '203.0.113.1', 'pingback.ping', 'blocked', 'old/1' );
		$legacy->claim();
		$legacy->append( time(), '203.0.113.2', 'pingback.ping', 'blocked', 'old/2' );
		$this->assertSame( $legacy->path(), self::early_gate_spool() );

		Paths::ensure_data_dir();
		$spool = Paths::spool_file();
		$this->assertNotSame( $legacy->path(), $spool );
		$this->assertSame( $spool, self::early_gate_spool(), 'the early gate now writes the new name' );
		$this->assertSame( $spool, GateConfig::for_plugin_load()['spool_path'] );

		// A gate still running the old file appends to the old name meanwhile.
		$legacy->append( time(), '203.0.113.3', 'pingback.ping', 'blocked', 'old/3' );
		$this->assertSame( 403, self::post_xmlrpc( self::PINGBACK_BODY, array( 'X-XMLRPC-Shield-Test' => 'new' ) )['status'] );
		Installer::remove();
		$this->assertSame( 4, Ingester::run()['lines'] );
		$this->assertSame( array(), glob( Paths::data_dir() . '/hits-1.spool*' ), 'nothing left under the old names' );
	}

	public function test_a_shared_folder_gets_no_guards_and_keeps_its_files_after_uninstall(): void {
		$shared = XS_TEST_SITE_DIR . '/wp-content/uploads/xs-shared';
		mkdir( $shared, 0777, true );
		file_put_contents( $shared . '/foreign.txt', 'not ours' );
		update_option( 'xs_test_data_dir', $shared );
		$this->assertSame( $shared, Paths::data_dir() );
		$this->assertTrue( Paths::ensure_data_dir() );
		$this->assertFileDoesNotExist( $shared . '/.htaccess', 'no deny-all over a folder that is not ours' );
		$this->assertFileDoesNotExist( $shared . '/index.php' );
		// Our files land there: hits through the test server, an ingest's lock.
		update_option( 'xs_test_no_apcu', 1 );
		$this->assertSame( 403, self::post_xmlrpc( self::PINGBACK_BODY )['status'] );
		$this->assertFileExists( Paths::spool_file() );
		$this->assertStringStartsWith( $shared . '/', Paths::spool_file() );
		Ingester::run();
		$this->assertSame( 403, self::post_xmlrpc( self::PINGBACK_BODY )['status'] );

		self::uninstall();
		$this->assertSame( array( '.', '..', 'foreign.txt' ), scandir( $shared ), 'only our files went' );
		$this->assertSame( 'not ours', file_get_contents( $shared . '/foreign.txt' ) );
	}

	public function test_a_folder_the_plugin_made_is_guarded_and_removed_by_uninstall(): void {
		$made = XS_TEST_SITE_DIR . '/wp-content/uploads/xs-made';
		update_option( 'xs_test_data_dir', $made );
		$this->assertTrue( Paths::ensure_data_dir() );
		$this->assertFileExists( $made . '/.htaccess' );
		$this->assertFileExists( $made . '/index.php' );
		self::uninstall();
		$this->assertDirectoryDoesNotExist( $made );
	}

	public function test_uninstall_removes_the_default_folder_with_all_our_files(): void {
		Paths::ensure_data_dir();
		$spool = Ingester::site_spool();
		$spool->append( time(), '203.0.113.1', 'pingback.ping', 'blocked', 'ua' );
		$spool->claim();
		$spool->append( time(), '203.0.113.1', 'pingback.ping', 'blocked', 'ua' );
		Ingester::run();
		$spool->append( time(), '203.0.113.1', 'pingback.ping', 'blocked', 'ua' );
		file_put_contents( Paths::htaccess_backup(), '# backup' ); // phpcs:ignore
		$this->assertTrue( Installer::install( 'mu-plugin', false )['ok'] );
		self::uninstall();
		$this->assertDirectoryDoesNotExist( Paths::data_dir() );
	}

	public function test_uninstall_leaves_a_foreign_file_in_the_default_folder_and_the_folder(): void {
		Paths::ensure_data_dir();
		file_put_contents( Paths::data_dir() . '/notes.txt', 'the owner put this here' );
		self::uninstall();
		$this->assertSame( array( '.', '..', 'notes.txt' ), scandir( Paths::data_dir() ) );
		unlink( Paths::data_dir() . '/notes.txt' );
	}
}
