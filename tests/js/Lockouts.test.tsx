import { fireEvent, render, screen, within } from '@testing-library/react';

import { Lockouts } from '../../src/admin/Lockouts';
import { fakeApi, sent } from './fakeApi';
import policyError from './fixtures/error-lockout-policy.json';
import report from './fixtures/lockouts.json';

describe( 'Failed logins and lockouts', () => {
	it( 'lists locked-out, counting and allowlisted clients, and releases one', async () => {
		const onChange = jest.fn();
		const calls = fakeApi( {
			'GET /lockouts': report,
			'POST /lockouts/release': ( data: unknown ) => ( {
				released: ( data as { client: string } ).client,
				policy: report.policy,
				items: report.items.slice( 1 ),
			} ),
		} );
		render( <Lockouts refreshKey={ 0 } onChange={ onChange } /> );
		expect(
			await screen.findByTestId( 'lockouts-summary' )
		).toHaveTextContent( '1 client is locked out now.' );
		const table = screen.getByRole( 'table', {
			name: 'Clients with failed XML-RPC logins',
		} );
		const locked = within( table )
			.getByText( '203.0.113.7' )
			.closest( 'tr' ) as HTMLElement;
		expect( locked ).toHaveTextContent( /Locked out until/ );
		expect(
			within( table ).getByText( '2001:db8:1:2::/64' ).closest( 'tr' )
		).toHaveTextContent( 'Counting' );
		expect(
			within( table ).getByText( '192.0.2.44' ).closest( 'tr' )
		).toHaveTextContent( /Allowlisted, so never locked out/ );

		fireEvent.click(
			within( locked ).getByRole( 'button', { name: 'Release' } )
		);
		expect(
			await screen.findByText( /Released 203\.0\.113\.7/ )
		).toBeInTheDocument();
		expect( calls ).toContainEqual( {
			method: 'POST',
			path: '/xmlrpc-shield/v1/lockouts/release',
			data: { client: '203.0.113.7' },
		} );
		expect( onChange ).toHaveBeenCalled();
	} );

	it( 'saves the policy only from its button and shows the reason of a refusal', async () => {
		const calls = fakeApi( {
			'GET /lockouts': report,
			'POST /lockouts/policy': policyError,
		} );
		render( <Lockouts refreshKey={ 0 } onChange={ jest.fn() } /> );
		const threshold = await screen.findByLabelText(
			'Failed logins that start a lockout'
		);
		expect( threshold ).toHaveValue( report.policy.threshold );
		fireEvent.change( threshold, { target: { value: '0' } } );
		expect( sent( calls, 'POST' ) ).toHaveLength( 0 );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Save lockout settings' } )
		);
		expect(
			await screen.findByText( policyError.message )
		).toBeInTheDocument();
		// At the field it concerns, not in a notice.
		expect( threshold ).toHaveAttribute( 'aria-invalid', 'true' );
		expect(
			document.getElementById(
				threshold.getAttribute( 'aria-describedby' ) ?? ''
			)
		).toHaveTextContent( policyError.message );
		expect( document.querySelector( '.components-notice' ) ).toBeNull();
		expect( calls ).toContainEqual( {
			method: 'POST',
			path: '/xmlrpc-shield/v1/lockouts/policy',
			data: {
				enabled: true,
				threshold: 0,
				window_minutes: 15,
				duration_minutes: 60,
			},
		} );
		// The draft stays as typed, to be corrected.
		expect( threshold ).toHaveValue( 0 );
	} );

	it( 'says when lockouts are off', async () => {
		fakeApi( {
			'GET /lockouts': {
				policy: { ...report.policy, enabled: false },
				items: [],
			},
		} );
		render( <Lockouts refreshKey={ 0 } onChange={ jest.fn() } /> );
		expect(
			await screen.findByTestId( 'lockouts-summary' )
		).toHaveTextContent( /Lockouts are off/ );
		expect(
			screen.getByText( 'No failed XML-RPC logins on record.' )
		).toBeInTheDocument();
	} );
} );
