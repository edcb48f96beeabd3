// The admin page's layout on WordPress 7.x at a desktop (1400 px) and a phone (390 px): nothing
// wider than the screen, code blocks and tables inside their cards, addresses whole, Settings
// fields spaced, the trusted-proxy field's error at the field, the Cloudflare preset into the
// draft and the "Settings saved." notice beside the button that saved.
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
const WIDTHS = [ 1400, 390 ];
// Long addresses, so a cell too narrow for them would show a break.
const ALLOWED = '2001:db8:1234:5678:9abc:def0:1234:5678/128';
const DENIED = '2a0b:f00:4242:4242::/64';

let browser;
// The settings as the earlier test files left them, put back afterwards.
let original;

async function rest( page, path, method = 'GET', data ) {
	return page.evaluate(
		( [ p, m, d ] ) =>
			window.wp.apiFetch( { path: p, method: m, data: d } ),
		[ `/xmlrpc-shield/v1${ path }`, method, data ]
	);
}

async function adminPage( width ) {
	const { page, problems } = await newPage( browser );
	await page.setViewportSize( { width, height: 900 } );
	await login( page );
	await page.goto( `${ baseUrl }/wp-admin/tools.php?page=xmlrpc-shield` );
	await page.getByRole( 'button', { name: 'Save settings' } ).waitFor();
	await page.getByTestId( 'nginx-snippet' ).waitFor();
	await page.getByText( ALLOWED, { exact: true } ).waitFor();
	return { page, problems };
}

/**
 * Runs work with a logged-in admin page, for REST calls outside a test.
 *
 * @param {( page: import('playwright-core').Page ) => Promise<unknown>} work
 */
async function withAdmin( work ) {
	const { page } = await newPage( browser );
	await login( page );
	await page.goto( `${ baseUrl }/wp-admin/tools.php?page=xmlrpc-shield` );
	await work( page );
	await page.context().close();
}

/**
 * The settings form.
 *
 * @param {import('playwright-core').Page} page The admin page.
 */
const settingsForm = ( page ) => page.locator( 'form.xmlrpc-shield-settings' );

before( async () => {
	assert.ok( SITE, 'XS_E2E_SITE is set by tools/test-e2e.sh' );
	wp(
		'xmlrpc-shield',
		'allow',
		'add',
		ALLOWED,
		'--label=A phone on a long IPv6 address'
	);
	wp( 'xmlrpc-shield', 'deny', 'add', DENIED );
	// Logged requests, so Top offenders and Recent requests show their tables too.
	for ( let i = 0; i < 3; i++ ) {
		await postPingback();
	}
	wp( 'xmlrpc-shield', 'ingest' );
	browser = await launch();
	await withAdmin( async ( page ) => {
		const { trusted_proxies, retention_days } = await rest(
			page,
			'/settings'
		);
		original = { trusted_proxies, retention_days };
		await rest( page, '/settings', 'POST', { trusted_proxies: [] } );
	} );
} );

after( async () => {
	wp( 'xmlrpc-shield', 'allow', 'remove', ALLOWED );
	wp( 'xmlrpc-shield', 'deny', 'remove', DENIED );
	await withAdmin( ( page ) => rest( page, '/settings', 'POST', original ) );
	await browser?.close();
} );

