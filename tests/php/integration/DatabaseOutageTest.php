<?php
/**
 * MariaDB stopped mid-flood: the early gate keeps blocking without a database, nothing fatals,
 * and the counts arrive once the database is back.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\EarlyGate\Installer;
use XmlrpcShield\EarlyGate\Hook\MustUseHook;
use XmlrpcShield\Log\CounterFlush;

final class DatabaseOutageTest extends IntegrationTestCase {

	public function test_flood_during_a_database_outage(): void {
		if ( 'mysql' !== XS_TEST_DB ) {
			// SQLite has no server to stop; EarlyGateTest removes its database file instead.
			$this->assertSame( 'sqlite', XS_TEST_DB );
			return;
		}
		global $wpdb;
		$this->assertTrue( Installer::install( 'mu-plugin', false )['ok'] );
		unlink( WP_CONTENT_DIR . '/mu-plugins/' . MustUseHook::FILE );
		$port   = (int) wp_parse_url( XS_TEST_SITE_URL, PHP_URL_PORT ) + 200;
		$server = self::start_php_server(
			$port,
			array( '-d', 'auto_prepend_file=' . Installer::gate_file() ),
			array( '-t', XS_TEST_SITE_DIR, XS_REPO_DIR . '/tools/wp/router.php' ),
			XS_TEST_SITE_DIR,
			array( 'PHP_CLI_SERVER_WORKERS' => '4' )
		);
		$mariadb = 'bash ' . escapeshellarg( XS_REPO_DIR . '/tools/mariadb.sh' );
		try {
			exec( $mariadb . ' stop', $out, $code );
			$this->assertSame( 0, $code );
			sleep( 1 );
			$statuses = array();
			for ( $i = 0; $i < 30; $i++ ) {
				$answer     = self::http_to( 'http://127.0.0.1:' . $port . '/xmlrpc.php', 'POST', self::PINGBACK_BODY );
				$statuses[] = $answer['status'];
				$this->assertStringNotContainsString( 'Fatal', $answer['body'] );
			}
			$this->assertSame( array( 403 => 30 ), array_count_values( $statuses ), 'blocked with the database down' );
			// The plugin-load layer cannot run without a database: WordPress stops first (core's
			// XML-RPC die handler, with no server object yet, sends an empty 200), so the plugin
			// never decides and the flood keeps costing a PHP boot. That is why the early gate exists.
			$plain = self::post_xmlrpc( self::PINGBACK_BODY );
			$this->assertNotSame( 403, $plain['status'] );
			$this->assertArrayNotHasKey( 'x-xmlrpc-shield', $plain['headers'] );
			$this->assertSame( '', trim( $plain['body'] ) );
		} finally {
			try {
				exec( $mariadb . ' start' );
				$wpdb->check_connection( false );
				// The counts waited in that server's memory (APCu) through the outage; with the
				// database back, the site answers WP-CLI's flush request again.
				$flushed = CounterFlush::ask_web_server( CounterFlush::flush_url( 'http://127.0.0.1:' . $port . '/' ) );
			} finally {
				self::stop_php_server( $server, $port );
			}
		}
		$this->assertTrue( $flushed['ok'], 'the counters were flushed after the outage: ' . $flushed['error'] );
		$rows = self::ingest_and_fetch_rows();
		$this->assertSame( 30, self::sum_hits( $rows, 'blocked' ), 'logging resumed with every count' );
	}
}
