/**
 * Failed XML-RPC logins and lockouts: who guessed passwords, who is locked out until when
 * (with "Release"), and the policy that decides it (saved only by its own button).
 */
import { Button, CheckboxControl, TextControl } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import { api } from '../api/client';
import type { LockoutPolicy, LockoutReport } from '../api/types';
import { formatNumber } from '../common/format';
import { fieldError } from '../common/fieldError';
import { Section } from '../common/Section';
import { DataTable } from '../common/DataTable';
import { ActionNotice, useAction } from '../common/useAction';
import { useResource } from '../common/useResource';
import { formatSiteTime } from '../common/siteTime';

type PolicyNumber = 'threshold' | 'window_minutes' | 'duration_minutes';

const NUMBER_FIELDS: Array< { key: PolicyNumber; label: string } > = [
	{
		key: 'threshold',
		label: __( 'Failed logins that start a lockout', 'xmlrpc-shield' ),
	},
	{
		key: 'window_minutes',
		label: __( 'Counted within (minutes)', 'xmlrpc-shield' ),
	},
	{
		key: 'duration_minutes',
		label: __( 'Lockout lasts (minutes)', 'xmlrpc-shield' ),
	},
];

interface Draft {
	enabled: boolean;
	threshold: string;
	window_minutes: string;
	duration_minutes: string;
}

function toDraft( policy: LockoutPolicy ): Draft {
	return {
		enabled: policy.enabled,
		threshold: String( policy.threshold ),
		window_minutes: String( policy.window_minutes ),
		duration_minutes: String( policy.duration_minutes ),
	};
}

/** The clients table's columns; the last holds each row's Release, named for screen readers. */
const COLUMNS = [
	__( 'Client', 'xmlrpc-shield' ),
	__( 'Failed logins', 'xmlrpc-shield' ),
	__( 'Last failure', 'xmlrpc-shield' ),
	__( 'State', 'xmlrpc-shield' ),
	{
		label: (
			<span className="screen-reader-text">
				{ __( 'Actions', 'xmlrpc-shield' ) }
			</span>
		),
	},
];

