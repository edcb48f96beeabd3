import { fireEvent, render, screen, waitFor } from '@testing-library/react';

import { Widget } from '../../src/widget/Widget';
import { fakeApi, FORBIDDEN } from './fakeApi';
import stats from './fixtures/stats-24h.json';
import status from './fixtures/status.json';
import top from './fixtures/top-subnet.json';
import {
	clearSiteGlobals,
	hoverChart,
	onScreen,
	setSiteGlobals,
} from './support';

/**
 * Answers the widget's three requests from the fixtures, or as a test says.
 *
 * @param overrides Answers that differ, by route.
 */
const widgetApi = ( overrides: Record< string, unknown > = {} ) =>
	fakeApi( {
		'GET /status': status,
		'GET /stats': stats,
		'GET /top': top,
		...overrides,
	} );

describe( 'Dashboard widget', () => {
	it( 'shows blocked hits, the change, the mode, the top subnet and a link', async () => {
		const calls = widgetApi();
		const { container } = render(
			<Widget pageUrl="/wp-admin/tools.php?page=xmlrpc-shield" />
		);
		expect( screen.getAllByText( 'Loading…' ) ).toHaveLength( 3 );
		expect(
			await screen.findByTestId( 'widget-blocked' )
		).toHaveTextContent(
			new Intl.NumberFormat().format( stats.totals.blocked )
		);
		expect(
			screen.getByText( /blocked in the last 24 hours/ )
		).toBeInTheDocument();
		expect( screen.getByText( 'Block' ) ).toBeInTheDocument();
		expect( screen.getByText( '203.0.113.0/24' ) ).toBeInTheDocument();
		expect(
			screen.getByRole( 'link', { name: 'Open XML-RPC Shield' } )
		).toHaveAttribute( 'href', '/wp-admin/tools.php?page=xmlrpc-shield' );
		// The sparkline is its own chunk: it follows the figures.
		await waitFor( () =>
			expect( container.querySelector( '.recharts-line' ) ).not.toBeNull()
		);
		// Only the aggregated endpoints, and a few top subnets (to skip this server's).
		expect( calls.map( ( call ) => call.path ).sort() ).toEqual( [
			'/xmlrpc-shield/v1/stats?range=24h',
			'/xmlrpc-shield/v1/status',
			'/xmlrpc-shield/v1/top?by=subnet&range=24h&limit=10',
		] );
	} );

	it( 'counts failed XML-RPC logins of the last 24 hours', async () => {
		widgetApi( {
			'GET /stats': {
				...stats,
				totals: { ...stats.totals, login_fail: 27 },
			},
		} );
		render( <Widget pageUrl="#" /> );
		expect(
			await screen.findByTestId( 'widget-failed-logins' )
		).toHaveTextContent( '27' );
		expect(
			screen.getByText( 'Failed logins (24 hours)' )
		).toBeInTheDocument();
	} );

	it.each( [
		{
			does: 'computes the change against the previous 24 hours',
			blocked: 300,
			before: 200,
			says: /\+50% vs the 24 hours before: 200/,
			not: /none in the 24 hours before/,
		},
		{
			does: 'says there was nothing the 24 hours before instead of a percentage',
			blocked: 45,
			before: 0,
			says: 'blocked in the last 24 hours (none in the 24 hours before)',
			not: /vs the 24 hours before/,
		},
	] )( '$does', async ( { blocked, before, says, not } ) => {
		widgetApi( {
			'GET /stats': {
				...stats,
				totals: { ...stats.totals, blocked },
				previous_totals: { ...stats.previous_totals, blocked: before },
			},
		} );
		render( <Widget pageUrl="#" /> );
		expect( await screen.findByText( says ) ).toBeInTheDocument();
		expect( screen.queryByText( not ) ).toBeNull();
	} );

	it( 'says so when nothing was blocked', async () => {
		widgetApi( {
			'GET /status': { ...status, mode: 'monitor' },
			'GET /stats': {
				...stats,
				totals: { blocked: 0, allowed: 0, logged: 0, all: 0 },
				previous_totals: { blocked: 0, allowed: 0, logged: 0, all: 0 },
			},
			'GET /top': { ...top, items: [] },
		} );
		render( <Widget pageUrl="#" /> );
		expect(
			await screen.findByText( 'Nothing blocked in the last 24 hours.' )
		).toBeInTheDocument();
		expect( screen.getByText( 'None' ) ).toBeInTheDocument();
		expect( screen.getByText( 'Monitor only' ) ).toBeInTheDocument();
	} );

	it( 'keeps the other parts when one request fails, and retries that one', async () => {
		let fail = true;
		widgetApi( {
			'GET /status': () => ( fail ? FORBIDDEN : status ),
		} );
		render( <Widget pageUrl="#" /> );
		expect(
			await screen.findByText( FORBIDDEN.message, onScreen )
		).toBeInTheDocument();
		// The figures and the top offender came from other requests: they stay.
		expect( screen.getByTestId( 'widget-blocked' ) ).toBeInTheDocument();
		expect( screen.getByText( '203.0.113.0/24' ) ).toBeInTheDocument();
		expect( screen.queryByTestId( 'widget-protection' ) ).toBeNull();
		fail = false;
		fireEvent.click( screen.getByRole( 'button', { name: 'Try again' } ) );
		expect(
			await screen.findByTestId( 'widget-protection' )
		).toBeInTheDocument();
	} );

	it( 'shows the protection level and the one next step, with a link to take it', async () => {
		widgetApi();
		render( <Widget pageUrl="/wp-admin/tools.php?page=xmlrpc-shield" /> );
		const protection = await screen.findByTestId( 'widget-protection' );
		expect( protection ).toHaveTextContent( status.protection.level_label );
		expect( screen.getByTestId( 'widget-next-step' ) ).toHaveTextContent(
			status.protection.next_step.text
		);
		expect(
			screen.getByRole( 'link', { name: 'Take it' } )
		).toHaveAttribute(
			'href',
			'/wp-admin/tools.php?page=xmlrpc-shield#xmlrpc-shield-protection-title'
		);
	} );

	it( 'names the outcomes instead of showing their slugs', async () => {
		widgetApi( {
			'GET /stats': {
				...stats,
				totals: { ...stats.totals, allowed: 27, logged: 3 },
			},
		} );
		render( <Widget pageUrl="#" /> );
		const outcomes = await screen.findByTestId( 'widget-outcomes' );
		expect( outcomes ).toHaveTextContent( 'Allowed: 27' );
		expect( outcomes ).toHaveTextContent( 'Logged (monitor): 3' );
		expect( outcomes.textContent ).not.toMatch( /\ballowed\b|\blogged\b/ );
	} );

	it( 'skips this server, loopback and private networks for the top offender', async () => {
		const own = ( key: string, reserved: string, hits: number ) => ( {
			...top.items[ 0 ],
			key,
			hits,
			reserved,
		} );
		widgetApi( {
			'GET /top': {
				...top,
				items: [
					own( '127.0.0.0/24', 'loopback', 90000 ),
					own( '192.0.2.0/24', 'this-server', 80000 ),
					own( '10.1.2.0/24', 'private', 70000 ),
					...top.items,
				],
			},
		} );
		render( <Widget pageUrl="#" /> );
		const offender = await screen.findByTestId( 'widget-top-offender' );
		expect( offender ).toHaveTextContent(
			`${ top.items[ 0 ].key } (${ new Intl.NumberFormat().format(
				top.items[ 0 ].hits
			) } requests)`
		);
	} );

	it( 'says "None" when only the site\'s own networks called', async () => {
		widgetApi( {
			'GET /top': {
				...top,
				items: [
					{
						...top.items[ 0 ],
						key: '127.0.0.0/24',
						reserved: 'loopback',
					},
				],
			},
		} );
		render( <Widget pageUrl="#" /> );
		expect(
			await screen.findByTestId( 'widget-top-offender' )
		).toHaveTextContent( /^None$/ );
	} );

	it( 'draws the hour still running as a rate per hour, dashed, and says so', async () => {
		const last = stats.series[ stats.series.length - 1 ];
		// Six minutes into the captured site's last hour: 93 so far, 930 an hour at that rate.
		const now = jest
			.spyOn( Date, 'now' )
			.mockReturnValue( ( last.t + 6 * 60 ) * 1000 );
		try {
			widgetApi();
			const { container } = render( <Widget pageUrl="#" /> );
			const caption = await screen.findByTestId(
				'widget-sparkline-caption'
			);
			expect( caption ).toHaveTextContent(
				'The dashed end is this hour so far (93 in 6 minutes), as a rate: 930 per hour.'
			);
			await waitFor( () =>
				expect(
					container.querySelector(
						'.recharts-line.xmlrpc-shield-sparkline__running path'
					)
				).not.toBeNull()
			);
			const dashed = container.querySelector(
				'.xmlrpc-shield-sparkline__running path'
			) as SVGPathElement;
			expect( dashed.getAttribute( 'stroke-dasharray' ) ).toBe( '3 3' );
		} finally {
			now.mockRestore();
		}
	} );

	it( "tells the running hour's count while it is too young for a rate", async () => {
		const last = stats.series[ stats.series.length - 1 ];
		const now = jest
			.spyOn( Date, 'now' )
			.mockReturnValue( ( last.t + 2 * 60 ) * 1000 );
		try {
			widgetApi();
			render( <Widget pageUrl="#" /> );
			expect(
				await screen.findByTestId( 'widget-sparkline-caption' )
			).toHaveTextContent(
				'Blocked per hour, complete hours only. This hour so far: 93 in 2 minutes.'
			);
		} finally {
			now.mockRestore();
		}
	} );

	it( "names a sparkline point by its hour on the site's clock, not by its index", async () => {
		setSiteGlobals( {
			pageUrl: '#',
			timezone: { string: 'Asia/Kathmandu', offset: 5.75 },
		} );
		try {
			widgetApi();
			const { container } = render( <Widget pageUrl="#" /> );
			// The lazily loaded chunk may take a while on a busy machine.
			await waitFor(
				() =>
					expect(
						container.querySelector(
							'.xmlrpc-shield-widget__sparkline .recharts-wrapper'
						)
					).not.toBeNull(),
				{ timeout: 20000 }
			);
			const wrapper = container.querySelector(
				'.xmlrpc-shield-widget__sparkline .recharts-wrapper'
			) as HTMLElement;
			hoverChart( wrapper, 30 );
			// Buckets start on UTC hours: a quarter to the hour in Kathmandu (UTC+05:45), never 1970's 05:30.
			await waitFor( () =>
				expect(
					container.querySelector( '.recharts-tooltip-label' )
						?.textContent
				).toMatch( /^\d\d:45 [AP]M$/ )
			);
		} finally {
			clearSiteGlobals();
		}
	} );
} );
