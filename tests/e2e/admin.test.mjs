// The admin page and Dashboard widget against the real site: hits seeded by real POSTs to
// xmlrpc.php (as other clients, through a trusted proxy), folded in by the real WP-CLI
// command, then shown, allowlisted and acted on in Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	baseUrl,
	launch,
	newPage,
	login,
	postPingback,
	screenshot,
	wp,
} from './support.mjs';

const SITE = process.env.XS_E2E_SITE;
const ATTACKERS = [ '203.0.113.7', '203.0.113.8', '2001:db8:77::5' ];
const XSS =
	'<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';

let browser;

/**
 * Calls the plugin's REST API from a logged-in wp-admin page (real cookie + nonce).
 *
 * @param {import('playwright-core').Page} page   A logged-in page.
 * @param {string}                         path   The route below /xmlrpc-shield/v1.
 * @param {string}                         method The HTTP method.
 * @param {Object}                         [data] The request body.
 */
async function rest( page, path, method = 'GET', data ) {
	return page.evaluate(
		( [ p, m, d ] ) =>
			window.wp.apiFetch( { path: p, method: m, data: d } ),
		[ `/xmlrpc-shield/v1${ path }`, method, data ]
	);
}

async function adminPage() {
	const { page, problems } = await newPage( browser );
	await login( page );
	await page.goto( `${ baseUrl }/wp-admin/tools.php?page=xmlrpc-shield` );
	await page.waitForSelector( '[data-testid="blocked-24h"]' );
	return { page, problems };
}

before( async () => {
	assert.ok( SITE, 'XS_E2E_SITE is set by tools/test-e2e.sh' );
	browser = await launch();
	const { page } = await adminPage();
	// Trust the loopback "proxy" so X-Forwarded-For names the attacking clients.
	await rest( page, '/settings', 'POST', {
		trusted_proxies: [ '127.0.0.1/32', '::1/128' ],
		mode: 'block',
	} );
	await page.context().close();
	// A log row aggregates one address per minute; the server counts in APCu, where a counter
	// keeps the user agent of its first hit, so the hostile one is sent first from its address.
	const total = 45;
	for ( let i = 0; i < total; i++ ) {
		const response = await postPingback( {
			'X-Forwarded-For': ATTACKERS[ i % ATTACKERS.length ],
			'User-Agent': 0 === i ? XSS : 'flood/1.0',
		} );
		assert.equal( response.status, 403 );
	}
	assert.match( wp( 'xmlrpc-shield', 'ingest' ), /45/ );
} );

after( async () => {
	await browser?.close();
} );

test( 'the page shows the seeded attack: counts, chart and the offending subnet', async () => {
	const { page, problems } = await adminPage();
	assert.ok(
		Number(
			( await page.getByTestId( 'blocked-24h' ).innerText() ).replace(
				/\D/g,
				''
			)
		) >= 45
	);
	await page.waitForSelector( '.recharts-bar-rectangle path' );
	await page
		.getByText(
			/45 blocked, 0 allowed, 0 logged in this period|blocked, .* in this period/
		)
		.waitFor();
	const offenders = page.locator( 'table.xmlrpc-shield-table' ).first();
	await offenders.getByText( '203.0.113.0/24', { exact: true } ).waitFor();
	await offenders.getByText( '2001:db8:77::/64', { exact: true } ).waitFor();
	// The hostile user agent of the first seeded request is shown as text in Recent requests.
	await page
		.getByTestId( 'recent-hits' )
		.getByText( XSS, { exact: true } )
		.waitFor();
	await screenshot( page, 'admin-page-seeded' );
	assert.equal( await page.evaluate( () => window.__xss ), undefined );
	assert.deepEqual( problems, [] );
	await page.context().close();
} );

test( 'the Dashboard widget shows blocked hits and the top subnet', async () => {
	const { page, problems } = await newPage( browser );
	await login( page );
	await page.goto( `${ baseUrl }/wp-admin/index.php` );
	const widget = page.locator( '#xmlrpc-shield-widget-root' );
	await widget.getByTestId( 'widget-blocked' ).waitFor();
	assert.ok(
		Number(
			(
				await widget.getByTestId( 'widget-blocked' ).innerText()
			).replace( /\D/g, '' )
		) >= 45
	);
	await widget.getByText( '203.0.113.0/24' ).waitFor();
	// Attached, not "visible": the solid line is flat when the earlier hours were empty (the running hour is drawn apart).
	await widget
		.locator( '.recharts-line' )
		.first()
		.waitFor( { state: 'attached' } );
	assert.equal(
		await widget
			.getByRole( 'link', { name: 'Open XML-RPC Shield' } )
			.getAttribute( 'href' ),
		`${ baseUrl }/wp-admin/tools.php?page=xmlrpc-shield`
	);
	await page
		.locator(
			'#xmlrpc_shield_dashboard_widget, .postbox:has(#xmlrpc-shield-widget-root)'
		)
		.first()
		.screenshot( {
			path: `${
				( await import( './support.mjs' ) ).artifacts
			}/dashboard-widget.png`,
		} );
	await screenshot( page, 'dashboard' );
	assert.deepEqual( problems, [] );
	await page.context().close();
} );

