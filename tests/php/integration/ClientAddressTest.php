<?php
/**
 * Who the client is, over real HTTP: spoofed headers change nothing unless the peer is a
 * trusted proxy known to set that header.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Allowlist;
use XmlrpcShield\Gate\AddressList;
use XmlrpcShield\Gate\Cidr;
use XmlrpcShield\GateConfig;
use XmlrpcShield\Presets;
use XmlrpcShield\Settings;
use XmlrpcShield\TrustedProxyList;

class ClientAddressTest extends IntegrationTestCase {

	public function test_spoofed_forwarded_for_from_untrusted_peer_changes_nothing(): void {
		Allowlist::add( '192.0.2.0/24', 'office' );
		$response = self::post_xmlrpc(
			self::PINGBACK_BODY,
			array(
				'X-Forwarded-For'  => '192.0.2.10',
				'CF-Connecting-IP' => '192.0.2.11',
			)
		);
		$this->assertSame( 403, $response['status'] );
		$rows = self::ingest_and_fetch_rows();
		$this->assertSame( array( '127.0.0.1' ), array_column( $rows, 'ip' ) );
	}

	public function test_trusted_proxy_headers_identify_clients(): void {
		Settings::update( array( 'trusted_proxies' => array( '127.0.0.1' ) ) );
		Allowlist::add( '192.0.2.0/24', 'office' );
		Allowlist::add( '2001:db8:aa::/48', 'office v6' );

		$allowed = self::client( array( 'X-Forwarded-For' => '203.0.113.1, 192.0.2.10' ) );
		$this->assertTrue( $allowed->query( 'demo.sayHello' ) );
		$allowed_v6 = self::client( array( 'X-Forwarded-For' => '2001:db8:aa:1::5' ) );
		$this->assertTrue( $allowed_v6->query( 'demo.sayHello' ) );
		$mapped = self::client( array( 'X-Forwarded-For' => '::ffff:192.0.2.99' ) );
		$this->assertTrue( $mapped->query( 'demo.sayHello' ) );

		// The left-most hop is client-controlled: putting an allowlisted address there fails.
		$this->assertSame( 403, self::post_xmlrpc( self::PINGBACK_BODY, array( 'X-Forwarded-For' => '192.0.2.10, 203.0.113.66' ) )['status'] );
		// A proxy that is not Cloudflare passes CF-Connecting-IP on as the client wrote it.
		$this->assertSame( 403, self::post_xmlrpc( self::PINGBACK_BODY, array( 'CF-Connecting-IP' => '2001:db8:bb::1' ) )['status'] );

		$rows    = self::ingest_and_fetch_rows();
		$by_ip   = array();
		foreach ( $rows as $row ) {
			$by_ip[ $row['ip'] ] = $row['outcome'];
		}
		$this->assertSame( 'allowed', $by_ip['192.0.2.10'] );
		$this->assertSame( 'allowed', $by_ip['2001:db8:aa:1::5'] );
		$this->assertSame( 'allowed', $by_ip['192.0.2.99'] );
		$this->assertSame( 'blocked', $by_ip['203.0.113.66'] );
		$this->assertSame( 'blocked', $by_ip['127.0.0.1'] );
		$this->assertArrayNotHasKey( '2001:db8:bb::1', $by_ip );
	}

	public function test_forged_cloudflare_header_through_a_proxy_that_is_not_cloudflare_is_refused(): void {
		$this->assertIsArray( Settings::update( array( 'trusted_proxies' => array( '127.0.0.0/8' ) ) ) );
		$this->assertGreaterThan( 0, Allowlist::apply_preset( 'jetpack' ) );
		$jetpack = Cidr::parse( Presets::read( Presets::JETPACK )['cidrs'][0] )->network();
		$this->assertTrue( ( new AddressList( Allowlist::cidrs() ) )->contains( $jetpack ) );

		$forged = self::post_xmlrpc( self::PINGBACK_BODY, array( 'CF-Connecting-IP' => $jetpack ) );
		$this->assertSame( 403, $forged['status'], 'block mode holds: the header was not believed' );
		$this->assertSame( 403, self::post_xmlrpc( self::PINGBACK_BODY, array( 'CF-Connecting-IP' => '[' . $jetpack . ']' ) )['status'] );
		// The same address in X-Forwarded-For, the header this proxy does set, is believed.
		$this->assertTrue( self::client( array( 'X-Forwarded-For' => $jetpack ) )->query( 'demo.sayHello' ) );

		$outcomes = array();
		foreach ( self::ingest_and_fetch_rows() as $row ) {
			$outcomes[ $row['ip'] ] = $row['outcome'];
		}
		ksort( $outcomes );
		$expected = array(
			'127.0.0.1' => 'blocked',
			$jetpack    => 'allowed',
		);
		ksort( $expected );
		$this->assertSame( $expected, $outcomes );
	}

	public function test_cloudflare_in_front_of_a_trusted_proxy_names_the_visitor(): void {
		// Cloudflare -> our proxy on loopback: the proxy appends the edge it saw.
		$this->assertIsArray( Settings::add_proxy_preset( 'cloudflare' ) );
		$this->assertIsArray( Settings::update( array( 'trusted_proxies' => array_merge( TrustedProxyList::cidrs(), array( '127.0.0.1' ) ) ) ) );
		Allowlist::add( '192.0.2.0/24', 'office' );
		$through_edge = array(
			'CF-Connecting-IP' => '192.0.2.10',
			'X-Forwarded-For'  => '192.0.2.10, 173.245.48.9',
		);
		$this->assertTrue( self::client( $through_edge )->query( 'demo.sayHello' ) );
		// Someone naming the edge themselves is the right-most untrusted hop.
		$bypass = array(
			'CF-Connecting-IP' => '192.0.2.10',
			'X-Forwarded-For'  => '173.245.48.9, 203.0.113.66',
		);
		$this->assertSame( 403, self::post_xmlrpc( self::PINGBACK_BODY, $bypass )['status'] );
		$outcomes = array();
		foreach ( self::ingest_and_fetch_rows() as $row ) {
			$outcomes[ $row['ip'] ] = $row['outcome'];
		}
		$this->assertSame( 'allowed', $outcomes['192.0.2.10'] );
		$this->assertSame( 'blocked', $outcomes['203.0.113.66'] );
	}

	public function test_forwarded_hops_with_ports_name_the_client(): void {
		$this->assertIsArray( Settings::update( array( 'trusted_proxies' => array( '127.0.0.1' ) ) ) );
		Allowlist::add( '192.0.2.0/24', 'office' );
		Allowlist::add( '2001:db8:aa::/48', 'office v6' );
		$this->assertTrue( self::client( array( 'X-Forwarded-For' => '203.0.113.1, 192.0.2.10:5678' ) )->query( 'demo.sayHello' ) );
		$this->assertTrue( self::client( array( 'X-Forwarded-For' => '[2001:db8:aa::5]:443' ) )->query( 'demo.sayHello' ) );
		$this->assertSame( 403, self::post_xmlrpc( self::PINGBACK_BODY, array( 'X-Forwarded-For' => '192.0.2.10, 198.51.100.9:80' ) )['status'] );
		$outcomes = array();
		foreach ( self::ingest_and_fetch_rows() as $row ) {
			$outcomes[ $row['ip'] ] = $row['outcome'];
		}
		$this->assertSame( 'allowed', $outcomes['192.0.2.10'] );
		$this->assertSame( 'allowed', $outcomes['2001:db8:aa::5'] );
		$this->assertSame( 'blocked', $outcomes['198.51.100.9'] );
	}

	public function test_a_proxy_range_covering_everything_is_refused_and_nothing_saved(): void {
		$this->assertIsArray( Settings::update( array( 'trusted_proxies' => array( '127.0.0.1' ) ) ) );
		foreach ( array( '0.0.0.0/0', '::/0', '::ffff:0.0.0.0/96', '0.0.0.0/1', '2000::/3' ) as $everyone ) {
			$refused = Settings::update(
				array(
					'mode'            => 'monitor',
					'trusted_proxies' => array( '127.0.0.1', $everyone ),
				)
			);
			$this->assertInstanceOf( \WP_Error::class, $refused, $everyone );
			$this->assertSame( 400, $refused->get_error_data()['status'] );
			$this->assertStringContainsString( 0 === Cidr::parse( $everyone )->prefix() ? 'covers every address' : 'too broad', $refused->get_error_message(), $everyone );
			$this->assertSame( array( '127.0.0.1/32' ), TrustedProxyList::cidrs(), $everyone );
			$this->assertSame( 'block', Settings::mode(), 'nothing else was saved either' );
		}
		// One saved by an older version is never believed.
		update_option( Settings::TRUSTED_PROXIES, array( '0.0.0.0/0' ) );
		$this->assertSame( array(), GateConfig::for_plugin_load()['trusted_proxies'] );
		Allowlist::add( '192.0.2.0/24', 'office' );
		$this->assertSame( 403, self::post_xmlrpc( self::PINGBACK_BODY, array( 'X-Forwarded-For' => '192.0.2.10' ) )['status'] );
	}
}
