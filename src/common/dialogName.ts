/**
 * The accessible name of a ConfirmDialog. It hides its Modal's header (and so any title), which
 * leaves the dialog unnamed (axe-core: aria-dialog-name). In the versions WordPress 6.7 to 7.1
 * ship, ConfirmDialog passes props it does not know on to its Modal, whose `contentLabel` becomes
 * the dialog's aria-label; the published types do not list it, so it goes in as a spread.
 *
 * @param label What the dialog asks, e.g. "Lower the protection?".
 */
export function dialogName( label: string ): object {
	return { contentLabel: label };
}