test( "Block on an offender's row refuses it even in monitor mode, and Undo takes it back", async () => {
	const { page, problems } = await adminPage();
	await rest( page, '/settings', 'POST', { mode: 'monitor' } );
	await page.reload();
	await page
		.getByRole( 'button', { name: 'Block 2001:db8:77::/64' } )
		.click();
	const notice = page
		.locator( '.components-notice' )
		.filter( { hasText: '2001:db8:77::/64 is now on the denylist' } );
	await notice.waitFor();
	assert.equal(
		( await postPingback( { 'X-Forwarded-For': '2001:db8:77::5' } ) )
			.status,
		403,
		'denied in monitor mode'
	);
	await notice.getByRole( 'button', { name: 'Undo' } ).click();
	await page
		.locator( '.components-notice' )
		.getByText( 'Undone: 2001:db8:77::/64 is off the denylist.' )
		.waitFor();
	assert.deepEqual( await rest( page, '/denylist' ), [] );
	assert.notEqual(
		( await postPingback( { 'X-Forwarded-For': '2001:db8:77::5' } ) )
			.status,
		403,
		'monitor mode lets it through again'
	);
	await rest( page, '/settings', 'POST', { mode: 'block' } );
	assert.deepEqual( problems, [] );
	await page.context().close();
} );

test( 'allowlisting the offender from its row asks first, then lets it through', async () => {
	const { page, problems } = await adminPage();
	await page
		.getByRole( 'button', { name: 'Allowlist 203.0.113.0/24' } )
		.click();
	assert.deepEqual(
		await rest( page, '/allowlist' ),
		[],
		'one click only asks'
	);
	await page.getByRole( 'button', { name: 'Yes, allowlist' } ).click();
	await page
		.locator( '.components-notice' )
		.getByText( '203.0.113.0/24 is now allowlisted.' )
		.waitFor();
	const entries = await rest( page, '/allowlist' );
	assert.ok( entries.some( ( entry ) => entry.cidr === '203.0.113.0/24' ) );
	const through = await postPingback( { 'X-Forwarded-For': '203.0.113.99' } );
	assert.notEqual(
		through.status,
		403,
		'an allowlisted client reaches XML-RPC'
	);
	const still = await postPingback( { 'X-Forwarded-For': '198.51.100.1' } );
	assert.equal( still.status, 403 );
	assert.deepEqual( problems, [] );
	await page.context().close();
} );

test( 'a hostile label is shown as text, never run', async () => {
	const { page, problems } = await adminPage();
	// The allowlist and the denylist share their form's labels: fill the allowlist's.
	const allowlist = page.getByRole( 'region', { name: 'Allowlist' } );
	await allowlist
		.getByLabel( 'IP address or CIDR range' )
		.fill( '192.0.2.10' );
	await allowlist.getByLabel( 'Label (optional)' ).fill( XSS );
	await page.getByRole( 'button', { name: 'Add to allowlist' } ).click();
	await page
		.locator( '.components-notice' )
		.getByText( 'Added 192.0.2.10/32 to the allowlist.' )
		.waitFor();
	// The same payload is also a logged user agent (Recent requests): look in the allowlist.
	await allowlist.getByText( XSS, { exact: true } ).waitFor();
	await page.reload();
	await page
		.getByRole( 'region', { name: 'Allowlist' } )
		.getByText( XSS, { exact: true } )
		.waitFor();
	assert.equal( await page.evaluate( () => window.__xss ), undefined );
	assert.deepEqual( problems, [] );
	await page.context().close();
} );

test( 'an invalid range is explained inline and nothing is saved', async () => {
	const { page } = await adminPage();
	const listed = await rest( page, '/allowlist' );
	await page
		.getByRole( 'region', { name: 'Allowlist' } )
		.getByLabel( 'IP address or CIDR range' )
		.fill( '10.0.0.0/33' );
	await page
		.getByText( /prefix length must be a number from 0 to 32/ )
		.waitFor();
	await page.getByRole( 'button', { name: 'Add to allowlist' } ).click();
	assert.deepEqual( await rest( page, '/allowlist' ), listed );
	await page.context().close();
} );

