<?php
/**
 * WP-CLI's keyed flush request goes to this server only: never to a home URL that names a CDN
 * or another host, never along a redirect, and it still reaches the real site.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Log\CounterFlush;
use XmlrpcShield\Settings;

final class CounterFlushTest extends IntegrationTestCase {

	/** @var resource|null The recorder server. */
	private static $recorder;

	/** @var int */
	private static $recorder_port = 0;

	/** @var string */
	private static $recorder_log = '';

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		// A port derived from this run's base port, as the other servers tests start.
		self::$recorder_port = (int) wp_parse_url( XS_TEST_SITE_URL, PHP_URL_PORT ) + 7;
		self::$recorder_log  = XS_TEST_SITE_DIR . '/flush-recorder.log';
		self::$recorder      = self::start_php_server(
			self::$recorder_port,
			array(),
			array( __DIR__ . '/fixtures/flush-recorder.php' ),
			XS_TEST_SITE_DIR,
			array( 'XS_RECORDER_LOG' => self::$recorder_log )
		);
	}

	public static function tearDownAfterClass(): void {
		self::stop_php_server( self::$recorder, self::$recorder_port );
		parent::tearDownAfterClass();
	}

	protected function setUp(): void {
		parent::setUp();
		@unlink( self::$recorder_log ); // phpcs:ignore
		delete_option( Settings::WEB_SERVER );
		// WP-Cron spawned by the test server (its scheduled ingest flushes the same counters)
		// must not take the hits a test counts: hold core's cron lock.
		set_transient( 'doing_cron', sprintf( '%.22F', microtime( true ) + 600 ) );
	}

	protected function tearDown(): void {
		remove_all_filters( 'option_home', 99 );
		delete_option( Settings::WEB_SERVER );
		delete_transient( 'doing_cron' );
		parent::tearDown();
	}

	/**
	 * Makes this process (as WP-CLI would) see another home URL; the test site's wp-config
	 * fixes it with WP_HOME, which core applies on the same filter.
	 *
	 * @param string $url Home URL.
	 */
	private static function set_home( string $url ): void {
		remove_all_filters( 'option_home', 99 );
		add_filter(
			'option_home',
			static function () use ( $url ) {
				return $url;
			},
			99
		);
	}

	/**
	 * A site that has no loopback key yet (a fresh install, an update from before the key)
	 * refuses its first XML-RPC request at plugin load when a node beat is due: the beat makes
	 * the key there, before WordPress's pluggable functions exist (it called
	 * wp_generate_password() and answered 500 to every first flood request).
	 */
	public function test_a_site_without_a_loopback_key_still_refuses_at_plugin_load_and_makes_one(): void {
		delete_option( Settings::FLUSH_KEY );
		// Without APCu in the server the beat's rate limit is a stamp beside the spool (none: due);
		// with APCu an earlier test's beat may hold it for up to one interval: ask until it is due.
		@unlink( \XmlrpcShield\GateConfig::for_plugin_load()['spool_path'] . '.beat' ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
		$statuses = array();
		for ( $i = 0; $i <= \XmlrpcShield\Gate\NodeBeat::INTERVAL + 2; $i++ ) {
			$statuses[] = self::post_xmlrpc( self::PINGBACK_BODY )['status'];
			wp_cache_flush();
			if ( strlen( (string) get_option( Settings::FLUSH_KEY ) ) >= 32 ) {
				break;
			}
			sleep( 1 );
		}
		$this->assertSame( array_fill( 0, count( $statuses ), 403 ), $statuses, 'every request refused, none a 500' );
		$this->assertGreaterThanOrEqual( 32, strlen( (string) get_option( Settings::FLUSH_KEY ) ), 'a beat made the key' );
	}

	/**
	 * Requests the recorder received.
	 *
	 * @return array<int,array{uri:string,headers:array<string,string>}>
	 */
	private static function recorded(): array {
		clearstatcache();
		return is_file( self::$recorder_log ) ? array_map( 'json_decode', (array) file( self::$recorder_log, FILE_IGNORE_NEW_LINES ), array_fill( 0, count( (array) file( self::$recorder_log ) ), true ) ) : array();
	}

	public function test_the_key_never_goes_to_a_home_url_that_is_not_this_server(): void {
		// The home URL names another server (as a CDN in front of the site would); the site's web
		// server was seen answering on the test server's own address and port.
		self::set_home( 'http://127.0.0.1:' . self::$recorder_port );
		update_option(
			Settings::WEB_SERVER,
			array(
				'addr'  => '127.0.0.1',
				'port'  => (int) wp_parse_url( XS_TEST_SITE_URL, PHP_URL_PORT ),
				'https' => false,
			)
		);
		for ( $i = 0; $i < 3; $i++ ) {
			$this->assertSame( 403, self::post_xmlrpc( self::PINGBACK_BODY )['status'] );
		}
		$flushed = CounterFlush::ask_web_server();
		$this->assertSame( array(), self::recorded(), 'nothing, least of all the key, reached the home URL' );
		$this->assertTrue( $flushed['ok'], $flushed['error'] );
		$this->assertSame( 3, $flushed['hits'], 'the flush still reached the real site and its counters' );
	}

	public function test_a_redirect_from_the_site_is_not_followed_and_the_host_header_names_the_site(): void {
		// A CDN-like https home; the site's server (here the recorder) answers with a redirect.
		self::set_home( 'https://cdn.example.test/blog' );
		update_option(
			Settings::WEB_SERVER,
			array(
				'addr'  => '127.0.0.1',
				'port'  => self::$recorder_port,
				'https' => false,
			)
		);
		$flushed  = CounterFlush::ask_web_server();
		$requests = self::recorded();
		$this->assertFalse( $flushed['ok'] );
		$this->assertSame( 'HTTP 301', $flushed['error'] );
		$this->assertCount( 1, $requests, 'one request, the redirect not followed' );
		$this->assertStringStartsWith( '/blog/?rest_route=', $requests[0]['uri'] );
		$this->assertSame( 'cdn.example.test', $requests[0]['headers']['HTTP_HOST'] );
	}

	public function test_a_recorded_address_that_no_longer_answers_falls_back_to_loopback(): void {
		update_option(
			Settings::WEB_SERVER,
			array(
				'addr'  => '127.0.0.1',
				'port'  => self::$recorder_port + 1,
				'https' => false,
			)
		);
		$flushed = CounterFlush::ask_web_server();
		$this->assertTrue( $flushed['ok'], $flushed['error'] );
		$this->assertSame( array(), self::recorded() );
	}

	public function test_a_flush_url_that_is_not_this_server_is_refused_without_a_request(): void {
		$flushed = CounterFlush::ask_web_server( 'http://192.0.2.1/?rest_route=/xmlrpc-shield/v1' . CounterFlush::ROUTE );
		$this->assertFalse( $flushed['ok'] );
		$this->assertStringContainsString( 'not this server', $flushed['error'] );
	}

	public function test_without_a_recorded_address_loopback_at_the_home_port_is_used(): void {
		self::set_home( 'https://cdn.example.test:8443/site2/' );
		$this->assertSame(
			array(
				'https://localhost:8443/site2/?rest_route=/xmlrpc-shield/v1/counters/flush',
				'https://127.0.0.1:8443/site2/?rest_route=/xmlrpc-shield/v1/counters/flush',
				'https://[::1]:8443/site2/?rest_route=/xmlrpc-shield/v1/counters/flush',
			),
			CounterFlush::own_flush_urls()
		);
		remove_all_filters( 'option_home', 99 );
		$this->assertTrue( CounterFlush::ask_web_server()['ok'], 'the test site itself answers on loopback' );
	}
}
