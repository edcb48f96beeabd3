<?php
/**
 * Gets the web server's APCu hit counters into the spool before an ingest.
 *
 * Past 250 lines because both ends of one exchange live here: the web server's side (collect
 * the counters into the spool) and the asker's (find the web server's own address, send the
 * keyed loopback request, read its report); split, each half would carry the other's rules.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Log;

use XmlrpcShield\Capabilities;
use XmlrpcShield\Gate\Cidr;
use XmlrpcShield\Gate\IpAddress;
use XmlrpcShield\Paths;
use XmlrpcShield\Settings;

/**
 * In a web request the counters are in this process's reach. WP-CLI runs in its own process
 * with its own (or no) APCu, so it asks the site over a loopback request, authenticated by a
 * random key only PHP on this site can read (an option), to flush them.
 *
 * The key goes to this server only, never to home_url() itself: the home URL may name a CDN or
 * a load balancer (which would see the key, and the request would reach some other node's
 * memory), or plain http in front of a redirect that WordPress would follow, sending the
 * key's header along. The request connects to the address and port the web server was last
 * seen answering this site on (recorded by web requests that ingest), or to loopback at the
 * home URL's port, names the site in the Host header, and follows no redirect.
 */
final class CounterFlush {

	/** Request header carrying the key. */
	const HEADER = 'X-XMLRPC-Shield-Flush';

	/** REST route (in the xmlrpc-shield/v1 namespace) that flushes. */
	const ROUTE = '/counters/flush';

	/** Addresses the key may be sent to besides the recorded server address. */
	const LOOPBACK = array( '127.0.0.0/8', '::1/128' );

