/**
 * The widget sparkline's running hour: drawn as a rate, apart from the complete hours, never as
 * a drop (issue #18, item 9).
 */
import {
	MIN_SECONDS_FOR_A_RATE,
	sparklineSeries,
} from '../../src/widget/sparklineSeries';
import stats from './fixtures/stats-24h.json';
import type { SeriesPoint } from '../../src/api/types';

const HOUR = 3600;

/**
 * A steady attack: 1,200 blocked every complete hour, and `running` so far in the last one.
 *
 * @param running The running hour's count so far.
 */
function steady( running: number ): SeriesPoint[] {
	return Array.from( { length: 24 }, ( _, index ) => ( {
		t: 1795496400 + index * HOUR,
		blocked: index === 23 ? running : 1200,
		allowed: 0,
		logged: 0,
		login_fail: 0,
	} ) );
}

describe( 'sparklineSeries', () => {
	it( 'draws a steady attack 15 minutes into the hour at its rate, not as a drop', () => {
		const series = steady( 300 );
		const now = series[ 23 ].t + 15 * 60;
		const { points, running } = sparklineSeries( series, HOUR, now );
		expect( running ).toEqual( {
			t: series[ 23 ].t,
			count: 300,
			minutes: 15,
			rate: 1200,
		} );
		// Complete hours solid, the running hour only on the dashed part.
		expect( points ).toHaveLength( 24 );
		expect( points[ 23 ] ).toEqual( {
			t: series[ 23 ].t,
			blocked: null,
			rate: 1200,
		} );
		// The dashed part starts where the solid line ends.
		expect( points[ 22 ] ).toEqual( {
			t: series[ 22 ].t,
			blocked: 1200,
			rate: 1200,
		} );
		expect(
			points.slice( 0, 22 ).every( ( point ) => point.rate === null )
		).toBe( true );
		const drawn = points.map( ( point ) => point.blocked ?? point.rate );
		expect( Math.min( ...( drawn as number[] ) ) ).toBe( 1200 );
	} );

	it( 'leaves a running hour too young for a rate out of the line', () => {
		const series = steady( 20 );
		const now = series[ 23 ].t + MIN_SECONDS_FOR_A_RATE - 1;
		const { points, running } = sparklineSeries( series, HOUR, now );
		expect( running ).toEqual( {
			t: series[ 23 ].t,
			count: 20,
			minutes: 4,
			rate: null,
		} );
		expect( points ).toHaveLength( 23 );
		expect( points.every( ( point ) => point.rate === null ) ).toBe( true );
		expect( points.map( ( point ) => point.blocked ) ).not.toContain( 20 );
	} );

	it( 'draws every bucket as complete once the last one has ended', () => {
		const series = steady( 900 );
		const { points, running } = sparklineSeries(
			series,
			HOUR,
			series[ 23 ].t + HOUR
		);
		expect( running ).toBeNull();
		expect( points.map( ( point ) => point.blocked ) ).toEqual(
			series.map( ( point ) => point.blocked )
		);
	} );

	it( "scales the captured site's last hour (93 so far after a 1,867 hour)", () => {
		const series = stats.series as SeriesPoint[];
		const last = series[ series.length - 1 ];
		const { running } = sparklineSeries(
			series,
			stats.bucket_seconds,
			last.t + 6 * 60
		);
		expect( running?.rate ).toBe( 930 );
	} );

	it( 'handles an empty series and a clock behind the bucket', () => {
		expect( sparklineSeries( [], HOUR, 0 ) ).toEqual( {
			points: [],
			running: null,
		} );
		const series = steady( 5 );
		expect(
			sparklineSeries( series, HOUR, series[ 23 ].t - 60 ).running
		).toEqual( { t: series[ 23 ].t, count: 5, minutes: 1, rate: null } );
	} );
} );
