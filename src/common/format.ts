/**
 * Number and time formatting in the browser's locale.
 */
import { __ } from '@wordpress/i18n';

export function formatNumber( value: number ): string {
	return new Intl.NumberFormat().format( value );
}

export function formatTime( seconds: number, withDate: boolean ): string {
	const options: Intl.DateTimeFormatOptions = withDate
		? { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }
		: { hour: '2-digit', minute: '2-digit' };
	return new Intl.DateTimeFormat( undefined, options ).format(
		new Date( seconds * 1000 )
	);
}

/**
 * "+25%" / "−40%" / "new" for the change between two totals.
 *
 * @param current  This period's total.
 * @param previous The period before.
 */
export function formatChange( current: number, previous: number ): string {
	if ( previous === 0 ) {
		return current === 0 ? '0%' : __( 'new', 'xmlrpc-shield' );
	}
	const change = Math.round( ( ( current - previous ) / previous ) * 100 );
	return `${ change > 0 ? '+' : '' }${ change }%`;
}

/**
 * Localised mode names.
 *
 * @param mode Mode slug.
 */
export function modeLabel( mode: string ): string {
	switch ( mode ) {
		case 'block':
			return __( 'Block', 'xmlrpc-shield' );
		case 'pingback':
			return __( 'Pingback only', 'xmlrpc-shield' );
		case 'monitor':
			return __( 'Monitor', 'xmlrpc-shield' );
		case 'off':
			return __( 'Off', 'xmlrpc-shield' );
		default:
			return mode;
	}
}
