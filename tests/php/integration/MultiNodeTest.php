<?php
/**
 * Two web nodes behind a load balancer, all real and on loopback: two Apache + mod_php
 * instances, each with its own copy of the site's files and wp-content at the same path (the
 * second runs in a mount namespace of its own, as on its own server), one shared MariaDB, and
 * Debian's HAProxy in front (round robin, X-Forwarded-For, loopback the trusted proxy).
 * WP-Cron is off on both (DISABLE_WP_CRON); the system cron runs on node A only.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Gate\NodeBeat;
use XmlrpcShield\Log\CounterFlush;
use XmlrpcShield\Settings;

/**
 * In the group multinode: only the MariaDB pass runs it (the nodes share one database server).
 *
 * @group multinode
 */
final class MultiNodeTest extends IntegrationTestCase {

	/** Requests of one flood through the balancer (half reach each node). */
	const FLOOD = 40;

	/** @var string Node A's site (node B's copy is mounted at this path in its namespace). */
	private static $site_a = '';

	/** @var string Node B's copy of the site. */
	private static $site_b = '';

	/** @var int HAProxy's port on 127.0.0.1 (the site's URL), and each node's on its own address. */
	private static $balancer = 0;

	/** Node addresses, A then B: own addresses, one port, as web nodes on servers of their own. */
	const NODES = array( '127.0.0.2', '127.0.0.3' );

	/** @var \mysqli Shared database. */
	private static $db;

	/** @var string */
	private static $dbname = '';

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		self::assertSame( 'mysql', XS_TEST_DB, 'the multinode group runs on MariaDB: nodes share one database server' );
		$base           = (int) wp_parse_url( XS_TEST_SITE_URL, PHP_URL_PORT ) + 80;
		self::$balancer = $base;
		self::$dbname   = 'xs_multinode_' . wp_parse_url( XS_TEST_SITE_URL, PHP_URL_PORT );
		$socket         = (string) getenv( 'XS_MYSQL_SOCKET' );
		self::stop_servers();
		self::$db = new \mysqli( 'localhost', 'root', '', '', 0, $socket );
		self::$db->query( 'DROP DATABASE IF EXISTS ' . self::$dbname );
		self::$db->query( 'CREATE DATABASE ' . self::$dbname . ' CHARACTER SET utf8mb4' );
		self::$db->select_db( self::$dbname );

