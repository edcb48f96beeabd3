<?php
/**
 * Upgrades: the stored schema version drives migrations on the next request, keeps every hit,
 * and a downgrade followed by an upgrade never duplicates rows. Options outlive a
 * deactivate/activate cycle.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Allowlist;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Lifecycle\Activation;
use XmlrpcShield\Log\HitTable;
use XmlrpcShield\Log\Ingester;
use XmlrpcShield\Settings;
use XmlrpcShield\TrustedProxyList;

final class UpgradeTest extends IntegrationTestCase {

	/**
	 * The minute the schema-1 hits were written in (a test that adds to them must not recompute
	 * it: a minute may turn in between).
	 *
	 * @var int
	 */
	private static $bucket = 0;

	protected function tearDown(): void {
		// Later tests expect the current shape.
		HitTable::install();
		parent::tearDown();
	}

	/**
	 * Replaces the table with schema 1's shape (no outcome_bucket index) holding some hits.
	 */
	private static function install_schema_one_with_hits(): void {
		global $wpdb;
		$table = HitTable::name();
		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery
		$wpdb->query( "DROP TABLE IF EXISTS {$table}" );
		$wpdb->query(
			"CREATE TABLE {$table} (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  bucket int(10) unsigned NOT NULL,
  ip varchar(45) NOT NULL,
  subnet varchar(49) NOT NULL,
  method varchar(64) NOT NULL DEFAULT '',
  outcome varchar(10) NOT NULL,
  hits int(10) unsigned NOT NULL DEFAULT 0,
  user_agent varchar(255) NOT NULL DEFAULT '',
  PRIMARY KEY  (id),
  UNIQUE KEY hit (ip,bucket,method,outcome),
  KEY bucket (bucket),
  KEY subnet (subnet)
)"
		);
		$bucket       = (int) ( floor( time() / 60 ) * 60 );
		self::$bucket = $bucket;
		for ( $i = 1; $i <= 40; $i++ ) {
			$wpdb->query( $wpdb->prepare( "INSERT INTO {$table} (bucket, ip, subnet, method, outcome, hits, user_agent) VALUES (%d, %s, %s, %s, %s, %d, %s)", $bucket - 60 * ( $i % 5 ), '198.51.100.' . $i, '198.51.100.0/24', 'pingback.ping', 'blocked', $i, 'old-agent' ) );
		}
		// phpcs:enable
		update_option( Settings::DB_VERSION, 1, true );
		wp_cache_flush();
	}

	/**
	 * @return array{rows:int, hits:int, indexes:array<int,string>, version:int}
	 */
	private static function table_state(): array {
		global $wpdb;
		wp_cache_flush();
		$table   = HitTable::name();
		$indexes = array();
		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery
		foreach ( (array) $wpdb->get_results( "SHOW INDEX FROM {$table}", ARRAY_A ) as $index ) {
			$indexes[] = (string) $index['Key_name'];
		}
		$state = array(
			'rows'    => (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$table}" ),
			'hits'    => (int) $wpdb->get_var( "SELECT SUM(hits) FROM {$table}" ),
			'indexes' => array_values( array_unique( $indexes ) ),
			'version' => (int) get_option( Settings::DB_VERSION ),
		);
		// phpcs:enable
		return $state;
	}

	public function test_an_older_schema_is_upgraded_on_the_next_request_without_losing_hits(): void {
		self::install_schema_one_with_hits();
		$before = self::table_state();
		$this->assertSame( 1, $before['version'] );
		$this->assertNotContains( 'outcome_bucket', $before['indexes'] );
		$this->assertSame( 40, $before['rows'] );
		$this->assertSame( 820, $before['hits'] );

		// An ordinary front-end request, as after a plugin update.
		$this->assertSame( 200, self::http( 'GET', '/' )['status'] );

		$after = self::table_state();
		$this->assertSame( HitTable::SCHEMA_VERSION, $after['version'] );
		$this->assertContains( 'outcome_bucket', $after['indexes'] );
		$this->assertSame( 40, $after['rows'] );
		$this->assertSame( 820, $after['hits'] );

		// The ingest's batch numbers work on the upgraded rows: a spooled hit adds to its row once.
		$bucket = self::$bucket;
		$this->assertTrue( Ingester::site_spool()->append( $bucket - 60, '198.51.100.1', 'pingback.ping', 'blocked', 'new-agent' ) );
		$this->assertTrue( Ingester::run()['ok'] );
		$this->assertSame( 821, self::table_state()['hits'] );
		$this->assertSame( 40, self::table_state()['rows'] );
	}

	public function test_downgrade_then_upgrade_keeps_one_row_per_key(): void {
		self::install_schema_one_with_hits();
		self::http( 'GET', '/' );
		$this->assertSame( HitTable::SCHEMA_VERSION, self::table_state()['version'] );

		// The older release's activation writes its own version back; the next load upgrades again.
		update_option( Settings::DB_VERSION, 1, true );
		self::http( 'GET', '/' );
		self::http( 'GET', '/' );
		$after = self::table_state();
		$this->assertSame( HitTable::SCHEMA_VERSION, $after['version'] );
		$this->assertSame( 40, $after['rows'] );
		$this->assertSame( 820, $after['hits'] );

		// The unique key survived: a new hit for an existing key adds to its row.
		global $wpdb;
		$table  = HitTable::name();
		$bucket = self::$bucket;
		$this->assertTrue(
			HitTable::add_counts(
				array(
					array(
						'bucket'     => $bucket - 60,
						'ip'         => '198.51.100.1',
						'subnet'     => '198.51.100.0/24',
						'method'     => 'pingback.ping',
						'outcome'    => 'blocked',
						'hits'       => 5,
						'user_agent' => 'new-agent',
					),
				)
			)
		);
		$this->assertSame( 40, self::table_state()['rows'] );
		$this->assertSame( 6, (int) $wpdb->get_var( $wpdb->prepare( "SELECT hits FROM {$table} WHERE ip = %s", '198.51.100.1' ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery
	}

	public function test_settings_survive_deactivate_and_activate(): void {
		Settings::set_mode( Decider::MODE_PINGBACK );
		$added = Allowlist::add( '203.0.113.0/24', 'office' );
		$this->assertNotInstanceOf( \WP_Error::class, $added );
		update_option( Settings::RETENTION_DAYS, 9 );
		$allowlist = get_option( Settings::ALLOWLIST );

		deactivate_plugins( 'xmlrpc-shield/plugin.php' );
		$this->assertFalse( is_plugin_active( 'xmlrpc-shield/plugin.php' ) );
		activate_plugin( 'xmlrpc-shield/plugin.php' );
		wp_cache_flush();

		$this->assertSame( Decider::MODE_PINGBACK, Settings::mode() );
		$this->assertSame( $allowlist, get_option( Settings::ALLOWLIST ) );
		$this->assertSame( 9, (int) get_option( Settings::RETENTION_DAYS ) );
		$this->assertSame( HitTable::SCHEMA_VERSION, (int) get_option( Settings::DB_VERSION ) );
	}

	public function test_missing_options_read_as_defaults(): void {
		foreach ( Settings::defaults() as $name => $value ) {
			delete_option( $name );
		}
		wp_cache_flush();
		$defaults = Settings::defaults();
		$this->assertSame( Decider::MODE_BLOCK, Settings::mode() );
		$this->assertSame( (int) $defaults[ Settings::RETENTION_DAYS ], Settings::retention_days() );
		$this->assertSame( (int) $defaults[ Settings::ROW_CAP ], Settings::row_cap() );
		$this->assertSame( array(), TrustedProxyList::cidrs() );
	}
}
