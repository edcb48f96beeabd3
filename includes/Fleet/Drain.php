<?php
/**
 * A node drains what only it can see: its APCu counters, its spool, its early gate's settings.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Fleet;

use XmlrpcShield\Capabilities;
use XmlrpcShield\EarlyGate\GateFile;
use XmlrpcShield\EarlyGate\Installer;
use XmlrpcShield\Gate\IpAddress;
use XmlrpcShield\Gate\NodeBeat;
use XmlrpcShield\GateConfig;
use XmlrpcShield\Log\CounterFlush;
use XmlrpcShield\Log\Scheduler;
use XmlrpcShield\Settings;

/**
 * Behind a load balancer each web node keeps its own memory and its own wp-content, while the
 * minutely ingest runs wherever WP-Cron (or a system cron) fires. The drain route runs on the
 * node it is sent to: it rewrites that node's early-gate settings file when the database's
 * settings differ, ingests the node's own counters and spool when asked to, and writes the
 * node's row (Node). The node's early gate asks for it every NodeBeat::INTERVAL seconds at
 * most while it sees gated requests (settings only); the minutely ingest asks every known
 * node (settings and ingest), so no count waits on a node that never runs WP-Cron.
 */
final class Drain {

	/** REST route (in Capabilities::REST_NAMESPACE). */
	const ROUTE = '/nodes/drain';

	/** Seconds a drain waits for another node's ingest to finish before leaving it to the next one. */
	const LOCK_WAIT = 10;

	/**
	 * Hooks the fan-out after every minutely ingest.
	 */
	public static function register(): void {
		add_action( Scheduler::INGEST_HOOK, array( self::class, 'after_ingest' ), 30 );
	}

	/**
	 * After the minutely ingest: a node that ran it in a web request has just drained itself
	 * (Scheduler::ingest_and_prune() flushed its own APCu and spool) and reports so; then every other node is
	 * asked to drain. WP-CLI cannot tell which node it runs on, so from there every node is asked.
	 */
	public static function after_ingest(): void {
		$self = null;
		if ( 'cli' !== PHP_SAPI ) {
			$self = self::record( $_SERVER, Installer::sync_settings(), Scheduler::last_report() );
		}
		self::ask_nodes( $self );
	}

	/**
	 * What the early gate needs to beat: the loopback key, the site's Host header and the
	 * path of the drain route (settings only). Written into the gate's settings file.
	 *
	 * @return array{key:string, host:string, path:string}
	 */
	public static function beat_config(): array {
		return array(
			'key'  => CounterFlush::key(),
			'host' => self::host_header(),
			'path' => self::path( true ),
		);
	}

	/**
	 * The drain route's path with query under the home URL's path, in the ?rest_route= form
	 * (works with or without rewrites).
	 *
	 * @param bool $beat Whether it is a beat (settings only, no ingest).
	 */
	public static function path( bool $beat ): string {
		$path = rtrim( (string) wp_parse_url( home_url( '/' ), PHP_URL_PATH ), '/' ) . '/';
		$args = array( 'rest_route' => '/' . Capabilities::REST_NAMESPACE . self::ROUTE );
		return add_query_arg( $beat ? $args + array( 'beat' => '1' ) : $args, $path );
	}

	/**
	 * The site's Host header (home URL's host and port).
	 */
	private static function host_header(): string {
		$home = wp_parse_url( home_url( '/' ) );
		return ( $home['host'] ?? 'localhost' ) . ( isset( $home['port'] ) ? ':' . $home['port'] : '' );
	}

	/**
	 * Drains the node serving this request. Never throws; the caller answers with the report.
	 *
	 * @param array<string,mixed> $server Server variables (the node's address and port).
	 * @param bool                $ingest Whether to ingest (false for a beat: settings only).
	 * @return array{node:string, gate:array{installed:bool, version:string}, ingest:array<string,mixed>|null}
	 */
	public static function run( array $server, bool $ingest ): array {
		// The sender does not wait for the answer; the work must not stop when it hangs up.
		ignore_user_abort( true );
		$gate   = Installer::sync_settings();
		$report = $ingest ? Scheduler::ingest_and_prune( self::LOCK_WAIT ) : null;
		$node   = self::record( $server, $gate, $report );
		return array(
			'node'   => null === $node ? '' : $node,
			'gate'   => $gate,
			'ingest' => $report,
		);
	}

