<?php
/**
 * The Apache rules block: deny xmlrpc.php to everyone but the allowlist (and this host), and
 * to the denylist in every mode but off.
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
	 * Lines for a mode, allowlist and denylist. Block mode denies everyone but the allowlist
	 * (and this host); pingback mode must let apps through to PHP, which then refuses
	 * pingbacks, and monitor mode lets everyone through, so in those modes the block only
	 * refuses the denylist, and with an empty denylist there is no block. Off writes nothing.
	 *
	 * The denylist wins over the allowlist (see Denylist): Apache 2.4 gets a `<RequireAll>` of
	 * the allowed set and `Require not ip` (a negated Require cannot stand alone, hence
	 * "Require all granted" outside block mode); 2.2 gets `Order Allow,Deny`, where a Deny
	 * match refuses even what an Allow matched. With an empty denylist the lines are the ones
	 * earlier versions wrote, so an installed block does not turn "out of sync" on update.
	 *
	 * @param string        $mode   Mode.
	 * @param string[]      $cidrs  Allowlisted ranges (already validated).
	 * @param string[]|null $always Always allowed besides the allowlist (default: loopback).
	 * @param string[]      $denied Denylisted ranges (already validated).
	 * @return string[]
	 */
	public static function render( string $mode, array $cidrs, ?array $always = null, array $denied = array() ): array {
		$denied = array_values( array_unique( array_map( 'strval', $denied ) ) );
		if ( Decider::MODE_OFF === $mode || ( Decider::MODE_BLOCK !== $mode && array() === $denied ) ) {
			return array();
		}
		$allowed = array();
		if ( Decider::MODE_BLOCK === $mode ) {
			$allowed = array_values( array_unique( array_merge( $always ?? self::LOOPBACK, array_map( 'strval', $cidrs ) ) ) );
		}
		$lines = array(
			'# Generated from the XML-RPC Shield settings; change those, not these lines.',
			// (?i): on a case-insensitive filesystem /XMLRPC.PHP runs the same file.
			'<FilesMatch "(?i)^xmlrpc\\.php$">',
			"\t<IfModule mod_authz_core.c>",
		);
		if ( Decider::MODE_BLOCK !== $mode ) {
			$grant = array( 'Require all granted' );
		} elseif ( array() === $allowed ) {
			$grant = array( 'Require all denied' );
		} else {
			$grant = array();
			// Require ip takes many ranges per line; short lines keep the file readable.
			foreach ( array_chunk( $allowed, 8 ) as $chunk ) {
				$grant[] = 'Require ip ' . implode( ' ', $chunk );
			}
		}
		if ( array() === $denied ) {
			foreach ( $grant as $line ) {
				$lines[] = "\t\t" . $line;
			}
		} else {
			if ( Decider::MODE_BLOCK !== $mode ) {
				// "Require all granted" must not lift a restriction the site's own
				// configuration puts on the folder (a staging site kept to one office).
				$lines[] = "\t\tAuthMerging And";
			}
			// A negated Require cannot stand alone: all of (any allowed line) and not denied.
			$lines[] = "\t\t<RequireAll>";
			$nested  = count( $grant ) > 1;
			if ( $nested ) {
				$lines[] = "\t\t\t<RequireAny>";
			}
			foreach ( $grant as $line ) {
				$lines[] = ( $nested ? "\t\t\t\t" : "\t\t\t" ) . $line;
			}
			if ( $nested ) {
				$lines[] = "\t\t\t</RequireAny>";
			}
			foreach ( array_chunk( $denied, 8 ) as $chunk ) {
				$lines[] = "\t\t\tRequire not ip " . implode( ' ', $chunk );
			}
			$lines[] = "\t\t</RequireAll>";
		}
		$lines[] = "\t</IfModule>";
		$lines[] = "\t<IfModule !mod_authz_core.c>";
		if ( array() === $denied ) {
			$lines[] = "\t\tOrder Deny,Allow";
			$lines[] = "\t\tDeny from all";
			foreach ( array_chunk( $allowed, 8 ) as $chunk ) {
				$lines[] = "\t\tAllow from " . implode( ' ', $chunk );
			}
		} else {
			// Allow,Deny: a client must match an Allow and no Deny; no Allow line refuses all.
			$lines[] = "\t\tOrder Allow,Deny";
			foreach ( array_chunk( Decider::MODE_BLOCK === $mode ? $allowed : array( 'all' ), 8 ) as $chunk ) {
				$lines[] = "\t\tAllow from " . implode( ' ', $chunk );
			}
			foreach ( array_chunk( $denied, 8 ) as $chunk ) {
				$lines[] = "\t\tDeny from " . implode( ' ', $chunk );
			}
		}
		$lines[] = "\t</IfModule>";
		$lines[] = '</FilesMatch>';
		if ( Decider::MODE_BLOCK !== $mode ) {
			return $lines;
		}
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
