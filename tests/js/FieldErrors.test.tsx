/**
 * Settings, the allowlist and the firewall export on their own (no chart): what the server
 * refuses is shown at the field it names, an invalid trusted proxy is marked at its field and
 * Save says why it saved nothing, the Cloudflare preset goes into the unsaved draft, notices
 * sit beside the button that acted, and an empty blocklist offers nothing to download.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';

import { AllowlistEditor } from '../../src/admin/AllowlistEditor';
import { ServerRules } from '../../src/admin/ServerRules';
import { SettingsForm } from '../../src/admin/SettingsForm';
import { fakeApi, sent } from './fakeApi';
import allowlist from './fixtures/allowlist.json';
import errorSetting from './fixtures/error-setting.json';
import exportNft from './fixtures/export-nft.json';
import rules from './fixtures/rules.json';
import settings from './fixtures/settings.json';
import { clickAndSettle, onScreen } from './support';

/**
 * The text a control's aria-describedby points at.
 *
 * @param control A form control.
 */
function description( control: HTMLElement ): string {
	const ids = ( control.getAttribute( 'aria-describedby' ) ?? '' ).split(
		' '
	);
	return ids
		.map( ( id ) => document.getElementById( id )?.textContent ?? '' )
		.join( ' ' );
}

/** The notices on screen, by text. */
const notices = () =>
	Array.from( document.querySelectorAll( '.components-notice' ) ).map(
		( notice ) => notice.textContent ?? ''
	);

async function renderSettings() {
	render( <SettingsForm refreshKey={ 0 } onSaved={ () => {} } /> );
	return screen.findByRole( 'button', { name: 'Save settings' } );
}

describe( 'Settings form', () => {
	it( 'shows a refused value at its field, not in a notice', async () => {
		fakeApi( {
			'GET /settings': settings,
			'POST /settings': errorSetting,
		} );
		const save = await renderSettings();
		const days = screen.getByLabelText( 'Keep the log for (days)' );
		fireEvent.change( days, { target: { value: '400' } } );
		await clickAndSettle( save );
		const reason = errorSetting.data.params.retention_days;
		await waitFor( () =>
			expect( days ).toHaveAttribute( 'aria-invalid', 'true' )
		);
		expect( description( days ) ).toBe( reason );
		expect( notices().join( ' ' ) ).not.toContain( reason );
		// Editing the field takes the server's reason away.
		fireEvent.change( days, { target: { value: '40' } } );
		expect( days ).toHaveAttribute( 'aria-invalid', 'false' );
		expect( screen.queryByText( reason, onScreen ) ).toBeNull();
	} );

	it( 'marks an invalid trusted proxy at its field; Save stays usable and says why it saved nothing', async () => {
		const calls = fakeApi( { 'GET /settings': settings } );
		const save = await renderSettings();
		const field = screen.getByLabelText(
			'Trusted proxies (one range per line)'
		);
		fireEvent.change( field, {
			target: { value: '173.245.48.0/20\nnot-an-ip' },
		} );
		expect( field ).toHaveAttribute( 'aria-invalid', 'true' );
		expect( description( field ) ).toMatch(
			/^not-an-ip: "not-an-ip" is not an IPv4 or IPv6 address/
		);
		expect( save ).toBeEnabled();
		fireEvent.click( save );
		expect( field ).toHaveFocus();
		const why = await screen.findByText(
			'Nothing was saved: fix the trusted proxies first.',
			onScreen
		);
		// Beside Save, not at the top of the card.
		expect( why.closest( '.xmlrpc-shield-settings__action' ) ).toBe(
			save.closest( '.xmlrpc-shield-settings__action' )
		);
		expect( sent( calls, 'POST' ) ).toHaveLength( 0 );
	} );

	it( 'adds the Cloudflare ranges to the unsaved draft and keeps the rest of it', async () => {
		const calls = fakeApi( {
			'GET /settings': settings,
			'GET /settings/trusted-proxies/preset': {
				cidrs: [ '173.245.48.0/20', '2400:cb00::/32' ],
				source: 'cloudflare.com/ips-v4 and /ips-v6',
			},
			'POST /settings': ( data: unknown ) => ( {
				...settings,
				...( data as object ),
			} ),
		} );
		const save = await renderSettings();
		fireEvent.change( screen.getByLabelText( 'Keep the log for (days)' ), {
			target: { value: '9' },
		} );
		const field = screen.getByLabelText(
			'Trusted proxies (one range per line)'
		);
		fireEvent.change( field, {
			target: { value: '10.9.8.0/24\n173.245.48.0/20' },
		} );
		const add = screen.getByRole( 'button', {
			name: 'Add Cloudflare ranges',
		} );
		await clickAndSettle( add );
		const added = await screen.findByText(
			'Cloudflare’s 2 ranges are in the list below; Save settings to use them.',
			onScreen
		);
		expect( added.closest( '.xmlrpc-shield-settings__action' ) ).toBe(
			add.closest( '.xmlrpc-shield-settings__action' )
		);
		// Appended once each, after what was typed; nothing saved.
		expect( field ).toHaveValue(
			'10.9.8.0/24\n173.245.48.0/20\n2400:cb00::/32'
		);
		expect(
			screen.getByLabelText( 'Keep the log for (days)' )
		).toHaveValue( 9 );
		expect( sent( calls, 'POST' ) ).toHaveLength( 0 );

		await clickAndSettle( save );
		const saved = await screen.findByText( 'Settings saved.', onScreen );
		expect( saved.closest( '.xmlrpc-shield-settings__action' ) ).toBe(
			save.closest( '.xmlrpc-shield-settings__action' )
		);
		expect( sent( calls, 'POST' )[ 0 ].data ).toMatchObject( {
			retention_days: 9,
			trusted_proxies: [
				'10.9.8.0/24',
				'173.245.48.0/20',
				'2400:cb00::/32',
			],
		} );
	} );
} );

