/**
 * Top offenders by address, subnet or method. "Block" (the denylist) is the first action;
 * "Allowlist" lets a network through in every mode, so it asks first; both can be undone from
 * their notice. Rows for this server, loopback and private networks are marked and offer no
 * Block and no firewall rule: refusing them would refuse the site's own requests.
 */
import { Button, SelectControl } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { Ref } from 'react';

import { api } from '../api/client';
import type {
	ListName,
	Offender,
	Range,
	ReservedKind,
	TopBy,
	TopOffenders,
} from '../api/types';
import { subnetOf } from '../common/cidr';
import { copyText } from '../common/clipboard';
import { DataTable } from '../common/DataTable';
import { ConfirmInPlace } from '../common/ConfirmInPlace';
import { firewallRule } from '../common/firewall';
import { formatNumber } from '../common/format';
import { GROUPING_LABELS } from '../common/groupings';
import { Section } from '../common/Section';
import { RangeSelect } from '../common/RangeSelect';
import { ActionNotice, useAction } from '../common/useAction';
import type { ActionResult } from '../common/useAction';
import { useResource } from '../common/useResource';
import { formatSiteTime } from '../common/siteTime';

const COLUMN_TITLES: Record< TopBy, string > = {
	method: __( 'Method', 'xmlrpc-shield' ),
	ip: __( 'IP address', 'xmlrpc-shield' ),
	subnet: __( 'Subnet', 'xmlrpc-shield' ),
};

const CAPTIONS: Record< TopBy, string > = {
	method: __( 'Top offending methods', 'xmlrpc-shield' ),
	ip: __( 'Top offending IP addresses', 'xmlrpc-shield' ),
	subnet: __( 'Top offending subnets', 'xmlrpc-shield' ),
};

const RESERVED_LABELS: Record< Exclude< ReservedKind, '' >, string > = {
	'this-server': __( 'This server', 'xmlrpc-shield' ),
	loopback: __( 'Loopback', 'xmlrpc-shield' ),
	private: __( 'Private network', 'xmlrpc-shield' ),
};

type RowButton = 'block' | 'allowlist';

/**
 * Block's or Allowlist's name, which says the row: a screen reader lists buttons by name.
 *
 * @param kind The button.
 * @param key  The row's address or range.
 */
function rowButtonName( kind: RowButton, key: string ): string {
	return kind === 'block'
		? sprintf(
				/* translators: %s: an IP address or range. */
				__( 'Block %s', 'xmlrpc-shield' ),
				key
		  )
		: sprintf(
				/* translators: %s: an IP address or range. */
				__( 'Allowlist %s', 'xmlrpc-shield' ),
				key
		  );
}

interface Props {
	refreshKey: number;
	/** The allowlist or the denylist changed. */
	onListChange: () => void;
}

/** What the section's notice shows beside its text. */
interface NoticeExtra {
	/** The firewall rule, to copy by hand when the clipboard refused. */
	rule?: string;
	/** Takes the change back: offered as the notice's Undo. */
	undo?: () => void;
}

