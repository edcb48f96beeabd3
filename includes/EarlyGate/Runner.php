<?php
/**
 * Entry point of the early gate, called from the gate file (templates/early-gate.php) before WordPress.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\EarlyGate;

use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Gate\NodeBeat;
use XmlrpcShield\Gate\RequestGate;

/**
 * No database, no WordPress: configuration comes from the gate's settings file, hits go to
 * the spool, refusals end the request here.
 */
final class Runner {

	/** Request header that asks the early gate to prove it is installed. */
	const PROBE_HEADER = 'HTTP_X_XMLRPC_SHIELD_PROBE';

	/**
	 * Runs the gate for the current request.
	 *
	 * @param array<string,mixed> $config Gate config plus 'probe_token'.
	 */
	public static function run( array $config ): void {
		// Its classes come from the runtime bundle or the autoloader the gate file registered.
		if ( '' === Decider::target( $_SERVER ) ) {
			return;
		}
		if ( self::is_probe( $config ) ) {
			// The installer's loopback check: answer without deciding or logging anything.
			header( 'X-XMLRPC-Shield: early-gate-probe' );
			http_response_code( 204 );
			exit;
		}
		// Before deciding: a refusal ends the request, and a node whose only traffic is a refused
		// flood must still drain its counts and fetch the settings saved on another node.
		NodeBeat::maybe( $config, $_SERVER );
		$decision = RequestGate::check( $config, $_SERVER, RequestGate::LAYER_EARLY );
		if ( null !== $decision && ! defined( 'XMLRPC_SHIELD_EARLY_GATE_PASSED' ) ) {
			define( 'XMLRPC_SHIELD_EARLY_GATE_PASSED', true );
		}
	}

	/**
	 * Whether this request is the installer's probe (token compared in constant time).
	 *
	 * @param array<string,mixed> $config Config.
	 */
	private static function is_probe( array $config ): bool {
		if ( empty( $config['probe_token'] ) || ! isset( $_SERVER[ self::PROBE_HEADER ] ) || ! is_string( $_SERVER[ self::PROBE_HEADER ] ) ) {
			return false;
		}
		return hash_equals( (string) $config['probe_token'], $_SERVER[ self::PROBE_HEADER ] );
	}
}
