/**
 * The shape every button that calls the API shares: busy while it runs, a success or error
 * notice afterwards, never an unhandled rejection.
 */
import { Notice } from '@wordpress/components';
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';

import { toApiError } from '../api/client';

export interface ActionMessage {
	ok: boolean;
	text: string;
}

export interface Action {
	busy: boolean;
	message: ActionMessage | null;
	/**
	 * Runs one API action. It returns the success text (or '' for none); a throw becomes the
	 * error notice. Resolves to whether it succeeded.
	 */
	run: ( action: () => Promise< string > ) => Promise< boolean >;
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

	const run = useCallback( async ( action: () => Promise< string > ) => {
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
			setMessage( text === '' ? null : { ok, text } );
			setFieldErrors( atFields );
			setBusy( false );
		}
		return ok;
	}, [] );

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
	if ( ! action.message ) {
		return null;
	}
	return (
		<Notice
			status={ action.message.ok ? 'success' : 'error' }
			onRemove={ action.clear }
		>
			{ action.message.text }
		</Notice>
	);
}
