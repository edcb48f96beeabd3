<?php
/**
 * Unit tests for CIDR parsing and matching.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\unit;

use PHPUnit\Framework\TestCase;
use XmlrpcShield\Gate\AddressList;
use XmlrpcShield\Gate\Cidr;
use XmlrpcShield\Gate\InvalidCidr;
use XmlrpcShield\Gate\IpAddress;

final class CidrTest extends TestCase {

	/**
	 * @dataProvider provide_valid
	 */
	public function test_parses_and_normalizes( string $input, string $expected ): void {
		$this->assertSame( $expected, (string) Cidr::parse( $input ) );
	}

	public function provide_valid(): array {
		return array(
			'single v4'          => array( '192.0.2.7', '192.0.2.7/32' ),
			'v4 /24'             => array( '192.0.2.0/24', '192.0.2.0/24' ),
			'host bits cleared'  => array( '192.0.2.77/24', '192.0.2.0/24' ),
			'spaces trimmed'     => array( '  10.1.2.3/8 ', '10.0.0.0/8' ),
			'v6 compressed'      => array( '2001:DB8:0:0::1/64', '2001:db8::/64' ),
			'single v6'          => array( '2001:db8::1', '2001:db8::1/128' ),
			'mapped single'      => array( '::ffff:192.0.2.9', '192.0.2.9/32' ),
			'mapped with prefix' => array( '::ffff:192.0.2.0/120', '192.0.2.0/24' ),
			'v4 /0'              => array( '0.0.0.0/0', '0.0.0.0/0' ),
		);
	}

	/**
	 * @dataProvider provide_invalid
	 */
	public function test_rejects_with_reason( string $input, string $reason_fragment ): void {
		try {
			Cidr::parse( $input );
			$this->fail( 'Expected InvalidCidr for ' . $input );
		} catch ( InvalidCidr $e ) {
			$this->assertStringContainsString( $reason_fragment, $e->getMessage() );
		}
	}

	public function provide_invalid(): array {
		return array(
			'prefix 33'        => array( '10.0.0.0/33', 'IPv4 allows /0 to /32' ),
			'prefix 129'       => array( '2001:db8::/129', 'IPv6 allows /0 to /128' ),
			'not an address'   => array( 'example.com', 'not a valid IPv4 or IPv6 address' ),
			'octet 256'        => array( '10.0.0.256', 'not a valid' ),
			'empty'            => array( '', 'Enter an IP address' ),
			'two slashes'      => array( '10.0.0.0/8/8', 'more than one' ),
			'prefix text'      => array( '10.0.0.0/abc', 'whole number' ),
			'negative prefix'  => array( '10.0.0.0/-1', 'whole number' ),
			'mapped prefix 64' => array( '::ffff:10.0.0.0/64', '/96 to /128' ),
			'script tag'       => array( '<script>', 'not a valid' ),
		);
	}

	public function test_contains_v4_and_mapped(): void {
		$cidr = Cidr::parse( '198.51.100.0/24' );
		$this->assertTrue( $cidr->contains( '198.51.100.255' ) );
		$this->assertTrue( $cidr->contains( '::ffff:198.51.100.3' ) );
		$this->assertFalse( $cidr->contains( '198.51.101.0' ) );
		$this->assertFalse( $cidr->contains( '2001:db8::1' ) );
		$this->assertFalse( $cidr->contains( 'garbage' ) );
	}

	public function test_contains_v6_odd_prefix(): void {
		$cidr = Cidr::parse( '2001:db8:abcd:0012::/61' );
		$this->assertSame( '2001:db8:abcd:10::/61', (string) $cidr );
		$this->assertTrue( $cidr->contains( '2001:db8:abcd:17:ffff::1' ) );
		$this->assertFalse( $cidr->contains( '2001:db8:abcd:18::1' ) );
	}

	public function test_ip_normalize_and_subnet(): void {
		$this->assertSame( '192.0.2.1', IpAddress::normalize( '::ffff:192.0.2.1' ) );
		$this->assertSame( '2001:db8::1', IpAddress::normalize( '[2001:0db8::0001]' ) );
		$this->assertSame( 'fe80::1', IpAddress::normalize( 'fe80::1%eth0' ) );
		$this->assertNull( IpAddress::normalize( '1.2.3' ) );
		$this->assertNull( IpAddress::normalize( "1.2.3.4\0" ) );
		$this->assertSame( '203.0.113.0/24', IpAddress::subnet( '203.0.113.99' ) );
		$this->assertSame( '2001:db8:1:2::/64', IpAddress::subnet( '2001:db8:1:2:3:4:5:6' ) );
		$this->assertTrue( IpAddress::is_reserved( '127.0.0.1' ) );
		$this->assertTrue( IpAddress::is_reserved( '10.2.3.4' ) );
		$this->assertTrue( IpAddress::is_reserved( '::1' ) );
		$this->assertFalse( IpAddress::is_reserved( '8.8.8.8' ) );
	}

	public function test_address_list_skips_invalid_entries(): void {
		$list = new AddressList( array( 'nonsense', '10.0.0.0/8', 42, '2001:db8::/32' ) );
		$this->assertTrue( $list->contains( '10.200.0.1' ) );
		$this->assertTrue( $list->contains( '2001:db8:ffff::1' ) );
		$this->assertFalse( $list->contains( '11.0.0.1' ) );
		$this->assertTrue( ( new AddressList( array() ) )->is_empty() );
	}
}
