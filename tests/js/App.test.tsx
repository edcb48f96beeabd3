import {
	act,
	fireEvent,
	render,
	screen,
	waitFor,
	within,
} from '@testing-library/react';

import { App } from '../../src/admin/App';
import * as cidr from '../../src/common/cidr';
import { OUTCOMES } from '../../src/common/outcomes';
import type { ListName } from '../../src/api/types';
import { fakeApi, FORBIDDEN, sent } from './fakeApi';
import type { Recorded } from './fakeApi';
import allowlist from './fixtures/allowlist.json';
import autopilot from './fixtures/autopilot.json';
import crowdsec from './fixtures/crowdsec.json';
import denylist from './fixtures/denylist.json';
import errorCidr from './fixtures/error-cidr.json';
import errorRules from './fixtures/error-rules.json';
import errorSetting from './fixtures/error-setting.json';
import exportNft from './fixtures/export-nft.json';
import hits from './fixtures/hits.json';
import lockouts from './fixtures/lockouts.json';
import logIngest from './fixtures/log-ingest.json';
import rules from './fixtures/rules.json';
import settings from './fixtures/settings.json';
import stats from './fixtures/stats-24h.json';
import status from './fixtures/status.json';
import top from './fixtures/top-subnet.json';
import { clickAndSettle, shown } from './support';

const emptyStats = {
	...stats,
	series: stats.series.map( ( point ) => ( {
		...point,
		blocked: 0,
		allowed: 0,
		logged: 0,
		login_fail: 0,
	} ) ),
	totals: { blocked: 0, allowed: 0, logged: 0, login_fail: 0, all: 0 },
	methods: [],
};

function routes( overrides: Record< string, unknown > = {} ) {
	return fakeApi( {
		'GET /status': status,
		'GET /stats': stats,
		'GET /top': top,
		'GET /allowlist': allowlist,
		'GET /denylist': denylist,
		'GET /settings': settings,
		'GET /rules': rules,
		'GET /hits': hits,
		'GET /autopilot': autopilot,
		'GET /crowdsec': crowdsec,
		'GET /lockouts': lockouts,
		...overrides,
	} );
}

/**
 * Queries inside one titled section (the allowlist and the denylist share their form's labels).
 *
 * @param name The section's title.
 */
const inSection = ( name: string ) =>
	within( screen.getByRole( 'region', { name } ) );

/**
 * Fakes adding to and removing from a list, answering with what was sent.
 *
 * @param name The list.
 */
const listEcho = ( name: ListName ) => ( {
	[ `POST /${ name }` ]: ( data: unknown ) => ( {
		...( data as object ),
		created: 1,
		note: '',
	} ),
	[ `DELETE /${ name }` ]: ( data: unknown ) => ( {
		deleted: true,
		entry: data,
	} ),
} );

/**
 * Checks that top offenders put 203.0.113.0/24 on a list, then undoes it from the notice.
 *
 * @param calls What fakeApi() recorded.
 * @param name  The list.
 */
async function addedFromOffendersThenUndone(
	calls: Recorded[],
	name: ListName
) {
	const path = `/xmlrpc-shield/v1/${ name }`;
	expect( sent( calls, 'POST' )[ 0 ] ).toEqual( {
		method: 'POST',
		path,
		data: {
			cidr: '203.0.113.0/24',
			label: 'From top offenders',
			source: 'offenders',
		},
	} );
	fireEvent.click( screen.getByRole( 'button', { name: 'Undo' } ) );
	expect(
		await shown( `Undone: 203.0.113.0/24 is off the ${ name }.` )
	).toBeInTheDocument();
	expect( sent( calls, 'DELETE' )[ 0 ] ).toEqual( {
		method: 'DELETE',
		path,
		data: { cidr: '203.0.113.0/24' },
	} );
}

/**
 * Types an address into the allowlist's form.
 *
 * @param value What to type.
 */
const typeIntoAllowlist = ( value: string ) =>
	fireEvent.change(
		inSection( 'Allowlist' ).getByLabelText( 'IP address or CIDR range' ),
		{ target: { value } }
	);

async function renderApp() {
	render( <App /> );
	await settled();
}

async function settled() {
	await screen.findByTestId( 'blocked-24h' );
	await screen.findByText( '203.0.113.0/24' );
	await screen.findByRole( 'button', { name: 'Save settings' } );
}

