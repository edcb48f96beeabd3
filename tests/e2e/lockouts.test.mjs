// Failed XML-RPC logins and the lockout list against the real site: password guesses sent as
// another client (through the trusted loopback proxy) lock it out; the page lists it and its
// "Release" button lets the next request through.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	assertFocusAround,
	baseUrl,
	launch,
	newPage,
	login,
	screenshot,
} from './support.mjs';

const GUESSER = '198.51.100.23';

let browser;
let settingsBefore;

/**
 * Calls the plugin's REST API from a logged-in wp-admin page (real cookie + nonce).
 *
 * @param {import('playwright-core').Page} page
 * @param {string}                         path
 * @param {string}                         method
 * @param {Object}                         data
 */
async function rest( page, path, method = 'GET', data ) {
	return page.evaluate(
		( [ p, m, d ] ) =>
			window.wp.apiFetch( { path: p, method: m, data: d } ),
		[ `/xmlrpc-shield/v1${ path }`, method, data ]
	);
}

/**
 * Calls wp.getUsersBlogs as the guessing client.
 *
 * @param {string} password
 */
function loginCall( password ) {
	const body =
		'<?xml version="1.0"?><methodCall><methodName>wp.getUsersBlogs</methodName><params>' +
		'<param><value><string>admin</string></value></param>' +
		`<param><value><string>${ password }</string></value></param></params></methodCall>`;
	return fetch( `${ baseUrl }/xmlrpc.php`, {
		method: 'POST',
		headers: { 'Content-Type': 'text/xml', 'X-Forwarded-For': GUESSER },
		body,
	} );
}

async function adminPage() {
	const { page, problems } = await newPage( browser );
	await login( page );
	await page.goto( `${ baseUrl }/wp-admin/tools.php?page=xmlrpc-shield` );
	await page.waitForSelector( '[data-testid="lockouts-summary"]' );
	return { page, problems };
}

before( async () => {
	browser = await launch();
	const { page } = await adminPage();
	settingsBefore = await rest( page, '/settings' );
	await rest( page, '/settings', 'POST', {
		trusted_proxies: [ '127.0.0.1/32', '::1/128' ],
		mode: 'pingback',
	} );
	await rest( page, '/lockouts/policy', 'POST', { threshold: 3 } );
	await page.context().close();
	for ( let i = 1; i <= 3; i++ ) {
		const answer = await loginCall( `guess-${ i }` );
		assert.equal( answer.status, 200 );
		assert.match( await answer.text(), /<int>403<\/int>/ );
	}
	assert.equal( ( await loginCall( 'password' ) ).status, 403, 'locked out' );
} );

after( async () => {
	const { page } = await adminPage();
	await rest( page, '/lockouts/policy', 'POST', { threshold: 10 } );
	await rest( page, '/settings', 'POST', {
		trusted_proxies: settingsBefore.trusted_proxies,
		mode: settingsBefore.mode,
	} );
	await page.context().close();
	await browser?.close();
} );

test( 'the lockout list shows the guessing client and Release lets it through', async () => {
	const { page, problems } = await adminPage();
	const section = page.getByRole( 'region', {
		name: 'Failed logins and lockouts',
	} );
	await section.getByText( '1 client is locked out now.' ).waitFor();
	const row = section.locator( 'tr', { hasText: GUESSER } );
	await row.getByText( /Locked out until/ ).waitFor();
	assert.equal(
		( await row.locator( 'td' ).nth( 1 ).innerText() ).trim(),
		'3'
	);
	await screenshot( page, 'admin-lockouts' );

	await row.getByRole( 'button', { name: 'Release' } ).click();
	await section
		.getByText(
			`Released ${ GUESSER }: its next request is decided as usual.`
		)
		.waitFor();
	await section.getByText( 'No failed XML-RPC logins on record.' ).waitFor();
	// The row and its button are gone: the focus is on the notice, not on <body>.
	await assertFocusAround(
		section.locator( '.components-notice', {
			hasText: `Released ${ GUESSER }`,
		} ),
		'the "Released" notice'
	);
	assert.deepEqual( ( await rest( page, '/lockouts' ) ).items, [] );
	const answer = await loginCall( 'password' );
	assert.equal( answer.status, 200 );
	assert.match( await answer.text(), /blogName/ );
	assert.deepEqual( problems, [] );
	await page.context().close();
} );
