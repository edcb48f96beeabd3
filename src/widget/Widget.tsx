/**
 * Dashboard widget: blocked in the last 24 h with a sparkline, the change against the 24 h
 * before, what was let through (by outcome, in words), the protection level and the one next
 * step, the mode, the top offending subnet, and a link to the full page. Reads only the
 * aggregated /status, /stats and /top answers, each on its own: one failed request shows its
 * own error and "Try again" while the other parts stay.
 */
import { Button, Notice, Spinner } from '@wordpress/components';
import { lazy, Suspense } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import type { ReactNode } from 'react';

import { api } from '../api/client';
import type { Stats, Status, TopOffenders } from '../api/types';
import { formatChange, formatNumber } from '../common/format';
import { modeLabel } from '../common/modes';
import { outcomeLabel } from '../common/outcomes';
import { formatSiteTime } from '../common/siteTime';
import { useResource } from '../common/useResource';
import type { Resource } from '../common/useResource';
import { sparklineSeries } from './sparklineSeries';
import type { RunningHour } from './sparklineSeries';

// Recharts is most of the widget's weight: the sparkline arrives as its own chunk after the
// figures, so the Dashboard never waits for it.
const Sparkline = lazy(
	() => import( /* webpackChunkName: "widget-sparkline" */ './Sparkline' )
);

/**
 * One part of the widget in its loading, error or loaded state.
 *
 * @param props          Props.
 * @param props.resource The part's request.
 * @param props.failed   What to say when it failed without a message.
 * @param props.children What to show once loaded.
 */
function Part< T >( {
	resource,
	failed,
	children,
}: {
	resource: Resource< T >;
	failed: string;
	children: ( data: T ) => ReactNode;
} ) {
	if ( resource.data !== null ) {
		return <>{ children( resource.data ) }</>;
	}
	if ( resource.error ) {
		return (
			<Notice status="error" isDismissible={ false }>
				<p>{ resource.error.message || failed }</p>
				<Button variant="secondary" onClick={ resource.reload }>
					{ __( 'Try again', 'xmlrpc-shield' ) }
				</Button>
			</Notice>
		);
	}
	return (
		<p className="xmlrpc-shield-loading">
			<Spinner />
			{ __( 'Loading…', 'xmlrpc-shield' ) }
		</p>
	);
}

/**
 * "93 in 12 minutes": the running hour's count so far.
 *
 * @param running The running hour.
 */
function soFar( running: RunningHour ): string {
	return sprintf(
		/* translators: 1: number of blocked requests, 2: number of minutes. */
		_n(
			'%1$s in %2$d minute',
			'%1$s in %2$d minutes',
			running.minutes,
			'xmlrpc-shield'
		),
		formatNumber( running.count ),
		running.minutes
	);
}

/**
 * The sparkline of blocked requests per hour and the sentence that says how to read its end:
 * the hour still running is drawn dashed as a rate per hour, or left out while too young.
 *
 * @param props       Props.
 * @param props.stats The 24-hour /stats answer.
 */
function BlockedPerHour( { stats }: { stats: Stats } ) {
	const { points, running } = sparklineSeries(
		stats.series,
		stats.bucket_seconds,
		Math.floor( Date.now() / 1000 )
	);
	let caption: string = __(
		'Blocked per hour over the last 24 hours.',
		'xmlrpc-shield'
	);
	let runningLabel = '';
	if ( running && running.rate !== null ) {
		caption = sprintf(
			/* translators: 1: e.g. "93 in 12 minutes", 2: the same as a number per hour. */
			__(
				'Blocked per hour. The dashed end is this hour so far (%1$s), as a rate: %2$s per hour.',
				'xmlrpc-shield'
			),
			soFar( running ),
			formatNumber( running.rate )
		);
		runningLabel = sprintf(
			/* translators: 1: e.g. "93 in 12 minutes", 2: the same as a number per hour. */
			__( 'so far: %1$s (%2$s per hour)', 'xmlrpc-shield' ),
			soFar( running ),
			formatNumber( running.rate )
		);
	} else if ( running ) {
		caption = sprintf(
			/* translators: %s: e.g. "3 in 2 minutes". */
			__(
				'Blocked per hour, complete hours only. This hour so far: %s.',
				'xmlrpc-shield'
			),
			soFar( running )
		);
	}
	return (
		<>
			<div
				aria-hidden="true"
				className="xmlrpc-shield-widget__sparkline"
				style={ { width: '100%', height: 60 } }
			>
				<Suspense fallback={ null }>
					<Sparkline
						points={ points }
						runningAt={
							running && running.rate !== null ? running.t : null
						}
						valueLabel={ outcomeLabel( 'blocked' ) }
						runningLabel={ runningLabel }
						formatValue={ formatNumber }
						formatTime={ ( t: number ) =>
							formatSiteTime( t, false )
						}
					/>
				</Suspense>
			</div>
			<p
				className="xmlrpc-shield-widget__sparkline-caption"
				data-testid="widget-sparkline-caption"
			>
				{ caption }
			</p>
		</>
	);
}

