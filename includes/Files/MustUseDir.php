<?php
/**
 * The site's must-use plugin folder.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Files;

/**
 * Where WordPress loads must-use plugins from: WPMU_PLUGIN_DIR when wp-config.php moves it,
 * else wp-content/mu-plugins. The plugin-load gate's loader, the early gate's must-use hook and
 * the stub cleanup each keep one file there.
 */
final class MustUseDir {

	/**
	 * A file in the must-use folder.
	 *
	 * @param string $name File name.
	 */
	public static function file( string $name ): string {
		return ( defined( 'WPMU_PLUGIN_DIR' ) ? WPMU_PLUGIN_DIR : WP_CONTENT_DIR . '/mu-plugins' ) . '/' . $name;
	}
}
