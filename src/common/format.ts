/**
 * Number formatting in the browser's locale. Times are on the site's clock: src/common/siteTime.ts.
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
