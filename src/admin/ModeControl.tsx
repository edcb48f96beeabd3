/**
 * The one control that changes the mode: a card per mode saying what it does, applied only by
 * the "Apply mode" button (arrow keys and clicks just choose), with a confirmation when the
 * change lets more requests through.
 */
import {
	Button,
	// WordPress (6.7 to 7.1) ships ConfirmDialog only under its experimental name.
	// eslint-disable-next-line @wordpress/no-unsafe-wp-apis
	__experimentalConfirmDialog as ConfirmDialog,
} from '@wordpress/components';
import { useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { api } from '../api/client';
import type { Mode } from '../api/types';
import {
	lowersProtection,
	modeDescription,
	modeLabel,
	MODES,
} from '../common/modes';
import { dialogName } from '../common/dialogName';
import { Section } from '../common/Section';
import { ActionNotice, useAction } from '../common/useAction';

interface Props {
	/** The mode in force, as the server last said. */
	mode: Mode;
	onApplied: () => void;
}

/**
 * The server-rendered activation notice above the page describes the mode it was printed
 * with; once the mode changes here it would say something false, so it goes.
 */
function retireActivationNotice(): void {
	document.getElementById( 'xmlrpc-shield-activation-notice' )?.remove();
}

export function ModeControl( { mode, onApplied }: Props ) {
	const [ current, setCurrent ] = useState< Mode >( mode );
	const [ choice, setChoice ] = useState< Mode >( mode );
	const [ confirming, setConfirming ] = useState( false );
	const action = useAction();
	const cards = useRef< HTMLFieldSetElement >( null );

	// The mode changed elsewhere (another tab, WP-CLI): follow it unless the owner is choosing.
	useEffect( () => {
		setChoice( ( chosen ) => ( chosen === current ? mode : chosen ) );
		setCurrent( mode );
		// eslint-disable-next-line react-hooks/exhaustive-deps -- only a new server value counts.
	}, [ mode ] );

	const apply = async () => {
		const target = choice;
		const ok = await action.run( async () => {
			const saved = await api.saveSettings( { mode: target } );
			setCurrent( saved.mode );
			return sprintf(
				/* translators: %s: the mode's name. */
				__( 'Mode changed to %s.', 'xmlrpc-shield' ),
				modeLabel( saved.mode )
			);
		} );
		// Keep the keyboard where it was working, never on <body>.
		cards.current
			?.querySelector< HTMLInputElement >( 'input:checked' )
			?.focus();
		if ( ok ) {
			retireActivationNotice();
			onApplied();
		}
	};

	const requestApply = () => {
		if ( lowersProtection( current, choice ) ) {
			setConfirming( true );
		} else {
			apply();
		}
	};

	return (
		<Section
			id="xmlrpc-shield-mode"
			title={ __( 'Protection mode', 'xmlrpc-shield' ) }
		>
			<ActionNotice action={ action } />
			<form
				onSubmit={ ( event ) => {
					event.preventDefault();
					requestApply();
				} }
			>
				<fieldset className="xmlrpc-shield-modes" ref={ cards }>
					<legend className="screen-reader-text">
						{ __( 'Mode', 'xmlrpc-shield' ) }
					</legend>
					{ MODES.map( ( option ) => (
						<div
							key={ option }
							className={
								'xmlrpc-shield-mode-card' +
								( option === choice ? ' is-selected' : '' )
							}
						>
							<input
								type="radio"
								id={ `xmlrpc-shield-mode-${ option }` }
								name="xmlrpc-shield-mode"
								value={ option }
								checked={ option === choice }
								onChange={ () => setChoice( option ) }
								aria-describedby={ `xmlrpc-shield-mode-${ option }-help` }
							/>
							<label htmlFor={ `xmlrpc-shield-mode-${ option }` }>
								{ modeLabel( option ) }
							</label>
							{ option === current && (
								<span className="xmlrpc-shield-mode-card__current">
									{ __( 'In force', 'xmlrpc-shield' ) }
								</span>
							) }
							<p
								id={ `xmlrpc-shield-mode-${ option }-help` }
								className="xmlrpc-shield-mode-card__description"
							>
								{ modeDescription( option ) }
							</p>
						</div>
					) ) }
				</fieldset>
				<p className="xmlrpc-shield-modes__apply">
					<Button
						variant="primary"
						type="submit"
						isBusy={ action.busy }
						disabled={ action.busy || choice === current }
						accessibleWhenDisabled
					>
						{ __( 'Apply mode', 'xmlrpc-shield' ) }
					</Button>{ ' ' }
					{ choice !== current && (
						<span data-testid="mode-pending">
							{ sprintf(
								/* translators: %s: the mode's name. */
								__(
									'Not applied yet: "%s" is still in force.',
									'xmlrpc-shield'
								),
								modeLabel( current )
							) }
						</span>
					) }
				</p>
			</form>
			<ConfirmDialog
				isOpen={ confirming }
				{ ...dialogName(
					__( 'Lower the protection?', 'xmlrpc-shield' )
				) }
				confirmButtonText={ sprintf(
					/* translators: %s: the mode's name. */
					__( 'Switch to %s', 'xmlrpc-shield' ),
					modeLabel( choice )
				) }
				onConfirm={ () => {
					setConfirming( false );
					apply();
				} }
				onCancel={ () => setConfirming( false ) }
			>
				{ sprintf(
					/* translators: 1: the mode in force, 2: the mode chosen, 3: what the chosen mode does. */
					__(
						'This lowers protection, from "%1$s" to "%2$s". %3$s',
						'xmlrpc-shield'
					),
					modeLabel( current ),
					modeLabel( choice ),
					modeDescription( choice )
				) }
			</ConfirmDialog>
		</Section>
	);
}
