/**
 * Copies text; falls back to a selected textarea where the async clipboard API is missing
 * (wp-admin served over plain http on a non-localhost name is not a secure context).
 *
 * @param text Text to copy.
 */
export async function copyText( text: string ): Promise< boolean > {
	try {
		if ( window.navigator.clipboard && window.isSecureContext ) {
			await window.navigator.clipboard.writeText( text );
			return true;
		}
	} catch {
		// Fall through to the older way.
	}
	const area = document.createElement( 'textarea' );
	area.value = text;
	area.setAttribute( 'readonly', '' );
	area.style.position = 'fixed';
	area.style.opacity = '0';
	document.body.appendChild( area );
	area.select();
	let copied = false;
	try {
		copied = document.execCommand( 'copy' );
	} catch {
		copied = false;
	}
	document.body.removeChild( area );
	return copied;
}
