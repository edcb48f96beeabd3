/**
 * The server rules section's actions and their one notice: writing and removing the .htaccess
 * block, building a blocklist, copying the nginx snippet. Each says what it did (or the server's
 * reason) in the section's notice, and only a change to the rules tells the page to refresh.
 */
import { fireEvent, render, screen } from '@testing-library/react';

import { ServerRules } from '../../src/admin/ServerRules';
import { fakeApi, sent } from './fakeApi';
import rules from './fixtures/rules.json';
import { onScreen, shown } from './support';

const apache = { ...rules.apache, supported: true };
const notInstalled = { ...rules, apache: { ...apache, installed: false } };
const installed = { ...rules, apache: { ...apache, installed: true } };

const notWritable = {
	code: 'xmlrpc_shield_htaccess',
	message: 'The .htaccess file is not writable.',
	data: { status: 500 },
};

/**
 * The notice a text is in, and its status.
 *
 * @param text The notice's text.
 */
async function noticeWith( text: string ): Promise< HTMLElement > {
	const notice = ( await shown( text ) ).closest( '.components-notice' );
	expect( notice ).not.toBeNull();
	return notice as HTMLElement;
}

describe( 'Server rules actions', () => {
	it( 'writes the .htaccess block, says so and asks the page to refresh', async () => {
		const calls = fakeApi( {
			'GET /rules': notInstalled,
			'POST /rules/apache': installed,
		} );
		const onChange = jest.fn();
		render( <ServerRules refreshKey={ 0 } onChange={ onChange } /> );
		fireEvent.click(
			await screen.findByRole( 'button', { name: 'Write to .htaccess' } )
		);
		const notice = await noticeWith(
			'The .htaccess block was written and will follow your settings.'
		);
		expect( notice ).toHaveClass( 'is-success' );
		// The answer is the new state: the section shows it without asking again.
		expect(
			screen.getByRole( 'button', { name: 'Write again' } )
		).toBeInTheDocument();
		expect( sent( calls, 'POST' ) ).toHaveLength( 1 );
		expect( onChange ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'removes the .htaccess block and says so', async () => {
		fakeApi( {
			'GET /rules': installed,
			'DELETE /rules/apache': notInstalled,
		} );
		const onChange = jest.fn();
		render( <ServerRules refreshKey={ 0 } onChange={ onChange } /> );
		fireEvent.click(
			await screen.findByRole( 'button', {
				name: 'Remove from .htaccess',
			} )
		);
		expect(
			await noticeWith( 'The .htaccess block was removed.' )
		).toHaveClass( 'is-success' );
		expect(
			screen.getByRole( 'button', { name: 'Write to .htaccess' } )
		).toBeInTheDocument();
		expect( onChange ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'shows the server’s reason when the write fails, and changes nothing', async () => {
		fakeApi( {
			'GET /rules': notInstalled,
			'POST /rules/apache': notWritable,
		} );
		const onChange = jest.fn();
		render( <ServerRules refreshKey={ 0 } onChange={ onChange } /> );
		const write = await screen.findByRole( 'button', {
			name: 'Write to .htaccess',
		} );
		fireEvent.click( write );
		expect( await noticeWith( notWritable.message ) ).toHaveClass(
			'is-error'
		);
		expect( write ).not.toHaveAttribute( 'aria-disabled', 'true' );
		expect( onChange ).not.toHaveBeenCalled();
	} );

	it( 'builds a blocklist without a notice, and explains a refused one', async () => {
		const refused = {
			code: 'rest_invalid_param',
			message: 'Invalid parameter(s): threshold',
			data: { status: 400 },
		};
		let answer: unknown = {
			networks: [ '203.0.113.0/24' ],
			content: '203.0.113.0/24\n',
			file_name: 'xmlrpc-shield-blocklist.txt',
		};
		fakeApi( { 'GET /rules': rules, 'GET /export': () => answer } );
		render( <ServerRules refreshKey={ 0 } onChange={ jest.fn() } /> );
		const build = screen.getByRole( 'button', { name: 'Build blocklist' } );
		fireEvent.click( build );
		expect( await screen.findByLabelText( 'Blocklist' ) ).toHaveValue(
			'203.0.113.0/24\n'
		);
		expect( document.querySelector( '.components-notice' ) ).toBeNull();

		answer = refused;
		fireEvent.click( build );
		expect( await noticeWith( refused.message ) ).toHaveClass( 'is-error' );
	} );

	it( 'says whether the nginx snippet was copied, in the same notice', async () => {
		fakeApi( { 'GET /rules': rules } );
		const writeText = jest.fn().mockResolvedValue( undefined );
		Object.assign( window.navigator, { clipboard: { writeText } } );
		Object.defineProperty( window, 'isSecureContext', {
			configurable: true,
			value: true,
		} );
		render( <ServerRules refreshKey={ 0 } onChange={ jest.fn() } /> );
		const copy = await screen.findByRole( 'button', {
			name: 'Copy nginx snippet',
		} );
		fireEvent.click( copy );
		expect( await noticeWith( 'Copied.' ) ).toHaveClass( 'is-success' );
		expect( writeText ).toHaveBeenCalledWith( rules.nginx );

		// No clipboard and no execCommand (jsdom): the user is told to copy it by hand.
		writeText.mockRejectedValue( new Error( 'denied' ) );
		fireEvent.click( copy );
		expect(
			await noticeWith(
				'Could not copy. Select the text and copy it yourself.'
			)
		).toHaveClass( 'is-error' );
		expect( screen.queryByText( 'Copied.', onScreen ) ).toBeNull();
	} );
} );
