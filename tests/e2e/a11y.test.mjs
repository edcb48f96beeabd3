// Keyboard and screen readers on the admin page and the Dashboard widget, against the real site:
// axe-core at 1400 and 390 px in the states an owner meets (first view, the chart switched, the
// chart as a table, a confirmation open), and a keyboard-only walk where every action leaves the
// focus on a sensible element, never on <body>.
//
// axe-core checks only our containers (#xmlrpc-shield-root, #xmlrpc-shield-widget-root) and the
// dialogs our UI opens: core's admin menu, toolbar and other Dashboard widgets are WordPress's
// markup, not ours, and out of scope here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	assertFocusAround,
	assertNoAxeViolations,
	baseUrl,
	launch,
	newPage,
	login,
	postPingback,
	rest,
	wp,
} from './support.mjs';

const SITE = process.env.XS_E2E_SITE;
const WIDTHS = [ 1400, 390 ];
// Benchmarking ranges (RFC 2544, RFC 5180): nobody else's offenders in the other tests.
const CLIENTS = [ '198.18.0.7', '198.18.0.7', '198.18.0.7', '2001:2::7' ];
const SUBNET = '198.18.0.0/24';

let browser;

/**
 * The admin page at a width, its sections loaded (the offenders' rows, recent requests, settings).
 *
 * @param {number} width
 */
async function adminPage( width = 1400 ) {
	const { page, problems } = await newPage( browser );
	await page.setViewportSize( { width, height: 900 } );
	await login( page );
	await page.goto( `${ baseUrl }/wp-admin/tools.php?page=xmlrpc-shield` );
	await page.getByRole( 'button', { name: `Block ${ SUBNET }` } ).waitFor();
	await page.getByTestId( 'recent-hits' ).waitFor();
	await page.getByRole( 'button', { name: 'Save settings' } ).waitFor();
	await page
		.locator( '.xmlrpc-shield-chart .recharts-bar' )
		.first()
		.waitFor();
	return { page, problems };
}

/**
 * What has the focus, as a short description for assertion messages.
 *
 * @param {import('playwright-core').Page} page
 */
function focused( page ) {
	return page.evaluate( () => {
		const element = document.activeElement;
		if ( ! element || element === document.body ) {
			return 'body';
		}
		const name =
			element.getAttribute( 'aria-label' ) ??
			element.textContent?.trim().slice( 0, 60 ) ??
			'';
		return `${ element.tagName.toLowerCase() }${
			element.id ? '#' + element.id : ''
		} "${ name }"`;
	} );
}

/**
 * Asserts the focus is on the element a locator names.
 *
 * @param {import('playwright-core').Locator} locator
 * @param {string}                            what
 */
async function assertFocused( locator, what ) {
	const page = locator.page();
	const has = await locator
		.evaluate( ( element ) => element === document.activeElement )
		.catch( () => false );
	assert.ok(
		has,
		`focus is on ${ what }, not on ${ await focused( page ) }`
	);
}

/**
 * Presses Tab until the focus is on the element a locator names (at most `limit` times), and
 * returns what the focus passed through; fails if it ever lands on <body> or leaves our page.
 *
 * @param {import('playwright-core').Locator} locator
 * @param {number}                            limit
 */
async function tabTo( locator, limit = 120 ) {
	const path = [];
	for ( let i = 0; i < limit; i++ ) {
		if (
			await locator
				.evaluate( ( element ) => element === document.activeElement )
				.catch( () => false )
		) {
			return path;
		}
		const page = locator.page();
		await page.keyboard.press( 'Tab' );
		const where = await focused( page );
		assert.notEqual(
			where,
			'body',
			`Tab fell to <body> after ${ path.join( ' → ' ) }`
		);
		path.push( where );
	}
	assert.fail(
		`Tab did not reach the element in ${ limit } presses: ${ path.join(
			' → '
		) }`
	);
}

