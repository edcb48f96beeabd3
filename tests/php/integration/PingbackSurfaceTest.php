<?php
/**
 * Pingbacks and trackbacks off everywhere, and back on when the plugin is off or deactivated.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Gate\PingbackSurface;
use XmlrpcShield\Settings;

class PingbackSurfaceTest extends IntegrationTestCase {

	/** @var int */
	private static $post_id = 0;

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		// A post of its own for each class (this one runs on other servers too): a trackback is
		// accepted once per source URL and post.
		self::$post_id = 0;
	}

	private static function post_with_pings_open(): int {
		global $wpdb;
		if ( ! self::$post_id || ! get_post( self::$post_id ) ) {
			self::$post_id = (int) wp_insert_post(
				array(
					'post_title'   => 'Pings open',
					'post_status'  => 'publish',
					'post_content' => 'Hello.',
				)
			);
		}
		$wpdb->update( $wpdb->posts, array( 'ping_status' => 'open' ), array( 'ID' => self::$post_id ) );
		clean_post_cache( self::$post_id );
		return self::$post_id;
	}

	public function test_single_post_advertises_no_pingback_in_any_mode_but_off(): void {
		$id = self::post_with_pings_open();
		foreach ( array( Decider::MODE_BLOCK, Decider::MODE_PINGBACK, Decider::MODE_MONITOR ) as $mode ) {
			Settings::set_mode( $mode );
			$page = self::http( 'GET', self::local_path( (string) get_permalink( $id ) ) );
			$this->assertSame( 200, $page['status'], $mode );
			$this->assertArrayNotHasKey( 'x-pingback', $page['headers'], $mode );
			$this->assertStringNotContainsString( 'rel="pingback"', $page['body'], $mode );
			$this->assertStringNotContainsString( 'EditURI', $page['body'], $mode );
		}
		Settings::set_mode( Decider::MODE_OFF );
		$page = self::http( 'GET', self::local_path( (string) get_permalink( $id ) ) );
		$this->assertStringEndsWith( '/xmlrpc.php', $page['headers']['x-pingback'] ?? '' );
		$this->assertStringContainsString( 'EditURI', $page['body'] );
	}

	public function test_trackback_endpoint_refused_unless_off(): void {
		$id       = self::post_with_pings_open();
		$body     = 'url=' . rawurlencode( 'http://attacker.example/' ) . '&title=spam&blog_name=spam&excerpt=spam';
		$headers  = array( 'Content-Type' => 'application/x-www-form-urlencoded' );
		$response = self::http( 'POST', '/wp-trackback.php/' . $id, $body, $headers );
		$this->assertSame( 403, $response['status'] );
		$this->assertStringContainsString( '<error>1</error>', $response['body'] );
		$rows = self::ingest_and_fetch_rows();
		$this->assertSame( 'trackback', $rows[0]['method'] );

		Settings::set_mode( Decider::MODE_OFF );
		$response = self::http( 'POST', '/wp-trackback.php/' . $id, $body, $headers );
		// Core answers with the status wp() chose for the URL; the body says what happened.
		$this->assertStringContainsString( '<error>0</error>', $response['body'], 'core accepted the trackback: ' . $response['body'] );
		global $wpdb;
		$this->assertSame( 1, (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->comments} WHERE comment_post_ID = %d AND comment_type = 'trackback'", $id ) ) );
	}

	public function test_filters_close_every_surface_in_process(): void {
		$id = self::post_with_pings_open();
		$this->assertFalse( pings_open( $id ) );
		$methods = apply_filters( 'xmlrpc_methods', array( 'pingback.ping' => 'x', 'pingback.extensions.getPingbacks' => 'x', 'demo.sayHello' => 'x', 'system.multicall' => 'x' ) );
		$this->assertArrayNotHasKey( 'pingback.ping', $methods );
		$this->assertArrayNotHasKey( 'pingback.extensions.getPingbacks', $methods );
		$this->assertArrayHasKey( 'demo.sayHello', $methods );
		$this->assertArrayHasKey( 'system.multicall', $methods, 'block mode leaves multicall to the gate' );
		$headers = apply_filters( 'wp_headers', array( 'X-Pingback' => 'http://x/xmlrpc.php' ) );
		$this->assertArrayNotHasKey( 'X-Pingback', $headers );
		$this->assertSame( '', get_bloginfo( 'pingback_url', 'display' ), 'what bloginfo() prints in themes' );
		$links = array( 'http://example.com/a' );
		$pung  = array();
		do_action_ref_array( 'pre_ping', array( &$links, &$pung, $id ) );
		$this->assertSame( array(), $links, 'no outgoing or self pings' );
		$this->assertSame( array(), apply_filters( 'enclosure_links', array( 'http://example.com/a.mp3' ), $id ) );
		$this->assertSame( array(), apply_filters( 'get_to_ping', array( 'http://example.com/tb' ) ) );
		$this->assertSame( 'closed', get_option( 'default_ping_status' ) );
		PingbackSurface::remove_core_hooks();
		$this->assertFalse( has_action( 'wp_head', 'rsd_link' ) );
		$this->assertFalse( has_action( 'do_pings', 'do_all_pings' ) );
		$this->assertFalse( has_action( 'do_all_pings', 'do_all_pingbacks' ) );
	}

	public function test_deactivation_restores_core_behaviour(): void {
		$id = self::post_with_pings_open();
		deactivate_plugins( 'xmlrpc-shield/plugin.php' );
		try {
			$page = self::http( 'GET', self::local_path( (string) get_permalink( $id ) ) );
			$this->assertStringEndsWith( '/xmlrpc.php', $page['headers']['x-pingback'] ?? '' );
			$client = self::client();
			$this->assertTrue( $client->query( 'demo.sayHello' ) );
			$this->assertFalse( $client->query( 'pingback.ping', 'http://attacker.example/', get_permalink( $id ) ) );
			$this->assertNotSame( -32601, $client->getErrorCode(), 'pingback.ping exists again' );
		} finally {
			activate_plugin( 'xmlrpc-shield/plugin.php' );
		}
		$this->assertSame( 403, self::post_xmlrpc( self::PINGBACK_BODY )['status'] );
	}

	/**
	 * The path and query of a URL on the test site, whatever the permalink structure.
	 *
	 * @param string $url Full URL.
	 */
	private static function local_path( string $url ): string {
		$query = (string) wp_parse_url( $url, PHP_URL_QUERY );
		return (string) wp_parse_url( $url, PHP_URL_PATH ) . ( '' === $query ? '' : '?' . $query );
	}
}
