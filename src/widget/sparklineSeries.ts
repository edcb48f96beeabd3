/**
 * The widget sparkline's points. /stats ends with the hour that is still running, so its last
 * point holds only the minutes so far: drawn like the others, an attack going on at full speed
 * looks like it is fading. Complete hours are drawn as they are; the running hour is scaled to
 * a rate per hour (its count × 60 / minutes so far) and drawn apart (dashed, named "so far"),
 * never as a drop.
 */
import type { SeriesPoint } from '../api/types';

/**
 * Below this much of the running hour a rate would be guesswork (one hit in the first minute
 * would read as 60 an hour): the running hour is then left out of the line and only its count
 * is told.
 */
export const MIN_SECONDS_FOR_A_RATE = 300;

export interface SparklinePoint {
	t: number;
	/** A complete hour's count; null for the running hour. */
	blocked: number | null;
	/** The dashed part: the last complete hour's count, then the running hour's rate; null elsewhere. */
	rate: number | null;
}

export interface RunningHour {
	/** Its start, Unix seconds. */
	t: number;
	/** Blocked so far. */
	count: number;
	/** Whole minutes so far (at least 1). */
	minutes: number;
	/** Count scaled to a full bucket; null while too little of it has passed to say. */
	rate: number | null;
}

export interface Sparkline {
	points: SparklinePoint[];
	/** The bucket still running at `now`; null when the series holds only complete ones. */
	running: RunningHour | null;
}

/**
 * Splits a /stats series into complete buckets and the one still running at `now`.
 *
 * @param series        /stats series, oldest first, the last one ending at /stats' `to`.
 * @param bucketSeconds The buckets' length.
 * @param now           Unix seconds now (the browser's clock; clamped into the bucket).
 */
export function sparklineSeries(
	series: readonly SeriesPoint[],
	bucketSeconds: number,
	now: number
): Sparkline {
	const points: SparklinePoint[] = series.map( ( point ) => ( {
		t: point.t,
		blocked: point.blocked,
		rate: null,
	} ) );
	const last = series[ series.length - 1 ];
	// A page left open past the bucket's end (or a clock far behind) shows complete buckets only.
	if ( ! last || now >= last.t + bucketSeconds || bucketSeconds <= 0 ) {
		return { points, running: null };
	}
	const elapsed = Math.max( 1, now - last.t );
	const rate =
		elapsed >= MIN_SECONDS_FOR_A_RATE
			? Math.round( ( last.blocked * bucketSeconds ) / elapsed )
			: null;
	const running: RunningHour = {
		t: last.t,
		count: last.blocked,
		minutes: Math.max( 1, Math.floor( elapsed / 60 ) ),
		rate,
	};
	points.pop();
	if ( rate !== null ) {
		const previous = points[ points.length - 1 ];
		if ( previous ) {
			previous.rate = previous.blocked;
		}
		points.push( { t: last.t, blocked: null, rate } );
	}
	return { points, running };
}
