<?php
/**
 * One place that turns the hit log into an export, for REST and WP-CLI alike.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rules;

use XmlrpcShield\Allowlist;
use XmlrpcShield\Log\HitQuery;
use XmlrpcShield\Settings;
use XmlrpcShield\TrustedProxyList;

/**
 * Suggested networks for a range and threshold, rendered in a format. A read: it never ingests
 * (WP-CLI's export ingests first; REST callers use POST /log/ingest).
 */
final class Exporter {

	const DEFAULT_THRESHOLD = 100;

	/**
	 * Builds an export.
	 *
	 * @param string $format    One of FirewallExport::FORMATS.
	 * @param string $range     One of HitQuery::RANGES.
	 * @param int    $threshold Minimum blocked hits per network.
	 * @return array{format:string,range:string,threshold:int,file_name:string,networks:array<int,array{cidr:string,hits:int,addresses:int,last_seen:int}>,content:string}
	 */
	public static function build( string $format, string $range, int $threshold ): array {
		list( $from, $to ) = HitQuery::window( $range, time() );
		$networks          = BlockSuggester::suggest( $from, $to, $threshold );
		return array(
			'format'    => $format,
			'range'     => $range,
			'threshold' => $threshold,
			'file_name' => FirewallExport::file_name( $format ),
			'networks'  => $networks,
			'content'   => FirewallExport::render( $format, array_column( $networks, 'cidr' ), array_merge( Allowlist::cidrs(), TrustedProxyList::cidrs() ) ),
		);
	}
}
