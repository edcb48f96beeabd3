<?php
/**
 * Who the client is, over real HTTP: spoofed headers change nothing unless the peer is trusted.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Allowlist;
use XmlrpcShield\Settings;

final class ClientAddressTest extends IntegrationTestCase {

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
		$this->assertSame( 'blocked', $by_ip['2001:db8:bb::1'] );
	}
}
