<?php
/**
 * Reads the XML-RPC method name from the start of a request body without parsing XML.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Gate;

/**
 * A refused request must never reach an XML parser (entity expansion, huge documents), so the
 * method is read with bounded regular expressions over the first bytes of the body.
 *
 * A regex cannot know what core's parser (IXR_Message) will make of a document: an attribute,
 * a comment, a child element, CDATA, a character reference, padding, a second <methodName> (the
 * last one wins) or a <methodCall/> inside another root all change the name core calls. So
 * sniff() names a method only for a body that starts in one strict form and is otherwise
 * UNCERTAIN; the name core parsed is checked again inside WordPress (CallGuard).
 */
final class MethodSniffer {

	/** How many bytes of the body are looked at. */
	const HEAD_BYTES = 8192;

	/** Method name when the body is empty (GET, HEAD, empty POST). */
	const NONE = '';

	/** Logged method name for a body that names no method we will trust, or none core could parse. */
	const MALFORMED = '(malformed)';

	/** What sniff() says of a body whose method only core's parser can tell. Never logged. */
	const UNCERTAIN = '(uncertain)';

	/**
	 * The canonical start of a call: optional BOM and XML declaration (short enough for core to
	 * strip it, with no '?' or markup inside), whitespace, <methodCall> and <methodName> with no
	 * attributes, a plain name, </methodName>. Nothing else: no comment, PI, DOCTYPE, CDATA,
	 * entity or element before or inside the name.
	 */
	const CANONICAL = '~\A(?:\xEF\xBB\xBF)?(?:<\?xml[ \t\r\n][^<>?]{0,80}\?>)?[ \t\r\n]*<methodCall>[ \t\r\n]*<methodName>[ \t\r\n]*([A-Za-z0-9_.:/-]{1,64})[ \t\r\n]*</methodName>~';

	/**
	 * The method name when the body starts in the canonical form, NONE for an empty body,
	 * UNCERTAIN otherwise.
	 *
	 * @param string $head The first bytes of the request body.
	 */
	public static function sniff( string $head ): string {
		$head = substr( $head, 0, self::HEAD_BYTES );
		if ( preg_match( self::CANONICAL, $head, $match ) ) {
			return $match[1];
		}
		// A whitespace-only head shorter than the window is the whole body.
		if ( strlen( $head ) < self::HEAD_BYTES && '' === trim( $head ) ) {
			return self::NONE;
		}
		return self::UNCERTAIN;
	}

	/**
	 * A best guess at the method, for the log of a request refused whatever it names (block
	 * mode). Never used to decide: a guess is what an evasive body is built to fool.
	 *
	 * @param string $head The first bytes of the request body.
	 * @return string The name, NONE, or MALFORMED.
	 */
	public static function guess( string $head ): string {
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
