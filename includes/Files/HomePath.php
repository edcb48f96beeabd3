<?php
/**
 * The folder that holds the site's .htaccess and .user.ini.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Files;

/**
 * Core's get_home_path() (WordPress may live in a subfolder of the site root), loaded on
 * demand because front-end requests and WP-CLI do not include wp-admin/includes/file.php.
 */
final class HomePath {

	/**
	 * The home folder, with a trailing slash.
	 */
	public static function dir(): string {
		if ( ! function_exists( 'get_home_path' ) ) {
			require_once ABSPATH . 'wp-admin/includes/file.php';
		}
		return get_home_path();
	}

	/**
	 * A file in the home folder.
	 *
	 * @param string $name File name, e.g. '.htaccess'.
	 */
	public static function file( string $name ): string {
		return self::dir() . $name;
	}

	/**
	 * Whether this process can write $file (or create it in its folder).
	 *
	 * @param string $file Path.
	 */
	public static function writable( string $file ): bool {
		return file_exists( $file ) ? wp_is_writable( $file ) : wp_is_writable( dirname( $file ) );
	}
}
