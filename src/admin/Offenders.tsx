/**
 * Top offenders by address, subnet or method, with one-click allowlisting and a firewall rule
 * to copy for the offender's network.
 */
import { Button, Notice, SelectControl } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { api, toApiError } from '../api/client';
import type { Range, TopBy, TopOffenders } from '../api/types';
import { subnetOf } from '../common/cidr';
import { copyText } from '../common/clipboard';
import { firewallRule } from '../common/firewall';
import { formatNumber, formatTime } from '../common/format';
import { Section } from '../common/Section';
import { useResource } from '../common/useResource';

const COLUMN_TITLES: Record< TopBy, string > = {
	method: __( 'Method', 'xmlrpc-shield' ),
	ip: __( 'IP address', 'xmlrpc-shield' ),
	subnet: __( 'Subnet', 'xmlrpc-shield' ),
};

interface Props {
	refreshKey: number;
	onAllowlisted: () => void;
}

export function Offenders( { refreshKey, onAllowlisted }: Props ) {
	const [ by, setBy ] = useState< TopBy >( 'subnet' );
	const [ range, setRange ] = useState< Range >( '24h' );
	const [ notice, setNotice ] = useState< {
		ok: boolean;
		text: string;
		rule?: string;
	} | null >( null );
	const [ busyKey, setBusyKey ] = useState( '' );
	const top = useResource< TopOffenders >(
		() => api.top( by, range, 10 ),
		[ by, range, refreshKey ]
	);

	const allowlist = async ( key: string ) => {
		setBusyKey( key );
		setNotice( null );
		try {
			const entry = await api.addAllowlist(
				key,
				__( 'From top offenders', 'xmlrpc-shield' )
			);
			setNotice( {
				ok: true,
				text: sprintf(
					/* translators: %s: an IP address or range. */
					__( '%s is now allowlisted.', 'xmlrpc-shield' ),
					entry.cidr
				),
			} );
			top.reload();
			onAllowlisted();
		} catch ( error ) {
			setNotice( { ok: false, text: toApiError( error ).message } );
		} finally {
			setBusyKey( '' );
		}
	};

	const copyRule = async ( key: string ) => {
		const rule = firewallRule( subnetOf( key ) );
		const copied = await copyText( rule );
		setNotice(
			copied
				? {
						ok: true,
						text: __( 'Firewall rule copied:', 'xmlrpc-shield' ),
						rule,
				  }
				: {
						ok: false,
						text: __(
							'Could not copy. Select the rule and copy it yourself:',
							'xmlrpc-shield'
						),
						rule,
				  }
		);
	};

	const controls = (
		<div className="xmlrpc-shield-offenders__controls">
			<SelectControl
				label={ __( 'Group by', 'xmlrpc-shield' ) }
				value={ by }
				options={ [
					{
						value: 'subnet',
						label: __( 'Subnet (/24, /64)', 'xmlrpc-shield' ),
					},
					{ value: 'ip', label: __( 'IP address', 'xmlrpc-shield' ) },
					{ value: 'method', label: __( 'Method', 'xmlrpc-shield' ) },
				] }
				onChange={ ( value ) => setBy( value as TopBy ) }
				__nextHasNoMarginBottom
				__next40pxDefaultSize
			/>
			<SelectControl
				label={ __( 'Period', 'xmlrpc-shield' ) }
				value={ range }
				options={ [
					{ value: '1h', label: __( 'Last hour', 'xmlrpc-shield' ) },
					{
						value: '24h',
						label: __( 'Last 24 hours', 'xmlrpc-shield' ),
					},
					{
						value: '7d',
						label: __( 'Last 7 days', 'xmlrpc-shield' ),
					},
					{
						value: '30d',
						label: __( 'Last 30 days', 'xmlrpc-shield' ),
					},
				] }
				onChange={ ( value ) => setRange( value as Range ) }
				__nextHasNoMarginBottom
				__next40pxDefaultSize
			/>
		</div>
	);

	const items = top.data?.items ?? [];
	return (
		<Section
			id="xmlrpc-shield-offenders-title"
			title={ __( 'Top offenders', 'xmlrpc-shield' ) }
			loading={ top.loading && ! top.data }
			error={ top.error }
			onRetry={ top.reload }
			actions={ controls }
		>
			{ notice && (
				<Notice
					status={ notice.ok ? 'success' : 'error' }
					onRemove={ () => setNotice( null ) }
				>
					<p>{ notice.text }</p>
					{ notice.rule && (
						<code className="xmlrpc-shield-rule">
							{ notice.rule }
						</code>
					) }
				</Notice>
			) }
			{ top.data && items.length === 0 && (
				<p className="xmlrpc-shield-empty">
					{ __( 'No offenders in this period.', 'xmlrpc-shield' ) }
				</p>
			) }
			{ items.length > 0 && (
				<div
					className="xmlrpc-shield-table-scroll"
					role="region"
					aria-label={ __( 'Top offenders table', 'xmlrpc-shield' ) }
					// A region that may scroll sideways must be reachable by keyboard.
					tabIndex={ 0 }
				>
					<table className="widefat striped xmlrpc-shield-table">
						<thead>
							<tr>
								<th scope="col">{ COLUMN_TITLES[ by ] }</th>
								<th scope="col" className="num">
									{ __( 'Requests', 'xmlrpc-shield' ) }
								</th>
								<th scope="col" className="num">
									{ __( 'Blocked', 'xmlrpc-shield' ) }
								</th>
								<th scope="col">
									{ __( 'Last seen', 'xmlrpc-shield' ) }
								</th>
								{ by !== 'method' && (
									<th scope="col">
										{ __( 'Actions', 'xmlrpc-shield' ) }
									</th>
								) }
							</tr>
						</thead>
						<tbody>
							{ items.map( ( item ) => (
								<tr key={ item.key }>
									<td>
										<code>
											{ item.key ||
												__(
													'(none)',
													'xmlrpc-shield'
												) }
										</code>
									</td>
									<td className="num">
										{ formatNumber( item.hits ) }
									</td>
									<td className="num">
										{ formatNumber( item.blocked ) }
									</td>
									<td>
										{ formatTime( item.last_seen, true ) }
									</td>
									{ by !== 'method' && (
										<td className="xmlrpc-shield-actions">
											{ item.allowlisted ? (
												<span>
													{ __(
														'Allowlisted',
														'xmlrpc-shield'
													) }
												</span>
											) : (
												<Button
													variant="secondary"
													size="small"
													isBusy={
														busyKey === item.key
													}
													disabled={ busyKey !== '' }
													onClick={ () =>
														allowlist( item.key )
													}
													label={ sprintf(
														/* translators: %s: an IP address or range. */
														__(
															'Allowlist %s',
															'xmlrpc-shield'
														),
														item.key
													) }
												>
													{ __(
														'Allowlist',
														'xmlrpc-shield'
													) }
												</Button>
											) }
											<Button
												variant="tertiary"
												size="small"
												onClick={ () =>
													copyRule( item.key )
												}
												label={ sprintf(
													/* translators: %s: an IP range. */
													__(
														'Copy a firewall rule for %s',
														'xmlrpc-shield'
													),
													subnetOf( item.key )
												) }
											>
												{ __(
													'Copy firewall rule',
													'xmlrpc-shield'
												) }
											</Button>
										</td>
									) }
								</tr>
							) ) }
						</tbody>
					</table>
				</div>
			) }
		</Section>
	);
}
