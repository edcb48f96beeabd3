<?php
/**
 * Unit tests for the method names the log keeps.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\unit;

use PHPUnit\Framework\TestCase;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Gate\KnownMethods;
use XmlrpcShield\Gate\MethodSniffer;

final class KnownMethodsTest extends TestCase {

	public function test_every_method_core_serves_is_kept_by_name(): void {
		$source = (string) file_get_contents( '/usr/share/wordpress/wp-includes/class-wp-xmlrpc-server.php' );
		$this->assertSame( 1, preg_match( '/\$this->methods = array\((.*?)\n\t\t\);/s', $source, $list ), 'core\'s method list found' );
		preg_match_all( "/'([A-Za-z.]+)'\s*=>\s*'this:/", $list[1], $names );
		$this->assertGreaterThan( 70, count( $names[1] ) );
		foreach ( $names[1] as $name ) {
			$this->assertSame( $name, KnownMethods::fold( $name ) );
		}
		$this->assertSame( 'system.multicall', KnownMethods::fold( 'system.multicall' ) );
	}

	public function test_invented_names_fold_into_one_bucket(): void {
		foreach ( array( 'x7Gq.random', 'PINGBACK.PING', 'a:b/c-d', 'other', 'wp', '.wp' ) as $name ) {
			$this->assertSame( KnownMethods::OTHER, KnownMethods::fold( $name ), $name );
		}
	}

	public function test_unlisted_names_in_a_known_namespace_keep_only_the_namespace(): void {
		$this->assertSame( 'wp.other', KnownMethods::fold( 'wp.getUsersBlogsX' ) );
		$this->assertSame( 'wp.other', KnownMethods::fold( 'wp.' . str_repeat( 'z', 60 ) ) );
		$this->assertSame( 'metaWeblog.other', KnownMethods::fold( 'metaWeblog.x.y' ) );
		$this->assertSame( 'jetpack.other', KnownMethods::fold( 'jetpack.somethingNew' ) );
		$this->assertSame( 'wp.other', KnownMethods::fold( 'wp.other' ) );
	}

	public function test_markers_are_kept(): void {
		foreach ( array( MethodSniffer::NONE, MethodSniffer::MALFORMED, Decider::TRACKBACK_METHOD ) as $marker ) {
			$this->assertSame( $marker, KnownMethods::fold( $marker ) );
		}
	}

	public function test_only_the_gate_adds_the_jetpack_note(): void {
		// A client naming its method like a signed call is folded like any invented name.
		$this->assertSame( 'wp.other', KnownMethods::fold( 'wp.getUsersBlogs (Jetpack-signed)' ) );
		// The note the gate added (from the decision's flag) survives the fold at ingest.
		$this->assertSame( 'demo.sayHello (Jetpack-signed)', KnownMethods::fold_logged( 'demo.sayHello (Jetpack-signed)' ) );
		$this->assertSame( 'other (Jetpack-signed)', KnownMethods::fold_logged( 'x7Gq (Jetpack-signed)' ) );
		$this->assertSame( '(Jetpack-signed)', KnownMethods::fold_logged( '(Jetpack-signed)' ) );
		$this->assertSame( 'wp.other', KnownMethods::fold_logged( 'wp.nope' ) );
	}
}
