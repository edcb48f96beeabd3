/**
 * Typed client for the xmlrpc-shield/v1 REST API over @wordpress/api-fetch (which adds the
 * REST nonce in wp-admin).
 */
import apiFetch from '@wordpress/api-fetch';
import type { APIFetchOptions } from '@wordpress/api-fetch';
import { __ } from '@wordpress/i18n';

import type {
	AddedEntry,
	AllowlistEntry,
	Autopilot,
	AllowlistPreset,
	EarlyGateResult,
	ExportFormat,
	ExportResult,
	Hit,
	HitsPage,
	IngestResult,
	LockoutPolicy,
	LockoutReport,
	ListEntry,
	ListName,
	Range,
	RulesState,
	Settings,
	Stats,
	Status,
	TopBy,
	TopOffenders,
} from './types';

const BASE = '/xmlrpc-shield/v1';

/** An API failure with the server's code and human message. */
export class ApiError extends Error {
	readonly code: string;
	readonly status: number;
	/** The reason for each request field the server refused (data.params), to show at that field. */
	readonly fields: Record< string, string >;

	constructor(
		message: string,
		code: string,
		status: number,
		fields: Record< string, string > = {}
	) {
		super( message );
		this.name = 'ApiError';
		this.code = code;
		this.status = status;
		this.fields = fields;
	}
}

interface WpErrorBody {
	code?: unknown;
	message?: unknown;
	data?: { status?: unknown; params?: Record< string, unknown > } | null;
}

/**
 * Turns whatever apiFetch rejected with into an ApiError with a readable message.
 * @param error
 */
export function toApiError( error: unknown ): ApiError {
	if ( error instanceof ApiError ) {
		return error;
	}
	const body = ( error ?? {} ) as WpErrorBody;
	const code = typeof body.code === 'string' ? body.code : 'unknown_error';
	const status =
		body.data && typeof body.data.status === 'number'
			? body.data.status
			: 0;
	let message =
		typeof body.message === 'string' && body.message !== ''
			? body.message
			: __(
					'The request failed. Check your connection and try again.',
					'xmlrpc-shield'
			  );
	// rest_invalid_param names each bad field in data.params: show the reasons, not just "Invalid parameter(s)".
	const params = body.data?.params;
	const fields: Record< string, string > = {};
	if ( params && typeof params === 'object' ) {
		for ( const [ field, reason ] of Object.entries( params ) ) {
			if ( typeof reason === 'string' && reason !== '' ) {
				fields[ field ] = reason;
			}
		}
		const reasons = Object.values( fields );
		if ( reasons.length > 0 ) {
			message = reasons.join( ' ' );
		}
	}
	return new ApiError( message, code, status, fields );
}

/**
 * One REST call; failures become ApiError. Shared by the resource modules (client, crowdsec).
 *
 * @param options apiFetch options.
 */
export async function request< T >(
	options: APIFetchOptions< true >
): Promise< T > {
	try {
		return await apiFetch< T >( options );
	} catch ( error ) {
		throw toApiError( error );
	}
}

function query(
	params: Record< string, string | number | undefined >
): string {
	const parts = Object.entries( params )
		.filter( ( [ , value ] ) => value !== undefined && value !== '' )
		.map(
			( [ key, value ] ) =>
				`${ encodeURIComponent( key ) }=${ encodeURIComponent(
					String( value )
				) }`
		);
	return parts.length ? `?${ parts.join( '&' ) }` : '';
}

