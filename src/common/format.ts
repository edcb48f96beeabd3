/**
 * Number and time formatting in the browser's locale.
 */
import { __ } from '@wordpress/i18n';

/**
 * A count in the browser's locale. Chart code hands formatters whatever value it holds, so an
 * unexpected one is shown as given instead of thrown on.
 *
 * @param value A count.
 */
export function formatNumber( value: unknown ): string {
	if ( typeof value !== 'number' || ! Number.isFinite( value ) ) {
		return value === null || value === undefined ? '' : String( value );
	}
	return new Intl.NumberFormat().format( value );
}

/**
 * A Unix time (seconds) as a local time, with the date when asked. Anything that is not a time
 * (a method name from the other chart, undefined) is shown as given: a formatter that throws
 * inside a render would take the page down.
 *
 * @param seconds  Unix seconds.
 * @param withDate Whether to show the day too.
 */
export function formatTime( seconds: unknown, withDate: boolean ): string {
	const date =
		typeof seconds === 'number' ? new Date( seconds * 1000 ) : null;
	if ( ! date || Number.isNaN( date.getTime() ) ) {
		return seconds === null || seconds === undefined
			? ''
			: String( seconds );
	}
	const options: Intl.DateTimeFormatOptions = withDate
		? { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }
		: { hour: '2-digit', minute: '2-digit' };
	return new Intl.DateTimeFormat( undefined, options ).format( date );
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
