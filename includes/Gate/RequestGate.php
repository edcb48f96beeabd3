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
	 * @param array<string,mixed> $config  Gate config (Settings::gate_config() shape).
	 * @param array<string,mixed> $server  Server variables.
	 * @param string              $layer   Which layer is deciding (LAYER_*).
	 * @param bool                $exit    Whether to send and exit on refusal (false in tests).
	 */
	public static function check( array $config, array $server, string $layer = self::LAYER_PLUGIN, bool $exit = true ): ?Decision {
		$target = Decider::target( $server );
		if ( '' === $target ) {
			return null;
		}
		$decider  = self::decider( $config );
		$decision = 'trackback' === $target
			? $decider->decide_trackback( $server )
			: $decider->decide_xmlrpc( $server, array( self::class, 'read_body_head' ) );
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
	 * @param array<string,mixed> $config Gate config.
	 */
	public static function decider( array $config ): Decider {
		return new Decider(
			(string) $config['mode'],
			new AddressList( (array) $config['allowlist'] ),
			new TrustedProxies( (array) $config['trusted_proxies'] )
		);
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
		$spool   = new Spool( (string) $config['spool_path'], (int) $config['spool_max_bytes'] );
		$agent   = isset( $server['HTTP_USER_AGENT'] ) && is_string( $server['HTTP_USER_AGENT'] ) ? $server['HTTP_USER_AGENT'] : '';
		$time    = time();
		$method  = KnownMethods::fold( $decision->method );
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
