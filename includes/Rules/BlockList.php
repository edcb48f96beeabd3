<?php
/**
 * Which networks an export blocks: the owner's denylist and the flood's networks from the hit
 * log, one place for REST (`/export`) and WP-CLI (`export`) alike; FirewallFormat renders them.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rules;

use XmlrpcShield\Allowlist;
use XmlrpcShield\Denylist;
use XmlrpcShield\Gate\Cidr;
use XmlrpcShield\Log\HitQuery;
use XmlrpcShield\Settings;
use XmlrpcShield\TrustedProxyList;

/**
 * Selects the networks to block (the owner's denylist, then the log's suggested networks for a
 * range and threshold) and returns them with their rendering in a firewall format.
 * A read: it never ingests (WP-CLI's export ingests first; REST callers use POST /log/ingest).
 */
final class BlockList {

	const DEFAULT_THRESHOLD = 100;

	/** What a network in the export comes from: the owner's denylist, or the flood in the log. */
	const SOURCES = array( 'denylist', 'flood' );

	/**
	 * Builds an export.
	 *
	 * @param string $format    One of FirewallFormat::FORMATS.
	 * @param string $range     One of HitQuery::RANGES.
	 * @param int    $threshold Minimum blocked hits per network.
	 * @return array{format:string,range:string,threshold:int,file_name:string,networks:array<int,array{cidr:string,hits:int,addresses:int,last_seen:int,source:string}>,content:string}
	 */
	public static function build( string $format, string $range, int $threshold ): array {
		list( $from, $to ) = HitQuery::window( $range, time() );
		$denied            = self::denied();
		$networks          = array();
		foreach ( $denied as $cidr ) {
			$networks[] = array(
				'cidr'      => $cidr,
				'hits'      => 0,
				'addresses' => 0,
				'last_seen' => 0,
				'source'    => 'denylist',
			);
		}
		$flood = array();
		foreach ( BlockSuggester::suggest( $from, $to, $threshold ) as $network ) {
			// A flood's network a denylist entry already holds whole is in the export once.
			if ( ! self::covered( $network['cidr'], $denied ) ) {
				$flood[]    = $network['cidr'];
				$networks[] = $network + array( 'source' => 'flood' );
			}
		}
		return array(
			'format'    => $format,
			'range'     => $range,
			'threshold' => $threshold,
			'file_name' => FirewallFormat::file_name( $format ),
			'networks'  => $networks,
			'content'   => FirewallFormat::render( $format, $flood, array_merge( Allowlist::cidrs(), TrustedProxyList::cidrs() ), $denied ),
		);
	}

	/**
	 * The denylist entries a firewall may hold: never one Denylist::refusal() would refuse
	 * today (this server, loopback, a private network, a trusted proxy), even if stored before
	 * that became true (a proxy trusted since, an address the server took, an earlier version).
	 *
	 * @return string[]
	 */
	public static function denied(): array {
		$out = array();
		foreach ( Denylist::cidrs() as $text ) {
			$cidr = Cidr::try_parse( $text );
			if ( null !== $cidr && null === Denylist::refusal( $cidr ) ) {
				$out[] = (string) $cidr;
			}
		}
		return $out;
	}

	/**
	 * Whether one of the ranges holds the network whole.
	 *
	 * @param string   $network CIDR.
	 * @param string[] $ranges  CIDRs.
	 */
	private static function covered( string $network, array $ranges ): bool {
		$cidr = Cidr::try_parse( $network );
		foreach ( $ranges as $range ) {
			if ( null !== $cidr && Cidr::parse( $range )->covers( $cidr ) ) {
				return true;
			}
		}
		return false;
	}
}
