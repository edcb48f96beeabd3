<?php
/**
 * What each mode is called and what it does, in words a site owner reads.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Admin;

use XmlrpcShield\Gate\Decider;

/**
 * The PHP home of the mode names (notices and anything else PHP prints). The admin page's
 * `src/common/modes.ts` carries the same words; tests/js/fixtures/mode-labels.json, written
 * from here by tools/capture-rest-fixtures.php, is what both sides are checked against.
 */
final class ModeLabels {

	/**
	 * Name and one-line description of every mode, in Decider::MODES order (strongest first).
	 *
	 * @return array<string,array{label:string,description:string}>
	 */
	public static function all(): array {
		$all = array();
		foreach ( Decider::MODES as $mode ) {
			$all[ $mode ] = array(
				'label'       => self::label( $mode ),
				'description' => self::description( $mode ),
			);
		}
		return $all;
	}

	/**
	 * Localised name of a mode; an unknown value is returned as given.
	 *
	 * @param string $mode Mode slug.
	 */
	public static function label( string $mode ): string {
		switch ( $mode ) {
			case Decider::MODE_BLOCK:
				return __( 'Block', 'xmlrpc-shield' );
			case Decider::MODE_PINGBACK:
				return __( 'Pingback protection', 'xmlrpc-shield' );
			case Decider::MODE_MONITOR:
				return __( 'Monitor only', 'xmlrpc-shield' );
			case Decider::MODE_OFF:
				return __( 'Off', 'xmlrpc-shield' );
			default:
				return $mode;
		}
	}

	/**
	 * One sentence on what a mode does to XML-RPC requests.
	 *
	 * @param string $mode Mode slug.
	 */
	public static function description( string $mode ): string {
		switch ( $mode ) {
			case Decider::MODE_BLOCK:
				return __( 'Every request to xmlrpc.php gets a 403 unless its address is on the allowlist.', 'xmlrpc-shield' );
			case Decider::MODE_PINGBACK:
				return __( 'XML-RPC keeps working for apps and Jetpack; pingbacks and system.multicall are refused.', 'xmlrpc-shield' );
			case Decider::MODE_MONITOR:
				return __( 'Nothing is blocked; every XML-RPC request is logged.', 'xmlrpc-shield' );
			case Decider::MODE_OFF:
				return __( 'XML-RPC Shield does nothing: XML-RPC and pingbacks behave as in WordPress core.', 'xmlrpc-shield' );
			default:
				return '';
		}
	}
}
