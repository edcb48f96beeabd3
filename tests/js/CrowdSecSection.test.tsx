import { fireEvent, render, screen, waitFor } from '@testing-library/react';

import { CrowdSecSection } from '../../src/admin/CrowdSecSection';
import { PUSH_STATUSES } from '../../src/api/crowdsec';
import { fakeApi, FORBIDDEN, sent } from './fakeApi';
import crowdsec from './fixtures/crowdsec.json';
import errorCrowdsec from './fixtures/error-crowdsec.json';
import schemaCrowdsec from './fixtures/schema-crowdsec.json';
import { onScreen, shown } from './support';

const noNetworks = {
	...crowdsec,
	state: {
		...crowdsec.state,
		last_error: '',
		last_error_at: null,
		failures: 0,
		next_attempt_at: null,
		networks: [],
	},
};

async function renderSection() {
	render( <CrowdSecSection refreshKey={ 0 } /> );
	// The first render of @wordpress/components on a busy machine can take seconds.
	await screen.findByRole(
		'button',
		{ name: 'Save CrowdSec settings' },
		{ timeout: 10000 }
	);
}

describe( 'CrowdSec section', () => {
	it( 'lists the report statuses the REST schema names', () => {
		expect( [ ...PUSH_STATUSES ] ).toEqual(
			schemaCrowdsec.schema.properties.report.properties.status.enum
		);
	} );

	it( 'shows the settings without the password, the last error, the next attempt and the networks pushed', async () => {
		fakeApi( { 'GET /crowdsec': crowdsec } );
		await renderSection();
		expect( screen.getByLabelText( 'Local API URL' ) ).toHaveValue(
			crowdsec.settings.url
		);
		expect( screen.getByLabelText( 'Machine name' ) ).toHaveValue(
			crowdsec.settings.machine_id
		);
		expect( screen.getByLabelText( 'Machine password' ) ).toHaveValue( '' );
		expect(
			screen.getByText(
				'A password is saved. Leave this empty to keep it.'
			)
		).toBeInTheDocument();
		expect(
			screen.getByText(
				/The last push failed .*: The Local API at/,
				onScreen
			)
		).toBeInTheDocument();
		expect(
			screen.getByText( /1 failure in a row; next attempt/, onScreen )
		).toBeInTheDocument();
		const table = screen.getByRole( 'region', {
			name: 'Networks pushed to CrowdSec',
		} );
		expect( table ).toHaveTextContent( '45.155.205.0/24' );
		expect( table ).toHaveTextContent(
			new Intl.NumberFormat().format( 1250 )
		);
	} );

	it( 'shows an empty state when no network has a decision', async () => {
		fakeApi( { 'GET /crowdsec': noNetworks } );
		await renderSection();
		expect(
			screen.getByText(
				'No network has a decision from this site right now.'
			)
		).toBeInTheDocument();
		expect(
			screen.queryByText( /The last push failed/, onScreen )
		).toBeNull();
	} );

	it( 'shows a load failure with Try again, then the section', async () => {
		let fail = true;
		fakeApi( {
			'GET /crowdsec': () => ( fail ? FORBIDDEN : crowdsec ),
		} );
		render( <CrowdSecSection refreshKey={ 0 } /> );
		expect( screen.getByText( 'Loading…' ) ).toBeInTheDocument();
		expect( await shown( FORBIDDEN.message ) ).toBeInTheDocument();
		fail = false;
		fireEvent.click( screen.getByRole( 'button', { name: 'Try again' } ) );
		expect(
			await screen.findByRole( 'button', { name: 'Push now' } )
		).toBeInTheDocument();
	} );

	it( 'saves the settings, sending a password only when one was typed', async () => {
		const calls = fakeApi( {
			'GET /crowdsec': crowdsec,
			'POST /crowdsec': ( data: unknown ) => ( {
				...crowdsec,
				settings: {
					...crowdsec.settings,
					...( data as object ),
					password_set: true,
				},
			} ),
		} );
		await renderSection();
		fireEvent.change( screen.getByLabelText( /^Threshold/ ), {
			target: { value: '50' },
		} );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Save CrowdSec settings' } )
		);
		expect( await shown( 'CrowdSec settings saved.' ) ).toBeInTheDocument();
		const first = sent( calls, 'POST' )[ 0 ];
		expect( first.data ).toEqual( {
			enabled: true,
			url: crowdsec.settings.url,
			machine_id: crowdsec.settings.machine_id,
			threshold: 50,
			duration_hours: 24,
		} );

		fireEvent.change( screen.getByLabelText( 'Machine password' ), {
			target: { value: 'new-secret' },
		} );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Save CrowdSec settings' } )
		);
		await waitFor( () =>
			expect( sent( calls, 'POST' ) ).toHaveLength( 2 )
		);
		expect(
			( sent( calls, 'POST' )[ 1 ].data as Record< string, unknown > )
				.password
		).toBe( 'new-secret' );
		// The password field is emptied again once saved.
		await waitFor( () =>
			expect( screen.getByLabelText( 'Machine password' ) ).toHaveValue(
				''
			)
		);
	} );

	it( 'shows the reason when the server refuses the settings, and keeps the edits', async () => {
		fakeApi( {
			'GET /crowdsec': crowdsec,
			'POST /crowdsec': errorCrowdsec,
		} );
		await renderSection();
		fireEvent.change( screen.getByLabelText( 'Local API URL' ), {
			target: { value: 'ftp://lapi.example/' },
		} );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Save CrowdSec settings' } )
		);
		expect(
			await shown( errorCrowdsec.data.params.url )
		).toBeInTheDocument();
		expect( screen.getByLabelText( 'Local API URL' ) ).toHaveValue(
			'ftp://lapi.example/'
		);
	} );

	it( 'reports a failed connection test as an error and a push as done', async () => {
		fakeApi( {
			'GET /crowdsec': crowdsec,
			'POST /crowdsec/test': {
				ok: false,
				message:
					'The Local API refused the login (HTTP 401): ent: machine not found',
			},
			'POST /crowdsec/push': {
				...noNetworks,
				report: {
					ok: true,
					status: 'pushed',
					message: 'Sent 1 networks to CrowdSec; withdrew 0.',
					pushed: [ '45.155.205.0/24' ],
					withdrawn: [],
				},
			},
		} );
		await renderSection();
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Test connection' } )
		);
		const refused = await shown( /refused the login \(HTTP 401\)/ );
		expect( refused.closest( '.components-notice' ) ).toHaveClass(
			'is-error'
		);
		fireEvent.click( screen.getByRole( 'button', { name: 'Push now' } ) );
		const done = await shown( 'Sent 1 networks to CrowdSec; withdrew 0.' );
		expect( done.closest( '.components-notice' ) ).toHaveClass(
			'is-success'
		);
		// The state shown is the push's answer.
		expect(
			screen.getByText(
				'No network has a decision from this site right now.'
			)
		).toBeInTheDocument();
	} );
} );
