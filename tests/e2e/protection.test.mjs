// The protection level, automatic escalation and the Dashboard widget's level and next step,
// against the real site (served by php -S: a server that reads no .htaccess and runs neither
// mod_php nor PHP-FPM, so the early gate comes from the must-use hook), at 1400 and 390 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import {
	assertFocusAround,
	baseUrl,
	fits,
	launch,
	openAt,
	postPingback,
	screenshot,
	wp,
} from './support.mjs';

const SITE = process.env.XS_E2E_SITE;
const WIDTHS = [ 1400, 390 ];
const LOADER = `${ SITE }/wp-content/mu-plugins/xmlrpc-shield-early-gate.php`;

let browser;

function open( path, width ) {
	return openAt( browser, path, width );
}

before( async () => {
	assert.ok( SITE, 'XS_E2E_SITE is set by tools/test-e2e.sh' );
	wp( 'xmlrpc-shield', 'autopilot', 'off' );
	wp( 'xmlrpc-shield', 'early-gate', 'remove' );
	wp( 'xmlrpc-shield', 'mode', 'block' );
	// A few refused requests, so the chart has bars to mark escalations on.
	for ( let i = 0; i < 3; i++ ) {
		assert.equal( ( await postPingback() ).status, 403 );
	}
	wp( 'xmlrpc-shield', 'ingest' );
	browser = await launch();
} );

after( async () => {
	wp( 'xmlrpc-shield', 'early-gate', 'remove' );
	await browser?.close();
} );

for ( const width of WIDTHS ) {
	test( `the protection level is at the top and names each layer (${ width } px)`, async () => {
		const { page, problems } = await open(
			'/wp-admin/tools.php?page=xmlrpc-shield',
			width
		);
		const level = page.getByTestId( 'protection-level' );
		await level.waitFor();
		assert.match(
			await level.innerText(),
			/^Basic: floods are refused while WordPress loads/
		);
		const section = page.locator( '.xmlrpc-shield-section', {
			has: level,
		} );
		// The first section of the page after the status line.
		assert.equal(
			await page
				.locator( '.xmlrpc-shield-section__title' )
				.first()
				.innerText(),
			'Protection level'
		);
		for ( const id of [
			'plugin-load',
			'early-gate',
			'server-rule',
			'firewall',
		] ) {
			await section.getByTestId( `layer-${ id }` ).waitFor();
		}
		const early = await section
			.getByTestId( 'layer-early-gate' )
			.innerText();
		assert.match( early, /before WordPress loads/ );
		assert.match(
			early,
			/wp-content\/xmlrpc-shield-early-gate\.php, started by a must-use hook/
		);
		assert.match(
			await section.getByTestId( 'next-step' ).innerText(),
			/Install the early gate/
		);
		// This server reads no .htaccess: no button anywhere offers to write it.
		await page.getByTestId( 'apache-state' ).waitFor();
		assert.equal(
			await page
				.getByRole( 'button', { name: 'Write to .htaccess' } )
				.count(),
			0
		);
		// Words, not the slug ("mu-plugins" in a file path is a path).
		assert.doesNotMatch(
			await page.locator( '#xmlrpc-shield-root' ).innerText(),
			/\bmu-plugin\b(?!s)/
		);
		await screenshot( page, `protection-level-${ width }` );
		assert.ok(
			await fits( section, width ),
			`the section fits ${ width } px`
		);
		assert.deepEqual( problems, [] );
		await page.context().close();
	} );
}

test( 'the next step installs the early gate; removing it asks first', async () => {
	const { page, problems } = await open(
		'/wp-admin/tools.php?page=xmlrpc-shield',
		1400
	);
	const section = page.locator( '.xmlrpc-shield-section', {
		has: page.getByTestId( 'protection-level' ),
	} );
	await section
		.getByRole( 'button', { name: 'Install the early gate' } )
		.click();
	await section
		.getByText( 'Installed and verified with a test request.' )
		.waitFor();
	await page
		.getByTestId( 'protection-level' )
		.getByText( /^Strong: floods are refused before WordPress loads/ )
		.waitFor();
	// The step's button is gone with the step: the focus is on its notice, not on <body>.
	await assertFocusAround(
		section.locator( '.components-notice', {
			hasText: 'Installed and verified',
		} ),
		'the "Installed" notice'
	);
	assert.ok( existsSync( LOADER ), 'the must-use hook is on disk' );
	const early = section.getByTestId( 'layer-early-gate' );
	assert.match( await early.innerText(), /Active/ );
	await early.getByText( /Files it wrote/ ).click();
	await early
		.getByText( 'wp-content/xmlrpc-shield-early-gate.php', { exact: true } )
		.waitFor();

	await early
		.getByRole( 'button', { name: 'Remove the early gate…' } )
		.click();
	const dialog = page.getByRole( 'dialog' );
	await dialog.waitFor();
	assert.ok(
		existsSync( LOADER ),
		'nothing is removed before the confirmation'
	);
	await dialog
		.getByRole( 'button', { name: 'Remove the early gate' } )
		.click();
	await page
		.getByTestId( 'protection-level' )
		.getByText( /^Basic:/ )
		.waitFor();
	assert.ok( ! existsSync( LOADER ), 'the must-use hook is gone' );
	// The button went with the layer's state: its result stays, and takes the focus.
	const removed = section
		.getByTestId( 'next-step' )
		.locator( '.components-notice', { hasText: 'Early gate removed.' } );
	await removed.waitFor();
	await assertFocusAround( removed, 'the removal notice' );
	assert.deepEqual( problems, [] );
	await page.context().close();
} );

