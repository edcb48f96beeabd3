<?php
/**
 * Pushing the blocklist to a real CrowdSec Local API (Debian's crowdsec 1.4, started here by
 * tools/crowdsec.sh with its own config, SQLite database and port on loopback; no systemd).
 *
 * The floods come over real HTTP from loopback with X-Forwarded-For, loopback being the trusted
 * proxy: the gate names the client exactly as behind a real load balancer, and public networks
 * reach the log through the same code path as on a live site. (Flooding from 127.0.0.N alone
 * would prove nothing: loopback is special-purpose, never pushed, and one of our checks.) What
 * bouncers receive is checked twice: the bouncer API (`GET /v1/decisions/stream` with a key from
 * `cscli bouncers add`), and Debian's crowdsec-firewall-bouncer itself, run in a network
 * namespace of its own so the sets and DROP rules it writes never touch this shared machine's
 * firewall.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Allowlist;
use XmlrpcShield\CrowdSec\Alerts;
use XmlrpcShield\CrowdSec\Config;
use XmlrpcShield\CrowdSec\Pusher;
use XmlrpcShield\Log\Scheduler;
use XmlrpcShield\Settings;

/**
 * In the group crowdsec: only the current release's SQLite pass runs it (a private LAPI each time).
 *
 * @group crowdsec
 */
final class CrowdSecTest extends IntegrationTestCase {

	/** Two flooding networks: one IPv4 /24, one IPv6 /64. */
	const NET_A = '45.155.205.0/24';
	const NET_B = '2a0e:1c80:1:1::/64';

	/** A network that floods, then is allowlisted. */
	const NET_ALLOWED = '91.92.93.0/24';

	const MACHINE  = 'xs-wordpress';
	const PASSWORD = 'xs-test-machine-password-0123456789';

	/**
	 * LAPI port.
	 *
	 * @var int
	 */
	private static $port;