	/**
	 * Writes the row of the node serving this request (when something changed, it drained, or
	 * its last report is a minute old).
	 *
	 * @param array<string,mixed>                   $server Server variables (the node's address and port).
	 * @param array{installed:bool, version:string} $gate   What Installer::sync_settings() found.
	 * @param array<string,mixed>|null              $report Scheduler::ingest_and_prune()'s report, null when it did not ingest.
	 * @return string|null The node's id, null outside a web request.
	 */
	private static function record( array $server, array $gate, ?array $report ): ?string {
		$node = Node::of_request( $server );
		if ( null !== $node ) {
			$now     = time();
			$row     = (array) Node::get( $node['id'] );
			$drained = null !== $report && ! $report['busy'] && $report['ok'];
			$new     = array_merge(
				$row,
				$node,
				array(
					'seen_at'        => $now,
					'gate'           => $gate,
					'plugin_version' => XMLRPC_SHIELD_VERSION,
				)
			);
			if ( $drained ) {
				$new['drained_at']   = $now;
				$new['drained_hits'] = (int) $report['lines'];
			}
			$changed = ( $row['gate'] ?? null ) !== $gate || array_intersect_key( $row, $node ) !== $node;
			if ( $drained || $changed || (int) ( $row['seen_at'] ?? 0 ) <= $now - Node::SEEN_EVERY ) {
				Node::put( $new );
			}
		}
		return null === $node ? null : $node['id'];
	}

	/**
	 * The plugin-load gate's beat, for a node without the early gate whose only traffic is a
	 * flood refused at plugin load (which never reaches WP-Cron): the same rate limit as the
	 * early gate's, and the key read only when a beat is due. Its drain makes the node known,
	 * so the minutely ingest asks it to drain from then on.
	 *
	 * @param array<string,mixed> $config GateConfig::for_plugin_load() (its spool path).
	 */
	public static function beat_from_plugin( array $config ): void {
		if ( 'cli' === PHP_SAPI || ! NodeBeat::due( (string) $config['spool_path'], time() ) ) {
			return;
		}
		$beat = self::beat_config();
		NodeBeat::send( $beat['key'], $beat['host'], $beat['path'], $_SERVER );
	}

	/**
	 * Every node heard from within Node::FORGET_AFTER, for the status displays: when it last
	 * drained, how many hits that drain took, and whether its early gate decides with the
	 * database's settings (gate_current false: an out-of-date gate, until its next drain).
	 *
	 * @param int $now Current time.
	 * @return array<int,array{id:string, address:string, last_seen:int, last_drain:int, drained_hits:int, gate_installed:bool, gate_version:string, gate_current:bool}>
	 */
	public static function status( int $now ): array {
		$expected = (string) Settings::on_main_site(
			static function (): string {
				return GateFile::settings_version( GateConfig::for_early_gate() );
			}
		);
		$nodes    = array();
		foreach ( Node::all( $now ) as $row ) {
			$gate    = is_array( $row['gate'] ?? null ) ? $row['gate'] : array();
			$nodes[] = array(
				'id'             => (string) ( $row['id'] ?? '' ),
				'address'        => ( IpAddress::is_ipv6( (string) ( $row['addr'] ?? '' ) ) ? '[' . $row['addr'] . ']' : (string) ( $row['addr'] ?? '' ) ) . ':' . (int) ( $row['port'] ?? 0 ),
				'last_seen'      => (int) ( $row['seen_at'] ?? 0 ),
				'last_drain'     => (int) ( $row['drained_at'] ?? 0 ),
				'drained_hits'   => (int) ( $row['drained_hits'] ?? 0 ),
				'gate_installed' => ! empty( $gate['installed'] ),
				'gate_version'   => (string) ( $gate['version'] ?? '' ),
				'gate_current'   => empty( $gate['installed'] ) || ( $gate['version'] ?? '' ) === $expected,
			);
		}
		return $nodes;
	}

	/**
	 * Asks every node heard from within Node::ASK_WITHIN (but $skip) to drain, without waiting
	 * for the answers: a connection to each node's own address, recorded by that node's own drain.
	 *
	 * @param string|null $skip Id of a node not to ask (the one that just ingested).
	 * @return int Nodes asked.
	 */
	public static function ask_nodes( ?string $skip = null ): int {
		$now   = time();
		$asked = 0;
		foreach ( Node::all( $now ) as $row ) {
			if ( (int) $row['seen_at'] < $now - Node::ASK_WITHIN || ( $row['id'] ?? '' ) === $skip ) {
				continue;
			}
			$server = array(
				'SERVER_ADDR' => (string) ( $row['addr'] ?? '' ),
				'SERVER_PORT' => (int) ( $row['port'] ?? 0 ),
				'HTTPS'       => empty( $row['https'] ) ? '' : 'on',
			);
			if ( NodeBeat::send( CounterFlush::key(), self::host_header(), self::path( false ), $server ) ) {
				++$asked;
			}
		}
		return $asked;
	}
}