function Blocked( { stats }: { stats: Stats } ) {
	const blocked = stats.totals.blocked;
	const previous = stats.previous_totals.blocked;
	return (
		<>
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
			{ blocked > 0 && <BlockedPerHour stats={ stats } /> }
			{ blocked === 0 && (
				<p className="xmlrpc-shield-empty">
					{ __(
						'Nothing blocked in the last 24 hours.',
						'xmlrpc-shield'
					) }
				</p>
			) }
			<p
				className="xmlrpc-shield-widget__outcomes"
				data-testid="widget-outcomes"
			>
				{ ( [ 'allowed', 'logged' ] as const )
					.map( ( outcome ) =>
						sprintf(
							/* translators: 1: outcome name such as "Allowed", 2: count. */
							__( '%1$s: %2$s', 'xmlrpc-shield' ),
							outcomeLabel( outcome ),
							formatNumber( stats.totals[ outcome ] )
						)
					)
					.join( ' · ' ) }
			</p>
			<dl className="xmlrpc-shield-widget__failed-logins">
				<dt>{ __( 'Failed logins (24 hours)', 'xmlrpc-shield' ) }</dt>
				<dd data-testid="widget-failed-logins">
					{ formatNumber( stats.totals.login_fail ?? 0 ) }
				</dd>
			</dl>
		</>
	);
}

function Protection( {
	status,
	pageUrl,
}: {
	status: Status;
	pageUrl: string;
} ) {
	const { protection } = status;
	return (
		<div
			className={ `xmlrpc-shield-widget__protection xmlrpc-shield-level xmlrpc-shield-level--${ protection.level }` }
			data-testid="widget-protection"
		>
			<p>
				<strong>{ protection.level_label }</strong>
			</p>
			<p data-testid="widget-next-step">
				{ __( 'Next step:', 'xmlrpc-shield' ) }{ ' ' }
				{ protection.next_step.text }
				{ protection.next_step.id !== 'none' && (
					<>
						{ ' ' }
						<a
							href={ `${ pageUrl }#xmlrpc-shield-protection-title` }
						>
							{ __( 'Take it', 'xmlrpc-shield' ) }
						</a>
					</>
				) }
			</p>
			<dl>
				<dt>{ __( 'Mode', 'xmlrpc-shield' ) }</dt>
				<dd>{ modeLabel( status.mode ) }</dd>
			</dl>
		</div>
	);
}

/**
 * How many subnets the widget asks for to find the top one that is not this server, loopback or
 * a private network (the REST rows mark those as `reserved`, as the admin page's table does).
 */
const TOP_ROWS = 10;

/**
 * The busiest subnet that could be an attacker. This server, loopback and private networks are
 * skipped: they are the site's own requests (WP-Cron, a health check, a proxy), and "Top
 * offender: 127.0.0.0/24" would point the owner at the server itself.
 *
 * @param props     Props.
 * @param props.top The /top answer, busiest first.
 */
function TopOffender( { top }: { top: TopOffenders } ) {
	const offender = top.items.find( ( item ) => item.reserved === '' );
	return (
		<dl>
			<dt>{ __( 'Top offender', 'xmlrpc-shield' ) }</dt>
			<dd data-testid="widget-top-offender">
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
	);
}

export function Widget( { pageUrl }: { pageUrl: string } ) {
	const status = useResource< Status >( () => api.status(), [] );
	const stats = useResource< Stats >( () => api.stats( '24h' ), [] );
	const top = useResource< TopOffenders >(
		() => api.top( 'subnet', '24h', TOP_ROWS ),
		[]
	);

	return (
		<div className="xmlrpc-shield-widget">
			<Part
				resource={ stats }
				failed={ __(
					'Could not load the blocked requests.',
					'xmlrpc-shield'
				) }
			>
				{ ( data ) => <Blocked stats={ data } /> }
			</Part>
			<Part
				resource={ status }
				failed={ __(
					'Could not load the protection level.',
					'xmlrpc-shield'
				) }
			>
				{ ( data ) => (
					<Protection status={ data } pageUrl={ pageUrl } />
				) }
			</Part>
			<Part
				resource={ top }
				failed={ __(
					'Could not load the top offender.',
					'xmlrpc-shield'
				) }
			>
				{ ( data ) => <TopOffender top={ data } /> }
			</Part>
			<a href={ pageUrl }>
				{ __( 'Open XML-RPC Shield', 'xmlrpc-shield' ) }
			</a>
		</div>
	);
}
