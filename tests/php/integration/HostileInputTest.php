<?php
/**
 * Hostile requests against the real server: every case asserts the response and that nothing
 * was lost or corrupted.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Settings;

class HostileInputTest extends IntegrationTestCase {

	protected function setUp(): void {
		parent::setUp();
		// A WP-Cron run the site spawns in between (update checks, ingest) writes its own
		// warnings to the same debug log the tests compare before and after a request.
		self::hold_wp_cron();
	}

	protected function tearDown(): void {
		self::release_wp_cron();
		parent::tearDown();
	}

	private static function auth_attempts(): int {
		$file = XS_TEST_SITE_DIR . '/wp-content/xs-auth.log';
		clearstatcache();
		return is_file( $file ) ? count( file( $file ) ) : 0;
	}

	/**
	 * The site's debug log, without the SQLite integration's own PHP 8.2 deprecation notices:
	 * its SQL tokenizer writes them whenever any process of the site (a WP-Cron run, the test's
	 * own ingest) runs certain queries, so one landing during a request says nothing about that
	 * request. Every other line, that file's warnings and fatals included, counts.
	 */
	private static function debug_log(): string {
		$log = (string) @file_get_contents( XS_TEST_SITE_DIR . '/wp-content/debug.log' );
		return (string) preg_replace( '~^.*PHP Deprecated: .*/sqlite-database-integration/.*\R~m', '', $log );
	}

	/**
	 * @return array<string,array{0:string}>
	 */
	public function provide_bodies(): array {
		$laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">';
		for ( $i = 2; $i <= 9; $i++ ) {
			$laughs .= '<!ENTITY lol' . $i . ' "' . str_repeat( '&lol' . ( 2 === $i ? '' : ( $i - 1 ) ) . ';', 10 ) . '">';
		}
		$laughs .= ']><methodCall><methodName>&lol9;</methodName></methodCall>';
		return array(
			'malformed'       => array( '<methodCall><methodName>pingback.ping</methodName><params><param>' ),
			'truncated'       => array( '<?xml version="1.0"?><methodCall><metho' ),
			'billion laughs'  => array( $laughs ),
			'empty'           => array( '' ),
			'binary'          => array( random_bytes( 4096 ) ),
			'external entity' => array( '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><methodCall><methodName>&e;</methodName></methodCall>' ),
		);
	}

	/**
	 * @dataProvider provide_bodies
	 */
	public function test_block_mode_refuses_hostile_bodies_without_parsing( string $body ): void {
		$before   = self::debug_log();
		$response = self::post_xmlrpc( $body );
		$this->assertSame( 403, $response['status'] );
		$this->assertSame( "XML-RPC is disabled on this site.\n", $response['body'] );
		$this->assertStringNotContainsString( 'root:', $response['body'] );
		$rows = self::ingest_and_fetch_rows();
		$this->assertSame( 1, self::sum_hits( $rows, 'blocked' ) );
		$this->assertSame( $before, self::debug_log(), 'no PHP notice, warning or fatal' );
	}

	public function test_pingback_mode_leaves_the_entity_tricks_to_core_which_refuses_them(): void {
		// The sniffer is not sure of a body with a DTD, so it passes; core's parser refuses any
		// DOCTYPE with an internal subset before expat sees it: nothing is expanded or read.
		Settings::set_mode( Decider::MODE_PINGBACK );
		$bodies = $this->provide_bodies();
		foreach ( array( 'billion laughs', 'external entity' ) as $name ) {
			$before   = self::debug_log();
			$response = self::post_xmlrpc( $bodies[ $name ][0] );
			$this->assertStringContainsString( '<int>-32700</int>', $response['body'], $name );
			$this->assertStringNotContainsString( 'root:', $response['body'], $name );
			$this->assertSame( $before, self::debug_log(), $name . ': no PHP notice, warning or fatal' );
		}
	}

	public function test_ten_megabyte_body_is_refused_and_logged(): void {
		$body     = '<?xml version="1.0"?><methodCall><methodName>pingback.ping</methodName><params><param><value><string>' . str_repeat( 'A', 10 * 1024 * 1024 ) . '</string></value></param></params></methodCall>';
		$response = self::post_xmlrpc( $body );
		$this->assertSame( 403, $response['status'] );
		$rows = self::ingest_and_fetch_rows();
		$this->assertSame( 1, self::sum_hits( $rows, 'blocked' ) );
	}

	public function test_other_http_methods(): void {
		foreach ( array( 'GET', 'HEAD', 'OPTIONS', 'PUT' ) as $method ) {
			$response = self::http( $method, '/xmlrpc.php' );
			$this->assertSame( 403, $response['status'], $method );
		}
		$rows = self::ingest_and_fetch_rows();
		$this->assertSame( 4, self::sum_hits( $rows, 'blocked' ) );
		$this->assertSame( array( '' ), array_values( array_unique( array_column( $rows, 'method' ) ) ) );
	}

	public function test_multicall_with_a_thousand_logins_never_reaches_authentication(): void {
		$calls = '';
		for ( $i = 0; $i < 1000; $i++ ) {
			$calls .= '<value><struct><member><name>methodName</name><value><string>wp.getUsersBlogs</string></value></member>'
				. '<member><name>params</name><value><array><data><value><string>admin</string></value><value><string>guess' . $i . '</string></value></data></array></value></member></struct></value>';
		}
		$body = '<?xml version="1.0"?><methodCall><methodName>system.multicall</methodName><params><param><value><array><data>' . $calls . '</data></array></value></param></params></methodCall>';
		foreach ( array( Decider::MODE_BLOCK, Decider::MODE_PINGBACK ) as $mode ) {
			Settings::set_mode( $mode );
			$before   = self::auth_attempts();
			$response = self::post_xmlrpc( $body );
			$this->assertContains( $response['status'], array( 200, 403 ), $mode );
			$this->assertSame( $before, self::auth_attempts(), $mode . ': no login attempted' );
		}
		$rows = self::ingest_and_fetch_rows();
		$this->assertSame( 2, self::sum_hits( $rows, 'blocked' ) );
		$this->assertSame( array( 'system.multicall' ), array_values( array_unique( array_column( $rows, 'method' ) ) ) );
	}

	public function test_hostile_user_agents_are_stored_safely(): void {
		$agents = array(
			"\xff\xfe\xfa broken utf-8",
			// Longer than a log column, within the 8 KB header line nginx and Apache accept (a
			// longer one gets their 400 before PHP runs).
			str_repeat( 'L', 8000 ),
			'<script>alert(1)</script>',
			"Robert'); DROP TABLE wp_xmlrpc_shield_hits;--",
		);
		foreach ( $agents as $agent ) {
			$this->assertSame( 403, self::post_xmlrpc( self::PINGBACK_BODY, array( 'User-Agent' => $agent ) )['status'] );
		}
		$stored = array();
		// One row per request: each request is its own minute/ip/method/outcome row unless they
		// share a minute, so read the rows' agents through a page of hits instead.
		global $wpdb;
		self::ingest_and_fetch_rows();
		$spool_agents = $wpdb->get_col( 'SELECT user_agent FROM ' . \XmlrpcShield\Log\HitTable::name() ); // phpcs:ignore
		foreach ( $spool_agents as $agent ) {
			$this->assertTrue( mb_check_encoding( $agent, 'UTF-8' ) );
			$this->assertLessThanOrEqual( 255, strlen( $agent ) );
			$stored[] = $agent;
		}
		$this->assertNotEmpty( $stored );
		$this->assertSame( 4, self::sum_hits( self::ingest_and_fetch_rows(), 'blocked' ), 'table intact' );
	}

	public function test_ipv6_edge_forms_through_a_trusted_proxy(): void {
		Settings::update( array( 'trusted_proxies' => array( '127.0.0.1' ) ) );
		$forms = array(
			'[2001:db8::1]'                  => '2001:db8::1',
			'2001:0DB8:0000:0000:0000::0001' => '2001:db8::1',
			'::ffff:203.0.113.5'             => '203.0.113.5',
			'fe80::1%eth0'                   => 'fe80::1',
			'::1'                            => '::1',
		);
		foreach ( array_keys( $forms ) as $form ) {
			$this->assertSame( 403, self::post_xmlrpc( self::PINGBACK_BODY, array( 'X-Forwarded-For' => $form ) )['status'], $form );
		}
		$ips = array_column( self::ingest_and_fetch_rows(), 'ip' );
		$this->assertEqualsCanonicalizing( array_values( array_unique( $forms ) ), array_values( array_unique( $ips ) ) );
	}
}
