<?php
/**
 * Upgrades: the stored schema version drives migrations on the next request, keeps every hit,
 * and a downgrade followed by an upgrade never duplicates rows. Options outlive a
 * deactivate/activate cycle. An update (files replaced, no activation) gets what an activation
 * gets, from WP-Cron after a visitor's request: the must-use loader and the autopilot's install,
 * unless the owner undid it.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Allowlist;
use XmlrpcShield\Autopilot\Autopilot;
use XmlrpcShield\Autopilot\State;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Lifecycle\Activation;
use XmlrpcShield\Lifecycle\MustUseLoader;
use XmlrpcShield\Lifecycle\Upgrade;
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
		// Later tests expect the current shape, and no unattended install.
		HitTable::install();
		wp_clear_scheduled_hook( Autopilot::HOOK );
		update_option( Settings::AUTOPILOT, 0, true );
		self::release_wp_cron();
		parent::tearDown();
	}

	/**
	 * What an update leaves: the files replaced, no activation, so none of what activation
	 * stores since the version that lacked it — no version record, no must-use loader, and
	 * (from 0.2.0) no autopilot option or state.
	 *
	 * @param string     $version         The version recorded ('' for none, as 0.2.0 left it).
	 * @param array|null $autopilot_state A stored autopilot state (null for none).
	 */
	private static function as_an_update_leaves_it( string $version, ?array $autopilot_state ): void {
		'' === $version ? delete_option( Settings::PLUGIN_VERSION ) : update_option( Settings::PLUGIN_VERSION, $version, true );
		delete_option( Settings::AUTOPILOT );
		null === $autopilot_state ? delete_option( Settings::AUTOPILOT_STATE ) : update_option( Settings::AUTOPILOT_STATE, $autopilot_state, true );
		wp_clear_scheduled_hook( Upgrade::HOOK );
		wp_clear_scheduled_hook( Autopilot::HOOK );
		MustUseLoader::remove();
		self::release_wp_cron();
		wp_cache_flush();
	}

	/**
	 * A visitor's request, then waits for the WP-Cron run it spawned to finish (core deletes its
	 * lock at the end) and holds WP-Cron, so an event that run scheduled stays scheduled.
	 *
	 * @return bool Whether the run finished with the version recorded.
	 */
	private function visit_and_wait_for_wp_cron(): bool {
		$this->assertSame( 200, self::http( 'GET', '/' )['status'] );
		for ( $wait = 0; $wait < 300; $wait++ ) {
			wp_cache_flush();
			if ( Upgrade::current() && false === get_transient( 'doing_cron' ) ) {
				self::hold_wp_cron();
				wp_cache_flush();
				return true;
			}
			usleep( 100000 );
		}
		return false;
	}

	public function test_an_update_from_0_2_0_gets_the_loader_and_the_autopilot_from_a_visitors_request(): void {
		self::as_an_update_leaves_it( '', null );
		$this->assertFileDoesNotExist( MustUseLoader::file() );

		$this->assertTrue( $this->visit_and_wait_for_wp_cron(), 'WP-Cron ran the update\'s steps' );

		$this->assertFileExists( MustUseLoader::file(), 'written and kept: its check passed' );
		$this->assertStringContainsString( "'basename' => 'xmlrpc-shield/plugin.php'", (string) file_get_contents( MustUseLoader::file() ) );
		$this->assertTrue( Autopilot::enabled() );
		$this->assertNotFalse( wp_next_scheduled( Autopilot::HOOK ), 'the install is due, as after an activation' );
		$this->assertSame( State::PENDING, Autopilot::state()->state() );
		$this->assertFalse( wp_next_scheduled( Upgrade::HOOK ), 'once' );

		// The loader decides the next XML-RPC request.
		$response = self::post_xmlrpc( self::PINGBACK_BODY );
		$this->assertSame( 403, $response['status'] );
		$this->assertSame( 'plugin', $response['headers']['x-xmlrpc-shield'] ?? '' );
	}

	public function test_without_wp_cron_an_admin_request_runs_the_update_once_it_is_overdue(): void {
		self::as_an_update_leaves_it( '', null );
		// WP-Cron never runs here (DISABLE_WP_CRON without a system cron): the event an earlier
		// request scheduled is two minutes overdue.
		self::hold_wp_cron();
		wp_schedule_single_event( time() - 2 * MINUTE_IN_SECONDS, Upgrade::HOOK );

		$this->assertSame( 200, self::http( 'GET', '/' )['status'] );
		wp_cache_flush();
		$this->assertFalse( Upgrade::current(), 'a visitor\'s request does no file work' );
		$this->assertFileDoesNotExist( MustUseLoader::file() );

		$admin = self::http( 'GET', '/wp-admin/index.php', null, array( 'Cookie' => self::login_cookie( 1 ) ) );
		$this->assertSame( 200, $admin['status'] );
		wp_cache_flush();
		$this->assertTrue( Upgrade::current() );
		$this->assertFileExists( MustUseLoader::file() );
		$this->assertNotFalse( wp_next_scheduled( Autopilot::HOOK ) );
		$this->assertFalse( wp_next_scheduled( Upgrade::HOOK ) );
	}

	public function test_an_update_keeps_the_owners_undo_and_off(): void {
		$undone = new State( null );
		$undone->undone( 'htaccess', time() - 3600, 'The owner removed the early gate.', array() );
		self::as_an_update_leaves_it( '0.3.0-beta', $undone->to_array() );

		$this->assertTrue( $this->visit_and_wait_for_wp_cron() );

		$this->assertFileExists( MustUseLoader::file(), 'the loader is not the early gate: the undo does not cover it' );
		$this->assertFalse( wp_next_scheduled( Autopilot::HOOK ), 'an undo is never re-done automatically' );
		$this->assertSame( State::UNDONE, Autopilot::state()->state() );

		// The owner turned autopilot off: no install either.
		self::as_an_update_leaves_it( '0.3.0-beta', null );
		update_option( Settings::AUTOPILOT, 0, true );
		$this->assertTrue( $this->visit_and_wait_for_wp_cron() );
		$this->assertFileExists( MustUseLoader::file() );
		$this->assertFalse( Autopilot::enabled() );
		$this->assertFalse( wp_next_scheduled( Autopilot::HOOK ) );
	}

	/**
	 * Replaces the table with schema 1's shape (no outcome_bucket index) holding some hits.
	 */
	private static function install_schema_one_with_hits(): void {
		global $wpdb;
		$table = HitTable::name();
		// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery
		$wpdb->query( "DROP TABLE IF EXISTS {$table}" );
		$schema = json_decode( (string) file_get_contents( __DIR__ . '/fixtures/hit-table-schema-1.json' ), true );
		$wpdb->query( "CREATE TABLE {$table} (\n  " . implode( ",\n  ", $schema['definitions'] ) . "\n)" );
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