export function Offenders( { refreshKey, onListChange }: Props ) {
	const [ by, setBy ] = useState< TopBy >( 'subnet' );
	const [ range, setRange ] = useState< Range >( '24h' );
	const action = useAction< NoticeExtra >();
	// The row whose change runs (or ran last): its button spins while action.busy.
	const [ changing, setChanging ] = useState( '' );
	const [ confirming, setConfirming ] = useState( '' );
	const top = useResource< TopOffenders >(
		() => api.top( by, range, 10 ),
		[ by, range, refreshKey ]
	);

	/**
	 * Runs a list change for a row, then shows its notice and refreshes. The notice takes the
	 * keyboard's focus (its Undo, else the notice): the row's button that ran the change goes
	 * away once the list reloads.
	 *
	 * @param key  The row (or range) the change is for.
	 * @param work The change; returns the notice's text and Undo.
	 */
	const change = async (
		key: string,
		work: () => Promise< ActionResult< NoticeExtra > >
	) => {
		setChanging( key );
		await action.run(
			async () => {
				const said = await work();
				top.reload();
				onListChange();
				return said;
			},
			{ focusNotice: true }
		);
		setConfirming( '' );
	};

	const undo = ( name: ListName, cidr: string ) => () =>
		change( cidr, async () => {
			await api.removeFromList( name, cidr );
			return name === 'denylist'
				? sprintf(
						/* translators: %s: an IP address or range. */
						__(
							'Undone: %s is off the denylist.',
							'xmlrpc-shield'
						),
						cidr
				  )
				: sprintf(
						/* translators: %s: an IP address or range. */
						__(
							'Undone: %s is off the allowlist.',
							'xmlrpc-shield'
						),
						cidr
				  );
		} );

	const addFromOffenders = ( name: ListName, key: string ) =>
		api.addToList(
			name,
			key,
			__( 'From top offenders', 'xmlrpc-shield' ),
			'offenders'
		);

	const block = ( key: string ) =>
		change( key, async () => {
			const entry = await addFromOffenders( 'denylist', key );
			return {
				text: [
					sprintf(
						/* translators: %s: an IP address or range. */
						__(
							'%s is now on the denylist: refused in every mode but Off.',
							'xmlrpc-shield'
						),
						entry.cidr
					),
					entry.note,
				]
					.filter( Boolean )
					.join( ' ' ),
				extra: { undo: undo( 'denylist', entry.cidr ) },
			};
		} );

	const allowlist = ( key: string ) =>
		change( key, async () => {
			const entry = await addFromOffenders( 'allowlist', key );
			return {
				text: sprintf(
					/* translators: %s: an IP address or range. */
					__( '%s is now allowlisted.', 'xmlrpc-shield' ),
					entry.cidr
				),
				extra: { undo: undo( 'allowlist', entry.cidr ) },
			};
		} );

	const copyRule = async ( key: string ) => {
		const rule = firewallRule( subnetOf( key ) );
		const copied = await copyText( rule );
		action.show(
			copied
				? {
						ok: true,
						text: __( 'Firewall rule copied:', 'xmlrpc-shield' ),
						extra: { rule },
				  }
				: {
						ok: false,
						text: __(
							'Could not copy. Select the rule and copy it yourself:',
							'xmlrpc-shield'
						),
						extra: { rule },
				  }
		);
	};

	const controls = (
		<div className="xmlrpc-shield-offenders__controls">
			<SelectControl
				label={ __( 'Group by', 'xmlrpc-shield' ) }
				value={ by }
				options={ ( Object.keys( GROUPING_LABELS ) as TopBy[] ).map(
					( value ) => ( {
						value,
						label: GROUPING_LABELS[ value ],
					} )
				) }
				onChange={ ( value ) => setBy( value as TopBy ) }
				__nextHasNoMarginBottom
				__next40pxDefaultSize
			/>
			<RangeSelect value={ range } onChange={ setRange } />
		</div>
	);

	const items = top.data?.items ?? [];
	const extra = action.message?.extra;
	return (
		<Section
			id="xmlrpc-shield-offenders-title"
			title={ __( 'Top offenders', 'xmlrpc-shield' ) }
			loading={ top.loading && ! top.data }
			error={ top.error }
			onRetry={ top.reload }
			actions={ controls }
		>
			<ActionNotice
				action={ action }
				actions={
					extra?.undo
						? [
								{
									label: __( 'Undo', 'xmlrpc-shield' ),
									onClick: extra.undo,
								},
						  ]
						: []
				}
			>
				<p>{ action.message?.text }</p>
				{ extra?.rule && (
					<code className="xmlrpc-shield-rule">{ extra.rule }</code>
				) }
			</ActionNotice>
			{ top.data && items.length === 0 && (
				<p className="xmlrpc-shield-empty">
					{ __( 'No offenders in this period.', 'xmlrpc-shield' ) }
				</p>
			) }
			{ items.length > 0 && (
				<DataTable
					label={ __( 'Top offenders table', 'xmlrpc-shield' ) }
					caption={ CAPTIONS[ by ] }
					columns={ [
						COLUMN_TITLES[ by ],
						{
							label: __( 'Requests', 'xmlrpc-shield' ),
							numeric: true,
						},
						{
							label: __( 'Blocked', 'xmlrpc-shield' ),
							numeric: true,
						},
						__( 'Last seen', 'xmlrpc-shield' ),
						by !== 'method' && __( 'Actions', 'xmlrpc-shield' ),
					] }
				>
					{ items.map( ( item ) => (
						<tr key={ item.key }>
							<td>
								<code>
									{ item.key ||
										__( '(none)', 'xmlrpc-shield' ) }
								</code>
							</td>
							<td className="num">
								{ formatNumber( item.hits ) }
							</td>
							<td className="num">
								{ formatNumber( item.blocked ) }
							</td>
							<td>{ formatSiteTime( item.last_seen, true ) }</td>
							{ by !== 'method' && (
								<td className="xmlrpc-shield-actions">
									<RowActions
										item={ item }
										busy={ action.busy }
										isBusy={
											action.busy && changing === item.key
										}
										confirming={ confirming === item.key }
										onBlock={ () => block( item.key ) }
										onAllowlist={ () =>
											setConfirming( item.key )
										}
										onConfirmAllowlist={ () =>
											allowlist( item.key )
										}
										onCancel={ () => setConfirming( '' ) }
										onCopyRule={ () =>
											copyRule( item.key )
										}
									/>
								</td>
							) }
						</tr>
					) ) }
				</DataTable>
			) }
		</Section>
	);
}