before( async () => {
	assert.ok( SITE, 'XS_E2E_SITE is set by tools/test-e2e.sh' );
	browser = await launch();
	const { page } = await newPage( browser );
	await login( page );
	await page.goto( `${ baseUrl }/wp-admin/tools.php?page=xmlrpc-shield` );
	// Trust the loopback "proxy" so X-Forwarded-For names the clients: their rows offer Block.
	await rest( page, '/settings', 'POST', {
		trusted_proxies: [ '127.0.0.1/32', '::1/128' ],
		mode: 'block',
	} );
	await page.context().close();
	for ( const client of CLIENTS ) {
		assert.equal(
			( await postPingback( { 'X-Forwarded-For': client } ) ).status,
			403
		);
	}
	wp( 'xmlrpc-shield', 'ingest' );
} );

after( async () => {
	await browser?.close();
} );

for ( const width of WIDTHS ) {
	test( `axe-core finds nothing in the admin page's UI (${ width } px)`, async () => {
		const { page, problems } = await adminPage( width );
		await assertNoAxeViolations( page, 'the admin page as first shown' );

		// The chart in its other split and range.
		await page
			.getByRole( 'button', { name: 'By method', exact: true } )
			.click();
		await page
			.getByRole( 'button', { name: '7 days', exact: true } )
			.click();
		await page.waitForSelector(
			'button[aria-pressed="true"]:has-text("7 days")'
		);
		await page
			.locator( '.xmlrpc-shield-chart .recharts-bar' )
			.first()
			.waitFor();
		await assertNoAxeViolations( page, 'the chart by method over 7 days' );
		// The mode's confirmation dialog, and a row's confirmation.
		await page.getByRole( 'radio', { name: 'Monitor only' } ).check();
		await page.getByRole( 'button', { name: 'Apply mode' } ).click();
		const dialog = page.getByRole( 'dialog' );
		await dialog.waitFor();
		await assertNoAxeViolations( page, 'the mode confirmation dialog' );
		await dialog.getByRole( 'button', { name: 'Cancel' } ).click();
		await dialog.waitFor( { state: 'detached' } );
		assert.equal(
			( await rest( page, '/settings' ) ).mode,
			'block',
			'Cancel kept the mode'
		);
		await page
			.getByRole( 'button', { name: `Allowlist ${ SUBNET }` } )
			.click();
		await page
			.getByRole( 'group', {
				name: new RegExp(
					`Let ${ SUBNET.replace( /\./g, '\\.' ) } reach XML-RPC`
				),
			} )
			.waitFor();
		await assertNoAxeViolations(
			page,
			"an offender's allowlist confirmation"
		);

		// The chart's numbers as a table.
		await page.getByRole( 'button', { name: 'Show as table' } ).click();
		await page
			.getByRole( 'table', { name: /Requests per method/ } )
			.waitFor();
		await page
			.getByRole( 'button', { name: 'By outcome', exact: true } )
			.click();
		await page
			.getByRole( 'table', { name: /Requests over time/ } )
			.waitFor();
		await assertNoAxeViolations( page, 'the chart shown as a table' );

		assert.equal( ( await rest( page, '/settings' ) ).mode, 'block' );
		assert.deepEqual( problems, [] );
		await page.context().close();
	} );

	test( `axe-core finds nothing in the Dashboard widget (${ width } px)`, async () => {
		const { page, problems } = await newPage( browser );
		await page.setViewportSize( { width, height: 900 } );
		await login( page );
		await page.goto( `${ baseUrl }/wp-admin/index.php` );
		const widget = page.locator( '#xmlrpc-shield-widget-root' );
		await widget.getByTestId( 'widget-blocked' ).waitFor();
		await widget.getByTestId( 'widget-protection' ).waitFor();
		await widget.getByText( 'Top offender' ).waitFor();
		// Two lines: the complete hours and the running one (dashed); the first can be flat.
		await widget
			.locator( '.recharts-line' )
			.first()
			.waitFor( { state: 'attached' } );
		await assertNoAxeViolations( page, 'the Dashboard widget' );
		assert.deepEqual( problems, [] );
		await page.context().close();
	} );
}

