/**
 * The CrowdSec part of the REST API (/crowdsec): its shapes, typed once, and its calls. Its own
 * module beside client.ts, which it shares the request helper with.
 */
import { request } from './client';

/** What a push run did; PHP's CrowdSec\Pusher::STATUSES (the schema's enum, checked in Jest). */
export const PUSH_STATUSES = [
	'disabled',
	'not-configured',
	'waiting',
	'nothing-to-do',
	'pushed',
	'failed',
] as const;
export type PushStatus = ( typeof PUSH_STATUSES )[ number ];

export interface CrowdSecSettings {
	enabled: boolean;
	url: string;
	machine_id: string;
	/** The password itself is never sent back. */
	password_set: boolean;
	/** Blocked requests in an hour from one network that get it pushed. */
	threshold: number;
	duration_hours: number;
}

/** What may be sent: the settings, plus a new password ('' or absent keeps the stored one). */
export type CrowdSecChanges = Partial<
	Omit< CrowdSecSettings, 'password_set' > & { password: string }
>;

export interface PushedNetwork {
	cidr: string;
	hits: number;
	pushed_at: number;
	until: number;
}

export interface CrowdSecState {
	last_attempt_at: number | null;
	last_success_at: number | null;
	last_error: string;
	last_error_at: number | null;
	failures: number;
	next_attempt_at: number | null;
	networks: PushedNetwork[];
}

export interface PushReport {
	ok: boolean;
	status: PushStatus;
	message: string;
	pushed: string[];
	withdrawn: string[];
}

export interface CrowdSec {
	settings: CrowdSecSettings;
	state: CrowdSecState;
	/** Only in answers to a push. */
	report?: PushReport;
}

export interface CrowdSecTest {
	ok: boolean;
	message: string;
}

const PATH = '/xmlrpc-shield/v1/crowdsec';

export const crowdsecApi = {
	get: () => request< CrowdSec >( { path: PATH } ),

	save: ( changes: CrowdSecChanges ) =>
		request< CrowdSec >( { path: PATH, method: 'POST', data: changes } ),

	/** Logs in with the saved settings; changes nothing. */
	test: () =>
		request< CrowdSecTest >( { path: `${ PATH }/test`, method: 'POST' } ),

	/** Pushes now, even while pushing is off or pausing after failures. */
	push: () =>
		request< CrowdSec >( { path: `${ PATH }/push`, method: 'POST' } ),
};
