<?php
/**
 * Which networks to drop at the firewall, from the hit log.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rules;

use XmlrpcShield\Allowlist;
use XmlrpcShield\Gate\Cidr;
use XmlrpcShield\Gate\IpAddress;
use XmlrpcShield\Log\HitTable;
use XmlrpcShield\Settings;
use XmlrpcShield\TrustedProxyList;

/**
 * Aggregates blocked hits to IPv4 /24 and IPv6 /64 (the unit one attacker usually holds, and
 * the seed site's firewall rule) and keeps those at or above a threshold. Never suggests a
 * network that touches a special-purpose range (IpAddress::SPECIAL_PURPOSE: private,
 * carrier-grade NAT, loopback, documentation…), an allowlisted range, a trusted proxy, or
 * this server.
 */
final class BlockSuggester {

	/**
	 * Suggested networks, most hits first.
	 *
	 * @param int $from      Window start.
	 * @param int $to        Window end (exclusive).
	 * @param int $threshold Minimum blocked hits in the window.
	 * @param int $limit     Most networks.
	 * @return array<int,array{cidr:string,hits:int,addresses:int,last_seen:int}>
	 */
	public static function suggest( int $from, int $to, int $threshold, int $limit = 500 ): array {
		global $wpdb;
		$table = HitTable::name();
		// No HAVING: the SQLite translator rewrites it wrongly; the threshold is applied below.
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT subnet, SUM(hits) AS total, COUNT(DISTINCT ip) AS addresses, MAX(bucket) AS last_seen FROM {$table} WHERE outcome = %s AND bucket >= %d AND bucket < %d GROUP BY subnet ORDER BY total DESC, subnet ASC LIMIT %d", 'blocked', $from, $to, $limit * 4 ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery
		return self::select( (array) $rows, $threshold, $limit, self::protected_ranges() );
	}

	/**
	 * The pure part of suggest(): rows (most hits first) at or above the threshold whose
	 * network is neither special-purpose nor overlapping a protected range.
	 *
	 * @param array<int,array<string,mixed>> $rows      Rows with subnet, total, addresses, last_seen.
	 * @param int                            $threshold Minimum blocked hits.
	 * @param int                            $limit     Most networks.
	 * @param Cidr[]                         $keep      Protected ranges.
	 * @return array<int,array{cidr:string,hits:int,addresses:int,last_seen:int}>
	 */
	public static function select( array $rows, int $threshold, int $limit, array $keep ): array {
		$out = array();
		foreach ( $rows as $row ) {
			if ( (int) $row['total'] < max( 1, $threshold ) ) {
				break;
			}
			$cidr = Cidr::try_parse( (string) $row['subnet'] );
			if ( null === $cidr || self::is_protected( $cidr, $keep ) ) {
				continue;
			}
			$out[] = array(
				'cidr'      => (string) $cidr,
				'hits'      => (int) $row['total'],
				'addresses' => (int) $row['addresses'],
				'last_seen' => (int) $row['last_seen'],
			);
			if ( count( $out ) >= $limit ) {
				break;
			}
		}
		return $out;
	}

	/**
	 * Whether a network may be blocked today: the same test suggest() applies, for a network
	 * chosen earlier (CrowdSec withdraws a decision it pushed for a network since allowlisted).
	 *
	 * @param string $cidr Network.
	 */
	public static function is_blockable( string $cidr ): bool {
		$network = Cidr::try_parse( $cidr );
		return null !== $network && ! self::is_protected( $network, self::protected_ranges() );
	}

	/**
	 * Ranges a suggestion must not touch: allowlist, trusted proxies and this server.
	 *
	 * @return Cidr[]
	 */
	private static function protected_ranges(): array {
		$ranges = array();
		foreach ( array_merge( Allowlist::cidrs(), TrustedProxyList::cidrs(), Allowlist::server_addresses() ) as $text ) {
			$cidr = Cidr::try_parse( (string) $text );
			if ( null !== $cidr ) {
				$ranges[] = $cidr;
			}
		}
		return $ranges;
	}

	/**
	 * Whether the network touches a special-purpose range or a protected one.
	 *
	 * @param Cidr   $network   Candidate.
	 * @param Cidr[] $protected Protected ranges.
	 */
	private static function is_protected( Cidr $network, array $protected ): bool {
		if ( IpAddress::is_special_purpose( $network ) ) {
			return true;
		}
		foreach ( $protected as $range ) {
			if ( $range->overlaps( $network ) ) {
				return true;
			}
		}
		return false;
	}
}
