/**
 * Automatic escalation's words and its markers on the chart.
 */
import type { AutopilotEvent } from '../../src/api/types';
import {
	autopilotStateText,
	escalationMarkers,
	eventKindLabel,
	eventTitle,
} from '../../src/common/autopilot';
import Ajv from 'ajv';

import autopilot from './fixtures/autopilot.json';
import autopilotSchema from './fixtures/schema-autopilot.json';

const events = autopilot.events as AutopilotEvent[];
const HOUR = 3600;
const FROM = 1795496400;
const buckets = Array.from( { length: 24 }, ( _, i ) => FROM + i * HOUR );

describe( 'escalationMarkers', () => {
	it( 'puts each event in range on the bucket that holds it, oldest first', () => {
		const markers = escalationMarkers(
			events,
			buckets,
			FROM,
			FROM + 24 * HOUR
		);
		// The "enabled" event is before the range: left out.
		expect( markers.map( ( marker ) => marker.at ) ).toEqual( [
			1795539990, 1795540000,
		] );
		// 1795539990 - FROM = 43590 s: the bucket starting 12 hours in.
		expect( markers[ 0 ].bucket ).toBe( FROM + 12 * HOUR );
		expect( markers[ 0 ].label ).toBe(
			'Early gate installed, by .htaccess (auto_prepend_file, Apache with mod_php)'
		);
		expect( markers[ 1 ].label ).toMatch( /^Early gate verified/ );
	} );

	it( 'marks nothing without buckets or events in range', () => {
		expect( escalationMarkers( events, [], FROM, FROM + HOUR ) ).toEqual(
			[]
		);
		expect(
			escalationMarkers( events, buckets, FROM, FROM + HOUR )
		).toEqual( [] );
	} );
} );

describe( 'autopilot words', () => {
	it( 'names each event kind and shows an unknown one as given', () => {
		expect( eventKindLabel( 'rolled-back' ) ).toBe( 'Install rolled back' );
		expect( eventKindLabel( 'undone' ) ).toBe( 'Removed by you' );
		expect( eventKindLabel( 'exploded' ) ).toBe( 'exploded' );
	} );

	it( 'says how the gate was started, in words, for an install', () => {
		const title = eventTitle( {
			...events[ 1 ],
			layer: 'mu-plugin',
		} );
		expect( title ).toContain( 'must-use hook' );
		expect( title ).not.toContain( 'mu-plugin' );
		expect( eventTitle( events[ 2 ] ) ).toBe(
			'Automatic escalation turned on'
		);
	} );

	it( 'explains each state', () => {
		expect( autopilotStateText( 'undone' ) ).toMatch(
			/will not install it again/
		);
		expect( autopilotStateText( 'weird' ) ).toBe( 'weird' );
	} );
} );

describe( 'the autopilot contract', () => {
	const { properties } = autopilotSchema.schema;

	it( 'the events fixture has the shape GET /autopilot publishes', () => {
		const { $schema, ...schema } = autopilotSchema.schema as Record<
			string,
			unknown
		>;
		expect( $schema ).toMatch( /json-schema/ );
		const validate = new Ajv( { strict: false } ).compile( schema );
		expect( validate( autopilot ) ).toBe( true );
		expect( validate( { ...autopilot, state: 'asleep' } ) ).toBe( false );
	} );

	it( 'has words for every state and every event kind the API sends', () => {
		for ( const state of properties.state.enum ) {
			expect( autopilotStateText( state ) ).not.toBe( state );
		}
		for ( const kind of properties.events.items.properties.kind.enum ) {
			expect( eventKindLabel( kind ) ).not.toBe( kind );
		}
	} );
} );
