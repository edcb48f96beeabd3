/**
 * The modes, their names and what each does: the one list every component uses. Its order and
 * words match the PHP side (`Decider::MODES`, `Admin\ModeLabels`); tests/js/modes.test.ts checks
 * both against fixtures captured from the real site.
 */
import { __ } from '@wordpress/i18n';

/** Strongest protection first: moving right in this list lowers protection. */
export const MODES = [ 'block', 'pingback', 'monitor', 'off' ] as const;

export type Mode = ( typeof MODES )[ number ];

export function isMode( value: unknown ): value is Mode {
	return MODES.includes( value as Mode );
}

/**
 * Localised mode name; an unknown value is shown as given, never thrown on.
 *
 * @param mode Mode slug.
 */
export function modeLabel( mode: string ): string {
	switch ( mode ) {
		case 'block':
			return __( 'Block', 'xmlrpc-shield' );
		case 'pingback':
			return __( 'Pingback protection', 'xmlrpc-shield' );
		case 'monitor':
			return __( 'Monitor only', 'xmlrpc-shield' );
		case 'off':
			return __( 'Off', 'xmlrpc-shield' );
		default:
			return String( mode );
	}
}

/**
 * One sentence on what a mode does to XML-RPC requests.
 *
 * @param mode Mode slug.
 */
export function modeDescription( mode: string ): string {
	switch ( mode ) {
		case 'block':
			return __(
				'Every request to xmlrpc.php gets a 403 unless its address is on the allowlist.',
				'xmlrpc-shield'
			);
		case 'pingback':
			return __(
				'XML-RPC keeps working for apps and Jetpack; pingbacks and system.multicall are refused.',
				'xmlrpc-shield'
			);
		case 'monitor':
			return __(
				'Nothing is blocked; every XML-RPC request is logged.',
				'xmlrpc-shield'
			);
		case 'off':
			return __(
				'XML-RPC Shield does nothing: XML-RPC and pingbacks behave as in WordPress core.',
				'xmlrpc-shield'
			);
		default:
			return '';
	}
}

/**
 * Whether going from one mode to another lets more requests through.
 *
 * @param from The mode in force.
 * @param to   The mode chosen.
 */
export function lowersProtection( from: Mode, to: Mode ): boolean {
	return MODES.indexOf( to ) > MODES.indexOf( from );
}
