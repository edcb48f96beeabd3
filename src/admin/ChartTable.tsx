/**
 * The chart's numbers as a table: its text alternative ("Show as table"), for screen readers,
 * for the keyboard and for anyone who wants the figures. The same data as the chart in its
 * current split: requests per time bucket by outcome, or requests per method.
 */
import { __ } from '@wordpress/i18n';

import type { Stats } from '../api/types';
import { ColumnHeads } from '../common/ColumnHeads';
import { formatNumber } from '../common/format';
import { OUTCOMES } from '../common/outcomes';
import { formatSiteTime } from '../common/siteTime';

interface Props {
	stats: Stats;
	split: 'outcome' | 'method';
	/** Whether the buckets span days, so each time shows its date. */
	withDate: boolean;
}

export function ChartTable( { stats, split, withDate }: Props ) {
	return (
		<div
			className="xmlrpc-shield-table-scroll xmlrpc-shield-chart__table"
			role="region"
			aria-labelledby="xmlrpc-shield-chart-table-caption"
			// The table may be taller than its box: reachable by keyboard to scroll.
			tabIndex={ 0 }
		>
			<table className="widefat striped xmlrpc-shield-table">
				{ split === 'outcome' ? (
					<>
						<caption id="xmlrpc-shield-chart-table-caption">
							{ __(
								'Requests over time, by outcome',
								'xmlrpc-shield'
							) }
						</caption>
						<ColumnHeads
							columns={ [
								__( 'Time', 'xmlrpc-shield' ),
								...OUTCOMES.map( ( outcome ) => ( {
									label: outcome.label,
									numeric: true,
								} ) ),
							] }
						/>
						<tbody>
							{ stats.series.map( ( point ) => (
								<tr key={ point.t }>
									<th scope="row">
										<time
											dateTime={ new Date(
												point.t * 1000
											).toISOString() }
										>
											{ formatSiteTime(
												point.t,
												withDate
											) }
										</time>
									</th>
									{ OUTCOMES.map( ( outcome ) => (
										<td key={ outcome.key } className="num">
											{ formatNumber(
												point[ outcome.key ] ?? 0
											) }
										</td>
									) ) }
								</tr>
							) ) }
						</tbody>
					</>
				) : (
					<>
						<caption id="xmlrpc-shield-chart-table-caption">
							{ __(
								'Requests per method in this period',
								'xmlrpc-shield'
							) }
						</caption>
						<ColumnHeads
							columns={ [
								__( 'Method', 'xmlrpc-shield' ),
								{
									label: __( 'Requests', 'xmlrpc-shield' ),
									numeric: true,
								},
							] }
						/>
						<tbody>
							{ stats.methods.map( ( m ) => (
								<tr key={ m.method }>
									<th scope="row">
										{ m.method ||
											__( '(none)', 'xmlrpc-shield' ) }
									</th>
									<td className="num">
										{ formatNumber( m.hits ) }
									</td>
								</tr>
							) ) }
						</tbody>
					</>
				) }
			</table>
		</div>
	);
}
