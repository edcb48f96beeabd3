/**
 * The frame every table of the page sits in: on a narrow screen the table scrolls sideways
 * inside its card instead of widening the page, and the frame is a named region the keyboard
 * can reach and scroll (WCAG 2.1.1: a scrolling area with no focusable content needs a tab stop).
 */
import type { ReactNode } from 'react';

export function TableScroll( {
	label,
	children,
	testId,
}: {
	/** What the table lists, e.g. "Allowlisted addresses and ranges". */
	label: string;
	children: ReactNode;
	testId?: string;
} ) {
	return (
		<div
			className="xmlrpc-shield-table-scroll"
			role="region"
			aria-label={ label }
			tabIndex={ 0 }
			data-testid={ testId }
		>
			{ children }
		</div>
	);
}
