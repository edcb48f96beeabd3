/**
 * The top offenders' groupings: the select's list against the /top schema captured from the
 * real site (PHP derives its enum from HitQuery::GROUPINGS).
 */
import { GROUPING_LABELS } from '../../src/common/groupings';
import topSchema from './fixtures/schema-top.json';

describe( 'top offenders groupings', () => {
	it( 'offers exactly the groupings the REST schema accepts', () => {
		expect( Object.keys( GROUPING_LABELS ).sort() ).toEqual(
			[ ...topSchema.endpoints[ 0 ].args.by.enum ].sort()
		);
	} );
} );
