/**
 * The status fixture (captured from the real site) matches the /status schema, protection
 * included, and the words the page shows come from it.
 */
import Ajv from 'ajv';

import statusSchema from './fixtures/schema-status.json';
import status from './fixtures/status.json';

describe( 'GET /status protection', () => {
	it( 'matches the schema the route publishes', () => {
		const { $schema, ...schema } = statusSchema.schema as Record<
			string,
			unknown
		>;
		expect( $schema ).toMatch( /json-schema/ );
		const validate = new Ajv( { strict: false } ).compile( schema );
		expect( validate( status ) ).toBe( true );
		expect( validate.errors ?? null ).toBeNull();
		// And a wrong level is caught, so the check above means something.
		expect(
			validate( {
				...status,
				protection: { ...status.protection, level: 'maximum' },
			} )
		).toBe( false );
	} );

	it( 'lists the four layers in order', () => {
		expect( status.protection.layers.map( ( layer ) => layer.id ) ).toEqual(
			statusSchema.schema.properties.protection.properties.layers.items
				.properties.id.enum
		);
	} );
} );
