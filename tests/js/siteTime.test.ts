/**
 * Times on the site's clock (Settings → General), whatever the browser's timezone.
 */
import { formatSiteTime, siteTimezone } from '../../src/common/siteTime';

// 2026-11-30 00:00:00 UTC.
const MIDNIGHT_UTC = 1795996800;

describe( 'formatSiteTime', () => {
	afterEach( () => {
		delete ( window as unknown as { xmlrpcShield?: unknown } ).xmlrpcShield;
	} );

	it( 'reads a named zone of the site, not the browser', () => {
		expect(
			formatSiteTime( MIDNIGHT_UTC, false, {
				string: 'Asia/Tokyo',
				offset: 9,
			} )
		).toMatch( /09:00/ );
		expect(
			formatSiteTime( MIDNIGHT_UTC, true, {
				string: 'America/New_York',
				offset: -5,
			} )
		).toMatch( /Nov 29.*07:00 PM/ );
	} );

	it( 'uses a fixed offset when the site has no named zone', () => {
		expect(
			formatSiteTime( MIDNIGHT_UTC, true, { string: '', offset: 5.5 } )
		).toMatch( /Nov 30.*05:30 AM/ );
		expect(
			formatSiteTime( MIDNIGHT_UTC, false, { string: '', offset: -2 } )
		).toMatch( /10:00 PM/ );
	} );

	it( 'falls back to the offset for a zone name the browser does not know', () => {
		expect(
			formatSiteTime( MIDNIGHT_UTC, false, {
				string: 'Mars/Olympus_Mons',
				offset: 3,
			} )
		).toMatch( /03:00 AM/ );
	} );

	it( 'shows what is not a time as given, never throws', () => {
		expect( formatSiteTime( 'pingback.ping', false, null ) ).toBe(
			'pingback.ping'
		);
		expect( formatSiteTime( undefined, true, null ) ).toBe( '' );
		expect( formatSiteTime( Number.NaN, true, null ) ).toBe( 'NaN' );
	} );

	it( "takes the site's timezone from the page's data", () => {
		expect( siteTimezone() ).toBeNull();
		( window as unknown as { xmlrpcShield: unknown } ).xmlrpcShield = {
			pageUrl: '#',
			timezone: { string: 'Asia/Tokyo', offset: 9 },
		};
		expect( siteTimezone() ).toEqual( { string: 'Asia/Tokyo', offset: 9 } );
		expect( formatSiteTime( MIDNIGHT_UTC, false ) ).toMatch( /09:00/ );
	} );
} );