describe( 'Allowlist', () => {
	it( 'shows "already covered" at the address field', async () => {
		// The shape Allowlist::add() answers (RestApiTest checks params.cidr is the sentence).
		const message =
			'192.0.2.45/32 is already covered by 192.0.2.44/32 on the allowlist: nothing to add.';
		fakeApi( {
			'GET /allowlist': allowlist,
			'POST /allowlist': {
				code: 'xmlrpc_shield_covered',
				message,
				data: {
					status: 409,
					covered_by: '192.0.2.44/32',
					params: { cidr: message },
				},
			},
		} );
		render( <AllowlistEditor refreshKey={ 0 } onChange={ () => {} } /> );
		await screen.findByText( '192.0.2.44/32' );
		const field = screen.getByLabelText( 'IP address or CIDR range' );
		fireEvent.change( field, { target: { value: '192.0.2.45' } } );
		await clickAndSettle(
			screen.getByRole( 'button', { name: 'Add to allowlist' } )
		);
		await waitFor( () =>
			expect( field ).toHaveAttribute( 'aria-invalid', 'true' )
		);
		expect( description( field ) ).toBe( message );
		expect( notices() ).toEqual( [] );
		expect( field ).toHaveValue( '192.0.2.45' );
	} );

	it( 'says why a preset added nothing, beside the preset buttons', async () => {
		fakeApi( {
			'GET /allowlist': allowlist,
			'POST /allowlist/presets': { added: 0, entries: allowlist },
		} );
		render( <AllowlistEditor refreshKey={ 0 } onChange={ () => {} } /> );
		await screen.findByText( '192.0.2.44/32' );
		const button = screen.getByRole( 'button', {
			name: 'Add this server',
		} );
		await clickAndSettle( button );
		const said = await screen.findByText(
			/^Nothing was added: each of its ranges is already on the allowlist/,
			onScreen
		);
		// Right after the presets, not above the form at the top of the card.
		const order = Array.from(
			document.querySelectorAll( 'input, p, .components-notice' )
		);
		const presets = button.closest( 'p' ) as HTMLElement;
		const notice = said.closest( '.components-notice' ) as HTMLElement;
		expect( order.indexOf( notice ) ).toBeGreaterThan(
			order.indexOf( presets )
		);
		expect( order.indexOf( notice ) ).toBeGreaterThan(
			order.indexOf( screen.getByLabelText( 'IP address or CIDR range' ) )
		);
	} );

	it( 'puts its table in a named, focusable scroll region', async () => {
		fakeApi( { 'GET /allowlist': allowlist } );
		render( <AllowlistEditor refreshKey={ 0 } onChange={ () => {} } /> );
		await screen.findByText( '192.0.2.44/32' );
		const region = screen.getByRole( 'region', {
			name: 'Allowlisted addresses and ranges',
		} );
		expect( region ).toHaveAttribute( 'tabindex', '0' );
		expect( region ).toContainElement( screen.getByRole( 'table' ) );
	} );
} );

describe( 'Firewall blocklist', () => {
	it( 'offers no Download for an empty blocklist, and says why it is empty', async () => {
		fakeApi( {
			'GET /rules': rules,
			'GET /export': {
				...exportNft,
				networks: [],
				content: '# XML-RPC Shield blocklist: no networks.\n',
			},
		} );
		render( <ServerRules refreshKey={ 0 } onChange={ () => {} } /> );
		await screen.findByTestId( 'nginx-snippet' );
		await clickAndSettle(
			screen.getByRole( 'button', { name: 'Build blocklist' } )
		);
		expect(
			await screen.findByTestId( 'blocklist-empty' )
		).toHaveTextContent(
			'No network reached that many blocked requests in this period'
		);
		expect(
			screen.queryByRole( 'button', { name: /^Download / } )
		).toBeNull();
		expect( screen.queryByLabelText( 'Blocklist' ) ).toBeNull();
	} );
} );