test( 'Tab reaches the main controls, busy or not, and the Top offenders region shows its focus', async () => {
	const { page, problems } = await adminPage();
	// Tab from the page's first control through the mode, the chart's and the offenders' controls.
	await page.getByRole( 'button', { name: 'Update log now' } ).focus();
	const region = page.getByRole( 'region', { name: 'Top offenders table' } );
	const path = await tabTo( region );
	// The scroll region shows where the focus is.
	const ring = await region.evaluate( ( element ) => {
		const style = getComputedStyle( element );
		const outline =
			style.outlineStyle !== 'none' &&
			parseFloat( style.outlineWidth ) > 0 &&
			! /rgba\(.*, 0\)$|transparent/.test( style.outlineColor );
		return {
			outline,
			shadow: style.boxShadow !== 'none',
			style: `${ style.outline } / ${ style.boxShadow }`,
		};
	} );
	assert.ok(
		ring.outline || ring.shadow,
		`the focused Top offenders region shows a focus ring: ${ ring.style }`
	);
	// "Apply mode" is disabled until another mode is chosen, yet reachable and announced as such.
	for ( const stop of [
		'Apply mode',
		'24 hours',
		'By method',
		'Show as table',
		'xmlrpc-shield',
	] ) {
		assert.ok(
			path.some( ( where ) => where.includes( stop ) ),
			`Tab passes "${ stop }": ${ path.join( ' → ' ) }`
		);
	}
	assert.deepEqual( problems, [] );
	await page.context().close();
} );

test( 'a button pressed with Enter keeps the focus while busy and after: Update log now, Save settings', async () => {
	const { page, problems } = await adminPage();
	const ingest = page.getByRole( 'button', { name: 'Update log now' } );
	await ingest.focus();
	await page.keyboard.press( 'Enter' );
	await page
		.locator( '.xmlrpc-shield-log-ingest .components-notice' )
		.waitFor();
	await assertFocused( ingest, '"Update log now" after updating' );

	const save = page.getByRole( 'button', { name: 'Save settings' } );
	await save.focus();
	await page.keyboard.press( 'Enter' );
	await page
		.locator( '.components-notice' )
		.getByText( 'Settings saved.' )
		.waitFor();
	await assertFocused( save, '"Save settings" after saving' );
	assert.deepEqual( problems, [] );
	await page.context().close();
} );

test( "Show as table gives the chart's numbers as a table, the focus staying on the toggle", async () => {
	const { page, problems } = await adminPage();
	await page.getByRole( 'button', { name: 'Show as table' } ).focus();
	await page.keyboard.press( 'Space' );
	const table = page.getByRole( 'table', {
		name: 'Requests over time, by outcome',
	} );
	await table.waitFor();
	await assertFocused(
		page.getByRole( 'button', { name: 'Show as chart' } ),
		'the chart/table toggle'
	);
	// The same figures as the chart: the period's blocked requests, summed over the rows.
	const header = await table.locator( 'thead th' ).allInnerTexts();
	assert.deepEqual( header, [
		'Time',
		'Blocked',
		'Allowed',
		'Logged (monitor)',
		'Failed login',
	] );
	const stats = await rest( page, '/stats?range=24h' );
	assert.equal(
		await table.locator( 'tbody tr' ).count(),
		stats.series.length
	);
	const blocked = (
		await table.locator( 'tbody tr td:nth-of-type(1)' ).allInnerTexts()
	).reduce( ( sum, text ) => sum + Number( text.replace( /\D/g, '' ) ), 0 );
	assert.equal( blocked, stats.totals.blocked );
	assert.equal(
		await page.locator( '.xmlrpc-shield-chart' ).isVisible(),
		false,
		'the table replaces the chart'
	);
	assert.deepEqual( problems, [] );
	await page.context().close();
} );

