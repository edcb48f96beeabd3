<?php
/**
 * Calls from Jetpack's servers, signed with the site's token, pass; forged ones do not.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\EarlyGate\Installer;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Gate\JetpackConnection;
use XmlrpcShield\Settings;

/**
 * No Jetpack plugin: the site is connected by the options Jetpack's connection package keeps,
 * and each request is signed here the way WordPress.com signs its calls (our own signer,
 * written from the algorithm, sharing no code with the plugin's verifier).
 */
class JetpackSignatureTest extends IntegrationTestCase {

	const BLOG_KEY    = 'Zk3yBlog';
	const BLOG_SECRET = 'blogSecret0123456789abcdefABCDEF';
	const USER_KEY    = 'Uk3yUser';
	const USER_SECRET = 'userSecret0123456789abcdefABCDEF';

	const HELLO = '<?xml version="1.0"?><methodCall><methodName>demo.sayHello</methodName><params/></methodCall>';

	/**
	 * Nonces handed out in this run, so no two requests share one by accident.
	 *
	 * @var int
	 */
	private static $nonce_counter = 0;

	protected function setUp(): void {
		parent::setUp();
		self::connect( 0 );
	}

	protected function tearDown(): void {
		delete_option( JetpackConnection::OPTIONS );
		delete_option( JetpackConnection::PRIVATE_OPTIONS );
		JetpackConnection::forget_nonces();
		Installer::remove();
		parent::tearDown();
	}

	/**
	 * Writes what a connected Jetpack leaves in the options table: the WordPress.com blog id,
	 * the clock difference, the blog token and one user token (user 1, the admin).
	 *
	 * @param int $time_diff WordPress.com's clock minus the site's.
	 */
	private static function connect( int $time_diff ): void {
		update_option(
			JetpackConnection::OPTIONS,
			array(
				'id'        => 123456789,
				'time_diff' => $time_diff,
			)
		);
		update_option(
			JetpackConnection::PRIVATE_OPTIONS,
			array(
				'blog_token'  => self::BLOG_KEY . '.' . self::BLOG_SECRET,
				'user_tokens' => array( 1 => self::USER_KEY . '.' . self::USER_SECRET . '.1' ),
			)
		);
	}

	/**
	 * A request path for xmlrpc.php signed as WordPress.com signs: HMAC-SHA1 with the token's
	 * secret over token, timestamp, nonce, body hash, method, host, port, path and the sorted
	 * RFC 3986 query pairs, one per line.
	 *
	 * @param string              $body   The body the signature covers (base64 SHA-1 in body-hash).
	 * @param array<string,mixed> $change 'secret' to sign with, 'args' to override query arguments.
	 */
	private static function signed_path( string $body, array $change = array() ): string {
		$args = array_merge(
			array(
				'for'       => 'jetpack',
				'token'     => self::BLOG_KEY . ':1:0',
				'timestamp' => (string) time(),
				'nonce'     => self::nonce(),
				'body-hash' => '' === $body ? '' : base64_encode( sha1( $body, true ) ),
			),
			$change['args'] ?? array()
		);
		$pairs = array();
		foreach ( $args as $name => $value ) {
			$pairs[] = rawurlencode( $name ) . '=' . rawurlencode( $value );
		}
		sort( $pairs );
		// Jetpack signs the port of the URL it calls: on a real site the port the web server
		// listens on, which it hands PHP as SERVER_PORT (nginx's own when served through it).
		$lines             = array_merge(
			array( $args['token'], $args['timestamp'], $args['nonce'], $args['body-hash'], 'POST', self::host(), (string) self::served_port(), '/xmlrpc.php' ),
			$pairs
		);
		$args['signature'] = base64_encode( hash_hmac( 'sha1', implode( "\n", $lines ) . "\n", $change['secret'] ?? self::BLOG_SECRET, true ) );
		return '/xmlrpc.php?' . http_build_query( $args, '', '&', PHP_QUERY_RFC3986 );
	}

	/**
	 * A fresh nonce: letters and digits, at most 12.
	 */
	private static function nonce(): string {
		return 'n' . ++self::$nonce_counter . substr( md5( uniqid( '', true ) ), 0, 6 );
	}

	/**
	 * The site's host name as WordPress.com addresses it (the Host header carries no port, the
	 * way a client sends it; the server's port is then signed on its own line).
	 */
	private static function host(): string {
		return (string) wp_parse_url( XS_TEST_SITE_URL, PHP_URL_HOST );
	}

	/**
	 * POSTs a body to a path, as WordPress.com's client does.
	 *
	 * @param string $path Path with query.
	 * @param string $body Body.
	 * @return array{status:int, headers:array<string,string>, body:string}
	 */
	private static function send( string $path, string $body = self::HELLO ): array {
		return self::http(
			'POST',
			$path,
			$body,
			array(
				'Content-Type' => 'text/xml',
				'Host'         => self::host(),
			)
		);
	}

