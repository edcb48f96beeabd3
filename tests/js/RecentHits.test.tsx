/**
 * Recent requests: times on the site's clock and outcomes by name, from the one source each
 * (src/common/siteTime.ts, src/common/outcomes.ts).
 */
import { render, screen, within } from '@testing-library/react';

import { RecentHits } from '../../src/admin/RecentHits';
import { fakeApi } from './fakeApi';
import hits from './fixtures/hits.json';
import { clearSiteGlobals, setSiteGlobals } from './support';

describe( 'RecentHits', () => {
	afterEach( () => {
		clearSiteGlobals();
	} );

	it( "shows each minute on the site's clock and each outcome by name", async () => {
		setSiteGlobals( {
			pageUrl: '#',
			timezone: { string: 'Asia/Tokyo', offset: 9 },
		} );
		fakeApi( {
			'GET /hits': [
				{ ...hits[ 0 ], bucket: 1795996800, outcome: 'login_fail' },
				{ ...hits[ 1 ], outcome: 'allowed' },
			],
		} );
		render( <RecentHits refreshKey={ 0 } /> );
		const table = await screen.findByTestId( 'recent-hits' );
		const [ first, second ] = within( table )
			.getAllByRole( 'row' )
			.slice( 1 );
		// 2026-11-30 00:00 UTC is 09:00 in Tokyo.
		expect( first ).toHaveTextContent( /Nov 30, 09:00 AM/ );
		expect(
			within( first ).getByText( 'Failed login' )
		).toBeInTheDocument();
		expect( within( second ).getByText( 'Allowed' ) ).toBeInTheDocument();
		expect( table ).not.toHaveTextContent( /login_fail|\ballowed\b/ );
	} );
} );
