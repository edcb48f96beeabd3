<?php
/**
 * Checks the signature WordPress.com puts on its calls to a Jetpack-connected site.
 *
 * One job, Jetpack's signature check, step for step as Jetpack's connection package does it;
 * each step stops one kind of forgery, and they stay together to be compared with Jetpack's code.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Gate;

/**
 * Pure: the request's parts and the site's token in, a verdict out. No WordPress calls, no I/O.
 *
 * Jetpack's servers name their calls with ?for=jetpack and sign them with a token only they and
 * the site hold (`key.secret`). The query carries token (`key:api-version:user-id`), timestamp,
 * nonce, body-hash (base64 SHA-1 of the raw body) and signature: base64 HMAC-SHA1, keyed with
 * the secret, of a newline-terminated list of token, timestamp, nonce, body hash, method, host,
 * port, path and the sorted, RFC 3986 encoded query pairs (signature left out). This class
 * checks all of it the way the Jetpack connection package's Manager and Jetpack_Signature do;
 * the nonce's single use is the caller's job (it needs storage). Which requests are worth the
 * check is Decider::is_signed_jetpack_call() (the early gate needs it, and bundles Decider).
 */
final class JetpackSignature {

	/** Jetpack's API version when JETPACK__API_VERSION is not defined. */
	const DEFAULT_API_VERSION = '1';

	/** How old (seconds) a timestamp may be, after the site's recorded clock difference. */
	const MAX_AGE = 600;

	/** How far ahead (seconds) a timestamp may be. */
	const MAX_AHEAD = 300;

	/** Longest nonce Jetpack accepts; it must also be plain ASCII letters and digits. */
	const NONCE_MAX_LENGTH = 12;

	/** Verdicts other than OK; each names the first check that failed. */
	const OK                = '';
	const MALFORMED_TOKEN   = 'malformed_token';
	const TOKEN_MISMATCH    = 'token_mismatch';
	const MISSING_PARAMETER = 'missing_parameter';
	const BAD_BODY_HASH     = 'invalid_body_hash';
	const BAD_URL           = 'invalid_url';
	const BAD_TIMESTAMP     = 'invalid_timestamp';
	const STALE_TIMESTAMP   = 'stale_timestamp';
	const BAD_NONCE         = 'invalid_nonce';
	const MISMATCH          = 'signature_mismatch';

	/**
	 * Splits the token argument (`key:api-version:user-id`).
	 *
	 * @param string $token_arg   The token query argument.
	 * @param string $api_version The API version the site speaks.
	 * @return array{key:string, user_id:int}|null Null when Jetpack would call it malformed.
	 */
	public static function parse_token_arg( string $token_arg, string $api_version ): ?array {
		$parts   = explode( ':', $token_arg );
		$key     = $parts[0];
		$version = $parts[1] ?? '';
		$user    = $parts[2] ?? '';
		if ( '' === $key || '' === $version || $api_version !== $version ) {
			return null;
		}
		if ( '0' === $user ) {
			return array(
				'key'     => $key,
				'user_id' => 0,
			);
		}
		if ( '' === $user || ! ctype_digit( $user ) ) {
			return null;
		}
		return array(
			'key'     => $key,
			'user_id' => (int) $user,
		);
	}

	/**
	 * The URL Jetpack signs for the current request: scheme, Host header, the port (empty when
	 * it is the scheme's usual one) and the request URI. A Host header that already names a
	 * port gives `host:port:port`, which Jetpack's own check parses as host `host:port`; so does
	 * this one, on purpose.
	 *
	 * @param array<string,mixed> $server     Server variables.
	 * @param bool                $https      Whether the request came over HTTPS (core's is_ssl()).
	 * @param string              $http_port  Port that counts as usual for HTTP (JETPACK_SIGNATURE__HTTP_PORT).
	 * @param string              $https_port Port that counts as usual for HTTPS (JETPACK_SIGNATURE__HTTPS_PORT).
	 */
	public static function request_url( array $server, bool $https, string $http_port = '80', string $https_port = '443' ): string {
		$host = isset( $server['HTTP_HOST'] ) && is_string( $server['HTTP_HOST'] ) ? $server['HTTP_HOST'] : '';
		$uri  = isset( $server['REQUEST_URI'] ) && is_string( $server['REQUEST_URI'] ) ? $server['REQUEST_URI'] : '';
		return ( $https ? 'https' : 'http' ) . '://' . $host . ':' . self::request_port( $server, $https, $http_port, $https_port ) . $uri;
	}

