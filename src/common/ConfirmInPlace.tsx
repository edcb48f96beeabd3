/**
 * A question asked in place of the button that asks it ("Remove …?", "Let … reach XML-RPC…?"):
 * the question, its confirming button and Cancel, as one named group; the focus follows
 * (useConfirmFocus). The one shape every row action that asks first uses.
 */
import { Button } from '@wordpress/components';
import type { ReactNode, RefObject } from 'react';

import { __ } from '@wordpress/i18n';

import { CONFIRM_CANCEL_CLASS, useConfirmFocus } from './useConfirmFocus';

interface Props {
	/** Whether the question shows now (else the controls that ask it). */
	confirming: boolean;
	/** The question element's id, unique on the page: it names the group. */
	id: string;
	question: string;
	/** The confirming button's text ("Yes, remove"). */
	confirmLabel: string;
	/** The confirmation destroys something: its button says so. */
	destructive?: boolean;
	/** An action is running: the confirming button waits (stays focusable). */
	busy: boolean;
	/** This question's own action is running: its button spins. */
	isBusy?: boolean;
	onConfirm: () => void;
	onCancel: () => void;
	/**
	 * The controls shown while not asking; the one that asks takes the ref, so Cancel gives the
	 * focus back to it.
	 */
	children: ( trigger: RefObject< HTMLButtonElement > ) => ReactNode;
}

/**
 * @param props Props.
 */
export function ConfirmInPlace( props: Props ) {
	const focus = useConfirmFocus( props.confirming );
	if ( ! props.confirming ) {
		return <>{ props.children( focus.trigger ) }</>;
	}
	return (
		<span role="group" aria-labelledby={ props.id } ref={ focus.question }>
			<span id={ props.id }>{ props.question }</span>{ ' ' }
			<Button
				variant="secondary"
				isDestructive={ props.destructive }
				size="small"
				isBusy={ props.isBusy }
				disabled={ props.busy }
				accessibleWhenDisabled
				onClick={ props.onConfirm }
			>
				{ props.confirmLabel }
			</Button>
			<Button
				variant="tertiary"
				size="small"
				className={ CONFIRM_CANCEL_CLASS }
				onClick={ () => {
					focus.cancelled();
					props.onCancel();
				} }
			>
				{ __( 'Cancel', 'xmlrpc-shield' ) }
			</Button>
		</span>
	);
}
