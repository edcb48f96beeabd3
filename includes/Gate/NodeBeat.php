<?php
/**
 * The early gate's heartbeat: asks its own node, now and then, to drain and to fetch settings.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Gate;

use XmlrpcShield\Log\ApcuCounter;

/**
 * Behind a load balancer a node may see nothing but a flood its early gate refuses, which
 * never boots WordPress there: no WP-Cron, no ingest of the counts only that node holds, no
 * look at the settings another node saved. So the gate itself, at most once per INTERVAL per
 * node, sends one keyed request to its own web server (the address and port this request came
 * in on) and leaves without waiting for the answer; the plugin's drain route does the work in
 * that request (Fleet\Drain). No WordPress calls: it runs inside the early gate.
 */
final class NodeBeat {

	/** Seconds between two beats of one node: the bound on how stale a node's gate settings get under traffic. */
	const INTERVAL = 10;

	/** Seconds to wait for the node's own web server to accept the connection. */
	const CONNECT_TIMEOUT = 0.5;

	/** The User-Agent of every beat and drain request, so logs (and tests) can tell them apart. */
	const USER_AGENT = 'XML-RPC Shield node beat';

	/**
	 * Sends the beat when one is due. The config's 'beat' entry (key, host, path) comes from
	 * the gate's settings file; without it nothing happens.
	 *
	 * @param array<string,mixed> $config Gate config.
	 * @param array<string,mixed> $server Server variables of the current request.
	 */
	public static function maybe( array $config, array $server ): bool {
		$beat = $config['beat'] ?? null;
		if ( ! is_array( $beat ) || empty( $beat['key'] ) || empty( $beat['host'] ) || empty( $beat['path'] ) || empty( $config['spool_path'] ) ) {
			return false;
		}
		if ( ! self::due( (string) $config['spool_path'], time() ) ) {
			return false;
		}
		return self::send( (string) $beat['key'], (string) $beat['host'], (string) $beat['path'], $server );
	}

	/**
	 * Whether this node's beat is due, taking it if so: one apcu_fetch() (the key lives for
	 * INTERVAL seconds; apcu_add() takes it when gone), or without APCu the modification time of a stamp file
	 * beside the spool.
	 *
	 * @param string $spool_path The site's spool on this node.
	 * @param int    $now        Current time.
	 */
	public static function due( string $spool_path, int $now ): bool {
		if ( ApcuCounter::available() ) {
			// A fetch takes APCu's read lock only: every request but one per interval stops here.
			$key = 'xmlrpc-shield|beat|' . $spool_path;
			return false === apcu_fetch( $key ) && apcu_add( $key, $now, self::INTERVAL );
		}
		$stamp = $spool_path . '.beat';
		$last  = @filemtime( $stamp ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- no stamp yet: due.
		if ( false !== $last && $now - $last < self::INTERVAL && $last <= $now ) {
			return false;
		}
		return @touch( $stamp, $now ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged,WordPress.WP.AlternativeFunctions.file_system_operations_touch -- an unwritable folder means no beat.
	}

	/**
	 * The raw request a beat sends (POST, no body, closed after it).
	 *
	 * @param string $key  The site's loopback key.
	 * @param string $host The site's Host header.
	 * @param string $path Path with query of the drain route.
	 */
	public static function request( string $key, string $host, string $path ): string {
		// Header values come from the plugin's own settings file; line breaks cannot smuggle headers.
		$clean = static function ( string $value ): string {
			return str_replace( array( "\r", "\n" ), '', $value );
		};
		return 'POST ' . $clean( $path ) . " HTTP/1.1\r\n"
			. 'Host: ' . $clean( $host ) . "\r\n"
			. 'X-XMLRPC-Shield-Flush: ' . $clean( $key ) . "\r\n"
			. "Content-Length: 0\r\nConnection: close\r\nUser-Agent: " . self::USER_AGENT . "\r\n\r\n";
	}

	/**
	 * Sends the beat to this node's own web server: the address and port the current request
	 * was served on (never the Host header's name, which the client chose and DNS may send to a
	 * load balancer or another node).
	 *
	 * @param string              $key    The site's loopback key.
	 * @param string              $host   The site's Host header.
	 * @param string              $path   Path with query of the drain route.
	 * @param array<string,mixed> $server Server variables of the current request.
	 */
	public static function send( string $key, string $host, string $path, array $server ): bool {
		$addr = IpAddress::normalize( is_string( $server['SERVER_ADDR'] ?? null ) ? $server['SERVER_ADDR'] : '' );
		$port = (int) ( $server['SERVER_PORT'] ?? 0 );
		if ( null === $addr || $port < 1 || $port > 65535 ) {
			return false;
		}
		$https   = ! empty( $server['HTTPS'] ) && 'off' !== strtolower( (string) $server['HTTPS'] );
		$target  = ( $https ? 'ssl://' : 'tcp://' ) . ( IpAddress::is_ipv6( $addr ) ? '[' . $addr . ']' : $addr ) . ':' . $port;
		$context = stream_context_create(
			array(
				'ssl' => array(
					// The certificate names the site, not the address connected to.
					'verify_peer'      => false,
					'verify_peer_name' => false,
				),
			)
		);
		$socket  = @stream_socket_client( $target, $errno, $errstr, self::CONNECT_TIMEOUT, STREAM_CLIENT_CONNECT, $context ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- a node that cannot reach itself just does not beat.
		if ( false === $socket ) {
			return false;
		}
		$written = @fwrite( $socket, self::request( $key, $host, $path ) ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged,WordPress.WP.AlternativeFunctions.file_system_read_fwrite -- a socket, before WordPress.
		fclose( $socket ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_fclose
		return false !== $written && $written > 0;
	}
}
