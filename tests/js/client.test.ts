import apiFetch from '@wordpress/api-fetch';

import { api, ApiError, toApiError } from '../../src/api/client';
import { fakeApi } from './fakeApi';
import errorCidr from './fixtures/error-cidr.json';
import errorSetting from './fixtures/error-setting.json';
import topSubnet from './fixtures/top-subnet.json';

describe( 'API client', () => {
	it( 'asks /top with the encoded query and returns the typed body', async () => {
		const calls = fakeApi( { 'GET /top': topSubnet } );
		const result = await api.top( 'subnet', '7d', 5 );
		expect( calls[ 0 ].path ).toBe(
			'/xmlrpc-shield/v1/top?by=subnet&range=7d&limit=5'
		);
		expect( result.items[ 0 ].key ).toBe( '203.0.113.0/24' );
		expect( result.items[ 0 ].hits ).toBeGreaterThan( 0 );
	} );

	it( 'sends allowlist additions as a JSON body with the label', async () => {
		const calls = fakeApi( {
			'POST /allowlist': ( data: unknown ) => ( {
				...( data as object ),
				created: 1,
				source: 'manual',
			} ),
		} );
		const entry = await api.addToList(
			'allowlist',
			'192.0.2.0/24',
			'Office'
		);
		expect( calls[ 0 ] ).toEqual( {
			method: 'POST',
			path: '/xmlrpc-shield/v1/allowlist',
			data: { cidr: '192.0.2.0/24', label: 'Office' },
		} );
		expect( entry.label ).toBe( 'Office' );
	} );

	it( 'turns a WP_Error body into an ApiError with the server message and status', async () => {
		fakeApi( { 'POST /allowlist': errorCidr } );
		const failure = await api
			.addToList( 'allowlist', '10.0.0.0/33', '' )
			.catch( ( e: unknown ) => e );
		expect( failure ).toBeInstanceOf( ApiError );
		expect( ( failure as ApiError ).code ).toBe(
			'xmlrpc_shield_invalid_cidr'
		);
		expect( ( failure as ApiError ).status ).toBe( 400 );
		expect( ( failure as ApiError ).message ).toBe( errorCidr.message );
	} );

	it( 'shows the per-field reason of rest_invalid_param rather than the generic line', () => {
		const error = toApiError( errorSetting );
		expect( error.code ).toBe( 'rest_invalid_param' );
		expect( error.message ).toBe( errorSetting.data.params.retention_days );
	} );

	it( 'explains a failure without a message in words', () => {
		const error = toApiError( {} );
		expect( error.code ).toBe( 'unknown_error' );
		expect( error.message ).toMatch( /request failed/i );
	} );

	it( "keeps api-fetch's own offline message", async () => {
		apiFetch.setFetchHandler( () =>
			Promise.reject( {
				code: 'fetch_error',
				message: 'You are probably offline.',
			} )
		);
		const failure = ( await api
			.status()
			.catch( ( e: unknown ) => e ) ) as ApiError;
		expect( failure.code ).toBe( 'fetch_error' );
		expect( failure.message ).toBe( 'You are probably offline.' );
	} );

	it( 'reads X-WP-Total and X-WP-TotalPages for /hits', async () => {
		const rows = [
			{
				id: 3,
				ip: '203.0.113.9',
				subnet: '203.0.113.0/24',
				bucket: 60,
				method: 'pingback.ping',
				outcome: 'blocked',
				hits: 4,
				user_agent: 'x',
			},
		];
		apiFetch.setFetchHandler( async ( options ) => {
			expect( options.parse ).toBe( false );
			// An empty filter is left out; api-fetch adds the user locale.
			expect( options.path ).toBe(
				'/xmlrpc-shield/v1/hits?page=2&per_page=1&ip=203.0.113.9&_locale=user'
			);
			return {
				json: async () => rows,
				headers: {
					get: ( name: string ) =>
						(
							( {
								'X-WP-Total': '7',
								'X-WP-TotalPages': '7',
							} ) as Record< string, string >
						 )[ name ] ?? null,
				},
			};
		} );
		const page = await api.hits( 2, 1, { ip: '203.0.113.9', method: '' } );
		expect( page ).toEqual( { items: rows, total: 7, totalPages: 7 } );
	} );
} );