	/**
	 * Moves pending counters into the spool, here or via the web server.
	 *
	 * @param Spool $spool The site's spool.
	 * @return array{source:string, hits:int, ok:bool, error:string, dropped?:int, dropped_last?:int}
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
		self::remember_server( $_SERVER );
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
		if ( 'cli' !== PHP_SAPI || 'no' === get_transient( Settings::WEB_NO_APCU ) ) {
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
		$report  = $counter->flush();
		// Counters are keyed by their spool's path. For a day after the site's spool got its
		// secret name, counters kept under the old name (by gate code that still had it) go to
		// the old spool, which the ingester reads too.
		if ( Paths::file_secret_since() > time() - DAY_IN_SECONDS && Paths::legacy_spool_file() !== $spool->path() ) {
			$legacy              = ( new ApcuCounter( new Spool( Paths::legacy_spool_file(), Spool::MAX_BYTES ) ) )->flush();
			$report['counters'] += $legacy['counters'];
			$report['hits']     += $legacy['hits'];
			$report['ok']        = $report['ok'] && $legacy['ok'];
		}
		$dropped = $counter->take_dropped();
		return $report + array(
			'dropped'      => $dropped['hits'],
			'dropped_last' => $dropped['last'],
		);
	}

	/**
	 * Asks this site's web server to flush its counters, over a request to this server itself.
	 *
	 * @param string|null $url Flush URL on this server (its host must be a loopback address or
	 *                         the recorded server address; tests pass their own servers'); by
	 *                         default own_flush_urls(), tried in order until one connects.
	 * @return array{source:string, hits:int, ok:bool, error:string, dropped?:int, dropped_last?:int}
	 */
	public static function ask_web_server( ?string $url = null ): array {
		$home    = wp_parse_url( home_url( '/' ) );
		$host    = ( $home['host'] ?? 'localhost' ) . ( isset( $home['port'] ) ? ':' . $home['port'] : '' );
		$urls    = null === $url ? self::own_flush_urls() : array( $url );
		$outcome = null;
		foreach ( $urls as $candidate ) {
			if ( ! self::is_own_address( (string) wp_parse_url( $candidate, PHP_URL_HOST ) ) ) {
				$outcome = new \WP_Error( 'xmlrpc_shield_not_loopback', sprintf( 'refused to send the flush key to %s, which is not this server', $candidate ) );
				continue;
			}
			$outcome = wp_remote_post(
				$candidate,
				array(
					'headers'     => array(
						self::HEADER => self::key(),
						'Host'       => $host,
					),
					'timeout'     => 5,
					// A redirect would take the key (WordPress sends custom headers again) elsewhere.
					'redirection' => 0,
					// The certificate names the site, not the address connected to; core's own
					// loopback requests do not verify it either.
					'sslverify'   => (bool) apply_filters( 'https_local_ssl_verify', false ), // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core's own filter.
				)
			);
			if ( ! is_wp_error( $outcome ) ) {
				break;
			}
		}
		$code = is_array( $outcome ) ? (int) wp_remote_retrieve_response_code( $outcome ) : 0;
		$body = is_array( $outcome ) ? json_decode( (string) wp_remote_retrieve_body( $outcome ), true ) : null;
		if ( ! is_array( $outcome ) || 200 !== $code || ! is_array( $body ) ) {
			return array(
				'source' => 'web',
				'hits'   => 0,
				'ok'     => false,
				'error'  => is_wp_error( $outcome ) ? $outcome->get_error_message() : sprintf( 'HTTP %d', $code ),
			);
		}
		if ( empty( $body['apcu'] ) ) {
			set_transient( Settings::WEB_NO_APCU, 'no', HOUR_IN_SECONDS );
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
	 * Flush URLs on this server, best first: the address and port the web server answered this
	 * site on when last seen, then loopback ("localhost", IPv4, IPv6) at the home URL's scheme
	 * and port.
	 * The path is the home URL's (a site in a sub-directory or a multisite sub-site).
	 *
	 * @return string[]
	 */
	public static function own_flush_urls(): array {
		$home   = wp_parse_url( home_url( '/' ) );
		$scheme = 'https' === ( $home['scheme'] ?? 'http' ) ? 'https' : 'http';
		$path   = rtrim( $home['path'] ?? '', '/' ) . '/';
		$port   = (int) ( $home['port'] ?? ( 'https' === $scheme ? 443 : 80 ) );
		// Loopback stays the fallback when the recorded address no longer answers (a moved port).
		// "localhost" first: WP_HTTP_BLOCK_EXTERNAL lets WordPress reach that name (and the home
		// host) but refuses 127.0.0.1 and ::1; it names loopback only (RFC 6761, curl resolves
		// it without DNS), trying ::1 and 127.0.0.1 in turn.
		$targets = array( array( 'localhost', $port, $scheme ), array( '127.0.0.1', $port, $scheme ), array( '::1', $port, $scheme ) );
		$seen    = self::seen_server();
		if ( null !== $seen ) {
			array_unshift( $targets, array( $seen['addr'], $seen['port'], $seen['https'] ? 'https' : 'http' ) );
		}
		$urls = array();
		foreach ( $targets as list( $addr, $target_port, $target_scheme ) ) {
			$authority = ( IpAddress::is_ipv6( $addr ) ? '[' . $addr . ']' : $addr ) . ':' . $target_port;
			$urls[]    = self::flush_url( $target_scheme . '://' . $authority . $path );
		}
		return $urls;
	}

	/**
	 * Records the address, port and scheme the web server answered this request on, so WP-CLI
	 * can reach this server (and this node of several) later. Written only when it changed;
	 * a no-op outside web requests.
	 *
	 * @param array<string,mixed> $server Server variables.
	 */
	public static function remember_server( array $server ): void {
		if ( 'cli' === PHP_SAPI ) {
			return;
		}
		$addr = IpAddress::normalize( is_string( $server['SERVER_ADDR'] ?? null ) ? $server['SERVER_ADDR'] : '' );
		$port = (int) ( $server['SERVER_PORT'] ?? 0 );
		if ( null === $addr || $port < 1 || $port > 65535 ) {
			return;
		}
		// REQUEST_SCHEME comes from the server; HTTPS is what sites behind a TLS proxy set
		// themselves, and the backend port then speaks plain HTTP.
		$scheme = is_string( $server['REQUEST_SCHEME'] ?? null ) ? strtolower( $server['REQUEST_SCHEME'] ) : ( ! empty( $server['HTTPS'] ) && 'off' !== strtolower( (string) $server['HTTPS'] ) ? 'https' : 'http' );
		$seen   = array(
			'addr'  => $addr,
			'port'  => $port,
			'https' => 'https' === $scheme,
		);
		if ( get_option( Settings::WEB_SERVER ) !== $seen ) {
			update_option( Settings::WEB_SERVER, $seen, false );
		}
	}

	/**
	 * The recorded server address, or null.
	 *
	 * @return array{addr:string, port:int, https:bool}|null
	 */
	private static function seen_server(): ?array {
		$seen = get_option( Settings::WEB_SERVER );
		if ( ! is_array( $seen ) || ! is_string( $seen['addr'] ?? null ) || null === IpAddress::normalize( $seen['addr'] ) ) {
			return null;
		}
		$port = (int) ( $seen['port'] ?? 0 );
		return $port > 0 && $port < 65536 ? array(
			'addr'  => (string) IpAddress::normalize( $seen['addr'] ),
			'port'  => $port,
			'https' => ! empty( $seen['https'] ),
		) : null;
	}

	/**
	 * Whether a URL host is this server: a loopback address, "localhost", or the recorded server
	 * address. Other names are never trusted: DNS may point them at a CDN.
	 *
	 * @param string $host URL host (IPv6 in brackets).
	 */
	private static function is_own_address( string $host ): bool {
		if ( 'localhost' === strtolower( $host ) ) {
			return true;
		}
		$addr = IpAddress::normalize( $host );
		if ( null === $addr ) {
			return false;
		}
		$seen = self::seen_server();
		if ( null !== $seen && $seen['addr'] === $addr ) {
			return true;
		}
		foreach ( self::LOOPBACK as $range ) {
			if ( Cidr::parse( $range )->contains( $addr ) ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The flush route under a front URL, in the plain ?rest_route= form: it works whether
	 * or not the server rewrites /wp-json/ (a site on Apache without WordPress's rewrite block
	 * answers 404 to the pretty form).
	 *
	 * @param string $home Front URL ending in a slash.
	 */
	public static function flush_url( string $home ): string {
		return add_query_arg( 'rest_route', '/' . Capabilities::REST_NAMESPACE . self::ROUTE, $home );
	}

	/**
	 * Whether a request carries the loopback key (constant-time comparison).
	 *
	 * @param string $candidate Header value.
	 */
	public static function is_valid_key( string $candidate ): bool {
		$key = get_option( Settings::FLUSH_KEY );
		return is_string( $key ) && strlen( $key ) >= 32 && hash_equals( $key, $candidate );
	}

	/**
	 * The loopback key, made on first use (also the key of a node's drain, Fleet\Drain). First
	 * use can be a node beat at plugin load, before WordPress's pluggable functions exist: the
	 * key comes from PHP's CSPRNG, not from wp_generate_password().
	 */
	public static function key(): string {
		$key = get_option( Settings::FLUSH_KEY );
		if ( ! is_string( $key ) || strlen( $key ) < 32 ) {
			$key = bin2hex( random_bytes( 20 ) );
			update_option( Settings::FLUSH_KEY, $key, false );
		}
		return $key;
	}
}
