/**
 * The shape every button that calls the API shares: busy while it runs, a success or error
 * notice afterwards, never an unhandled rejection. A button that runs one stays focusable while
 * busy (`accessibleWhenDisabled`): a natively disabled button drops the keyboard's focus to
 * <body>. An action that takes its own button away (a removed row) asks for the focus to go
 * to its notice instead. A step that calls no API (a copy to the clipboard) says its result in
 * the same notice (show()), so a section has one notice, not two.
 */
import { Notice } from '@wordpress/components';
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';

import type { ComponentProps, ReactNode } from 'react';

import { toApiError } from '../api/client';

export interface ActionMessage< Extra extends object = object > {
	ok: boolean;
	text: string;
	/** Move the focus to the notice once shown: the control that ran the action goes away. */
	focus?: boolean;
	/** What a section's own notice shows beside the text (e.g. an Undo), when given. */
	extra?: Extra;
}

/** What an action says when it succeeds: its text, or its text and extra. */
export type ActionResult< Extra extends object > =
	| string
	| { text: string; extra: Extra };

export interface RunOptions {
	/** Move the focus to the notice: the action removes the control that ran it. */
	focusNotice?: boolean;
}

export interface Action< Extra extends object = object > {
	busy: boolean;
	message: ActionMessage< Extra > | null;
	/**
	 * Runs one API action. It returns the success text (or '' for none), or the text with its
	 * extras; a throw becomes the error notice. Resolves to whether it succeeded.
	 */
	run: (
		action: () => Promise< ActionResult< Extra > >,
		options?: RunOptions
	) => Promise< boolean >;
	/** Shows a notice for a step that ran no action (not busy, nothing to catch). */
	show: ( message: ActionMessage< Extra > ) => void;
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
export function useAction< Extra extends object = object >(
	fields: readonly string[] = []
): Action< Extra > {
	const [ busy, setBusy ] = useState( false );
	const [ message, setMessage ] = useState< ActionMessage< Extra > | null >(
		null
	);
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
		async (
			action: () => Promise< ActionResult< Extra > >,
			options: RunOptions = {}
		) => {
			setBusy( true );
			setMessage( null );
			setFieldErrors( {} );
			let ok = false;
			let said: { text: string; extra?: Extra } = { text: '' };
			let atFields: Record< string, string > = {};
			try {
				const result = await action();
				said = typeof result === 'string' ? { text: result } : result;
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
					said = { text: apiError.message };
				}
			}
			// The section may have been taken away while the request ran.
			if ( mounted.current ) {
				setMessage(
					said.text === ''
						? null
						: {
								...said,
								ok,
								focus: options.focusNotice === true,
						  }
				);
				setFieldErrors( atFields );
				setBusy( false );
			}
			return ok;
		},
		[]
	);

	const show = useCallback(
		( said: ActionMessage< Extra > ) => setMessage( said ),
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
	return { busy, message, run, show, clear, fieldErrors, clearField };
}

/**
 * The notice of an action, dismissible.
 *
 * @param props          Props.
 * @param props.action   What useAction() returned.
 * @param props.actions  The notice's buttons (e.g. Undo), if any.
 * @param props.children The content, when a section shows more than the text (its extra).
 */
export function ActionNotice< Extra extends object >( {
	action,
	actions,
	children,
}: {
	action: Action< Extra >;
	actions?: ComponentProps< typeof Notice >[ 'actions' ];
	children?: ReactNode;
} ) {
	const { message } = action;
	return (
		<FocusableNotice
			focus={ message?.focus === true }
			notice={ message }
			status={ message?.ok ? 'success' : 'error' }
			onRemove={ action.clear }
			actions={ actions }
		>
			{ children ?? message?.text }
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
