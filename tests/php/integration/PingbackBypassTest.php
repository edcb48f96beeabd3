<?php
/**
 * Pingback mode against every body core's XML-RPC parser accepts: a refused method is refused
 * however it is written, an allowed one works however it is written, and the log names what
 * core parsed.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\EarlyGate\Installer;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Gate\MethodSniffer;
use XmlrpcShield\Gate\RequestGate;
use XmlrpcShield\Lifecycle\UsageDetector;
use XmlrpcShield\Settings;

class PingbackBypassTest extends IntegrationTestCase {

	/** Layers that may refuse in pingback mode: a gate when sure, CallGuard otherwise. */
	const REFUSING_LAYERS = array( RequestGate::LAYER_EARLY, RequestGate::LAYER_PLUGIN, RequestGate::LAYER_SERVER );

	/** A harmless call inside a system.multicall: it runs only if the multicall does. */
	const SAY_HELLO = array(
		'methodName' => 'demo.sayHello',
		'params'     => array(),
	);

	protected function setUp(): void {
		parent::setUp();
		Settings::set_mode( Decider::MODE_PINGBACK );
	}

	protected function tearDown(): void {
		Installer::remove();
		parent::tearDown();
	}

	/**
	 * Bodies core's parser (IXR_Message) reads as a call of $name, each written to fool a
	 * regex: $decoy is the name a regex finds first. 'bom' is the exception core refuses.
	 *
	 * @param string $name   Method core calls.
	 * @param string $decoy  Name shown to a regex.
	 * @param string $params The <params> element.
	 * @return array<string,string>
	 */
	private static function variants( string $name, string $decoy, string $params ): array {
		$tail = $params . '</methodCall>';
		$call = '<methodCall><methodName>' . $name . '</methodName>' . $tail;
		return array(
			'canonical'                       => '<?xml version="1.0"?>' . $call,
			'whitespace around the name'      => "<methodCall>\n  <methodName>\n    " . $name . "\r\n  </methodName>" . $tail,
			'attribute on methodName'         => '<methodCall><methodName lang="en">' . $name . '</methodName>' . $tail,
			'default namespace on methodName' => '<methodCall><methodName xmlns="urn:x">' . $name . '</methodName>' . $tail,
			'attribute on methodCall'         => '<methodCall id="1"><methodName>' . $name . '</methodName>' . $tail,
			'decoy in a comment'              => '<methodCall><!-- <methodName>' . $decoy . '</methodName> --><methodName>' . $name . '</methodName>' . $tail,
			'decoy in a processing instr.'    => '<methodCall><?note <methodName>' . $decoy . '</methodName>?><methodName>' . $name . '</methodName>' . $tail,
			'decoy under a prefix'            => '<methodCall xmlns:x="urn:x"><x:methodName>' . $decoy . '</x:methodName><methodName>' . $name . '</methodName>' . $tail,
			'whitespace past 8 KB'            => '<methodCall>' . str_repeat( "\n", MethodSniffer::HEAD_BYTES + 100 ) . '<methodName>' . $name . '</methodName>' . $tail,
			'comment past 8 KB'               => '<methodCall><!--' . str_repeat( 'x', MethodSniffer::HEAD_BYTES + 100 ) . '--><methodName>' . $name . '</methodName>' . $tail,
			'padding before the root'         => '<?xml version="1.0"?>' . str_repeat( ' ', MethodSniffer::HEAD_BYTES + 100 ) . $call,
			'cdata'                           => '<methodCall><methodName><![CDATA[' . $name . ']]></methodName>' . $tail,
			'split cdata'                     => '<methodCall><methodName>' . substr( $name, 0, 3 ) . '<![CDATA[' . substr( $name, 3 ) . ']]></methodName>' . $tail,
			'character references'            => '<methodCall><methodName>' . str_replace( '.', '&#46;', $name ) . '</methodName>' . $tail,
			'comment inside the name'         => '<methodCall><methodName>' . substr( $name, 0, 3 ) . '<!-- -->' . substr( $name, 3 ) . '</methodName>' . $tail,
			'element inside the name'         => '<methodCall><methodName><b>' . $decoy . '</b>' . $name . '</methodName>' . $tail,
			'declaration with encoding'       => '<?xml version="1.0" encoding="ISO-8859-1"?>' . $call,
			'doctype'                         => '<?xml version="1.0"?><!DOCTYPE methodCall SYSTEM "http://example.invalid/x.dtd">' . $call,
			'two methodName, decoy first'     => '<methodCall><methodName>' . $decoy . '</methodName><methodName>' . $name . '</methodName>' . $tail,
			'methodName after the params'     => '<methodCall><methodName>' . $decoy . '</methodName>' . $params . '<methodName>' . $name . '</methodName></methodCall>',
			'inside another root'             => '<methodResponse><methodCall/><methodName>' . $name . '</methodName>' . $params . '</methodResponse>',
			'bom'                             => "\xEF\xBB\xBF" . '<?xml version="1.0"?>' . $call,
		);
	}

	/**
	 * A <params> element for the arguments, encoded by core's own IXR_Value.
	 *
	 * @param array<int,mixed> $args Arguments.
	 */
	private static function params( array $args ): string {
		$xml = '<params>';
		foreach ( $args as $arg ) {
			$xml .= '<param><value>' . ( new \IXR_Value( $arg ) )->getXml() . '</value></param>';
		}
		return $xml . '</params>';
	}

	private static function auth_attempts(): int {
		$file = XS_TEST_SITE_DIR . '/wp-content/xs-auth.log';
		clearstatcache();
		return is_file( $file ) ? count( file( $file ) ) : 0;
	}

	/**
	 * Asserts the response is the plugin's XML-RPC fault from a pingback-mode layer.
	 *
	 * @param array{status:int, headers:array<string,string>, body:string} $response Response.
	 * @param string                                                         $label    Variant.
	 */
	private function assert_refused( array $response, string $label ): void {
		$this->assertStringContainsString( '<int>405</int>', $response['body'], $label . ': ' . substr( $response['body'], 0, 300 ) );
		$this->assertStringContainsString( 'This XML-RPC method is disabled on this site.', $response['body'], $label );
		$this->assertContains( $response['headers']['x-xmlrpc-shield'] ?? '', self::REFUSING_LAYERS, $label );
	}

	public function test_system_multicall_is_refused_however_it_is_written_and_runs_nothing(): void {
		list( $source, $target ) = self::linked_posts();
		$params                  = self::params(
			array(
				array(
					self::SAY_HELLO,
					array(
						'methodName' => 'wp.getUsersBlogs',
						'params'     => array( 'admin', 'wrong-password' ),
					),
					array(
						'methodName' => 'pingback.ping',
						'params'     => array( get_permalink( $source ), get_permalink( $target ) ),
					),
				),
			)
		);
		$variants = self::variants( 'system.multicall', 'demo.sayHello', $params );
		$auth     = self::auth_attempts();
		$layers   = array();
		foreach ( $variants as $label => $body ) {
			$response = self::post_xmlrpc( $body );
			$this->assert_refused( $response, $label );
			$this->assertStringNotContainsString( 'Hello!', $response['body'], $label . ': the nested call ran' );
			$this->assertSame( $auth, self::auth_attempts(), $label . ': the nested login ran' );
			$layers[ $label ] = $response['headers']['x-xmlrpc-shield'];
		}
		$this->assertSame( 0, self::pingback_count( $target ), 'the nested pingback ran' );
		// The gate refuses the bodies it is sure of before plugins load; CallGuard the rest.
		$this->assertSame( 'plugin', $layers['canonical'] );
		$this->assertSame( 'plugin', $layers['whitespace around the name'] );
		$this->assertSame( 'xmlrpc-server', $layers['attribute on methodName'] );
		$rows = self::ingest_and_fetch_rows();
		$this->assertSame( count( $variants ), self::sum_hits( $rows, 'blocked' ) );
		$this->assertSame( array( 'system.multicall' ), array_values( array_unique( array_column( $rows, 'method' ) ) ) );
	}

	public function test_pingback_methods_are_refused_however_they_are_written(): void {
		list( $source, $target ) = self::linked_posts();
		$calls                   = array(
			'pingback.ping'                    => self::params( array( get_permalink( $source ), get_permalink( $target ) ) ),
			'pingback.extensions.getPingbacks' => self::params( array( get_permalink( $target ) ) ),
		);
		foreach ( $calls as $method => $params ) {
			foreach ( self::variants( $method, 'demo.sayHello', $params ) as $label => $body ) {
				$this->assert_refused( self::post_xmlrpc( $body ), $method . ', ' . $label );
			}
		}
		$this->assertSame( 0, self::pingback_count( $target ) );
	}

	public function test_allowed_methods_work_however_they_are_written(): void {
		$login = 'xs_app_' . wp_generate_password( 6, false );
		$pass  = wp_generate_password( 20, false );
		$this->assertIsInt(
			wp_insert_user(
				array(
					'user_login' => $login,
					'user_pass'  => $pass,
					'user_email' => $login . '@example.com',
					'role'       => 'editor',
				)
			)
		);
		$calls = array(
			'demo.sayHello'    => array( self::params( array() ), '<string>Hello!</string>' ),
			'wp.getUsersBlogs' => array( self::params( array( $login, $pass ) ), '<name>blogName</name>' ),
		);
		$count = 0;
		foreach ( $calls as $method => $call ) {
			// The decoy is an allowed name too: a refused one first in a canonical body is refused.
			foreach ( self::variants( $method, 'demo.addTwoNumbers', $call[0] ) as $label => $body ) {
				if ( 'bom' === $label ) {
					continue; // Core's parser refuses a byte order mark.
				}
				$response = self::post_xmlrpc( $body );
				$this->assertStringContainsString( $call[1], $response['body'], $method . ', ' . $label . ': ' . substr( $response['body'], 0, 300 ) );
				++$count;
			}
		}
		$rows = self::ingest_and_fetch_rows();
		$this->assertSame( $count, self::sum_hits( $rows, 'allowed' ), 'each call logged once' );
		$this->assertEqualsCanonicalizing( array_keys( $calls ), array_values( array_unique( array_column( $rows, 'method' ) ) ) );
	}

	public function test_monitor_mode_logs_the_method_core_parsed(): void {
		Settings::set_mode( Decider::MODE_MONITOR );
		$params   = self::params(
			array(
				array(
					self::SAY_HELLO,
				),
			)
		);
		$variants = self::variants( 'system.multicall', 'demo.sayHello', $params );
		foreach ( array( 'decoy in a comment', 'two methodName, decoy first', 'attribute on methodName' ) as $label ) {
			$this->assertStringContainsString( 'Hello!', self::post_xmlrpc( $variants[ $label ] )['body'], 'monitor mode runs it: ' . $label );
		}
		// Bodies core cannot read as a call are logged as such, once.
		self::post_xmlrpc( '<methodCall><methodName>demo.sayHello</methodName><params>' );
		self::post_xmlrpc( '' );
		$rows    = self::ingest_and_fetch_rows();
		$methods = array();
		foreach ( $rows as $row ) {
			$methods[ $row['method'] ] = ( $methods[ $row['method'] ] ?? 0 ) + (int) $row['hits'];
			$this->assertSame( 'logged', $row['outcome'] );
		}
		ksort( $methods );
		$this->assertSame(
			array(
				MethodSniffer::MALFORMED => 2,
				'system.multicall'       => 3,
			),
			$methods,
			'one row per request, with the name core parsed, not the decoy or the sub-calls'
		);
	}

	public function test_first_mode_detection_counts_the_method_core_parsed(): void {
		Settings::set_mode( Decider::MODE_MONITOR );
		// A publishing-call decoy in front of a harmless call is not app use.
		self::post_xmlrpc( '<methodCall><!-- <methodName>wp.newPost</methodName> --><methodName>demo.sayHello</methodName><params/></methodCall>' );
		self::ingest_and_fetch_rows();
		$this->assertFalse( UsageDetector::recent_logged_app_calls() );
		// A real publishing call written so that no regex reads it is (with the right password:
		// a failed login is a guess, logged as login_fail, and no sign of app use).
		self::post_xmlrpc( '<methodCall><methodName lang="en">wp.getUsersBlogs</methodName>' . self::params( array( 'admin', 'password' ) ) . '</methodCall>' );
		self::ingest_and_fetch_rows();
		$this->assertTrue( UsageDetector::recent_logged_app_calls() );
	}

	public function test_early_gate_refuses_what_it_is_sure_of_and_passes_the_rest_to_wordpress(): void {
		$report = Installer::install( 'mu-plugin' );
		$this->assertTrue( $report['ok'], $report['message'] );
		$multicall = self::variants( 'system.multicall', 'demo.sayHello', self::params( array( array() ) ) );
		foreach ( array( self::PINGBACK_BODY, $multicall['canonical'] ) as $body ) {
			$response = self::post_xmlrpc( $body );
			$this->assert_refused( $response, 'certain' );
			$this->assertSame( 'early-gate', $response['headers']['x-xmlrpc-shield'] ?? '' );
		}
		$uncertain = self::post_xmlrpc( $multicall['attribute on methodName'] );
		$this->assert_refused( $uncertain, 'uncertain' );
		$this->assertSame( 'xmlrpc-server', $uncertain['headers']['x-xmlrpc-shield'] ?? '' );
		$hello = self::post_xmlrpc( '<?xml version="1.0"?><methodCall><methodName>demo.sayHello</methodName><params/></methodCall>' );
		$this->assertStringContainsString( 'Hello!', $hello['body'] );
		$rows = self::ingest_and_fetch_rows();
		$this->assertSame( 3, self::sum_hits( $rows, 'blocked' ), 'each refusal logged once' );
		$this->assertSame( 1, self::sum_hits( $rows, 'allowed' ), 'the pass logged once, not by both layers' );
	}

	public function test_another_plugins_server_class_is_checked_by_the_parsed_name(): void {
		update_option( 'xs_test_other_server_class', 1 );
		$multicall = self::variants( 'system.multicall', 'demo.sayHello', self::params( array( array() ) ) );
		$response  = self::post_xmlrpc( $multicall['decoy in a comment'] );
		$this->assert_refused( $response, 'other server class' );
		$this->assertSame( 'xmlrpc-server', $response['headers']['x-xmlrpc-shield'] ?? '' );
		$hello = self::variants( 'demo.sayHello', 'demo.addTwoNumbers', self::params( array() ) );
		$this->assertStringContainsString( 'Hello!', self::post_xmlrpc( $hello['attribute on methodName'] )['body'] );
		$rows = self::ingest_and_fetch_rows();
		$this->assertSame( 1, self::sum_hits( $rows, 'blocked' ) );
		$this->assertSame( 1, self::sum_hits( $rows, 'allowed' ) );
		$this->assertEqualsCanonicalizing( array( 'system.multicall', 'demo.sayHello' ), array_column( $rows, 'method' ) );
	}
}
