/**
 * Routes @wordpress/api-fetch requests (the real library, through its fetch-handler hook) to
 * answers captured from the real REST API (tests/js/fixtures, made by
 * tools/capture-rest-fixtures.php), and records every request.
 */
import apiFetch from '@wordpress/api-fetch';

export interface Recorded {
	method: string;
	path: string;
	data: unknown;
}

type Answer = unknown | ( ( data: unknown ) => unknown );

export function fakeApi( routes: Record< string, Answer > ): Recorded[] {
	const calls: Recorded[] = [];
	apiFetch.setFetchHandler( async ( options ) => {
		// api-fetch sends DELETE/PUT as POST with an override header, which WordPress honours.
		const headers = ( options.headers ?? {} ) as Record< string, string >;
		const method = (
			headers[ 'X-HTTP-Method-Override' ] ??
			options.method ??
			'GET'
		).toUpperCase();
		// api-fetch's own middleware adds _locale=user to every request; tests speak of our part.
		const path = String( options.path ?? '' ).replace(
			/[?&]_locale=user$/,
			''
		);
		calls.push( { method, path, data: options.data } );
		const route = path
			.replace( /^\/xmlrpc-shield\/v1/, '' )
			.split( '?' )[ 0 ];
		const key = `${ method } ${ route }`;
		if ( ! ( key in routes ) ) {
			throw {
				code: 'test_no_route',
				message: `No fake for ${ key }`,
				data: { status: 500 },
			};
		}
		const answer = routes[ key ];
		const value =
			typeof answer === 'function'
				? ( answer as ( data: unknown ) => unknown )( options.data )
				: answer;
		if ( value instanceof Error ) {
			throw value;
		}
		const isError =
			!! value &&
			typeof value === 'object' &&
			'code' in value &&
			'message' in value &&
			'data' in value;
		if ( options.parse === false ) {
			// Unparsed: api-fetch hands over the Response (and rejects with it on errors).
			const total = Array.isArray( value ) ? value.length : 0;
			const pages: Record< string, string > = {
				'X-WP-Total': String( total ),
				'X-WP-TotalPages': String(
					Math.max( 1, Math.ceil( total / 10 ) )
				),
			};
			const response = {
				json: async () => value,
				headers: { get: ( name: string ) => pages[ name ] ?? null },
			};
			if ( isError ) {
				throw response;
			}
			return response;
		}
		if ( isError ) {
			// A WP_Error body: api-fetch rejects with the parsed JSON.
			throw value;
		}
		return value;
	} );
	return calls;
}

/**
 * The requests of one method, in order.
 *
 * @param calls  What fakeApi() recorded.
 * @param method GET, POST, DELETE…
 */
export function sent( calls: Recorded[], method: string ): Recorded[] {
	return calls.filter( ( call ) => call.method === method );
}

/** The refusal WordPress answers a user without the capability with (a WP_Error body). */
export const FORBIDDEN = {
	code: 'rest_forbidden',
	message: 'Sorry, you are not allowed to do that.',
	data: { status: 403 },
};