export const api = {
	status: () => request< Status >( { path: `${ BASE }/status` } ),

	/** Folds the spooled hits into the log now (reads never do; WP-Cron does every minute). */
	ingestLog: () =>
		request< IngestResult >( {
			path: `${ BASE }/log/ingest`,
			method: 'POST',
		} ),

	stats: ( range: Range ) =>
		request< Stats >( { path: `${ BASE }/stats${ query( { range } ) }` } ),

	top: ( by: TopBy, range: Range, limit = 10 ) =>
		request< TopOffenders >( {
			path: `${ BASE }/top${ query( { by, range, limit } ) }`,
		} ),

	async hits(
		page = 1,
		perPage = 20,
		filters: { ip?: string; method?: string } = {}
	): Promise< HitsPage > {
		let response: Response;
		try {
			response = await apiFetch< Response, false >( {
				path: `${ BASE }/hits${ query( {
					page,
					per_page: perPage,
					...filters,
				} ) }`,
				parse: false,
			} );
		} catch ( error ) {
			// With parse: false, failures reject with the raw Response.
			if ( error && typeof ( error as Response ).json === 'function' ) {
				throw toApiError(
					await ( error as Response ).json().catch( () => ( {} ) )
				);
			}
			throw toApiError( error );
		}
		const items = ( await response.json() ) as Hit[];
		return {
			items,
			total: Number(
				response.headers.get( 'X-WP-Total' ) ?? items.length
			),
			totalPages: Number(
				response.headers.get( 'X-WP-TotalPages' ) ?? 1
			),
		};
	},

	list: ( name: ListName ) =>
		request< ListEntry[] >( { path: `${ BASE }/${ name }` } ),

	/**
	 * Adds an entry to a list.
	 *
	 * @param name   Which list.
	 * @param cidr   Address or range.
	 * @param label  What it is for.
	 * @param source Where it was chosen: by hand, or from Top offenders (shown in the list).
	 */
	addToList: (
		name: ListName,
		cidr: string,
		label: string,
		source: 'manual' | 'offenders' = 'manual'
	) =>
		request< AddedEntry >( {
			path: `${ BASE }/${ name }`,
			method: 'POST',
			data:
				source === 'manual' ? { cidr, label } : { cidr, label, source },
		} ),

	removeFromList: ( name: ListName, cidr: string ) =>
		request< { deleted: boolean; entry: ListEntry } >( {
			path: `${ BASE }/${ name }`,
			method: 'DELETE',
			data: { cidr },
		} ),

	addPreset: ( preset: AllowlistPreset ) =>
		request< { added: number; entries: AllowlistEntry[] } >( {
			path: `${ BASE }/allowlist/presets`,
			method: 'POST',
			data: { preset },
		} ),

	settings: () => request< Settings >( { path: `${ BASE }/settings` } ),

	saveSettings: ( changes: Partial< Settings > ) =>
		request< Settings >( {
			path: `${ BASE }/settings`,
			method: 'POST',
			data: changes,
		} ),

	/**
	 * A trusted-proxy preset's ranges; saves nothing (the form adds them to its draft).
	 *
	 * @param preset The preset's name.
	 */
	proxyPreset: ( preset: 'cloudflare' ) =>
		request< { cidrs: string[]; source: string } >( {
			path: `${ BASE }/settings/trusted-proxies/preset${ query( {
				preset,
			} ) }`,
		} ),

	rules: () => request< RulesState >( { path: `${ BASE }/rules` } ),

	writeApacheRules: () =>
		request< RulesState >( {
			path: `${ BASE }/rules/apache`,
			method: 'POST',
		} ),

	removeApacheRules: () =>
		request< RulesState >( {
			path: `${ BASE }/rules/apache`,
			method: 'DELETE',
		} ),

	exportBlocklist: (
		format: ExportFormat,
		range: Range,
		threshold: number
	) =>
		request< ExportResult >( {
			path: `${ BASE }/export${ query( { format, range, threshold } ) }`,
		} ),

	lockouts: () => request< LockoutReport >( { path: `${ BASE }/lockouts` } ),

	releaseLockout: ( client: string ) =>
		request< LockoutReport & { released: string } >( {
			path: `${ BASE }/lockouts/release`,
			method: 'POST',
			data: { client },
		} ),

	saveLockoutPolicy: ( policy: Partial< LockoutPolicy > ) =>
		request< LockoutReport >( {
			path: `${ BASE }/lockouts/policy`,
			method: 'POST',
			data: policy,
		} ),

	installEarlyGate: ( method = 'auto' ) =>
		request< EarlyGateResult >( {
			path: `${ BASE }/early-gate`,
			method: 'POST',
			data: { method },
		} ),

	autopilot: () => request< Autopilot >( { path: `${ BASE }/autopilot` } ),

	/**
	 * Turns automatic escalation on or off.
	 *
	 * @param enabled Whether it may install the early gate by itself.
	 */
	setAutopilot: ( enabled: boolean ) =>
		request< Autopilot >( {
			path: `${ BASE }/autopilot`,
			method: 'POST',
			data: { enabled },
		} ),

	removeEarlyGate: () =>
		request< EarlyGateResult >( {
			path: `${ BASE }/early-gate`,
			method: 'DELETE',
		} ),
};
