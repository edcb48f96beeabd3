/**
 * The props that mark a control invalid: its reason shown as the control's help (so
 * BaseControl links it with aria-describedby), aria-invalid, and the red outline.
 */
import type { ReactNode } from 'react';

/**
 * @param error The reason the value is refused, or null/undefined when it is fine.
 * @param help  The help the control shows while its value is fine.
 */
export function fieldError(
	error: string | null | undefined,
	help?: ReactNode
): {
	help: ReactNode;
	'aria-invalid': boolean;
	className: string | undefined;
} {
	return error
		? {
				help: error,
				'aria-invalid': true,
				className: 'xmlrpc-shield-invalid',
		  }
		: { help, 'aria-invalid': false, className: undefined };
}
