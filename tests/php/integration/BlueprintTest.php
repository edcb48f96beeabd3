<?php
/**
 * The one-click demo: the Playground blueprint is well formed, and its seeding step, run
 * against a real WordPress, leaves a week of attack history the admin page can show.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Allowlist;
use XmlrpcShield\Log\HitQuery;

final class BlueprintTest extends IntegrationTestCase {

	/**
	 * @return array<string,mixed>
	 */
	private static function blueprint(): array {
		$data = json_decode( (string) file_get_contents( XS_REPO_DIR . '/.wordpress-org/blueprints/blueprint.json' ), true );
		self::assertIsArray( $data, 'blueprint.json is valid JSON' );
		return $data;
	}

	public function test_blueprint_installs_this_plugin_and_lands_on_its_page(): void {
		$blueprint = self::blueprint();
		$this->assertSame( '/wp-admin/tools.php?page=xmlrpc-shield', $blueprint['landingPage'] );
		$this->assertTrue( $blueprint['login'] );
		$steps = array_column( $blueprint['steps'], 'step' );
		$this->assertSame( array( 'installPlugin', 'runPHP' ), $steps );
		$this->assertSame( 'xmlrpc-shield', $blueprint['steps'][0]['pluginData']['slug'] );
		$this->assertTrue( $blueprint['steps'][0]['options']['activate'] );
		// The landing page is the one the plugin registers.
		$this->assertStringContainsString( 'page=xmlrpc-shield', \XmlrpcShield\Admin\AdminPage::url() );
	}

	public function test_the_seeding_step_leaves_a_week_of_history(): void {
		$code = self::blueprint()['steps'][1]['code'];
		$this->assertStringContainsString( "/wordpress/wp-load.php'", $code );
		// Playground mounts WordPress at /wordpress; here it is the test site.
		$script = tempnam( sys_get_temp_dir(), 'xs-blueprint' ) . '.php';
		file_put_contents( $script, str_replace( '/wordpress/wp-load.php', XS_TEST_SITE_DIR . '/wp-load.php', $code ) );
		$env = 'HTTP_HOST=localhost ';
		exec( $env . escapeshellarg( PHP_BINARY ) . ' ' . escapeshellarg( $script ) . ' 2>&1', $output, $code_out );
		unlink( $script );
		$this->assertSame( 0, $code_out, implode( "\n", $output ) );
		wp_cache_flush();

		list( $from, $to ) = HitQuery::window( '7d', time() );
		$totals            = HitQuery::totals( $from, $to );
		$this->assertGreaterThan( 10000, $totals['blocked'] );
		$this->assertGreaterThan( 0, $totals['allowed'] );
		$top = HitQuery::top( 'subnet', $from, $to, 3 );
		$this->assertSame( '203.0.113.0/24', $top[0]['key'], 'the flooding /24 tops the offenders' );
		$this->assertContains( '2001:db8:ab::/64', array_column( $top, 'key' ) );
		$this->assertContains( '192.0.2.44/32', array_column( Allowlist::entries(), 'cidr' ) );
	}
}
