/**
 * The early gate's hooks in the words PHP uses (Admin\ProtectionLabels::hook_label, captured
 * into fixtures/hook-labels.json) and never as the "mu-plugin" slug.
 */
import { hookLabel } from '../../src/common/earlyGate';
import phpWords from './fixtures/hook-labels.json';

describe( 'hookLabel', () => {
	it( 'names each hook as PHP does', () => {
		for ( const [ method, words ] of Object.entries( phpWords ) ) {
			expect( hookLabel( method ) ).toBe( words );
		}
		expect( Object.keys( phpWords ) ).toEqual( [
			'htaccess',
			'user-ini',
			'mu-plugin',
		] );
	} );

	it( 'says "must-use hook", not "mu-plugin"', () => {
		expect( hookLabel( 'mu-plugin' ) ).toContain( 'must-use hook' );
		expect( hookLabel( 'mu-plugin' ) ).not.toContain( 'mu-plugin' );
	} );

	it( 'shows an unknown hook as given', () => {
		expect( hookLabel( 'cgi-wrapper' ) ).toBe( 'cgi-wrapper' );
	} );
} );
