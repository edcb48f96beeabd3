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
}

export function useAction(): Action {
	const [ busy, setBusy ] = useState( false );
	const [ message, setMessage ] = useState< ActionMessage | null >( null );
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
		let ok = false;
		let text = '';
		try {
			text = await action();
			ok = true;
		} catch ( error ) {
			text = toApiError( error ).message;
		}
		// The section may have been taken away while the request ran.
		if ( mounted.current ) {
			setMessage( text === '' ? null : { ok, text } );
			setBusy( false );
		}
		return ok;
	}, [] );

	const clear = useCallback( () => setMessage( null ), [] );
	return { busy, message, run, clear };
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