for ( const width of WIDTHS ) {
	test( `the Dashboard widget shows the level, the next step and outcomes by name (${ width } px)`, async () => {
		const { page, problems } = await open( '/wp-admin/index.php', width );
		const widget = page.locator( '#xmlrpc-shield-widget-root' );
		const protection = widget.getByTestId( 'widget-protection' );
		await protection.waitFor();
		assert.match(
			await protection.innerText(),
			/Basic: floods are refused while WordPress loads/
		);
		assert.match(
			await widget.getByTestId( 'widget-next-step' ).innerText(),
			/Next step: Install the early gate/
		);
		assert.equal(
			await widget
				.getByRole( 'link', { name: 'Take it' } )
				.getAttribute( 'href' ),
			`${ baseUrl }/wp-admin/tools.php?page=xmlrpc-shield#xmlrpc-shield-protection-title`
		);
		assert.match(
			await widget.getByTestId( 'widget-outcomes' ).innerText(),
			/^Allowed: [\d,]+ · Logged \(monitor\): [\d,]+$/
		);
		assert.ok(
			await fits( widget, width ),
			`the widget fits ${ width } px`
		);
		await screenshot( page, `dashboard-widget-${ width }` );
		assert.deepEqual( problems, [] );
		await page.context().close();
	} );
}

for ( const width of WIDTHS ) {
	test( `automatic escalation: turned on with Apply, it installs and says what, when, why and which files; the undo asks first (${ width } px)`, async () => {
		wp( 'xmlrpc-shield', 'autopilot', 'off' );
		const { page, problems } = await open(
			'/wp-admin/tools.php?page=xmlrpc-shield',
			width
		);
		const panel = page.locator( '.xmlrpc-shield-section', {
			has: page.locator( '#xmlrpc-shield-autopilot-title' ),
		} );
		await panel
			.getByTestId( 'autopilot-state' )
			.getByText( 'Off: the plugin never installs anything by itself.' )
			.waitFor();
		const toggle = panel.getByRole( 'checkbox', {
			name: 'Install the early gate by itself when this server needs it',
		} );
		await toggle.check();
		assert.match(
			wp( 'xmlrpc-shield', 'autopilot', 'status', '--format=json' ),
			/"enabled":false/,
			'nothing changes before Apply'
		);
		await panel.getByRole( 'button', { name: 'Apply' } ).click();
		await panel.getByText( /^Autopilot is on/ ).waitFor();
		assert.match(
			wp( 'xmlrpc-shield', 'autopilot', 'status', '--format=json' ),
			/"enabled":true/
		);

		// The install runs from WP-Cron in the web server: drive WP-Cron with real requests until
		// the autopilot says it installed, polling once a second for at most two minutes (a cron
		// lock left by an earlier page's spawn holds WP-Cron for up to 60 s).
		const state = () =>
			JSON.parse(
				wp( 'xmlrpc-shield', 'autopilot', 'status', '--format=json' )
			).state;
		for (
			const deadline = Date.now() + 120000;
			'installed' !== state() && Date.now() < deadline;

		) {
			await fetch(
				`${ baseUrl }/wp-cron.php?doing_wp_cron=${ Date.now() / 1000 }`
			);
			await new Promise( ( resolve ) => setTimeout( resolve, 1000 ) );
		}
		assert.equal( state(), 'installed' );
		await page.reload();
		const install = panel.getByTestId( 'autopilot-install' );
		await install.waitFor();
		const text = await install.innerText();
		assert.match( text, /Early gate installed, by a must-use hook/ );
		assert.doesNotMatch(
			text,
			/\bmu-plugin\b(?!s)/,
			'the hook is named in words'
		);
		assert.match( text, /wp-content\/xmlrpc-shield-early-gate\.php/ );
		assert.match( text, /wp xmlrpc-shield early-gate remove/ );
		assert.ok( existsSync( LOADER ) );
		await page
			.getByTestId( 'protection-level' )
			.getByText( /^Strong:/ )
			.waitFor();
		// The protection level says the same, and the chart marks it (with its text alternative).
		assert.match(
			await page.getByTestId( 'protection-autopilot' ).innerText(),
			/^Automatic escalation: Early gate (installed|verified) on /
		);
		await page
			.getByTestId( 'chart-escalations' )
			.getByText( /Early gate installed/ )
			.first()
			.waitFor();
		await screenshot( page, `autopilot-installed-${ width }` );
		assert.ok( await fits( panel, width ), `the panel fits ${ width } px` );

		await install
			.getByRole( 'button', { name: 'Remove the early gate…' } )
			.click();
		await page
			.getByRole( 'dialog' )
			.getByRole( 'button', { name: 'Remove the early gate' } )
			.click();
		await panel
			.getByTestId( 'autopilot-state' )
			.getByText( /You removed what it installed/ )
			.waitFor();
		assert.ok( ! existsSync( LOADER ) );
		const removed = panel.locator( '.components-notice', {
			hasText: 'Early gate removed.',
		} );
		await removed.waitFor();
		await assertFocusAround( removed, 'the removal notice' );
		assert.match(
			await panel
				.getByTestId( 'autopilot-events' )
				.locator( 'tr' )
				.first()
				.innerText(),
			/Removed by you/
		);
		wp( 'xmlrpc-shield', 'autopilot', 'off' );
		assert.deepEqual( problems, [] );
		await page.context().close();
	} );
}
