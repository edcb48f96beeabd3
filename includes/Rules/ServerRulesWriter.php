<?php
/**
 * Writes, checks and removes the web-server rules block in .htaccess.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rules;

use XmlrpcShield\Allowlist;
use XmlrpcShield\Settings;

/**
 * Uses core's insert_with_markers()/extract_from_markers(), so other plugins' blocks and
 * WordPress's rewrite rules are never touched.
 */
final class ServerRulesWriter {

	const MARKER = 'XML-RPC Shield';

	/**
	 * Path of the site's .htaccess.
	 */
	public static function htaccess_path(): string {
		if ( ! function_exists( 'get_home_path' ) ) {
			require_once ABSPATH . 'wp-admin/includes/file.php';
		}
		return get_home_path() . '.htaccess';
	}

	/**
	 * Whether this server reads .htaccess (Apache or LiteSpeed).
	 */
	public static function server_supported(): bool {
		global $is_apache;
		return (bool) $is_apache;
	}

	/**
	 * Lines currently between our markers.
	 *
	 * @return string[]
	 */
	public static function current_lines(): array {
		$file = self::htaccess_path();
		if ( ! is_file( $file ) ) {
			return array();
		}
		self::load_misc();
		return array_values( array_filter( extract_from_markers( $file, self::MARKER ), 'strlen' ) );
	}

	/**
	 * Lines the current settings call for.
	 *
	 * @return string[]
	 */
	public static function desired_lines(): array {
		return HtaccessRules::render( Settings::mode(), Allowlist::cidrs() );
	}

	/**
	 * State for status displays, with drift detection.
	 *
	 * @return array{installed:bool, in_sync:bool, supported:bool}
	 */
	public static function status(): array {
		$current = self::current_lines();
		$enabled = (bool) get_option( Settings::SERVER_RULES, false );
		return array(
			'installed' => array() !== $current,
			'in_sync'   => $enabled ? HtaccessRules::matches( $current, self::desired_lines() ) : array() === $current,
			'supported' => self::server_supported(),
		);
	}

	/**
	 * Removes our block (deactivation, uninstall, or the owner turning rules off).
	 */
	public static function remove(): bool {
		$file = self::htaccess_path();
		if ( ! is_file( $file ) || array() === self::current_lines() ) {
			return true;
		}
		self::load_misc();
		return insert_with_markers( $file, self::MARKER, array() );
	}

	/**
	 * Loads core's marker helpers.
	 */
	private static function load_misc(): void {
		if ( ! function_exists( 'insert_with_markers' ) ) {
			require_once ABSPATH . 'wp-admin/includes/misc.php';
		}
	}
}
