/**
 * Words for automatic escalation (the autopilot contract in docs/REST.md) and where its events
 * fall on the chart.
 */
import { __, sprintf } from '@wordpress/i18n';

import type { AutopilotEvent } from '../api/types';
import { hookLabel } from './earlyGate';

/**
 * What an event did, in a few words; an unknown kind is shown as given.
 *
 * @param kind The event's kind.
 */
export function eventKindLabel( kind: string ): string {
	switch ( kind ) {
		case 'installed':
			return __( 'Early gate installed', 'xmlrpc-shield' );
		case 'verified':
			return __( 'Early gate verified', 'xmlrpc-shield' );
		case 'rolled-back':
			return __( 'Install rolled back', 'xmlrpc-shield' );
		case 'failed':
			return __( 'Install failed', 'xmlrpc-shield' );
		case 'undone':
			return __( 'Removed by you', 'xmlrpc-shield' );
		case 'enabled':
			return __( 'Automatic escalation turned on', 'xmlrpc-shield' );
		case 'disabled':
			return __( 'Automatic escalation turned off', 'xmlrpc-shield' );
		default:
			return String( kind );
	}
}

/**
 * The autopilot's state in a sentence; an unknown state is shown as given.
 *
 * @param state The autopilot's state.
 */
export function autopilotStateText( state: string ): string {
	switch ( state ) {
		case 'off':
			return __(
				'Off: the plugin never installs anything by itself.',
				'xmlrpc-shield'
			);
		case 'pending':
			return __(
				'Watching: it installs the early gate when this server needs it.',
				'xmlrpc-shield'
			);
		case 'installed':
			return __( 'It installed the early gate.', 'xmlrpc-shield' );
		case 'verifying':
			return __(
				'It installed the early gate and is checking it with a test request.',
				'xmlrpc-shield'
			);
		case 'failed':
			return __(
				'Its last attempt failed and was rolled back; the site is unchanged.',
				'xmlrpc-shield'
			);
		case 'undone':
			return __(
				'You removed what it installed; it will not install it again by itself.',
				'xmlrpc-shield'
			);
		case 'not-needed':
			return __(
				'Nothing to do: a stronger layer is already in place.',
				'xmlrpc-shield'
			);
		default:
			return String( state );
	}
}

/**
 * The label of an event on the chart and in its text alternative: what, and by which hook.
 *
 * @param event An autopilot event.
 */
export function eventTitle( event: AutopilotEvent ): string {
	if (
		event.layer === '' ||
		! [
			'installed',
			'verified',
			'rolled-back',
			'failed',
			'undone',
		].includes( event.kind )
	) {
		return eventKindLabel( event.kind );
	}
	return sprintf(
		/* translators: 1: what happened, e.g. "Early gate installed", 2: how the gate is started. */
		__( '%1$s, by %2$s', 'xmlrpc-shield' ),
		eventKindLabel( event.kind ),
		hookLabel( event.layer )
	);
}

export interface ChartMarker {
	/** The bucket (a series point's t) the event falls in: the chart's x axis is categorical. */
	bucket: number;
	at: number;
	label: string;
}

/**
 * The events that fall in the chart's range, each placed on the bucket holding it (oldest
 * first, so markers read left to right). Events outside the range are left out.
 *
 * @param events  Autopilot events (any order).
 * @param buckets The series' bucket starts, ascending.
 * @param from    Start of the range (Unix seconds).
 * @param to      End of the range (Unix seconds).
 */
export function escalationMarkers(
	events: readonly AutopilotEvent[],
	buckets: readonly number[],
	from: number,
	to: number
): ChartMarker[] {
	if ( buckets.length === 0 ) {
		return [];
	}
	return events
		.filter(
			( event ) =>
				Number.isFinite( event.at ) &&
				event.at >= from &&
				event.at <= to
		)
		.sort( ( a, b ) => a.at - b.at )
		.map( ( event ) => {
			let bucket = buckets[ 0 ];
			for ( const start of buckets ) {
				if ( start <= event.at ) {
					bucket = start;
				}
			}
			return { bucket, at: event.at, label: eventTitle( event ) };
		} );
}
