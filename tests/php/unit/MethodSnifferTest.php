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
	 * @dataProvider provide_bodies
	 */
	public function test_sniff( string $body, string $expected ): void {
		$this->assertSame( $expected, MethodSniffer::sniff( $body ) );
	}

	public function provide_bodies(): array {
		return array(
			'plain'            => array( '<?xml version="1.0"?><methodCall><methodName>pingback.ping</methodName></methodCall>', 'pingback.ping' ),
			'whitespace'       => array( "<methodCall>\n <methodName>\n  wp.getUsersBlogs \n</methodName>", 'wp.getUsersBlogs' ),
			'cdata'            => array( '<methodName><![CDATA[system.multicall]]></methodName>', 'system.multicall' ),
			'char reference'   => array( '<methodName>pingback&#46;ping</methodName>', 'pingback.ping' ),
			'hex reference'    => array( '<methodName>pingback&#x2e;ping</methodName>', 'pingback.ping' ),
			'case of tag'      => array( '<METHODNAME>demo.sayHello</METHODNAME>', 'demo.sayHello' ),
			'empty body'       => array( '', MethodSniffer::NONE ),
			'not xml'          => array( 'hello world', MethodSniffer::NONE ),
			'truncated'        => array( '<methodCall><methodName>pingback.pi', MethodSniffer::NONE ),
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
		$this->assertSame( MethodSniffer::MALFORMED, MethodSniffer::sniff( $body ) );
		$this->assertLessThan( 1024 * 1024, memory_get_usage() - $before );
	}
}
