import { formatNumber } from '../../src/common/format';

describe( 'formatters', () => {
	it( 'format a count', () => {
		expect( formatNumber( 1234 ) ).toBe(
			new Intl.NumberFormat().format( 1234 )
		);
	} );

	// The chart hands its formatters whatever label it holds: after a switch from the method
	// chart that was a method name. Times: siteTime.test.ts.
	it( 'show an unexpected value as given instead of throwing', () => {
		expect( formatNumber( 'system.multicall' ) ).toBe( 'system.multicall' );
		expect( formatNumber( undefined ) ).toBe( '' );
		expect( formatNumber( Infinity ) ).toBe( 'Infinity' );
	} );
} );