	/**
	 * The port part of request_url(): X-Forwarded-Port, else the server's port; empty when it is
	 * the usual one (behind a TLS proxy, 80 counts as usual for HTTPS too).
	 *
	 * @param array<string,mixed> $server     Server variables.
	 * @param bool                $https      Whether the request came over HTTPS.
	 * @param string              $http_port  Usual HTTP port.
	 * @param string              $https_port Usual HTTPS port.
	 */
	public static function request_port( array $server, bool $https, string $http_port = '80', string $https_port = '443' ): string {
		$port = self::valid_port( $server['HTTP_X_FORWARDED_PORT'] ?? null );
		if ( '' === $port ) {
			$port = self::valid_port( $server['SERVER_PORT'] ?? null );
		}
		$usual = $https ? array( '443', '80', self::valid_port( $https_port ) ) : array( '80', self::valid_port( $http_port ) );
		return in_array( $port, $usual, true ) ? '' : $port;
	}

	/**
	 * A port number as a string, or '' for anything that is not one.
	 *
	 * @param mixed $port Candidate.
	 */
	public static function valid_port( $port ): string {
		if ( is_int( $port ) ) {
			$port = (string) $port;
		}
		if ( ! is_string( $port ) || ! ctype_digit( $port ) || (int) $port < 1 || (int) $port > 65535 ) {
			return '';
		}
		return $port;
	}

