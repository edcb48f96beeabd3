<?php
/**
 * On a case-insensitive filesystem /XMLRPC.PHP runs core's xmlrpc.php: the gate must know it.
 * Linux is case-sensitive, so links with other spellings stand in for such a filesystem.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Allowlist;

final class FileNameCaseTest extends IntegrationTestCase {

	const ALIASES = array(
		'XMLRPC.PHP'       => 'xmlrpc.php',
		'XmlRpc.php'       => 'xmlrpc.php',
		'WP-TRACKBACK.PHP' => 'wp-trackback.php',
	);

	protected function setUp(): void {
		parent::setUp();
		foreach ( self::ALIASES as $alias => $target ) {
			if ( ! is_link( ABSPATH . $alias ) ) {
				$this->assertTrue( symlink( $target, ABSPATH . $alias ) );
			}
		}
	}

	protected function tearDown(): void {
		foreach ( array_keys( self::ALIASES ) as $alias ) {
			unlink( ABSPATH . $alias );
		}
		parent::tearDown();
	}

	public function test_other_spellings_are_refused_at_plugin_load_and_logged(): void {
		foreach ( array_keys( self::ALIASES ) as $alias ) {
			$response = self::http( 'POST', '/' . $alias, self::PINGBACK_BODY, array( 'Content-Type' => 'text/xml' ) );
			$this->assertSame( 403, $response['status'], $alias . ': ' . $response['body'] );
			$this->assertSame( 'plugin', $response['headers']['x-xmlrpc-shield'] ?? '', $alias );
		}
		$rows = self::ingest_and_fetch_rows();
		$this->assertSame( 2, self::sum_hits( array_filter( $rows, static fn( $row ) => 'pingback.ping' === $row['method'] ), 'blocked' ) );
		$this->assertSame( 1, self::sum_hits( array_filter( $rows, static fn( $row ) => 'trackback' === $row['method'] ), 'blocked' ) );
	}

	public function test_the_allowlist_passes_whatever_the_spelling(): void {
		Allowlist::add( '127.0.0.1', 'loopback' );
		$hello = self::http( 'POST', '/XMLRPC.PHP', '<?xml version="1.0"?><methodCall><methodName>demo.sayHello</methodName></methodCall>', array( 'Content-Type' => 'text/xml' ) );
		$this->assertSame( 200, $hello['status'] );
		$this->assertStringContainsString( '<string>Hello!</string>', $hello['body'] );
	}
}
