/**
 * Keyboard focus for a question asked in place of a button ("Remove?", "Let … through?"): the
 * button goes away while the question shows, so without this the focus falls to <body>. The
 * question takes the focus on its safe answer (Cancel); Cancel gives it back to the button
 * that asked. Confirming moves on to the action's notice (FocusableNotice).
 */
import { useEffect, useRef } from '@wordpress/element';

/** Class name of the question's Cancel button, where the focus goes when it is asked. */
export const CONFIRM_CANCEL_CLASS = 'xmlrpc-shield-confirm__cancel';

/**
 * @param confirming Whether the question shows now.
 * @return Refs for the question and the button that asks, and `cancelled()` for Cancel to call.
 */
export function useConfirmFocus( confirming: boolean ) {
	const question = useRef< HTMLSpanElement >( null );
	const trigger = useRef< HTMLButtonElement >( null );
	const cancelled = useRef( false );
	useEffect( () => {
		if ( confirming ) {
			question.current
				?.querySelector< HTMLElement >( `.${ CONFIRM_CANCEL_CLASS }` )
				?.focus();
		} else if ( cancelled.current ) {
			cancelled.current = false;
			trigger.current?.focus();
		}
	}, [ confirming ] );
	return {
		question,
		trigger,
		cancelled: () => {
			cancelled.current = true;
		},
	};
}