describe( 'Admin page', () => {
	it( 'shows the status, the chart, offenders and the allowlist from the API', async () => {
		routes();
		const { container } = render( <App /> );
		expect( screen.getByText( 'Loading status…' ) ).toBeInTheDocument();
		await settled();
		expect( screen.getByTestId( 'blocked-24h' ) ).toHaveTextContent(
			new Intl.NumberFormat().format( status.blocked_24h )
		);
		expect(
			screen.getByText(
				/blocked, .* allowed, .* logged, .* failed logins in this period/
			)
		).toBeInTheDocument();
		// recharts drew an SVG with one stacked bar layer per outcome, and a legend.
		await waitFor( () =>
			expect(
				container.querySelectorAll( '.recharts-bar' )
			).toHaveLength( OUTCOMES.length )
		);
		expect( screen.getByText( 'Logged (monitor)' ) ).toBeInTheDocument();
		expect( screen.getByText( 'Failed login' ) ).toBeInTheDocument();
		// Failed logins and lockouts: its own section.
		expect(
			await screen.findByTestId( 'lockouts-summary' )
		).toHaveTextContent( '1 client is locked out now.' );
		expect( screen.getByTestId( 'jetpack' ) ).toHaveTextContent(
			'Not connected'
		);
		expect( screen.getByText( '192.0.2.44/32' ) ).toBeInTheDocument();
		expect( screen.getByText( allowlist[ 0 ].label ) ).toBeInTheDocument();
	} );

	it( 'says when signed Jetpack requests pass', async () => {
		routes( {
			'GET /status': { ...status, jetpack: { connected: true } },
		} );
		render( <App /> );
		expect( await screen.findByTestId( 'jetpack' ) ).toHaveTextContent(
			'Signed requests pass (connected)'
		);
	} );

	it( 'shows empty states instead of blank boxes', async () => {
		routes( {
			'GET /stats': emptyStats,
			'GET /top': { ...top, items: [] },
			'GET /allowlist': [],
		} );
		render( <App /> );
		expect(
			await screen.findByText( /No XML-RPC requests in this period/ )
		).toBeInTheDocument();
		expect(
			await screen.findByText( 'No offenders in this period.' )
		).toBeInTheDocument();
		expect(
			await screen.findByText( 'The allowlist is empty.' )
		).toBeInTheDocument();
	} );

	it( 'asks for a new range when the range buttons are used', async () => {
		const calls = routes();
		await renderApp();
		fireEvent.click( screen.getByRole( 'button', { name: '7 days' } ) );
		await waitFor( () =>
			expect(
				calls.some(
					( call ) => call.path === '/xmlrpc-shield/v1/stats?range=7d'
				)
			).toBe( true )
		);
		expect(
			screen.getByRole( 'button', { name: '7 days' } )
		).toHaveAttribute( 'aria-pressed', 'true' );
	} );

	it( 'allowlists an offender only after a confirmation, refreshes, and can undo it', async () => {
		const calls = routes( listEcho( 'allowlist' ) );
		await renderApp();
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Allowlist 203.0.113.0/24' } )
		);
		// One click only asks: it would let the network through in every mode.
		expect(
			screen.getByText(
				'Let 203.0.113.0/24 reach XML-RPC in every mode, even Block?'
			)
		).toBeInTheDocument();
		expect( sent( calls, 'POST' ) ).toHaveLength( 0 );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Yes, allowlist' } )
		);
		expect(
			await shown( '203.0.113.0/24 is now allowlisted.' )
		).toBeInTheDocument();
		await addedFromOffendersThenUndone( calls, 'allowlist' );
		expect(
			calls.filter( ( call ) => call.path === '/xmlrpc-shield/v1/status' )
				.length
		).toBeGreaterThan( 1 );
	} );

	it( 'blocks an offender as the primary action, says so, and undoes it from the notice', async () => {
		const calls = routes( listEcho( 'denylist' ) );
		await renderApp();
		const block = screen.getByRole( 'button', {
			name: 'Block 203.0.113.0/24',
		} );
		expect( block ).toHaveClass( 'is-primary' );
		expect(
			screen.getByRole( 'button', { name: 'Allowlist 203.0.113.0/24' } )
		).not.toHaveClass( 'is-primary' );
		fireEvent.click( block );
		expect(
			await shown(
				'203.0.113.0/24 is now on the denylist: refused in every mode but Off.'
			)
		).toBeInTheDocument();
		await addedFromOffendersThenUndone( calls, 'denylist' );
	} );

	it( 'marks this server, loopback and private rows and offers them no Block and no firewall rule', async () => {
		routes( {
			'GET /top': {
				...top,
				items: [
					...top.items,
					{
						...top.items[ 0 ],
						key: '127.0.0.0/24',
						reserved: 'loopback',
					},
					{
						...top.items[ 0 ],
						key: '10.1.2.0/24',
						reserved: 'private',
					},
					{ ...top.items[ 1 ], key: '45.33.32.0/24', denied: true },
				],
			},
		} );
		await renderApp();
		// The captured fixture: 192.0.2.0/24 holds the capturing server's own address.
		expect( top.items[ 3 ] ).toMatchObject( {
			key: '192.0.2.0/24',
			reserved: 'this-server',
		} );
		for ( const [ key, label ] of [
			[ '192.0.2.0/24', 'This server' ],
			[ '127.0.0.0/24', 'Loopback' ],
			[ '10.1.2.0/24', 'Private network' ],
		] ) {
			const row = screen.getByText( key ).closest( 'tr' ) as HTMLElement;
			expect( within( row ).getByText( label ) ).toBeInTheDocument();
			expect( within( row ).queryByRole( 'button' ) ).toBeNull();
			expect( within( row ).queryByText( /iptables/ ) ).toBeNull();
		}
		const denied = screen
			.getByText( '45.33.32.0/24' )
			.closest( 'tr' ) as HTMLElement;
		expect( within( denied ).getByText( 'Denied' ) ).toBeInTheDocument();
		expect(
			within( denied ).queryByRole( 'button', { name: /^Block/ } )
		).toBeNull();
		// A public network keeps every action.
		expect(
			screen.getByRole( 'button', {
				name: 'Copy firewall rule for 203.0.113.0/24',
			} )
		).toBeInTheDocument();
	} );

	it( 'edits the denylist with the allowlist’s editor and shows what the server says', async () => {
		const calls = routes( {
			'POST /denylist': ( data: unknown ) => ( {
				...( data as object ),
				cidr: '93.184.216.34/32',
				created: 1,
				source: 'manual',
				note: '93.184.216.34/32 is also inside the allowlisted 93.184.216.0/24; the denylist wins, so it is refused.',
			} ),
			'DELETE /denylist': { deleted: true, entry: denylist[ 0 ] },
		} );
		await renderApp();
		const section = inSection( 'Denylist' );
		expect( section.getByText( denylist[ 0 ].cidr ) ).toBeInTheDocument();
		expect( section.getByText( 'From top offenders' ) ).toBeInTheDocument();
		const field = section.getByLabelText( 'IP address or CIDR range' );
		fireEvent.change( field, { target: { value: '10.0.0.0/33' } } );
		expect( field ).toHaveAttribute( 'aria-invalid', 'true' );
		fireEvent.change( field, { target: { value: '93.184.216.34' } } );
		fireEvent.click(
			section.getByRole( 'button', { name: 'Add to denylist' } )
		);
		expect(
			await shown(
				'Added 93.184.216.34/32 to the denylist. 93.184.216.34/32 is also inside the allowlisted 93.184.216.0/24; the denylist wins, so it is refused.'
			)
		).toBeInTheDocument();
		expect( sent( calls, 'POST' )[ 0 ]?.path ).toBe(
			'/xmlrpc-shield/v1/denylist'
		);
		fireEvent.click(
			section.getByRole( 'button', {
				name: `Remove ${ denylist[ 0 ].cidr }`,
			} )
		);
		fireEvent.click(
			section.getByRole( 'button', { name: 'Yes, remove' } )
		);
		expect(
			await shown( `Removed ${ denylist[ 0 ].cidr } from the denylist.` )
		).toBeInTheDocument();
	} );

	it( 'says an address is already covered, and why "Add this server" added nothing', async () => {
		const covered = {
			code: 'xmlrpc_shield_covered',
			message:
				'192.0.2.45/32 is already covered by 192.0.2.44/32 on the allowlist: nothing to add.',
			data: { status: 409, covered_by: '192.0.2.44/32' },
		};
		const noServer = {
			code: 'xmlrpc_shield_no_server_address',
			message:
				"Nothing was added: this server shows only loopback or link-local addresses here (127.0.0.1, ::1). A proxy on the same host connects from those too, so allowlisting them would let every client behind it through. Instead, add by hand the public address this site reaches itself from (your host's control panel shows it); if a proxy or CDN stands in front of the site, add it under Trusted proxies so the gate sees the real clients.",
			data: { status: 400 },
		};
		routes( {
			'POST /allowlist': covered,
			'POST /allowlist/presets': noServer,
		} );
		await renderApp();
		const section = inSection( 'Allowlist' );
		fireEvent.change(
			section.getByLabelText( 'IP address or CIDR range' ),
			{ target: { value: '192.0.2.45' } }
		);
		fireEvent.click(
			section.getByRole( 'button', { name: 'Add to allowlist' } )
		);
		expect( await shown( covered.message ) ).toBeInTheDocument();
		fireEvent.click(
			section.getByRole( 'button', { name: 'Add this server' } )
		);
		expect( await shown( noServer.message ) ).toBeInTheDocument();
	} );

	it( 'copies a firewall rule for the offender subnet', async () => {
		routes();
		const writeText = jest.fn().mockResolvedValue( undefined );
		Object.assign( window.navigator, { clipboard: { writeText } } );
		Object.defineProperty( window, 'isSecureContext', {
			configurable: true,
			value: true,
		} );
		await renderApp();
		fireEvent.click(
			screen.getByRole( 'button', {
				name: 'Copy firewall rule for 2001:db8:ab::/64',
			} )
		);
		const rule =
			'ip6tables -I INPUT -s 2001:db8:ab::/64 -p tcp -m multiport --dports 80,443 -j DROP';
		expect( await screen.findByText( rule ) ).toBeInTheDocument();
		expect( writeText ).toHaveBeenCalledWith( rule );
		expect(
			screen.getByText( 'Firewall rule copied:' )
		).toBeInTheDocument();
	} );

	it( 'checks a CIDR inline and sends nothing while it is invalid', async () => {
		const calls = routes();
		await renderApp();
		const field = inSection( 'Allowlist' ).getByLabelText(
			'IP address or CIDR range'
		);
		fireEvent.change( field, { target: { value: '10.0.0.0/33' } } );
		expect(
			screen.getByText( /prefix length must be a number from 0 to 32/ )
		).toBeInTheDocument();
		expect( field ).toHaveAttribute( 'aria-invalid', 'true' );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Add to allowlist' } )
		);
		expect( sent( calls, 'POST' ) ).toHaveLength( 0 );
	} );

	it( 'shows the server reason when it refuses an entry', async () => {
		routes( { 'POST /allowlist': errorCidr } );
		await renderApp();
		typeIntoAllowlist( '10.0.0.0/32' );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Add to allowlist' } )
		);
		expect( await shown( errorCidr.message ) ).toBeInTheDocument();
	} );

	it( 'adds an entry with its label', async () => {
		const calls = routes( {
			'POST /allowlist': ( data: unknown ) => ( {
				...( data as object ),
				cidr: '198.51.100.0/24',
				created: 1,
				source: 'manual',
			} ),
		} );
		await renderApp();
		typeIntoAllowlist( ' 198.51.100.0/24 ' );
		fireEvent.change(
			inSection( 'Allowlist' ).getByLabelText( 'Label (optional)' ),
			{
				target: { value: 'Office' },
			}
		);
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Add to allowlist' } )
		);
		expect(
			await shown( 'Added 198.51.100.0/24 to the allowlist.' )
		).toBeInTheDocument();
		expect( sent( calls, 'POST' )[ 0 ]?.data ).toEqual( {
			cidr: '198.51.100.0/24',
			label: 'Office',
		} );
		expect(
			inSection( 'Allowlist' ).getByLabelText(
				'IP address or CIDR range'
			)
		).toHaveValue( '' );
	} );

	it( 'removes an entry only after confirmation', async () => {
		const calls = routes( {
			'DELETE /allowlist': { deleted: true, entry: allowlist[ 0 ] },
		} );
		await renderApp();
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Remove 192.0.2.44/32' } )
		);
		expect( sent( calls, 'DELETE' ) ).toHaveLength( 0 );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Yes, remove' } )
		);
		expect(
			await shown( 'Removed 192.0.2.44/32 from the allowlist.' )
		).toBeInTheDocument();
		expect( sent( calls, 'DELETE' )[ 0 ]?.data ).toEqual( {
			cidr: '192.0.2.44/32',
		} );
	} );

	it( 'has one mode control, and choosing a mode saves nothing until Apply', async () => {
		const calls = routes( {
			'GET /status': { ...status, mode: 'monitor' },
			'POST /settings': ( data: unknown ) => ( {
				...settings,
				...( data as object ),
			} ),
		} );
		await renderApp();
		// No Mode select left in the header or in Settings: one control, the radio cards.
		expect( screen.queryByRole( 'combobox', { name: 'Mode' } ) ).toBeNull();
		const cards = screen.getByRole( 'group', { name: 'Mode' } );
		expect(
			within( cards ).getByRole( 'radio', { name: 'Monitor only' } )
		).toBeChecked();
		expect(
			within( cards ).getByText(
				'Nothing is blocked; every XML-RPC request is logged.'
			)
		).toBeInTheDocument();
		const apply = screen.getByRole( 'button', { name: 'Apply mode' } );
		expect( apply ).toHaveAttribute( 'aria-disabled', 'true' );

		// Arrow keys and clicks only choose.
		const block = within( cards ).getByRole( 'radio', { name: 'Block' } );
		fireEvent.keyDown( block, { key: 'ArrowUp' } );
		fireEvent.click( block );
		expect( block ).toBeChecked();
		expect( screen.getByTestId( 'mode-pending' ) ).toHaveTextContent(
			'Not applied yet: "Monitor only" is still in force.'
		);
		expect( sent( calls, 'POST' ) ).toHaveLength( 0 );

		// Raising protection needs no confirmation.
		await clickAndSettle( apply );
		expect( await shown( 'Mode changed to Block.' ) ).toBeInTheDocument();
		expect( sent( calls, 'POST' ) ).toEqual( [
			{
				method: 'POST',
				path: '/xmlrpc-shield/v1/settings',
				data: { mode: 'block' },
			},
		] );
		// The keyboard stays on the control, not on <body>.
		expect( block.ownerDocument.activeElement ).toBe( block );
	} );

	it( 'asks before lowering protection, and Cancel saves nothing', async () => {
		const calls = routes( {
			'POST /settings': ( data: unknown ) => ( {
				...settings,
				...( data as object ),
			} ),
		} );
		await renderApp();
		const cards = screen.getByRole( 'group', { name: 'Mode' } );
		fireEvent.click(
			within( cards ).getByRole( 'radio', {
				name: 'Pingback protection',
			} )
		);
		fireEvent.click( screen.getByRole( 'button', { name: 'Apply mode' } ) );
		const dialog = await screen.findByRole( 'dialog' );
		expect( dialog ).toHaveTextContent(
			'This lowers protection, from "Block" to "Pingback protection".'
		);
		fireEvent.click(
			within( dialog ).getByRole( 'button', { name: 'Cancel' } )
		);
		await waitFor( () =>
			expect( screen.queryByRole( 'dialog' ) ).toBeNull()
		);
		expect( sent( calls, 'POST' ) ).toHaveLength( 0 );

		fireEvent.click( screen.getByRole( 'button', { name: 'Apply mode' } ) );
		await clickAndSettle(
			within( await screen.findByRole( 'dialog' ) ).getByRole( 'button', {
				name: 'Switch to Pingback protection',
			} )
		);
		expect(
			await shown( 'Mode changed to Pingback protection.' )
		).toBeInTheDocument();
		expect( sent( calls, 'POST' ) ).toEqual( [
			{
				method: 'POST',
				path: '/xmlrpc-shield/v1/settings',
				data: { mode: 'pingback' },
			},
		] );
	} );

	it( 'keeps unsaved settings when another section refreshes the page', async () => {
		const calls = routes( {
			// A new answer object on each load, as over the network.
			'GET /settings': () => ( { ...settings } ),
			'POST /allowlist': ( data: unknown ) => ( {
				...( data as object ),
				created: 1,
				source: 'manual',
			} ),
		} );
		await renderApp();
		const form = document.querySelector(
			'.xmlrpc-shield-settings'
		) as HTMLElement;
		const days = within( form ).getByLabelText( 'Keep the log for (days)' );
		fireEvent.change( days, { target: { value: '7' } } );
		const settingsLoads = () =>
			calls.filter(
				( call ) => call.path === '/xmlrpc-shield/v1/settings'
			).length;
		expect( settingsLoads() ).toBe( 1 );
		// Allowlisting an offender refreshes every section, Settings included.
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Allowlist 203.0.113.0/24' } )
		);
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Yes, allowlist' } )
		);
		await shown( '203.0.113.0/24 is now allowlisted.' );
		await waitFor( () => expect( settingsLoads() ).toBe( 2 ) );
		await act( async () => {} );
		expect(
			within( form ).getByLabelText( 'Keep the log for (days)' )
		).toHaveValue( 7 );
	} );

	it( 'keeps a fault inside its section, with Try again', async () => {
		routes();
		const quiet = jest
			.spyOn( console, 'error' )
			.mockImplementation( () => {} );
		const explode = jest
			.spyOn( cidr, 'cidrError' )
			.mockImplementation( () => {
				throw new Error( 'CIDR check exploded' );
			} );
		render( <App /> );
		// The allowlist's field checks every keystroke; make it throw while rendering.
		await screen.findByText( '192.0.2.44/32' );
		typeIntoAllowlist( '10.0.0.1' );
		expect(
			await screen.findByText(
				'The section "Allowlist" stopped working.'
			)
		).toBeInTheDocument();
		expect( screen.getByText( 'CIDR check exploded' ) ).toBeInTheDocument();
		// Every other section is still there.
		expect( screen.getByTestId( 'blocked-24h' ) ).toBeInTheDocument();
		expect( screen.getByText( '203.0.113.0/24' ) ).toBeInTheDocument();
		expect(
			screen.getByRole( 'button', { name: 'Save settings' } )
		).toBeInTheDocument();
		explode.mockRestore();
		quiet.mockRestore();
		fireEvent.click( screen.getByRole( 'button', { name: 'Try again' } ) );
		expect(
			await within(
				await screen.findByRole( 'region', { name: 'Allowlist' } )
			).findByLabelText( 'IP address or CIDR range' )
		).toBeInTheDocument();
		expect(
			screen.queryByText( 'The section "Allowlist" stopped working.' )
		).toBeNull();
	} );

	it( 'saves settings and reports a refused value without losing the form', async () => {
		let refuse = true;
		routes( {
			'POST /settings': ( data: unknown ) =>
				refuse ? errorSetting : { ...settings, ...( data as object ) },
		} );
		await renderApp();
		const form = document.querySelector(
			'.xmlrpc-shield-settings'
		) as HTMLElement;
		fireEvent.change(
			within( form ).getByLabelText( 'Keep the log for (days)' ),
			{ target: { value: '-1' } }
		);
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Save settings' } )
		);
		expect(
			await shown( errorSetting.data.params.retention_days )
		).toBeInTheDocument();
		expect(
			within( form ).getByLabelText( 'Keep the log for (days)' )
		).toHaveValue( -1 );
		refuse = false;
		fireEvent.change(
			within( form ).getByLabelText( 'Keep the log for (days)' ),
			{ target: { value: '14' } }
		);
		await clickAndSettle(
			screen.getByRole( 'button', { name: 'Save settings' } )
		);
		expect( await shown( 'Settings saved.' ) ).toBeInTheDocument();
	} );

	it( 'refuses to save an invalid trusted proxy', async () => {
		const calls = routes();
		await renderApp();
		fireEvent.change(
			screen.getByLabelText( 'Trusted proxies (one range per line)' ),
			{ target: { value: '173.245.48.0/20\nnot-an-ip' } }
		);
		expect(
			screen.getByText(
				/not-an-ip: "not-an-ip" is not an IPv4 or IPv6 address/
			)
		).toBeInTheDocument();
		// Save stays usable and answers why (FieldErrors.test.tsx); it sends nothing.
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Save settings' } )
		);
		expect(
			await shown( 'Nothing was saved: fix the trusted proxies first.' )
		).toBeInTheDocument();
		expect( sent( calls, 'POST' ) ).toHaveLength( 0 );
	} );

	it( "leaves the network administrator's controls out of a sub-site's page", async () => {
		const calls = routes( {
			'GET /status': { ...status, network_managed: true },
			'POST /settings': ( data: unknown ) => ( {
				...settings,
				...( data as object ),
			} ),
		} );
		await renderApp();
		expect(
			screen.getByText(
				'The network administrator manages the early gate, the server rules and the trusted proxies for every site of this network.'
			)
		).toBeInTheDocument();
		expect(
			screen.queryByRole( 'button', { name: 'Install' } )
		).not.toBeInTheDocument();
		expect(
			screen.queryByLabelText( 'Trusted proxies (one range per line)' )
		).not.toBeInTheDocument();
		expect(
			screen.queryByRole( 'button', { name: 'Add Cloudflare ranges' } )
		).not.toBeInTheDocument();
		expect( calls.some( ( call ) => call.path.includes( '/rules' ) ) ).toBe(
			false
		);
		await clickAndSettle(
			screen.getByRole( 'button', { name: 'Save settings' } )
		);
		expect( await shown( 'Settings saved.' ) ).toBeInTheDocument();
		const saved = sent( calls, 'POST' )[ 0 ]?.data as Record<
			string,
			unknown
		>;
		expect( saved.retention_days ).toBe( settings.retention_days );
		expect( saved ).not.toHaveProperty( 'trusted_proxies' );
	} );

	it( 'refuses a trusted proxy range that covers everyone', async () => {
		const calls = routes();
		await renderApp();
		fireEvent.change(
			screen.getByLabelText( 'Trusted proxies (one range per line)' ),
			{ target: { value: '10.0.0.0/8\n0.0.0.0/0' } }
		);
		expect(
			screen.getByText( /0\.0\.0\.0\/0: This range covers every address/ )
		).toBeInTheDocument();
		expect(
			screen.getByLabelText( 'Trusted proxies (one range per line)' )
		).toHaveAttribute( 'aria-invalid', 'true' );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Save settings' } )
		);
		fireEvent.change(
			screen.getByLabelText( 'Trusted proxies (one range per line)' ),
			{ target: { value: '2000::/3' } }
		);
		expect( screen.getByText( /Too broad to trust/ ) ).toBeInTheDocument();
		expect( sent( calls, 'POST' ) ).toHaveLength( 0 );
	} );

	it( 'adds this server’s network only from its own, explained button', async () => {
		const calls = routes( {
			'POST /allowlist/presets': { added: 2, entries: allowlist },
		} );
		await renderApp();
		expect(
			screen.getByText( /may hold a proxy on the same host/ )
		).toBeInTheDocument();
		await clickAndSettle(
			screen.getByRole( 'button', { name: 'Add this server' } )
		);
		expect( await shown( 'Added 2 ranges.' ) ).toBeInTheDocument();
		await clickAndSettle(
			screen.getByRole( 'button', { name: 'Add this server’s network' } )
		);
		expect(
			calls
				.filter( ( call ) => call.method === 'POST' )
				.map( ( call ) => call.data )
		).toEqual( [ { preset: 'server' }, { preset: 'server-network' } ] );
	} );

	it( 'shows the header each saved proxy is believed for', async () => {
		routes( {
			'GET /settings': {
				...settings,
				trusted_proxies: [ '10.0.0.0/8', '173.245.48.0/20' ],
				proxy_headers: [
					{ cidr: '10.0.0.0/8', header: 'x-forwarded-for' },
					{ cidr: '173.245.48.0/20', header: 'cf-connecting-ip' },
				],
			},
		} );
		await renderApp();
		const list = screen.getByRole( 'list', {
			name: 'The header each saved proxy is believed for',
		} );
		expect( list ).toHaveTextContent(
			'10.0.0.0/8: X-Forwarded-For173.245.48.0/20: CF-Connecting-IP'
		);
	} );

	it( 'shows an error with a retry when a section cannot load', async () => {
		let fail = true;
		routes( {
			'GET /top': () => ( fail ? FORBIDDEN : top ),
		} );
		render( <App /> );
		expect( await shown( FORBIDDEN.message ) ).toBeInTheDocument();
		fail = false;
		fireEvent.click( screen.getByRole( 'button', { name: 'Try again' } ) );
		expect(
			await screen.findByText( '203.0.113.0/24' )
		).toBeInTheDocument();
	} );

	it( 'renders hostile labels as text', async () => {
		const payload = '<img src=x onerror="window.__xss=1">';
		routes( {
			'GET /allowlist': [ { ...allowlist[ 0 ], label: payload } ],
		} );
		const { container } = render( <App /> );
		expect( await screen.findByText( payload ) ).toBeInTheDocument();
		expect( container.querySelector( 'img' ) ).toBeNull();
	} );

	it( 'shows the nginx snippet and offers no .htaccess write where the server reads none', async () => {
		const calls = routes( { 'POST /rules/apache': errorRules } );
		await renderApp();
		expect(
			await screen.findByTestId( 'nginx-snippet' )
		).toHaveTextContent( 'location = /xmlrpc.php {' );
		expect( screen.getByTestId( 'apache-state' ) ).toHaveTextContent(
			'does not read .htaccess'
		);
		// The write would answer 400 here (errorRules): it is not offered at all.
		expect( rules.apache.supported ).toBe( false );
		expect(
			screen.queryByRole( 'button', { name: 'Write to .htaccess' } )
		).toBeNull();
		expect(
			calls.some( ( call ) => call.path.includes( '/rules/apache' ) )
		).toBe( false );
	} );

	it( 'shows the protection level at the top and the automatic escalation panel', async () => {
		routes( {
			'GET /status': {
				...status,
				autopilot: {
					enabled: true,
					state: 'installed',
					layer: 'htaccess',
				},
			},
		} );
		await renderApp();
		const level = screen.getByTestId( 'protection-level' );
		expect( level ).toHaveTextContent( status.protection.level_label );
		// Above every other section but the status line.
		const titles = screen
			.getAllByRole( 'heading', { level: 2 } )
			.map( ( heading ) => heading.textContent );
		expect( titles.slice( 0, 2 ) ).toEqual( [
			'Protection level',
			'Automatic escalation',
		] );
		expect(
			await screen.findByTestId( 'autopilot-install' )
		).toHaveTextContent( 'Early gate installed' );
	} );

	it( "does not ask a sub-site for the network's automatic escalation", async () => {
		const calls = routes( {
			'GET /status': {
				...status,
				network_managed: true,
				autopilot: {
					enabled: true,
					state: 'installed',
					layer: 'htaccess',
				},
			},
		} );
		await renderApp();
		expect( screen.getByTestId( 'protection-level' ) ).toBeInTheDocument();
		expect(
			screen.queryByRole( 'heading', { name: 'Automatic escalation' } )
		).toBeNull();
		expect(
			calls.some( ( call ) => call.path.includes( '/autopilot' ) )
		).toBe( false );
	} );

	it( 'builds a blocklist in the chosen format and offers it to copy and download', async () => {
		const calls = routes( { 'GET /export': exportNft } );
		await renderApp();
		fireEvent.change( screen.getByLabelText( 'Format' ), {
			target: { value: 'nftables' },
		} );
		const period = screen
			.getAllByLabelText( 'Period' )
			.find( ( element ) =>
				element.closest( '.xmlrpc-shield-export__controls' )
			) as HTMLElement;
		fireEvent.change( period, { target: { value: '7d' } } );
		fireEvent.change( screen.getByLabelText( 'Minimum blocked requests' ), {
			target: { value: '100' },
		} );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Build blocklist' } )
		);
		expect( await screen.findByLabelText( 'Blocklist' ) ).toHaveValue(
			exportNft.content
		);
		expect(
			calls.find( ( call ) =>
				call.path.startsWith( '/xmlrpc-shield/v1/export' )
			)?.path
		).toBe(
			'/xmlrpc-shield/v1/export?format=nftables&range=7d&threshold=100'
		);
		expect(
			screen.getByText( `${ exportNft.networks.length } networks.` )
		).toBeInTheDocument();
		expect(
			screen.getByRole( 'button', {
				name: `Download ${ exportNft.file_name }`,
			} )
		).toBeInTheDocument();
	} );

	it( 'lists recent requests with user agents as plain text, filtered by address', async () => {
		const hostile = '<script>window.__xss=1</script>';
		const calls = routes( {
			'GET /hits': [
				{ ...hits[ 0 ], user_agent: hostile },
				...hits.slice( 1 ),
			],
		} );
		const { container } = render( <App /> );
		await settled();
		const table = await screen.findByTestId( 'recent-hits' );
		expect( within( table ).getByText( hostile ) ).toBeInTheDocument();
		expect( container.querySelector( 'script' ) ).toBeNull();
		expect( within( table ).getAllByRole( 'row' ) ).toHaveLength(
			hits.length + 1
		);
		fireEvent.change( screen.getByLabelText( 'Only this IP address' ), {
			target: { value: '203.0.113.0/24' },
		} );
		expect(
			screen.getByText( 'Enter a single address, not a range.' )
		).toBeInTheDocument();
		fireEvent.change( screen.getByLabelText( 'Only this IP address' ), {
			target: { value: '203.0.113.10' },
		} );
		fireEvent.click( screen.getByRole( 'button', { name: 'Filter' } ) );
		await waitFor( () =>
			expect(
				calls.some(
					( call ) =>
						call.path ===
						'/xmlrpc-shield/v1/hits?page=1&per_page=10&ip=203.0.113.10'
				)
			).toBe( true )
		);
	} );

	it( 'updates the log only when asked, then reloads every section', async () => {
		const calls = routes( { 'POST /log/ingest': logIngest } );
		await renderApp();
		expect( calls.some( ( call ) => call.method === 'POST' ) ).toBe(
			false
		);
		const statsBefore = calls.filter( ( call ) =>
			call.path.startsWith( '/xmlrpc-shield/v1/stats' )
		).length;
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Update log now' } )
		);
		expect(
			await shown(
				`${ new Intl.NumberFormat().format(
					logIngest.hits
				) } new hits added to the log.`
			)
		).toBeInTheDocument();
		expect( sent( calls, 'POST' ) ).toEqual( [
			{
				method: 'POST',
				path: '/xmlrpc-shield/v1/log/ingest',
				data: undefined,
			},
		] );
		await waitFor( () =>
			expect(
				calls.filter( ( call ) =>
					call.path.startsWith( '/xmlrpc-shield/v1/stats' )
				).length
			).toBeGreaterThan( statsBefore )
		);
	} );

	it( 'says when hits are missing from the log', async () => {
		routes( {
			'GET /status': {
				...status,
				dropped_hits: 5120,
				dropped_last: 1764086400,
			},
		} );
		await renderApp();
		expect(
			await shown( /5,120 hits are missing from the log/ )
		).toBeInTheDocument();
	} );
} );
