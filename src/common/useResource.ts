/**
 * Loads data once (and again on reload or when deps change), keeping loading and error state,
 * and ignoring answers that arrive after the component moved on.
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';

import { ApiError, toApiError } from '../api/client';

export interface Resource< T > {
	data: T | null;
	error: ApiError | null;
	loading: boolean;
	reload: () => void;
	setData: ( data: T ) => void;
}

export function useResource< T >(
	load: () => Promise< T >,
	deps: unknown[]
): Resource< T > {
	const [ data, setData ] = useState< T | null >( null );
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ loading, setLoading ] = useState( true );
	const [ generation, setGeneration ] = useState( 0 );
	const latest = useRef( 0 );

	useEffect( () => {
		const ticket = ++latest.current;
		setLoading( true );
		load().then(
			( value ) => {
				if ( ticket === latest.current ) {
					setData( value );
					setError( null );
					setLoading( false );
				}
			},
			( failure: unknown ) => {
				if ( ticket === latest.current ) {
					setError( toApiError( failure ) );
					setLoading( false );
				}
			}
		);
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [ ...deps, generation ] );

	const reload = useCallback(
		() => setGeneration( ( value ) => value + 1 ),
		[]
	);
	return { data, error, loading, reload, setData };
}