		self::$site_a = dirname( XS_TEST_SITE_DIR ) . '/multinode-' . $base . '-a';
		self::$site_b = dirname( XS_TEST_SITE_DIR ) . '/multinode-' . $base . '-b';
		self::shell( sprintf( 'bash -c %s', escapeshellarg( sprintf( 'source %s/tools/wp/lib.sh && XS_AUTOPILOT=off xs_create_site %s %s mysql %s %s', XS_REPO_DIR, escapeshellarg( self::$site_a ), escapeshellarg( 'http://127.0.0.1:' . self::$balancer ), escapeshellarg( $socket ), self::$dbname ) ) ) );
		// WP-Cron never spawns on either node; a system cron on node A runs it (run_cron_on_a()).
		file_put_contents( self::$site_a . '/wp-config-extra.php', "<?php\ndefine( 'DISABLE_WP_CRON', true );\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		// The spool instead of APCu counters where a test asks for it (an option both nodes read).
		file_put_contents( self::$site_a . '/wp-content/mu-plugins/xs-multinode.php', "<?php\nif ( get_option( 'xs_test_no_apcu' ) ) { add_filter( 'xmlrpc_shield_use_apcu', '__return_false' ); }\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		self::wp_a( 'xmlrpc-shield', 'proxy', 'add', '127.0.0.1' );
		self::wp_a( 'xmlrpc-shield', 'early-gate', 'install', '--method=htaccess', '--skip-verify' );
		// Deployed per node: node B gets its own copy of every file, wp-content included.
		self::shell( 'rm -rf ' . escapeshellarg( self::$site_b ) . ' && cp -a ' . escapeshellarg( self::$site_a ) . ' ' . escapeshellarg( self::$site_b ) );

		self::shell( self::apache( 0, 'start ' . escapeshellarg( self::$site_a ) . ' ' . self::$balancer . ' 6' ) );
		self::shell( self::on_b( self::apache( 1, 'start ' . escapeshellarg( self::$site_a ) . ' ' . self::$balancer . ' 6' ) ) );
		self::shell( 'bash ' . escapeshellarg( XS_REPO_DIR . '/tools/haproxy.sh' ) . ' start ' . self::$balancer . ' ' . self::NODES[0] . ':' . self::$balancer . ' ' . self::NODES[1] . ':' . self::$balancer );
	}

	public static function tearDownAfterClass(): void {
		self::stop_servers();
		self::$db->close();
		parent::tearDownAfterClass();
	}

	/**
	 * The shared test site is not used here; each test starts from an empty log on both nodes.
	 */
	protected function setUp(): void {
		self::$db->query( 'DELETE FROM wp_xmlrpc_shield_hits' );
		foreach ( array( self::$site_a, self::$site_b ) as $site ) {
			foreach ( (array) glob( $site . '/wp-content/xmlrpc-shield/hits-*' ) as $file ) {
				unlink( (string) $file );
			}
		}
	}

	public function test_a_flood_over_both_nodes_lands_exactly_with_apcu_counters_and_cron_on_node_a_only(): void {
		$this->assert_flood_lands_exactly( '127.0.0.21' );
	}

	public function test_a_flood_over_both_nodes_lands_exactly_with_spool_files(): void {
		self::php_a( 'update_option( "xs_test_no_apcu", 1 );' );
		try {
			// Each node's settings file says "no APCu", rewritten on each node by itself.
			self::rewrite_gate_settings();
			$this->assert_flood_lands_exactly(
				'127.0.0.22',
				function (): void {
					foreach ( array( self::$site_a, self::$site_b ) as $site ) {
						$this->assertNotSame( array(), (array) glob( $site . '/wp-content/xmlrpc-shield/hits-*.spool' ), 'each node spooled its share: ' . $site );
					}
				}
			);
		} finally {
			self::php_a( 'delete_option( "xs_test_no_apcu" );' );
			self::rewrite_gate_settings();
		}
	}

	public function test_an_allowlist_saved_on_node_a_reaches_node_b_while_its_gate_refuses_a_flood(): void {
		$client = '127.0.0.23';
		$this->assertSame( 'early-gate', self::post( 1, $client )['headers']['x-xmlrpc-shield'] ?? '', 'node B refuses before WordPress' );
		self::wp_a( 'xmlrpc-shield', 'allow', 'add', $client );
		try {
			$saved = microtime( true );
			$until = $saved + NodeBeat::INTERVAL + 10;
			$took  = null;
			// Node B sees nothing but this flood, five requests a second, which its gate refuses.
			while ( null === $took && microtime( true ) < $until ) {
				$response = self::post( 1, $client );
				if ( 403 !== $response['status'] ) {
					$this->assertSame( 200, $response['status'], 'allowlisted: WordPress answers the call' );
					$took = microtime( true ) - $saved;
				}
				usleep( 200000 );
			}
			$this->assertNotNull( $took, 'node B still refuses an allowlisted client ' . ( NodeBeat::INTERVAL + 10 ) . ' s after the save on node A' );
			$this->assertLessThanOrEqual( NodeBeat::INTERVAL + 5, $took, 'the stated bound: one beat interval plus a drain' );
			$this->assertNotSame( 'early-gate', self::post( 1, $client )['headers']['x-xmlrpc-shield'] ?? '' );
			$this->assertSame( 'early-gate', self::post( 1, '127.0.0.24' )['headers']['x-xmlrpc-shield'] ?? '', 'others still refused early on node B' );
		} finally {
			self::wp_a( 'xmlrpc-shield', 'allow', 'remove', $client );
		}
	}

	public function test_status_names_each_node_its_last_drain_and_an_out_of_date_gate(): void {
		self::drain( 0 );
		self::drain( 1 );
		$nodes = self::cli_nodes();
		$this->assertCount( 2, $nodes, 'both nodes reported' );
		foreach ( $nodes as $node ) {
			$this->assertGreaterThan( time() - 60, $node['last_drain'], $node['id'] );
			$this->assertTrue( $node['gate_installed'], $node['id'] );
			$this->assertTrue( $node['gate_current'], $node['id'] );
		}
		$this->assertEqualsCanonicalizing( array( self::NODES[0] . ':' . self::$balancer, self::NODES[1] . ':' . self::$balancer ), array_column( $nodes, 'address' ) );

		// A change saved on node A; node A drains, node B (no traffic) not yet.
		self::wp_a( 'xmlrpc-shield', 'mode', 'monitor' );
		try {
			self::drain( 0 );
			$current = array_column( self::cli_nodes(), 'gate_current', 'address' );
			$this->assertTrue( $current[ self::NODES[0] . ':' . self::$balancer ], 'node A decides with the new mode' );
			$this->assertFalse( $current[ self::NODES[1] . ':' . self::$balancer ], 'node B runs an out-of-date gate' );
			$table = self::wp_a( 'xmlrpc-shield', 'status' );
			$this->assertStringContainsString( 'node: ' . php_uname( 'n' ) . ' ' . self::NODES[1] . ':' . self::$balancer, $table );
			$this->assertStringContainsString( 'gate out of date', $table );

			// The admin page's REST status says the same.
			$session = json_decode( self::php_a( '$e = time() + 3600; $t = WP_Session_Tokens::get_instance( 1 )->create( $e ); $_COOKIE[ LOGGED_IN_COOKIE ] = wp_generate_auth_cookie( 1, $e, "logged_in", $t ); wp_set_current_user( 1 ); echo wp_json_encode( array( "cookie" => LOGGED_IN_COOKIE . "=" . rawurlencode( $_COOKIE[ LOGGED_IN_COOKIE ] ) . "; " . AUTH_COOKIE . "=" . rawurlencode( wp_generate_auth_cookie( 1, $e, "auth", $t ) ), "nonce" => wp_create_nonce( "wp_rest" ) ) );' ), true );
			$rest    = self::http_to(
				'http://127.0.0.1:' . self::$balancer . '/?rest_route=/xmlrpc-shield/v1/status',
				'GET',
				null,
				array(
					'Cookie'     => $session['cookie'],
					'X-WP-Nonce' => $session['nonce'],
				)
			);
			$this->assertSame( 200, $rest['status'], $rest['body'] );
			$status = json_decode( $rest['body'], true );
			$this->assertSame( $current, array_column( $status['nodes'], 'gate_current', 'address' ) );

			self::drain( 1 );
			$this->assertSame( array( true, true ), array_values( array_column( self::cli_nodes(), 'gate_current' ) ), 'after its drain node B is current' );
		} finally {
			self::wp_a( 'xmlrpc-shield', 'mode', 'block' );
		}
	}

	/**
	 * Floods both nodes through the balancer from one client, runs the system cron on node A
	 * only, and waits (bounded) for the shared table to hold every hit, exactly.
	 *
	 * @param string        $client       Loopback address the flood comes from.
	 * @param callable|null $before_cron  Checks made between the flood and the cron run.
	 */
	private function assert_flood_lands_exactly( string $client, ?callable $before_cron = null ): void {
		$served   = array_map( array( self::class, 'xmlrpc_posts' ), array( 0, 1 ) );
		$statuses = self::flood( $client, self::FLOOD );
		$this->assertSame( array_fill( 0, self::FLOOD, 403 ), $statuses );
		foreach ( array( 0, 1 ) as $node ) {
			$this->assertGreaterThanOrEqual( self::FLOOD / 2 - 1, self::xmlrpc_posts( $node ) - $served[ $node ], 'the balancer sent node ' . self::NODES[ $node ] . ' its share' );
		}
		if ( null !== $before_cron ) {
			$before_cron();
		}
		self::run_cron_on_a();
		$until = microtime( true ) + 30;
		do {
			usleep( 250000 );
			$counted = self::counted( $client );
		} while ( $counted < self::FLOOD && microtime( true ) < $until );
		$this->assertSame( self::FLOOD, $counted, 'every hit of both nodes in the shared table, the client named through the balancer' );
		// Another round of drains adds nothing: each hit counted once.
		self::run_cron_on_a();
		self::drain( 0 );
		self::drain( 1 );
		$this->assertSame( self::FLOOD, self::counted( $client ) );
	}

	/**
	 * POSTs to xmlrpc.php a node's Apache has served so far.
	 *
	 * @param int $node 0 for A, 1 for B.
	 */
	private static function xmlrpc_posts( int $node ): int {
		return substr_count( (string) file_get_contents( XS_REPO_DIR . '/.wp/apache/' . self::NODES[ $node ] . '-' . self::$balancer . '/logs/access.log' ), 'POST /xmlrpc.php' ); // phpcs:ignore WordPress.WP.AlternativeFunctions
	}

	/**
	 * Hits the shared table holds for a client.
	 *
	 * @param string $client Address.
	 */
	private static function counted( string $client ): int {
		$result = self::$db->query( "SELECT COALESCE(SUM(hits), 0) FROM wp_xmlrpc_shield_hits WHERE ip = '" . self::$db->real_escape_string( $client ) . "'" );
		return (int) $result->fetch_row()[0];
	}

	/**
	 * Sends pingback.ping POSTs through the balancer at once from one loopback address, one
	 * connection each.
	 *
	 * @param string $client Source address.
	 * @param int    $count  Requests.
	 * @return int[] Statuses.
	 */
	private static function flood( string $client, int $count ): array {
		return self::post_at_once( '/xmlrpc.php', self::PINGBACK_BODY, array_fill( 0, $count, array( 'Connection: close' ) ), null, 'http://127.0.0.1:' . self::$balancer, $client );
	}

	/**
	 * One pingback.ping POST straight to a node from a loopback address (no proxy: the address
	 * is the client).
	 *
	 * @param int    $node   0 for A, 1 for B.
	 * @param string $client Source address.
	 * @return array{status:int, headers:array<string,string>}
	 */
	private static function post( int $node, string $client ): array {
		$response = self::http_to(
			'http://' . self::NODES[ $node ] . ':' . self::$balancer . '/xmlrpc.php',
			'POST',
			self::PINGBACK_BODY,
			array(
				'Content-Type' => 'text/xml',
				'Host'         => '127.0.0.1:' . self::$balancer,
			),
			$client
		);
		return array(
			'status'  => $response['status'],
			'headers' => $response['headers'],
		);
	}

	/**
	 * Asks one node to drain now (settings and ingest), as the minutely ingest does, and waits
	 * for its answer.
	 *
	 * @param int $node 0 for A, 1 for B.
	 */
	private static function drain( int $node ): void {
		$key      = self::$db->query( "SELECT option_value FROM wp_options WHERE option_name = '" . Settings::FLUSH_KEY . "'" )->fetch_row()[0];
		$response = self::http_to(
			'http://' . self::NODES[ $node ] . ':' . self::$balancer . '/?rest_route=/xmlrpc-shield/v1/nodes/drain',
			'POST',
			'',
			array(
				CounterFlush::HEADER => (string) $key,
				'Host'               => '127.0.0.1:' . self::$balancer,
			)
		);
		self::assertSame( 200, $response['status'], $response['body'] );
	}

	/**
	 * The nodes `wp xmlrpc-shield status --format=json` lists, run on node A.
	 *
	 * @return array<int,array<string,mixed>>
	 */
	private static function cli_nodes(): array {
		$status = json_decode( self::wp_a( 'xmlrpc-shield', 'status', '--format=json' ), true );
		self::assertIsArray( $status['nodes'] ?? null );
		return $status['nodes'];
	}

	/**
	 * The system cron of node A, the only node with one: the minutely ingest is due, and
	 * node A's wp-cron.php is requested on node A itself (DISABLE_WP_CRON stops only spawning).
	 */
	private static function run_cron_on_a(): void {
		self::php_a( 'wp_unschedule_hook( XmlrpcShield\Log\Scheduler::INGEST_HOOK ); wp_schedule_event( time() - 1, XmlrpcShield\Log\Scheduler::SCHEDULE, XmlrpcShield\Log\Scheduler::INGEST_HOOK );' );
		$cron = self::http_to( 'http://' . self::NODES[0] . ':' . self::$balancer . '/wp-cron.php', 'GET', null, array( 'Host' => '127.0.0.1:' . self::$balancer ) );
		self::assertSame( 200, $cron['status'] );
		// The ingest ran (rescheduled a minute on).
		self::assertGreaterThan( time() + 30, (int) self::php_a( 'echo wp_next_scheduled( XmlrpcShield\Log\Scheduler::INGEST_HOOK );' ) );
	}

	/**
	 * Each node rewrites its own early-gate settings file from the database, as an operator's
	 * script on each server would.
	 */
	private static function rewrite_gate_settings(): void {
		$code = 'XmlrpcShield\\EarlyGate\\Installer::write_settings();';
		self::php_a( $code );
		self::shell( self::on_b( self::php_command( $code ) ) );
	}

	/**
	 * Runs PHP code in node A's WordPress from a shell on node A; returns what it printed.
	 *
	 * @param string $code PHP statements.
	 */
	private static function php_a( string $code ): string {
		return self::shell( self::php_command( $code ) );
	}

	/**
	 * The shell command that runs PHP code in the WordPress at node A's path (node B's copy
	 * when run through on_b()).
	 *
	 * @param string $code PHP statements.
	 */
	private static function php_command( string $code ): string {
		$boot = '$_SERVER["HTTP_HOST"] = "127.0.0.1:' . self::$balancer . '"; require ' . var_export( self::$site_a . '/wp-load.php', true ) . '; ';
		return escapeshellarg( PHP_BINARY ) . ' -d error_reporting=0 -r ' . escapeshellarg( $boot . $code );
	}

	/**
	 * Runs WP-CLI on node A (the test's shell is node A's).
	 *
	 * @param string ...$args Arguments after `wp`.
	 */
	private static function wp_a( string ...$args ): string {
		$command = array_merge( array( XS_REPO_DIR . '/vendor/bin/wp', '--path=' . self::$site_a, '--allow-root' ), $args );
		return self::shell( implode( ' ', array_map( 'escapeshellarg', $command ) ) );
	}

	/**
	 * A command run as on node B: in a mount namespace where node B's copy sits at node A's
	 * path (the same absolute paths, as on a server of its own).
	 *
	 * @param string $command Shell command.
	 */
	private static function on_b( string $command ): string {
		return 'unshare --mount --propagation private bash -c ' . escapeshellarg( 'mount --bind ' . escapeshellarg( self::$site_b ) . ' ' . escapeshellarg( self::$site_a ) . ' && ' . $command );
	}

	/**
	 * Runs a shell command; fails the test when it fails. Returns its standard output.
	 *
	 * @param string $command Command.
	 */
	private static function shell( string $command ): string {
		$errors = (string) tempnam( sys_get_temp_dir(), 'xs-multinode' );
		exec( $command . ' 2>' . escapeshellarg( $errors ), $out, $code );
		$stderr = (string) file_get_contents( $errors ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		unlink( $errors );
		self::assertSame( 0, $code, $command . "\n" . implode( "\n", $out ) . "\n" . $stderr );
		return implode( "\n", $out );
	}

	/**
	 * Stops the balancer and both nodes (by their own ports and pid files).
	 */
	private static function stop_servers(): void {
		exec( 'bash ' . escapeshellarg( XS_REPO_DIR . '/tools/haproxy.sh' ) . ' stop ' . self::$balancer );
		foreach ( array( 0, 1 ) as $node ) {
			exec( self::apache( $node, 'stop ' . self::$balancer ) );
		}
	}

	/**
	 * A tools/apache.sh command for a node's server (on the node's own address).
	 *
	 * @param int    $node 0 for A, 1 for B.
	 * @param string $args Arguments after the script.
	 */
	private static function apache( int $node, string $args ): string {
		return 'XS_APACHE_ADDR=' . self::NODES[ $node ] . ' bash ' . escapeshellarg( XS_REPO_DIR . '/tools/apache.sh' ) . ' ' . $args;
	}
}
