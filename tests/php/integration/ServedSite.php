<?php
/**
 * A WordPress site of its own, served by a real nginx + PHP-FPM or Apache + mod_php, driven by
 * the real WP-CLI: for the early gate's tests that need a web server's own PHP processes
 * (user_ini.cache_ttl, OPcache) apart from the test process.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Tests\support\Http;

final class ServedSite {

	/** @var string */
	public $dir;

	/** @var int */
	public $port;

	/** @var string nginx-fpm or apache */
	private $server = '';

	/**
	 * A port for a served site, apart from the test site's own and its other servers (+50 Apache,
	 * +100/+200 php -S, +310 multisite), so parallel runs on other base ports never collide.
	 *
	 * @param int $offset 0-49.
	 */
	public static function port( int $offset ): int {
		return (int) wp_parse_url( XS_TEST_SITE_URL, PHP_URL_PORT ) + 400 + $offset;
	}

	/**
	 * Creates a fresh site (SQLite) for $port: with this plugin active and its autopilot off
	 * (the early gate only where a test installs it), or, with $as_a_user_would, the plugin
	 * present but not activated and every default untouched (a test activates it as users do).
	 */
	public function __construct( int $port, bool $as_a_user_would = false ) {
		$this->port = $port;
		$this->dir  = XS_REPO_DIR . '/.wp/sites/served-' . $port;
		$command    = sprintf( 'source %s/tools/wp/lib.sh && %s xs_create_site %s %s sqlite', escapeshellarg( XS_REPO_DIR ), $as_a_user_would ? 'XS_LEAVE_INACTIVE=1' : 'XS_AUTOPILOT=off', escapeshellarg( $this->dir ), escapeshellarg( 'http://127.0.0.1:' . $port ) );
		exec( 'bash -c ' . escapeshellarg( $command ) . ' 2>&1', $out, $code );
		\PHPUnit\Framework\Assert::assertSame( 0, $code, implode( "\n", $out ) );
	}

	/**
	 * Serves the site with nginx + PHP-FPM (user_ini.cache_ttl = $ttl) or Apache + mod_php
	 * (extra php_admin_value settings from $php_admin, e.g. "opcache.validate_timestamps=0").
	 */
	public function start( string $server, int $ttl = 300, string $php_admin = '' ): void {
		$this->stop();
		$this->server = $server;
		$args         = 'nginx-fpm' === $server ? sprintf( 'nginx-fpm.sh start %s %d 4 %d', escapeshellarg( $this->dir ), $this->port, $ttl ) : sprintf( 'apache.sh start %s %d 4', escapeshellarg( $this->dir ), $this->port );
		exec( 'XS_APACHE_PHP_ADMIN=' . escapeshellarg( $php_admin ) . ' bash ' . XS_REPO_DIR . '/tools/' . $args . ' 2>&1', $out, $code );
		\PHPUnit\Framework\Assert::assertSame( 0, $code, implode( "\n", $out ) );
	}

	/**
	 * Stops the server this object started.
	 */
	public function stop(): void {
		if ( '' !== $this->server ) {
			exec( 'bash ' . XS_REPO_DIR . '/tools/' . ( 'nginx-fpm' === $this->server ? 'nginx-fpm.sh' : 'apache.sh' ) . ' stop ' . $this->port );
			$this->server = '';
		}
	}

	/**
	 * Runs WP-CLI on the site; fails the test when it fails.
	 *
	 * @param string ...$args Arguments.
	 */
	public function wp( string ...$args ): string {
		$command = array_merge( array( XS_REPO_DIR . '/vendor/bin/wp', '--path=' . $this->dir, '--allow-root' ), $args );
		exec( implode( ' ', array_map( 'escapeshellarg', $command ) ) . ' 2>&1', $out, $code );
		\PHPUnit\Framework\Assert::assertSame( 0, $code, implode( ' ', $args ) . ': ' . implode( "\n", $out ) );
		return implode( "\n", $out );
	}

	/**
	 * Runs PHP code in the site's WordPress (as wp-admin code would, from another process);
	 * returns what it printed.
	 *
	 * @param string $code PHP statements.
	 */
	public function php( string $code ): string {
		$boot = '$_SERVER["HTTP_HOST"] = "127.0.0.1:' . $this->port . '"; require ' . var_export( $this->dir . '/wp-load.php', true ) . '; require_once ABSPATH . "wp-admin/includes/plugin.php"; wp_set_current_user( 1 ); ';
		exec( escapeshellarg( PHP_BINARY ) . ' -d error_reporting=0 -r ' . escapeshellarg( $boot . $code ) . ' 2>&1', $out, $code_ );
		\PHPUnit\Framework\Assert::assertSame( 0, $code_, implode( "\n", $out ) );
		return implode( "\n", $out );
	}

	/**
	 * One request, redirects not followed.
	 *
	 * @return array{status:int, headers:array<string,string>, cookies:string[], body:string}
	 */
	public function request( string $path, ?string $xml = null ): array {
		if ( null === $xml ) {
			return Http::request( 'http://127.0.0.1:' . $this->port . $path );
		}
		return Http::request( 'http://127.0.0.1:' . $this->port . $path, 'POST', $xml, array( 'Content-Type' => 'text/xml' ) );
	}

	/**
	 * The three requests the outage checks watch: the home page, wp-admin, xmlrpc.php.
	 *
	 * @return array<string,int> Path => status.
	 */
	public function visit(): array {
		return array(
			'/'           => $this->request( '/' )['status'],
			'/wp-admin/'  => $this->request( '/wp-admin/' )['status'],
			'/xmlrpc.php' => $this->request( '/xmlrpc.php', IntegrationTestCase::PINGBACK_BODY )['status'],
		);
	}

	/**
	 * Sends XML-RPC requests until one is answered by the early gate (each PHP-FPM worker reads
	 * a changed .user.ini on its own schedule); false if none was within $seconds.
	 */
	public function wait_for_early_gate( int $seconds ): bool {
		$until = microtime( true ) + $seconds;
		while ( microtime( true ) < $until ) {
			if ( 'early-gate' === ( $this->request( '/xmlrpc.php', IntegrationTestCase::PINGBACK_BODY )['headers']['x-xmlrpc-shield'] ?? '' ) ) {
				return true;
			}
			usleep( 250000 );
		}
		return false;
	}

	/**
	 * The early gate file in this site.
	 */
	public function gate_file(): string {
		return $this->dir . '/wp-content/xmlrpc-shield-early-gate.php';
	}
}
