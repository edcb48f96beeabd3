<?php
/**
 * Finds the auto_prepend_file another firewall set, for the early gate to keep running.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\EarlyGate\Hook;

/**
 * Shared by the .htaccess and .user.ini hooks.
 */
final class PrependChain {

	/**
	 * The last value a pattern finds in $text (the one PHP applies), else ini_get()'s value,
	 * never one of our own gate files.
	 *
	 * @param string   $text    Hook file text outside our block.
	 * @param string   $pattern Regex whose group 2 is the path.
	 * @param string[] $ours    Our gate files (current and earlier paths).
	 */
	public static function find( string $text, string $pattern, array $ours ): string {
		$found = preg_match_all( $pattern, $text, $matches ) ? trim( (string) end( $matches[2] ) ) : '';
		if ( '' === $found ) {
			$found = (string) ini_get( 'auto_prepend_file' );
		}
		foreach ( $ours as $own ) {
			if ( '' === $found || $found === $own || realpath( $found ) === realpath( $own ) ) {
				return '';
			}
		}
		return $found;
	}
}
