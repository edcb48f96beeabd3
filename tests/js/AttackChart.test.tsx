import {
	createEvent,
	fireEvent,
	render,
	screen,
	waitFor,
} from '@testing-library/react';

import { OUTCOMES } from '../../src/common/outcomes';
import { AttackChart } from '../../src/admin/AttackChart';
import { fakeApi } from './fakeApi';
import type { AutopilotEvent } from '../../src/api/types';
import autopilot from './fixtures/autopilot.json';
import stats from './fixtures/stats-24h.json';

/**
 * Moves the pointer over the middle of the chart, as a user hovering a bar.
 *
 * @param container The rendered chart.
 */
function hover( container: HTMLElement ) {
	const wrapper = container.querySelector(
		'.recharts-wrapper'
	) as HTMLElement;
	// jsdom's MouseEvent has no page coordinates, which recharts reads.
	for ( const make of [ createEvent.mouseEnter, createEvent.mouseMove ] ) {
		const event = make( wrapper );
		Object.defineProperty( event, 'pageX', { value: 400 } );
		Object.defineProperty( event, 'pageY', { value: 140 } );
		fireEvent( wrapper, event );
	}
}

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
} );
