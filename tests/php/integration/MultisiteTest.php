<?php
/**
 * Multisite: network activation sets up every site, a site added later is set up too, and each
 * site keeps its own table, spool and settings. Runs against a separate subdirectory network
 * (its own database) in child processes, one per request, since one process loads one
 * WordPress. The network is then served over HTTP (PHP's built-in server on the test port +
 * 310, requests naming the host multisite.test) to prove who owns what: the early gate, the
 * server rules and the trusted proxies belong to network administrators on the main site; a
 * sub-site's administrator neither changes them nor loosens them nor sees their log.
 *
 * MariaDB only (tools/test-php.sh excludes the group on SQLite): the SQLite integration 2.1.11
 * cannot create the network tables (its translator rejects the prefix-length index of
 * `wp_signups` in core's multisite schema).
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use PHPUnit\Framework\TestCase;
use XmlrpcShield\Lifecycle\MustUseLoader;
use XmlrpcShield\Log\HitTable;
use XmlrpcShield\Tests\unit\ProtectionLevelTest;

/**
 * @group multisite
 */
final class MultisiteTest extends IntegrationTestCase {

	const HOST = 'multisite.test';

	const LIST_METHODS_BODY = '<?xml version="1.0"?><methodCall><methodName>system.listMethods</methodName><params></params></methodCall>';

	/** @var string The network's directory. */
	private static $site = '';

	/** @var string The fixture script and the site, shell-quoted. */
	private static $script = '';

	/** @var int Port of the network's server. */
	private static $port = 0;

	/** @var resource|null The network's server. */
	private static $server = null;

	/** @var array<string,array{super_admin:bool, cookie:string, nonce:string}> */
	private static $users = array();

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
		self::run_step( sprintf( 'bash -c %s', escapeshellarg( sprintf( 'source %s/tools/wp/lib.sh && XS_AUTOPILOT=off xs_create_site %s http://multisite.test mysql %s %s', XS_REPO_DIR, escapeshellarg( $site ), escapeshellarg( $socket ), $dbname ) ) ) );
		self::$site   = $site;
		self::$script = escapeshellarg( __DIR__ . '/fixtures/multisite.php' ) . ' ' . escapeshellarg( $site );
		self::assertSame( 'network', trim( self::step( 'network' ) ) );
		self::$activation = (array) json_decode( self::step( 'activate' ), true );
		self::$report     = (array) json_decode( self::step( 'check' ), true );

