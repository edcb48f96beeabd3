/**
 * Hits over time, stacked by outcome, or the split by method, for a chosen range.
 */
import { Button } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import {
	Bar,
	BarChart,
	CartesianGrid,
	Legend,
	ReferenceLine,
	ResponsiveContainer,
	Tooltip,
	XAxis,
	YAxis,
} from 'recharts';

import { api } from '../api/client';
import type { AutopilotEvent, Range, Stats } from '../api/types';
import { escalationMarkers } from '../common/autopilot';
import { formatNumber } from '../common/format';
import { OUTCOMES } from '../common/outcomes';
import { PERIOD_LABEL, rangeLabel, RANGES } from '../common/ranges';
import { Section } from '../common/Section';
import { formatSiteBucket, formatSiteTime } from '../common/siteTime';
import { useResource } from '../common/useResource';
import { ChartTable } from './ChartTable';

type SplitBy = 'outcome' | 'method';

export function AttackChart( {
	refreshKey,
	events = [],
}: {
	refreshKey: number;
	/** Automatic escalation's events: each one in range is marked on the time chart. */
	events?: readonly AutopilotEvent[];
} ) {
	const [ range, setRange ] = useState< Range >( '24h' );
	const [ split, setSplit ] = useState< SplitBy >( 'outcome' );
	const [ asTable, setAsTable ] = useState( false );
	const stats = useResource< Stats >(
		() => api.stats( range ),
		[ range, refreshKey ]
	);
	const data = stats.data;
	const withDate = range === '7d' || range === '30d';
	const markers = data
		? escalationMarkers(
				events,
				data.series.map( ( point ) => point.t ),
				data.from,
				data.to
		  )
		: [];

	const actions = (
		<div className="xmlrpc-shield-chart__controls">
			<div role="group" aria-label={ PERIOD_LABEL }>
				{ RANGES.map( ( option ) => (
					<Button
						key={ option }
						variant={ option === range ? 'primary' : 'secondary' }
						aria-pressed={ option === range }
						size="small"
						onClick={ () => setRange( option ) }
					>
						{ rangeLabel( option ) }
					</Button>
				) ) }
			</div>
			<div role="group" aria-label={ __( 'Split by', 'xmlrpc-shield' ) }>
				<Button
					variant={ split === 'outcome' ? 'primary' : 'secondary' }
					aria-pressed={ split === 'outcome' }
					size="small"
					onClick={ () => setSplit( 'outcome' ) }
				>
					{ __( 'By outcome', 'xmlrpc-shield' ) }
				</Button>
				<Button
					variant={ split === 'method' ? 'primary' : 'secondary' }
					aria-pressed={ split === 'method' }
					size="small"
					onClick={ () => setSplit( 'method' ) }
				>
					{ __( 'By method', 'xmlrpc-shield' ) }
				</Button>
			</div>
			{ data && data.totals.all > 0 && (
				<Button
					variant="tertiary"
					size="small"
					onClick={ () => setAsTable( ! asTable ) }
				>
					{ asTable
						? __( 'Show as chart', 'xmlrpc-shield' )
						: __( 'Show as table', 'xmlrpc-shield' ) }
				</Button>
			) }
		</div>
	);

	return (
		<Section
			id="xmlrpc-shield-chart-title"
			title={ __( 'XML-RPC requests over time', 'xmlrpc-shield' ) }
			loading={ stats.loading && ! data }
			error={ stats.error }
			onRetry={ stats.reload }
			actions={ actions }
		>
			{ data && data.totals.all === 0 && (
				<p className="xmlrpc-shield-empty">
					{ __(
						'No XML-RPC requests in this period. When someone calls xmlrpc.php, it shows here.',
						'xmlrpc-shield'
					) }
				</p>
			) }
			{ data && data.totals.all > 0 && (
				<>
					<p className="xmlrpc-shield-chart__summary">
						{ sprintf(
							/* translators: 1: blocked count, 2: allowed count, 3: logged count, 4: failed login count. */
							__(
								'%1$s blocked, %2$s allowed, %3$s logged, %4$s failed logins in this period.',
								'xmlrpc-shield'
							),
							formatNumber( data.totals.blocked ),
							formatNumber( data.totals.allowed ),
							formatNumber( data.totals.logged ),
							formatNumber( data.totals.login_fail ?? 0 )
						) }
					</p>
					{ asTable && (
						<ChartTable
							stats={ data }
							split={ split }
							withDate={ withDate }
						/>
					) }
					{ /* Drawn for the eye; "Show as table" gives its numbers as text. Hidden, not
					unmounted, while the table shows: the chart keeps its state for "Show as chart". */ }
					<div
						className="xmlrpc-shield-chart"
						aria-hidden="true"
						hidden={ asTable }
					>
						{ /* Keyed by split: the two charts share no state, so a tooltip left over
						from one (a method name) never reaches the other's time formatter. */ }
						<ResponsiveContainer
							key={ split }
							width="100%"
							height={ 280 }
						>
							{ split === 'outcome' ? (
								<BarChart
									data={ data.series }
									margin={ {
										top: 8,
										right: 8,
										bottom: 8,
										left: 8,
									} }
								>
									<CartesianGrid
										strokeDasharray="3 3"
										vertical={ false }
									/>
									<XAxis
										dataKey="t"
										tickFormatter={ ( t: unknown ) =>
											formatSiteBucket(
												t,
												data.bucket_seconds,
												withDate
											)
										}
										minTickGap={ 24 }
									/>
									<YAxis
										allowDecimals={ false }
										tickFormatter={ ( v: number ) =>
											formatNumber( v )
										}
										width={ 56 }
									/>
									<Tooltip
										labelFormatter={ ( t: unknown ) =>
											formatSiteBucket(
												t,
												data.bucket_seconds,
												true
											)
										}
										formatter={ (
											value: unknown,
											name: string
										) => [ formatNumber( value ), name ] }
									/>
									<Legend />
									{ OUTCOMES.map( ( outcome ) => (
										<Bar
											key={ outcome.key }
											dataKey={ outcome.key }
											name={ outcome.label }
											stackId="hits"
											fill={ outcome.color }
											isAnimationActive={ false }
										/>
									) ) }
									{ markers.map( ( marker, index ) => (
										<ReferenceLine
											// Two events may share a second and a label (off, then off again).
											key={ `${ marker.at }-${ index }` }
											x={ marker.bucket }
											stroke="#1e1e1e"
											strokeDasharray="4 2"
											label={ {
												value: marker.label,
												position: 'insideTopLeft',
												fontSize: 11,
												fill: '#1e1e1e',
											} }
										/>
									) ) }
								</BarChart>
							) : (
								<BarChart
									data={ data.methods.map( ( m ) => ( {
										...m,
										method:
											m.method ||
											__( '(none)', 'xmlrpc-shield' ),
									} ) ) }
									layout="vertical"
									margin={ {
										top: 8,
										right: 16,
										bottom: 8,
										left: 8,
									} }
								>
									<CartesianGrid
										strokeDasharray="3 3"
										horizontal={ false }
									/>
									<XAxis
										type="number"
										allowDecimals={ false }
										tickFormatter={ ( v: number ) =>
											formatNumber( v )
										}
									/>
									<YAxis
										type="category"
										dataKey="method"
										width={ 160 }
									/>
									<Tooltip
										formatter={ ( value: unknown ) => [
											formatNumber( value ),
											__( 'Requests', 'xmlrpc-shield' ),
										] }
									/>
									<Bar
										dataKey="hits"
										name={ __(
											'Requests',
											'xmlrpc-shield'
										) }
										fill="#cc1818"
										isAnimationActive={ false }
									/>
								</BarChart>
							) }
						</ResponsiveContainer>
					</div>
				</>
			) }
			{ /* Listed even when the period had no requests: the escalation still happened. */ }
			{ split === 'outcome' && markers.length > 0 && (
				<div className="xmlrpc-shield-chart__escalations">
					<h3>
						{ __(
							'Automatic escalation in this period',
							'xmlrpc-shield'
						) }
					</h3>
					<ul data-testid="chart-escalations">
						{ markers.map( ( marker, index ) => (
							<li // Two events may share a second and a label (off, then off again).
								key={ `${ marker.at }-${ index }` }
							>
								<time
									dateTime={ new Date(
										marker.at * 1000
									).toISOString() }
								>
									{ formatSiteTime( marker.at, withDate ) }
								</time>{ ' ' }
								{ marker.label }
							</li>
						) ) }
					</ul>
				</div>
			) }
		</Section>
	);
}
