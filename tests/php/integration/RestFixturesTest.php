<?php
/**
 * The Jest fixtures the admin page's lists are checked against (tests/js/modes.test.ts,
 * outcomes.test.ts, protectionSchema.test.ts, autopilot.test.ts, earlyGate.test.ts) are
 * true to the PHP side: each schema fixture is what its route's OPTIONS answers today, and the
 * label fixtures are what PHP prints. A stale fixture would let a TS list drift from the REST
 * enum with every Jest test still green.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use WP_REST_Request;
use XmlrpcShield\Admin\ModeLabels;
use XmlrpcShield\Admin\ProtectionLabels;

final class RestFixturesTest extends IntegrationTestCase {

	const FIXTURES = __DIR__ . '/../../js/fixtures';

	const REGENERATE = 'stale fixture: regenerate with `php tools/capture-rest-fixtures.php <site dir>` (see tests/TESTS.md)';

	/**
	 * Every schema fixture and the route it was captured from.
	 *
	 * @return array<string,array{0:string}>
	 */
	public function schema_fixtures(): array {
		$cases = array();
		foreach ( glob( self::FIXTURES . '/schema-*.json' ) as $file ) {
			$route                     = substr( basename( $file, '.json' ), strlen( 'schema-' ) );
			$cases[ basename( $file ) ] = array( $route );
		}
		return $cases;
	}

	/**
	 * @dataProvider schema_fixtures
	 */
	public function test_a_schema_fixture_is_what_its_route_answers( string $route ): void {
		wp_set_current_user( 1 );
		$response = rest_do_request( new WP_REST_Request( 'OPTIONS', '/xmlrpc-shield/v1/' . $route ) );
		$this->assertSame( 200, $response->get_status() );
		// The links name the host the fixture was captured on; they are not part of the schema.
		$live = array_diff_key( rest_get_server()->response_to_data( $response, false ), array( '_links' => true ) );
		$file = array_diff_key( $this->fixture( "schema-{$route}.json" ), array( '_links' => true ) );

		$this->assertSame( $file, self::as_json( $live ), self::REGENERATE );
	}

	public function test_the_label_fixtures_are_what_php_prints(): void {
		$this->assertSame( $this->fixture( 'mode-labels.json' ), self::as_json( ModeLabels::all() ), self::REGENERATE );
		$this->assertSame( $this->fixture( 'hook-labels.json' ), self::as_json( ProtectionLabels::hook_labels() ), self::REGENERATE );
	}

	/**
	 * A fixture file, decoded.
	 *
	 * @return mixed
	 */
	private function fixture( string $name ) {
		$this->assertFileExists( self::FIXTURES . '/' . $name );
		return json_decode( (string) file_get_contents( self::FIXTURES . '/' . $name ), true ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
	}

	/**
	 * What the capture tool writes for a value, decoded the way fixture() decodes it.
	 *
	 * @param mixed $value A REST answer's data.
	 * @return mixed
	 */
	private static function as_json( $value ) {
		return json_decode( (string) wp_json_encode( $value ), true );
	}
}
