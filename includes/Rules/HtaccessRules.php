<?php
/**
 * The Apache rules block: deny xmlrpc.php to everyone but the allowlist (and this host).
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rules;

use XmlrpcShield\Gate\Decider;

/**
 * Renders lines for between our .htaccess markers. Apache 2.4 reads the `Require` lines;
 * 2.2 (no mod_authz_core) reads the Order/Deny/Allow fallback, as the seed site used.
 */
final class HtaccessRules {

	/** Always allowed: the server's own loopback calls (cron, health checks, the early-gate probe). */
	const LOOPBACK = array( '127.0.0.1', '::1' );

	/**
	 * Lines for a mode and allowlist. Only block mode denies at the server: pingback mode
	 * must let apps through to PHP, which then refuses pingbacks; monitor and off deny nothing.
	 *
	 * @param string        $mode   Mode.
	 * @param string[]      $cidrs  Allowlisted ranges (already validated).
	 * @param string[]|null $always Always allowed besides the allowlist (default: loopback).
	 * @return string[]
	 */
	public static function render( string $mode, array $cidrs, ?array $always = null ): array {
		if ( Decider::MODE_BLOCK !== $mode ) {
			return array();
		}
		$allowed = array_values( array_unique( array_merge( $always ?? self::LOOPBACK, array_map( 'strval', $cidrs ) ) ) );
		if ( array() === $allowed ) {
			$allowed = array( 'all denied' );
		}
		$lines = array(
			'# Generated from the XML-RPC Shield settings; change those, not these lines.',
			// (?i): on a case-insensitive filesystem /XMLRPC.PHP runs the same file.
			'<FilesMatch "(?i)^xmlrpc\\.php$">',
			"\t<IfModule mod_authz_core.c>",
		);
		// Require ip takes many ranges per line; short lines keep the file readable.
		foreach ( array_chunk( $allowed, 8 ) as $chunk ) {
			$lines[] = array( 'all denied' ) === $chunk ? "\t\tRequire all denied" : "\t\tRequire ip " . implode( ' ', $chunk );
		}
		$lines[] = "\t</IfModule>";
		$lines[] = "\t<IfModule !mod_authz_core.c>";
		$lines[] = "\t\tOrder Deny,Allow";
		$lines[] = "\t\tDeny from all";
		foreach ( array_chunk( $allowed, 8 ) as $chunk ) {
			if ( array( 'all denied' ) !== $chunk ) {
				$lines[] = "\t\tAllow from " . implode( ' ', $chunk );
			}
		}
		$lines[] = "\t</IfModule>";
		$lines[] = '</FilesMatch>';
		$lines[] = '<FilesMatch "(?i)^wp-trackback\\.php$">';
		$lines[] = "\t<IfModule mod_authz_core.c>";
		$lines[] = "\t\tRequire all denied";
		$lines[] = "\t</IfModule>";
		$lines[] = "\t<IfModule !mod_authz_core.c>";
		$lines[] = "\t\tOrder Deny,Allow";
		$lines[] = "\t\tDeny from all";
		$lines[] = "\t</IfModule>";
		$lines[] = '</FilesMatch>';
		return $lines;
	}

	/**
	 * Whether the live block says what the settings want (whitespace, blank lines and comments
	 * aside: core's insert_with_markers() adds its own explanation lines).
	 *
	 * @param string[] $current Lines now between the markers.
	 * @param string[] $desired Lines the settings call for.
	 */
	public static function matches( array $current, array $desired ): bool {
		return self::normalize( $current ) === self::normalize( $desired );
	}

	/**
	 * Trimmed lines that are neither empty nor comments.
	 *
	 * @param string[] $lines Lines.
	 * @return string[]
	 */
	private static function normalize( array $lines ): array {
		return array_values(
			array_filter(
				array_map( 'trim', $lines ),
				static function ( $line ) {
					return '' !== $line && '#' !== $line[0];
				}
			)
		);
	}
}
