<?php
/**
 * Base class: resets the plugin's state before each test and offers real HTTP helpers.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use PHPUnit\Framework\TestCase;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Log\CounterFlush;
use XmlrpcShield\Log\HitTable;
use XmlrpcShield\Log\Ingester;
use XmlrpcShield\Log\Spool;
use XmlrpcShield\Paths;
use XmlrpcShield\Settings;
use XmlrpcShield\Tests\support\Http;

abstract class IntegrationTestCase extends TestCase {

	/** A realistic pingback.ping body, as sent by floods. */
	const PINGBACK_BODY = '<?xml version="1.0"?><methodCall><methodName>pingback.ping</methodName><params><param><value><string>http://attacker.example/post</string></value></param><param><value><string>http://127.0.0.1/hello-world/</string></value></param></params></methodCall>';

	/**
	 * Where requests to the test site's URL connect instead, as curl's CURLOPT_CONNECT_TO entry
	 * (":SITE_PORT:127.0.0.1:OTHER_PORT"), or '' for the test site's own php -S. Set by
	 * serve_through(): the same site, the same URL and Host header, another web server.
	 *
	 * @var string
	 */
	private static $connect_to = '';

	protected function setUp(): void {
		parent::setUp();
		self::reset_plugin_state();
	}

	/**
	 * Default options, empty table, empty spool, no leftovers from earlier tests.
	 */
	public static function reset_plugin_state(): void {
		global $wpdb;
		if ( ! is_plugin_active( 'xmlrpc-shield/plugin.php' ) ) {
			// Autopilot off before activating (after an uninstall its option is gone): otherwise the
			// activation schedules an unattended install that lands in the middle of a later test.
			update_option( Settings::AUTOPILOT, 0, true ); // 0, not false: update_option() skips false for a missing option.
			activate_plugin( 'xmlrpc-shield/plugin.php' );
		}
		foreach ( Settings::defaults() as $name => $value ) {
			update_option( $name, $value, true );
		}
		Settings::set_mode( Decider::MODE_BLOCK );
		delete_option( 'xs_test_xmlrpc_enabled_false' );
		delete_option( 'xs_test_no_apcu' );
		delete_option( 'xs_test_other_server_class' );
		delete_option( 'xs_test_server_addresses' );
		delete_transient( Settings::WEB_NO_APCU );
		// Hits an earlier test left counted in the server's APCu go to the spool, deleted below.
		// Core's cron lock is held for that request: a WP-Cron run it spawned would ingest (and
		// flush the counters) in the middle of the test that follows.
		self::hold_wp_cron();
		CounterFlush::ask_web_server();
		self::release_wp_cron();
		HitTable::maybe_upgrade();
		$wpdb->query( 'DELETE FROM ' . HitTable::name() ); // phpcs:ignore
		// No lockout left active by an earlier test: while one is, every gated request asks the table.
		$wpdb->query( 'DELETE FROM ' . \XmlrpcShield\Lockout\LockoutTable::name() ); // phpcs:ignore
		update_option( Settings::LOCKOUTS_ACTIVE, '0', true );
		delete_option( Settings::LOCKOUT_POLICY );
		// Autopilot off, as the test site was built: a test that deletes the plugin's options and
		// activates again (a first activation) turns it on and schedules an install, which would
		// put the early gate in front of every later test.
		update_option( Settings::AUTOPILOT, 0, true ); // 0, not false: update_option() skips false for a missing option.
		delete_option( Settings::AUTOPILOT_STATE );
		delete_option( Settings::AUTOPILOT_TRIGGER );
		wp_clear_scheduled_hook( \XmlrpcShield\Autopilot\Autopilot::HOOK );
		// Set up for this version: a site built by an earlier one would run the update's steps
		// (must-use loader, autopilot) from WP-Cron in the middle of a test.
		\XmlrpcShield\Lifecycle\Upgrade::record();
		wp_clear_scheduled_hook( \XmlrpcShield\Lifecycle\Upgrade::HOOK );
		if ( \XmlrpcShield\EarlyGate\Installer::status()['installed'] ) {
			\XmlrpcShield\EarlyGate\Installer::remove();
		}
		// A removed early gate's stub an earlier test left: WP-Cron would delete it (and change
		// the option) in the middle of a later test.
		$gate = get_option( Settings::EARLY_GATE );
		if ( is_array( $gate ) && array( 'stub' ) === array_keys( $gate ) ) {
			@unlink( (string) $gate['stub']['file'] ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
			delete_option( Settings::EARLY_GATE );
		}
		Paths::ensure_data_dir();
		foreach ( (array) glob( Paths::data_dir() . '/hits-*' ) as $file ) {
			unlink( $file );
		}
		wp_cache_flush();
	}

	/**
	 * Keeps the served site's WP-Cron from starting (core's own lock) while a test compares
	 * state before and after a request: a run that request spawned would ingest, prune or
	 * delete an expired early-gate stub in between.
	 */
	protected static function hold_wp_cron(): void {
		set_transient( 'doing_cron', sprintf( '%.22F', microtime( true ) + 300 ) );
	}

	/**
	 * Lets WP-Cron start again after hold_wp_cron().
	 */
	protected static function release_wp_cron(): void {
		delete_transient( 'doing_cron' );
	}

	/**
	 * Sends every request to the test site's URL from this process (these helpers, XML-RPC
	 * clients, WP-CLI-style loopback flushes) to another server on 127.0.0.1 serving the same
	 * site, with the site's own Host header as a front proxy would; 0 restores php -S.
	 *
	 * @param int $port Port of the other server (0: none).
	 */
	protected static function serve_through( int $port ): void {
		remove_action( 'http_api_curl', array( self::class, 'connect_elsewhere' ) );
		self::$connect_to = 0 === $port ? '' : ':' . wp_parse_url( XS_TEST_SITE_URL, PHP_URL_PORT ) . ':127.0.0.1:' . $port;
		if ( 0 !== $port ) {
			add_action( 'http_api_curl', array( self::class, 'connect_elsewhere' ) );
		}
	}

	/**
	 * The port of the server answering for the test site now: php -S's, or the one
	 * serve_through() chose (which that server hands PHP as SERVER_PORT).
	 */
	protected static function served_port(): int {
		return '' === self::$connect_to ? (int) wp_parse_url( XS_TEST_SITE_URL, PHP_URL_PORT ) : (int) substr( (string) strrchr( self::$connect_to, ':' ), 1 );
	}

	/**
	 * Points a curl handle at the server serve_through() chose (http_api_curl action too).
	 *
	 * @param resource|\CurlHandle $curl Handle.
	 */
	public static function connect_elsewhere( $curl ): void {
		curl_setopt_array( $curl, self::connect_options() );
	}

	/**
	 * The curl options that send a request to the server serve_through() chose (none for php -S).
	 *
	 * @return array<int,mixed>
	 */
	private static function connect_options(): array {
		return '' === self::$connect_to ? array() : array( CURLOPT_CONNECT_TO => array( self::$connect_to ) );
	}

	/**
	 * Sends a raw HTTP request to the test site.
	 *
	 * @param string               $method  HTTP method.
	 * @param string               $path    Path with query.
	 * @param string|null          $body    Body.
	 * @param array<string,string> $headers Headers.
	 * @param string               $base    Server to ask (default: the test site's php -S).
	 * @return array{status:int, headers:array<string,string>, body:string}
	 */
	protected static function http( string $method, string $path, ?string $body = null, array $headers = array(), string $base = XS_TEST_SITE_URL ): array {
		return self::http_to( $base . $path, $method, $body, $headers );
	}

	/**
	 * A stand-in for another plugin's prepend firewall: it counts its runs in
	 * wp-content/xs-firewall.count. Our nodes' own beat and drain requests (a single server
	 * beats too, every NodeBeat::INTERVAL while it gets XML-RPC traffic) are not counted: the
	 * tests count the requests they make.
	 */
	protected static function counting_firewall(): string {
		return "<?php\nif ( " . var_export( \XmlrpcShield\Gate\NodeBeat::USER_AGENT, true ) . " !== ( \$_SERVER['HTTP_USER_AGENT'] ?? '' ) ) {\n\tfile_put_contents( __DIR__ . '/wp-content/xs-firewall.count', 'x', FILE_APPEND );\n}\n";
	}

	/**
	 * Sends POSTs all at once (curl multi) and returns their statuses in the order given.
	 *
	 * @param string        $path    Path with query.
	 * @param string        $body    Body of every request.
	 * @param string[][]    $headers One header list per request ("Name: value" lines).
	 * @param callable|null $while   Called while the requests are in flight (e.g. an ingest).
	 * @param string        $base    Server to ask (default: the test site).
	 * @param string        $from    Loopback address to send from (a client the server sees), or '' for any.
	 * @return int[]
	 */
	protected static function post_at_once( string $path, string $body, array $headers, ?callable $while = null, string $base = XS_TEST_SITE_URL, string $from = '' ): array {
		return Http::post_at_once( $base . $path, $body, $headers, $while, $from, self::connect_options() );
	}

	/**
	 * Sends a raw HTTP request to any URL (another test server).
	 *
	 * @param string               $url     Full URL.
	 * @param string               $method  HTTP method.
	 * @param string|null          $body    Body.
	 * @param array<string,string> $headers Headers.
	 * @param string               $from    Loopback address to send from (a client the server sees), or '' for any.
	 * @return array{status:int, headers:array<string,string>, cookies:string[], body:string}
	 */
	protected static function http_to( string $url, string $method, ?string $body = null, array $headers = array(), string $from = '' ): array {
		return Http::request( $url, $method, $body, $headers, $from, self::connect_options() );
	}

	/**
	 * Cookie header of a real logged-in session for a user, as a browser would send it.
	 *
	 * @param int $user_id User.
	 */
	protected static function login_cookie( int $user_id ): string {
		$expiration = time() + HOUR_IN_SECONDS;
		$token      = \WP_Session_Tokens::get_instance( $user_id )->create( $expiration );
		return AUTH_COOKIE . '=' . rawurlencode( wp_generate_auth_cookie( $user_id, $expiration, 'auth', $token ) )
			. '; ' . LOGGED_IN_COOKIE . '=' . rawurlencode( wp_generate_auth_cookie( $user_id, $expiration, 'logged_in', $token ) );
	}

	/**
	 * POSTs an XML-RPC body to xmlrpc.php.
	 *
	 * @param string               $body    XML body.
	 * @param array<string,string> $headers Extra headers.
	 * @return array{status:int, headers:array<string,string>, body:string}
	 */
	protected static function post_xmlrpc( string $body, array $headers = array() ): array {
		return self::http( 'POST', '/xmlrpc.php', $body, array_merge( array( 'Content-Type' => 'text/xml' ), $headers ) );
	}

	/**
	 * A real XML-RPC client (core's WP_HTTP_IXR_Client) pointed at the test site.
	 *
	 * @param array<string,string> $headers Extra headers.
	 */
	protected static function client( array $headers = array() ): \WP_HTTP_IXR_Client {
		$client          = new \WP_HTTP_IXR_Client( XS_TEST_SITE_URL . '/xmlrpc.php' );
		$client->headers = $headers;
		return $client;
	}

	/**
	 * Fills the site's spool to just under its cap with one address's hits under invented
	 * method names (1 in 100 is pingback.ping), spread over five minutes: what one client
	 * with random names leaves. Returns the number of lines (hits).
	 */
	protected static function fill_spool_with_invented_methods(): int {
		$start  = time() - 300;
		$lines  = 0;
		$handle = fopen( Paths::spool_file(), 'ab' );
		while ( ftell( $handle ) < Spool::MAX_BYTES - 65536 ) {
			$batch = '';
			for ( $i = 0; $i < 1000; $i++ ) {
				$method = 0 === $i % 100 ? 'pingback.ping' : 'm' . bin2hex( random_bytes( 20 ) );
				$batch .= Spool::format_line( $start + ( $lines % 300 ), '203.0.113.9', $method, 'blocked', 'flood' );
				++$lines;
			}
			fwrite( $handle, $batch );
		}
		fclose( $handle );
		return $lines;
	}

	/**
	 * Starts a PHP built-in server on 127.0.0.1:$port (the test site's, from bootstrap.php; a
	 * second web server for the site, a recorder, a network) and waits until it accepts
	 * connections (at most 5 s).
	 *
	 * @param int                  $port  Port.
	 * @param string[]             $php   php arguments before -S (e.g. -d settings).
	 * @param string[]             $serve Arguments after the address: -t DOCROOT and/or a router.
	 * @param string               $cwd   Working directory.
	 * @param array<string,string> $env   Extra environment (e.g. PHP_CLI_SERVER_WORKERS).
	 * @param string               $log   File its output is appended to.
	 * @return resource The process, for stop_php_server().
	 */
	public static function start_php_server( int $port, array $php, array $serve, string $cwd, array $env = array(), string $log = '/dev/null' ) {
		return Http::start_php_server( $port, $php, $serve, $cwd, $env, $log );
	}

	/**
	 * Ends a server start_php_server() started, with the workers it forked (only those of its
	 * port); with no process, a leftover server on the port.
	 *
	 * @param resource|null $process The process.
	 * @param int           $port    Its port.
	 */
	public static function stop_php_server( $process, int $port ): void {
		Http::stop_php_server( $process, $port );
	}

	/**
	 * Runs the real WP-CLI (vendor/bin/wp) against the test site.
	 *
	 * @param string[]             $args Arguments after `wp`.
	 * @param array<string,string> $env  Extra environment (e.g. WP_CLI_PHP_ARGS for php -d flags).
	 * @return array{code:int, out:string, err:string}
	 */
	protected static function wp_cli( array $args, array $env = array() ): array {
		$command = array_merge( array( XS_REPO_DIR . '/vendor/bin/wp', '--path=' . XS_TEST_SITE_DIR, '--allow-root' ), $args );
		$process = proc_open(
			$command,
			array(
				1 => array( 'pipe', 'w' ),
				2 => array( 'pipe', 'w' ),
			),
			$pipes,
			null,
			array_merge( getenv(), array( 'HTTP_HOST' => wp_parse_url( XS_TEST_SITE_URL, PHP_URL_HOST ) ), $env )
		);
		$out = stream_get_contents( $pipes[1] );
		$err = stream_get_contents( $pipes[2] );
		fclose( $pipes[1] );
		fclose( $pipes[2] );
		$code = proc_close( $process );
		wp_cache_flush();
		return array(
			'code' => $code,
			'out'  => (string) $out,
			'err'  => (string) $err,
		);
	}

	/**
	 * Cookies for a user, minted by core, plus a REST nonce core issues for that session.
	 *
	 * @param int $user_id User.
	 * @return array{cookie:string, nonce:string}
	 */
	protected static function session( int $user_id ): array {
		$cookie = self::login_cookie( $user_id );
		$nonce  = self::http( 'GET', '/wp-admin/admin-ajax.php?action=rest-nonce', null, array( 'Cookie' => $cookie ) );
		self::assertSame( 200, $nonce['status'] );
		self::assertMatchesRegularExpression( '/^[0-9a-f]{10}$/', $nonce['body'] );
		return array(
			'cookie' => $cookie,
			'nonce'  => $nonce['body'],
		);
	}

	/**
	 * Calls a route of xmlrpc-shield/v1.
	 *
	 * @param string                                  $method  Method.
	 * @param string                                  $path    Path under the namespace, with query.
	 * @param array<string,mixed>|null                $body    JSON body.
	 * @param array{cookie:string, nonce:string}|null $session Who calls; null for anonymous.
	 * @param bool                                    $nonce   Whether to send the nonce.
	 * @return array{status:int, headers:array<string,string>, body:string, json:mixed}
	 */
	protected static function call( string $method, string $path, ?array $body = null, ?array $session = null, bool $nonce = true ): array {
		$headers = array( 'Content-Type' => 'application/json' );
		if ( $session ) {
			$headers['Cookie'] = $session['cookie'];
			if ( $nonce ) {
				$headers['X-WP-Nonce'] = $session['nonce'];
			}
		}
		$response         = self::http( $method, '/?rest_route=/xmlrpc-shield/v1' . preg_replace( '/\?/', '&', $path, 1 ), null === $body ? null : (string) wp_json_encode( $body ), $headers );
		$response['json'] = json_decode( $response['body'], true );
		return $response;
	}

	/**
	 * Folds the spool into the table and returns all rows.
	 *
	 * @return array<int,array<string,mixed>>
	 */
	protected static function ingest_and_fetch_rows(): array {
		global $wpdb;
		$report = Ingester::run();
		self::assertTrue( $report['ok'], 'ingest failed' );
		return (array) $wpdb->get_results( 'SELECT * FROM ' . HitTable::name() . ' ORDER BY id', ARRAY_A ); // phpcs:ignore
	}

	/**
	 * Sum of hits for an outcome (all rows when null).
	 *
	 * @param array<int,array<string,mixed>> $rows    Rows.
	 * @param string|null                    $outcome Outcome.
	 */
	protected static function sum_hits( array $rows, ?string $outcome = null ): int {
		$sum = 0;
		foreach ( $rows as $row ) {
			if ( null === $outcome || $row['outcome'] === $outcome ) {
				$sum += (int) $row['hits'];
			}
		}
		return $sum;
	}

	/**
	 * A published post that links to another published post with pings open.
	 *
	 * @return int[] [source id, target id]
	 */
	protected static function linked_posts(): array {
		$target = wp_insert_post(
			array(
				'post_title'   => 'Target ' . wp_generate_password( 6, false ),
				'post_status'  => 'publish',
				'post_content' => 'Target post.',
				'ping_status'  => 'open',
			)
		);
		$source = wp_insert_post(
			array(
				'post_title'   => 'Source ' . wp_generate_password( 6, false ),
				'post_status'  => 'publish',
				'post_content' => '<p>See <a href="' . esc_url( get_permalink( $target ) ) . '">this post</a> for more.</p>',
			)
		);
		global $wpdb;
		// Pings open regardless of the plugin's filters in this process.
		$wpdb->update( $wpdb->posts, array( 'ping_status' => 'open' ), array( 'ID' => $target ) );
		clean_post_cache( $target );
		return array( (int) $source, (int) $target );
	}

	/**
	 * Pingback comments stored on a post.
	 *
	 * @param int $post_id Post.
	 */
	protected static function pingback_count( int $post_id ): int {
		global $wpdb;
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->comments} WHERE comment_post_ID = %d AND comment_type = 'pingback'", $post_id ) );
	}
}
