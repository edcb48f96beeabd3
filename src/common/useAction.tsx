/**
 * The shape every button that calls the API shares: busy while it runs, a success or error
 * notice afterwards, never an unhandled rejection. A button that runs one stays focusable while
 * busy (`accessibleWhenDisabled`): a natively disabled button drops the keyboard's focus to
 * <body>. An action that takes its own button away (a removed row) asks for the focus to go
 * to its notice instead.
 */
import { Notice } from '@wordpress/components';
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';

import type { ComponentProps, ReactNode } from 'react';

import { toApiError } from '../api/client';

export interface ActionMessage {
	ok: boolean;
	text: string;
	/** Move the focus to the notice once shown: the control that ran the action goes away. */
	focus?: boolean;
}

export interface RunOptions {
	/** Move the focus to the notice: the action removes the control that ran it. */
	focusNotice?: boolean;
}

export interface Action {
	busy: boolean;
	message: ActionMessage | null;
	/**
	 * Runs one API action. It returns the success text (or '' for none); a throw becomes the
	 * error notice. Resolves to whether it succeeded.
	 */
	run: (
		action: () => Promise< string >,
		options?: RunOptions
	) => Promise< boolean >;
	clear: () => void;
	/**
	 * The server's reasons for the fields the form shows (see useAction( fields )), to show at
	 * each field instead of in the notice.
	 */
	fieldErrors: Record< string, string >;
	/** Forgets one field's reason (its value changed). */
	clearField: ( field: string ) => void;
}

/**
 * @param fields The request fields the form shows as controls: a refusal that names only
 *               these (REST data.params) goes to fieldErrors, with no notice.
 */
export function useAction( fields: readonly string[] = [] ): Action {
	const [ busy, setBusy ] = useState( false );
	const [ message, setMessage ] = useState< ActionMessage | null >( null );
	const [ fieldErrors, setFieldErrors ] = useState<
		Record< string, string >
	>( {} );
	const shown = useRef( fields );
	shown.current = fields;
	const mounted = useRef( true );
	useEffect(
		() => () => {
			mounted.current = false;
		},
		[]
	);

	const run = useCallback(
		async ( action: () => Promise< string >, options: RunOptions = {} ) => {
			setBusy( true );
			setMessage( null );
			setFieldErrors( {} );
			let ok = false;
			let text = '';
			let atFields: Record< string, string > = {};
			try {
				text = await action();
				ok = true;
			} catch ( error ) {
				const apiError = toApiError( error );
				const named = Object.keys( apiError.fields );
				if (
					named.length > 0 &&
					named.every( ( field ) => shown.current.includes( field ) )
				) {
					atFields = apiError.fields;
				} else {
					text = apiError.message;
				}
			}
			// The section may have been taken away while the request ran.
			if ( mounted.current ) {
				setMessage(
					text === ''
						? null
						: { ok, text, focus: options.focusNotice === true }
				);
				setFieldErrors( atFields );
				setBusy( false );
			}
			return ok;
		},
		[]
	);

	const clear = useCallback( () => setMessage( null ), [] );
	const clearField = useCallback(
		( field: string ) =>
			setFieldErrors( ( errors ) => {
				if ( ! ( field in errors ) ) {
					return errors;
				}
				const rest = { ...errors };
				delete rest[ field ];
				return rest;
			} ),
		[]
	);
	return { busy, message, run, clear, fieldErrors, clearField };
}

/**
 * The notice of an action, dismissible.
 *
 * @param props        Props.
 * @param props.action What useAction() returned.
 */
export function ActionNotice( { action }: { action: Action } ) {
	const { message } = action;
	return (
		<FocusableNotice
			focus={ message?.focus === true }
			notice={ message }
			status={ message?.ok ? 'success' : 'error' }
			onRemove={ action.clear }
		>
			{ message?.text }
		</FocusableNotice>
	);
}

/**
 * A notice that can take the keyboard's focus when it appears (tabIndex -1: reachable by
 * script, not by Tab), so a screen reader reads it and the next Tab starts from here.
 *
 * @param props          Props.
 * @param props.notice   The notice's identity: a new one (not equal) is focused again; null shows nothing.
 * @param props.focus    Whether to take the focus when shown.
 * @param props.children The notice's content.
 */
export function FocusableNotice( {
	notice,
	focus,
	children,
	...props
}: {
	notice: unknown;
	focus: boolean;
	children?: ReactNode;
} & Omit< ComponentProps< typeof Notice >, 'children' > ) {
	const ref = useRef< HTMLDivElement >( null );
	useEffect( () => {
		if ( notice && focus ) {
			const target =
				ref.current?.querySelector< HTMLElement >(
					'.components-notice__action'
				) ?? ref.current;
			target?.focus();
		}
	}, [ notice, focus ] );
	if ( ! notice ) {
		return null;
	}
	return (
		<div ref={ ref } tabIndex={ -1 } className="xmlrpc-shield-focus-target">
			<Notice { ...props }>{ children }</Notice>
		</div>
	);
}