export function Lockouts( {
	refreshKey,
	onChange,
}: {
	refreshKey: number;
	onChange: () => void;
} ) {
	const report = useResource< LockoutReport >(
		() => api.lockouts(),
		[ refreshKey ]
	);
	const release = useAction();
	// The policy's fields: a refused value is shown at its field.
	const save = useAction( [
		'enabled',
		'threshold',
		'window_minutes',
		'duration_minutes',
	] );
	const [ draft, setDraft ] = useState< Draft | null >( null );
	const policy = report.data?.policy;

	// The form starts from the saved policy; an edit in progress survives a refresh.
	useEffect( () => {
		if ( policy && draft === null ) {
			setDraft( toDraft( policy ) );
		}
	}, [ policy, draft ] );

	const items = report.data?.items ?? [];
	const locked = items.filter( ( item ) => item.locked );

	// The released row, and its button, go away: the notice takes the focus.
	const doRelease = ( client: string ) =>
		release.run(
			async () => {
				await api.releaseLockout( client );
				report.reload();
				onChange();
				return sprintf(
					/* translators: %s: IP address or IPv6 /64. */
					__(
						'Released %s: its next request is decided as usual.',
						'xmlrpc-shield'
					),
					client
				);
			},
			{ focusNotice: true }
		);

	const doSave = () =>
		save.run( async () => {
			if ( ! draft ) {
				return '';
			}
			const saved = await api.saveLockoutPolicy( {
				enabled: draft.enabled,
				threshold: Number( draft.threshold ),
				window_minutes: Number( draft.window_minutes ),
				duration_minutes: Number( draft.duration_minutes ),
			} );
			setDraft( toDraft( saved.policy ) );
			report.reload();
			return __( 'Lockout settings saved.', 'xmlrpc-shield' );
		} );

	return (
		<Section
			title={ __( 'Failed logins and lockouts', 'xmlrpc-shield' ) }
			id="xmlrpc-shield-lockouts"
			loading={ report.loading && ! report.data }
			error={ report.error }
			onRetry={ report.reload }
		>
			{ policy && (
				<p data-testid="lockouts-summary">
					{ ! policy.enabled
						? __(
								'Lockouts are off: failed logins are recorded, nobody is locked out.',
								'xmlrpc-shield'
						  )
						: sprintf(
								/* translators: %s: number of clients. */
								_n(
									'%s client is locked out now.',
									'%s clients are locked out now.',
									locked.length,
									'xmlrpc-shield'
								),
								formatNumber( locked.length )
						  ) }
				</p>
			) }
			<ActionNotice action={ release } />
			{ items.length === 0 ? (
				<p className="xmlrpc-shield-empty">
					{ __(
						'No failed XML-RPC logins on record.',
						'xmlrpc-shield'
					) }
				</p>
			) : (
				<DataTable
					label={ __(
						'Clients with failed XML-RPC logins',
						'xmlrpc-shield'
					) }
					columns={ COLUMNS }
				>
					{ items.map( ( item ) => (
						<tr key={ item.client }>
							<td>
								<code>{ item.client }</code>
							</td>
							<td>{ formatNumber( item.failures ) }</td>
							<td>
								{ formatSiteTime( item.last_failure, true ) }
							</td>
							<td>
								{ item.allowlisted &&
									__(
										'Allowlisted, so never locked out. A trusted server that guesses passwords may be compromised: look into it.',
										'xmlrpc-shield'
									) }
								{ ! item.allowlisted &&
									item.locked &&
									sprintf(
										/* translators: %s: date and time. */
										__(
											'Locked out until %s',
											'xmlrpc-shield'
										),
										formatSiteTime(
											item.locked_until,
											true
										)
									) }
								{ ! item.allowlisted &&
									! item.locked &&
									__( 'Counting', 'xmlrpc-shield' ) }
							</td>
							<td>
								<Button
									variant={
										item.locked ? 'secondary' : 'tertiary'
									}
									size="small"
									accessibleWhenDisabled
									disabled={ release.busy }
									onClick={ () => doRelease( item.client ) }
								>
									{ item.locked
										? __( 'Release', 'xmlrpc-shield' )
										: __( 'Forget', 'xmlrpc-shield' ) }
								</Button>
							</td>
						</tr>
					) ) }
				</DataTable>
			) }
			{ draft && (
				<div className="xmlrpc-shield-lockout-policy">
					<h3>{ __( 'When to lock out', 'xmlrpc-shield' ) }</h3>
					<CheckboxControl
						__nextHasNoMarginBottom
						label={ __(
							'Lock out a client (an IPv4 address or an IPv6 /64) after repeated failed XML-RPC logins',
							'xmlrpc-shield'
						) }
						checked={ draft.enabled }
						onChange={ ( enabled ) =>
							setDraft( { ...draft, enabled } )
						}
					/>
					{ NUMBER_FIELDS.map( ( field ) => (
						<TextControl
							key={ field.key }
							__nextHasNoMarginBottom
							__next40pxDefaultSize
							type="number"
							label={ field.label }
							value={ draft[ field.key ] }
							disabled={ ! draft.enabled }
							onChange={ ( value ) => {
								save.clearField( field.key );
								setDraft( { ...draft, [ field.key ]: value } );
							} }
							{ ...fieldError( save.fieldErrors[ field.key ] ) }
						/>
					) ) }
					<Button
						variant="primary"
						isBusy={ save.busy }
						accessibleWhenDisabled
						disabled={ save.busy }
						onClick={ doSave }
					>
						{ __( 'Save lockout settings', 'xmlrpc-shield' ) }
					</Button>
					<ActionNotice action={ save } />
				</div>
			) }
		</Section>
	);
}
