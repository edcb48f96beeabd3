<?php
/**
 * Unit tests for client address resolution behind proxies.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\unit;

use PHPUnit\Framework\TestCase;
use XmlrpcShield\Gate\AddressList;
use XmlrpcShield\Gate\ClientIp;

final class ClientIpTest extends TestCase {

	public function test_untrusted_peer_headers_are_ignored(): void {
		$server = array(
			'REMOTE_ADDR'           => '203.0.113.9',
			'HTTP_X_FORWARDED_FOR'  => '10.0.0.1',
			'HTTP_CF_CONNECTING_IP' => '10.0.0.2',
		);
		$this->assertSame( '203.0.113.9', ClientIp::resolve( $server, new AddressList( array() ) ) );
		$this->assertSame( '203.0.113.9', ClientIp::resolve( $server, new AddressList( array( '198.51.100.0/24' ) ) ) );
	}

	public function test_trusted_peer_takes_rightmost_untrusted_hop(): void {
		$trusted = new AddressList( array( '198.51.100.0/24', '10.0.0.0/8' ) );
		$server  = array(
			'REMOTE_ADDR'          => '198.51.100.7',
			// A client-supplied fake on the left, the real client, then an inner trusted proxy.
			'HTTP_X_FORWARDED_FOR' => '1.1.1.1, 203.0.113.50, 10.1.2.3',
		);
		$this->assertSame( '203.0.113.50', ClientIp::resolve( $server, $trusted ) );
	}

	public function test_cloudflare_header_from_trusted_peer(): void {
		$trusted = new AddressList( array( '173.245.48.0/20' ) );
		$server  = array(
			'REMOTE_ADDR'           => '173.245.48.1',
			'HTTP_CF_CONNECTING_IP' => '2001:db8::5',
			'HTTP_X_FORWARDED_FOR'  => '9.9.9.9',
		);
		$this->assertSame( '2001:db8::5', ClientIp::resolve( $server, $trusted ) );
		$server['HTTP_CF_CONNECTING_IP'] = 'not-an-ip';
		$this->assertSame( '9.9.9.9', ClientIp::resolve( $server, $trusted ) );
	}

	public function test_garbage_hop_stops_the_walk(): void {
		$trusted = new AddressList( array( '127.0.0.1' ) );
		$server  = array(
			'REMOTE_ADDR'          => '127.0.0.1',
			'HTTP_X_FORWARDED_FOR' => '203.0.113.1, <script>, 127.0.0.1',
		);
		// Everything left of the garbage could be forged; the last good hop is the proxy itself.
		$this->assertSame( '127.0.0.1', ClientIp::resolve( $server, $trusted ) );
	}

	public function test_all_hops_trusted_yields_leftmost(): void {
		$trusted = new AddressList( array( '10.0.0.0/8' ) );
		$server  = array(
			'REMOTE_ADDR'          => '10.0.0.1',
			'HTTP_X_FORWARDED_FOR' => '10.0.0.3, 10.0.0.2',
		);
		$this->assertSame( '10.0.0.3', ClientIp::resolve( $server, $trusted ) );
	}

	public function test_mapped_and_bracketed_forms_are_normalized(): void {
		$this->assertSame( '192.0.2.1', ClientIp::resolve( array( 'REMOTE_ADDR' => '::ffff:192.0.2.1' ), new AddressList( array() ) ) );
		$trusted = new AddressList( array( '::1' ) );
		$server  = array(
			'REMOTE_ADDR'          => '::1',
			'HTTP_X_FORWARDED_FOR' => '[2001:DB8::0001]',
		);
		$this->assertSame( '2001:db8::1', ClientIp::resolve( $server, $trusted ) );
	}

	public function test_missing_or_invalid_remote_addr(): void {
		$this->assertSame( '', ClientIp::resolve( array(), new AddressList( array() ) ) );
		$this->assertSame( '', ClientIp::resolve( array( 'REMOTE_ADDR' => 'bogus' ), new AddressList( array() ) ) );
	}

	public function test_huge_forwarded_header_is_bounded(): void {
		$trusted = new AddressList( array( '10.0.0.0/8' ) );
		$server  = array(
			'REMOTE_ADDR'          => '10.0.0.1',
			'HTTP_X_FORWARDED_FOR' => str_repeat( '10.0.0.9, ', 100000 ) . '203.0.113.77',
		);
		$this->assertSame( '203.0.113.77', ClientIp::resolve( $server, $trusted ) );
	}
}