	/**
	 * Bouncer API key.
	 *
	 * @var string
	 */
	private static $bouncer_key;

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		self::$port = (int) ( getenv( 'XS_CROWDSEC_PORT' ) ? getenv( 'XS_CROWDSEC_PORT' ) : (int) wp_parse_url( XS_TEST_SITE_URL, PHP_URL_PORT ) - 20 );
		// A fresh database each run: decisions from an earlier run must not count.
		self::crowdsec( 'stop' );
		exec( 'rm -rf ' . escapeshellarg( self::lapi_dir() ) );
		self::crowdsec( 'start' );
		self::crowdsec( 'cscli', 'machines', 'add', self::MACHINE, '--password', self::PASSWORD, '-f', '/dev/null' );
		self::$bouncer_key = trim( self::crowdsec( 'cscli', 'bouncers', 'add', 'xs-test-bouncer', '-o', 'raw' ) );
	}

	public static function tearDownAfterClass(): void {
		self::crowdsec( 'bouncer-stop' );
		self::crowdsec( 'stop' );
		delete_option( Settings::CROWDSEC );
		delete_option( Settings::CROWDSEC_STATE );
		parent::tearDownAfterClass();
	}

	protected function setUp(): void {
		parent::setUp();
		delete_option( Settings::CROWDSEC );
		delete_option( Settings::CROWDSEC_STATE );
		self::crowdsec( 'start' );
		// Each test starts with no alert and no decision.
		self::crowdsec( 'cscli', 'alerts', 'delete', '--all' );
		// No WP-Cron run of the served site ingests or pushes between a flood and the push the
		// test makes itself (one did once: the CLI then found everything pushed already).
		self::hold_wp_cron();
	}

	protected function tearDown(): void {
		self::release_wp_cron();
		parent::tearDown();
	}

	private static function lapi_dir(): string {
		return XS_REPO_DIR . '/.wp/crowdsec-' . self::$port;
	}

	private static function lapi_url(): string {
		return 'http://127.0.0.1:' . self::$port . '/';
	}

	/**
	 * Runs tools/crowdsec.sh on this test's private LAPI; fails the test when it fails.
	 *
	 * @param string ...$args Arguments.
	 */
	private static function crowdsec( string ...$args ): string {
		$command = sprintf(
			'XS_CROWDSEC_PORT=%d XS_CROWDSEC_DIR=%s bash %s %s 2>&1',
			self::$port,
			escapeshellarg( self::lapi_dir() ),
			escapeshellarg( XS_REPO_DIR . '/tools/crowdsec.sh' ),
			implode( ' ', array_map( 'escapeshellarg', $args ) )
		);
		exec( $command, $output, $code );
		self::assertSame( 0, $code, implode( "\n", $output ) );
		return implode( "\n", $output );
	}

	/**
	 * Networks with a live decision of our scenario, as `cscli decisions list -o json` shows them.
	 *
	 * @return array<string,int> Network => number of live decisions.
	 */
	private static function cscli_decisions(): array {
		$alerts = json_decode( self::crowdsec( 'cscli', 'decisions', 'list', '-o', 'json' ), true );
		$found  = array();
		foreach ( (array) $alerts as $alert ) {
			foreach ( (array) ( $alert['decisions'] ?? array() ) as $decision ) {
				self::assertSame( Alerts::SCENARIO, $decision['scenario'] );
				self::assertSame( 'Range', $decision['scope'] );
				self::assertSame( 'ban', $decision['type'] );
				$found[ $decision['value'] ] = ( $found[ $decision['value'] ] ?? 0 ) + 1;
			}
		}
		ksort( $found );
		return $found;
	}

	/**
	 * Alerts of our scenario per network, as `cscli alerts list -o json` shows them (`decisions
	 * list` shows one line per network, skipping the older duplicates a refresh leaves).
	 *
	 * @return array<string,int> Network => number of alerts.
	 */
	private static function cscli_alerts(): array {
		$found = array();
		foreach ( (array) json_decode( self::crowdsec( 'cscli', 'alerts', 'list', '-o', 'json' ), true ) as $alert ) {
			self::assertSame( Alerts::SCENARIO, $alert['scenario'] );
			$found[ $alert['source']['value'] ] = ( $found[ $alert['source']['value'] ] ?? 0 ) + 1;
		}
		return $found;
	}

	/**
	 * What a bouncer receives: the decision stream from its start.
	 *
	 * @return array{new:string[],deleted:string[]}
	 */
	private static function bouncer_stream(): array {
		$answer = self::http_to( self::lapi_url() . 'v1/decisions/stream?startup=true', 'GET', null, array( 'X-Api-Key' => self::$bouncer_key ) );
		self::assertSame( 200, $answer['status'], $answer['body'] );
		$stream = json_decode( $answer['body'], true );
		$out    = array(
			'new'     => array(),
			'deleted' => array(),
		);
		foreach ( array_keys( $out ) as $kind ) {
			foreach ( (array) ( $stream[ $kind ] ?? array() ) as $decision ) {
				self::assertSame( Alerts::SCENARIO, $decision['scenario'] );
				$out[ $kind ][] = $decision['value'];
			}
			sort( $out[ $kind ] );
		}
		return $out;
	}

	/**
	 * Runs Debian's crowdsec-firewall-bouncer (in a network namespace of its own, see
	 * tools/crowdsec.sh) until its sets hold what the LAPI's stream holds, and returns the
	 * members of its ipsets; checks the DROP rules that use them.
	 *
	 * @return string[] Networks in the bouncer's sets.
	 */
	private static function firewall_bouncer_sets(): array {
		$key = trim( self::crowdsec( 'cscli', 'bouncers', 'add', 'xs-firewall-' . wp_generate_password( 8, false ), '-o', 'raw' ) );
		self::crowdsec( 'bouncer-start', $key );
		try {
			$wanted = count( self::bouncer_stream()['new'] );
			// The bouncer polls every second: wait (at most 20 s) for its first pull to land.
			for ( $i = 0; $i < 40; $i++ ) {
				$sets = self::crowdsec( 'bouncer-sets' );
				preg_match_all( '/^(\S+) timeout \d+$/m', $sets, $members );
				if ( count( $members[1] ) >= $wanted && $wanted > 0 ) {
					break;
				}
				usleep( 500000 );
			}
			self::assertStringContainsString( '-A INPUT -m set --match-set crowdsec-blacklists src -j DROP', $sets );
			self::assertStringContainsString( '-A INPUT -m set --match-set crowdsec6-blacklists src -j DROP', $sets );
		} finally {
			self::crowdsec( 'bouncer-stop' );
		}
		$found = $members[1];
		sort( $found );
		return $found;
	}

	/**
	 * Blocked pingbacks, all at once, from addresses of the given networks (through the trusted
	 * proxy on loopback), plus loopback and a private network.
	 *
	 * @param string[]      $clients Client addresses.
	 * @param int           $each    Requests per address.
	 * @param callable|null $while   Called while the requests are in flight.
	 */
	private static function flood( array $clients, int $each, ?callable $while = null ): void {
		$headers = array();
		foreach ( $clients as $client ) {
			for ( $i = 0; $i < $each; $i++ ) {
				$headers[] = '' === $client ? array() : array( 'X-Forwarded-For: ' . $client );
			}
		}
		foreach ( self::post_at_once( '/xmlrpc.php', self::PINGBACK_BODY, $headers, $while ) as $status ) {
			self::assertSame( 403, $status );
		}
	}

	/**
	 * Trusted proxy, threshold 20, this LAPI and machine, pushing on.
	 */
	private static function configure(): void {
		self::assertIsArray( Settings::update( array( 'trusted_proxies' => array( '127.0.0.1/32' ) ) ) );
		$saved = Config::update(
			array(
				'url'        => self::lapi_url(),
				'machine_id' => self::MACHINE,
				'password'   => self::PASSWORD,
				'threshold'  => 20,
				'enabled'    => true,
			)
		);
		self::assertIsArray( $saved );
	}

	/**
	 * Two networks over the threshold; an allowlisted one, a private one and loopback (the
	 * server itself, and the trusted proxy) too, each over it as well.
	 */
	private static function flood_from_everyone(): void {
		self::flood( array( '45.155.205.10', '45.155.205.77', '2a0e:1c80:1:1::5', '2a0e:1c80:1:1:ffff::9', '91.92.93.4', '10.9.8.7', '' ), 12 );
		// Allowlisted after its flood: its blocked hits are in the log, yet it is never pushed.
		self::assertIsArray( Allowlist::add( self::NET_ALLOWED, 'Partner' ) );
	}

	public function test_a_flood_from_two_networks_reaches_cscli_and_a_bouncer(): void {
		self::configure();
		self::flood_from_everyone();

		$cli = self::wp_cli( array( 'xmlrpc-shield', 'crowdsec', 'push' ) );
		$this->assertSame( 0, $cli['code'], $cli['err'] . $cli['out'] );
		$this->assertStringContainsString( 'Pushed ' . self::NET_A, $cli['out'] );
		$this->assertStringContainsString( 'Pushed ' . self::NET_B, $cli['out'] );

		$expected = array(
			self::NET_B => 1,
			self::NET_A => 1,
		);
		ksort( $expected );
		$this->assertSame( $expected, self::cscli_decisions(), 'only the two flooding public networks, with our scenario' );
		$stream = self::bouncer_stream();
		$this->assertSame( array_keys( $expected ), $stream['new'], 'the bouncer receives both; never the allowlisted, private or loopback network' );
		$this->assertSame( array_keys( $expected ), self::firewall_bouncer_sets(), 'the firewall bouncer drops exactly the two networks' );

		// The state says what was pushed; a read shows no password.
		wp_set_current_user( 1 );
		$rest = rest_do_request( new \WP_REST_Request( 'GET', '/xmlrpc-shield/v1/crowdsec' ) );
		$this->assertSame( 200, $rest->get_status() );
		$body = $rest->get_data();
		$this->assertEqualsCanonicalizing( array( self::NET_A, self::NET_B ), array_column( $body['state']['networks'], 'cidr' ) );
		$this->assertSame( '', $body['state']['last_error'] );
		$this->assertNotNull( $body['state']['last_success_at'] );
		$this->assertTrue( $body['settings']['password_set'] );
		$this->assertStringNotContainsString( self::PASSWORD, (string) wp_json_encode( $body ) );
		$status = self::wp_cli( array( 'xmlrpc-shield', 'crowdsec', 'status' ) );
		$this->assertMatchesRegularExpression( '/^Networks pushed: 2$/m', $status['out'] );
		$this->assertStringNotContainsString( self::PASSWORD, $status['out'] );

		// The next cron run finds both decisions fresh: nothing sent twice.
		$this->assertSame( 'nothing-to-do', Pusher::push( false )['status'] );
		$this->assertSame( $expected, self::cscli_decisions() );
	}

	public function test_a_network_still_flooding_is_refreshed_and_one_that_stopped_is_left_to_expire(): void {
		self::configure();
		self::flood( array( '45.155.205.10', '2a0e:1c80:1:1::5' ), 21 );
		Scheduler::ingest_and_prune();
		$this->assertSame( 'pushed', Pusher::push( false )['status'] );

		// Twelve hours later (of 24): both decisions are past half their length. B stopped
		// flooding an hour ago, so its hits left the push window.
		global $wpdb;
		$wpdb->query( $wpdb->prepare( 'UPDATE ' . \XmlrpcShield\Log\HitTable::name() . ' SET bucket = bucket - %d WHERE subnet = %s', 2 * HOUR_IN_SECONDS, self::NET_B ) ); // phpcs:ignore
		$state = get_option( Settings::CROWDSEC_STATE );
		foreach ( $state['networks'] as $cidr => $network ) {
			$state['networks'][ $cidr ]['until'] = time() + 11 * HOUR_IN_SECONDS;
		}
		update_option( Settings::CROWDSEC_STATE, $state, false );

		$report = Pusher::push( false );
		$this->assertSame( array( self::NET_A ), $report['pushed'], 'A still floods: refreshed; B is not sent again' );
		$alerts = self::cscli_alerts();
		$this->assertSame( 2, $alerts[ self::NET_A ], 'a fresh full-length decision beside the old one' );
		$this->assertSame( 1, $alerts[ self::NET_B ], 'B keeps only its first decision, which runs out by itself' );
	}

	public function test_a_network_allowlisted_after_its_push_is_withdrawn(): void {
		self::configure();
		self::flood( array( '45.155.205.10' ), 21 );
		Scheduler::ingest_and_prune();
		$this->assertSame( array( self::NET_A ), Pusher::push( false )['pushed'] );
		$this->assertSame( array( self::NET_A ), self::bouncer_stream()['new'] );

		self::assertIsArray( Allowlist::add( '45.155.205.0/24', 'Turned out to be a partner' ) );
		$report = Pusher::push( false );
		$this->assertSame( array( self::NET_A ), $report['withdrawn'] );
		$this->assertSame( array(), self::cscli_decisions() );
		$stream = self::bouncer_stream();
		$this->assertSame( array(), $stream['new'] );
		$this->assertSame( array(), Pusher::public_state( time() )['networks'] );
	}

	/**
	 * The other route: CrowdSec's own agent reads the web server's access log with the hub's
	 * apache2/nginx parsers plus our parser and scenario (data/crowdsec/), replayed over a log in
	 * the combined format both servers write. Only the two clients that POST to the gated
	 * scripts, however spelled, past the bucket's capacity are sent to the LAPI; look-alike
	 * names, GETs and a client under the capacity are not.
	 */
	public function test_the_shipped_parser_and_scenario_detect_floods_in_access_logs(): void {
		$start   = time() - 600;
		$lines   = array();
		$clients = array(
			'198.51.100.7'  => array( 'POST', array( '/XMLRPC.PHP', '//xmlrpc.php', '/xmlrpc.php/', '/blog/xmlrpc.php?rsd', '/%78mlrpc.php', 'http://example.com/xmlrpc.php', '/Xmlrpc.php/x' ), 28 ),
			'203.0.113.9'   => array( 'POST', array( '/wp-trackback.php?p=1', '/Wp-Trackback.php' ), 28 ),
			'192.0.2.50'    => array( 'POST', array( '/xmlrpc.php.bak', '/xmlrpc-notes.php', '/wp-content/xmlrpc.phpx' ), 28 ),
			'192.0.2.51'    => array( 'GET', array( '/xmlrpc.php' ), 28 ),
			'198.51.100.99' => array( 'POST', array( '/xmlrpc.php' ), 15 ),
		);
		for ( $second = 0; $second < 28; $second++ ) {
			foreach ( $clients as $ip => list( $method, $paths, $count ) ) {
				if ( $second < $count ) {
					$lines[] = sprintf( '%s - - [%s] "%s %s HTTP/1.0" 403 199 "-" "Mozilla/5.0"', $ip, gmdate( 'd/M/Y:H:i:s O', $start + $second ), $method, $paths[ $second % count( $paths ) ] );
				}
			}
		}
		$log = XS_TEST_SITE_DIR . '/crowdsec-access.log';
		file_put_contents( $log, implode( "\n", $lines ) . "\n" );
		foreach ( array( 'apache2', 'nginx' ) as $type ) {
			self::crowdsec( 'cscli', 'alerts', 'delete', '--all' );
			self::crowdsec( 'replay', $log, $type );
			$alerts = array();
			foreach ( (array) json_decode( self::crowdsec( 'cscli', 'alerts', 'list', '-o', 'json' ), true ) as $alert ) {
				$this->assertSame( Alerts::SCENARIO, $alert['scenario'], $type );
				$this->assertSame( 'Ip', $alert['source']['scope'], $type );
				$alerts[] = $alert['source']['value'];
			}
			sort( $alerts );
			$this->assertSame( array( '198.51.100.7', '203.0.113.9' ), $alerts, $type );
		}
		unlink( $log );
	}

	public function test_settings_are_validated_and_nothing_is_saved_on_error(): void {
		wp_set_current_user( 1 );
		$post = static function ( array $body ): \WP_REST_Response {
			$request = new \WP_REST_Request( 'POST', '/xmlrpc-shield/v1/crowdsec' );
			$request->set_header( 'Content-Type', 'application/json' );
			$request->set_body( (string) wp_json_encode( $body ) );
			return rest_do_request( $request );
		};
		$ok = $post(
			array(
				'url'        => 'http://127.0.0.1:8080',
				'machine_id' => 'web-1',
				'password'   => 'first-secret',
				'threshold'  => 50,
			)
		);
		$this->assertSame( 200, $ok->get_status() );
		$this->assertSame( 'http://127.0.0.1:8080/', $ok->get_data()['settings']['url'] );
		$before = get_option( Settings::CROWDSEC );

		foreach ( array(
			'url'            => array( 'url' => 'ftp://lapi.example/' ),
			'url'            => array( 'url' => 'http://user:pass@lapi.example/' ),
			'machine_id'     => array( 'machine_id' => 'two words' ),
			'threshold'      => array( 'threshold' => 0 ),
			'duration_hours' => array( 'duration_hours' => 10000 ),
			'enabled'        => array( 'enabled' => 'perhaps' ),
		) as $param => $body ) {
			$answer = $post( $body + array( 'threshold' => 70 ) );
			$this->assertSame( 400, $answer->get_status(), $param );
			$this->assertArrayHasKey( $param, $answer->get_data()['data']['params'], $param );
			$this->assertSame( $before, get_option( Settings::CROWDSEC ), 'nothing saved, not even the valid threshold' );
		}

		// Enabling needs every login detail; an empty password keeps the stored one.
		$this->assertSame( 200, $post( array( 'password' => '' ) )->get_status() );
		$this->assertSame( 'first-secret', Config::get()['password'] );
		$this->assertSame( 400, $post( array( 'machine_id' => '', 'enabled' => true ) )->get_status() );
		$this->assertFalse( Config::get()['enabled'] );

		$read = rest_do_request( new \WP_REST_Request( 'GET', '/xmlrpc-shield/v1/crowdsec' ) )->get_data();
		$this->assertArrayNotHasKey( 'password', $read['settings'] );
		$this->assertStringNotContainsString( 'first-secret', (string) wp_json_encode( $read ) );
	}

	/**
	 * WP-CLI's configure saves what it is given (the URL option is not WP-CLI's global --url,
	 * which names the site) and refuses bad input with the reason, saving nothing.
	 */
	public function test_wp_cli_configures_and_refuses_bad_input(): void {
		$saved = self::wp_cli( array( 'xmlrpc-shield', 'crowdsec', 'configure', '--lapi-url=' . self::lapi_url(), '--machine=' . self::MACHINE, '--password=' . self::PASSWORD, '--threshold=30', '--duration=6', '--enable' ) );
		$this->assertSame( 0, $saved['code'], $saved['err'] );
		$expected = array(
			'enabled'        => true,
			'url'            => self::lapi_url(),
			'machine_id'     => self::MACHINE,
			'password'       => self::PASSWORD,
			'threshold'      => 30,
			'duration_hours' => 6,
		);
		$this->assertSame( $expected, Config::get() );
		$refused = self::wp_cli( array( 'xmlrpc-shield', 'crowdsec', 'configure', '--threshold=0', '--lapi-url=http://elsewhere.example/' ) );
		$this->assertSame( 1, $refused['code'] );
		$this->assertStringContainsString( 'The threshold must be a whole number', $refused['err'] );
		$this->assertSame( $expected, Config::get() );
		$status = json_decode( self::wp_cli( array( 'xmlrpc-shield', 'crowdsec', 'status', '--format=json' ) )['out'], true );
		$this->assertSame( self::lapi_url(), $status['settings']['url'] );
		$this->assertArrayNotHasKey( 'password', $status['settings'] );
	}

	public function test_a_wrong_password_is_reported_by_test_and_push(): void {
		self::configure();
		Config::update( array( 'password' => 'not-the-password' ) );
		$test = self::wp_cli( array( 'xmlrpc-shield', 'crowdsec', 'test' ) );
		$this->assertSame( 1, $test['code'] );
		$this->assertStringContainsString( 'refused the login (HTTP 401)', $test['err'] );
		Config::update( array( 'password' => self::PASSWORD ) );
		$test = self::wp_cli( array( 'xmlrpc-shield', 'crowdsec', 'test' ) );
		$this->assertSame( 0, $test['code'], $test['err'] );
		$this->assertStringContainsString( 'Logged in', $test['out'] );
	}

	public function test_lapi_down_or_stuck_fails_fast_backs_off_and_changes_nothing_for_visitors(): void {
		self::configure();
		// The LAPI goes away in the middle of a flood: every request still gets the gate's 403.
		$stopped = false;
		self::flood(
			array( '45.155.205.10' ),
			21,
			static function () use ( &$stopped ): void {
				if ( ! $stopped ) {
					$stopped = true;
					self::crowdsec( 'stop' );
				}
			}
		);

		// The minutely cron event, due now, run by WP-Cron itself: ingest, then push.
		wp_clear_scheduled_hook( Scheduler::INGEST_HOOK );
		wp_schedule_event( time() - 1, Scheduler::SCHEDULE, Scheduler::INGEST_HOOK );
		self::release_wp_cron();
		$this->assertSame( 200, self::http( 'GET', '/wp-cron.php?doing_wp_cron' )['status'] );
		self::hold_wp_cron();
		wp_cache_flush();
		$state = Pusher::state();
		$this->assertSame( 1, $state['failures'] );
		$this->assertStringContainsString( 'did not answer', $state['last_error'] );
		$this->assertSame( $state['last_error_at'] + 60, $state['next_attempt_at'], 'first retry after a minute' );
		$this->assertSame( array(), $state['networks'] );

		// Visitors and the gate meanwhile: the LAPI is never on their path.
		$this->assertSame( 200, self::http( 'GET', '/' )['status'] );
		self::flood( array( '45.155.205.11' ), 5 );

		// The next runs wait; they do not knock again.
		$this->assertSame( 'waiting', Pusher::push( false )['status'] );
		$this->assertSame( $state, Pusher::state() );

		// A LAPI that accepts the connection and never answers: the push gives up at its
		// timeout and says so.
		$stuck = stream_socket_server( 'tcp://127.0.0.1:' . ( self::$port + 1 ) );
		$this->assertNotFalse( $stuck );
		Config::update( array( 'url' => 'http://127.0.0.1:' . ( self::$port + 1 ) . '/' ) );
		$report = Pusher::push( true );
		fclose( $stuck );
		$this->assertSame( 'failed', $report['status'] );
		$this->assertMatchesRegularExpression( '/timed out/i', $report['message'] );
		$this->assertSame( 2, Pusher::state()['failures'] );
		$this->assertSame( Pusher::backoff( 2 ), Pusher::state()['next_attempt_at'] - Pusher::state()['last_error_at'] );

		// Back up: the owner's push now succeeds and clears the error.
		self::crowdsec( 'start' );
		Config::update( array( 'url' => self::lapi_url() ) );
		$report = Pusher::push( true );
		$this->assertSame( 'pushed', $report['status'], $report['message'] );
		$this->assertSame( '', Pusher::state()['last_error'] );
		$this->assertSame( 0, Pusher::state()['failures'] );
		$this->assertSame( array( self::NET_A => 1 ), self::cscli_decisions() );
	}
}
