/**
 * What each logged outcome is called (docs/REST.md): the widget and tables show these words,
 * never the slugs.
 */
import { __ } from '@wordpress/i18n';

/**
 * Localised outcome name; an unknown value is shown as given.
 *
 * @param outcome blocked, allowed or logged.
 */
export function outcomeLabel( outcome: string ): string {
	switch ( outcome ) {
		case 'blocked':
			return __( 'Blocked', 'xmlrpc-shield' );
		case 'allowed':
			return __( 'Allowed', 'xmlrpc-shield' );
		case 'logged':
			return __( 'Logged (monitor)', 'xmlrpc-shield' );
		default:
			return String( outcome );
	}
}
