<?php
/**
 * Finds signs that the site relies on XML-RPC before we block it.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Lifecycle;

use XmlrpcShield\Log\HitTable;

/**
 * Blocking XML-RPC is the top cause of a broken Jetpack or mobile app; activation asks this
 * class first and starts in pingback mode when anything here says XML-RPC is in use.
 */
final class UsageDetector {

	/** How far back counts as recent use. */
	const RECENT = 30 * DAY_IN_SECONDS;

	/**
	 * Reasons (translated sentences) to keep XML-RPC open; empty when none were found.
	 *
	 * @return string[]
	 */
	public static function reasons(): array {
		$reasons = array();
		if ( self::jetpack_connected() ) {
			$reasons[] = __( 'Jetpack is active and connected, and it talks to your site over XML-RPC.', 'xmlrpc-shield' );
		}
		if ( self::recent_application_password_use() ) {
			$reasons[] = __( 'An application password was used in the last 30 days (the mobile app and remote publishing tools use them).', 'xmlrpc-shield' );
		}
		if ( self::recent_logged_app_calls() ) {
			$reasons[] = __( 'The hit log shows XML-RPC publishing calls that were let through in the last 30 days.', 'xmlrpc-shield' );
		}
		return $reasons;
	}

	/**
	 * Whether Jetpack is active and has a connection (a blog id).
	 */
	public static function jetpack_connected(): bool {
		if ( ! class_exists( 'Jetpack' ) && ! self::plugin_active( 'jetpack/jetpack.php' ) ) {
			return false;
		}
		if ( class_exists( 'Jetpack' ) && method_exists( 'Jetpack', 'is_connection_ready' ) ) {
			return (bool) \Jetpack::is_connection_ready();
		}
		$options = get_option( 'jetpack_options', array() );
		return is_array( $options ) && ! empty( $options['id'] );
	}

	/**
	 * Whether any user's application password was used recently.
	 */
	public static function recent_application_password_use(): bool {
		if ( ! class_exists( 'WP_Application_Passwords' ) ) {
			return false;
		}
		$user_ids = get_users(
			array(
				'meta_key' => \WP_Application_Passwords::USERMETA_KEY_APPLICATION_PASSWORDS, // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_key -- activation only, bounded by number.
				'fields'   => 'ID',
				'number'   => 100,
			)
		);
		$since    = time() - self::RECENT;
		foreach ( $user_ids as $user_id ) {
			foreach ( \WP_Application_Passwords::get_user_application_passwords( (int) $user_id ) as $password ) {
				if ( ! empty( $password['last_used'] ) && (int) $password['last_used'] >= $since ) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Whether our own log (kept across deactivation) saw publishing calls pass recently. A
	 * passing call is logged by CallGuard with the method core's parser read, so a body that
	 * shows a publishing method to a regex and calls something else does not count.
	 */
	public static function recent_logged_app_calls(): bool {
		global $wpdb;
		$table    = HitTable::name();
		$suppress = $wpdb->suppress_errors( true );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery
		$found = $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$table} WHERE bucket >= %d AND outcome IN ('allowed', 'logged') AND (method LIKE %s OR method LIKE %s OR method LIKE %s)", time() - self::RECENT, 'wp.%', 'metaWeblog.%', 'blogger.%' ) );
		$wpdb->suppress_errors( $suppress );
		return (int) $found > 0;
	}

	/**
	 * Plugin-active check that works before wp-admin's plugin.php is loaded.
	 *
	 * @param string $plugin Plugin basename.
	 */
	private static function plugin_active( string $plugin ): bool {
		$active = (array) get_option( 'active_plugins', array() );
		if ( in_array( $plugin, $active, true ) ) {
			return true;
		}
		$network = is_multisite() ? (array) get_site_option( 'active_sitewide_plugins', array() ) : array();
		return isset( $network[ $plugin ] );
	}
}
