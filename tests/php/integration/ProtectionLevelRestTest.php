<?php
/**
 * The protection level on a real WordPress: `GET /status` over HTTP as the admin page asks it,
 * and `wp xmlrpc-shield status`. The test site is served by `php -S`, a server that reads no
 * .htaccess, so it also proves that an action the server cannot carry out is not offered.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Admin\ProtectionLabels;
use XmlrpcShield\Admin\ProtectionLevel;
use XmlrpcShield\EarlyGate\Installer;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Settings;

final class ProtectionLevelRestTest extends IntegrationTestCase {

	protected function setUp(): void {
		parent::setUp();
		Installer::remove();
	}

	protected function tearDown(): void {
		Installer::remove();
		parent::tearDown();
	}

	/**
	 * The `protection` object of GET /status, checked against the route's own schema.
	 *
	 * @return array<string,mixed>
	 */
	private function protection(): array {
		$response = self::call( 'GET', '/status', null, self::session( 1 ) );
		$this->assertSame( 200, $response['status'], $response['body'] );
		$properties = ( new \XmlrpcShield\Rest\StatusController() )->get_item_schema()['properties'];
		$this->assertTrue( rest_validate_value_from_schema( $response['json']['protection'], $properties['protection'], 'protection' ), 'the answer matches the schema' );
		// The fields the status had before stay.
		foreach ( array( 'mode', 'blocked_24h', 'early_gate', 'server_rules', 'jetpack' ) as $field ) {
			$this->assertArrayHasKey( $field, $response['json'] );
		}
		return $response['json']['protection'];
	}

	/**
	 * The states of the layers, by id.
	 *
	 * @param array<string,mixed> $protection The protection object.
	 * @return array<string,string>
	 */
	private static function states( array $protection ): array {
		return array_column( $protection['layers'], 'state', 'id' );
	}

	public function test_a_fresh_site_refuses_at_plugin_load_and_is_told_to_install_the_early_gate(): void {
		$protection = $this->protection();
		$this->assertSame( 'plugin-load', $protection['level'] );
		$this->assertSame( ProtectionLevel::LAYERS, array_column( $protection['layers'], 'id' ) );
		$this->assertSame( 'active', self::states( $protection )['plugin-load'] );
		$this->assertSame( 'off', self::states( $protection )['early-gate'] );
		$this->assertSame( 'install-early-gate', $protection['next_step']['id'] );
		// php -S is neither mod_php nor FPM: the gate would come from a must-use hook, named so.
		$this->assertSame( 'mu-plugin', $protection['next_step']['method'] );
		$this->assertStringContainsString( 'must-use hook', $protection['next_step']['text'] );
		$early = $protection['layers'][1];
		$this->assertStringContainsString( 'before WordPress loads', $early['label'] );
		$this->assertStringContainsString( 'wp-content/xmlrpc-shield-early-gate.php', $early['detail'] );
		$this->assertStringNotContainsString( 'mu-plugin', (string) wp_json_encode( array( $protection['layers'], $protection['next_step']['text'], $protection['level_label'], $protection['summary'] ) ), 'users read "must-use hook", never the slug' );
	}

	public function test_the_htaccess_write_is_not_offered_where_it_cannot_work(): void {
		$protection = $this->protection();
		$this->assertSame( 'other', $protection['server']['software'] );
		$this->assertFalse( $protection['server']['reads_htaccess'] );
		$this->assertFalse( $protection['actions']['write_server_rule'] );
		$this->assertTrue( $protection['actions']['nginx_snippet'] );
		// And the action it hides would indeed fail here.
		$write = self::call( 'POST', '/rules/apache', null, self::session( 1 ) );
		$this->assertSame( 400, $write['status'] );
		$this->assertSame( 'xmlrpc_shield_rules_unsupported', $write['json']['code'] );
	}

	public function test_an_installed_early_gate_raises_the_level_and_lists_its_files(): void {
		$this->assertTrue( Installer::install( 'mu-plugin', false )['ok'] );
		$protection = $this->protection();
		$this->assertSame( 'early-gate', $protection['level'] );
		$early = $protection['layers'][1];
		$this->assertSame( 'active', $early['state'] );
		$this->assertStringContainsString( 'must-use hook', $early['detail'] );
		$this->assertContains( 'wp-content/xmlrpc-shield-early-gate.php', $early['files'] );
		$this->assertTrue( $protection['actions']['remove_early_gate'] );
		// Nothing blocked yet and no server rule this server reads: nothing left to do.
		$this->assertSame( 'none', $protection['next_step']['id'] );
	}

	public function test_monitor_mode_is_not_protected_whatever_is_installed(): void {
		$this->assertTrue( Installer::install( 'mu-plugin', false )['ok'] );
		Settings::set_mode( Decider::MODE_MONITOR );
		$protection = $this->protection();
		$this->assertSame( 'none', $protection['level'] );
		$this->assertSame( 'choose-mode', $protection['next_step']['id'] );
		$this->assertStringContainsString( 'Monitor only', $protection['summary'] );
	}

	public function test_wp_cli_status_shows_the_level_and_says_it_cannot_see_the_web_server(): void {
		$json = self::wp_cli( array( 'xmlrpc-shield', 'status', '--format=json' ) );
		$this->assertSame( 0, $json['code'], $json['err'] );
		$status = json_decode( $json['out'], true );
		$this->assertSame( 'plugin-load', $status['protection']['level'] );
		$this->assertSame( 'unknown', $status['protection']['server']['software'] );
		$this->assertNull( $status['protection']['server']['reads_htaccess'] );

		$table = self::wp_cli( array( 'xmlrpc-shield', 'status' ) );
		$this->assertSame( 0, $table['code'], $table['err'] );
		$this->assertStringContainsString( 'Basic: floods are refused while WordPress loads', $table['out'] );
		$this->assertMatchesRegularExpression( '/layer: early-gate\s+Not on/', $table['out'] );
		$this->assertMatchesRegularExpression( '/next_step\s+Install the early gate/', $table['out'] );
	}

	/**
	 * `wp xmlrpc-shield status` says what the admin page and the widget say: the early gate in
	 * words ("must-use hook", never the slug), the failed XML-RPC logins, the level and the next step.
	 */
	public function test_wp_cli_status_names_the_early_gate_in_words_and_counts_failed_logins(): void {
		$this->assertTrue( Installer::install( 'mu-plugin', false )['ok'] );
		// Password guesses pass pingback mode: they are counted as failed logins, not allowed.
		Settings::set_mode( Decider::MODE_PINGBACK );
		$body = '<?xml version="1.0"?><methodCall><methodName>wp.getUsersBlogs</methodName><params><param><value><string>admin</string></value></param><param><value><string>wrong</string></value></param></params></methodCall>';
		foreach ( array( 1, 2 ) as $guess ) {
			$this->assertStringContainsString( 'Incorrect username or password.', self::post_xmlrpc( $body )['body'], "guess $guess reaches core and fails" );
		}

		$json = self::wp_cli( array( 'xmlrpc-shield', 'status', '--format=json' ) );
		$this->assertSame( 0, $json['code'], $json['err'] );
		$status = json_decode( $json['out'], true );
		$this->assertSame( 2, $status['login_fail_24h'] );
		$this->assertSame( ProtectionLabels::hook_label( 'mu-plugin' ), substr( $status['early_gate'], strlen( 'installed, started by ' ) ) );

		$table = self::wp_cli( array( 'xmlrpc-shield', 'status' ) );
		$this->assertSame( 0, $table['code'], $table['err'] );
		$this->assertMatchesRegularExpression( '/^early_gate\s+installed, started by a must-use hook/m', $table['out'] );
		$this->assertMatchesRegularExpression( '/^login_fail_24h\s+2$/m', $table['out'] );
		$this->assertMatchesRegularExpression( '/^protection\s+' . preg_quote( ProtectionLabels::level_label( 'early-gate' ), '/' ) . '$/m', $table['out'] );
		$this->assertMatchesRegularExpression( '/^layer: early-gate\s+Active/m', $table['out'] );
		$this->assertMatchesRegularExpression( '/^next_step\s+\S/m', $table['out'] );
		$this->assertStringNotContainsString( 'mu-plugin', $table['out'], 'owners read "must-use hook", never the slug' );
	}
}