	/**
	 * Asserts the request reached core and demo.sayHello answered.
	 *
	 * @param array{status:int, headers:array<string,string>, body:string} $response Response.
	 */
	private function assertHello( array $response ): void {
		$this->assertSame( 200, $response['status'], $response['body'] );
		$this->assertStringContainsString( '<string>Hello!</string>', $response['body'] );
		$this->assertArrayNotHasKey( 'x-xmlrpc-shield', $response['headers'] );
	}

	/**
	 * Asserts block mode's plain 403 from the plugin-load gate.
	 *
	 * @param array{status:int, headers:array<string,string>, body:string} $response Response.
	 */
	private function assertRefused( array $response ): void {
		$this->assertSame( 403, $response['status'], $response['body'] );
		$this->assertSame( 'plugin', $response['headers']['x-xmlrpc-shield'] ?? '' );
	}

	public function test_a_call_signed_with_the_blog_token_passes_block_mode_and_is_logged_as_jetpack_signed(): void {
		$this->assertHello( self::send( self::signed_path( self::HELLO ) ) );
		$rows = self::ingest_and_fetch_rows();
		$this->assertSame( 1, self::sum_hits( $rows, 'allowed' ) );
		$this->assertSame( 0, self::sum_hits( $rows, 'blocked' ) );
		$this->assertSame( 'demo.sayHello (Jetpack-signed)', $rows[0]['method'] );
	}

	public function test_a_call_signed_with_a_user_token_passes(): void {
		$path = self::signed_path(
			self::HELLO,
			array(
				'secret' => self::USER_SECRET,
				'args'   => array( 'token' => self::USER_KEY . ':1:1' ),
			)
		);
		$this->assertHello( self::send( $path ) );
	}

	public function test_a_signature_made_with_a_wrong_token_is_refused(): void {
		$this->assertHello( self::send( self::signed_path( self::HELLO ) ) );
		$this->assertRefused( self::send( self::signed_path( self::HELLO, array( 'secret' => 'not-the-secret' ) ) ) );
		// A key the site does not hold, signed with a secret of the attacker's choosing.
		$path = self::signed_path(
			self::HELLO,
			array(
				'secret' => 'attacker',
				'args'   => array( 'token' => 'attackerKey:1:0' ),
			)
		);
		$this->assertRefused( self::send( $path ) );
		// The blog token's secret, but the request claims to be user 1.
		$this->assertRefused( self::send( self::signed_path( self::HELLO, array( 'args' => array( 'token' => self::BLOG_KEY . ':1:1' ) ) ) ) );
		$this->assertSame( 3, self::sum_hits( self::ingest_and_fetch_rows(), 'blocked' ) );
	}

	public function test_a_replayed_timestamp_and_nonce_is_refused_the_second_time(): void {
		$path = self::signed_path( self::HELLO );
		$this->assertHello( self::send( $path ) );
		$this->assertRefused( self::send( $path ) );
		// The same timestamp with a new nonce is a new call.
		$this->assertHello( self::send( self::signed_path( self::HELLO ) ) );
	}

	public function test_copies_of_one_call_sent_at_once_pass_once(): void {
		// The test server runs four workers: the copies race for the same timestamp + nonce.
		$path     = self::signed_path( self::HELLO );
		$statuses = self::post_at_once( $path, self::HELLO, array_fill( 0, 4, array( 'Host: ' . self::host(), 'Connection: close' ) ) );
		sort( $statuses );
		$this->assertSame( array( 200, 403, 403, 403 ), $statuses );
	}

