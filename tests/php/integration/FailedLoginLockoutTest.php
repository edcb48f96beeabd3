<?php
/**
 * Failed XML-RPC logins (the other attack): recorded as their own outcome, and a lockout.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Allowlist;
use XmlrpcShield\EarlyGate\Installer;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Gate\Decision;
use XmlrpcShield\Lockout\LockoutPolicy;
use XmlrpcShield\Lockout\LockoutTable;
use XmlrpcShield\Settings;

final class FailedLoginLockoutTest extends IntegrationTestCase {

	protected function setUp(): void {
		global $wpdb;
		parent::setUp();
		$wpdb->query( 'DELETE FROM ' . LockoutTable::name() ); // phpcs:ignore
		delete_option( Settings::LOCKOUT_POLICY );
		update_option( Settings::LOCKOUTS_ACTIVE, '0', true );
		update_option( Settings::ALLOWLIST, array(), true );
		Settings::set_mode( Decider::MODE_PINGBACK );
		// The test runner is the proxy; X-Forwarded-For names each client.
		$this->assertIsArray( Settings::update( array( 'trusted_proxies' => array( '127.0.0.1' ) ) ) );
		@unlink( XS_TEST_SITE_DIR . '/wp-content/xs-auth.log' ); // phpcs:ignore
		@unlink( XS_TEST_SITE_DIR . '/wp-content/xs-xmlrpc-boots.log' ); // phpcs:ignore
		wp_cache_flush();
	}

	protected function tearDown(): void {
		Installer::remove();
		Settings::update( array( 'trusted_proxies' => array() ) );
		parent::tearDown();
	}

	/**
	 * One wp.getUsersBlogs call from a client address.
	 *
	 * @return true|int|string True when it logged in, the XML-RPC fault code, or the HTTP error.
	 */
	private static function login_from( string $ip, string $password ) {
		$client = self::client( array( 'X-Forwarded-For' => $ip ) );
		if ( $client->query( 'wp.getUsersBlogs', 'admin', $password ) ) {
			return true;
		}
		return $client->getErrorCode() > 0 ? $client->getErrorCode() : $client->getErrorMessage();
	}

	/**
	 * A raw wp.getUsersBlogs POST from a client address (status and the refusing layer).
	 *
	 * @return array{status:int, headers:array<string,string>, body:string}
	 */
	private static function raw_login_from( string $ip, string $password ): array {
		$body = '<?xml version="1.0"?><methodCall><methodName>wp.getUsersBlogs</methodName><params><param><value><string>admin</string></value></param><param><value><string>' . $password . '</string></value></param></params></methodCall>';
		return self::post_xmlrpc( $body, array( 'X-Forwarded-For' => $ip ) );
	}

	private static function rest( string $method, string $route, array $params = array() ): \WP_REST_Response {
		wp_set_current_user( 1 );
		$request = new \WP_REST_Request( $method, '/xmlrpc-shield/v1' . $route );
		foreach ( $params as $key => $value ) {
			$request->set_param( $key, $value );
		}
		$response = rest_do_request( $request );
		wp_set_current_user( 0 );
		wp_cache_flush();
		return $response;
	}

	/**
	 * The tracked row of a client key, or null.
	 *
	 * @return array<string,mixed>|null
	 */
	private static function tracked( string $client ): ?array {
		foreach ( LockoutTable::rows( time() ) as $row ) {
			if ( $row['client'] === $client ) {
				return $row;
			}
		}
		return null;
	}

	private static function auth_calls(): int {
		$log = XS_TEST_SITE_DIR . '/wp-content/xs-auth.log';
		return is_file( $log ) ? substr_count( (string) file_get_contents( $log ), "auth\n" ) : 0;
	}

	public function test_wrong_passwords_in_pingback_mode_are_failed_logins_not_allowed(): void {
		$this->assertIsArray( LockoutPolicy::update( array( 'enabled' => false ) ) );
		for ( $i = 1; $i <= 27; $i++ ) {
			$this->assertSame( 403, self::login_from( '203.0.113.7', 'guess-' . $i ) );
		}
		self::ingest_and_fetch_rows();
		// Guesses are no sign of app use for the first mode (UsageDetector).
		$this->assertFalse( \XmlrpcShield\Lifecycle\UsageDetector::recent_logged_app_calls() );
		$this->assertTrue( self::login_from( '203.0.113.8', 'password' ) );

		$rows = self::ingest_and_fetch_rows();
		$this->assertSame( 27, self::sum_hits( $rows, Decision::LOGIN_FAILED ) );
		$this->assertSame( 1, self::sum_hits( $rows, Decision::ALLOWED ), 'only the right password reads as allowed' );
		foreach ( $rows as $row ) {
			$this->assertSame( 'wp.getUsersBlogs', $row['method'] );
			$this->assertSame( Decision::LOGIN_FAILED === $row['outcome'] ? '203.0.113.7' : '203.0.113.8', $row['ip'] );
		}
		// Counted where the owner looks: the stats totals.
		$totals = self::rest( 'GET', '/stats', array( 'range' => '1h' ) )->get_data()['totals'];
		$this->assertSame( 27, $totals[ Decision::LOGIN_FAILED ] );
		// Lockouts off: counted, nobody locked out.
		$this->assertSame( 27, self::tracked( '203.0.113.7' )['failures'] );
		$this->assertFalse( self::tracked( '203.0.113.7' )['locked'] );
	}

	public function test_a_multicall_batch_counts_the_passwords_core_really_checked(): void {
		// Monitor mode lets system.multicall through (pingback mode refuses it outright).
		Settings::set_mode( Decider::MODE_MONITOR );
		$calls = array();
		for ( $i = 0; $i < 50; $i++ ) {
			$calls[] = array(
				'methodName' => 'wp.getUsersBlogs',
				'params'     => array( 'admin', 'guess-' . $i ),
			);
		}
		$client = self::client( array( 'X-Forwarded-For' => '198.51.100.20' ) );
		$this->assertTrue( $client->query( 'system.multicall', $calls ) );
		$answers = $client->getResponse();
		$this->assertCount( 50, $answers );
		$this->assertSame( 403, $answers[49]['faultCode'] );

		// Core checked one password, then refused the other 49 without checking (auth_failed).
		$this->assertSame( 1, self::auth_calls() );
		$this->assertSame( 1, self::tracked( '198.51.100.20' )['failures'] );
		$rows = self::ingest_and_fetch_rows();
		$this->assertSame( 1, self::sum_hits( $rows, Decision::LOGIN_FAILED ) );
		$this->assertSame( 'system.multicall', $rows[0]['method'] );
		$this->assertSame( 0, self::sum_hits( $rows, Decision::LOGGED ) );
	}

	public function test_after_n_failures_the_client_is_refused_at_plugin_load_and_others_are_not(): void {
		$this->assertIsArray( LockoutPolicy::update( array( 'threshold' => 3 ) ) );
		for ( $i = 1; $i <= 3; $i++ ) {
			$this->assertSame( 403, self::login_from( '203.0.113.7', 'guess-' . $i ), "guess {$i} reaches core" );
		}
		$refused = self::raw_login_from( '203.0.113.7', 'password' );
		$this->assertSame( 403, $refused['status'], 'even the right password is refused while locked out' );
		$this->assertSame( 'plugin', $refused['headers']['x-xmlrpc-shield'] ?? '' );
		$this->assertSame( 3, self::auth_calls(), 'the locked-out request never authenticated' );
		// Another address, and the same one for anything else than xmlrpc.php, are unaffected.
		$this->assertTrue( self::login_from( '203.0.113.8', 'password' ) );
		$this->assertSame( 200, self::http( 'GET', '/', null, array( 'X-Forwarded-For' => '203.0.113.7' ) )['status'] );

		$row = self::tracked( '203.0.113.7' );
		$this->assertTrue( $row['locked'] );
		$this->assertSame( 3, $row['failures'] );
		$this->assertEqualsWithDelta( time() + 3600, $row['locked_until'], 5 );
		$rows = self::ingest_and_fetch_rows();
		$this->assertSame( 3, self::sum_hits( $rows, Decision::LOGIN_FAILED ) );
		$this->assertSame( 1, self::sum_hits( $rows, Decision::BLOCKED ) );

		// Release through REST: the next request goes through.
		$released = self::rest( 'POST', '/lockouts/release', array( 'client' => '203.0.113.7' ) );
		$this->assertSame( 200, $released->get_status() );
		$this->assertSame( array(), $released->get_data()['items'] );
		$this->assertTrue( self::login_from( '203.0.113.7', 'password' ) );
		// Nothing left to release: 404; not an address: 400.
		$this->assertSame( 404, self::rest( 'POST', '/lockouts/release', array( 'client' => '203.0.113.7' ) )->get_status() );
		$this->assertSame( 400, self::rest( 'POST', '/lockouts/release', array( 'client' => 'nope' ) )->get_status() );
	}

	public function test_an_ipv6_client_is_locked_out_by_its_64_and_released_from_wp_cli(): void {
		$this->assertIsArray( LockoutPolicy::update( array( 'threshold' => 2 ) ) );
		$this->assertSame( 403, self::login_from( '2001:db8:1:2::5', 'guess-1' ) );
		$this->assertSame( 403, self::login_from( '2001:db8:1:2::6', 'guess-2' ) );
		$this->assertSame( 403, self::raw_login_from( '2001:db8:1:2:ffff::9', 'password' )['status'] );
		$this->assertTrue( self::login_from( '2001:db8:1:3::5', 'password' ), 'the next /64 is another client' );

		$list = self::wp_cli( array( 'xmlrpc-shield', 'lockout', 'list', '--format=json' ) );
		$this->assertSame( 0, $list['code'], $list['err'] );
		$items = json_decode( $list['out'], true )['items'];
		$this->assertSame( '2001:db8:1:2::/64', $items[0]['client'] );
		$this->assertTrue( $items[0]['locked'] );

		$release = self::wp_cli( array( 'xmlrpc-shield', 'lockout', 'release', '2001:db8:1:2::77' ) );
		$this->assertSame( 0, $release['code'], $release['err'] );
		$this->assertStringContainsString( 'Released 2001:db8:1:2::/64', $release['out'] );
		$this->assertTrue( self::login_from( '2001:db8:1:2::5', 'password' ) );

		$missing = self::wp_cli( array( 'xmlrpc-shield', 'lockout', 'release', '192.0.2.1' ) );
		$this->assertSame( 1, $missing['code'] );
		$this->assertStringContainsString( 'nothing to release', $missing['err'] );
	}

	public function test_a_lockout_ends_by_itself_when_its_time_is_up(): void {
		global $wpdb;
		$this->assertIsArray( LockoutPolicy::update( array( 'threshold' => 2 ) ) );
		self::login_from( '203.0.113.7', 'guess-1' );
		self::login_from( '203.0.113.7', 'guess-2' );
		$this->assertSame( 403, self::raw_login_from( '203.0.113.7', 'password' )['status'] );
		// The clock moves past the lockout (its end written one second ago).
		$wpdb->update( LockoutTable::name(), array( 'locked_until' => time() - 1 ), array( 'client' => '203.0.113.7' ) ); // phpcs:ignore
		$this->assertTrue( self::login_from( '203.0.113.7', 'password' ) );
		// The cron prune then clears the flag: the gates stop asking the table.
		\XmlrpcShield\Lockout\Lockouts::prune();
		wp_cache_flush();
		$this->assertSame( '0', get_option( Settings::LOCKOUTS_ACTIVE ) );
	}

	public function test_the_early_gate_refuses_a_locked_out_client_before_wordpress_loads(): void {
		$this->assertTrue( Installer::install( 'mu-plugin', false )['ok'] );
		$this->assertIsArray( LockoutPolicy::update( array( 'threshold' => 2 ) ) );
		self::login_from( '203.0.113.7', 'guess-1' );
		self::login_from( '203.0.113.7', 'guess-2' );
		$boots = substr_count( (string) file_get_contents( XS_TEST_SITE_DIR . '/wp-content/xs-xmlrpc-boots.log' ), "boot\n" );

		$refused = self::raw_login_from( '203.0.113.7', 'password' );
		$this->assertSame( 403, $refused['status'] );
		$this->assertSame( 'early-gate', $refused['headers']['x-xmlrpc-shield'] ?? '' );
		$this->assertSame( $boots, substr_count( (string) file_get_contents( XS_TEST_SITE_DIR . '/wp-content/xs-xmlrpc-boots.log' ), "boot\n" ), 'WordPress never loaded' );
		$this->assertTrue( self::login_from( '203.0.113.8', 'password' ) );

		$release = self::wp_cli( array( 'xmlrpc-shield', 'lockout', 'release', '203.0.113.7' ) );
		$this->assertSame( 0, $release['code'], $release['err'] );
		$this->assertTrue( self::login_from( '203.0.113.7', 'password' ) );
	}

	public function test_an_allowlisted_client_is_counted_and_shown_but_not_locked_out(): void {
		$this->assertIsArray( Allowlist::add( '203.0.113.50', 'our backup server' ) );
		$this->assertIsArray( LockoutPolicy::update( array( 'threshold' => 2 ) ) );
		for ( $i = 1; $i <= 4; $i++ ) {
			$this->assertSame( 403, self::login_from( '203.0.113.50', 'guess-' . $i ) );
		}
		$this->assertTrue( self::login_from( '203.0.113.50', 'password' ) );
		$row = self::tracked( '203.0.113.50' );
		$this->assertSame( 4, $row['failures'] );
		$this->assertTrue( $row['allowlisted'] );
		$this->assertFalse( $row['locked'] );
		$this->assertSame( 4, self::sum_hits( self::ingest_and_fetch_rows(), Decision::LOGIN_FAILED ) );
	}

	public function test_policy_changes_are_validated_and_bad_input_saves_nothing(): void {
		foreach ( array(
			array( 'threshold' => 0 ),
			array( 'threshold' => 'ten' ),
			array( 'window_minutes' => 1441 ),
			array(
				'threshold'        => 5,
				'duration_minutes' => -1,
			),
			array( 'enabled' => 'maybe' ),
		) as $bad ) {
			$response = self::rest( 'POST', '/lockouts/policy', $bad );
			$this->assertSame( 400, $response->get_status(), wp_json_encode( $bad ) );
			$this->assertNotEmpty( $response->as_error()->get_error_message() );
			$this->assertSame( LockoutPolicy::defaults(), LockoutPolicy::get(), 'nothing saved for ' . wp_json_encode( $bad ) );
		}
		$good = self::rest(
			'POST',
			'/lockouts/policy',
			array(
				'threshold'        => 5,
				'window_minutes'   => 30,
				'duration_minutes' => 240,
			)
		);
		$this->assertSame( 200, $good->get_status() );
		$this->assertSame( 5, $good->get_data()['policy']['threshold'] );
		$this->assertSame( 240, LockoutPolicy::get()['duration_minutes'] );
		// Anonymous: refused.
		$this->assertSame( 401, rest_do_request( new \WP_REST_Request( 'GET', '/xmlrpc-shield/v1/lockouts' ) )->get_status() );
	}

	public function test_concurrent_guesses_are_each_counted_and_start_one_lockout(): void {
		$this->assertIsArray( LockoutPolicy::update( array( 'threshold' => 5 ) ) );
		$body     = '<?xml version="1.0"?><methodCall><methodName>wp.getUsersBlogs</methodName><params><param><value><string>admin</string></value></param><param><value><string>wrong</string></value></param></params></methodCall>';
		$statuses = self::post_at_once( '/xmlrpc.php', $body, array_fill( 0, 12, array( 'X-Forwarded-For: 203.0.113.99' ) ) );
		$this->assertSame( array(), array_diff( $statuses, array( 200, 403 ) ) );
		$answered = count( array_keys( $statuses, 200, true ) );
		$row      = self::tracked( '203.0.113.99' );
		$this->assertSame( $answered, $row['failures'], 'every guess core checked is counted once' );
		$this->assertGreaterThanOrEqual( 5, $row['failures'] );
		$this->assertSame( 1, $row['lockouts'], 'exactly one process started the lockout' );
		$this->assertTrue( $row['locked'] );
	}

	public function test_a_flood_of_distinct_addresses_keeps_the_table_and_the_gate_bounded(): void {
		global $wpdb;
		$policy = array( 'threshold' => 1 ) + LockoutPolicy::defaults();
		$now    = time();
		for ( $i = 0; $i < LockoutTable::MAX_ROWS + 150; $i++ ) {
			LockoutTable::record_failure( '10.' . intdiv( $i, 250 ) . '.' . ( $i % 250 ) . '.1', false, $policy, $now );
		}
		$this->assertLessThanOrEqual( LockoutTable::MAX_ROWS, (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . LockoutTable::name() ) ); // phpcs:ignore
		$this->assertLessThanOrEqual( LockoutTable::MAX_ROWS, count( LockoutTable::gate_map( $now ) ) );
		// The newest are kept.
		$this->assertTrue( self::tracked( '10.4.149.1' )['locked'] );
	}
}
