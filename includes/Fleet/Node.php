<?php
/**
 * One web node of several serving the site: who it is and what it last reported.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Fleet;

use XmlrpcShield\Gate\IpAddress;
use XmlrpcShield\Settings;

/**
 * A node is named by the web server's own host name, address and port (the request that
 * drains it), so two nodes on one host differ and a copied wp-content carries no identity.
 * Each node keeps one non-autoloaded option row, written only by its own drain, so nodes
 * never overwrite each other's report.
 */
final class Node {

	/** A node not heard from for this long is forgotten. */
	const FORGET_AFTER = WEEK_IN_SECONDS;

	/** Nodes heard from within this long are asked to drain by the minutely ingest. */
	const ASK_WITHIN = DAY_IN_SECONDS;

	/** A node's row is rewritten at least this often while it beats (its "last seen"). */
	const SEEN_EVERY = MINUTE_IN_SECONDS;

	/**
	 * The node serving a request, or null outside a web request with a server address.
	 *
	 * @param array<string,mixed> $server Server variables.
	 * @return array{id:string, host:string, addr:string, port:int, https:bool}|null
	 */
	public static function of_request( array $server ): ?array {
		$addr = IpAddress::normalize( is_string( $server['SERVER_ADDR'] ?? null ) ? $server['SERVER_ADDR'] : '' );
		$port = (int) ( $server['SERVER_PORT'] ?? 0 );
		if ( null === $addr || $port < 1 || $port > 65535 ) {
			return null;
		}
		$host = (string) php_uname( 'n' );
		return array(
			'id'    => $host . ' ' . ( IpAddress::is_ipv6( $addr ) ? '[' . $addr . ']' : $addr ) . ':' . $port,
			'host'  => $host,
			'addr'  => $addr,
			'port'  => $port,
			'https' => ! empty( $server['HTTPS'] ) && 'off' !== strtolower( (string) $server['HTTPS'] ),
		);
	}

	/**
	 * The option a node's row lives in.
	 *
	 * @param string $id Node id.
	 */
	public static function option_name( string $id ): string {
		return Settings::NODE_PREFIX . substr( sha1( $id ), 0, 12 );
	}

	/**
	 * A node's row, or null.
	 *
	 * @param string $id Node id.
	 * @return array<string,mixed>|null
	 */
	public static function get( string $id ): ?array {
		$row = get_option( self::option_name( $id ) );
		return is_array( $row ) ? $row : null;
	}

	/**
	 * Writes a node's row (not autoloaded: only drains and status read it).
	 *
	 * @param array<string,mixed> $row Row, with 'id'.
	 */
	public static function put( array $row ): void {
		update_option( self::option_name( (string) $row['id'] ), $row, false );
	}

	/**
	 * Deletes every node's row (uninstall).
	 */
	public static function forget_all(): void {
		foreach ( self::names() as $name ) {
			delete_option( $name );
		}
	}

	/**
	 * Option names of every node's row.
	 *
	 * @return string[]
	 */
	private static function names(): array {
		global $wpdb;
		return array_map( 'strval', (array) $wpdb->get_col( $wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like( Settings::NODE_PREFIX ) . '%' ) ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
	}

	/**
	 * Every node's row heard from within FORGET_AFTER, most recently seen first; older rows are
	 * deleted on the way (a node taken out of the pool stops beating).
	 *
	 * @param int $now Current time.
	 * @return array<int,array<string,mixed>>
	 */
	public static function all( int $now ): array {
		$rows = array();
		foreach ( self::names() as $name ) {
			$row = get_option( $name );
			if ( ! is_array( $row ) || (int) ( $row['seen_at'] ?? 0 ) < $now - self::FORGET_AFTER ) {
				delete_option( $name );
				continue;
			}
			$rows[] = $row;
		}
		usort(
			$rows,
			static function ( array $a, array $b ): int {
				return (int) $b['seen_at'] <=> (int) $a['seen_at'];
			}
		);
		return $rows;
	}
}