		self::$port  = (int) wp_parse_url( XS_TEST_SITE_URL, PHP_URL_PORT ) + 310;
		self::$users = (array) json_decode( self::step( 'users', '/', (string) self::$port ), true );
		self::stop_php_server( null, self::$port );
		self::$server = self::start_php_server( self::$port, array(), array( '-t', $site, XS_REPO_DIR . '/tools/wp/router.php' ), $site, array( 'PHP_CLI_SERVER_WORKERS' => '4' ), $site . '/server.log' );
	}

	public static function tearDownAfterClass(): void {
		self::stop_php_server( self::$server, self::$port );
		parent::tearDownAfterClass();
	}

	/**
	 * The single test site is not used here: nothing to reset before each test.
	 */
	protected function setUp(): void {
	}

	/**
	 * Runs one fixture step in its own process, as a request for a site path.
	 *
	 * @param string $step      Step name.
	 * @param string $site_path Site path, e.g. /second/.
	 * @param string ...$args   More arguments.
	 */
	private static function step( string $step, string $site_path = '/', string ...$args ): string {
		$extra = '' === implode( '', $args ) ? '' : ' ' . implode( ' ', array_map( 'escapeshellarg', $args ) );
		return self::run_step( 'XS_SITE_PATH=' . escapeshellarg( $site_path ) . ' ' . PHP_BINARY . ' ' . self::$script . ' ' . escapeshellarg( $step ) . $extra );
	}

	/**
	 * A request to the network's server for one of its sites.
	 *
	 * @param string               $method    HTTP method.
	 * @param string               $site_path Site path and what follows, e.g. /second/xmlrpc.php.
	 * @param string|null          $body      Body.
	 * @param array<string,string> $headers   Headers.
	 * @return array{status:int, headers:array<string,string>, body:string}
	 */
	private static function network_http( string $method, string $site_path, ?string $body = null, array $headers = array() ): array {
		return self::http_to( 'http://127.0.0.1:' . self::$port . $site_path, $method, $body, array_merge( array( 'Host' => self::HOST ), $headers ) );
	}

	/**
	 * A REST request to a site of the network as one of the fixture's users, with the
	 * session's cookies and nonce, as the admin page sends it.
	 *
	 * @param string                   $user      admin, subadmin or mainadmin.
	 * @param string                   $method    HTTP method.
	 * @param string                   $site_path Site path, e.g. /second/.
	 * @param string                   $route     Route under xmlrpc-shield/v1.
	 * @param array<string,mixed>|null $body      JSON body.
	 * @return array{status:int, data:mixed}
	 */
	private static function rest( string $user, string $method, string $site_path, string $route, ?array $body = null ): array {
		$response = self::network_http(
			$method,
			$site_path . '?rest_route=' . rawurlencode( '/xmlrpc-shield/v1/' . $route ),
			null === $body ? null : (string) wp_json_encode( $body ),
			array(
				'Cookie'       => self::$users[ $user ]['cookie'],
				'X-WP-Nonce'   => self::$users[ $user ]['nonce'],
				'Content-Type' => 'application/json',
			)
		);
		return array(
			'status' => $response['status'],
			'data'   => json_decode( $response['body'], true ),
		);
	}

	/**
	 * An XML-RPC call to a site of the network.
	 *
	 * @param string $site_path Site path, e.g. /second/.
	 * @param string $body      XML body.
	 * @param string $agent     User agent, to find the hit in a log.
	 * @return array{status:int, headers:array<string,string>, body:string}
	 */
	private static function xmlrpc( string $site_path, string $body, string $agent = 'xs-multisite-test' ): array {
		return self::network_http(
			'POST',
			$site_path . 'xmlrpc.php',
			$body,
			array(
				'Content-Type' => 'text/xml',
				'User-Agent'   => $agent,
			)
		);
	}

	/**
	 * The network's server files the plugin may write, with a hash of each (null: absent).
	 *
	 * @return array<string,string|null>
	 */
	private static function network_files(): array {
		clearstatcache();
		$files = array();
		foreach ( array( '.htaccess', '.user.ini', 'wp-content/mu-plugins/xmlrpc-shield-early-gate.php', 'wp-content/xmlrpc-shield-early-gate.php', 'wp-content/mu-plugins/' . MustUseLoader::FILE ) as $file ) {
			$path           = self::$site . '/' . $file;
			$files[ $file ] = is_file( $path ) ? md5_file( $path ) : null;
		}
		// The gate's settings exist exactly while it is installed (the gate file may stay as a
		// do-nothing stub after removal).
		$settings                     = glob( self::$site . '/wp-content/xmlrpc-shield/early-gate-settings-*.json' );
		$files['early gate settings'] = is_array( $settings ) && array() !== $settings ? md5_file( $settings[0] ) : null;
		return $files;
	}

	/**
	 * The network administrator installs the early gate from the main site's page, as a
	 * must-use hook (PHP's built-in server reads neither .htaccess nor .user.ini).
	 */
	private static function install_early_gate(): void {
		$install = self::rest( 'admin', 'POST', '/', 'early-gate', array( 'method' => 'mu-plugin' ) );
		self::assertSame( 200, $install['status'], (string) wp_json_encode( $install['data'] ) );
		self::assertTrue( $install['data']['ok'] );
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
		$this->assertSame(
			array(
				1 => 'block',
				2 => 'monitor',
				3 => 'block',
			),
			array_map( 'strval', self::$report['modes_after'] )
		);
		$spools = array_values( array_column( self::$report['sites'], 'spool' ) );
		foreach ( array( 1, 2, 3 ) as $index => $blog ) {
			$this->assertMatchesRegularExpression( '/^hits-' . $blog . '-[0-9a-f]{24}\.spool$/', $spools[ $index ], 'each site its own spool, under a name no URL can guess' );
		}
		$this->assertCount( 3, array_unique( $spools ) );
		$this->assertSame( 'blocked', self::$report['third_decision'] );
		$this->assertSame(
			array(
				1 => 0,
				2 => 0,
				3 => 1,
			),
			array_map( 'intval', self::$report['hits'] ),
			'the third site\'s hit is in its table only'
		);
	}

	public function test_the_fixture_users_are_who_the_tests_say(): void {
		$this->assertTrue( self::$users['admin']['super_admin'] );
		$this->assertFalse( self::$users['subadmin']['super_admin'] );
		$this->assertFalse( self::$users['mainadmin']['super_admin'] );
		$status = self::rest( 'subadmin', 'GET', '/second/', 'status' );
		$this->assertSame( 200, $status['status'], 'a sub-site administrator keeps their own page' );
		$this->assertTrue( $status['data']['network_managed'] );
		$this->assertFalse( self::rest( 'admin', 'GET', '/', 'status' )['data']['network_managed'] );
		// The protection level on a sub-site: the network's layers, none of its actions or files.
		$protection = $status['data']['protection'];
		$this->assertSame(
			ProtectionLevelTest::SUB_SITE_ACTIONS,
			$protection['actions']
		);
		$this->assertSame( array(), array_merge( ...array_column( $protection['layers'], 'files' ) ) );
		$this->assertContains( $protection['next_step']['id'], array( 'ask-network-admin', 'none', 'choose-mode' ) );
		$this->assertTrue( self::rest( 'admin', 'GET', '/', 'status' )['data']['protection']['actions']['install_early_gate'], 'the network administrator may install it on the main site' );
	}

	public function test_only_a_network_administrator_changes_network_level_things(): void {
		self::step( 'reset' );
		$files          = self::network_files();
		$state          = self::step( 'state' );
		$network_routes = array(
			array( 'POST', 'early-gate', array( 'method' => 'mu-plugin' ) ),
			array( 'DELETE', 'early-gate', null ),
			array( 'GET', 'early-gate', null ),
			array( 'POST', 'rules/apache', null ),
			array( 'DELETE', 'rules/apache', null ),
			array( 'GET', 'rules', null ),
			array( 'POST', 'settings', array( 'trusted_proxies' => array( '203.0.113.0/24' ) ) ),
			array( 'POST', 'settings/trusted-proxies/preset', array( 'preset' => 'cloudflare' ) ),
		);
		foreach ( $network_routes as list( $method, $route, $body ) ) {
			$response = self::rest( 'subadmin', $method, '/second/', $route, $body );
			$this->assertSame( 403, $response['status'], "sub-site administrator: {$method} /{$route} on their own site" );
			$this->assertSame( 'xmlrpc_shield_network_managed', $response['data']['code'] );
			$this->assertStringContainsString( 'http://multisite.test/wp-admin/tools.php?page=xmlrpc-shield', $response['data']['message'], 'the refusal says where the network administrator manages it' );
		}
		// The main site's settings are what the early gate decides with, and its log is the
		// network's: an administrator of the main site who is not a network administrator
		// neither changes nor reads them.
		$main_site_routes = array_merge(
			$network_routes,
			array(
				array( 'POST', 'settings', array( 'mode' => 'off' ) ),
				array( 'POST', 'settings', array( 'log_enabled' => false ) ),
				array( 'POST', 'allowlist', array( 'cidr' => '198.51.100.0/24' ) ),
				array( 'GET', 'hits', null ),
				array( 'GET', 'stats', null ),
			)
		);
		foreach ( $main_site_routes as list( $method, $route, $body ) ) {
			$this->assertSame( 403, self::rest( 'mainadmin', $method, '/', $route, $body )['status'], "main-site administrator: {$method} /{$route}" );
			$this->assertSame( 403, self::rest( 'subadmin', $method, '/', $route, $body )['status'], "sub-site administrator: {$method} /{$route} on the main site" );
		}
		$this->assertSame( $files, self::network_files(), 'no server file changed' );
		$this->assertSame( $state, self::step( 'state' ), 'no site\'s network-level setting changed' );

		// What stays theirs: the sub-site's own mode, and a save that sends the network's
		// trusted proxies unchanged (as the settings form does).
		$own = self::rest(
			'subadmin',
			'POST',
			'/second/',
			'settings',
			array(
				'mode'            => 'monitor',
				'trusted_proxies' => array(),
			)
		);
		$this->assertSame( 200, $own['status'], (string) wp_json_encode( $own['data'] ) );
		$this->assertSame( 'monitor', $own['data']['mode'] );
	}

	public function test_the_early_gates_hits_are_in_the_network_log_never_in_a_sub_sites_view(): void {
		self::step( 'reset' );
		self::install_early_gate();
		$this->assertSame( 403, self::rest( 'subadmin', 'POST', '/second/', 'early-gate', array( 'method' => 'mu-plugin' ) )['status'], 'the sub-site cannot put the gate\'s log in its own' );
		$sub_status = self::rest( 'subadmin', 'GET', '/second/', 'status' )['data'];
		$this->assertTrue( $sub_status['early_gate']['installed'], 'the sub-site\'s page shows the network\'s gate' );
		$this->assertArrayNotHasKey( 'files', $sub_status['early_gate'] );

		$refused = self::xmlrpc( '/third/', self::PINGBACK_BODY, 'xs-probe-third-site' );
		$this->assertSame( 403, $refused['status'] );
		$this->assertSame( 'early-gate', $refused['headers']['x-xmlrpc-shield'] ?? '' );

		$agents = static function ( array $response ): array {
			return array_column( (array) $response['data'], 'user_agent' );
		};
		// Reads never ingest: each log is brought up to date by its own explicit refresh.
		$this->assertSame( 200, self::rest( 'subadmin', 'POST', '/second/', 'log/ingest', array() )['status'] );
		$this->assertSame( 200, self::rest( 'admin', 'POST', '/', 'log/ingest', array() )['status'] );
		$sub_view = self::rest( 'subadmin', 'GET', '/second/', 'hits', null );
		$this->assertSame( 200, $sub_view['status'] );
		$this->assertNotContains( 'xs-probe-third-site', $agents( $sub_view ), 'another site\'s visitor is not in the sub-site\'s log' );
		$network_view = self::rest( 'admin', 'GET', '/', 'hits', null );
		$this->assertSame( 200, $network_view['status'] );
		$this->assertContains( 'xs-probe-third-site', $agents( $network_view ), 'the early gate logs to the network (main site) log' );
	}

	public function test_a_sub_site_turning_itself_off_opens_no_site(): void {
		self::step( 'reset' );
		self::install_early_gate();
		$off = self::rest( 'subadmin', 'POST', '/second/', 'settings', array( 'mode' => 'off' ) );
		$this->assertSame( 200, $off['status'] );
		$this->assertSame( 'off', $off['data']['mode'] );
		foreach ( array( '/', '/second/', '/third/' ) as $path ) {
			$response = self::xmlrpc( $path, self::PINGBACK_BODY );
			$this->assertSame( 403, $response['status'], "{$path}xmlrpc.php is still refused" );
			$this->assertSame( 'early-gate', $response['headers']['x-xmlrpc-shield'] ?? '', "the network's gate refused {$path}xmlrpc.php first" );
		}
		$this->assertSame( 'block', json_decode( self::step( 'state' ), true )[1]['mode'] );
	}

	public function test_a_sub_site_stricter_than_the_network_still_refuses_at_plugin_load(): void {
		self::step( 'reset' );
		$this->assertSame( 200, self::rest( 'admin', 'POST', '/', 'settings', array( 'mode' => 'pingback' ) )['status'] );
		$this->assertSame( 200, self::rest( 'admin', 'POST', '/third/', 'settings', array( 'mode' => 'pingback' ) )['status'] );
		self::install_early_gate();
		// The second site still blocks everything; the network lets system.listMethods through.
		$stricter = self::xmlrpc( '/second/', self::LIST_METHODS_BODY );
		$this->assertSame( 403, $stricter['status'], 'the sub-site\'s own block mode still refuses' );
		$this->assertSame( 'plugin', $stricter['headers']['x-xmlrpc-shield'] ?? '' );
		$same = self::xmlrpc( '/third/', self::LIST_METHODS_BODY );
		$this->assertSame( 200, $same['status'], 'a site as open as the network answers' );
		$this->assertStringContainsString( 'wp.getUsersBlogs', $same['body'] );
	}

	/**
	 * The plugin-load gate's must-use loader is one file for the network; on each site it
	 * decides with that site's own settings, and only where the plugin is active there.
	 */
	public function test_the_must_use_loader_decides_on_each_site_with_its_own_settings(): void {
		$after_mu = self::$site . '/wp-content/mu-plugins/xs-test-after-mu.php';
		$log      = self::$site . '/wp-content/xs-after-mu.log';
		file_put_contents( $after_mu, "<?php\nadd_action( 'muplugins_loaded', static function () { if ( defined( 'XMLRPC_REQUEST' ) ) { file_put_contents( WP_CONTENT_DIR . '/xs-after-mu.log', \"after\\n\", FILE_APPEND ); } } );\n" );
		@unlink( $log ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
		try {
			// Active on the main site and the second one (each activated it), not on the third.
			self::step( 'activate-per-site' );
			self::step( 'reset' );
			$this->assertNotNull( self::network_files()[ 'wp-content/mu-plugins/' . MustUseLoader::FILE ], 'written at activation, checked over HTTP' );
			$this->assertSame( 200, self::rest( 'admin', 'POST', '/', 'settings', array( 'mode' => 'pingback' ) )['status'] );

			$second = self::xmlrpc( '/second/', self::LIST_METHODS_BODY );
			$this->assertSame( 403, $second['status'], 'the second site\'s own block mode refuses' );
			$this->assertSame( 'plugin', $second['headers']['x-xmlrpc-shield'] ?? '' );
			$this->assertFileDoesNotExist( $log, 'refused first thing on muplugins_loaded' );
			$main = self::xmlrpc( '/', self::LIST_METHODS_BODY );
			$this->assertSame( 200, $main['status'], 'the main site\'s pingback mode lets it through' );
			$this->assertStringContainsString( 'wp.getUsersBlogs', $main['body'] );
			$third = self::xmlrpc( '/third/', self::PINGBACK_BODY );
			$this->assertArrayNotHasKey( 'x-xmlrpc-shield', $third['headers'], 'inactive on the third site: nothing refuses' );
			$this->assertSame( 200, $third['status'] );
			$this->assertSame( 200, self::network_http( 'GET', '/third/' )['status'] );
		} finally {
			unlink( $after_mu );
			@unlink( $log ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
			self::step( 'activate-network' );
		}
	}

	public function test_deactivating_on_a_sub_site_leaves_the_network_files(): void {
		self::step( 'reset' );
		self::step( 'activate-per-site' );
		try {
			$installed = self::network_files();
			$this->assertNotNull( $installed['wp-content/mu-plugins/xmlrpc-shield-early-gate.php'] );
			$this->assertNotNull( $installed['early gate settings'] );
			$deactivated = (array) json_decode( self::step( 'deactivate', '/second/' ), true );
			$this->assertSame( 2, $deactivated['site'] );
			$this->assertFalse( $deactivated['active'] );
			$this->assertSame( $installed, self::network_files(), 'the gate and its loader stay for the network' );
			$this->assertSame( 'early-gate', self::xmlrpc( '/second/', self::PINGBACK_BODY )['headers']['x-xmlrpc-shield'] ?? '', 'the network still refuses on the site that deactivated' );
		} finally {
			// Deactivating on the main site (which owns the network files) removes them.
			self::step( 'activate-network' );
		}
		$removed = self::network_files();
		$this->assertNull( $removed['wp-content/mu-plugins/xmlrpc-shield-early-gate.php'] );
		$this->assertNull( $removed['early gate settings'] );
	}

	public function test_wp_cli_changes_network_files_only_for_the_main_site(): void {
		self::step( 'reset' );
		$files = self::network_files();
		$wp    = static function ( string $url, string ...$args ): array {
			exec( implode( ' ', array_map( 'escapeshellarg', array_merge( array( XS_REPO_DIR . '/vendor/bin/wp', '--path=' . self::$site, '--url=' . $url, '--allow-root', 'xmlrpc-shield' ), $args ) ) ) . ' 2>&1', $output, $code );
			return array( $code, implode( "\n", $output ) );
		};
		foreach ( array( array( 'early-gate', 'install', '--method=mu-plugin', '--skip-verify' ), array( 'early-gate', 'uninstall' ), array( 'rules', 'write', '--force' ), array( 'rules', 'remove' ) ) as $command ) {
			list( $code, $output ) = $wp( 'http://multisite.test/second/', ...$command );
			$this->assertSame( 1, $code, implode( ' ', $command ) . ': ' . $output );
			$this->assertStringContainsString( 'add --url=http://multisite.test', $output );
		}
		$this->assertSame( $files, self::network_files(), 'no server file changed' );
		list( $code, $output ) = $wp( 'http://multisite.test/', 'early-gate', 'install', '--method=mu-plugin', '--skip-verify' );
		$this->assertSame( 0, $code, $output );
		$this->assertNotNull( self::network_files()['early gate settings'], 'the main site\'s --url installs it' );
		list( $code, $output ) = $wp( 'http://multisite.test/second/', 'early-gate', 'status' );
		$this->assertSame( 0, $code, $output );
		$this->assertStringContainsString( 'installed (mu-plugin)', $output, 'a sub-site reports the network\'s gate' );
		list( $code, $output ) = $wp( 'http://multisite.test/', 'early-gate', 'uninstall' );
		$this->assertSame( 0, $code, $output );
	}

	public function test_wp_admin_shows_network_things_only_to_network_administrators(): void {
		self::step( 'reset' );
		$page          = static function ( string $user, string $path ): array {
			return self::network_http(
				'GET',
				$path,
				null,
				array(
					'Cookie'          => self::$users[ $user ]['cookie'],
					// Forwarding headers without trusted proxies: the proxy warning's cue.
					'X-Forwarded-For' => '198.51.100.7',
				)
			);
		};
		$proxy_warning = 'this site seems to sit behind a proxy or CDN';

		$sub_dashboard = $page( 'subadmin', '/second/wp-admin/index.php' );
		$this->assertSame( 200, $sub_dashboard['status'] );
		$this->assertStringContainsString( 'id="xmlrpc-shield-activation-notice"', $sub_dashboard['body'], 'the sub-site\'s own notice is still shown' );
		$this->assertStringNotContainsString( $proxy_warning, $sub_dashboard['body'], 'trusted proxies are not the sub-site\'s to change' );
		$this->assertStringContainsString( $proxy_warning, $page( 'admin', '/wp-admin/index.php' )['body'] );

		$this->assertSame( 200, $page( 'subadmin', '/second/wp-admin/tools.php?page=xmlrpc-shield' )['status'], 'the sub-site\'s own page' );
		$this->assertSame( 200, $page( 'admin', '/wp-admin/tools.php?page=xmlrpc-shield' )['status'] );
		$main_page = $page( 'mainadmin', '/wp-admin/tools.php?page=xmlrpc-shield' );
		$this->assertSame( 403, $main_page['status'], 'the main site\'s page (network settings, network log) is the network administrator\'s' );
		$this->assertStringNotContainsString( 'xmlrpc-shield-root', $main_page['body'] );
	}

	public function test_a_sub_site_names_the_client_with_the_networks_trusted_proxies(): void {
		self::step( 'reset' );
		$proxies = self::rest( 'admin', 'POST', '/', 'settings', array( 'trusted_proxies' => array( '127.0.0.1' ) ) );
		$this->assertSame( 200, $proxies['status'], (string) wp_json_encode( $proxies['data'] ) );
		$this->assertSame( 201, self::rest( 'subadmin', 'POST', '/second/', 'allowlist', array( 'cidr' => '198.51.100.7' ) )['status'] );
		$this->assertSame( array( '127.0.0.1/32' ), self::rest( 'subadmin', 'GET', '/second/', 'settings' )['data']['trusted_proxies'], 'the sub-site reads the network\'s list' );
		// From the trusted proxy on loopback, for the client the sub-site allowlisted.
		$forwarded = self::network_http(
			'POST',
			'/second/xmlrpc.php',
			self::LIST_METHODS_BODY,
			array(
				'Content-Type'    => 'text/xml',
				'X-Forwarded-For' => '198.51.100.7',
			)
		);
		$this->assertSame( 200, $forwarded['status'], 'the sub-site\'s gate names the client through the network\'s proxy' );
		$this->assertSame( 403, self::xmlrpc( '/second/', self::LIST_METHODS_BODY )['status'], 'the proxy itself is not the allowlisted client' );
	}
}
