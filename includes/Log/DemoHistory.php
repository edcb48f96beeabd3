<?php
/**
 * A week of made-up attack history for demos (the Playground blueprint) and screenshots.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Log;

use XmlrpcShield\Gate\IpAddress;

/**
 * Writes aggregated rows shaped like the seed incident: a pingback flood from one /24, a
 * multicall login spray from an IPv6 /64, scattered scanners, and the owner's own allowed
 * app traffic. Documentation ranges only (RFC 5737 / RFC 3849), never real addresses.
 */
final class DemoHistory {

	/**
	 * Adds the history ending at $now. Deterministic for a given $now.
	 *
	 * @param int $now Current time.
	 * @return int Hits written.
	 */
	public static function seed( int $now ): int {
		$random = 7;
		$next   = static function ( int $max ) use ( &$random ): int {
			// A tiny LCG: the same demo on every run, independent of mt_rand's global state.
			$random = ( $random * 1103515245 + 12345 ) % 2147483648;
			return ( $random >> 16 ) % $max; // The low bits of a power-of-two LCG cycle fast.
		};
		$rows   = array();
		$hour   = $now - ( $now % HOUR_IN_SECONDS );
		for ( $h = 167; $h >= 0; $h-- ) {
			$bucket = $hour - $h * HOUR_IN_SECONDS;
			// The flood: a /24 hammering pingback.ping for most of the last three days.
			if ( $h < 72 && 0 !== $h % 9 ) {
				for ( $host = 10; $host < 26; $host++ ) {
					$rows[] = self::row( $bucket, '203.0.113.' . $host, 'pingback.ping', 'blocked', 40 + $next( 160 ), 'Mozilla/5.0 (compatible; pingback)' );
				}
			}
			// A login spray over system.multicall from one IPv6 /64, in short bursts.
			if ( 0 === $h % 6 ) {
				$rows[] = self::row( $bucket, '2001:db8:ab::' . dechex( 16 + $next( 200 ) ), 'system.multicall', 'blocked', 20 + $next( 90 ), 'python-requests/2.31' );
			}
			// Scanners probing the method list.
			if ( 0 === $next( 3 ) ) {
				$rows[] = self::row( $bucket, '198.51.100.' . ( 1 + $next( 250 ) ), 'system.listMethods', 'blocked', 1 + $next( 6 ), 'curl/8.5' );
			}
			// The owner's mobile app, allowlisted.
			if ( $h % 24 > 7 && $h % 24 < 22 && 0 === $next( 2 ) ) {
				$rows[] = self::row( $bucket, '192.0.2.44', 'wp.getUsersBlogs', 'allowed', 1 + $next( 4 ), 'wp-iphone/24.1' );
			}
		}
		if ( ! HitTable::add_counts( $rows ) ) {
			return 0;
		}
		return (int) array_sum( array_column( $rows, 'hits' ) );
	}

	/**
	 * One aggregated row.
	 *
	 * @param int    $bucket  Time bucket.
	 * @param string $ip      Address.
	 * @param string $method  XML-RPC method.
	 * @param string $outcome Outcome.
	 * @param int    $hits    Count.
	 * @param string $agent   User agent.
	 * @return array{bucket:int,ip:string,subnet:string,method:string,outcome:string,hits:int,user_agent:string}
	 */
	private static function row( int $bucket, string $ip, string $method, string $outcome, int $hits, string $agent ): array {
		return array(
			'bucket'     => $bucket,
			'ip'         => $ip,
			'subnet'     => IpAddress::subnet( $ip ),
			'method'     => $method,
			'outcome'    => $outcome,
			'hits'       => $hits,
			'user_agent' => $agent,
		);
	}
}
