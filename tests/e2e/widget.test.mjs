// The Dashboard widget and the chart's and log's times and words (issue #18, item 9), against the
// real site at 1400 and 390 px: the hour still running is drawn as a rate and said so, never
// as a drop; the top offender is never this server, loopback or a private network; failed
// XML-RPC logins are counted; times are on the site's clock (a +05:45 zone, so a browser clock
// on UTC would show other minutes), 30-day labels are dates only, outcomes are named.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	baseUrl,
	fits,
	launch,
	login,
	newPage,
	openAt,
	postPingback,
	screenshot,
	wp,
} from './support.mjs';

const SITE = process.env.XS_E2E_SITE;
const WIDTHS = [ 1400, 390 ];
// Public (documentation) and private clients, named through the trusted loopback "proxy".
// Outside 203.0.113.0/24, which admin.test.mjs leaves allowlisted.
const ATTACKER = '192.0.2.77';
const PRIVATE_CLIENT = '10.20.30.40';
const GUESSER = '198.51.100.201';

let browser;
let timezone = '';

/**
 * One wrong-password wp.getUsersBlogs from a client.
 *
 * @param {string} ip The client's address (X-Forwarded-For).
 */
async function guessPassword( ip ) {
	const body =
		'<?xml version="1.0"?><methodCall><methodName>wp.getUsersBlogs</methodName><params>' +
		'<param><value><string>admin</string></value></param><param><value><string>not-the-password</string></value></param>' +
		'</params></methodCall>';
	const response = await fetch( `${ baseUrl }/xmlrpc.php`, {
		method: 'POST',
		headers: { 'Content-Type': 'text/xml', 'X-Forwarded-For': ip },
		body,
	} );
	return response.text();
}

function open( path, width ) {
	return openAt( browser, path, width );
}

/**
 * The time axis labels a chart drew.
 *
 * @param {import('playwright-core').Locator} scope The chart's container.
 */
async function ticks( scope ) {
	// SVG text: no innerText.
	return scope
		.locator( '.recharts-xAxis .recharts-cartesian-axis-tick-value' )
		.allTextContents();
}

/**
 * Reads or sets the site's timezone through core's REST settings, from a logged-in page.
 *
 * @param {string|null} value The timezone to set; null reads it.
 */
async function siteTimezone( value ) {
	const { page } = await newPage( browser );
	await login( page );
	await page.goto( `${ baseUrl }/wp-admin/index.php` );
	const settings = await page.evaluate(
		( zone ) =>
			window.wp.apiFetch( {
				path: '/wp/v2/settings',
				method: zone === null ? 'GET' : 'POST',
				data: zone === null ? undefined : { timezone: zone },
			} ),
		value
	);
	await page.context().close();
	return settings.timezone;
}

before( async () => {
	assert.ok( SITE, 'XS_E2E_SITE is set by tools/test-e2e.sh' );
	browser = await launch();
	timezone = await siteTimezone( null );
	assert.equal( await siteTimezone( 'Asia/Kathmandu' ), 'Asia/Kathmandu' );
	wp( 'xmlrpc-shield', 'proxy', 'add', '127.0.0.1/32' );
	wp( 'xmlrpc-shield', 'mode', 'pingback' );
	for ( let i = 0; i < 2; i++ ) {
		assert.match(
			await guessPassword( GUESSER ),
			/Incorrect username or password/
		);
	}
	wp( 'xmlrpc-shield', 'mode', 'block' );
	for ( let i = 0; i < 5; i++ ) {
		assert.equal(
			( await postPingback( { 'X-Forwarded-For': ATTACKER } ) ).status,
			403
		);
	}
	wp( 'xmlrpc-shield', 'ingest' );
	// Loopback and a private network become the busiest subnets of the day, above whatever
	// earlier test files sent, so a widget that took the first row would name one of them.
	const busiest = JSON.parse(
		wp(
			'xmlrpc-shield',
			'stats',
			'--by=subnet',
			'--range=24h',
			'--format=json'
		)
	).reduce( ( most, row ) => Math.max( most, Number( row.hits ) ), 0 );
	const flood = Math.min( busiest + 5, 200 );
	for ( let i = 0; i < flood; i++ ) {
		assert.equal(
			( await postPingback( { 'X-Forwarded-For': PRIVATE_CLIENT } ) )
				.status,
			403
		);
		assert.equal( ( await postPingback() ).status, 403 );
	}
	wp( 'xmlrpc-shield', 'ingest' );
} );

after( async () => {
	await siteTimezone( timezone || 'UTC' );
	wp( 'xmlrpc-shield', 'proxy', 'remove', '127.0.0.1/32' );
	await browser?.close();
} );

