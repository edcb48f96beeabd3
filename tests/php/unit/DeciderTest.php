<?php
/**
 * Unit tests for the gate decision and its responses.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\unit;

use PHPUnit\Framework\TestCase;
use XmlrpcShield\Gate\AddressList;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Gate\Decision;
use XmlrpcShield\Gate\Responder;
use XmlrpcShield\Gate\TrustedProxies;

final class DeciderTest extends TestCase {

	private function decide( string $mode, string $body, string $ip = '203.0.113.5', array $allow = array() ): Decision {
		$decider = new Decider( $mode, new AddressList( $allow ), new TrustedProxies( array() ) );
		return $decider->decide_xmlrpc(
			array( 'REMOTE_ADDR' => $ip ),
			static function () use ( $body ) {
				return $body;
			}
		);
	}

	private static function call( string $method ): string {
		return '<methodCall><methodName>' . $method . '</methodName></methodCall>';
	}

	public function test_matrix(): void {
		$cases = array(
			// mode, method, outcome, response.
			array( 'block', 'demo.sayHello', Decision::BLOCKED, Decision::RESPOND_FORBIDDEN ),
			array( 'block', 'pingback.ping', Decision::BLOCKED, Decision::RESPOND_FORBIDDEN ),
			array( 'pingback', 'demo.sayHello', Decision::ALLOWED, Decision::RESPOND_PASS ),
			array( 'pingback', 'pingback.ping', Decision::BLOCKED, Decision::RESPOND_FAULT ),
			array( 'pingback', 'pingback.extensions.getPingbacks', Decision::BLOCKED, Decision::RESPOND_FAULT ),
			array( 'pingback', 'system.multicall', Decision::BLOCKED, Decision::RESPOND_FAULT ),
			array( 'monitor', 'pingback.ping', Decision::LOGGED, Decision::RESPOND_PASS ),
			array( 'off', 'pingback.ping', '', Decision::RESPOND_PASS ),
			array( 'nonsense', 'demo.sayHello', Decision::BLOCKED, Decision::RESPOND_FORBIDDEN ),
		);
		foreach ( $cases as $case ) {
			$decision = $this->decide( $case[0], self::call( $case[1] ) );
			$this->assertSame( $case[2], $decision->outcome, implode( ' ', $case ) );
			$this->assertSame( $case[3], $decision->response, implode( ' ', $case ) );
		}
	}

	public function test_a_denied_client_is_refused_in_every_mode_but_off_even_inside_an_allowlisted_range(): void {
		$allow  = new AddressList( array( '203.0.113.0/24' ) );
		$deny   = new AddressList( array( '203.0.113.5', '2a0b:f00:1::/64' ) );
		$server = static function ( string $ip ): array {
			return array(
				'REMOTE_ADDR'    => $ip,
				'REQUEST_METHOD' => 'POST',
			);
		};
		$body   = static function (): string {
			return self::call( 'demo.sayHello' );
		};
		foreach ( array( 'block', 'pingback', 'monitor' ) as $mode ) {
			// A verified Jetpack signature does not outrank an explicit deny either.
			$decider = new Decider( $mode, $allow, new TrustedProxies( array() ), true, $deny );
			foreach ( array( '203.0.113.5', '::ffff:203.0.113.5', '2a0b:f00:1::9' ) as $ip ) {
				$decision = $decider->decide_xmlrpc( $server( $ip ), $body );
				$this->assertSame( Decision::BLOCKED, $decision->outcome, "{$mode} {$ip}" );
				$this->assertSame( Decision::RESPOND_FORBIDDEN, $decision->response, "{$mode} {$ip}: no XML-RPC at all, not a fault" );
				$this->assertTrue( $decision->is_recorded_by_gate(), "{$mode} {$ip}" );
				$this->assertTrue( $decider->decide_parsed_call( $server( $ip ), 'demo.sayHello' )->refuses(), "{$mode} {$ip}: CallGuard agrees" );
			}
			// The rest of the allowlisted range still passes.
			$this->assertFalse( $decider->decide_xmlrpc( $server( '203.0.113.6' ), $body )->refuses(), $mode );
		}
		$off = new Decider( 'off', $allow, new TrustedProxies( array() ), false, $deny );
		$this->assertFalse( $off->decide_xmlrpc( $server( '203.0.113.5' ), $body )->refuses(), 'off means off' );
	}

	public function test_the_denylist_names_the_client_through_trusted_proxies(): void {
		$decider = new Decider( 'monitor', new AddressList( array() ), new TrustedProxies( array( '192.0.2.10' ) ), false, new AddressList( array( '198.51.100.7' ) ) );
		$body    = static function (): string {
			return self::call( 'demo.sayHello' );
		};
		$via_proxy = array(
			'REMOTE_ADDR'          => '192.0.2.10',
			'HTTP_X_FORWARDED_FOR' => '198.51.100.7',
		);
		$this->assertTrue( $decider->decide_xmlrpc( $via_proxy, $body )->refuses(), 'the client the trusted proxy names is denied' );
		$spoofed = array(
			'REMOTE_ADDR'          => '203.0.113.9',
			'HTTP_X_FORWARDED_FOR' => '198.51.100.7',
		);
		$this->assertFalse( $decider->decide_xmlrpc( $spoofed, $body )->refuses(), 'a header from an untrusted peer names nobody' );
	}

	public function test_pingback_mode_refuses_early_only_what_it_is_sure_of(): void {
		// An attribute on <methodName>: core calls system.multicall, a regex cannot be sure.
		$evasive  = $this->decide( 'pingback', '<methodCall><methodName x="1">system.multicall</methodName></methodCall>' );
		$this->assertFalse( $evasive->refuses(), 'uncertain: passed on to the check inside WordPress' );
		$this->assertSame( Decision::ALLOWED, $evasive->outcome );
		$this->assertTrue( $evasive->recorded_by_server, 'logged there, with the name core parsed' );
		$this->assertFalse( $evasive->is_recorded_by_gate() );

		$certain = $this->decide( 'pingback', self::call( 'system.multicall' ) );
		$this->assertSame( Decision::RESPOND_FAULT, $certain->response );
		$this->assertTrue( $certain->is_recorded_by_gate(), 'a refusal is logged where it happens' );
	}

	public function test_parsed_call_is_refused_whatever_the_body_looked_like(): void {
		$decider = new Decider( 'pingback', new AddressList( array() ), new TrustedProxies( array() ) );
		foreach ( Decider::REFUSED_IN_PINGBACK_MODE as $method ) {
			$decision = $decider->decide_parsed_call( array( 'REMOTE_ADDR' => '203.0.113.5' ), $method );
			$this->assertSame( Decision::RESPOND_FAULT, $decision->response, $method );
			$this->assertSame( $method, $decision->method );
		}
		$this->assertFalse( $decider->decide_parsed_call( array( 'REMOTE_ADDR' => '203.0.113.5' ), 'demo.sayHello' )->refuses() );
		$monitor = new Decider( 'monitor', new AddressList( array() ), new TrustedProxies( array() ) );
		$logged  = $monitor->decide_parsed_call( array( 'REMOTE_ADDR' => '203.0.113.5' ), 'system.multicall' );
		$this->assertSame( Decision::LOGGED, $logged->outcome );
		$this->assertSame( 'system.multicall', $logged->method );
	}

	public function test_passing_posts_are_logged_by_the_server_and_the_rest_by_the_gate(): void {
		$decider = new Decider( 'monitor', new AddressList( array() ), new TrustedProxies( array() ) );
		$read    = static function () {
			return self::call( 'demo.sayHello' );
		};
		$post    = $decider->decide_xmlrpc( array( 'REMOTE_ADDR' => '203.0.113.5', 'REQUEST_METHOD' => 'POST' ), $read );
		$this->assertFalse( $post->is_recorded_by_gate() );
		$get = $decider->decide_xmlrpc( array( 'REMOTE_ADDR' => '203.0.113.5', 'REQUEST_METHOD' => 'GET' ), $read );
		$this->assertTrue( $get->is_recorded_by_gate(), 'core calls nothing for a GET' );
	}

	public function test_block_mode_logs_its_best_guess_for_an_uncertain_body(): void {
		$decision = $this->decide( 'block', '<methodCall><!-- c --><methodName>system.multicall</methodName></methodCall>' );
		$this->assertSame( Decision::RESPOND_FORBIDDEN, $decision->response );
		$this->assertSame( 'system.multicall', $decision->method );
		$this->assertTrue( $decision->is_recorded_by_gate() );
	}

	public function test_allowlisted_client_passes_every_mode(): void {
		foreach ( array( 'block', 'pingback', 'monitor' ) as $mode ) {
			$decision = $this->decide( $mode, self::call( 'pingback.ping' ), '192.0.2.10', array( '192.0.2.0/24' ) );
			$this->assertSame( Decision::ALLOWED, $decision->outcome, $mode );
			$this->assertFalse( $decision->refuses(), $mode );
		}
	}

	public function test_body_is_not_read_in_off_mode(): void {
		$decider = new Decider( 'off', new AddressList( array() ), new TrustedProxies( array() ) );
		$decider->decide_xmlrpc(
			array( 'REMOTE_ADDR' => '1.2.3.4' ),
			function () {
				$this->fail( 'body read in off mode' );
			}
		);
		$this->assertTrue( true === true );
	}

	public function test_trackback_refused_unless_off(): void {
		$decider = new Decider( 'monitor', new AddressList( array( '192.0.2.0/24' ) ), new TrustedProxies( array() ) );
		$this->assertSame( Decision::RESPOND_TRACKBACK, $decider->decide_trackback( array( 'REMOTE_ADDR' => '192.0.2.1' ) )->response );
		$off = new Decider( 'off', new AddressList( array() ), new TrustedProxies( array() ) );
		$this->assertFalse( $off->decide_trackback( array( 'REMOTE_ADDR' => '192.0.2.1' ) )->refuses() );
	}

	public function test_target_from_script_filename(): void {
		$this->assertSame( 'xmlrpc', Decider::target( array( 'SCRIPT_FILENAME' => '/var/www/xmlrpc.php' ) ) );
		$this->assertSame( 'trackback', Decider::target( array( 'SCRIPT_FILENAME' => '/var/www/wp-trackback.php' ) ) );
		$this->assertSame( '', Decider::target( array( 'SCRIPT_FILENAME' => '/var/www/index.php' ) ) );
		$this->assertSame( '', Decider::target( array() ) );
	}

	public function test_target_ignores_case_as_a_case_insensitive_filesystem_does(): void {
		foreach ( array( 'XMLRPC.PHP', 'XmlRpc.php', 'xmlrpc.PHP' ) as $name ) {
			$this->assertSame( 'xmlrpc', Decider::target( array( 'SCRIPT_FILENAME' => 'C:/inetpub/wwwroot/' . $name ) ), $name );
		}
		$this->assertSame( 'trackback', Decider::target( array( 'SCRIPT_FILENAME' => '/Volumes/Site/WP-TRACKBACK.PHP' ) ) );
		$this->assertSame( '', Decider::target( array( 'SCRIPT_FILENAME' => '/var/www/xmlrpc.php.bak' ) ) );
	}

	public function test_responses_are_well_formed(): void {
		$fault = Responder::render( Decision::RESPOND_FAULT );
		$this->assertSame( 200, $fault['status'] );
		$xml = simplexml_load_string( $fault['body'] );
		$this->assertNotFalse( $xml );
		$this->assertSame( '405', (string) $xml->fault->value->struct->member[0]->value->int );
		$forbidden = Responder::render( Decision::RESPOND_FORBIDDEN );
		$this->assertSame( 403, $forbidden['status'] );
		$this->assertLessThan( 64, strlen( $forbidden['body'] ) );
		$trackback = Responder::render( Decision::RESPOND_TRACKBACK );
		$this->assertSame( 403, $trackback['status'] );
		$this->assertNotFalse( simplexml_load_string( $trackback['body'] ) );
	}
}
