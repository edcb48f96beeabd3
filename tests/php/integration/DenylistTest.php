<?php
/**
 * The denylist over real HTTP: a denied client is refused in every mode but off by the
 * plugin-load gate and by the early gate (even inside an allowlisted range), named through
 * trusted proxies; WP-CLI manages it; "Add this server" says why it added nothing.
 *
 * Clients are told apart by X-Forwarded-For from the trusted proxy 127.0.0.1 (the test server's
 * only peer): the denylist refuses loopback and private networks, so the denied clients here
 * are public addresses.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Allowlist;
use XmlrpcShield\Denylist;
use XmlrpcShield\EarlyGate\Installer;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Settings;

final class DenylistTest extends IntegrationTestCase {

	const HELLO = '<?xml version="1.0"?><methodCall><methodName>demo.sayHello</methodName></methodCall>';

	protected function setUp(): void {
		parent::setUp();
		$this->assertIsArray( Settings::update( array( 'trusted_proxies' => array( '127.0.0.1' ) ) ) );
	}

	protected function tearDown(): void {
		if ( Installer::status()['installed'] ) {
			Installer::remove();
			// The stub a removal leaves waits for PHP-FPM's user.ini cache; nothing here caches
			// it, so it goes now rather than under a later test's feet.
			$state = get_option( Settings::EARLY_GATE );
			if ( is_array( $state ) && isset( $state['stub']['file'] ) ) {
				@unlink( (string) $state['stub']['file'] ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged,WordPress.WP.AlternativeFunctions.unlink_unlink
				delete_option( Settings::EARLY_GATE );
			}
		}
		parent::tearDown();
	}

	/**
	 * POSTs demo.sayHello as the client a trusted proxy names.
	 *
	 * @return array{status:int, headers:array<string,string>, body:string}
	 */
	private static function hello_from( string $client ): array {
		return self::post_xmlrpc( self::HELLO, array( 'X-Forwarded-For' => $client ) );
	}

	public function test_a_denied_client_is_refused_at_plugin_load_in_every_mode_but_off_even_inside_an_allowlisted_range(): void {
		$this->assertIsArray( Allowlist::add( '93.184.216.0/24', 'Partner network' ) );
		$this->assertIsArray( Denylist::add( '93.184.216.34', 'Compromised host in it' ) );
		$this->assertIsArray( Denylist::add( '2a0b:f00:1::/64' ) );
		foreach ( array( Decider::MODE_BLOCK, Decider::MODE_PINGBACK, Decider::MODE_MONITOR ) as $mode ) {
			Settings::set_mode( $mode );
			foreach ( array( '93.184.216.34', '2a0b:f00:1::9' ) as $denied ) {
				$refused = self::hello_from( $denied );
				$this->assertSame( 403, $refused['status'], "{$mode} {$denied}: " . $refused['body'] );
				$this->assertSame( 'plugin', $refused['headers']['x-xmlrpc-shield'] ?? '', $mode );
				$this->assertStringNotContainsString( 'Hello', $refused['body'], $mode . ': no XML-RPC at all' );
			}
			// The rest of the allowlisted range, and everyone in the modes that let them through.
			$this->assertTrue( self::client( array( 'X-Forwarded-For' => '93.184.216.35' ) )->query( 'demo.sayHello' ), $mode );
			if ( Decider::MODE_BLOCK !== $mode ) {
				$this->assertTrue( self::client( array( 'X-Forwarded-For' => '2a0b:f00:2::9' ) )->query( 'demo.sayHello' ), $mode );
			}
		}
		Settings::set_mode( Decider::MODE_OFF );
		$this->assertTrue( self::client( array( 'X-Forwarded-For' => '93.184.216.34' ) )->query( 'demo.sayHello' ), 'off means off' );

		$blocked = array();
		foreach ( self::ingest_and_fetch_rows() as $row ) {
			if ( 'blocked' === $row['outcome'] ) {
				$blocked[ $row['ip'] ] = ( $blocked[ $row['ip'] ] ?? 0 ) + (int) $row['hits'];
			}
		}
		$this->assertSame( 3, $blocked['93.184.216.34'] ?? 0, 'each refusal is logged as blocked, under the client the proxy named' );
		$this->assertArrayNotHasKey( '93.184.216.35', $blocked );
	}

	public function test_a_spoofed_forwarded_header_cannot_get_someone_else_denied(): void {
		update_option( Settings::TRUSTED_PROXIES, array(), true );
		Settings::set_mode( Decider::MODE_MONITOR );
		$this->assertIsArray( Denylist::add( '93.184.216.34' ) );
		// The peer (127.0.0.1) is not a trusted proxy now: the header names nobody.
		$this->assertTrue( self::client( array( 'X-Forwarded-For' => '93.184.216.34' ) )->query( 'demo.sayHello' ) );
	}

	public function test_the_early_gate_refuses_a_denied_client_before_wordpress_and_follows_changes(): void {
		$this->assertIsArray( Denylist::add( '2a0b:f00:1::/64' ) );
		Settings::set_mode( Decider::MODE_PINGBACK );
		$this->assertTrue( Installer::install( 'mu-plugin', false )['ok'] );

		$refused = self::hello_from( '2a0b:f00:1::9' );
		$this->assertSame( 403, $refused['status'], $refused['body'] );
		$this->assertSame( 'early-gate', $refused['headers']['x-xmlrpc-shield'] ?? '', 'refused before the plugins load, from the settings file' );
		$passed = self::hello_from( '2a0b:f00:2::9' );
		$this->assertSame( 200, $passed['status'] );
		$this->assertStringContainsString( '<string>Hello!</string>', $passed['body'] );

		// A removal reaches the gate's settings file at once; so does a new entry.
		$this->assertIsArray( Denylist::remove( '2a0b:f00:1::/64' ) );
		$this->assertStringContainsString( '<string>Hello!</string>', self::hello_from( '2a0b:f00:1::9' )['body'] );
		$this->assertIsArray( Denylist::add( '2a0b:f00:2::/64' ) );
		$this->assertSame( 'early-gate', self::hello_from( '2a0b:f00:2::9' )['headers']['x-xmlrpc-shield'] ?? '' );
	}

	public function test_wp_cli_adds_lists_and_removes_and_explains_refusals(): void {
		Allowlist::add( '93.184.216.0/24', 'Partner network' );
		$added = self::wp_cli( array( 'xmlrpc-shield', 'deny', 'add', '93.184.216.34', '--label=Compromised' ) );
		$this->assertSame( 0, $added['code'], $added['err'] );
		$this->assertStringContainsString( 'Added 93.184.216.34/32 to the denylist.', $added['out'] );
		$this->assertStringContainsString( 'inside the allowlisted 93.184.216.0/24; the denylist wins', $added['err'], 'a warning, not silence' );

		$list = self::wp_cli( array( 'xmlrpc-shield', 'deny', 'list', '--format=json' ) );
		$rows = json_decode( $list['out'], true );
		$this->assertSame( array( '93.184.216.34/32' ), array_column( (array) $rows, 'cidr' ) );
		$this->assertSame( 'Compromised', $rows[0]['label'] );

		$refusals = array(
			'127.0.0.1'        => 'loopback',
			'10.1.2.3'         => 'is a private network',
			'1.0.0.0/4'        => 'too broad',
			'93.184.216.34/32' => 'already on the denylist',
			'not-an-address'   => 'not a valid IPv4 or IPv6 address',
		);
		foreach ( $refusals as $input => $reason ) {
			$refused = self::wp_cli( array( 'xmlrpc-shield', 'deny', 'add', $input ) );
			$this->assertSame( 1, $refused['code'], $input );
			$this->assertStringContainsString( $reason, $refused['err'], $input );
		}
		Denylist::add( '2a0b:f00:1::/64' );
		$covered = self::wp_cli( array( 'xmlrpc-shield', 'deny', 'add', '2a0b:f00:1::5' ) );
		$this->assertSame( 1, $covered['code'] );
		$this->assertStringContainsString( '2a0b:f00:1::5/128 is already covered by 2a0b:f00:1::/64 on the denylist', $covered['err'] );

		$status = json_decode( self::wp_cli( array( 'xmlrpc-shield', 'status', '--format=json' ) )['out'], true );
		$this->assertSame( 2, $status['denylist_count'] ?? null );

		$removed = self::wp_cli( array( 'xmlrpc-shield', 'deny', 'remove', '93.184.216.34' ) );
		$this->assertSame( 0, $removed['code'], $removed['err'] );
		$this->assertSame( 1, self::wp_cli( array( 'xmlrpc-shield', 'deny', 'remove', '93.184.216.34' ) )['code'], 'not there any more' );
		wp_cache_flush();
		$this->assertSame( array( '2a0b:f00:1::/64' ), Denylist::cidrs() );
		$this->assertStringContainsString( 'wp xmlrpc-shield deny add', self::wp_cli( array( 'help', 'xmlrpc-shield', 'deny', 'add' ) )['out'] );
	}

	public function test_the_trusted_proxy_and_this_server_cannot_be_denied(): void {
		update_option( Settings::TRUSTED_PROXIES, array( '93.184.216.0/28' ), true );
		$proxy = Denylist::add( '93.184.216.0/24' );
		$this->assertWPError( $proxy );
		$this->assertStringContainsString( 'overlaps the trusted proxy 93.184.216.0/28', $proxy->get_error_message() );
		update_option( 'xs_test_server_addresses', array( '127.0.0.1', '93.184.217.10' ), true );
		$server = self::wp_cli( array( 'xmlrpc-shield', 'deny', 'add', '93.184.217.0/24' ) );
		$this->assertSame( 1, $server['code'] );
		$this->assertStringContainsString( 'holds this server\'s own address', $server['err'] );
		$this->assertSame( array(), Denylist::entries() );
	}

	public function test_add_this_server_says_why_it_added_nothing_and_what_to_add_instead(): void {
		update_option( 'xs_test_server_addresses', array( '127.0.0.1', '::1', 'fe80::1' ), true );
		$preset = self::wp_cli( array( 'xmlrpc-shield', 'allow', 'preset', 'server' ) );
		$this->assertSame( 1, $preset['code'] );
		$this->assertStringContainsString( '127.0.0.1, ::1, fe80::1', $preset['err'], 'names what it found' );
		$this->assertStringContainsString( 'would let every client behind it through', $preset['err'], 'says why' );
		$this->assertStringContainsString( 'add by hand the public address', $preset['err'], 'says what to add instead' );
		$this->assertStringContainsString( 'Trusted proxies', $preset['err'] );
		$this->assertSame( array(), Allowlist::entries() );
	}

	/**
	 * Fails the test unless the value is a WP_Error.
	 *
	 * @param mixed $value Value.
	 */
	private function assertWPError( $value ): void {
		$this->assertInstanceOf( \WP_Error::class, $value );
	}
}
