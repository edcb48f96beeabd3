/**
 * One list of modes and one set of words for them: the TS module against the REST schemas and
 * the PHP labels, all captured from the real site by tools/capture-rest-fixtures.php.
 */
import {
	lowersProtection,
	modeDescription,
	modeLabel,
	MODES,
} from '../../src/common/modes';
import phpWords from './fixtures/mode-labels.json';
import settingsSchema from './fixtures/schema-settings.json';
import statusSchema from './fixtures/schema-status.json';

describe( 'modes', () => {
	it( 'lists exactly the modes the REST schemas accept, in the same order', () => {
		expect( [ ...MODES ] ).toEqual(
			settingsSchema.schema.properties.mode.enum
		);
		expect( [ ...MODES ] ).toEqual(
			statusSchema.schema.properties.mode.enum
		);
	} );

	it( 'names and describes each mode in the words PHP uses', () => {
		expect( Object.keys( phpWords ) ).toEqual( [ ...MODES ] );
		for ( const mode of MODES ) {
			expect( {
				label: modeLabel( mode ),
				description: modeDescription( mode ),
			} ).toEqual( phpWords[ mode ] );
		}
	} );

	it( 'orders modes from the most protection to the least', () => {
		expect( lowersProtection( 'block', 'pingback' ) ).toBe( true );
		expect( lowersProtection( 'pingback', 'off' ) ).toBe( true );
		expect( lowersProtection( 'monitor', 'block' ) ).toBe( false );
		expect( lowersProtection( 'block', 'block' ) ).toBe( false );
	} );
} );
