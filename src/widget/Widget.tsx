/**
 * Dashboard widget: blocked in the last 24 h with a sparkline, the change against the 24 h
 * before, the mode, the top offending subnet, and a link to the full page. Reads only the
 * aggregated /status, /stats and /top answers.
 */
import { Button, Notice, Spinner } from '@wordpress/components';
import { lazy, Suspense } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { api } from '../api/client';
import type { Stats, Status, TopOffenders } from '../api/types';
import { formatChange, formatNumber, formatTime } from '../common/format';
import { modeLabel } from '../common/modes';
import { useResource } from '../common/useResource';

// Recharts is most of the widget's weight: the sparkline arrives as its own chunk after the
// figures, so the Dashboard never waits for it.
const Sparkline = lazy(
	() => import( /* webpackChunkName: "widget-sparkline" */ './Sparkline' )
);

interface WidgetData {
	status: Status;
	stats: Stats;
	top: TopOffenders;
}

export function Widget( { pageUrl }: { pageUrl: string } ) {
	const data = useResource< WidgetData >( async () => {
		const [ status, stats, top ] = await Promise.all( [
			api.status(),
			api.stats( '24h' ),
			api.top( 'subnet', '24h', 1 ),
		] );
		return { status, stats, top };
	}, [] );

	if ( data.loading && ! data.data ) {
		return (
			<p className="xmlrpc-shield-loading">
				<Spinner />
				{ __( 'Loading…', 'xmlrpc-shield' ) }
			</p>
		);
	}
	if ( data.error || ! data.data ) {
		return (
			<Notice status="error" isDismissible={ false }>
				<p>
					{ data.error?.message ??
						__(
							'Could not load XML-RPC Shield figures.',
							'xmlrpc-shield'
						) }
				</p>
				<Button variant="secondary" onClick={ data.reload }>
					{ __( 'Try again', 'xmlrpc-shield' ) }
				</Button>
			</Notice>
		);
	}

	const { status, stats, top } = data.data;
	const blocked = stats.totals.blocked;
	const previous = stats.previous_totals.blocked;
	const offender = top.items[ 0 ];

	return (
		<div className="xmlrpc-shield-widget">
			<p
				className="xmlrpc-shield-widget__figure"
				data-testid="widget-blocked"
			>
				{ formatNumber( blocked ) }
			</p>
			<p className="xmlrpc-shield-widget__change">
				{ previous === 0
					? __(
							'blocked in the last 24 hours (none in the 24 hours before)',
							'xmlrpc-shield'
					  )
					: sprintf(
							/* translators: 1: change such as +25%, 2: blocked count the 24 h before. */
							__(
								'blocked in the last 24 hours (%1$s vs the 24 hours before: %2$s)',
								'xmlrpc-shield'
							),
							formatChange( blocked, previous ),
							formatNumber( previous )
					  ) }
			</p>
			{ blocked > 0 && (
				<div
					aria-hidden="true"
					className="xmlrpc-shield-widget__sparkline"
					style={ { width: '100%', height: 60 } }
				>
					<Suspense fallback={ null }>
						<Sparkline
							series={ stats.series }
							valueLabel={ __( 'Blocked', 'xmlrpc-shield' ) }
							formatValue={ formatNumber }
							formatTime={ ( t: number ) =>
								formatTime( t, false )
							}
						/>
					</Suspense>
				</div>
			) }
			{ blocked === 0 && (
				<p className="xmlrpc-shield-empty">
					{ __(
						'Nothing blocked in the last 24 hours.',
						'xmlrpc-shield'
					) }
				</p>
			) }
			<dl>
				<dt>{ __( 'Mode', 'xmlrpc-shield' ) }</dt>
				<dd>{ modeLabel( status.mode ) }</dd>
				<dt>{ __( 'Failed logins (24 hours)', 'xmlrpc-shield' ) }</dt>
				<dd data-testid="widget-failed-logins">
					{ formatNumber( stats.totals.login_fail ?? 0 ) }
				</dd>
				<dt>{ __( 'Top offender', 'xmlrpc-shield' ) }</dt>
				<dd>
					{ offender ? (
						<>
							<code>{ offender.key }</code>{ ' ' }
							{ sprintf(
								/* translators: %s: number of requests. */
								__( '(%s requests)', 'xmlrpc-shield' ),
								formatNumber( offender.hits )
							) }
						</>
					) : (
						__( 'None', 'xmlrpc-shield' )
					) }
				</dd>
			</dl>
			<a href={ pageUrl }>
				{ __( 'Open XML-RPC Shield', 'xmlrpc-shield' ) }
			</a>
		</div>
	);
}
