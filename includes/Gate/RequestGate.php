<?php
/**
 * The gate itself: decide, record, refuse. Used at plugin include time and by the early gate.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Gate;

use XmlrpcShield\Log\ApcuCounter;
use XmlrpcShield\Log\Spool;

/**
 * No WordPress calls: the same code runs before WordPress loads (early gate) and while this
 * plugin's file is included (zero config), so both answer and log the same way.
 */
final class RequestGate {

	/** Layer names reported in the X-XMLRPC-Shield header of refusals. */
	const LAYER_PLUGIN = 'plugin';
	const LAYER_EARLY  = 'early-gate';
	const LAYER_SERVER = 'xmlrpc-server';

	/**
	 * Checks the current request and ends it if refused. Returns the decision when it passes
	 * (null when the request is not for a gated script).
	 *
	 * The early gate cannot read the Jetpack token (no database): a refusal of a signed Jetpack
	 * call on a connected site is left to the plugin-load gate, which verifies the signature;
	 * check() then returns null and records nothing.
	 *
	 * @param array<string,mixed> $config         Gate config (GateConfig::for_plugin_load() shape).
	 * @param array<string,mixed> $server         Server variables.
	 * @param string              $layer          Which layer is deciding (LAYER_*).
	 * @param bool                $exit           Whether to send and exit on refusal (false in tests).
	 * @param bool                $jetpack_signed Whether the request's Jetpack signature verified (plugin-load layer).
	 */
	public static function check( array $config, array $server, string $layer = self::LAYER_PLUGIN, bool $exit = true, bool $jetpack_signed = false ): ?Decision {
		$target = Decider::target( $server );
		if ( '' === $target ) {
			return null;
		}
		$decider  = self::decider( $config, $jetpack_signed );
		$decision = 'trackback' === $target
			? $decider->decide_trackback( $server )
			: $decider->decide_xmlrpc( $server, array( self::class, 'read_body_head' ) );
		if ( self::LAYER_EARLY === $layer && 'xmlrpc' === $target && $decision->refuses() && self::may_be_jetpack( $config, $server ) ) {
			return null;
		}
		if ( $decision->is_recorded_by_gate() && ! empty( $config['log_enabled'] ) ) {
			self::record( $config, $decision, $server );
		}
		if ( $exit && $decision->refuses() ) {
			Responder::send_and_exit( $decision->response, $layer );
		}
		return $decision;
	}

	/**
	 * The decider for a gate config.
	 *
	 * @param array<string,mixed> $config         Gate config.
	 * @param bool                $jetpack_signed Whether the request's Jetpack signature verified.
	 */
	public static function decider( array $config, bool $jetpack_signed = false ): Decider {
		return new Decider(
			(string) $config['mode'],
			new AddressList( (array) $config['allowlist'] ),
			new TrustedProxies( (array) $config['trusted_proxies'] ),
			$jetpack_signed,
			new AddressList( (array) ( $config['denylist'] ?? array() ) ),
			new LockoutList( (array) ( $config['lockouts'] ?? array() ) )
		);
	}

	/**
	 * Whether a request may be a signed call from Jetpack's servers to a connected site: only
	 * the plugin-load gate can tell, so the early gate must not refuse it.
	 *
	 * @param array<string,mixed> $config Gate config.
	 * @param array<string,mixed> $server Server variables.
	 */
	private static function may_be_jetpack( array $config, array $server ): bool {
		if ( empty( $config['jetpack_connected'] ) || ! isset( $server['QUERY_STRING'] ) || ! is_string( $server['QUERY_STRING'] ) ) {
			return false;
		}
		parse_str( $server['QUERY_STRING'], $query );
		return Decider::is_signed_jetpack_call( $query );
	}

	/**
	 * Counts the hit in APCu when the config allows it and the server has it, else appends it
	 * to the spool; failures are ignored by design. The method is logged folded
	 * (KnownMethods), so invented names cannot multiply counters or rows.
	 *
	 * @param array<string,mixed> $config   Gate config.
	 * @param Decision            $decision The decision.
	 * @param array<string,mixed> $server   Server variables.
	 */
	public static function record( array $config, Decision $decision, array $server ): void {
		$spool  = new Spool( (string) $config['spool_path'], (int) $config['spool_max_bytes'] );
		$agent  = isset( $server['HTTP_USER_AGENT'] ) && is_string( $server['HTTP_USER_AGENT'] ) ? $server['HTTP_USER_AGENT'] : '';
		$time   = time();
		$method = KnownMethods::fold( $decision->method );
		if ( $decision->jetpack_signed ) {
			$method = Decision::jetpack_signed_method( $method );
		}
		$counter = null;
		if ( ! empty( $config['apcu'] ) && ApcuCounter::available() ) {
			$counter = new ApcuCounter( $spool );
			if ( $counter->add( $time, $decision->ip, $method, $decision->outcome, $agent ) ) {
				return;
			}
		}
		if ( ! $spool->append( $time, $decision->ip, $method, $decision->outcome, $agent ) && null !== $counter ) {
			// Neither memory nor the spool took the hit: at least count that it was dropped.
			$counter->drop( $time, 1 );
		}
	}

	/**
	 * The first bytes of the request body, read once, bounded.
	 */
	public static function read_body_head(): string {
		$head = @file_get_contents( 'php://input', false, null, 0, MethodSniffer::HEAD_BYTES ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged,WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
		return false === $head ? '' : $head;
	}
}
