/**
 * The top offenders' groupings and their names, in the select's order: the one list. PHP's is
 * `HitQuery::GROUPINGS`; tests/js/groupings.test.ts checks this against the /top schema
 * captured from the real site.
 */
import { __ } from '@wordpress/i18n';

export const GROUPING_LABELS = {
	subnet: __( 'Subnet (/24, /64)', 'xmlrpc-shield' ),
	ip: __( 'IP address', 'xmlrpc-shield' ),
	method: __( 'Method', 'xmlrpc-shield' ),
};

export type TopBy = keyof typeof GROUPING_LABELS;
