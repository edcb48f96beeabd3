<?php
/**
 * Unit tests for the bounded method sniffer.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\unit;

use PHPUnit\Framework\TestCase;
use XmlrpcShield\Gate\MethodSniffer;

final class MethodSnifferTest extends TestCase {

	/**
	 * @dataProvider provide_certain_bodies
	 */
	public function test_sniff_names_the_method_of_a_canonical_body( string $body, string $expected ): void {
		$this->assertSame( $expected, MethodSniffer::sniff( $body ) );
	}

	public function provide_certain_bodies(): array {
		return array(
			'plain'                 => array( '<methodCall><methodName>pingback.ping</methodName></methodCall>', 'pingback.ping' ),
			'declaration'           => array( '<?xml version="1.0"?><methodCall><methodName>system.multicall</methodName>', 'system.multicall' ),
			'declaration, encoding' => array( '<?xml version="1.0" encoding="ISO-8859-1"?>' . "\n<methodCall>\n <methodName>demo.sayHello</methodName>", 'demo.sayHello' ),
			'whitespace in name'    => array( "<methodCall>\n <methodName>\n  wp.getUsersBlogs \r\n</methodName>", 'wp.getUsersBlogs' ),
			'bom'                   => array( "\xEF\xBB\xBF<?xml version=\"1.0\"?><methodCall><methodName>pingback.ping</methodName>", 'pingback.ping' ),
			'empty body'            => array( '', MethodSniffer::NONE ),
			'whitespace body'       => array( " \r\n", MethodSniffer::NONE ),
		);
	}

	/**
	 * Every body here is one core's parser reads differently from a regex, or one it alone can
	 * read: the sniffer must not name a method for any of them.
	 *
	 * @dataProvider provide_uncertain_bodies
	 */
	public function test_sniff_is_uncertain_about_anything_else( string $body ): void {
		$this->assertSame( MethodSniffer::UNCERTAIN, MethodSniffer::sniff( $body ) );
	}

	public function provide_uncertain_bodies(): array {
		$name = '<methodName>system.multicall</methodName>';
		return array(
			'attribute on methodName'     => array( '<methodCall><methodName x="1">system.multicall</methodName>' ),
			'attribute on methodCall'     => array( '<methodCall x="1">' . $name ),
			'decoy in a comment'          => array( '<methodCall><!-- <methodName>demo.sayHello</methodName> -->' . $name ),
			'comment in the name'         => array( '<methodCall><methodName>system<!-- x -->.multicall</methodName>' ),
			'padding past the head'       => array( '<methodCall>' . str_repeat( ' ', MethodSniffer::HEAD_BYTES ) . $name ),
			'whitespace-only head'        => array( str_repeat( ' ', MethodSniffer::HEAD_BYTES ) . $name ),
			'cdata'                       => array( '<methodCall><methodName><![CDATA[system.multicall]]></methodName>' ),
			'character reference'         => array( '<methodCall><methodName>system&#46;multicall</methodName>' ),
			'doctype'                     => array( '<!DOCTYPE methodCall><methodCall>' . $name ),
			'processing instruction'      => array( '<methodCall><?pi x?>' . $name ),
			'element in the name'         => array( '<methodCall><methodName><x>demo.sayHello</x>system.multicall</methodName>' ),
			'namespace prefix'            => array( '<methodCall xmlns:x="urn:x"><x:methodName>system.multicall</x:methodName>' ),
			'other root'                  => array( '<methodResponse><methodCall/>' . $name ),
			'tag case'                    => array( '<methodCall><METHODNAME>demo.sayHello</METHODNAME>' ),
			'no methodCall'               => array( $name ),
			'not xml'                     => array( 'hello world' ),
			'truncated'                   => array( '<methodCall><methodName>pingback.pi' ),
			'too long'                    => array( '<methodCall><methodName>' . str_repeat( 'a', 65 ) . '</methodName>' ),
			'odd characters'              => array( '<methodCall><methodName>pingback ping</methodName>' ),
			'long declaration'            => array( '<?xml version="1.0"' . str_repeat( ' ', 100 ) . '?><methodCall>' . $name ),
			'leading whitespace with decl' => array( ' <?xml version="1.0"?><methodCall>' . $name ),
		);
	}

	/**
	 * The guess only feeds block mode's log; it keeps reading what a regex can.
	 *
	 * @dataProvider provide_guesses
	 */
	public function test_guess( string $body, string $expected ): void {
		$this->assertSame( $expected, MethodSniffer::guess( $body ) );
	}

	public function provide_guesses(): array {
		return array(
			'plain'            => array( '<?xml version="1.0"?><methodCall><methodName>pingback.ping</methodName></methodCall>', 'pingback.ping' ),
			'cdata'            => array( '<methodName><![CDATA[system.multicall]]></methodName>', 'system.multicall' ),
			'char reference'   => array( '<methodName>pingback&#46;ping</methodName>', 'pingback.ping' ),
			'hex reference'    => array( '<methodName>pingback&#x2e;ping</methodName>', 'pingback.ping' ),
			'case of tag'      => array( '<METHODNAME>demo.sayHello</METHODNAME>', 'demo.sayHello' ),
			'empty body'       => array( '', MethodSniffer::NONE ),
			'not xml'          => array( 'hello world', MethodSniffer::NONE ),
			'markup inside'    => array( '<methodName><b>x</b></methodName>', MethodSniffer::MALFORMED ),
			'custom entity'    => array( '<!DOCTYPE x [<!ENTITY a "pingback.ping">]><methodName>&a;</methodName>', MethodSniffer::MALFORMED ),
			'non utf8'         => array( "<methodName>\xff\xfe</methodName>", MethodSniffer::MALFORMED ),
			'too long'         => array( '<methodName>' . str_repeat( 'a', 65 ) . '</methodName>', MethodSniffer::MALFORMED ),
			'beyond the head'  => array( str_repeat( ' ', MethodSniffer::HEAD_BYTES ) . '<methodName>pingback.ping</methodName>', MethodSniffer::NONE ),
			'script injection' => array( '<methodName>"><script>alert(1)</script></methodName>', MethodSniffer::MALFORMED ),
		);
	}

	public function test_billion_laughs_is_not_expanded(): void {
		$body = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
			. '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
			. '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
			. '<methodCall><methodName>&lol3;</methodName></methodCall>';
		$before = memory_get_usage();
		$this->assertSame( MethodSniffer::UNCERTAIN, MethodSniffer::sniff( $body ) );
		$this->assertSame( MethodSniffer::MALFORMED, MethodSniffer::guess( $body ) );
		$this->assertLessThan( 1024 * 1024, memory_get_usage() - $before );
	}
}
