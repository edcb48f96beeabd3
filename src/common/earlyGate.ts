/**
 * How the early gate is started, in the words a site owner reads ("must-use hook", never
 * "mu-plugin"). The PHP home is Admin\ProtectionLabels::hook_label(); tests/js/earlyGate.test.ts
 * checks these against tests/js/fixtures/hook-labels.json, captured from it.
 */
import { __ } from '@wordpress/i18n';

/**
 * Localised description of an early-gate hook; an unknown value is shown as given.
 *
 * @param method htaccess, user-ini or mu-plugin.
 */
export function hookLabel( method: string ): string {
	switch ( method ) {
		case 'htaccess':
			return __(
				'.htaccess (auto_prepend_file, Apache with mod_php)',
				'xmlrpc-shield'
			);
		case 'user-ini':
			return __(
				'.user.ini (auto_prepend_file, PHP-FPM or CGI)',
				'xmlrpc-shield'
			);
		case 'mu-plugin':
			return __(
				'a must-use hook (runs after WordPress core starts, before any plugin)',
				'xmlrpc-shield'
			);
		default:
			return String( method );
	}
}

/** The command that removes the early gate, for owners who prefer a terminal. */
export const REMOVE_EARLY_GATE_COMMAND = 'wp xmlrpc-shield early-gate remove';
