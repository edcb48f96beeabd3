<?php
/**
 * On real nginx + PHP-FPM (which read no .htaccess): the data folder's files have names no
 * one can guess, and with the admin page's nginx snippet included not even their real names
 * are served, while POST /xmlrpc.php is refused by nginx without PHP.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Log\CounterFlush;
use XmlrpcShield\Log\Ingester;
use XmlrpcShield\Paths;
use XmlrpcShield\Rest\RulesController;
use XmlrpcShield\Rules\NginxRules;
use XmlrpcShield\Settings;

final class NginxDataFilesTest extends IntegrationTestCase {

	/** @var int */
	private static $port = 0;

	/** @var string nginx-fpm.sh's instance folder. */
	private static $dir = '';

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		self::$port = (int) wp_parse_url( XS_TEST_SITE_URL, PHP_URL_PORT ) + 60;
		exec( 'bash ' . escapeshellarg( XS_REPO_DIR . '/tools/nginx-fpm.sh' ) . ' start ' . escapeshellarg( XS_TEST_SITE_DIR ) . ' ' . self::$port . ' 2 2>&1', $out, $code );
		self::assertSame( 0, $code, implode( "\n", $out ) );
		self::$dir = trim( (string) end( $out ) );
		// The snippet includes snippets/fastcgi-php.conf relative to nginx's config folder, as on
		// Debian: give the instance the same neighbours.
		symlink( '/etc/nginx/snippets', self::$dir . '/snippets' );
		symlink( '/etc/nginx/fastcgi.conf', self::$dir . '/fastcgi.conf' );
	}

	public static function tearDownAfterClass(): void {
		exec( 'bash ' . escapeshellarg( XS_REPO_DIR . '/tools/nginx-fpm.sh' ) . ' stop ' . self::$port );
		parent::tearDownAfterClass();
	}

	protected function tearDown(): void {
		self::include_snippet( null );
		delete_option( Settings::WEB_SERVER );
		parent::tearDown();
	}

	/**
	 * GET (or another method) through nginx.
	 *
	 * @return array{status:int, headers:array<string,string>, body:string}
	 */
	private static function nginx( string $path, string $method = 'GET', ?string $body = null, array $headers = array() ): array {
		return self::http( $method, $path, $body, $headers, 'http://127.0.0.1:' . self::$port );
	}

	/**
	 * Puts the snippet in the server block (null: takes it out) and reloads nginx; returns once
	 * only the new workers answer (a reload replaces them in the background).
	 *
	 * @param string|null $snippet nginx configuration.
	 * @param string      $probe   A path whose answer changes to $expect with the snippet.
	 * @param int         $expect  Status $probe gets once the reload is done.
	 */
	private static function include_snippet( ?string $snippet, string $probe = '', int $expect = 0 ): void {
		$file = self::$dir . '/extra/xmlrpc-shield.conf';
		if ( null === $snippet ) {
			if ( is_file( $file ) ) {
				unlink( $file );
				exec( 'bash ' . escapeshellarg( XS_REPO_DIR . '/tools/nginx-fpm.sh' ) . ' reload ' . self::$port );
			}
			return;
		}
		file_put_contents( $file, $snippet );
		exec( 'nginx -t -c ' . escapeshellarg( self::$dir . '/nginx.conf' ) . ' 2>&1', $out, $code );
		self::assertSame( 0, $code, implode( "\n", $out ) );
		exec( 'bash ' . escapeshellarg( XS_REPO_DIR . '/tools/nginx-fpm.sh' ) . ' reload ' . self::$port );
		// An old worker may still take a connection or two after the first new one answers:
		// wait for ten answers in a row from the new configuration.
		for ( $i = 0, $in_a_row = 0; $i < 100 && $in_a_row < 10; $i++ ) {
			$in_a_row = self::nginx( $probe )['status'] === $expect ? $in_a_row + 1 : 0;
			usleep( 50000 );
		}
	}

	/**
	 * Every kind of data file, as a running site has them: a spool, a claimed spool not yet
	 * ingested, the ingest lock and the .htaccess backup.
	 *
	 * @return string[] URL paths of the files.
	 */
	private static function make_data_files(): array {
		Paths::ensure_data_dir();
		$spool = Ingester::site_spool();
		$spool->append( time(), '203.0.113.5', 'pingback.ping', 'blocked', 'secret-agent/1.0' );
		$spool->claim();
		$spool->append( time(), '203.0.113.6', 'pingback.ping', 'blocked', 'secret-agent/2.0' );
		fclose( fopen( Paths::ingest_lock(), 'c' ) ); // phpcs:ignore
		file_put_contents( Paths::htaccess_backup(), "# the site's .htaccess\n" ); // phpcs:ignore
		$base = (string) Paths::data_url_path();
		$urls = array();
		foreach ( (array) scandir( Paths::data_dir() ) as $name ) {
			if ( is_file( Paths::data_dir() . '/' . $name ) ) {
				$urls[ $name ] = $base . rawurlencode( $name );
			}
		}
		return $urls;
	}

	public function test_data_files_are_unguessable_and_the_snippet_denies_even_their_real_names(): void {
		$files = self::make_data_files();
		$spool = basename( Paths::spool_file() );
		$this->assertArrayHasKey( $spool, $files );
		$this->assertCount( 1, preg_grep( '/\.claim$/', array_keys( $files ) ), 'a claimed spool is there' );
		$this->assertMatchesRegularExpression( '/^hits-1-[a-z0-9]{24}\.spool$/', $spool );
		$this->assertSame( '/wp-content/xmlrpc-shield/', Paths::data_url_path() );

		// Without the snippet nginx serves any file it can name (it reads no .htaccess): the
		// names the plugin used to write are not there to be guessed.
		$this->assertSame( 200, self::nginx( $files[ $spool ] )['status'], 'the check is real: nginx serves a file by its real name' );
		foreach ( array( 'hits-1.spool', 'ingest.lock', 'htaccess.backup' ) as $guess ) {
			// No such file: nginx hands the path to WordPress, which answers 404 or redirects.
			$answer = self::nginx( '/wp-content/xmlrpc-shield/' . $guess );
			$this->assertNotSame( 200, $answer['status'], $guess );
			$this->assertStringNotContainsString( 'secret-agent', $answer['body'], $guess );
		}

		// The admin page's snippet (REST /rules), with fastcgi_pass set to this server's socket
		// as its comment asks.
		$shown   = ( new RulesController() )->get_rules()->get_data()['nginx'];
		$snippet = str_replace( NginxRules::DEFAULT_FASTCGI_PASS, 'unix:' . self::$dir . '/run/php-fpm.sock', $shown );
		$this->assertStringContainsString( "location ^~ /wp-content/xmlrpc-shield/ {\n\tdeny all;\n}", $snippet );
		self::include_snippet( $snippet, $files[ $spool ], 403 );

		foreach ( $files as $name => $url ) {
			$answer = self::nginx( $url );
			$this->assertSame( 403, $answer['status'], $name );
			$this->assertStringNotContainsString( 'secret-agent', $answer['body'] );
		}
		$spellings = array(
			'/wp-content/xmlrpc-shield/',
			'//wp-content//xmlrpc-shield/' . $spool,
			'/wp-content/%78mlrpc-shield/' . $spool,
			'/wp-content/xmlrpc-shield/./' . $spool,
			'/wp-content/plugins/../xmlrpc-shield/' . $spool,
			'/wp-content/xmlrpc-shield/index.php',
			'/wp-content/xmlrpc-shield/hits-1.spool',
			'/wp-content/xmlrpc-shield/ingest.lock',
		);
		foreach ( $spellings as $path ) {
			$answer = self::nginx( $path );
			$this->assertContains( $answer['status'], array( 403, 404 ), $path );
			$this->assertStringNotContainsString( 'secret-agent', $answer['body'], $path );
		}
		$bare = self::nginx( '/wp-content/xmlrpc-shield' );
		$this->assertNotSame( 200, $bare['status'] );

		// The same snippet refuses XML-RPC and trackbacks in nginx, for a client that is not
		// loopback (which the snippet lets through), with a path after the script too (a server
		// that passes PATH_INFO, as nginx's own PHP example and this one do, runs the script
		// for it): no PHP runs.
		$boots  = XS_TEST_SITE_DIR . '/wp-content/xs-xmlrpc-boots.log';
		$before = is_file( $boots ) ? filesize( $boots ) : 0;
		foreach ( array( '/xmlrpc.php', '/xmlrpc.php/', '/xmlrpc.php/x', '/XMLRPC.php/x', '/xmlrpc.php%2Fx', '/wp-trackback.php/1' ) as $path ) {
			$refused = self::http_to( 'http://127.0.0.1:' . self::$port . $path, 'POST', self::PINGBACK_BODY, array( 'Content-Type' => 'text/xml' ), '127.0.0.2' );
			$this->assertSame( 403, $refused['status'], $path );
			$this->assertStringContainsString( '<center>nginx', $refused['body'], $path . ": nginx's own error page" );
			$this->assertArrayNotHasKey( 'x-xmlrpc-shield', $refused['headers'], $path );
			$this->assertStringNotContainsStringIgnoringCase( 'x-xmlrpc-shield', $refused['body'], $path );
		}
		clearstatcache();
		$this->assertSame( $before, is_file( $boots ) ? filesize( $boots ) : 0, 'WordPress did not boot' );
	}

	/**
	 * POSTs demo.sayHello to nginx from a chosen loopback address.
	 *
	 * @return array{status:int, headers:array<string,string>, cookies:string[], body:string}
	 */
	private static function hello_from( string $from ): array {
		return self::http_to( 'http://127.0.0.1:' . self::$port . '/xmlrpc.php', 'POST', '<?xml version="1.0"?><methodCall><methodName>demo.sayHello</methodName></methodCall>', array( 'Content-Type' => 'text/xml' ), $from );
	}

	/**
	 * The snippet's `deny` lines on real nginx: in pingback mode nginx refuses the denied client
	 * and passes everyone else to PHP. Loopback addresses stand in for public clients (nginx sees
	 * the connecting address), so the entry is stored directly: the denylist refuses loopback on
	 * input.
	 */
	public function test_the_snippet_refuses_the_denylist_in_nginx_in_pingback_mode(): void {
		Settings::set_mode( 'pingback' );
		update_option( Settings::DENYLIST, array( array( 'cidr' => '127.0.0.5/32' ) ), true );
		$shown   = ( new RulesController() )->get_rules()->get_data()['nginx'];
		$snippet = str_replace( NginxRules::DEFAULT_FASTCGI_PASS, 'unix:' . self::$dir . '/run/php-fpm.sock', $shown );
		$this->assertStringContainsString( "\tdeny 127.0.0.5/32;\n", $snippet );
		self::include_snippet( $snippet, (string) Paths::data_url_path() . 'index.php', 403 );

		$refused = self::hello_from( '127.0.0.5' );
		$this->assertSame( 403, $refused['status'] );
		$this->assertStringContainsString( '<center>nginx', $refused['body'], "nginx's own error page" );
		$this->assertArrayNotHasKey( 'x-xmlrpc-shield', $refused['headers'] );
		$this->assertStringNotContainsStringIgnoringCase( 'x-xmlrpc-shield', $refused['body'] );
		$passed = self::hello_from( '127.0.0.2' );
		$this->assertSame( 200, $passed['status'], $passed['body'] );
		$this->assertStringContainsString( '<string>Hello!</string>', $passed['body'] );
	}

	public function test_the_web_server_records_its_own_address_for_the_cli_flush(): void {
		delete_option( Settings::WEB_SERVER );
		$answer = self::nginx( '/?rest_route=/xmlrpc-shield/v1' . CounterFlush::ROUTE, 'POST', '', array( CounterFlush::HEADER => (string) get_option( Settings::FLUSH_KEY ) ) );
		$this->assertSame( 200, $answer['status'], $answer['body'] );
		wp_cache_flush();
		$this->assertSame(
			array(
				'addr'  => '127.0.0.1',
				'port'  => self::$port,
				'https' => false,
			),
			get_option( Settings::WEB_SERVER )
		);
		// WP-CLI now asks nginx (this server as it answered the site), not the home URL's port.
		$this->assertSame( 'http://127.0.0.1:' . self::$port . '/?rest_route=/xmlrpc-shield/v1/counters/flush', CounterFlush::own_flush_urls()[0] );
		$flushed = CounterFlush::ask_web_server();
		$this->assertTrue( $flushed['ok'], $flushed['error'] );
	}
}
