<?php
/**
 * Enqueues bundles built by @wordpress/scripts.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Admin;

/**
 * Reads build/NAME.asset.php for dependencies and version, wires translations and the small
 * data object the bundles read.
 */
final class Assets {

	/**
	 * Enqueues build/NAME.js (and .css when present) under a handle.
	 *
	 * @param string           $name   Entry name (admin, widget).
	 * @param non-empty-string $handle Script handle.
	 * @return bool False when the bundle is not built.
	 */
	public static function enqueue( string $name, string $handle ): bool {
		$asset_file = XMLRPC_SHIELD_DIR . '/build/' . $name . '.asset.php';
		if ( ! is_readable( $asset_file ) ) {
			return false;
		}
		$asset = require $asset_file;
		$base  = plugins_url( 'build/', XMLRPC_SHIELD_FILE );
		wp_enqueue_script( $handle, $base . $name . '.js', $asset['dependencies'], $asset['version'], true );
		wp_set_script_translations( $handle, 'xmlrpc-shield', XMLRPC_SHIELD_DIR . '/languages' );
		wp_add_inline_script(
			$handle,
			'window.xmlrpcShield = ' . wp_json_encode(
				array(
					'pageUrl'  => AdminPage::url(),
					'version'  => XMLRPC_SHIELD_VERSION,
					// Times are shown on the site's clock (src/common/siteTime.ts), not the browser's.
					'timezone' => array(
						'string' => (string) get_option( 'timezone_string' ),
						'offset' => (float) get_option( 'gmt_offset' ),
					),
				)
			) . ';',
			'before'
		);
		if ( in_array( 'wp-components', $asset['dependencies'], true ) ) {
			wp_enqueue_style( 'wp-components' );
		}
		foreach ( array( $name . '.css', 'style-' . $name . '.css' ) as $css ) {
			if ( is_readable( XMLRPC_SHIELD_DIR . '/build/' . $css ) ) {
				wp_enqueue_style( $handle . '-' . sanitize_key( $css ), $base . $css, array( 'wp-components' ), $asset['version'] );
			}
		}
		return true;
	}
}
