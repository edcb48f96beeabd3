/**
 * The protection level section: the server's words, the one next step with the button that
 * takes it, and only the actions this server can carry out.
 */
import { fireEvent, render, screen, within } from '@testing-library/react';

import { ProtectionSummary } from '../../src/admin/ProtectionSummary';
import type { Protection } from '../../src/api/types';
import { fakeApi } from './fakeApi';
import status from './fixtures/status.json';
import { clearSiteGlobals, onScreen, setSiteGlobals } from './support';

const base = status.protection as Protection;

function protection( changes: Partial< Protection > = {} ): Protection {
	return { ...base, ...changes };
}

describe( 'ProtectionSummary', () => {
	it( 'shows the level, every layer with its state and the next step', () => {
		render(
			<ProtectionSummary protection={ base } onChange={ jest.fn() } />
		);
		expect( screen.getByTestId( 'protection-level' ) ).toHaveTextContent(
			base.level_label
		);
		for ( const layer of base.layers ) {
			const row = screen.getByTestId( `layer-${ layer.id }` );
			expect( row ).toHaveTextContent( layer.label );
			expect( row ).toHaveTextContent( layer.state_label );
			expect( row ).toHaveTextContent( layer.detail );
		}
		expect( screen.getByTestId( 'next-step' ) ).toHaveTextContent(
			base.next_step.text
		);
	} );

	it( 'installs the early gate from the next step, with the method the server recommends', async () => {
		const calls = fakeApi( {
			'POST /early-gate': {
				ok: true,
				method: 'user-ini',
				files: [],
				message: 'Installed and verified with a test request.',
			},
		} );
		const onChange = jest.fn();
		render(
			<ProtectionSummary
				protection={ protection( {
					next_step: {
						id: 'install-early-gate',
						text: 'Install the early gate.',
						method: 'user-ini',
					},
				} ) }
				onChange={ onChange }
			/>
		);
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Install the early gate' } )
		);
		expect(
			await screen.findByText(
				'Installed and verified with a test request.',
				onScreen
			)
		).toBeInTheDocument();
		expect( calls ).toEqual( [
			{
				method: 'POST',
				path: '/xmlrpc-shield/v1/early-gate',
				data: { method: 'user-ini' },
			},
		] );
		expect( onChange ).toHaveBeenCalled();
	} );

	it( 'offers the .htaccess write only where the server reads .htaccess', () => {
		const step = {
			id: 'write-server-rule' as const,
			text: 'Write the server rule to .htaccess.',
			method: '',
		};
		const { rerender } = render(
			<ProtectionSummary
				protection={ protection( {
					next_step: step,
					actions: { ...base.actions, write_server_rule: false },
				} ) }
				onChange={ jest.fn() }
			/>
		);
		expect(
			screen.queryByRole( 'button', { name: 'Write to .htaccess' } )
		).toBeNull();
		rerender(
			<ProtectionSummary
				protection={ protection( {
					next_step: step,
					actions: { ...base.actions, write_server_rule: true },
				} ) }
				onChange={ jest.fn() }
			/>
		);
		expect(
			screen.getByRole( 'button', { name: 'Write to .htaccess' } )
		).toBeInTheDocument();
	} );

	it( 'points to the section for a step that is not one click', () => {
		render(
			<ProtectionSummary
				protection={ protection( {
					next_step: {
						id: 'choose-mode',
						text: 'Choose Block or Pingback protection.',
						method: '',
					},
				} ) }
				onChange={ jest.fn() }
			/>
		);
		expect(
			screen.getByRole( 'link', { name: 'Go to Protection mode' } )
		).toHaveAttribute( 'href', '#xmlrpc-shield-mode' );
	} );

	it( 'removes an installed early gate only after a confirmation', async () => {
		const calls = fakeApi( {
			'DELETE /early-gate': { ok: true, files: [] },
		} );
		const installed = protection( {
			actions: { ...base.actions, remove_early_gate: true },
			next_step: { id: 'none', text: 'Nothing to do.', method: '' },
		} );
		render(
			<ProtectionSummary
				protection={ installed }
				onChange={ jest.fn() }
			/>
		);
		fireEvent.click(
			within( screen.getByTestId( 'layer-early-gate' ) ).getByRole(
				'button',
				{ name: 'Remove the early gate…' }
			)
		);
		expect( calls ).toHaveLength( 0 );
		fireEvent.click(
			await screen.findByRole( 'button', {
				name: 'Remove the early gate',
			} )
		);
		expect(
			await screen.findByText( /Early gate removed/, onScreen )
		).toBeInTheDocument();
		expect( calls.map( ( call ) => call.method ) ).toEqual( [ 'DELETE' ] );
	} );

	it( "says what automatic escalation did last, on the site's clock", () => {
		setSiteGlobals( {
			timezone: { string: '', offset: 0 },
		} );
		render(
			<ProtectionSummary
				protection={ protection( {
					autopilot: {
						enabled: true,
						state: 'installed',
						layer: 'htaccess',
						last_event: {
							at: 1795996800,
							kind: 'installed',
							layer: 'htaccess',
							reason: 'The plugin refused 1,200 XML-RPC requests a minute.',
						},
					},
				} ) }
				onChange={ jest.fn() }
			/>
		);
		expect(
			screen.getByTestId( 'protection-autopilot' )
		).toHaveTextContent(
			/Automatic escalation: Early gate installed on Nov 30, 12:00 AM\. The plugin refused 1,200/
		);
		clearSiteGlobals();
	} );
} );
