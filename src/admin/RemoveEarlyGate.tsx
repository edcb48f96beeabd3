/**
 * "Remove the early gate…" with a confirmation, and its result: the one undo the protection
 * level and the automatic-escalation panel both offer. What the owner removes, automatic
 * escalation never installs again by itself (the autopilot contract).
 */
import {
	Button,
	// WordPress (6.7 to 7.1) ships ConfirmDialog only under its experimental name.
	// eslint-disable-next-line @wordpress/no-unsafe-wp-apis
	__experimentalConfirmDialog as ConfirmDialog,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { api } from '../api/client';
import { dialogName } from '../common/dialogName';
import { ActionNotice, useAction } from '../common/useAction';

export function RemoveEarlyGate( { onRemoved }: { onRemoved: () => void } ) {
	const [ confirming, setConfirming ] = useState( false );
	const action = useAction();

	const remove = () =>
		action.run( async () => {
			const result = await api.removeEarlyGate();
			onRemoved();
			return (
				result.message ??
				__(
					'Early gate removed. Automatic escalation will not install it again by itself.',
					'xmlrpc-shield'
				)
			);
		} );

	return (
		<>
			<Button
				variant="secondary"
				isDestructive
				onClick={ () => setConfirming( true ) }
				isBusy={ action.busy }
				disabled={ action.busy }
				accessibleWhenDisabled
			>
				{ __( 'Remove the early gate…', 'xmlrpc-shield' ) }
			</Button>
			<ActionNotice action={ action } />
			<ConfirmDialog
				isOpen={ confirming }
				{ ...dialogName(
					__( 'Remove the early gate?', 'xmlrpc-shield' )
				) }
				confirmButtonText={ __(
					'Remove the early gate',
					'xmlrpc-shield'
				) }
				onConfirm={ () => {
					setConfirming( false );
					remove();
				} }
				onCancel={ () => setConfirming( false ) }
			>
				{ __(
					'Floods will again be refused only after WordPress starts, and automatic escalation will not install the early gate again by itself. You can install it again at any time.',
					'xmlrpc-shield'
				) }
			</ConfirmDialog>
		</>
	);
}
