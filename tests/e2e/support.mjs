// Shared helpers for the end-to-end tests: Debian's Chromium through playwright-core, a
// logged-in admin page, and real requests against the site under test.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const baseUrl = process.env.XS_E2E_URL ?? 'http://localhost:8889';

/**
 * Runs the real WP-CLI against the site under test (XS_E2E_SITE, set by tools/test-e2e.sh).
 *
 * @param {...string} args WP-CLI's arguments, e.g. 'xmlrpc-shield', 'ingest'.
 * @return {string} What it printed.
 */
export function wp( ...args ) {
	return execFileSync(
		'vendor/bin/wp',
		[ `--path=${ process.env.XS_E2E_SITE }`, '--allow-root', ...args ],
		{ encoding: 'utf8' }
	);
}
export const artifacts = join(
	dirname( fileURLToPath( import.meta.url ) ),
	'artifacts'
);
mkdirSync( artifacts, { recursive: true } );

const AXE_SOURCE = createRequire( import.meta.url ).resolve(
	'axe-core/axe.min.js'
);

const CHROMIUM = process.env.XS_CHROMIUM ?? '/usr/bin/chromium';

/** Starts headless Chromium with the flags this offline machine needs. */
export async function launch() {
	return chromium.launch( {
		executablePath: CHROMIUM,
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	} );
}

/**
 * True for a console warning that reports a defect: React's own warnings and the deprecation
 * notices of wp.deprecated() (e.g. a component prop our code passes or misses). Other warnings
 * (jQuery Migrate's, about scripts that are not ours) do not fail a test.
 *
 * @param {string} text
 */
export function isDefectWarning( text ) {
	return /^Warning: |is deprecated since version/.test( text );
}

/**
 * A new page that records console errors, React warnings, deprecation notices and failed
 * requests, so tests can assert none. test-e2e.sh turns on SCRIPT_DEBUG, so core loads React's
 * development build and its unminified packages, which print those warnings.
 *
 * @param {import('playwright-core').Browser} browser
 */
export async function newPage( browser ) {
	const context = await browser.newContext( {
		viewport: { width: 1280, height: 900 },
	} );
	const problems = [];
	// This machine is offline: core's pages reference a few internet hosts (emoji CDN, update
	// and news feeds). Answer those with an empty 204 so only this site's own failures count.
	const local = new URL( baseUrl ).host;
	await context.route(
		( url ) =>
			url.host !== local &&
			( url.protocol === 'http:' || url.protocol === 'https:' ),
		( route ) => route.fulfill( { status: 204, body: '' } )
	);
	const page = await context.newPage();
	page.on( 'response', ( response ) => {
		if ( response.status() >= 400 ) {
			problems.push( `http ${ response.status() }: ${ response.url() }` );
		}
	} );
	page.on( 'console', ( message ) => {
		if (
			message.type() === 'error' &&
			! message
				.text()
				.startsWith( 'Failed to load resource: the server responded' )
		) {
			// HTTP failures are recorded above with their URL.
			problems.push( `console: ${ message.text() }` );
		} else if (
			message.type() === 'warning' &&
			isDefectWarning( message.text() )
		) {
			problems.push( `console warning: ${ message.text() }` );
		}
	} );
	page.on( 'pageerror', ( error ) =>
		problems.push( `pageerror: ${ error.message }` )
	);
	return { page, problems };
}

/**
 * A logged-in page at a width, on one of our screens.
 *
 * @param {import('playwright-core').Browser} browser The browser.
 * @param {string}                            path    Path under the site, e.g. /wp-admin/index.php.
 * @param {number}                            width   Viewport width in px.
 */
export async function openAt( browser, path, width ) {
	const { page, problems } = await newPage( browser );
	await page.setViewportSize( { width, height: 900 } );
	await login( page );
	await page.goto( `${ baseUrl }${ path }` );
	return { page, problems };
}

/**
 * Whether an element lies within the viewport's width and does not scroll sideways.
 *
 * @param {import('playwright-core').Locator} locator The element.
 * @param {number}                            width   Viewport width in px.
 */
export async function fits( locator, width ) {
	const box = await locator.boundingBox();
	const overflow = await locator.evaluate(
		( element ) => element.scrollWidth - element.clientWidth
	);
	return box.x >= 0 && box.x + box.width <= width + 1 && overflow <= 1;
}

/**
 * Logs in through wp-login.php as the admin user the site builder creates.
 *
 * @param {import('playwright-core').Page} page
 * @param {string}                         user
 * @param {string}                         password
 */
export async function login( page, user = 'admin', password = 'password' ) {
	await page.goto( `${ baseUrl }/wp-login.php` );
	await page.fill( '#user_login', user );
	await page.fill( '#user_pass', password );
	await Promise.all( [
		page.waitForNavigation(),
		page.click( '#wp-submit' ),
	] );
}

