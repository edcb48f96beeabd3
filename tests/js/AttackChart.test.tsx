import { fireEvent, render, screen, waitFor } from '@testing-library/react';

import { OUTCOMES } from '../../src/common/outcomes';
import { AttackChart } from '../../src/admin/AttackChart';
import { fakeApi } from './fakeApi';
import type { AutopilotEvent } from '../../src/api/types';
import autopilot from './fixtures/autopilot.json';
import stats from './fixtures/stats-24h.json';
import { clearSiteGlobals, hoverChart, setSiteGlobals } from './support';

/**
 * Moves the pointer over the middle of the chart, as a user hovering a bar.
 *
 * @param container The rendered chart.
 */
const hover = ( container: HTMLElement ) =>
	hoverChart(
		container.querySelector( '.recharts-wrapper' ) as HTMLElement,
		140
	);

describe( 'AttackChart', () => {
	it( 'survives switching the split while a tooltip is showing', async () => {
		fakeApi( { 'GET /stats': stats } );
		const { container } = render( <AttackChart refreshKey={ 0 } /> );
		await waitFor( () =>
			expect(
				container.querySelectorAll( '.recharts-bar' )
			).toHaveLength( OUTCOMES.length )
		);
		fireEvent.click( screen.getByRole( 'button', { name: 'By method' } ) );
		await waitFor( () =>
			expect(
				container.querySelectorAll( '.recharts-bar' )
			).toHaveLength( 1 )
		);
		hover( container );
		// The pointer rests on a method's bar: its tooltip names the method.
		const methods = stats.methods.map( ( m ) => m.method );
		await waitFor( () =>
			expect(
				container.querySelector( '.recharts-tooltip-label' )
					?.textContent
			).toMatch(
				new RegExp( methods.join( '|' ).replace( /\./g, '\\.' ) )
			)
		);
		fireEvent.click( screen.getByRole( 'button', { name: 'By outcome' } ) );
		await waitFor( () =>
			expect(
				container.querySelectorAll( '.recharts-bar' )
			).toHaveLength( OUTCOMES.length )
		);
		hover( container );
		expect(
			screen.getByRole( 'button', { name: 'By outcome' } )
		).toHaveAttribute( 'aria-pressed', 'true' );
		expect(
			screen.getByText(
				/blocked, .* allowed, .* logged, .* failed logins in this period/
			)
		).toBeInTheDocument();
	} );

	it( 'marks automatic escalation on the time chart, with a text alternative', async () => {
		fakeApi( { 'GET /stats': stats } );
		const { container } = render(
			<AttackChart
				refreshKey={ 0 }
				events={ autopilot.events as AutopilotEvent[] }
			/>
		);
		const list = await screen.findByTestId( 'chart-escalations' );
		// Two events fall in the fixture's 24 hours; "enabled" is older.
		expect( list.querySelectorAll( 'li' ) ).toHaveLength( 2 );
		expect( list ).toHaveTextContent(
			'Early gate installed, by .htaccess'
		);
		expect( list ).not.toHaveTextContent( 'turned on' );
		await waitFor( () =>
			expect(
				container.querySelectorAll( '.recharts-reference-line' )
			).toHaveLength( 2 )
		);
		// The split by method has no time axis: no markers there.
		fireEvent.click( screen.getByRole( 'button', { name: 'By method' } ) );
		expect( screen.queryByTestId( 'chart-escalations' ) ).toBeNull();
	} );

	it( 'marks two events of the same second and kind without a key clash', async () => {
		const off = {
			at: 1795540000,
			kind: 'disabled',
			layer: '',
			reason: 'The owner turned autopilot off.',
			figures: {},
			files: [],
		} as AutopilotEvent;
		fakeApi( { 'GET /stats': stats } );
		// @wordpress/jest-console fails the test on React's duplicate-key warning.
		render( <AttackChart refreshKey={ 0 } events={ [ off, off ] } /> );
		const list = await screen.findByTestId( 'chart-escalations' );
		expect( list.querySelectorAll( 'li' ) ).toHaveLength( 2 );
	} );

	describe( 'times on the site clock', () => {
		afterEach( () => {
			clearSiteGlobals();
		} );

		/**
		 * The axis labels the chart drew.
		 *
		 * @param container The rendered chart.
		 */
		const ticks = ( container: HTMLElement ) =>
			Array.from(
				container.querySelectorAll(
					'.recharts-xAxis .recharts-cartesian-axis-tick-value'
				)
			).map( ( tick ) => tick.textContent ?? '' );

		it( "labels the 30-day chart by date only, on the site's calendar", async () => {
			setSiteGlobals( {
				pageUrl: '#',
				timezone: { string: 'America/New_York', offset: -5 },
			} );
			// 30 UTC days ending Nov 30 2026 00:00 UTC, the way /stats buckets them.
			const to = 1795996800;
			const days = Array.from( { length: 30 }, ( _, index ) => ( {
				t: to - ( 30 - index ) * 86400,
				blocked: 100 + index,
				allowed: 1,
				logged: 0,
				login_fail: 0,
			} ) );
			fakeApi( {
				'GET /stats': ( () => {
					let first = true;
					return () => {
						const answer = first
							? stats
							: {
									...stats,
									range: '30d',
									bucket_seconds: 86400,
									from: to - 30 * 86400,
									to,
									series: days,
							  };
						first = false;
						return answer;
					};
				} )(),
			} );
			const { container } = render( <AttackChart refreshKey={ 0 } /> );
			await waitFor( () =>
				expect( ticks( container ).length ).toBeGreaterThan( 0 )
			);
			fireEvent.click(
				screen.getByRole( 'button', { name: '30 days' } )
			);
			await waitFor( () =>
				expect( ticks( container ) ).toContain( 'Nov 29' )
			);
			for ( const label of ticks( container ) ) {
				expect( label ).toMatch( /^[A-Z][a-z]{2} \d{1,2}$/ );
			}
			// The first bucket, Oct 31 00:00 UTC, is mostly Oct 31 in New York (from 7 PM the day before).
			expect( ticks( container )[ 0 ] ).toBe( 'Oct 31' );
		} );

		it( "labels the 24-hour chart in the site's timezone, not the browser's", async () => {
			setSiteGlobals( {
				pageUrl: '#',
				timezone: { string: 'Asia/Kolkata', offset: 5.5 },
			} );
			fakeApi( { 'GET /stats': stats } );
			const { container } = render( <AttackChart refreshKey={ 0 } /> );
			await waitFor( () =>
				expect( ticks( container ).length ).toBeGreaterThan( 0 )
			);
			// The buckets start on UTC hours: half past in Kolkata.
			for ( const label of ticks( container ) ) {
				expect( label ).toMatch( /^\d\d:30 [AP]M$/ );
			}
		} );
	} );
} );