	public function test_used_nonces_older_than_the_window_are_deleted(): void {
		global $wpdb;
		$expired = Settings::JETPACK_NONCE_PREFIX . sprintf( '%010d', time() - 3600 ) . '_old';
		$wpdb->insert(
			$wpdb->options,
			array(
				'option_name'  => $expired,
				'option_value' => '1',
				'autoload'     => 'off',
			)
		);
		$this->assertHello( self::send( self::signed_path( self::HELLO ) ) );
		$names = $wpdb->get_col( $wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like( Settings::JETPACK_NONCE_PREFIX ) . '%' ) );
		$this->assertCount( 1, $names, 'the new nonce stays, the expired one is gone' );
		$this->assertNotSame( $expired, $names[0] );
	}

	public function test_a_timestamp_outside_the_window_is_refused(): void {
		$this->assertRefused( self::send( self::signed_path( self::HELLO, array( 'args' => array( 'timestamp' => (string) ( time() - 660 ) ) ) ) ) );
		$this->assertRefused( self::send( self::signed_path( self::HELLO, array( 'args' => array( 'timestamp' => (string) ( time() + 360 ) ) ) ) ) );
		// Jetpack's recorded clock difference moves the window: an hour ahead is then on time.
		self::connect( 3600 );
		$this->assertHello( self::send( self::signed_path( self::HELLO, array( 'args' => array( 'timestamp' => (string) ( time() + 3600 ) ) ) ) ) );
		$this->assertRefused( self::send( self::signed_path( self::HELLO ) ) );
	}

	public function test_a_tampered_body_is_refused(): void {
		$pingback = self::PINGBACK_BODY;
		$this->assertHello( self::send( self::signed_path( self::HELLO ) ) );
		// Signed for demo.sayHello, sent with another body.
		$this->assertRefused( self::send( self::signed_path( self::HELLO ), $pingback ) );
		// The new body's hash put in, the old signature kept.
		$path = str_replace(
			'body-hash=' . rawurlencode( base64_encode( sha1( self::HELLO, true ) ) ),
			'body-hash=' . rawurlencode( base64_encode( sha1( $pingback, true ) ) ),
			self::signed_path( self::HELLO )
		);
		$this->assertRefused( self::send( $path, $pingback ) );
	}

	public function test_for_jetpack_without_a_signature_is_refused(): void {
		$this->assertHello( self::send( self::signed_path( self::HELLO ) ) );
		$this->assertRefused( self::send( '/xmlrpc.php?for=jetpack' ) );
		$this->assertRefused( self::send( '/xmlrpc.php?for=jetpack&token=' . rawurlencode( self::BLOG_KEY . ':1:0' ) . '&timestamp=' . time() . '&nonce=abc' ) );
		$this->assertRefused( self::send( preg_replace( '/&signature=[^&]*/', '&signature=', self::signed_path( self::HELLO ) ) ) );
	}

	public function test_a_valid_signature_is_refused_once_jetpack_is_disconnected(): void {
		$this->assertHello( self::send( self::signed_path( self::HELLO ) ) );
		delete_option( JetpackConnection::OPTIONS );
		$this->assertRefused( self::send( self::signed_path( self::HELLO ) ) );
	}

	public function test_pingback_mode_lets_a_signed_call_and_multicall_through_but_not_an_unsigned_multicall(): void {
		Settings::set_mode( Decider::MODE_PINGBACK );
		$this->assertHello( self::send( self::signed_path( self::HELLO ) ) );
		$multicall = '<?xml version="1.0"?><methodCall><methodName>system.multicall</methodName><params><param><value><array><data><value><struct>'
			. '<member><name>methodName</name><value><string>demo.sayHello</string></value></member>'
			. '<member><name>params</name><value><array><data></data></array></value></member>'
			. '</struct></value></data></array></value></param></params></methodCall>';
		$this->assertHello( self::send( self::signed_path( $multicall ), $multicall ) );
		$unsigned = self::send( '/xmlrpc.php', $multicall );
		$this->assertStringContainsString( '<int>405</int>', $unsigned['body'] );
		// A forged signature is no better than none.
		$forged = self::send( self::signed_path( $multicall, array( 'secret' => 'guess' ) ), $multicall );
		$this->assertStringContainsString( '<int>405</int>', $forged['body'] );
	}

	public function test_the_early_gate_leaves_signed_jetpack_calls_to_the_plugin_gate(): void {
		$this->assertTrue( Installer::install( 'mu-plugin', false )['ok'] );
		$this->assertHello( self::send( self::signed_path( self::HELLO ) ) );
		// Without a signature the early gate refuses as before; a forged one reaches the
		// plugin-load gate, which refuses it.
		$unsigned = self::send( '/xmlrpc.php?for=jetpack' );
		$this->assertSame( 403, $unsigned['status'] );
		$this->assertSame( 'early-gate', $unsigned['headers']['x-xmlrpc-shield'] ?? '' );
		$this->assertRefused( self::send( self::signed_path( self::HELLO, array( 'secret' => 'guess' ) ) ) );
		// Disconnecting rewrites the early gate's file: a signed call is refused there again.
		delete_option( JetpackConnection::OPTIONS );
		$after = self::send( self::signed_path( self::HELLO ) );
		$this->assertSame( 403, $after['status'] );
		$this->assertSame( 'early-gate', $after['headers']['x-xmlrpc-shield'] ?? '' );
	}

	public function test_status_says_whether_signed_jetpack_calls_pass(): void {
		wp_set_current_user( 1 );
		$status = rest_do_request( new \WP_REST_Request( 'GET', '/xmlrpc-shield/v1/status' ) )->get_data();
		$this->assertSame( array( 'connected' => true ), $status['jetpack'] );
		delete_option( JetpackConnection::PRIVATE_OPTIONS );
		$status = rest_do_request( new \WP_REST_Request( 'GET', '/xmlrpc-shield/v1/status' ) )->get_data();
		$this->assertSame( array( 'connected' => false ), $status['jetpack'] );
		wp_set_current_user( 0 );
	}
}