interface RowActionsProps {
	item: Offender;
	/** Some row's change is running. */
	busy: boolean;
	/** This row's change is running. */
	isBusy: boolean;
	confirming: boolean;
	onBlock: () => void;
	onAllowlist: () => void;
	onConfirmAllowlist: () => void;
	onCancel: () => void;
	onCopyRule: () => void;
}

/**
 * A row's actions: Block first; Allowlist behind a confirmation; the firewall rule. A row that
 * is this server, loopback or a private network only says so.
 *
 * @param props Props.
 */
function RowActions( props: RowActionsProps ) {
	const { item, busy, isBusy } = props;
	if ( item.reserved ) {
		return (
			<span className="xmlrpc-shield-reserved">
				<strong>{ RESERVED_LABELS[ item.reserved ] }</strong>{ ' ' }
				{ __(
					'Not blocked here: refusing it would refuse the site’s own requests or network.',
					'xmlrpc-shield'
				) }
			</span>
		);
	}
	// Block and Allowlist: a running change waits (still focusable).
	const rowButton = (
		kind: RowButton,
		own: {
			variant: 'primary' | 'tertiary';
			onClick: () => void;
			isBusy?: boolean;
			ref?: Ref< HTMLButtonElement >;
		}
	) => (
		<Button
			size="small"
			disabled={ busy }
			accessibleWhenDisabled
			label={ rowButtonName( kind, item.key ) }
			{ ...own }
		>
			{ kind === 'block'
				? __( 'Block', 'xmlrpc-shield' )
				: __( 'Allowlist', 'xmlrpc-shield' ) }
		</Button>
	);
	return (
		<ConfirmInPlace
			confirming={ props.confirming }
			id={ `xmlrpc-shield-allowlist-question-${ item.key }` }
			question={ sprintf(
				/* translators: %s: an IP address or range. */
				__(
					'Let %s reach XML-RPC in every mode, even Block?',
					'xmlrpc-shield'
				),
				item.key
			) }
			confirmLabel={ __( 'Yes, allowlist', 'xmlrpc-shield' ) }
			busy={ busy }
			isBusy={ isBusy }
			onConfirm={ props.onConfirmAllowlist }
			onCancel={ props.onCancel }
		>
			{ ( trigger ) => (
				<>
					{ item.denied ? (
						<span>{ __( 'Denied', 'xmlrpc-shield' ) }</span>
					) : (
						rowButton( 'block', {
							variant: 'primary',
							isBusy,
							onClick: props.onBlock,
						} )
					) }
					{ item.allowlisted ? (
						<span>{ __( 'Allowlisted', 'xmlrpc-shield' ) }</span>
					) : (
						! item.denied &&
						rowButton( 'allowlist', {
							ref: trigger,
							variant: 'tertiary',
							onClick: props.onAllowlist,
						} )
					) }
					<Button
						variant="tertiary"
						size="small"
						onClick={ props.onCopyRule }
						label={ sprintf(
							/* translators: %s: an IP range. */
							__( 'Copy firewall rule for %s', 'xmlrpc-shield' ),
							subnetOf( item.key )
						) }
					>
						{ __( 'Copy firewall rule', 'xmlrpc-shield' ) }
					</Button>
				</>
			) }
		</ConfirmInPlace>
	);
}
