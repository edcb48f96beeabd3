import { render, screen } from '@testing-library/react';

import { WebNodes } from '../../src/admin/WebNodes';
import type { WebNode } from '../../src/api/types';

const node = ( overrides: Partial< WebNode > ): WebNode => ( {
	id: 'web1 10.0.0.11:80',
	address: '10.0.0.11:80',
	last_seen: 1796037557,
	last_drain: 1796037557,
	drained_hits: 1204,
	gate_installed: true,
	gate_version: '083e0e69f762',
	gate_current: true,
	...overrides,
} );

describe( 'Web nodes', () => {
	it( 'says nothing on a single server', () => {
		const { container } = render( <WebNodes nodes={ [ node( {} ) ] } /> );
		expect( container ).toBeEmptyDOMElement();
		render( <WebNodes nodes={ undefined } /> );
		expect( screen.queryByText( 'Web nodes' ) ).toBeNull();
	} );

	it( 'lists each node, its last drain and an out-of-date gate', () => {
		render(
			<WebNodes
				nodes={ [
					node( {} ),
					node( {
						id: 'web2 10.0.0.12:80',
						address: '10.0.0.12:80',
						gate_current: false,
					} ),
					node( {
						id: 'web3 10.0.0.13:80',
						address: '10.0.0.13:80',
						last_drain: 0,
						gate_installed: false,
					} ),
				] }
			/>
		);
		expect( screen.getByText( 'Web nodes' ) ).toBeInTheDocument();
		const items = screen.getAllByRole( 'listitem' );
		expect( items ).toHaveLength( 3 );
		expect( items[ 0 ] ).toHaveTextContent(
			/web1 10\.0\.0\.11:80 last drained .* \(1,204 hits\), early gate current/
		);
		expect( items[ 1 ] ).toHaveTextContent( /early gate out of date/ );
		expect( items[ 1 ] ).toHaveClass( 'is-out-of-date' );
		expect( items[ 2 ] ).toHaveTextContent(
			/never drained, no early gate/
		);
	} );
} );
