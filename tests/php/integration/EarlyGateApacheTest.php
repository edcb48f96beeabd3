<?php
/**
 * The early gate on a real Apache + mod_php whose OPcache never rechecks files
 * (opcache.validate_timestamps=0, a common production setting): a settings change made from
 * WP-CLI holds on the very next request, and another firewall's `php_value
 * auto_prepend_file` keeps running through install, settings changes and removal.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

/**
 * @group apache
 */
final class EarlyGateApacheTest extends IntegrationTestCase {

	const HELLO = '<?xml version="1.0"?><methodCall><methodName>demo.sayHello</methodName></methodCall>';

	/** @var ServedSite */
	private $site;

	protected function setUp(): void {
		parent::setUp();
		$this->site = new ServedSite( ServedSite::port( 10 ) );
		$this->site->start( 'apache', 300, 'opcache.enable=1 opcache.validate_timestamps=0' );
	}

	protected function tearDown(): void {
		$this->site->stop();
		parent::tearDown();
	}

	private function xmlrpc(): array {
		return $this->site->request( '/xmlrpc.php', self::HELLO );
	}

	public function test_cli_changes_hold_on_the_next_request_whatever_opcache_caches(): void {
		$site = $this->site;
		$site->wp( 'xmlrpc-shield', 'early-gate', 'install', '--method=htaccess' );
		$site->wp( 'xmlrpc-shield', 'allow', 'add', '127.0.0.1' );
		// Old enough that OPcache caches every file from now on (opcache.file_update_protection).
		sleep( 3 );
		for ( $i = 0; $i < 6; $i++ ) {
			$this->assertSame( 200, $this->xmlrpc()['status'], 'allowlisted' );
		}

		$site->wp( 'xmlrpc-shield', 'allow', 'remove', '127.0.0.1' );
		$refused = $this->xmlrpc();
		$this->assertSame( 403, $refused['status'], 'the entry removed from WP-CLI no longer lets the next request through' );
		$this->assertSame( 'early-gate', $refused['headers']['x-xmlrpc-shield'] ?? '' );

		$site->wp( 'xmlrpc-shield', 'mode', 'off' );
		$this->assertSame( 200, $this->xmlrpc()['status'], 'mode off from WP-CLI holds on the next request' );
		$site->wp( 'xmlrpc-shield', 'mode', 'block' );
		$this->assertSame( 403, $this->xmlrpc()['status'], 'and block again' );
	}

	public function test_another_prepend_firewall_in_htaccess_keeps_running(): void {
		$site     = $this->site;
		$firewall = $site->dir . '/xs-firewall.php';
		$counter  = $site->dir . '/wp-content/xs-firewall.count';
		$before   = "# BEGIN Other firewall\nphp_value auto_prepend_file \"" . $firewall . "\"\n# END Other firewall\n";
		file_put_contents( $firewall, self::counting_firewall() );
		file_put_contents( $site->dir . '/.htaccess', $before );
		$runs                 = static function () use ( $counter ): int {
			clearstatcache();
			return is_file( $counter ) ? (int) filesize( $counter ) : 0;
		};
		$each_request_runs_it = function ( string $when ) use ( $site, $runs ): void {
			$count = $runs();
			$site->request( '/' );
			$site->request( '/xmlrpc.php', self::HELLO );
			$this->assertSame( $count + 2, $runs(), 'the other firewall ran on every request ' . $when );
		};
		$each_request_runs_it( 'before our gate' );
		$site->wp( 'xmlrpc-shield', 'early-gate', 'install', '--method=htaccess' );
		$this->assertSame( 'early-gate', $this->xmlrpc()['headers']['x-xmlrpc-shield'] ?? '', 'our gate refuses xmlrpc.php' );
		$site->wp( 'xmlrpc-shield', 'allow', 'add', '127.0.0.1' );
		$each_request_runs_it( 'with our gate, after a WP-CLI change' );
		$site->wp( 'xmlrpc-shield', 'mode', 'pingback' );
		$site->php( 'XmlrpcShield\Settings::update( array( "mode" => "block" ) );' );
		$each_request_runs_it( 'after changes from WP-CLI and from WordPress' );
		$this->assertStringContainsString( '(?i)^(xmlrpc|wp-trackback)', (string) file_get_contents( $site->dir . '/.htaccess' ), 'case-insensitive' );

		$site->wp( 'xmlrpc-shield', 'early-gate', 'remove' );
		$this->assertSame( $before, file_get_contents( $site->dir . '/.htaccess' ), 'no empty marker block, every other byte as before' );
		$each_request_runs_it( 'after removal' );
	}
}
