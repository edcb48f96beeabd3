<?php
/**
 * Admin notice when the early gate's settings could not be written.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\EarlyGate;

/**
 * The gate then leaves decisions to the plugin-load gate (or, when even the old settings file
 * could not be removed, may decide with older settings): the owner must know either way.
 */
final class FailureNotice {

	/**
	 * Prints the notice for administrators when there is something to say.
	 */
	public static function show(): void {
		$error = Installer::status()['error'];
		if ( '' !== $error && current_user_can( 'manage_options' ) ) {
			printf( '<div class="notice notice-error"><p>%s</p></div>', esc_html( $error ) );
		}
	}
}
