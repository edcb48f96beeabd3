/**
 * Times in the site's timezone (Settings → General), not the browser's: an owner abroad, or a
 * support person in another country, must read the same clock as the log and WP-CLI. The
 * timezone comes from the page (Admin\Assets puts it in window.xmlrpcShield.timezone).
 */

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
	if ( typeof seconds !== 'number' || ! Number.isFinite( seconds ) ) {
		return seconds === null || seconds === undefined
			? ''
			: String( seconds );
	}
	const options: Intl.DateTimeFormatOptions = withDate
		? { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }
		: { hour: '2-digit', minute: '2-digit' };
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
}