for ( const width of WIDTHS ) {
	test( `nothing is wider than the screen, code and tables stay in their cards, addresses stay whole (${ width } px)`, async () => {
		const { page, problems } = await adminPage( width );
		// Open every <details> (the .htaccess lines, where shown), so its <pre> is measured too.
		await page.evaluate( () =>
			document
				.querySelectorAll( '#xmlrpc-shield-root details' )
				.forEach( ( d ) => ( d.open = true ) )
		);
		await screenshot( page, `layout-admin-${ width }` );
		const page_ = await page.evaluate( () => ( {
			scroll: document.documentElement.scrollWidth,
			inner: window.innerWidth,
		} ) );
		assert.ok(
			page_.scroll <= page_.inner,
			`the page is ${ page_.scroll } px wide in a ${ page_.inner } px window`
		);

		const outside = await page.evaluate( () =>
			[
				...document.querySelectorAll(
					'#xmlrpc-shield-root pre, #xmlrpc-shield-root textarea'
				),
			]
				.filter( ( element ) => element.getClientRects().length > 0 )
				.map( ( element ) => {
					const card = element
						.closest( '.components-card__body' )
						.getBoundingClientRect();
					const box = element.getBoundingClientRect();
					return {
						text: element.textContent.slice( 0, 40 ),
						left: box.left - card.left,
						right: card.right - box.right,
					};
				} )
				.filter( ( gap ) => gap.left < 0 || gap.right < 0 )
		);
		assert.deepEqual(
			outside,
			[],
			'every <pre> and <textarea> lies inside its card'
		);

		const tables = await page.evaluate( () =>
			[ ...document.querySelectorAll( '#xmlrpc-shield-root table' ) ]
				.filter(
					( table ) =>
						! table.classList.contains( 'screen-reader-text' )
				)
				.map( ( table ) => {
					const wrapper = table.parentElement;
					return {
						table:
							table.querySelector( 'caption, th' )?.textContent ??
							'',
						scrolls:
							getComputedStyle( wrapper ).overflowX === 'auto',
						region: wrapper.getAttribute( 'role' ) === 'region',
						focusable: wrapper.tabIndex === 0,
						named:
							( wrapper.getAttribute( 'aria-label' ) ?? '' ) !==
							'',
					};
				} )
				.filter(
					( t ) =>
						! ( t.scrolls && t.region && t.focusable && t.named )
				)
		);
		assert.deepEqual(
			tables,
			[],
			'every table sits in a named, focusable scroll region'
		);

		// An inline element that wraps has more than one line box.
		const broken = await page.evaluate( () =>
			[ ...document.querySelectorAll( '#xmlrpc-shield-root table code' ) ]
				.filter( ( code ) => code.getClientRects().length > 1 )
				.map( ( code ) => code.textContent )
		);
		assert.deepEqual( broken, [], 'no address breaks across lines' );
		for ( const address of [ ALLOWED, DENIED ] ) {
			const box = await page
				.getByText( address, { exact: true } )
				.boundingBox();
			assert.ok(
				box.height < 24,
				`${ address } is on one line (${ box.height } px high)`
			);
		}
		assert.deepEqual( problems, [] );
		await page.context().close();
	} );
}

test( 'the Settings fields are spaced apart on WordPress 7.x', async () => {
	const { page, problems } = await adminPage( 1400 );
	const gaps = await settingsForm( page ).evaluate( ( form ) => {
		const boxes = [
			...form.querySelectorAll(
				'.components-base-control, .components-toggle-control'
			),
		]
			.filter(
				( control ) =>
					! control.parentElement.closest(
						'.components-base-control'
					)
			)
			.map( ( control ) => control.getBoundingClientRect() );
		return boxes
			.slice( 1 )
			.map( ( box, i ) => box.top - boxes[ i ].bottom );
	} );
	assert.ok( gaps.length >= 3, `${ gaps.length + 1 } fields measured` );
	for ( const gap of gaps ) {
		assert.ok( gap >= 12, `fields are ${ gap } px apart` );
	}
	assert.deepEqual( problems, [] );
	await page.context().close();
} );

