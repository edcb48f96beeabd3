<?php
/**
 * Gets the web server's APCu hit counters into the spool before an ingest.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Log;

use XmlrpcShield\Settings;

/**
 * In a web request the counters are in this process's reach. WP-CLI runs in its own process
 * with its own (or no) APCu, so it asks the site over a loopback request, authenticated by a
 * random key only PHP on this site can read (an option), to flush them.
 */
final class CounterFlush {

	/** Option holding the loopback key. */
	const KEY_OPTION = 'xmlrpc_shield_flush_key';

	/** Request header carrying the key. */
	const HEADER = 'X-XMLRPC-Shield-Flush';

	/** Transient set when the web server answered that it has no APCu (asked again after it expires). */
	const NO_APCU_TRANSIENT = 'xmlrpc_shield_web_no_apcu';

	/** REST route (in the xmlrpc-shield/v1 namespace) that flushes. */
	const ROUTE = '/counters/flush';

	/**
	 * Moves pending counters into the spool, here or via the web server.
	 *
	 * @param Spool $spool The site's spool.
	 * @return array{source:string, hits:int, ok:bool, error:string, dropped:int, dropped_last:int}
	 *         source: 'apcu' (flushed here), 'web' (flushed by the web server), 'none' (nothing
	 *         to do); dropped: hits dropped from the log since the last collect, dropped_last
	 *         the minute of the latest.
	 */
	public static function collect( Spool $spool ): array {
		$report = array(
			'source'       => 'none',
			'hits'         => 0,
			'ok'           => true,
			'error'        => '',
			'dropped'      => 0,
			'dropped_last' => 0,
		);
		if ( ! Settings::use_apcu() ) {
			return $report;
		}
		$flushed = self::flush_here( $spool );
		if ( null !== $flushed ) {
			return array(
				'source'       => 'apcu',
				'hits'         => $flushed['hits'],
				'ok'           => $flushed['ok'],
				'error'        => $flushed['ok'] ? '' : 'spool',
				'dropped'      => $flushed['dropped'],
				'dropped_last' => $flushed['dropped_last'],
			);
		}
		// A web server without APCu counted nothing in memory. WP-CLI (or cron run from it) asks,
		// unless the web server said lately that it has no APCu.
		if ( 'cli' !== PHP_SAPI || 'no' === get_transient( self::NO_APCU_TRANSIENT ) ) {
			return $report;
		}
		return self::ask_web_server();
	}

	/**
	 * Flushes the counters this process can see and takes its dropped-hit counts; null when
	 * it does not count in APCu (the filter turned it off, or no APCu here, as in WP-CLI).
	 *
	 * @param Spool $spool The site's spool.
	 * @return array{counters:int, hits:int, ok:bool, dropped:int, dropped_last:int}|null
	 */
	public static function flush_here( Spool $spool ): ?array {
		if ( ! Settings::use_apcu() || ! ApcuCounter::available() ) {
			return null;
		}
		$counter = new ApcuCounter( $spool );
		$flushed = $counter->flush();
		$dropped = $counter->take_dropped();
		return $flushed + array(
			'dropped'      => $dropped['hits'],
			'dropped_last' => $dropped['last'],
		);
	}

	/**
	 * Asks this site's web server to flush its counters (a loopback REST request).
	 *
	 * @param string|null $url Flush URL; default this site's REST route.
	 * @return array{source:string, hits:int, ok:bool, error:string, dropped?:int, dropped_last?:int}
	 */
	public static function ask_web_server( ?string $url = null ): array {
		$response = wp_remote_post(
			null === $url ? self::flush_url( home_url( '/' ) ) : $url,
			array(
				'headers'   => array( self::HEADER => self::key() ),
				'timeout'   => 5,
				// Core's own loopback requests (site health, cron) do not verify the local certificate.
				'sslverify' => (bool) apply_filters( 'https_local_ssl_verify', false ), // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core's own filter.
			)
		);
		$code = (int) wp_remote_retrieve_response_code( $response );
		$body = json_decode( (string) wp_remote_retrieve_body( $response ), true );
		if ( is_wp_error( $response ) || 200 !== $code || ! is_array( $body ) ) {
			return array(
				'source' => 'web',
				'hits'   => 0,
				'ok'     => false,
				'error'  => is_wp_error( $response ) ? $response->get_error_message() : sprintf( 'HTTP %d', $code ),
			);
		}
		if ( empty( $body['apcu'] ) ) {
			set_transient( self::NO_APCU_TRANSIENT, 'no', HOUR_IN_SECONDS );
		}
		return array(
			'source'       => 'web',
			'hits'         => (int) ( $body['hits'] ?? 0 ),
			'ok'           => ! empty( $body['ok'] ),
			'error'        => empty( $body['ok'] ) ? 'spool' : '',
			'dropped'      => (int) ( $body['dropped'] ?? 0 ),
			'dropped_last' => (int) ( $body['dropped_last'] ?? 0 ),
		);
	}

	/**
	 * The flush route under a site's front URL, in the plain ?rest_route= form: it works whether
	 * or not the server rewrites /wp-json/ (a site on Apache without WordPress's rewrite block
	 * answers 404 to the pretty form).
	 *
	 * @param string $home Front URL ending in a slash.
	 */
	public static function flush_url( string $home ): string {
		return add_query_arg( 'rest_route', '/xmlrpc-shield/v1' . self::ROUTE, $home );
	}

	/**
	 * Whether a request carries the loopback key (constant-time comparison).
	 *
	 * @param string $candidate Header value.
	 */
	public static function is_valid_key( string $candidate ): bool {
		$key = get_option( self::KEY_OPTION );
		return is_string( $key ) && strlen( $key ) >= 32 && hash_equals( $key, $candidate );
	}

	/**
	 * The loopback key, made on first use.
	 */
	private static function key(): string {
		$key = get_option( self::KEY_OPTION );
		if ( ! is_string( $key ) || strlen( $key ) < 32 ) {
			$key = wp_generate_password( 40, false );
			update_option( self::KEY_OPTION, $key, false );
		}
		return $key;
	}
}
