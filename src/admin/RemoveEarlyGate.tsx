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
import type { Action } from '../common/useAction';

/**
 * @param props           Props.
 * @param props.onRemoved Called once the gate is gone (the page reloads its figures).
 * @param props.action    The caller's action, whose notice the caller shows where it stays:
 *                        a removal takes this button (and anything shown beside it) away,
 *                        so the result and the keyboard's focus go to that notice.
 */
export function RemoveEarlyGate( {
	onRemoved,
	action,
}: {
	onRemoved: () => void;
	action: Action;
} ) {
	const [ confirming, setConfirming ] = useState( false );

	const remove = () =>
		action.run(
			async () => {
				const result = await api.removeEarlyGate();
				onRemoved();
				return (
					result.message ??
					__(
						'Early gate removed. Automatic escalation will not install it again by itself.',
						'xmlrpc-shield'
					)
				);
			},
			{ focusNotice: true }
		);

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
