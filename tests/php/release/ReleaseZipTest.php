<?php
/**
 * The release path a user takes: the zip `npm run plugin-zip` makes, installed into a clean
 * WordPress through core's own upgrader, used, then uninstalled without leftovers.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\release;

use PHPUnit\Framework\TestCase;
use XmlrpcShield\Tests\support\Http;

final class ReleaseZipTest extends TestCase {

	/** Top-level entries the zip may hold: what runs, plus what npm's packlist always adds. */
	const ALLOWED_TOP_LEVEL = array( 'plugin.php', 'uninstall.php', 'includes', 'build', 'data', 'languages', 'readme.txt', 'LICENSE', 'README.md', 'package.json' );

	/** @var string */
	private static $zip = '';

	/** @var string */
	private static $site = '';

	/** @var string */
	private static $url = '';

	/** @var resource|null */
	private static $server;

	public static function setUpBeforeClass(): void {
		$repo = XS_REPO;
		if ( ! is_readable( $repo . '/build/admin.asset.php' ) ) {
			self::fail( 'build/ is missing: run `npm run build` before the release tests.' );
		}
		@unlink( $repo . '/xmlrpc-shield.zip' );
		exec( 'cd ' . escapeshellarg( $repo ) . ' && npm run --silent plugin-zip 2>&1', $output, $code );
		self::assertSame( 0, $code, implode( "\n", $output ) );
		self::$zip = sys_get_temp_dir() . '/xs-release-' . getmypid() . '/xmlrpc-shield.zip';
		@mkdir( dirname( self::$zip ), 0777, true );
		rename( $repo . '/xmlrpc-shield.zip', self::$zip );

		$port       = (int) ( getenv( 'XS_RELEASE_PORT' ) ? getenv( 'XS_RELEASE_PORT' ) : 8898 );
		self::$site = $repo . '/.wp/sites/release-' . $port;
		self::$url  = 'http://127.0.0.1:' . $port;
		$command    = sprintf(
			'XS_SKIP_PLUGIN=1 bash -c %s 2>&1',
			escapeshellarg( sprintf( 'source %s/tools/wp/lib.sh && xs_create_site %s %s sqlite', $repo, escapeshellarg( self::$site ), escapeshellarg( self::$url ) ) )
		);
		exec( $command, $output, $code );
		self::assertSame( 0, $code, implode( "\n", $output ) );

		Http::stop_php_server( null, $port );
		self::$server = Http::start_php_server( $port, array(), array( '-t', self::$site, $repo . '/tools/wp/router.php' ), self::$site, array( 'PHP_CLI_SERVER_WORKERS' => '2' ), self::$site . '/server.log' );
	}

	public static function tearDownAfterClass(): void {
		if ( self::$server ) {
			Http::stop_php_server( self::$server, (int) parse_url( self::$url, PHP_URL_PORT ) );
		}
	}

	public function test_zip_holds_exactly_what_runs(): void {
		$zip = new \ZipArchive();
		$this->assertTrue( $zip->open( self::$zip ) );
		$names = array();
		for ( $i = 0; $i < $zip->numFiles; $i++ ) {
			$names[] = $zip->getNameIndex( $i );
		}
		$zip->close();

		foreach ( array( 'plugin.php', 'uninstall.php', 'readme.txt', 'LICENSE', 'build/admin.js', 'build/admin.asset.php', 'build/widget.js', 'includes/Plugin.php', 'includes/Gate/Decider.php', 'languages/xmlrpc-shield.pot', 'data/jetpack-ips.txt' ) as $required ) {
			$this->assertContains( $required, $names, "zip lacks {$required}" );
		}
		foreach ( $names as $name ) {
			$top = explode( '/', $name )[0];
			$this->assertContains( $top, self::ALLOWED_TOP_LEVEL, "zip holds {$name}, which does not run" );
			$this->assertDoesNotMatchRegularExpression( '/\.(tsx?|map|scss)$|(^|\/)\./', $name, "zip holds source or hidden file {$name}" );
		}
		fwrite( STDERR, sprintf( "\n[release] xmlrpc-shield.zip: %d files, %.1f KB\n", count( $names ), filesize( self::$zip ) / 1024 ) );
	}

	public function test_installs_through_core_upgrader_blocks_xmlrpc_and_serves_the_admin_page(): void {
		$before = self::run_step( 'state' );
		$this->assertSame( array(), $before['files'], 'the clean site must not have the plugin yet' );

		$install = self::run_step( 'install', self::$zip );
		$this->assertTrue( $install['ok'], 'Plugin_Upgrader failed: ' . $install['error'] . ' ' . implode( ' | ', $install['messages'] ) );
		$this->assertSame( 'xmlrpc-shield/plugin.php', $install['plugin'] );
		$this->assertFalse( is_link( self::$site . '/wp-content/plugins/xmlrpc-shield' ), 'installed as a real directory, not a link to the repo' );

		$activate = self::run_step( 'activate' );
		$this->assertTrue( $activate['ok'], $activate['error'] );
		$state = self::run_step( 'state' );
		$this->assertTrue( $state['active'] );
		$this->assertNotEmpty( $state['tables'], 'activation creates the hit table' );

		$blocked = self::http( 'POST', '/xmlrpc.php', '<?xml version="1.0"?><methodCall><methodName>system.listMethods</methodName></methodCall>' );
		$this->assertSame( 403, $blocked['status'] );
		$this->assertArrayHasKey( 'x-xmlrpc-shield', $blocked['headers'] );

		$cookies = self::login();
		$page    = self::http( 'GET', '/wp-admin/tools.php?page=xmlrpc-shield', null, array( 'Cookie' => $cookies ) );
		$this->assertSame( 200, $page['status'] );
		$this->assertStringContainsString( 'id="xmlrpc-shield-root"', $page['body'] );
		$this->assertSame( 1, preg_match( '#src=["\']([^"\']*/wp-content/plugins/xmlrpc-shield/build/admin\.js[^"\']*)#', $page['body'], $match ), 'the admin page loads the built bundle' );
		$script = self::http( 'GET', substr( html_entity_decode( $match[1] ), strlen( self::$url ) ) );
		$this->assertSame( 200, $script['status'] );
		$this->assertGreaterThan( 1000, strlen( $script['body'] ) );
		foreach ( array( 'wp-element', 'wp-components', 'wp-api-fetch', 'wp-i18n' ) as $handle ) {
			// WordPress 6.x prints id='…', 7.x id="…".
			$this->assertMatchesRegularExpression( '#id=["\']' . preg_quote( $handle, '#' ) . '-js["\']#', $page['body'], "core script {$handle} is loaded for the page" );
		}
	}

	/**
	 * @depends test_installs_through_core_upgrader_blocks_xmlrpc_and_serves_the_admin_page
	 */
	public function test_uninstall_leaves_nothing_behind(): void {
		// Leave traces first: a logged hit in the spool and table, a dismissed notice.
		self::http( 'POST', '/xmlrpc.php', '<?xml version="1.0"?><methodCall><methodName>pingback.ping</methodName></methodCall>' );
		$this->assertTrue( is_dir( self::$site . '/wp-content/xmlrpc-shield' ), 'the blocked hit was spooled' );

		$uninstall = self::run_step( 'uninstall' );
		$this->assertTrue( $uninstall['ok'], $uninstall['error'] );
		$state = self::run_step( 'state' );
		$this->assertFalse( $state['active'] );
		$this->assertSame( array(), $state['tables'] );
		$this->assertSame( array(), $state['options'] );
		$this->assertSame( array(), $state['usermeta'] );
		$this->assertSame( array(), $state['cron'] );
		$this->assertSame( array(), $state['files'] );
		$this->assertFalse( $state['htaccess'] );

		$answer = self::http( 'POST', '/xmlrpc.php', '<?xml version="1.0"?><methodCall><methodName>demo.sayHello</methodName></methodCall>' );
		$this->assertSame( 200, $answer['status'] );
		$this->assertStringContainsString( 'Hello!', $answer['body'] );
	}

	public function test_coding_standards_fallback_for_plugin_check_reports_no_errors(): void {
		// wordpress/plugin-check is not in the Composer registry this project reaches, so the
		// shipped PHP gets its fallback: WPCS (Extra + Docs) and PHPCompatibilityWP 7.4+.
		$dir = dirname( self::$zip ) . '/unzipped';
		$zip = new \ZipArchive();
		$this->assertTrue( $zip->open( self::$zip ) );
		$zip->extractTo( $dir );
		$zip->close();
		// build/*.asset.php is generated by @wordpress/scripts (no docblocks by design).
		$json    = dirname( self::$zip ) . '/phpcs.json';
		$command = sprintf( '%s/vendor/bin/phpcs --standard=%s/phpcs.xml.dist --report-json=%s --ignore=%s %s 2>&1', XS_REPO, XS_REPO, escapeshellarg( $json ), escapeshellarg( '*/build/*' ), escapeshellarg( $dir ) );
		exec( $command, $output );
		$report = json_decode( (string) @file_get_contents( $json ), true );
		$this->assertIsArray( $report, implode( "\n", $output ) );
		$errors = array();
		foreach ( $report['files'] as $file => $details ) {
			foreach ( $details['messages'] as $message ) {
				if ( 'ERROR' === $message['type'] ) {
					$errors[] = substr( $file, strlen( $dir ) ) . ':' . $message['line'] . ' ' . $message['source'];
				}
			}
		}
		$this->assertSame( array(), $errors );
		$this->assertGreaterThan( 30, count( $report['files'] ), 'phpcs saw the plugin files' );
		fwrite( STDERR, sprintf( "\n[release] phpcs fallback: %d files, %d errors, %d warnings\n", count( $report['files'] ), $report['totals']['errors'], $report['totals']['warnings'] ) );
	}

	/**
	 * Runs one wp-run.php step against the site.
	 *
	 * @param string $action Step.
	 * @param string $arg    Argument.
	 * @return array<string,mixed>
	 */
	private static function run_step( string $action, string $arg = '' ): array {
		$command = sprintf( '%s -d display_errors=stderr %s %s %s %s 2>&1', PHP_BINARY, escapeshellarg( __DIR__ . '/wp-run.php' ), escapeshellarg( self::$site ), escapeshellarg( $action ), escapeshellarg( $arg ) );
		exec( $command, $output, $code );
		$last = (string) end( $output );
		$data = json_decode( $last, true );
		self::assertIsArray( $data, "step {$action} printed:\n" . implode( "\n", $output ) );
		self::assertSame( 0, $code );
		return $data;
	}

	/**
	 * Logs in as the admin through wp-login.php; returns the Cookie header value.
	 */
	private static function login(): string {
		$response = self::http( 'POST', '/wp-login.php', http_build_query( array( 'log' => 'admin', 'pwd' => 'password', 'testcookie' => '1' ) ), array( 'Cookie' => 'wordpress_test_cookie=WP%20Cookie%20check', 'Content-Type' => 'application/x-www-form-urlencoded' ) );
		self::assertSame( 302, $response['status'], 'login redirects' );
		$pairs = array();
		foreach ( $response['cookies'] as $cookie ) {
			$pairs[] = $cookie;
		}
		return implode( '; ', $pairs );
	}

	/**
	 * Real HTTP to the site.
	 *
	 * @param string               $method  Method.
	 * @param string               $path    Path.
	 * @param string|null          $body    Body.
	 * @param array<string,string> $headers Headers.
	 * @return array{status:int, headers:array<string,string>, cookies:string[], body:string}
	 */
	private static function http( string $method, string $path, ?string $body = null, array $headers = array() ): array {
		return Http::request( self::$url . $path, $method, $body, $headers );
	}
}
