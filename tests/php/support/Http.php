<?php
/**
 * Real HTTP on loopback for the PHP test suites: the one HTTP client (single requests and
 * requests all at once) and the one starter and stopper of PHP's built-in server. The integration and the
 * release suites both use it (Composer's autoload-dev, which both bootstraps load), so neither
 * keeps a client or a `php -S` starter of its own.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\support;

final class Http {

	/**
	 * Sends one HTTP request; redirects are not followed.
	 *
	 * @param string               $url     Full URL.
	 * @param string               $method  HTTP method.
	 * @param string|null          $body    Body.
	 * @param array<string,string> $headers Headers, name => value.
	 * @param string               $from    Loopback address to send from (a client the server sees), or '' for any.
	 * @param array<int,mixed>     $options More curl options (e.g. CURLOPT_CONNECT_TO).
	 * @return array{status:int, headers:array<string,string>, cookies:string[], body:string}
	 *         Header names in lower case (the last of a repeated header); cookies as
	 *         "name=value", one per Set-Cookie.
	 */
	public static function request( string $url, string $method = 'GET', ?string $body = null, array $headers = array(), string $from = '', array $options = array() ): array {
		$curl = curl_init( $url );
		$list = array();
		foreach ( $headers as $name => $value ) {
			$list[] = $name . ': ' . $value;
		}
		$response_headers = array();
		$cookies          = array();
		curl_setopt_array(
			$curl,
			array(
				CURLOPT_CUSTOMREQUEST  => $method,
				CURLOPT_RETURNTRANSFER => true,
				CURLOPT_HTTPHEADER     => $list,
				CURLOPT_TIMEOUT        => 60,
				CURLOPT_NOBODY         => 'HEAD' === $method,
				CURLOPT_HEADERFUNCTION => static function ( $handle, $line ) use ( &$response_headers, &$cookies ) {
					$parts = explode( ':', $line, 2 );
					if ( 2 === count( $parts ) ) {
						$name                      = strtolower( trim( $parts[0] ) );
						$response_headers[ $name ] = trim( $parts[1] );
						if ( 'set-cookie' === $name ) {
							$cookies[] = explode( ';', trim( $parts[1] ) )[0];
						}
					}
					return strlen( $line );
				},
			)
		);
		if ( null !== $body ) {
			curl_setopt( $curl, CURLOPT_POSTFIELDS, $body );
		}
		if ( '' !== $from ) {
			curl_setopt( $curl, CURLOPT_INTERFACE, $from );
		}
		curl_setopt_array( $curl, $options );
		$output = curl_exec( $curl );
		$status = (int) curl_getinfo( $curl, CURLINFO_RESPONSE_CODE );
		curl_close( $curl );
		return array(
			'status'  => $status,
			'headers' => $response_headers,
			'cookies' => $cookies,
			'body'    => false === $output ? '' : (string) $output,
		);
	}

	/**
	 * Sends POSTs all at once (curl multi), each on a connection of its own, and returns their
	 * statuses in the order given.
	 *
	 * @param string           $url     Full URL.
	 * @param string           $body    Body of every request (sent as text/xml).
	 * @param string[][]       $headers One header list per request ("Name: value" lines).
	 * @param callable|null    $while   Called while the requests are in flight (e.g. an ingest).
	 * @param string           $from    Loopback address to send from, or '' for any.
	 * @param array<int,mixed> $options More curl options for every request.
	 * @return int[]
	 */
	public static function post_at_once( string $url, string $body, array $headers, ?callable $while = null, string $from = '', array $options = array() ): array {
		$open = array();
		foreach ( $headers as $list ) {
			$curl = curl_init( $url );
			curl_setopt_array(
				$curl,
				array(
					CURLOPT_POST           => true,
					CURLOPT_POSTFIELDS     => $body,
					CURLOPT_RETURNTRANSFER => true,
					CURLOPT_HTTPHEADER     => array_merge( array( 'Content-Type: text/xml' ), $list ),
					CURLOPT_FORBID_REUSE   => true,
					CURLOPT_TIMEOUT        => 60,
				)
			);
			if ( '' !== $from ) {
				curl_setopt( $curl, CURLOPT_INTERFACE, $from );
			}
			curl_setopt_array( $curl, $options );
			$open[] = $curl;
		}
		$multi = curl_multi_init();
		foreach ( $open as $curl ) {
			curl_multi_add_handle( $multi, $curl );
		}
		$running = 0;
		do {
			curl_multi_exec( $multi, $running );
			curl_multi_select( $multi, 0.05 );
			if ( null !== $while ) {
				$while();
			}
		} while ( $running > 0 );
		$statuses = array();
		foreach ( $open as $curl ) {
			$statuses[] = (int) curl_getinfo( $curl, CURLINFO_RESPONSE_CODE );
			curl_multi_remove_handle( $multi, $curl );
			curl_close( $curl );
		}
		curl_multi_close( $multi );
		return $statuses;
	}

	/**
	 * Starts a PHP built-in server on 127.0.0.1:$port and waits until it accepts connections
	 * (at most 5 s).
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
		$process = proc_open(
			array_merge( array( PHP_BINARY ), $php, array( '-S', '127.0.0.1:' . $port ), $serve ),
			array(
				0 => array( 'file', '/dev/null', 'r' ),
				1 => array( 'file', $log, 'a' ),
				2 => array( 'file', $log, 'a' ),
			),
			$pipes,
			$cwd,
			array_merge( getenv(), $env )
		);
		for ( $i = 0; $i < 50; $i++ ) {
			$probe = @fsockopen( '127.0.0.1', $port, $errno, $errstr, 0.2 ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
			if ( $probe ) {
				fclose( $probe );
				break;
			}
			usleep( 100000 );
		}
		return $process;
	}

	/**
	 * Ends a server start_php_server() started, with the workers it forked (only those of its
	 * port); with no process, a leftover server on the port.
	 *
	 * @param resource|null $process The process.
	 * @param int           $port    Its port.
	 */
	public static function stop_php_server( $process, int $port ): void {
		exec( 'pkill -f -- ' . escapeshellarg( '-S 127.0.0.1:' . $port . ' ' ) );
		if ( is_resource( $process ) ) {
			proc_terminate( $process );
			proc_close( $process );
		}
		// Until the port is free (at most 5 s): a dying server that still accepts would pass
		// start_php_server()'s probe for the next one on this port (as xs_serve_stop waits).
		for ( $i = 0; $i < 50; $i++ ) {
			$probe = @fsockopen( '127.0.0.1', $port, $errno, $errstr, 0.2 ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
			if ( ! $probe ) {
				break;
			}
			fclose( $probe );
			usleep( 100000 );
		}
	}
}
