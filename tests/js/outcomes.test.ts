/**
 * One list of outcomes: the TS module against the /stats schema captured from the real site
 * (PHP derives it from Decision::OUTCOMES).
 */
import { OUTCOMES, outcomeLabel } from '../../src/common/outcomes';
import statsSchema from './fixtures/schema-stats.json';

describe( 'outcomes', () => {
	it( 'lists exactly the outcomes the REST schema counts, in the same order', () => {
		const { all, ...counts } =
			statsSchema.schema.properties.totals.properties;
		expect( all ).toBeDefined();
		expect( OUTCOMES.map( ( info ) => info.key ) ).toEqual(
			Object.keys( counts )
		);
		const { t, ...series } =
			statsSchema.schema.properties.series.items.properties;
		expect( t ).toBeDefined();
		expect( OUTCOMES.map( ( info ) => info.key ) ).toEqual(
			Object.keys( series )
		);
	} );

	it( 'names a failed login in words and never throws on an unknown slug', () => {
		expect( outcomeLabel( 'login_fail' ) ).toBe( 'Failed login' );
		expect( outcomeLabel( 'made-up' ) ).toBe( 'made-up' );
	} );
} );
