<?php
/**
 * Which networks the denylist refuses and Top offenders marks: the pure part of Denylist.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\unit;

use PHPUnit\Framework\TestCase;
use XmlrpcShield\Denylist;
use XmlrpcShield\Gate\Cidr;
use XmlrpcShield\Gate\IpAddress;

final class DenylistKindsTest extends TestCase {

	public function test_private_networks_are_special_purpose_ranges_from_the_one_list(): void {
		foreach ( Denylist::PRIVATE_NETWORKS as $network ) {
			$this->assertContains( $network, IpAddress::SPECIAL_PURPOSE, $network );
		}
		foreach ( Denylist::LOOPBACK as $network ) {
			$this->assertContains( $network, IpAddress::SPECIAL_PURPOSE, $network );
		}
	}

	public function test_each_range_gets_its_kind(): void {
		$cases = array(
			'127.0.0.5'        => 'loopback',
			'::1'              => 'loopback',
			'::ffff:127.0.0.1' => 'loopback',
			'120.0.0.0/5'      => 'loopback',
			'93.184.217.10'    => 'this-server',
			'93.184.217.0/24'  => 'this-server',
			'10.0.0.0/24'      => 'private',
			'100.100.1.1'      => 'private',
			'192.168.1.0/24'   => 'private',
			'fd12::1'          => 'private',
			'fe80::1'          => 'private',
			'203.0.113.0/24'   => '',
			'93.184.216.34'    => '',
			'2a0b:f00:1::/64'  => '',
		);
		foreach ( $cases as $range => $kind ) {
			$this->assertSame( $kind, Denylist::reserved_kind( Cidr::parse( $range ), array( '93.184.217.10' ) ), $range );
			$this->assertContains( $kind, Denylist::RESERVED_KINDS );
		}
	}
}
