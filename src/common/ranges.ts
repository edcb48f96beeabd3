/**
 * The periods the log is read over, ending now, and their names: the one list the chart, top
 * offenders and the firewall export use. Its order and slugs are PHP's `HitQuery::RANGES`;
 * tests/js/ranges.test.ts checks them against the /stats schema captured from the real site.
 */
import { __ } from '@wordpress/i18n';

export const RANGES = [ '1h', '24h', '7d', '30d' ] as const;

export type Range = ( typeof RANGES )[ number ];

/** What a control choosing one of them is called. */
export const PERIOD_LABEL = __( 'Period', 'xmlrpc-shield' );

/**
 * Localised name of a period; an unknown value is shown as given, never thrown on.
 *
 * @param range Range slug.
 */
export function rangeLabel( range: string ): string {
	switch ( range ) {
		case '1h':
			return __( '1 hour', 'xmlrpc-shield' );
		case '24h':
			return __( '24 hours', 'xmlrpc-shield' );
		case '7d':
			return __( '7 days', 'xmlrpc-shield' );
		case '30d':
			return __( '30 days', 'xmlrpc-shield' );
		default:
			return String( range );
	}
}
