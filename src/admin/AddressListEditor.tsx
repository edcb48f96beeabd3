/**
 * An address list (allowlist or denylist): add with inline validation and a label, remove with
 * confirmation. The server validates and explains (an entry already covered, a network that
 * may not be denied); its words are shown beside the form. Each list brings its own words and,
 * for the allowlist, its presets.
 */
import { Button, TextControl } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { ReactNode } from 'react';

import { api } from '../api/client';
import type { ListEntry, ListName } from '../api/types';
import { cidrError } from '../common/cidr';
import { DataTable } from '../common/DataTable';
import { ConfirmInPlace } from '../common/ConfirmInPlace';
import { fieldError } from '../common/fieldError';
import { Section } from '../common/Section';
import { ActionNotice, useAction } from '../common/useAction';
import type { RunOptions } from '../common/useAction';
import { useResource } from '../common/useResource';
import { formatSiteTime } from '../common/siteTime';

export interface ListWords {
	title: string;
	intro: ReactNode;
	/** The submit button. */
	add: string;
	/** Success after adding a range. */
	added: ( cidr: string ) => string;
	/** Success after removing a range. */
	removed: ( cidr: string ) => string;
	empty: string;
	/** The table's caption. */
	caption: string;
}

function sourceLabel( source: string ): string {
	switch ( source ) {
		case 'preset:server':
			return __( 'This server', 'xmlrpc-shield' );
		case 'preset:server-network':
			return __( 'This server’s network', 'xmlrpc-shield' );
		case 'preset:jetpack':
			return __( 'Jetpack', 'xmlrpc-shield' );
		case 'offenders':
			return __( 'From top offenders', 'xmlrpc-shield' );
		default:
			return __( 'Added by hand', 'xmlrpc-shield' );
	}
}

interface Props {
	name: ListName;
	words: ListWords;
	refreshKey: number;
	onChange: () => void;
	/**
	 * More controls under the form (the allowlist's presets). They run their work through the
	 * editor, so its notice, busy state and refresh apply.
	 */
	extra?: (
		run: ( work: () => Promise< string > ) => void,
		busy: boolean
	) => ReactNode;
}

