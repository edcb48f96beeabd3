<?php
/**
 * Reads the XML-RPC method name from the start of a request body without parsing XML.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Gate;

/**
 * A blocked request must never reach an XML parser (entity expansion, huge documents), so the
 * method is found with one bounded regular expression over the first bytes of the body.
 */
final class MethodSniffer {

	/** How many bytes of the body are looked at. */
	const HEAD_BYTES = 8192;

	/** Method name when the body names none (GET, empty body, not XML-RPC). */
	const NONE = '';

	/** Method name when the body names one we will not trust (odd characters, too long). */
	const MALFORMED = '(malformed)';

	/**
	 * Returns the method name, NONE, or MALFORMED.
	 *
	 * @param string $head The first bytes of the request body.
	 */
	public static function sniff( string $head ): string {
		$head = substr( $head, 0, self::HEAD_BYTES );
		if ( ! preg_match( '~<methodName\s*>(.{0,256}?)</methodName\s*>~is', $head, $match ) ) {
			return self::NONE;
		}
		$name = trim( $match[1] );
		if ( preg_match( '~^<!\[CDATA\[(.*)\]\]>$~s', $name, $cdata ) ) {
			$name = trim( $cdata[1] );
		} elseif ( false !== strpos( $name, '&' ) ) {
			// Character references (pingback&#46;ping) are what an XML parser would see. ENT_XML1
			// knows only the five predefined entities: no DTD, no expansion.
			$name = html_entity_decode( $name, ENT_QUOTES | ENT_XML1, 'UTF-8' );
		}
		if ( ! preg_match( '/^[A-Za-z0-9_.:\/-]{1,64}$/', $name ) ) {
			return self::MALFORMED;
		}
		return $name;
	}
}
