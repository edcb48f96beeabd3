<?php
/**
 * The lists of ranges the plugin ships under data/ (Cloudflare's edge, Jetpack's servers).
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield;

use XmlrpcShield\Gate\Cidr;

/**
 * Reads a shipped list. Both `Settings` (the Cloudflare trusted-proxy preset and the ranges
 * that set CF-Connecting-IP) and `Allowlist` (the Jetpack preset) use it, so neither depends on
 * the other for it.
 */
final class Presets {

	/** Cloudflare's edge ranges: the trusted-proxy preset and the CF-Connecting-IP setters. */
	const CLOUDFLARE = 'cloudflare-ips.txt';

	/** Jetpack's (WordPress.com's) servers: an allowlist preset. */
	const JETPACK = 'jetpack-ips.txt';

	/**
	 * Reads a shipped list of ranges (data/*.txt: one CIDR per line, # comments; the first
	 * `# Source:` comment names where it came from). Lines that are not a range are skipped.
	 *
	 * @param string $name File name under data/ (one of this class's constants).
	 * @return array{cidrs:string[], source:string}
	 */
	public static function read( string $name ): array {
		$lines  = file( XMLRPC_SHIELD_DIR . '/data/' . $name, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES );
		$cidrs  = array();
		$source = '';
		foreach ( false === $lines ? array() : $lines as $line ) {
			$line = trim( $line );
			if ( '' === $line ) {
				continue;
			}
			if ( '#' === $line[0] ) {
				if ( '' === $source && 0 === stripos( $line, '# Source:' ) ) {
					$source = trim( substr( $line, 9 ) );
				}
				continue;
			}
			$cidr = Cidr::try_parse( $line );
			if ( null !== $cidr ) {
				$cidrs[] = (string) $cidr;
			}
		}
		return array(
			'cidrs'  => $cidrs,
			'source' => $source,
		);
	}
}
