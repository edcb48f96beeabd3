<?php
/**
 * Each mode, over real HTTP with a real XML-RPC client.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Allowlist;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Settings;

class GateModesTest extends IntegrationTestCase {

	public function test_block_mode_refuses_every_call_with_a_plain_403_and_logs_it(): void {
		$client = self::client();
		$this->assertFalse( $client->query( 'demo.sayHello' ) );
		$this->assertStringContainsString( '403', $client->getErrorMessage() );

		$response = self::post_xmlrpc( self::PINGBACK_BODY, array( 'User-Agent' => 'flood/1.0' ) );
		$this->assertSame( 403, $response['status'] );
		$this->assertSame( "XML-RPC is disabled on this site.\n", $response['body'] );
		$this->assertSame( 'plugin', $response['headers']['x-xmlrpc-shield'] ?? '' );
		$this->assertStringStartsWith( 'text/plain', $response['headers']['content-type'] ?? '' );

		$rows = self::ingest_and_fetch_rows();
		$this->assertSame( 2, self::sum_hits( $rows, 'blocked' ) );
		$methods = array_column( $rows, 'method' );
		sort( $methods );
		$this->assertSame( array( 'demo.sayHello', 'pingback.ping' ), $methods );
		$this->assertContains( 'flood/1.0', array_column( $rows, 'user_agent' ) );
		$this->assertSame( '127.0.0.0/24', $rows[0]['subnet'] );
	}

	public function test_block_mode_lets_an_allowlisted_client_through(): void {
		$this->assertIsArray( Allowlist::add( '127.0.0.1', 'test runner' ) );
		$client = self::client();
		$this->assertTrue( $client->query( 'demo.sayHello' ) );
		$this->assertSame( 'Hello!', $client->getResponse() );
		$rows = self::ingest_and_fetch_rows();
		$this->assertSame( 1, self::sum_hits( $rows, 'allowed' ) );
		$this->assertSame( 0, self::sum_hits( $rows, 'blocked' ) );
	}

	public function test_pingback_mode_keeps_xmlrpc_but_faults_pingbacks_and_multicall(): void {
		Settings::set_mode( Decider::MODE_PINGBACK );
		$client = self::client();
		$this->assertTrue( $client->query( 'demo.sayHello' ) );
		$this->assertSame( 'Hello!', $client->getResponse() );

		$this->assertFalse( $client->query( 'pingback.ping', 'http://attacker.example/', XS_TEST_SITE_URL . '/hello-world/' ) );
		$this->assertSame( 405, $client->getErrorCode() );
		$this->assertStringContainsString( 'disabled', $client->getErrorMessage() );

		$this->assertFalse( $client->query( 'system.multicall', array( array( 'methodName' => 'demo.sayHello', 'params' => array() ) ) ) );
		$this->assertSame( 405, $client->getErrorCode() );

		$this->assertFalse( $client->query( 'pingback.extensions.getPingbacks', XS_TEST_SITE_URL . '/hello-world/' ) );
		$this->assertSame( 405, $client->getErrorCode() );

		$rows = self::ingest_and_fetch_rows();
		$this->assertSame( 3, self::sum_hits( $rows, 'blocked' ) );
		$this->assertSame( 1, self::sum_hits( $rows, 'allowed' ) );
	}

	public function test_pingback_mode_refuses_a_method_name_hidden_in_cdata_or_entities(): void {
		Settings::set_mode( Decider::MODE_PINGBACK );
		$cdata = self::post_xmlrpc( '<?xml version="1.0"?><methodCall><methodName><![CDATA[pingback.ping]]></methodName><params/></methodCall>' );
		$this->assertStringContainsString( '<int>405</int>', $cdata['body'] );
		$entity = self::post_xmlrpc( '<?xml version="1.0"?><methodCall><methodName>pingback&#46;ping</methodName><params/></methodCall>' );
		$this->assertStringContainsString( '<int>405</int>', $entity['body'] );
		// Past the sniffer's window the request reaches WordPress, where CallGuard refuses it.
		$padded = self::post_xmlrpc( '<?xml version="1.0"?><methodCall>' . str_repeat( "\n", 9000 ) . '<methodName>pingback.ping</methodName><params/></methodCall>' );
		$this->assertStringContainsString( '<int>405</int>', $padded['body'] );
		$this->assertSame( 'xmlrpc-server', $padded['headers']['x-xmlrpc-shield'] ?? '' );
	}

	public function test_monitor_mode_blocks_nothing_and_logs_everything(): void {
		Settings::set_mode( Decider::MODE_MONITOR );
		$client = self::client();
		$this->assertTrue( $client->query( 'demo.sayHello' ) );
		$this->assertSame( 'Hello!', $client->getResponse() );
		// Pingbacks stay off in every mode but off: core answers that the method does not exist.
		$this->assertFalse( $client->query( 'pingback.ping', 'http://attacker.example/', XS_TEST_SITE_URL . '/hello-world/' ) );
		$this->assertSame( -32601, $client->getErrorCode() );
		$rows = self::ingest_and_fetch_rows();
		$this->assertSame( 2, self::sum_hits( $rows, 'logged' ) );
		$this->assertSame( 0, self::sum_hits( $rows, 'blocked' ) );
	}

	public function test_off_mode_is_inert_and_core_handles_pingbacks(): void {
		Settings::set_mode( Decider::MODE_OFF );
		list( $source, $target ) = self::linked_posts();
		$client                  = self::client();
		$this->assertTrue( $client->query( 'demo.sayHello' ) );
		$ok = $client->query( 'pingback.ping', get_permalink( $source ), get_permalink( $target ) );
		$this->assertTrue( $ok, $ok ? '' : $client->getErrorCode() . ' ' . $client->getErrorMessage() );
		$this->assertSame( 1, self::pingback_count( $target ) );
		$this->assertSame( array(), self::ingest_and_fetch_rows() );
	}

	public function test_core_xmlrpc_enabled_filter_alone_leaves_pingbacks_on(): void {
		// What many "disable XML-RPC" snippets do: it stops methods that log in, not pingbacks.
		Settings::set_mode( Decider::MODE_OFF );
		update_option( 'xs_test_xmlrpc_enabled_false', 1 );
		list( $source, $target ) = self::linked_posts();
		$client                  = self::client();
		$this->assertFalse( $client->query( 'wp.getUsersBlogs', 'admin', 'password' ) );
		$this->assertStringContainsString( '(405)', $client->getErrorMessage(), 'core refuses authenticated methods' );
		$ok = $client->query( 'pingback.ping', get_permalink( $source ), get_permalink( $target ) );
		$this->assertTrue( $ok, $ok ? '' : $client->getErrorCode() . ' ' . $client->getErrorMessage() );
		$this->assertSame( 1, self::pingback_count( $target ) );
	}

	public function test_every_mode_but_off_stops_the_same_pingback(): void {
		foreach ( array( Decider::MODE_BLOCK, Decider::MODE_PINGBACK, Decider::MODE_MONITOR ) as $mode ) {
			Settings::set_mode( $mode );
			list( $source, $target ) = self::linked_posts();
			$this->assertFalse( self::client()->query( 'pingback.ping', get_permalink( $source ), get_permalink( $target ) ), $mode );
			$this->assertSame( 0, self::pingback_count( $target ), $mode );
		}
	}

	public function test_unknown_stored_mode_fails_closed(): void {
		update_option( Settings::MODE, 'garbage' );
		$this->assertSame( 403, self::post_xmlrpc( self::PINGBACK_BODY )['status'] );
	}
}
