/**
 * One list of periods: the TS module against the /stats schema captured from the real site
 * (PHP derives its enum from HitQuery::RANGES).
 */
import { rangeLabel, RANGES } from '../../src/common/ranges';
import statsSchema from './fixtures/schema-stats.json';

describe( 'ranges', () => {
	it( 'lists exactly the periods the REST schema accepts, in the same order', () => {
		expect( [ ...RANGES ] ).toEqual(
			statsSchema.endpoints[ 0 ].args.range.enum
		);
	} );

	it( 'names each period and never throws on an unknown slug', () => {
		expect( RANGES.map( rangeLabel ) ).toEqual( [
			'1 hour',
			'24 hours',
			'7 days',
			'30 days',
		] );
		expect( rangeLabel( 'made-up' ) ).toBe( 'made-up' );
	} );
} );
