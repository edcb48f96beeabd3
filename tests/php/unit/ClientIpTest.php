<?php
/**
 * Unit tests for client address resolution behind proxies.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\unit;

use PHPUnit\Framework\TestCase;
use XmlrpcShield\Gate\ClientIp;
use XmlrpcShield\Gate\TrustedProxies;

final class ClientIpTest extends TestCase {

	public function test_untrusted_peer_headers_are_ignored(): void {
		$server = array(
			'REMOTE_ADDR'           => '203.0.113.9',
			'HTTP_X_FORWARDED_FOR'  => '10.0.0.1',
			'HTTP_CF_CONNECTING_IP' => '10.0.0.2',
		);
		$this->assertSame( '203.0.113.9', ClientIp::resolve( $server, new TrustedProxies( array() ) ) );
		$this->assertSame( '203.0.113.9', ClientIp::resolve( $server, new TrustedProxies( array( '198.51.100.0/24' ) ) ) );
	}

	public function test_trusted_peer_takes_rightmost_untrusted_hop(): void {
		$trusted = new TrustedProxies( array( '198.51.100.0/24', '10.0.0.0/8' ) );
		$server  = array(
			'REMOTE_ADDR'          => '198.51.100.7',
			// A client-supplied fake on the left, the real client, then an inner trusted proxy.
			'HTTP_X_FORWARDED_FOR' => '1.1.1.1, 203.0.113.50, 10.1.2.3',
		);
		$this->assertSame( '203.0.113.50', ClientIp::resolve( $server, $trusted ) );
	}

	/**
	 * Trusted proxies as the gate config holds them: Cloudflare's edge sets CF-Connecting-IP,
	 * a private load balancer only X-Forwarded-For.
	 */
	private static function cloudflare_and_balancer(): TrustedProxies {
		return new TrustedProxies(
			array(
				array(
					'cidr'   => '173.245.48.0/20',
					'header' => TrustedProxies::HEADER_CF_CONNECTING_IP,
				),
				array(
					'cidr'   => '10.0.0.0/8',
					'header' => TrustedProxies::HEADER_FORWARDED_FOR,
				),
			)
		);
	}

	public function test_cloudflare_header_from_a_cloudflare_peer(): void {
		$server = array(
			'REMOTE_ADDR'           => '173.245.48.1',
			'HTTP_CF_CONNECTING_IP' => '2001:db8::5',
			'HTTP_X_FORWARDED_FOR'  => '9.9.9.9',
		);
		$this->assertSame( '2001:db8::5', ClientIp::resolve( $server, self::cloudflare_and_balancer() ) );
		// Cloudflare always sets it; without a usable one the edge itself is the client.
		$server['HTTP_CF_CONNECTING_IP'] = 'not-an-ip';
		$this->assertSame( '173.245.48.1', ClientIp::resolve( $server, self::cloudflare_and_balancer() ) );
	}

	public function test_forged_cloudflare_header_from_another_trusted_peer_is_ignored(): void {
		// nginx or a load balancer passes CF-Connecting-IP through as the client sent it.
		$server = array(
			'REMOTE_ADDR'           => '10.0.0.7',
			'HTTP_CF_CONNECTING_IP' => '192.0.2.10',
		);
		$this->assertSame( '10.0.0.7', ClientIp::resolve( $server, self::cloudflare_and_balancer() ) );
		$server['HTTP_X_FORWARDED_FOR'] = '203.0.113.66';
		$this->assertSame( '203.0.113.66', ClientIp::resolve( $server, self::cloudflare_and_balancer() ) );
		// A plain CIDR string (a config written before entries named their header) is X-Forwarded-For.
		$this->assertSame( '203.0.113.66', ClientIp::resolve( $server, new TrustedProxies( array( '10.0.0.0/8' ) ) ) );
	}

	public function test_balancer_behind_cloudflare_believes_the_edge_it_saw(): void {
		// Client -> Cloudflare (sets CF-Connecting-IP, appends the client) -> load balancer
		// (appends the edge it saw, or replaces the header with it).
		$server = array(
			'REMOTE_ADDR'           => '10.0.0.7',
			'HTTP_CF_CONNECTING_IP' => '203.0.113.5',
			'HTTP_X_FORWARDED_FOR'  => '192.0.2.10, 203.0.113.5, 173.245.48.9',
		);
		$this->assertSame( '203.0.113.5', ClientIp::resolve( $server, self::cloudflare_and_balancer() ) );
		$server['HTTP_X_FORWARDED_FOR'] = '173.245.48.9';
		$this->assertSame( '203.0.113.5', ClientIp::resolve( $server, self::cloudflare_and_balancer() ) );
		// Without a usable CF-Connecting-IP the walk goes on through what Cloudflare appended.
		$server['HTTP_CF_CONNECTING_IP'] = '';
		$server['HTTP_X_FORWARDED_FOR']  = '192.0.2.10, 203.0.113.5, 173.245.48.9';
		$this->assertSame( '203.0.113.5', ClientIp::resolve( $server, self::cloudflare_and_balancer() ) );
	}

	public function test_an_edge_address_named_by_the_client_is_not_an_edge_hop(): void {
		// Straight to the load balancer, bypassing Cloudflare: the balancer appends the real
		// peer, so the forged edge hop and CF-Connecting-IP are never reached.
		$server = array(
			'REMOTE_ADDR'           => '10.0.0.7',
			'HTTP_CF_CONNECTING_IP' => '192.0.2.10',
			'HTTP_X_FORWARDED_FOR'  => '173.245.48.9, 198.51.100.66',
		);
		$this->assertSame( '198.51.100.66', ClientIp::resolve( $server, self::cloudflare_and_balancer() ) );
	}

	public function test_the_most_specific_entry_names_the_header(): void {
		$trusted = new TrustedProxies(
			array(
				'10.0.0.0/8',
				array(
					'cidr'   => '10.9.0.0/16',
					'header' => TrustedProxies::HEADER_CF_CONNECTING_IP,
				),
			)
		);
		$this->assertSame( TrustedProxies::HEADER_CF_CONNECTING_IP, $trusted->header_for( '10.9.1.1' ) );
		$this->assertSame( TrustedProxies::HEADER_FORWARDED_FOR, $trusted->header_for( '10.8.1.1' ) );
		$this->assertNull( $trusted->header_for( '11.0.0.1' ) );
	}

	public function test_ports_are_stripped_from_forwarded_hops(): void {
		$trusted = new TrustedProxies( array( '10.0.0.0/8' ) );
		$server  = array(
			'REMOTE_ADDR'          => '10.0.0.1',
			'HTTP_X_FORWARDED_FOR' => '198.51.100.1, 203.0.113.9:5678, 10.0.0.2:443',
		);
		$this->assertSame( '203.0.113.9', ClientIp::resolve( $server, $trusted ) );
		$server['HTTP_X_FORWARDED_FOR'] = '[2001:db8::1]:443, [10.0.0.3]:80';
		$this->assertSame( '2001:db8::1', ClientIp::resolve( $server, $trusted ) );
		$server['HTTP_X_FORWARDED_FOR'] = '2001:db8::7';
		$this->assertSame( '2001:db8::7', ClientIp::resolve( $server, $trusted ), 'a bare IPv6 address keeps its last group' );
		$server['HTTP_X_FORWARDED_FOR'] = '203.0.113.9:80:80';
		$this->assertSame( '10.0.0.1', ClientIp::resolve( $server, $trusted ), 'not a port: the walk stops' );
	}

	public function test_a_range_covering_everything_is_never_trusted(): void {
		foreach ( array( '0.0.0.0/0', '::/0', '::ffff:0:0/96' ) as $everything ) {
			$trusted = new TrustedProxies( array( $everything, array( 'cidr' => $everything ) ) );
			$this->assertTrue( $trusted->is_empty(), $everything );
			$server = array(
				'REMOTE_ADDR'          => '203.0.113.9',
				'HTTP_X_FORWARDED_FOR' => '192.0.2.10',
			);
			$this->assertSame( '203.0.113.9', ClientIp::resolve( $server, $trusted ), $everything );
		}
	}

	public function test_garbage_hop_stops_the_walk(): void {
		$trusted = new TrustedProxies( array( '127.0.0.1' ) );
		$server  = array(
			'REMOTE_ADDR'          => '127.0.0.1',
			'HTTP_X_FORWARDED_FOR' => '203.0.113.1, <script>, 127.0.0.1',
		);
		// Everything left of the garbage could be forged; the last good hop is the proxy itself.
		$this->assertSame( '127.0.0.1', ClientIp::resolve( $server, $trusted ) );
	}

	public function test_all_hops_trusted_yields_leftmost(): void {
		$trusted = new TrustedProxies( array( '10.0.0.0/8' ) );
		$server  = array(
			'REMOTE_ADDR'          => '10.0.0.1',
			'HTTP_X_FORWARDED_FOR' => '10.0.0.3, 10.0.0.2',
		);
		$this->assertSame( '10.0.0.3', ClientIp::resolve( $server, $trusted ) );
	}

	public function test_mapped_and_bracketed_forms_are_normalized(): void {
		$this->assertSame( '192.0.2.1', ClientIp::resolve( array( 'REMOTE_ADDR' => '::ffff:192.0.2.1' ), new TrustedProxies( array() ) ) );
		$trusted = new TrustedProxies( array( '::1' ) );
		$server  = array(
			'REMOTE_ADDR'          => '::1',
			'HTTP_X_FORWARDED_FOR' => '[2001:DB8::0001]',
		);
		$this->assertSame( '2001:db8::1', ClientIp::resolve( $server, $trusted ) );
	}

	public function test_missing_or_invalid_remote_addr(): void {
		$this->assertSame( '', ClientIp::resolve( array(), new TrustedProxies( array() ) ) );
		$this->assertSame( '', ClientIp::resolve( array( 'REMOTE_ADDR' => 'bogus' ), new TrustedProxies( array() ) ) );
	}

	public function test_huge_forwarded_header_is_bounded(): void {
		$trusted = new TrustedProxies( array( '10.0.0.0/8' ) );
		$server  = array(
			'REMOTE_ADDR'          => '10.0.0.1',
			'HTTP_X_FORWARDED_FOR' => str_repeat( '10.0.0.9, ', 100000 ) . '203.0.113.77',
		);
		$this->assertSame( '203.0.113.77', ClientIp::resolve( $server, $trusted ) );
	}
}
