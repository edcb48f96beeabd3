<?php
/**
 * Where the plugin keeps files outside its own directory.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield;

/**
 * One directory under wp-content holds the spool, its lock and the early gate's config, so
 * uninstall can remove exactly what we wrote.
 */
final class Paths {

	/**
	 * The data directory (wp-content/xmlrpc-shield), filterable for hosts with odd layouts.
	 */
	public static function data_dir(): string {
		$dir = WP_CONTENT_DIR . '/xmlrpc-shield';
		return (string) apply_filters( 'xmlrpc_shield_data_dir', $dir );
	}

	/**
	 * Spool file of the current site (one per site on multisite).
	 */
	public static function spool_file(): string {
		$blog = function_exists( 'get_current_blog_id' ) ? get_current_blog_id() : 1;
		return self::data_dir() . '/hits-' . $blog . '.spool';
	}

	/**
	 * Lock file that serialises spool ingestion.
	 */
	public static function ingest_lock(): string {
		return self::data_dir() . '/ingest.lock';
	}

	/**
	 * Creates the data directory with web access denied. Returns false if it cannot.
	 */
	public static function ensure_data_dir(): bool {
		$dir = self::data_dir();
		if ( ! is_dir( $dir ) && ! wp_mkdir_p( $dir ) ) {
			return false;
		}
		if ( ! file_exists( $dir . '/index.php' ) ) {
			file_put_contents( $dir . '/index.php', "<?php\n// Silence is golden.\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_file_put_contents
		}
		if ( ! file_exists( $dir . '/.htaccess' ) ) {
			file_put_contents( $dir . '/.htaccess', "Require all denied\nDeny from all\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_file_put_contents
		}
		return is_writable( $dir ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_is_writable
	}
}