test( 'the chart survives every range and split with the pointer over it', async () => {
	const { page, problems } = await adminPage();
	const chart = page.locator( '.xmlrpc-shield-chart' );
	const pressed = ( name ) =>
		page.getByRole( 'button', { name, exact: true } );
	for ( const range of [ '1 hour', '24 hours', '7 days', '30 days' ] ) {
		await pressed( range ).click();
		await page.waitForSelector(
			`button[aria-pressed="true"]:has-text("${ range }")`
		);
		for ( const split of [
			'By method',
			'By outcome',
			'By method',
			'By outcome',
		] ) {
			// The pointer rests on the chart, its tooltip showing, while the keyboard switches.
			await chart.hover();
			await chart
				.locator( '.recharts-tooltip-wrapper' )
				.waitFor( { state: 'attached' } );
			await pressed( split ).press( 'Enter' );
			await page
				.waitForSelector(
					`button[aria-pressed="true"]:has-text("${ split }")`,
					{ timeout: 10000 }
				)
				.catch( () =>
					assert.fail(
						`the page fell apart switching to ${ range } ${ split }: ${ problems.join(
							'; '
						) }`
					)
				);
			await chart.hover( { position: { x: 300, y: 120 } } );
			await chart.locator( '.recharts-bar' ).first().waitFor();
		}
	}
	// The page is whole: every section still there, none showing a fault.
	await page.getByTestId( 'blocked-24h' ).waitFor();
	await page.getByRole( 'button', { name: 'Save settings' } ).waitFor();
	assert.equal(
		await page.locator( '.xmlrpc-shield-section--failed' ).count(),
		0
	);
	assert.deepEqual( problems, [] );
	await page.context().close();
} );

test( 'the mode changes only through Apply, and lowering it asks first', async () => {
	const { page, problems } = await adminPage();
	assert.equal( ( await rest( page, '/settings' ) ).mode, 'block' );
	const block = page.getByRole( 'radio', { name: 'Block' } );
	const monitor = page.getByRole( 'radio', { name: 'Monitor only' } );
	assert.equal( await block.isChecked(), true );
	// Arrow keys move the choice, and only the choice.
	await block.focus();
	await page.keyboard.press( 'ArrowDown' );
	await page.keyboard.press( 'ArrowDown' );
	assert.equal( await monitor.isChecked(), true );
	assert.equal(
		await page.evaluate( () => document.activeElement?.id ),
		'xmlrpc-shield-mode-monitor'
	);
	await page.getByTestId( 'mode-pending' ).waitFor();
	assert.equal(
		( await rest( page, '/settings' ) ).mode,
		'block',
		'choosing saved nothing'
	);
	assert.equal(
		( await postPingback( { 'X-Forwarded-For': '198.51.100.1' } ) ).status,
		403
	);

	// Lowering protection asks first; Cancel keeps block.
	const apply = page.getByRole( 'button', { name: 'Apply mode' } );
	await apply.click();
	const dialog = page.getByRole( 'dialog' );
	await dialog
		.getByText( 'This lowers protection, from "Block" to "Monitor only".' )
		.waitFor();
	await screenshot( page, 'admin-mode-confirm' );
	await dialog.getByRole( 'button', { name: 'Cancel' } ).click();
	await dialog.waitFor( { state: 'detached' } );
	assert.equal( ( await rest( page, '/settings' ) ).mode, 'block' );

	await apply.click();
	await dialog
		.getByRole( 'button', { name: 'Switch to Monitor only' } )
		.click();
	await page
		.locator( '.components-notice' )
		.getByText( 'Mode changed to Monitor only.' )
		.waitFor();
	assert.equal( ( await rest( page, '/settings' ) ).mode, 'monitor' );
	assert.notEqual(
		( await postPingback( { 'X-Forwarded-For': '198.51.100.1' } ) ).status,
		403,
		'monitor mode lets requests through'
	);
	// Focus stays on the control, never on <body>.
	assert.equal(
		await page.evaluate( () => document.activeElement?.id ),
		'xmlrpc-shield-mode-monitor'
	);
	await page
		.getByTestId( 'status-mode' )
		.getByText( 'Monitor only' )
		.waitFor();

	await page.reload();
	await page.waitForSelector( '[data-testid="blocked-24h"]' );
	assert.equal(
		await page.getByRole( 'radio', { name: 'Monitor only' } ).isChecked(),
		true
	);
	await screenshot( page, 'admin-page-monitor' );

	// Raising protection needs no confirmation.
	await page.getByRole( 'radio', { name: 'Block' } ).check();
	await page.getByRole( 'button', { name: 'Apply mode' } ).click();
	await page
		.locator( '.components-notice' )
		.getByText( 'Mode changed to Block.' )
		.waitFor();
	assert.equal( await page.getByRole( 'dialog' ).count(), 0 );
	assert.equal(
		( await postPingback( { 'X-Forwarded-For': '198.51.100.1' } ) ).status,
		403
	);
	assert.deepEqual( problems, [] );
	await page.context().close();
} );
