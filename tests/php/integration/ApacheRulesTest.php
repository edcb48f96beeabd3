<?php
/**
 * The .htaccess block on a real Apache 2.4 + mod_php serving the test site: refused clients
 * get Apache's 403 without PHP (no spool line, no plugin header), allowlisted ones pass, the
 * block follows the settings, and deactivation restores the file byte for byte.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Allowlist;
use XmlrpcShield\EarlyGate\Installer;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Log\CounterFlush;
use XmlrpcShield\Log\Ingester;
use XmlrpcShield\Paths;
use XmlrpcShield\Rules\ServerRulesWriter;
use XmlrpcShield\Settings;

final class ApacheRulesTest extends IntegrationTestCase {

	const HELLO = '<?xml version="1.0"?><methodCall><methodName>demo.sayHello</methodName></methodCall>';

	/** WordPress's own rewrite block, as core writes it, with a neighbour's block after it. */
	const EXISTING = "# BEGIN WordPress\n# The directives (lines) between \"BEGIN WordPress\" and \"END WordPress\" are\n# dynamically generated, and should only be modified via WordPress filters.\n# Any changes to the directives between these markers will be overwritten.\n<IfModule mod_rewrite.c>\nRewriteEngine On\nRewriteRule .* - [E=HTTP_AUTHORIZATION:%{HTTP:Authorization}]\nRewriteBase /\nRewriteRule ^index\\.php$ - [L]\nRewriteCond %{REQUEST_FILENAME} !-f\nRewriteCond %{REQUEST_FILENAME} !-d\nRewriteRule . /index.php [L]\n</IfModule>\n\n# END WordPress\n\n# BEGIN Other plugin\nHeader set X-Other \"kept\"\n# END Other plugin\n";

	/** @var int */
	private static $port = 0;

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		self::$port = (int) wp_parse_url( XS_TEST_SITE_URL, PHP_URL_PORT ) + 50;
		exec( 'bash ' . escapeshellarg( XS_REPO_DIR . '/tools/apache.sh' ) . ' start ' . escapeshellarg( XS_TEST_SITE_DIR ) . ' ' . self::$port . ' 4 2>&1', $out, $code );
		self::assertSame( 0, $code, implode( "\n", $out ) );
	}

	public static function tearDownAfterClass(): void {
		exec( 'bash ' . escapeshellarg( XS_REPO_DIR . '/tools/apache.sh' ) . ' stop ' . self::$port );
		@unlink( ABSPATH . '.htaccess' ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
		parent::tearDownAfterClass();
	}

	protected function setUp(): void {
		parent::setUp();
		add_filter( 'xmlrpc_shield_server_reads_htaccess', '__return_true' );
		file_put_contents( ABSPATH . '.htaccess', self::EXISTING ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		delete_option( Settings::SERVER_RULES );
	}

	protected function tearDown(): void {
		remove_filter( 'xmlrpc_shield_server_reads_htaccess', '__return_true' );
		ServerRulesWriter::remove();
		parent::tearDown();
	}

	/**
	 * POSTs to Apache from a chosen loopback address.
	 *
	 * @return array{status:int, headers:array<string,string>, body:string}
	 */
	private static function apache( string $from, string $path = '/xmlrpc.php', string $body = self::HELLO ): array {
		return self::http_to( 'http://127.0.0.1:' . self::$port . $path, 'POST', $body, array( 'Content-Type' => 'text/xml' ), $from );
	}

	/**
	 * Asks Apache to move the counters its workers share in APCu to the spool (as WP-CLI does;
	 * the plain ?rest_route= URL, since this Apache does not rewrite /wp-json/).
	 *
	 * @return array{source:string, hits:int, ok:bool, error:string}
	 */
	private static function flush_apache(): array {
		$flushed = CounterFlush::ask_web_server( CounterFlush::flush_url( 'http://127.0.0.1:' . self::$port . '/' ) );
		self::assertTrue( $flushed['ok'], 'Apache flushed its counters: ' . $flushed['error'] );
		return $flushed;
	}

	/**
	 * Bytes spooled so far, after Apache's APCu counters were moved to the spool.
	 */
	private static function spool_bytes(): int {
		self::flush_apache();
		clearstatcache();
		$total = 0;
		foreach ( (array) glob( Paths::data_dir() . '/hits-*' ) as $file ) {
			$total += (int) filesize( $file );
		}
		return $total;
	}

	public function test_apache_refuses_before_php_and_lets_the_allowlist_through(): void {
		Allowlist::add( '127.0.0.3', 'Build server' );
		$this->assertTrue( ServerRulesWriter::write() );
		$htaccess = (string) file_get_contents( ABSPATH . '.htaccess' ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		$this->assertStringStartsWith( self::EXISTING, $htaccess, 'existing blocks untouched' );
		$this->assertStringContainsString( 'Require ip 127.0.0.1 ::1 127.0.0.3/32', $htaccess );
		$this->assertFileExists( Paths::htaccess_backup() );

		$spool   = self::spool_bytes();
		$refused = self::apache( '127.0.0.2' );
		$this->assertSame( 403, $refused['status'] );
		$this->assertArrayNotHasKey( 'x-xmlrpc-shield', $refused['headers'], 'Apache answered, not the plugin' );
		$this->assertStringContainsString( 'Forbidden', $refused['body'] );
		$this->assertSame( $spool, self::spool_bytes(), 'PHP never ran: nothing was logged' );
		$this->assertSame( 403, self::apache( '127.0.0.2', '/wp-trackback.php' )['status'] );

		$allowed = self::apache( '127.0.0.3' );
		$this->assertSame( 200, $allowed['status'] );
		$this->assertStringContainsString( '<string>Hello!</string>', $allowed['body'] );

		// Loopback passes Apache and meets the plugin, which still blocks it in PHP.
		$loopback = self::apache( '127.0.0.1' );
		$this->assertSame( 403, $loopback['status'] );
		$this->assertSame( 'plugin', $loopback['headers']['x-xmlrpc-shield'] ?? '' );

		$status = ServerRulesWriter::status();
		$this->assertTrue( $status['installed'] );
		$this->assertTrue( $status['in_sync'] );
	}

	public function test_the_rule_refuses_xmlrpc_php_in_any_case(): void {
		// Linux is case-sensitive; a case-insensitive filesystem looks to Apache like these links.
		$aliases = array( 'XMLRPC.PHP', 'XmlRpc.php', 'WP-TRACKBACK.PHP' );
		foreach ( $aliases as $alias ) {
			$this->assertTrue( symlink( strpos( $alias, 'TRACKBACK' ) ? 'wp-trackback.php' : 'xmlrpc.php', ABSPATH . $alias ) );
		}
		try {
			Allowlist::add( '127.0.0.3', 'Build server' );
			$this->assertTrue( ServerRulesWriter::write() );
			$spool = self::spool_bytes();
			foreach ( $aliases as $alias ) {
				$refused = self::apache( '127.0.0.2', '/' . $alias );
				$this->assertSame( 403, $refused['status'], $alias . ': ' . $refused['body'] );
				$this->assertArrayNotHasKey( 'x-xmlrpc-shield', $refused['headers'], $alias . ': Apache answered, not the plugin' );
			}
			$this->assertSame( $spool, self::spool_bytes(), 'PHP never ran' );
			$allowed = self::apache( '127.0.0.3', '/XmlRpc.php' );
			$this->assertSame( 200, $allowed['status'], 'the allowlist still passes' );
			$this->assertStringContainsString( '<string>Hello!</string>', $allowed['body'] );
		} finally {
			foreach ( $aliases as $alias ) {
				unlink( ABSPATH . $alias );
			}
		}
	}

	public function test_hits_counted_in_apaches_shared_memory_reach_the_log_exactly(): void {
		for ( $i = 0; $i < 8; $i++ ) {
			$refused = self::apache( '127.0.0.2', '/xmlrpc.php', self::PINGBACK_BODY );
			$this->assertSame( 403, $refused['status'] );
			$this->assertSame( 'plugin', $refused['headers']['x-xmlrpc-shield'] ?? '' );
		}
		// Apache's workers share one APCu: the flush collects what every worker counted.
		$flushed = self::flush_apache();
		// All 8, unless a new minute began meanwhile and its first hit moved the earlier ones.
		$this->assertGreaterThan( 0, $flushed['hits'] );
		$this->assertTrue( Ingester::run()['ok'] );
		// Only this test sends from 127.0.0.2 (an earlier one may have left a loopback hit).
		$rows = array_filter(
			self::ingest_and_fetch_rows(),
			static function ( array $row ): bool {
				return '127.0.0.2' === $row['ip'];
			}
		);
		$this->assertSame( 8, self::sum_hits( $rows, 'blocked' ) );
	}

	public function test_the_block_follows_allowlist_and_mode_changes_and_drift_shows(): void {
		$this->assertTrue( ServerRulesWriter::write() );
		$this->assertSame( 403, self::apache( '127.0.0.4' )['status'] );

		Allowlist::add( '127.0.0.4' );
		$this->assertStringContainsString( '127.0.0.4/32', (string) file_get_contents( ABSPATH . '.htaccess' ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		$this->assertSame( 200, self::apache( '127.0.0.4' )['status'] );

		Settings::set_mode( Decider::MODE_PINGBACK );
		$this->assertStringNotContainsString( 'XML-RPC Shield', (string) file_get_contents( ABSPATH . '.htaccess' ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		$this->assertSame( 200, self::apache( '127.0.0.5' )['status'], 'pingback mode: apps reach PHP' );

		Settings::set_mode( Decider::MODE_BLOCK );
		$this->assertTrue( ServerRulesWriter::status()['in_sync'] );
		// Someone edits our block by hand: status says so.
		$edited = str_replace( 'Require ip 127.0.0.1', 'Require ip 0.0.0.0/0 127.0.0.1', (string) file_get_contents( ABSPATH . '.htaccess' ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		file_put_contents( ABSPATH . '.htaccess', $edited ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		$status = ServerRulesWriter::status();
		$this->assertTrue( $status['installed'] );
		$this->assertFalse( $status['in_sync'] );
	}

	/**
	 * `Require not ip` on real Apache: refused by Apache in block and pingback mode, even inside
	 * an allowlisted range, the block rewritten on every denylist and mode change. Loopback
	 * addresses stand in for public clients here (Apache sees the connecting address), so the
	 * entry is stored directly: the denylist itself refuses loopback on input.
	 */
	public function test_apache_refuses_the_denylist_in_every_mode_but_off_even_inside_an_allowlisted_range(): void {
		// Hits earlier tests left counted in Apache's own APCu (127.0.0.5 among them) go to the
		// spool, which the reset empties: this test counts only its own requests.
		self::flush_apache();
		self::reset_plugin_state();
		$this->assertIsArray( Allowlist::add( '127.0.0.4/30', 'Build servers' ) );
		$this->assertTrue( ServerRulesWriter::write() );
		$this->assertSame( 200, self::apache( '127.0.0.5' )['status'], 'allowlisted before the deny' );
		update_option( Settings::DENYLIST, array( array( 'cidr' => '127.0.0.5/32' ) ), true );
		$htaccess = (string) file_get_contents( ABSPATH . '.htaccess' ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		$this->assertStringContainsString( 'Require not ip 127.0.0.5/32', $htaccess, 'the block follows the denylist' );
		$this->assertTrue( ServerRulesWriter::status()['in_sync'] );

		foreach ( array( Decider::MODE_BLOCK, Decider::MODE_PINGBACK, Decider::MODE_MONITOR ) as $mode ) {
			Settings::set_mode( $mode );
			$refused = self::apache( '127.0.0.5' );
			$this->assertSame( 403, $refused['status'], $mode );
			$this->assertArrayNotHasKey( 'x-xmlrpc-shield', $refused['headers'], $mode . ': Apache answered, not the plugin' );
			$passed = self::apache( '127.0.0.6' );
			$this->assertSame( 200, $passed['status'], $mode . ': the rest of the allowlisted range' );
			$this->assertStringContainsString( '<string>Hello!</string>', $passed['body'], $mode );
		}
		self::flush_apache();
		$denied = array_filter(
			self::ingest_and_fetch_rows(),
			static function ( array $row ): bool {
				return '127.0.0.5' === $row['ip'];
			}
		);
		$this->assertSame( 1, self::sum_hits( $denied ), 'PHP ran for the denied client only before it was denied' );
		// Outside block mode everyone else reaches PHP too.
		$this->assertStringContainsString( '<string>Hello!</string>', self::apache( '127.0.0.2' )['body'] );

		Settings::set_mode( Decider::MODE_OFF );
		$this->assertStringNotContainsString( 'XML-RPC Shield Rules', (string) file_get_contents( ABSPATH . '.htaccess' ), 'off writes nothing' ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		$this->assertSame( 200, self::apache( '127.0.0.5' )['status'] );
	}

	public function test_deactivation_removes_the_block_byte_for_byte_and_xmlrpc_answers(): void {
		$this->assertTrue( ServerRulesWriter::write() );
		$this->assertSame( 403, self::apache( '127.0.0.2' )['status'] );

		deactivate_plugins( 'xmlrpc-shield/plugin.php' );
		$this->assertSame( self::EXISTING, (string) file_get_contents( ABSPATH . '.htaccess' ), 'every other byte as before' ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		$answer = self::apache( '127.0.0.2' );
		$this->assertSame( 200, $answer['status'] );
		$this->assertStringContainsString( '<string>Hello!</string>', $answer['body'] );

		// Activating again restores the rules the owner had turned on.
		activate_plugin( 'xmlrpc-shield/plugin.php' );
		$this->assertStringContainsString( '# BEGIN XML-RPC Shield', (string) file_get_contents( ABSPATH . '.htaccess' ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		$this->assertSame( 403, self::apache( '127.0.0.2' )['status'] );
	}

	public function test_the_early_gate_block_and_the_rules_block_leave_each_other_alone(): void {
		require_once ABSPATH . 'wp-admin/includes/misc.php';
		insert_with_markers( ABSPATH . '.htaccess', 'XML-RPC Shield Early Gate', array( 'php_value auto_prepend_file "/tmp/gate.php"' ) );
		$with_gate = (string) file_get_contents( ABSPATH . '.htaccess' ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		$this->assertTrue( ServerRulesWriter::write() );
		$both = (string) file_get_contents( ABSPATH . '.htaccess' ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		$this->assertStringStartsWith( $with_gate, $both, 'the early gate block is untouched' );
		$this->assertStringContainsString( '# BEGIN XML-RPC Shield Rules', $both );
		$this->assertTrue( ServerRulesWriter::status()['in_sync'] );
		$this->assertTrue( ServerRulesWriter::remove() );
		$this->assertSame( $with_gate, (string) file_get_contents( ABSPATH . '.htaccess' ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions
	}

	public function test_a_server_without_htaccess_gets_an_explanation_and_no_write(): void {
		remove_filter( 'xmlrpc_shield_server_reads_htaccess', '__return_true' );
		add_filter( 'xmlrpc_shield_server_reads_htaccess', '__return_false' );
		$unsupported = ServerRulesWriter::write();
		remove_filter( 'xmlrpc_shield_server_reads_htaccess', '__return_false' );
		$this->assertWPError( $unsupported, 'xmlrpc_shield_rules_unsupported' );
		$this->assertStringContainsString( 'nginx', $unsupported->get_error_message() );
		$this->assertSame( self::EXISTING, (string) file_get_contents( ABSPATH . '.htaccess' ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		$this->assertFalse( (bool) get_option( Settings::SERVER_RULES ) );
	}

	public function test_a_read_only_htaccess_gets_the_lines_to_paste_and_keeps_every_byte(): void {
		$file = ABSPATH . '.htaccess';
		$undo = self::make_read_only( $file );
		try {
			$this->assertFalse( wp_is_writable( $file ), 'the file is read-only for this process' );

			$result = ServerRulesWriter::write();
			$this->assertWPError( $result, 'xmlrpc_shield_rules_not_writable' );
			$this->assertSame( 409, $result->get_error_data()['status'] );
			$this->assertStringContainsString( 'Require', $result->get_error_message(), 'the lines to paste by hand' );
			$this->assertFalse( (bool) get_option( Settings::SERVER_RULES ) );

			// The REST route answers the same, for the admin page to show.
			wp_set_current_user( 1 );
			$response = rest_do_request( new \WP_REST_Request( 'POST', '/xmlrpc-shield/v1/rules/apache' ) );
			$this->assertSame( 409, $response->get_status() );
			$this->assertSame( 'xmlrpc_shield_rules_not_writable', $response->get_data()['code'] );

			// The early gate's .htaccess hook cannot be written either: reported, nothing left behind.
			$report = Installer::install( 'htaccess', false );
			$this->assertFalse( $report['ok'] );
			$this->assertFalse( Installer::status()['installed'] );
			$this->assertFileDoesNotExist( \XmlrpcShield\EarlyGate\GateFile::settings_path() );

			// A mode change, which syncs the rules, still saves and does not fatal.
			Settings::set_mode( Decider::MODE_PINGBACK );
			Settings::set_mode( Decider::MODE_BLOCK );
			$this->assertSame( Decider::MODE_BLOCK, Settings::mode() );

			$this->assertSame( self::EXISTING, (string) file_get_contents( $file ), 'every byte as before' ); // phpcs:ignore WordPress.WP.AlternativeFunctions
			// The plugin still refuses the request itself once Apache hands it to PHP.
			$answer = self::apache( '127.0.0.6', '/xmlrpc.php', self::PINGBACK_BODY );
			$this->assertSame( 403, $answer['status'] );
			$this->assertSame( 'plugin', $answer['headers']['x-xmlrpc-shield'] ?? '' );
		} finally {
			$undo();
		}
		$this->assertTrue( ServerRulesWriter::write(), 'writable again, the rules go in' );
	}

	/**
	 * Makes $file read-only for this process: a read-only bind mount as root (chmod does not
	 * stop root), chmod 0444 otherwise. Returns the undo.
	 *
	 * @param string $file File.
	 */
	private static function make_read_only( string $file ): callable {
		if ( function_exists( 'posix_geteuid' ) && 0 === posix_geteuid() ) {
			$path = escapeshellarg( $file );
			exec( "mount --bind {$path} {$path} && mount -o remount,ro,bind {$path} 2>&1", $out, $code );
			self::assertSame( 0, $code, 'read-only bind mount: ' . implode( "\n", $out ) );
			return static function () use ( $path ) {
				exec( "umount {$path}" );
			};
		}
		chmod( $file, 0444 );
		return static function () use ( $file ) {
			chmod( $file, 0644 );
		};
	}

	/**
	 * @param mixed $value Value.
	 */
	private function assertWPError( $value, string $code ): void {
		$this->assertInstanceOf( \WP_Error::class, $value );
		$this->assertSame( $code, $value->get_error_code() );
	}
}
