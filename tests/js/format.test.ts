import { formatNumber, formatTime } from '../../src/common/format';

describe( 'formatters', () => {
	it( 'format a time and a count', () => {
		expect( formatTime( 1700000000, true ) ).toMatch( /\d/ );
		expect( formatNumber( 1234 ) ).toBe(
			new Intl.NumberFormat().format( 1234 )
		);
	} );

	// The chart hands its formatters whatever label it holds: after a switch from the method
	// chart that was a method name, and the time formatter threw RangeError, blanking the page.
	it( 'show an unexpected value as given instead of throwing', () => {
		expect( formatTime( 'pingback.ping', true ) ).toBe( 'pingback.ping' );
		expect( formatTime( undefined, false ) ).toBe( '' );
		expect( formatTime( null, true ) ).toBe( '' );
		expect( formatTime( Number.NaN, true ) ).toBe( 'NaN' );
		expect( formatTime( 1e20, true ) ).toBe( '100000000000000000000' );
		expect( formatTime( { t: 1 }, true ) ).toBe( '[object Object]' );
		expect( formatNumber( 'system.multicall' ) ).toBe( 'system.multicall' );
		expect( formatNumber( undefined ) ).toBe( '' );
		expect( formatNumber( Infinity ) ).toBe( 'Infinity' );
	} );
} );
