<?php
/**
 * Unit tests for which networks the firewall export may suggest.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\unit;

use PHPUnit\Framework\TestCase;
use XmlrpcShield\Gate\Cidr;
use XmlrpcShield\Gate\IpAddress;
use XmlrpcShield\Rules\BlockSuggester;

final class BlockSuggesterTest extends TestCase {

	/**
	 * One busy source network per address, as the hit table groups them.
	 *
	 * @param string[] $addresses Client addresses.
	 * @return array<int,array<string,mixed>>
	 */
	private static function rows( array $addresses ): array {
		$rows = array();
		foreach ( $addresses as $address ) {
			$rows[] = array(
				'subnet'    => IpAddress::subnet( $address ),
				'total'     => 500,
				'addresses' => 1,
				'last_seen' => 1700000000,
			);
		}
		return $rows;
	}

	/**
	 * One address inside each special-purpose range of the IANA registries (and multicast).
	 *
	 * @return array<string,array{0:string}>
	 */
	public function special_addresses(): array {
		$addresses = array(
			'0.1.2.3',
			'10.20.30.40',
			'100.64.0.1',
			'100.127.255.254',
			'127.0.0.2',
			'169.254.1.1',
			'172.31.0.9',
			'192.0.0.9',
			'192.0.2.55',
			'192.31.196.1',
			'192.52.193.1',
			'192.88.99.1',
			'192.168.1.1',
			'192.175.48.6',
			'198.18.0.1',
			'198.19.255.1',
			'198.51.100.7',
			'203.0.113.9',
			'224.0.0.251',
			'239.255.255.250',
			'240.0.0.1',
			'255.255.255.255',
			'::',
			'::1',
			'64:ff9b::808:808',
			'64:ff9b:1::1',
			'100::1',
			'2001:0:4136:e378:8000:63bf:3fff:fdd2',
			'2001:2::1',
			'2001:20::1',
			'2001:db8::1',
			'2002:c000:204::1',
			'2620:4f:8000::1',
			'3fff:0:1::1',
			'5f00::1',
			'fc00::1',
			'fd12:3456:789a::1',
			'fe80::1',
			'fec0::1',
			'ff02::1',
			'4000::1',
		);
		return array_combine( $addresses, array_map( static fn( $address ) => array( $address ), $addresses ) );
	}

	/**
	 * @dataProvider special_addresses
	 */
	public function test_special_purpose_sources_are_never_suggested( string $address ): void {
		$this->assertTrue( IpAddress::is_reserved( $address ), $address );
		$this->assertSame( array(), BlockSuggester::select( self::rows( array( $address ) ), 1, 10, array() ) );
	}

	public function test_public_networks_are_suggested_most_hits_first(): void {
		$rows             = self::rows( array( '100.63.255.1', '45.33.32.156', '2a0b:f00:1:2::9', '192.0.1.9', '198.20.0.1', '100.128.0.1' ) );
		$rows[5]['total'] = 40;
		$this->assertSame(
			array( '100.63.255.0/24', '45.33.32.0/24', '2a0b:f00:1:2::/64', '192.0.1.0/24', '198.20.0.0/24' ),
			array_column( BlockSuggester::select( $rows, 100, 10, array() ), 'cidr' ),
			'just outside 100.64.0.0/10, 192.0.0.0/24 and 198.18.0.0/15 is public; below the threshold is not suggested'
		);
		foreach ( array( '8.8.8.8', '100.63.255.255', '100.128.0.0', '2600::1', '2a00:1450::1' ) as $public ) {
			$this->assertFalse( IpAddress::is_reserved( $public ), $public );
		}
	}

	public function test_a_network_that_merely_overlaps_a_special_or_protected_range_is_never_suggested(): void {
		$rows = array(
			array(
				'subnet'    => '100.0.0.0/8',
				'total'     => 900,
				'addresses' => 9,
				'last_seen' => 1,
			),
			array(
				'subnet'    => '2000::/3',
				'total'     => 800,
				'addresses' => 9,
				'last_seen' => 1,
			),
			array(
				'subnet'    => '45.33.32.0/24',
				'total'     => 700,
				'addresses' => 9,
				'last_seen' => 1,
			),
			array(
				'subnet'    => '45.33.33.0/24',
				'total'     => 600,
				'addresses' => 9,
				'last_seen' => 1,
			),
		);
		$kept = BlockSuggester::select( $rows, 1, 10, array( Cidr::parse( '45.33.32.77' ) ) );
		$this->assertSame( array( '45.33.33.0/24' ), array_column( $kept, 'cidr' ) );
	}
}
