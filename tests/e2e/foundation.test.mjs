// The ground every other e2e test stands on: WordPress answers, the plugin is active, its
// admin page renders with WordPress's own styles, and XML-RPC answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	baseUrl,
	launch,
	newPage,
	login,
	postPingback,
	screenshot,
} from './support.mjs';

let browser;
before( async () => {
	browser = await launch();
} );
after( async () => {
	await browser?.close();
} );

test( 'xmlrpc.php answers, and the default block mode refuses a pingback', async () => {
	const response = await postPingback();
	assert.equal( response.status, 403 );
	assert.equal( response.headers.get( 'x-xmlrpc-shield' ), 'plugin' );
	assert.equal(
		await response.text(),
		'XML-RPC is disabled on this site.\n'
	);
} );

test( 'the plugin is active on the Plugins screen', async () => {
	const { page, problems } = await newPage( browser );
	await login( page );
	await page.goto( `${ baseUrl }/wp-admin/plugins.php` );
	const row = page.locator(
		'tr[data-slug="xml-rpc-shield"], tr[data-plugin="xmlrpc-shield/plugin.php"]'
	);
	assert.equal( await row.count(), 1 );
	assert.match( ( await row.getAttribute( 'class' ) ) ?? '', /\bactive\b/ );
	assert.deepEqual( problems, [] );
	await page.context().close();
} );

test( 'the admin page renders inside wp-admin with core styles', async () => {
	const { page, problems } = await newPage( browser );
	await login( page );
	await page.goto( `${ baseUrl }/wp-admin/tools.php?page=xmlrpc-shield` );
	await page.waitForSelector( '#xmlrpc-shield-root' );
	assert.equal(
		await page.locator( 'h1' ).first().innerText(),
		'XML-RPC Shield'
	);
	// wp-admin's own stylesheet applied: the admin menu has its dark background.
	const menuBackground = await page
		.locator( '#adminmenuback' )
		.evaluate( ( node ) => getComputedStyle( node ).backgroundColor );
	assert.notEqual( menuBackground, 'rgba(0, 0, 0, 0)' );
	// React replaced the server-rendered "Loading…" placeholder.
	await page.waitForFunction(
		() =>
			! document
				.querySelector( '#xmlrpc-shield-root' )
				?.textContent?.includes( 'Loading…' ),
		null,
		{ timeout: 15000 }
	);
	await screenshot( page, 'admin-page' );
	assert.deepEqual( problems, [] );
	await page.context().close();
} );