export function AddressListEditor( {
	name,
	words,
	refreshKey,
	onChange,
	extra,
}: Props ) {
	const list = useResource< ListEntry[] >(
		() => api.list( name ),
		[ name, refreshKey ]
	);
	const [ cidr, setCidr ] = useState( '' );
	const [ label, setLabel ] = useState( '' );
	const [ touched, setTouched ] = useState( false );
	const [ confirming, setConfirming ] = useState( '' );
	// The server's refusals of the form's own fields are shown at the field (e.g. "already
	// covered by 203.0.113.0/24"), everything else in the notice.
	const action = useAction( [ 'cidr', 'label' ] );
	// Which control ran the last action: its notice is shown beside it.
	const [ origin, setOrigin ] = useState< 'form' | 'extra' >( 'form' );

	const inlineError =
		( touched ? cidrError( cidr ) : null ) ??
		action.fieldErrors.cidr ??
		null;

	const run = async (
		work: () => Promise< string >,
		options?: RunOptions
	) => {
		if ( await action.run( work, options ) ) {
			list.reload();
			onChange();
		}
	};
	const runExtra = ( work: () => Promise< string > ) => {
		setOrigin( 'extra' );
		run( work );
	};

	const add = ( event: { preventDefault: () => void } ) => {
		event.preventDefault();
		setOrigin( 'form' );
		setTouched( true );
		if ( cidrError( cidr ) ) {
			return;
		}
		run( async () => {
			const entry = await api.addToList(
				name,
				cidr.trim(),
				label.trim()
			);
			setCidr( '' );
			setLabel( '' );
			setTouched( false );
			return [ words.added( entry.cidr ), entry.note ]
				.filter( Boolean )
				.join( ' ' );
		} );
	};

	// The row, and the button that removed it, go away: the notice takes the focus.
	const remove = ( entry: ListEntry ) => {
		setOrigin( 'form' );
		return run(
			async () => {
				await api.removeFromList( name, entry.cidr );
				setConfirming( '' );
				return words.removed( entry.cidr );
			},
			{ focusNotice: true }
		);
	};

	const entries = list.data ?? [];
	return (
		<Section
			id={ `xmlrpc-shield-${ name }-title` }
			title={ words.title }
			loading={ list.loading && ! list.data }
			error={ list.error }
			onRetry={ list.reload }
		>
			<p>{ words.intro }</p>
			{ origin === 'form' && <ActionNotice action={ action } /> }
			<form
				className="xmlrpc-shield-list__form"
				onSubmit={ add }
				noValidate
			>
				<TextControl
					label={ __( 'IP address or CIDR range', 'xmlrpc-shield' ) }
					value={ cidr }
					placeholder="192.0.2.0/24"
					onChange={ ( value ) => {
						setCidr( value );
						setTouched( value !== '' );
						action.clearField( 'cidr' );
					} }
					{ ...fieldError( inlineError ) }
					__nextHasNoMarginBottom
					__next40pxDefaultSize
				/>
				<TextControl
					label={ __( 'Label (optional)', 'xmlrpc-shield' ) }
					value={ label }
					onChange={ ( value ) => {
						setLabel( value );
						action.clearField( 'label' );
					} }
					{ ...fieldError( action.fieldErrors.label ) }
					__nextHasNoMarginBottom
					__next40pxDefaultSize
				/>
				<Button
					variant="primary"
					type="submit"
					isBusy={ action.busy }
					disabled={ action.busy }
					accessibleWhenDisabled
				>
					{ words.add }
				</Button>
			</form>
			{ extra?.( runExtra, action.busy ) }
			{ origin === 'extra' && <ActionNotice action={ action } /> }
			{ list.data && entries.length === 0 && (
				<p className="xmlrpc-shield-empty">{ words.empty }</p>
			) }
			{ entries.length > 0 && (
				<DataTable
					label={ words.caption }
					caption={ words.caption }
					columns={ [
						__( 'Range', 'xmlrpc-shield' ),
						__( 'Label', 'xmlrpc-shield' ),
						__( 'Source', 'xmlrpc-shield' ),
						__( 'Added', 'xmlrpc-shield' ),
						__( 'Actions', 'xmlrpc-shield' ),
					] }
				>
					{ entries.map( ( entry ) => (
						<tr key={ entry.cidr }>
							<td>
								<code>{ entry.cidr }</code>
							</td>
							<td>{ entry.label }</td>
							<td>{ sourceLabel( entry.source ) }</td>
							<td>
								{ entry.created
									? formatSiteTime( entry.created, true )
									: '—' }
							</td>
							<td className="xmlrpc-shield-actions">
								<RemoveAction
									cidr={ entry.cidr }
									confirming={ confirming === entry.cidr }
									busy={ action.busy }
									onAsk={ () => setConfirming( entry.cidr ) }
									onCancel={ () => setConfirming( '' ) }
									onConfirm={ () => remove( entry ) }
								/>
							</td>
						</tr>
					) ) }
				</DataTable>
			) }
		</Section>
	);
}

/**
 * A row's Remove, asking first in its place (ConfirmInPlace).
 *
 * @param props            Props.
 * @param props.cidr       The row's range.
 * @param props.confirming Whether the question shows.
 * @param props.busy       An action of the list is running.
 * @param props.onAsk      Remove was pressed.
 * @param props.onCancel   Cancel was pressed.
 * @param props.onConfirm  "Yes, remove" was pressed.
 */
function RemoveAction( {
	cidr,
	confirming,
	busy,
	onAsk,
	onCancel,
	onConfirm,
}: {
	cidr: string;
	confirming: boolean;
	busy: boolean;
	onAsk: () => void;
	onCancel: () => void;
	onConfirm: () => void;
} ) {
	return (
		<ConfirmInPlace
			confirming={ confirming }
			id={ `xmlrpc-shield-remove-question-${ cidr }` }
			question={ sprintf(
				/* translators: %s: an IP address or range. */
				__( 'Remove %s?', 'xmlrpc-shield' ),
				cidr
			) }
			confirmLabel={ __( 'Yes, remove', 'xmlrpc-shield' ) }
			destructive
			busy={ busy }
			onConfirm={ onConfirm }
			onCancel={ onCancel }
		>
			{ ( trigger ) => (
				<Button
					ref={ trigger }
					variant="tertiary"
					isDestructive
					size="small"
					onClick={ onAsk }
					label={ sprintf(
						/* translators: %s: an IP address or range. */
						__( 'Remove %s', 'xmlrpc-shield' ),
						cidr
					) }
				>
					{ __( 'Remove', 'xmlrpc-shield' ) }
				</Button>
			) }
		</ConfirmInPlace>
	);
}