	/**
	 * Verifies a request's signature with one access token.
	 *
	 * @param string              $access_token The site's token for the key the request names, `key.secret`.
	 * @param array<string,mixed> $query        Query arguments ($_GET shape, unslashed).
	 * @param string              $method       HTTP method.
	 * @param string              $url          request_url() as WordPress escapes it.
	 * @param string              $body         Raw request body.
	 * @param int                 $now          Current time.
	 * @param int                 $time_diff    Jetpack's recorded difference between its clock and the site's.
	 * @return string OK, or the reason it does not verify.
	 */
	public static function verify( string $access_token, array $query, string $method, string $url, string $body, int $now, int $time_diff ): string {
		$token_parts = explode( '.', $access_token );
		if ( 2 !== count( $token_parts ) || '' === $token_parts[0] || '' === $token_parts[1] ) {
			return self::MALFORMED_TOKEN;
		}
		list( $key, $secret ) = $token_parts;

		$args = array();
		foreach ( array( 'token', 'timestamp', 'nonce', 'body-hash', 'signature' ) as $name ) {
			$value = $query[ $name ] ?? '';
			if ( ! is_string( $value ) ) {
				return self::MISSING_PARAMETER;
			}
			$args[ $name ] = $value;
		}
		$token = explode( '.', $args['token'] )[0];
		if ( 0 !== strpos( $token, $key . ':' ) ) {
			return self::TOKEN_MISMATCH;
		}
		$has_body = '' !== $body;
		foreach ( array( $args['timestamp'], $args['nonce'], $method, $url, $has_body ? $args['body-hash'] : 'n/a' ) as $required ) {
			if ( '' === $required ) {
				return self::MISSING_PARAMETER;
			}
		}
		if ( $has_body ? ! hash_equals( self::body_hash( $body ), $args['body-hash'] ) : ! empty( $args['body-hash'] ) ) {
			return self::BAD_BODY_HASH;
		}

		$parsed = parse_url( $url ); // phpcs:ignore WordPress.WP.AlternativeFunctions.parse_url_parse_url -- pure code; same result as wp_parse_url() for an absolute URL.
		if ( ! is_array( $parsed ) || ! isset( $parsed['host'] ) ) {
			return self::BAD_URL;
		}
		$port = self::url_port( $parsed );
		if ( null === $port ) {
			return self::BAD_URL;
		}

		$timestamp = $args['timestamp'];
		if ( ! ctype_digit( $timestamp ) || strlen( $timestamp ) > 10 ) {
			return self::BAD_TIMESTAMP;
		}
		$their_now = (int) $timestamp - $time_diff;
		if ( $their_now < $now - self::MAX_AGE || $their_now > $now + self::MAX_AHEAD ) {
			return self::STALE_TIMESTAMP;
		}
		if ( strlen( $args['nonce'] ) > self::NONCE_MAX_LENGTH || preg_match( '/[^a-zA-Z0-9]/', $args['nonce'] ) ) {
			return self::BAD_NONCE;
		}

		$lines    = array( $token, $timestamp, $args['nonce'], $args['body-hash'], strtoupper( $method ), strtolower( $parsed['host'] ), $port, $parsed['path'] ?? '' );
		$lines    = array_merge( $lines, self::normalized_query( $parsed['query'] ?? '' ) );
		$expected = base64_encode( hash_hmac( 'sha1', implode( "\n", $lines ) . "\n", $secret, true ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- the signature's encoding.
		return hash_equals( $expected, $args['signature'] ) ? self::OK : self::MISMATCH;
	}

	/**
	 * Base64 of the raw SHA-1 of a body, as the body-hash argument carries it.
	 *
	 * @param string $body Raw body.
	 */
	public static function body_hash( string $body ): string {
		return base64_encode( sha1( $body, true ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- the argument's encoding.
	}

	/**
	 * The query's `name=value` pairs, RFC 3986 encoded, without the signature, in Jetpack's
	 * order: plain pairs sorted, then each array argument's pairs (sorted among themselves).
	 *
	 * @param string $query_string Query string.
	 * @return string[]
	 */
	public static function normalized_query( string $query_string ): array {
		parse_str( $query_string, $args );
		unset( $args['signature'] );
		$entries = array();
		foreach ( $args as $name => $value ) {
			$entries[] = self::pairs( rawurlencode( (string) $name ), $value );
		}
		// Strings sort before arrays, arrays by size then element by element: PHP's own order.
		sort( $entries );
		$flat = array();
		foreach ( $entries as $entry ) {
			foreach ( (array) $entry as $pair ) {
				$flat[] = $pair;
			}
		}
		return $flat;
	}

	/**
	 * One argument as `name=value`, or a sorted list of `name[key]=value` for an array (Jetpack
	 * encodes names and values, not the keys inside an array).
	 *
	 * @param string $name  Encoded name.
	 * @param mixed  $value Value as parse_str() made it.
	 * @return string|string[]
	 */
	private static function pairs( string $name, $value ) {
		if ( ! is_array( $value ) ) {
			return $name . '=' . rawurlencode( (string) $value );
		}
		$list = array();
		foreach ( $value as $key => $item ) {
			foreach ( (array) self::pairs( $name . '[' . $key . ']', $item ) as $pair ) {
				$list[] = $pair;
			}
		}
		sort( $list );
		return $list;
	}

	/**
	 * The URL's port, or the scheme's default; null for a scheme without one.
	 *
	 * @param array<string,mixed> $parsed parse_url() result.
	 */
	private static function url_port( array $parsed ): ?string {
		if ( ! empty( $parsed['port'] ) ) {
			return (string) $parsed['port'];
		}
		$defaults = array(
			'http'  => '80',
			'https' => '443',
		);
		$scheme   = $parsed['scheme'] ?? '';
		return $defaults[ $scheme ] ?? null;
	}
}
