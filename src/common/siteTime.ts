/**
 * Times in the site's timezone (Settings → General), not the browser's: an owner abroad, or a
 * support person in another country, must read the same clock as the log and WP-CLI. The
 * timezone comes from the page (Admin\Assets puts it in window.xmlrpcShield.timezone).
 */

const DAY_IN_SECONDS = 86400;

export interface SiteTimezone {
	/** A named zone such as "Europe/Paris", or '' when the site uses a fixed offset. */
	string: string;
	/** Hours from UTC (WordPress's gmt_offset), used when there is no named zone. */
	offset: number;
}

/**
 * The site's timezone from the page's data; null when the page did not say (then the browser's).
 */
export function siteTimezone(): SiteTimezone | null {
	const data = (
		window as unknown as {
			xmlrpcShield?: { timezone?: Partial< SiteTimezone > };
		}
	 ).xmlrpcShield?.timezone;
	if ( ! data ) {
		return null;
	}
	return {
		string: typeof data.string === 'string' ? data.string : '',
		offset:
			typeof data.offset === 'number' && Number.isFinite( data.offset )
				? data.offset
				: 0,
	};
}

/**
 * A Unix time (seconds) on the site's clock, with the date when asked. Anything that is not a
 * time is shown as given, never thrown on (chart formatters get whatever the chart holds).
 *
 * @param seconds  Unix seconds.
 * @param withDate Whether to show the day too.
 * @param zone     The site's timezone (default: the page's).
 */
export function formatSiteTime(
	seconds: unknown,
	withDate: boolean,
	zone: SiteTimezone | null = siteTimezone()
): string {
	return formatOnSiteClock(
		seconds,
		withDate
			? {
					month: 'short',
					day: 'numeric',
					hour: '2-digit',
					minute: '2-digit',
			  }
			: { hour: '2-digit', minute: '2-digit' },
		zone
	);
}

/**
 * The site's calendar day of a Unix time ("Nov 1"), without a time of day.
 *
 * @param seconds Unix seconds.
 * @param zone    The site's timezone (default: the page's).
 */
export function formatSiteDate(
	seconds: unknown,
	zone: SiteTimezone | null = siteTimezone()
): string {
	return formatOnSiteClock(
		seconds,
		{ month: 'short', day: 'numeric' },
		zone
	);
}

/**
 * The label of a chart bucket that starts at `seconds` and lasts `bucketSeconds`. A bucket of a
 * day or more is named by its date only ("Nov 1", not "Nov 1, 12:00 AM"): the log's day buckets
 * are UTC days, so the date is the site's date at the bucket's middle — the day holding most of
 * its hours, whatever the site's offset. Shorter buckets show their start time, with the date
 * when asked (ranges spanning several days).
 *
 * @param seconds       The bucket's start, Unix seconds.
 * @param bucketSeconds The bucket's length.
 * @param withDate      Whether a bucket shorter than a day shows its date too.
 * @param zone          The site's timezone (default: the page's).
 */
export function formatSiteBucket(
	seconds: unknown,
	bucketSeconds: number,
	withDate: boolean,
	zone: SiteTimezone | null = siteTimezone()
): string {
	if ( bucketSeconds >= DAY_IN_SECONDS ) {
		return typeof seconds === 'number'
			? formatSiteDate( seconds + bucketSeconds / 2, zone )
			: formatSiteDate( seconds, zone );
	}
	return formatSiteTime( seconds, withDate, zone );
}

/**
 * Formats a Unix time with the given fields in the site's timezone; what is not a time is shown
 * as given.
 *
 * @param seconds Unix seconds.
 * @param options The fields to show.
 * @param zone    The site's timezone; null for the browser's.
 */
function formatOnSiteClock(
	seconds: unknown,
	options: Intl.DateTimeFormatOptions,
	zone: SiteTimezone | null
): string {
	if ( typeof seconds !== 'number' || ! Number.isFinite( seconds ) ) {
		return seconds === null || seconds === undefined
			? ''
			: String( seconds );
	}
	if ( zone && zone.string !== '' ) {
		try {
			return new Intl.DateTimeFormat( undefined, {
				...options,
				timeZone: zone.string,
			} ).format( new Date( seconds * 1000 ) );
		} catch {
			// A zone name this browser does not know: fall back to the offset.
		}
	}
	try {
		if ( zone ) {
			// A fixed offset: shift the instant and read it as UTC.
			return new Intl.DateTimeFormat( undefined, {
				...options,
				timeZone: 'UTC',
			} ).format( new Date( ( seconds + zone.offset * 3600 ) * 1000 ) );
		}
		return new Intl.DateTimeFormat( undefined, options ).format(
			new Date( seconds * 1000 )
		);
	} catch {
		// A number beyond the dates a Date can hold (RangeError): shown as given.
		return String( seconds );
	}
}