test( "Block with Enter puts the focus on the notice's Undo, and Undo on its own notice", async ( t ) => {
	const { page, problems } = await adminPage();
	// Pass or fail, the subnet is not left denied for the tests after this one.
	t.after( () =>
		rest( page, '/denylist', 'DELETE', { cidr: SUBNET } ).catch(
			() => undefined
		)
	);
	const root = page.locator( '#xmlrpc-shield-root' );
	await page.getByRole( 'button', { name: `Block ${ SUBNET }` } ).focus();
	await page.keyboard.press( 'Enter' );
	const blocked = root
		.locator( '.components-notice' )
		.filter( { hasText: `${ SUBNET } is now on the denylist` } );
	await blocked.waitFor();
	const undo = blocked.getByRole( 'button', { name: 'Undo' } );
	// The row's Block button is gone once the offenders reload; the focus is not with it.
	await page
		.getByRole( 'row', {
			name: new RegExp( SUBNET.replace( /\./g, '\\.' ) ),
		} )
		.getByText( 'Denied' )
		.waitFor();
	await assertFocused( undo, 'the Undo of the "now on the denylist" notice' );
	await page.keyboard.press( 'Enter' );
	const undone = root
		.locator( '.components-notice' )
		.filter( { hasText: `Undone: ${ SUBNET } is off the denylist.` } );
	await undone.waitFor();
	await assertFocusAround( undone, 'the "Undone" notice' );
	assert.deepEqual( await rest( page, '/denylist' ), [] );
	assert.deepEqual( problems, [] );
	await page.context().close();
} );

test( 'a question asked in place of a button takes the focus to Cancel, and Cancel gives it back', async () => {
	const { page, problems } = await adminPage();
	// Allowlisting an offender asks first.
	const allowlist = page.getByRole( 'button', {
		name: `Allowlist ${ SUBNET }`,
	} );
	await allowlist.focus();
	await page.keyboard.press( 'Enter' );
	const question = page.getByRole( 'group', {
		name: new RegExp(
			`Let ${ SUBNET.replace( /\./g, '\\.' ) } reach XML-RPC`
		),
	} );
	await question.waitFor();
	await assertFocused(
		question.getByRole( 'button', { name: 'Cancel' } ),
		'Cancel in the allowlist question'
	);
	await page.keyboard.press( 'Enter' );
	await assertFocused( allowlist, `"Allowlist ${ SUBNET }" after Cancel` );

	// So does removing from the denylist; once removed, the row is gone and its notice has the focus.
	const denylist = page.getByRole( 'region', { name: 'Denylist' } );
	await denylist.getByLabel( 'IP address or CIDR range' ).focus();
	await page.keyboard.type( '192.0.2.77' );
	await page.keyboard.press( 'Enter' );
	await denylist
		.locator( '.components-notice' )
		.filter( { hasText: 'Added 192.0.2.77/32' } )
		.waitFor();
	const remove = denylist.getByRole( 'button', {
		name: 'Remove 192.0.2.77/32',
	} );
	await remove.focus();
	await page.keyboard.press( 'Enter' );
	await assertFocused(
		denylist.getByRole( 'button', { name: 'Cancel' } ),
		'Cancel in the remove question'
	);
	await page.keyboard.press( 'Enter' );
	await assertFocused( remove, '"Remove 192.0.2.77/32" after Cancel' );
	await page.keyboard.press( 'Enter' );
	await denylist.getByRole( 'button', { name: 'Yes, remove' } ).focus();
	await page.keyboard.press( 'Enter' );
	await denylist.getByText( 'The denylist is empty.' ).waitFor();
	const removed = denylist
		.locator( '.components-notice' )
		.filter( { hasText: 'Removed 192.0.2.77/32' } );
	await assertFocusAround(
		removed,
		'the "Removed" notice, once the row is gone'
	);
	assert.deepEqual( await rest( page, '/denylist' ), [] );
	assert.deepEqual( problems, [] );
	await page.context().close();
} );

test( 'one control is named for the mode, and every table has a caption', async () => {
	const { page, problems } = await adminPage();
	const root = page.locator( '#xmlrpc-shield-root' );
	// The mode's radio group is the only control named after the mode.
	assert.equal(
		await root.getByRole( 'group', { name: /mode/i } ).count(),
		1
	);
	assert.equal(
		await root.getByRole( 'combobox', { name: /mode/i } ).count(),
		0
	);
	const uncaptioned = await root
		.locator( 'table' )
		.evaluateAll( ( tables ) =>
			tables
				.filter(
					( table ) =>
						( table.caption?.textContent ?? '' ).trim() === ''
				)
				.map(
					( table ) =>
						table
							.closest( 'section' )
							?.getAttribute( 'aria-labelledby' ) ??
						table.className
				)
		);
	assert.deepEqual( uncaptioned, [], 'tables without a caption' );
	assert.deepEqual( problems, [] );
	await page.context().close();
} );
