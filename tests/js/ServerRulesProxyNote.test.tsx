import { render, screen } from '@testing-library/react';

import { ServerRules } from '../../src/admin/ServerRules';
import { fakeApi } from './fakeApi';
import rules from './fixtures/rules.json';

// Behind trusted proxies the server rules see the proxy: GET /rules says so in one translated
// sentence (ServerRulesWriter::proxy_note()), shown where the rules are offered.
const note =
	"Behind your trusted proxies (a CDN or load balancer) Apache and nginx see the proxy's address, not the client's.";

describe( 'Server rules behind a proxy', () => {
	it( 'says the rules see the proxy when trusted proxies are set', async () => {
		fakeApi( { 'GET /rules': { ...rules, proxy_note: note } } );
		render( <ServerRules refreshKey={ 0 } onChange={ jest.fn() } /> );
		expect(
			await screen.findByTestId( 'rules-proxy-note' )
		).toHaveTextContent( note );
	} );

	it( 'says nothing of the kind without trusted proxies', async () => {
		fakeApi( { 'GET /rules': { ...rules, proxy_note: '' } } );
		render( <ServerRules refreshKey={ 0 } onChange={ jest.fn() } /> );
		await screen.findByTestId( 'apache-state' );
		expect( screen.queryByTestId( 'rules-proxy-note' ) ).toBeNull();
	} );
} );