for ( const width of WIDTHS ) {
	test( `the widget: the running hour as a rate, no own network as top offender, failed logins, site clock (${ width } px)`, async () => {
		const { page, problems } = await open( '/wp-admin/index.php', width );
		const widget = page.locator( '#xmlrpc-shield-widget-root' );
		await widget.getByTestId( 'widget-top-offender' ).waitFor();

		// The busiest rows are loopback and the private network; the widget names the first that is neither.
		const top = await page.evaluate( () =>
			window.wp.apiFetch( {
				path: '/xmlrpc-shield/v1/top?by=subnet&range=24h&limit=10',
			} )
		);
		assert.notEqual(
			top.items[ 0 ].reserved,
			'',
			"the busiest subnet is one of the site's own"
		);
		const offender = top.items.find( ( item ) => item.reserved === '' );
		const shown = await widget
			.getByTestId( 'widget-top-offender' )
			.innerText();
		assert.match(
			shown,
			new RegExp( `^${ offender.key.replace( /[.:/]/g, '\\$&' ) } \\(` )
		);
		assert.doesNotMatch( shown, /^(127\.|10\.20\.30\.)/ );

		assert.ok(
			Number(
				await widget.getByTestId( 'widget-failed-logins' ).innerText()
			) >= 2,
			'failed logins counted'
		);

		// The hour still running: a dashed rate once 5 minutes have passed, else only its count; never a solid drop.
		const caption = await widget
			.getByTestId( 'widget-sparkline-caption' )
			.innerText();
		const dashed = widget.locator(
			'.xmlrpc-shield-sparkline__running path.recharts-curve'
		);
		// The solid line may be flat (a fresh site's earlier hours are empty): attached, not "visible".
		await widget
			.locator( '.recharts-line' )
			.first()
			.waitFor( { state: 'attached' } );
		const rate = caption.match(
			/The dashed end is this hour so far \(([\d,]+) in (\d+) minutes?\), as a rate: ([\d,]+) per hour\./
		);
		if ( rate ) {
			assert.equal(
				await dashed.count(),
				1,
				'the running hour is drawn dashed'
			);
			assert.equal(
				await dashed.getAttribute( 'stroke-dasharray' ),
				'3 3'
			);
			const [ count, minutes, perHour ] = rate
				.slice( 1 )
				.map( ( figure ) => Number( figure.replace( /,/g, '' ) ) );
			assert.ok(
				perHour >= count &&
					Math.abs( perHour - ( count * 60 ) / minutes ) <=
						( count * 60 ) / minutes / minutes + 1,
				`${ perHour } is ${ count } in ${ minutes } minutes per hour`
			);
		} else {
			assert.match(
				caption,
				/^Blocked per hour, complete hours only\. This hour so far: [\d,]+ in \d minutes?\.$/
			);
			assert.equal( await dashed.count(), 0 );
		}

		// The tooltip's hour is on the site's clock: hours start at :45 in Kathmandu (UTC+05:45).
		// hover() scrolls the sparkline into view first (at 390 px it is below the fold).
		await widget
			.locator( '.xmlrpc-shield-widget__sparkline .recharts-wrapper' )
			.hover();
		await page.waitForFunction( () =>
			/\d/.test(
				document.querySelector(
					'#xmlrpc-shield-widget-root .recharts-tooltip-label'
				)?.textContent ?? ''
			)
		);
		assert.match(
			await widget.locator( '.recharts-tooltip-label' ).textContent(),
			/:45/
		);

		assert.ok(
			await fits( widget, width ),
			`the widget fits ${ width } px`
		);
		await screenshot( page, `widget-running-hour-${ width }` );
		assert.deepEqual( problems, [] );
		await page.context().close();
	} );
}

for ( const width of WIDTHS ) {
	test( `the admin chart and recent requests: site clock, 30-day dates, outcomes by name (${ width } px)`, async () => {
		const { page, problems } = await open(
			'/wp-admin/tools.php?page=xmlrpc-shield',
			width
		);
		const chart = page.locator( '.xmlrpc-shield-section', {
			has: page.locator( '#xmlrpc-shield-chart-title' ),
		} );
		await chart.locator( '.recharts-xAxis' ).waitFor();
		const hours = await ticks( chart );
		assert.ok( hours.length > 0 );
		for ( const label of hours ) {
			assert.match(
				label,
				/^\d\d:45( [AP]M)?$/,
				`hourly buckets on the site's clock: ${ hours.join( ', ' ) }`
			);
		}
		await chart.getByRole( 'button', { name: '30 days' } ).click();
		await chart
			.getByRole( 'button', { name: '30 days', pressed: true } )
			.waitFor();
		await page.waitForFunction( () =>
			[
				...document.querySelectorAll(
					'#xmlrpc-shield-root .recharts-xAxis .recharts-cartesian-axis-tick-value'
				),
			].some( ( tick ) => ! /:/.test( tick.textContent ) )
		);
		for ( const label of await ticks( chart ) ) {
			assert.match(
				label,
				/^[A-Z][a-z]{2} \d{1,2}$/,
				`a day is named by its date only: ${ label }`
			);
		}

		const hits = page.getByTestId( 'recent-hits' );
		await hits.waitFor();
		const outcomes = await hits
			.locator( 'tbody tr td:nth-child(4)' )
			.allInnerTexts();
		assert.ok( outcomes.includes( 'Blocked' ), outcomes.join( ', ' ) );
		for ( const outcome of outcomes ) {
			assert.match(
				outcome,
				/^(Blocked|Allowed|Logged \(monitor\)|Failed login)$/
			);
		}
		await screenshot( page, `chart-30-days-${ width }` );
		assert.deepEqual( problems, [] );
		await page.context().close();
	} );
}
