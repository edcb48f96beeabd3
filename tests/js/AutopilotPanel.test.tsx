/**
 * The automatic-escalation panel: what was installed, when, why, which files, how to undo it,
 * and the on/off setting applied only by its button; loading, empty and error states.
 */
import { fireEvent, render, screen } from '@testing-library/react';

import { AutopilotPanel } from '../../src/admin/AutopilotPanel';
import { api } from '../../src/api/client';
import type { Autopilot } from '../../src/api/types';
import { useResource } from '../../src/common/useResource';
import { fakeApi, FORBIDDEN, sent } from './fakeApi';
import autopilot from './fixtures/autopilot.json';
import { onScreen, setSiteGlobals } from './support';

function Panel( { installed = true }: { installed?: boolean } ) {
	const resource = useResource< Autopilot | null >(
		() => api.autopilot(),
		[]
	);
	return (
		<AutopilotPanel
			autopilot={ resource }
			gateInstalled={ installed }
			canRemove
			onChange={ jest.fn() }
		/>
	);
}

describe( 'AutopilotPanel', () => {
	beforeEach( () => {
		setSiteGlobals( {
			timezone: { string: 'UTC', offset: 0 },
		} );
	} );

	it( 'says what was installed, when, why, which files and how to undo it', async () => {
		fakeApi( { 'GET /autopilot': autopilot } );
		render( <Panel /> );
		expect( screen.getByText( 'Loading…' ) ).toBeInTheDocument();
		const install = await screen.findByTestId( 'autopilot-install' );
		// The newest install, by .htaccess, in words, with its figures and files.
		expect( install ).toHaveTextContent(
			'Early gate installed, by .htaccess (auto_prepend_file, Apache with mod_php)'
		);
		expect( install ).toHaveTextContent( 'Nov 24, 05:06 PM' );
		expect( install ).toHaveTextContent(
			'The plugin refused 1,200 XML-RPC requests a minute (threshold: 300).'
		);
		expect( install ).toHaveTextContent(
			'/var/www/html/wp-content/xmlrpc-shield-early-gate.php'
		);
		expect( install ).toHaveTextContent(
			'wp xmlrpc-shield early-gate remove'
		);
		expect(
			screen.getByRole( 'button', { name: 'Remove the early gate…' } )
		).toBeInTheDocument();
		// Every event, newest first, with the figures in its reason.
		const rows = screen
			.getByTestId( 'autopilot-events' )
			.querySelectorAll( 'tr' );
		expect( rows ).toHaveLength( 3 );
		expect( rows[ 1 ] ).toHaveTextContent(
			'1,200 XML-RPC requests a minute'
		);
	} );

	it( 'changes the setting only when Apply is pressed', async () => {
		const calls = fakeApi( {
			'GET /autopilot': autopilot,
			'POST /autopilot': ( data: unknown ) => ( {
				...autopilot,
				...( data as object ),
				state: 'off',
			} ),
		} );
		render( <Panel /> );
		const toggle = await screen.findByRole( 'checkbox', {
			name: 'Install the early gate by itself when this server needs it',
		} );
		const apply = screen.getByRole( 'button', { name: 'Apply' } );
		expect( apply ).toHaveAttribute( 'aria-disabled', 'true' );
		fireEvent.click( toggle );
		expect( sent( calls, 'POST' ) ).toHaveLength( 0 );
		expect( apply ).not.toHaveAttribute( 'aria-disabled', 'true' );
		fireEvent.click( apply );
		expect(
			await screen.findByText(
				'Automatic escalation is off: nothing will be installed by itself.',
				onScreen
			)
		).toBeInTheDocument();
		expect( sent( calls, 'POST' ) ).toEqual( [
			{
				method: 'POST',
				path: '/xmlrpc-shield/v1/autopilot',
				data: { enabled: false },
			},
		] );
		expect( screen.getByTestId( 'autopilot-state' ) ).toHaveTextContent(
			'Off: the plugin never installs anything by itself.'
		);
	} );

	it( 'says so when nothing was installed, and offers no undo', async () => {
		fakeApi( {
			'GET /autopilot': {
				...autopilot,
				state: 'pending',
				events: [],
			},
		} );
		render( <Panel installed={ false } /> );
		expect(
			await screen.findByText(
				'Automatic escalation has not installed anything on this site.'
			)
		).toBeInTheDocument();
		expect(
			screen.queryByRole( 'button', { name: 'Remove the early gate…' } )
		).toBeNull();
		expect( screen.queryByTestId( 'autopilot-events' ) ).toBeNull();
	} );

	it( 'shows its own error with Try again', async () => {
		let fail = true;
		fakeApi( {
			'GET /autopilot': () => ( fail ? FORBIDDEN : autopilot ),
		} );
		render( <Panel /> );
		expect(
			await screen.findByText( FORBIDDEN.message, onScreen )
		).toBeInTheDocument();
		fail = false;
		fireEvent.click( screen.getByRole( 'button', { name: 'Try again' } ) );
		expect(
			await screen.findByTestId( 'autopilot-install' )
		).toBeInTheDocument();
	} );
} );
