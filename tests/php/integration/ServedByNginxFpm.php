<?php
/**
 * Runs a test class's HTTP requests against the test site served by a real nginx + PHP-FPM
 * (tools/nginx-fpm.sh, 4 workers in one pool) instead of php -S: the same site, database and
 * URL, so a class written for php -S proves the same behaviour on FPM without a copy.
 * PHP-FPM differs where it matters to the plugin: its workers share one APCu (php -S and the
 * CLI have their own), nginx sets REMOTE_ADDR, SERVER_ADDR and SERVER_PORT itself (the
 * counter flush connects to the address and port recorded from them), and it reads .user.ini.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Settings;

trait ServedByNginxFpm {

	/**
	 * The nginx port: the test site's +70, apart from the other servers tests start.
	 */
	protected static function fpm_port(): int {
		return (int) wp_parse_url( XS_TEST_SITE_URL, PHP_URL_PORT ) + 70;
	}

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		exec( 'bash ' . escapeshellarg( XS_REPO_DIR . '/tools/nginx-fpm.sh' ) . ' start ' . escapeshellarg( XS_TEST_SITE_DIR ) . ' ' . self::fpm_port() . ' 4 2>&1', $out, $code );
		self::assertSame( 0, $code, implode( "\n", $out ) );
		self::serve_through( self::fpm_port() );
		// php -S recorded its own port; nginx's flush route records nginx's on first use.
		delete_option( Settings::WEB_SERVER );
		// WP-Cron spawned from a worker must not land in a test: a fresh site's first run checks
		// for updates, which warns offline, and ingests counts the tests ingest themselves.
		set_transient( 'doing_cron', sprintf( '%.22F', microtime( true ) + 3600 ) );
	}

	public static function tearDownAfterClass(): void {
		self::serve_through( 0 );
		exec( 'bash ' . escapeshellarg( XS_REPO_DIR . '/tools/nginx-fpm.sh' ) . ' stop ' . self::fpm_port() );
		// The recorded server (nginx's port) is gone: later classes flush php -S at the home port.
		delete_option( Settings::WEB_SERVER );
		delete_transient( 'doing_cron' );
		parent::tearDownAfterClass();
	}
}