for ( const width of WIDTHS ) {
	test( `an invalid trusted proxy is marked at its field, and Save says why it saves nothing (${ width } px)`, async () => {
		const { page, problems } = await adminPage( width );
		const field = page.getByLabel( 'Trusted proxies (one range per line)' );
		await field.fill( '10.0.0.0/8\nnot-an-ip' );
		assert.equal( await field.getAttribute( 'aria-invalid' ), 'true' );
		const described =
			( await field.getAttribute( 'aria-describedby' ) ) ?? '';
		const error = page.locator( `[id="${ described.split( ' ' )[ 0 ] }"]` );
		assert.match(
			await error.innerText(),
			/not-an-ip: "not-an-ip" is not an IPv4 or IPv6 address/
		);
		assert.ok( await error.isVisible() );
		const save = page.getByRole( 'button', { name: 'Save settings' } );
		assert.equal(
			await save.isEnabled(),
			true,
			'Save stays reachable and answers'
		);
		await save.click();
		// Focus goes to the field to fix, and the form says why nothing was saved, beside Save.
		assert.equal(
			await page.evaluate( () => document.activeElement?.tagName ),
			'TEXTAREA'
		);
		const why = settingsForm( page )
			.locator( '.components-notice' )
			.filter( {
				hasText: 'Nothing was saved: fix the trusted proxies first.',
			} );
		await why.waitFor();
		assert.deepEqual(
			( await rest( page, '/settings' ) ).trusted_proxies,
			[],
			'nothing was saved'
		);
		await screenshot( page, `layout-invalid-proxy-${ width }` );
		assert.deepEqual( problems, [] );
		await page.context().close();
	} );
}

test( '"Add Cloudflare ranges" adds them to the unsaved draft, and keeps the rest of it', async () => {
	const { page, problems } = await adminPage( 1400 );
	const form = settingsForm( page );
	await form.getByLabel( 'Keep the log for (days)' ).fill( '9' );
	const field = form.getByLabel( 'Trusted proxies (one range per line)' );
	await field.fill( '10.9.8.0/24' );
	await form.getByRole( 'button', { name: 'Add Cloudflare ranges' } ).click();
	await form
		.getByText(
			/Cloudflare’s \d+ ranges are in the list below; Save settings to use them\./
		)
		.waitFor();
	const lines = ( await field.inputValue() ).split( '\n' );
	assert.equal( lines[ 0 ], '10.9.8.0/24', 'the draft line stays first' );
	assert.ok(
		lines.includes( '173.245.48.0/20' ),
		'a Cloudflare range is in the field'
	);
	assert.equal(
		await form.getByLabel( 'Keep the log for (days)' ).inputValue(),
		'9'
	);
	const stored = await rest( page, '/settings' );
	assert.deepEqual( stored.trusted_proxies, [], 'nothing was saved yet' );
	assert.notEqual( stored.retention_days, 9 );
	await form.getByRole( 'button', { name: 'Save settings' } ).click();
	await form.getByText( 'Settings saved.' ).waitFor();
	const saved = await rest( page, '/settings' );
	assert.ok(
		saved.trusted_proxies.includes( '10.9.8.0/24' ) &&
			saved.trusted_proxies.includes( '173.245.48.0/20' )
	);
	assert.equal( saved.retention_days, 9 );
	assert.deepEqual( problems, [] );
	await page.context().close();
} );

for ( const width of WIDTHS ) {
	test( `"Settings saved." appears beside the button that saved, and is announced (${ width } px)`, async () => {
		const { page, problems } = await adminPage( width );
		const save = page.getByRole( 'button', { name: 'Save settings' } );
		await save.click();
		const notice = settingsForm( page )
			.locator( '.components-notice' )
			.filter( { hasText: 'Settings saved.' } );
		await notice.waitFor();
		const button = await save.boundingBox();
		const box = await notice.boundingBox();
		const distance = Math.max(
			box.y - ( button.y + button.height ),
			button.y - ( box.y + box.height )
		);
		assert.ok(
			distance < 48,
			`the notice is ${ distance } px from the button`
		);
		// Core's live region speaks it to screen readers.
		await page
			.locator( '#a11y-speak-polite' )
			.getByText( 'Settings saved.' )
			.waitFor( { state: 'attached' } );
		assert.deepEqual( problems, [] );
		await page.context().close();
	} );
}
