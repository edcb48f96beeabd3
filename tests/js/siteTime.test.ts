/**
 * Times on the site's clock (Settings → General), whatever the browser's timezone.
 */
import {
	formatSiteBucket,
	formatSiteDate,
	formatSiteTime,
	siteTimezone,
} from '../../src/common/siteTime';
import { clearSiteGlobals, setSiteGlobals } from './support';

// 2026-11-30 00:00:00 UTC.
const MIDNIGHT_UTC = 1795996800;

describe( 'formatSiteTime', () => {
	afterEach( () => {
		clearSiteGlobals();
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
		expect( formatSiteTime( null, true, null ) ).toBe( '' );
		expect( formatSiteTime( { t: 1 }, true, null ) ).toBe(
			'[object Object]'
		);
		// Beyond what a Date holds: RangeError inside Intl, shown as given.
		expect( formatSiteTime( 1e20, true, { string: '', offset: 0 } ) ).toBe(
			'100000000000000000000'
		);
		expect( formatSiteTime( 1e20, true, null ) ).toBe(
			'100000000000000000000'
		);
		expect( formatSiteDate( 'pingback.ping', null ) ).toBe(
			'pingback.ping'
		);
		expect( formatSiteBucket( undefined, 86400, true, null ) ).toBe( '' );
	} );

	it( "takes the site's timezone from the page's data", () => {
		expect( siteTimezone() ).toBeNull();
		setSiteGlobals( {
			pageUrl: '#',
			timezone: { string: 'Asia/Tokyo', offset: 9 },
		} );
		expect( siteTimezone() ).toEqual( { string: 'Asia/Tokyo', offset: 9 } );
		expect( formatSiteTime( MIDNIGHT_UTC, false ) ).toMatch( /09:00/ );
	} );
} );

describe( 'chart labels for day buckets', () => {
	const newYork = { string: 'America/New_York', offset: -5 };
	const tokyo = { string: 'Asia/Tokyo', offset: 9 };

	it( 'names a day by its date only, never "Nov 30, 12:00 AM"', () => {
		const label = formatSiteBucket( MIDNIGHT_UTC, 86400, true, tokyo );
		expect( label ).toBe( 'Nov 30' );
		expect( label ).not.toMatch( /\d:\d\d|AM|PM/ );
		expect( formatSiteDate( MIDNIGHT_UTC, tokyo ) ).toBe( 'Nov 30' );
	} );

	it( 'names a UTC day by the site day holding most of its hours', () => {
		// Nov 30 00:00 UTC is Nov 29, 7 PM in New York, but 19 of the bucket's 24 hours are Nov 30 there.
		expect( formatSiteBucket( MIDNIGHT_UTC, 86400, true, newYork ) ).toBe(
			'Nov 30'
		);
		expect(
			formatSiteBucket( MIDNIGHT_UTC, 86400, true, {
				string: '',
				offset: -11,
			} )
		).toBe( 'Nov 30' );
	} );

	it( 'gives shorter buckets their time on the site clock, with the date when asked', () => {
		expect( formatSiteBucket( MIDNIGHT_UTC, 3600, false, tokyo ) ).toMatch(
			/^09:00 AM$/
		);
		expect(
			formatSiteBucket( MIDNIGHT_UTC, 6 * 3600, true, newYork )
		).toMatch( /^Nov 29, 07:00 PM$/ );
	} );
} );