/**
 * POSTs a pingback.ping to xmlrpc.php, optionally as another client through X-Forwarded-For
 * (the site trusts 127.0.0.1 as a proxy only when a test sets that up).
 *
 * @param {Record<string,string>} headers
 */
export async function postPingback( headers = {} ) {
	const body =
		'<?xml version="1.0"?><methodCall><methodName>pingback.ping</methodName><params>' +
		'<param><value><string>http://attacker.example/</string></value></param>' +
		`<param><value><string>${ baseUrl }/?p=1</string></value></param></params></methodCall>`;
	return fetch( `${ baseUrl }/xmlrpc.php`, {
		method: 'POST',
		headers: { 'Content-Type': 'text/xml', ...headers },
		body,
	} );
}

/**
 * Saves a full-page screenshot under tests/e2e/artifacts/.
 *
 * @param {import('playwright-core').Page} page
 * @param {string}                         name
 */
export async function screenshot( page, name ) {
	const file = join( artifacts, `${ name }.png` );
	await page.screenshot( { path: file, fullPage: true } );
	return file;
}

/** The containers our UI renders into: the admin page, the Dashboard widget. */
export const OUR_ROOTS = [
	'#xmlrpc-shield-root',
	'#xmlrpc-shield-widget-root',
];

/**
 * The dialogs our UI opens. @wordpress/components puts a Modal (ConfirmDialog) in a portal at
 * the end of <body>, outside our root, so an open one is checked as well; core's own screens
 * open no modal on our pages.
 */
const OUR_DIALOGS = '.components-modal__screen-overlay';

/**
 * Runs axe-core (the version in package.json, injected into the page) on our containers and
 * any open dialog, and returns its violations with the nodes they were found on. Core's own
 * markup around them (admin menu, toolbar, other Dashboard widgets) is not ours and is not
 * checked.
 *
 * @param {import('playwright-core').Page} page
 * @return {Promise<Array<{id: string, impact: string, help: string, nodes: string[]}>>} The violations.
 */
export async function axeViolations( page ) {
	if ( ! ( await page.evaluate( () => 'axe' in window ) ) ) {
		await page.addScriptTag( {
			content: readFileSync( AXE_SOURCE, 'utf8' ),
		} );
	}
	return page.evaluate(
		async ( [ roots, dialogs ] ) => {
			const include = [ ...roots, dialogs ]
				.filter( ( selector ) => document.querySelector( selector ) )
				.map( ( selector ) => [ selector ] );
			if ( include.length === 0 ) {
				throw new Error(
					`none of ${ roots.join( ', ' ) } is on this page`
				);
			}
			const result = await window.axe.run(
				{ include },
				{ resultTypes: [ 'violations' ] }
			);
			return result.violations.map( ( violation ) => ( {
				id: violation.id,
				impact: violation.impact,
				help: violation.help,
				nodes: violation.nodes.map(
					( node ) =>
						`${ node.target.join(
							' >>> '
						) }: ${ node.failureSummary?.replace( /\s+/g, ' ' ) }`
				),
			} ) );
		},
		[ OUR_ROOTS, OUR_DIALOGS ]
	);
}

/**
 * Fails with every axe-core violation in our containers, each with the nodes it was found on.
 *
 * @param {import('playwright-core').Page} page
 * @param {string}                         state What the page shows, for the failure message.
 */
export async function assertNoAxeViolations( page, state ) {
	const violations = await axeViolations( page );
	const width = page.viewportSize()?.width;
	assert.deepEqual(
		violations.map(
			( v ) =>
				`${ v.id } (${ v.impact }): ${ v.help }\n    ${ v.nodes.join(
					'\n    '
				) }`
		),
		[],
		`axe-core found violations in ${ state } at ${ width } px`
	);
}

/**
 * Calls the plugin's REST API from a logged-in wp-admin page (real cookie + nonce).
 *
 * @param {import('playwright-core').Page} page
 * @param {string}                         path   Under /xmlrpc-shield/v1.
 * @param {string}                         method
 * @param {Object}                         data
 */
export async function rest( page, path, method = 'GET', data ) {
	return page.evaluate(
		( [ p, m, d ] ) =>
			window.wp.apiFetch( { path: p, method: m, data: d } ),
		[ `/xmlrpc-shield/v1${ path }`, method, data ]
	);
}

/**
 * Asserts the focus is on a notice (or the element around it that took the focus for it).
 *
 * @param {import('playwright-core').Locator} notice
 * @param {string}                            what
 */
export async function assertFocusAround( notice, what ) {
	const has = await notice.evaluate( ( element ) => {
		const active = document.activeElement;
		return (
			active !== null &&
			active !== document.body &&
			( active.contains( element ) || element.contains( active ) )
		);
	} );
	assert.ok(
		has,
		`focus is on ${ what }, not on ${ await notice
			.page()
			.evaluate( () =>
				document.activeElement?.outerHTML.slice( 0, 120 )
			) }`
	);
}
