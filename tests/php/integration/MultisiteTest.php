<?php
/**
 * Multisite: network activation sets up every site, a site added later is set up too, and each
 * site keeps its own table, spool and settings. Runs against a separate subdirectory network
 * (its own database) in child processes, one per request, since one process loads one
 * WordPress.
 *
 * MariaDB only (tools/test-php.sh excludes the group on SQLite): the SQLite integration 2.1.11
 * cannot create the network tables (its translator rejects the prefix-length index of
 * `wp_signups` in core's multisite schema).
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use PHPUnit\Framework\TestCase;
use XmlrpcShield\Log\HitTable;

/**
 * @group multisite
 */
final class MultisiteTest extends TestCase {

	/** @var array<string,mixed> What the network's last request reported. */
	private static $report = array();

	/** @var array<string,mixed> */
	private static $activation = array();

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		self::assertSame( 'mysql', XS_TEST_DB, 'the multisite group runs on MariaDB' );
		$socket = (string) getenv( 'XS_MYSQL_SOCKET' );
		$dbname = 'xs_multisite_' . wp_parse_url( XS_TEST_SITE_URL, PHP_URL_PORT );
		$mysql  = new \mysqli( 'localhost', 'root', '', '', 0, $socket );
		$mysql->query( 'DROP DATABASE IF EXISTS ' . $dbname );
		$mysql->query( 'CREATE DATABASE ' . $dbname . ' CHARACTER SET utf8mb4' );
		$mysql->close();

		$site = dirname( XS_TEST_SITE_DIR ) . '/' . $dbname;
		self::run_step( sprintf( 'bash -c %s', escapeshellarg( sprintf( 'source %s/tools/wp/lib.sh && xs_create_site %s http://multisite.test mysql %s %s', XS_REPO_DIR, escapeshellarg( $site ), escapeshellarg( $socket ), $dbname ) ) ) );
		$script = escapeshellarg( __DIR__ . '/fixtures/multisite.php' ) . ' ' . escapeshellarg( $site );
		self::assertSame( 'network', trim( self::run_step( PHP_BINARY . ' ' . $script . ' network' ) ) );
		self::$activation = (array) json_decode( self::run_step( PHP_BINARY . ' ' . $script . ' activate' ), true );
		self::$report     = (array) json_decode( self::run_step( PHP_BINARY . ' ' . $script . ' check' ), true );
	}

	/**
	 * Runs a command, failing with its output when it fails; returns its last line.
	 *
	 * @param string $command Shell command.
	 */
	private static function run_step( string $command ): string {
		exec( $command . ' 2>&1', $output, $code );
		self::assertSame( 0, $code, implode( "\n", $output ) );
		return (string) end( $output );
	}

	public function test_network_activation_sets_up_every_existing_site(): void {
		$this->assertTrue( self::$activation['multisite'] );
		$this->assertTrue( self::$activation['network_active'] );
		foreach ( array( 1, 2 ) as $id ) {
			$site = self::$report['sites'][ $id ];
			$this->assertTrue( $site['has_table'], "site {$id} has {$site['table']}" );
			$this->assertSame( 'block', $site['mode'] );
			$this->assertSame( HitTable::SCHEMA_VERSION, $site['db_version'] );
			$this->assertTrue( $site['has_notice'], "site {$id} tells its owner which mode is on" );
			$this->assertTrue( $site['ingest_cron'], "site {$id} folds its own spool" );
		}
		$this->assertSame( 'wp_2_xmlrpc_shield_hits', self::$report['sites'][2]['table'] );
	}

	public function test_a_site_added_later_is_set_up_like_the_others(): void {
		$this->assertTrue( self::$report['loaded'], 'the plugin loads as network-active' );
		$third = self::$report['sites'][3];
		$this->assertSame( 'wp_3_xmlrpc_shield_hits', $third['table'] );
		$this->assertTrue( $third['has_table'] );
		$this->assertSame( 'block', $third['mode'] );
		$this->assertTrue( $third['ingest_cron'] );
	}

	public function test_each_site_keeps_its_own_settings_spool_and_log(): void {
		$this->assertSame( array( 1 => 'block', 2 => 'monitor', 3 => 'block' ), array_map( 'strval', self::$report['modes_after'] ) );
		$this->assertSame( array( 'hits-1.spool', 'hits-2.spool', 'hits-3.spool' ), array_values( array_column( self::$report['sites'], 'spool' ) ) );
		$this->assertSame( 'blocked', self::$report['third_decision'] );
		$this->assertSame( array( 1 => 0, 2 => 0, 3 => 1 ), array_map( 'intval', self::$report['hits'] ), 'the third site\'s hit is in its table only' );
	}
}
