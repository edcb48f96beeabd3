<?php
/**
 * The .htaccess block on a real Apache 2.4 + mod_php serving the test site: refused clients
 * get Apache's 403 without PHP (no spool line, no plugin header), allowlisted ones pass, the
 * block follows the settings, and deactivation restores the file byte for byte.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Allowlist;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Paths;
use XmlrpcShield\Rules\ServerRulesWriter;
use XmlrpcShield\Settings;

final class ApacheRulesTest extends IntegrationTestCase {

	const HELLO = '<?xml version="1.0"?><methodCall><methodName>demo.sayHello</methodName></methodCall>';

	/** WordPress's own rewrite block, as core writes it, with a neighbour's block after it. */
	const EXISTING = "# BEGIN WordPress\n# The directives (lines) between \"BEGIN WordPress\" and \"END WordPress\" are\n# dynamically generated, and should only be modified via WordPress filters.\n# Any changes to the directives between these markers will be overwritten.\n<IfModule mod_rewrite.c>\nRewriteEngine On\nRewriteRule .* - [E=HTTP_AUTHORIZATION:%{HTTP:Authorization}]\nRewriteBase /\nRewriteRule ^index\\.php$ - [L]\nRewriteCond %{REQUEST_FILENAME} !-f\nRewriteCond %{REQUEST_FILENAME} !-d\nRewriteRule . /index.php [L]\n</IfModule>\n\n# END WordPress\n\n# BEGIN Other plugin\nHeader set X-Other \"kept\"\n# END Other plugin\n";

	/** @var int */
	private static $port = 0;

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		self::$port = (int) wp_parse_url( XS_TEST_SITE_URL, PHP_URL_PORT ) + 50;
		exec( 'bash ' . escapeshellarg( XS_REPO_DIR . '/tools/apache.sh' ) . ' start ' . escapeshellarg( XS_TEST_SITE_DIR ) . ' ' . self::$port . ' 4 2>&1', $out, $code );
		self::assertSame( 0, $code, implode( "\n", $out ) );
	}

	public static function tearDownAfterClass(): void {
		exec( 'bash ' . escapeshellarg( XS_REPO_DIR . '/tools/apache.sh' ) . ' stop ' . self::$port );
		@unlink( ABSPATH . '.htaccess' ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
		parent::tearDownAfterClass();
	}

	protected function setUp(): void {
		parent::setUp();
		add_filter( 'xmlrpc_shield_server_reads_htaccess', '__return_true' );
		file_put_contents( ABSPATH . '.htaccess', self::EXISTING ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		delete_option( Settings::SERVER_RULES );
	}

	protected function tearDown(): void {
		remove_filter( 'xmlrpc_shield_server_reads_htaccess', '__return_true' );
		ServerRulesWriter::remove();
		parent::tearDown();
	}

	/**
	 * POSTs to Apache from a chosen loopback address.
	 *
	 * @return array{status:int, headers:array<string,string>, body:string}
	 */
	private static function apache( string $from, string $path = '/xmlrpc.php', string $body = self::HELLO ): array {
		$curl    = curl_init( 'http://127.0.0.1:' . self::$port . $path );
		$headers = array();
		curl_setopt_array(
			$curl,
			array(
				CURLOPT_POST           => true,
				CURLOPT_POSTFIELDS     => $body,
				CURLOPT_RETURNTRANSFER => true,
				CURLOPT_INTERFACE      => $from,
				CURLOPT_TIMEOUT        => 30,
				CURLOPT_HTTPHEADER     => array( 'Content-Type: text/xml' ),
				CURLOPT_HEADERFUNCTION => static function ( $handle, $line ) use ( &$headers ) {
					$parts = explode( ':', $line, 2 );
					if ( 2 === count( $parts ) ) {
						$headers[ strtolower( trim( $parts[0] ) ) ] = trim( $parts[1] );
					}
					return strlen( $line );
				},
			)
		);
		$response = (string) curl_exec( $curl );
		$status   = (int) curl_getinfo( $curl, CURLINFO_RESPONSE_CODE );
		curl_close( $curl );
		return array(
			'status'  => $status,
			'headers' => $headers,
			'body'    => $response,
		);
	}

	private static function spool_bytes(): int {
		clearstatcache();
		$total = 0;
		foreach ( (array) glob( Paths::data_dir() . '/hits-*' ) as $file ) {
			$total += (int) filesize( $file );
		}
		return $total;
	}

	public function test_apache_refuses_before_php_and_lets_the_allowlist_through(): void {
		Allowlist::add( '127.0.0.3', 'Build server' );
		$this->assertTrue( ServerRulesWriter::write() );
		$htaccess = (string) file_get_contents( ABSPATH . '.htaccess' ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		$this->assertStringStartsWith( self::EXISTING, $htaccess, 'existing blocks untouched' );
		$this->assertStringContainsString( 'Require ip 127.0.0.1 ::1 127.0.0.3/32', $htaccess );
		$this->assertFileExists( Paths::data_dir() . '/htaccess.backup' );

		$spool   = self::spool_bytes();
		$refused = self::apache( '127.0.0.2' );
		$this->assertSame( 403, $refused['status'] );
		$this->assertArrayNotHasKey( 'x-xmlrpc-shield', $refused['headers'], 'Apache answered, not the plugin' );
		$this->assertStringContainsString( 'Forbidden', $refused['body'] );
		$this->assertSame( $spool, self::spool_bytes(), 'PHP never ran: nothing was logged' );
		$this->assertSame( 403, self::apache( '127.0.0.2', '/wp-trackback.php' )['status'] );

		$allowed = self::apache( '127.0.0.3' );
		$this->assertSame( 200, $allowed['status'] );
		$this->assertStringContainsString( '<string>Hello!</string>', $allowed['body'] );

		// Loopback passes Apache and meets the plugin, which still blocks it in PHP.
		$loopback = self::apache( '127.0.0.1' );
		$this->assertSame( 403, $loopback['status'] );
		$this->assertSame( 'plugin', $loopback['headers']['x-xmlrpc-shield'] ?? '' );

		$status = ServerRulesWriter::status();
		$this->assertTrue( $status['installed'] );
		$this->assertTrue( $status['in_sync'] );
	}

	public function test_the_block_follows_allowlist_and_mode_changes_and_drift_shows(): void {
		$this->assertTrue( ServerRulesWriter::write() );
		$this->assertSame( 403, self::apache( '127.0.0.4' )['status'] );

		Allowlist::add( '127.0.0.4' );
		$this->assertStringContainsString( '127.0.0.4/32', (string) file_get_contents( ABSPATH . '.htaccess' ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		$this->assertSame( 200, self::apache( '127.0.0.4' )['status'] );

		Settings::set_mode( Decider::MODE_PINGBACK );
		$this->assertStringNotContainsString( 'XML-RPC Shield', (string) file_get_contents( ABSPATH . '.htaccess' ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		$this->assertSame( 200, self::apache( '127.0.0.5' )['status'], 'pingback mode: apps reach PHP' );

		Settings::set_mode( Decider::MODE_BLOCK );
		$this->assertTrue( ServerRulesWriter::status()['in_sync'] );
		// Someone edits our block by hand: status says so.
		$edited = str_replace( 'Require ip 127.0.0.1', 'Require ip 0.0.0.0/0 127.0.0.1', (string) file_get_contents( ABSPATH . '.htaccess' ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		file_put_contents( ABSPATH . '.htaccess', $edited ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		$status = ServerRulesWriter::status();
		$this->assertTrue( $status['installed'] );
		$this->assertFalse( $status['in_sync'] );
	}

	public function test_deactivation_removes_the_block_byte_for_byte_and_xmlrpc_answers(): void {
		$this->assertTrue( ServerRulesWriter::write() );
		$this->assertSame( 403, self::apache( '127.0.0.2' )['status'] );

		deactivate_plugins( 'xmlrpc-shield/plugin.php' );
		$this->assertSame( self::EXISTING, (string) file_get_contents( ABSPATH . '.htaccess' ), 'every other byte as before' ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		$answer = self::apache( '127.0.0.2' );
		$this->assertSame( 200, $answer['status'] );
		$this->assertStringContainsString( '<string>Hello!</string>', $answer['body'] );

		// Activating again restores the rules the owner had turned on.
		activate_plugin( 'xmlrpc-shield/plugin.php' );
		$this->assertStringContainsString( '# BEGIN XML-RPC Shield', (string) file_get_contents( ABSPATH . '.htaccess' ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		$this->assertSame( 403, self::apache( '127.0.0.2' )['status'] );
	}

	public function test_the_early_gate_block_and_the_rules_block_leave_each_other_alone(): void {
		require_once ABSPATH . 'wp-admin/includes/misc.php';
		insert_with_markers( ABSPATH . '.htaccess', 'XML-RPC Shield Early Gate', array( 'php_value auto_prepend_file "/tmp/gate.php"' ) );
		$with_gate = (string) file_get_contents( ABSPATH . '.htaccess' ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		$this->assertTrue( ServerRulesWriter::write() );
		$both = (string) file_get_contents( ABSPATH . '.htaccess' ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		$this->assertStringStartsWith( $with_gate, $both, 'the early gate block is untouched' );
		$this->assertStringContainsString( '# BEGIN XML-RPC Shield Rules', $both );
		$this->assertTrue( ServerRulesWriter::status()['in_sync'] );
		$this->assertTrue( ServerRulesWriter::remove() );
		$this->assertSame( $with_gate, (string) file_get_contents( ABSPATH . '.htaccess' ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions
	}

	public function test_a_server_without_htaccess_gets_an_explanation_and_no_write(): void {
		remove_filter( 'xmlrpc_shield_server_reads_htaccess', '__return_true' );
		add_filter( 'xmlrpc_shield_server_reads_htaccess', '__return_false' );
		$unsupported = ServerRulesWriter::write();
		remove_filter( 'xmlrpc_shield_server_reads_htaccess', '__return_false' );
		$this->assertWPError( $unsupported, 'xmlrpc_shield_rules_unsupported' );
		$this->assertStringContainsString( 'nginx', $unsupported->get_error_message() );
		$this->assertSame( self::EXISTING, (string) file_get_contents( ABSPATH . '.htaccess' ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		$this->assertFalse( (bool) get_option( Settings::SERVER_RULES ) );
	}

	/**
	 * @param mixed $value Value.
	 */
	private function assertWPError( $value, string $code ): void {
		$this->assertInstanceOf( \WP_Error::class, $value );
		$this->assertSame( $code, $value->get_error_code() );
	}
}
