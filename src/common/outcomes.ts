/**
 * The outcomes the log holds, their names and chart colours: the one list every component
 * uses. Its order and slugs are PHP's `Decision::OUTCOMES`; tests/js/outcomes.test.ts checks
 * them against the /stats schema captured from the real site.
 */
import { __ } from '@wordpress/i18n';

interface OutcomeInfo {
	key: string;
	label: string;
	/** A colour with enough contrast on white; the legend and tables also name it. */
	color: string;
}

export const OUTCOMES = [
	{
		key: 'blocked',
		label: __( 'Blocked', 'xmlrpc-shield' ),
		color: '#cc1818',
	},
	{
		key: 'allowed',
		label: __( 'Allowed', 'xmlrpc-shield' ),
		color: '#007017',
	},
	{
		key: 'logged',
		label: __( 'Logged (monitor)', 'xmlrpc-shield' ),
		color: '#2271b1',
	},
	{
		key: 'login_fail',
		label: __( 'Failed login', 'xmlrpc-shield' ),
		color: '#8a4d00',
	},
] as const satisfies readonly OutcomeInfo[];

/** login_fail: core refused the credentials of a call that passed. */
export type Outcome = ( typeof OUTCOMES )[ number ][ 'key' ];

/**
 * Localised outcome name; an unknown value is shown as given, never thrown on.
 *
 * @param outcome Outcome slug.
 */
export function outcomeLabel( outcome: string ): string {
	return OUTCOMES.find( ( info ) => info.key === outcome )?.label ?? outcome;
}
