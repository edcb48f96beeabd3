/**
 * The newest log rows (one per address, minute, method and outcome), with the user agent as
 * the client sent it — shown as text, whatever it holds.
 */
import { Button, TextControl } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { api } from '../api/client';
import type { HitsPage } from '../api/types';
import { cidrError } from '../common/cidr';
import { formatNumber } from '../common/format';
import { outcomeLabel } from '../common/outcomes';
import { Section } from '../common/Section';
import { formatSiteTime } from '../common/siteTime';
import { DataTable } from '../common/DataTable';
import { useResource } from '../common/useResource';

const PER_PAGE = 10;

export function RecentHits( { refreshKey }: { refreshKey: number } ) {
	const [ page, setPage ] = useState( 1 );
	const [ ip, setIp ] = useState( '' );
	const [ filter, setFilter ] = useState( '' );
	const hits = useResource< HitsPage >(
		() => api.hits( page, PER_PAGE, { ip: filter } ),
		[ page, filter, refreshKey ]
	);
	const ipError =
		ip !== '' && ip.includes( '/' )
			? __( 'Enter a single address, not a range.', 'xmlrpc-shield' )
			: ( ip !== '' && cidrError( ip ) ) || null;
	const data = hits.data;

	return (
		<Section
			id="xmlrpc-shield-hits-title"
			title={ __( 'Recent requests', 'xmlrpc-shield' ) }
			loading={ hits.loading && ! data }
			error={ hits.error }
			onRetry={ hits.reload }
		>
			<form
				className="xmlrpc-shield-export__controls"
				onSubmit={ ( event ) => {
					event.preventDefault();
					if ( ! ipError ) {
						setPage( 1 );
						setFilter( ip.trim() );
					}
				} }
			>
				<TextControl
					label={ __( 'Only this IP address', 'xmlrpc-shield' ) }
					value={ ip }
					onChange={ setIp }
					help={ ipError ?? undefined }
					__next40pxDefaultSize
					__nextHasNoMarginBottom
				/>
				<Button
					variant="secondary"
					type="submit"
					disabled={ ipError !== null }
				>
					{ __( 'Filter', 'xmlrpc-shield' ) }
				</Button>
			</form>
			{ data && data.items.length === 0 && (
				<p className="xmlrpc-shield-empty">
					{ __( 'No requests logged yet.', 'xmlrpc-shield' ) }
				</p>
			) }
			{ data && data.items.length > 0 && (
				<>
					<DataTable
						label={ __( 'Logged requests', 'xmlrpc-shield' ) }
						caption={ __(
							'Recent XML-RPC requests, newest first',
							'xmlrpc-shield'
						) }
						columns={ [
							__( 'Minute', 'xmlrpc-shield' ),
							__( 'IP address', 'xmlrpc-shield' ),
							__( 'Method', 'xmlrpc-shield' ),
							__( 'Outcome', 'xmlrpc-shield' ),
							{
								label: __( 'Requests', 'xmlrpc-shield' ),
								numeric: true,
							},
							__( 'User agent', 'xmlrpc-shield' ),
						] }
						testId="recent-hits"
					>
						{ data.items.map( ( hit ) => (
							<tr key={ hit.id }>
								<td>{ formatSiteTime( hit.bucket, true ) }</td>
								<td>
									<code>{ hit.ip }</code>
								</td>
								<td>
									{ hit.method ||
										__( '(none)', 'xmlrpc-shield' ) }
								</td>
								<td>{ outcomeLabel( hit.outcome ) }</td>
								<td className="num">
									{ formatNumber( hit.hits ) }
								</td>
								<td className="xmlrpc-shield-ua">
									{ hit.user_agent }
								</td>
							</tr>
						) ) }
					</DataTable>
					<p className="xmlrpc-shield-pager">
						<Button
							variant="secondary"
							size="small"
							disabled={ page <= 1 }
							accessibleWhenDisabled
							onClick={ () => setPage( page - 1 ) }
						>
							{ __( 'Newer', 'xmlrpc-shield' ) }
						</Button>{ ' ' }
						<span>
							{ sprintf(
								/* translators: 1: page number, 2: number of pages, 3: number of rows. */
								__(
									'Page %1$d of %2$d (%3$s rows)',
									'xmlrpc-shield'
								),
								page,
								Math.max( 1, data.totalPages ),
								formatNumber( data.total )
							) }
						</span>{ ' ' }
						<Button
							variant="secondary"
							size="small"
							disabled={ page >= data.totalPages }
							accessibleWhenDisabled
							onClick={ () => setPage( page + 1 ) }
						>
							{ __( 'Older', 'xmlrpc-shield' ) }
						</Button>
					</p>
				</>
			) }
		</Section>
	);
}
