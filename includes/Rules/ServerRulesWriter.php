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

	// Neither this nor the early gate's marker may be a prefix of the other: core's marker
	// helpers match with strpos(), so "XML-RPC Shield" would grab "XML-RPC Shield Early Gate".
	const MARKER = 'XML-RPC Shield Rules';

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
		// $is_apache covers Apache and LiteSpeed; tests and CLI runs may pin the answer.
		return (bool) apply_filters( 'xmlrpc_shield_server_reads_htaccess', (bool) $is_apache );
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
		/**
		 * Addresses the .htaccess block always lets through besides the allowlist: loopback by
		 * default, so the server's own requests work. An empty array denies loopback too.
		 *
		 * @param string[] $always Addresses or ranges.
		 */
		$always = apply_filters( 'xmlrpc_shield_htaccess_always_allow', HtaccessRules::LOOPBACK );
		return HtaccessRules::render( Settings::mode(), Allowlist::cidrs(), is_array( $always ) ? array_map( 'strval', $always ) : HtaccessRules::LOOPBACK );
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
	 * Keeps the live block in step with the settings, when the owner turned rules on.
	 */
	public static function register(): void {
		foreach ( array( Settings::MODE, Settings::ALLOWLIST ) as $option ) {
			add_action( 'update_option_' . $option, array( self::class, 'sync' ) );
			add_action( 'add_option_' . $option, array( self::class, 'sync' ) );
		}
	}

	/**
	 * Rewrites the block after a settings change; never turns rules on by itself.
	 */
	public static function sync(): void {
		if ( get_option( Settings::SERVER_RULES, false ) && self::server_supported() ) {
			self::write();
		}
	}

	/**
	 * Writes the block the settings call for and turns syncing on. Keeps a backup, checks the
	 * result by reading it back, and restores the backup if anything else changed.
	 *
	 * @return true|\WP_Error
	 */
	public static function write() {
		$lines = self::desired_lines();
		if ( ! self::server_supported() ) {
			return new \WP_Error(
				'xmlrpc_shield_rules_unsupported',
				__( 'This server does not read .htaccess files (it is not Apache or LiteSpeed). Use the nginx snippet or your firewall instead.', 'xmlrpc-shield' ),
				array( 'status' => 400 )
			);
		}
		$file = self::htaccess_path();
		if ( ( is_file( $file ) && ! wp_is_writable( $file ) ) || ( ! is_file( $file ) && ! wp_is_writable( dirname( $file ) ) ) ) {
			return new \WP_Error(
				'xmlrpc_shield_rules_not_writable',
				sprintf(
					/* translators: 1: file path, 2: the lines to paste. */
					__( '%1$s cannot be written. Paste these lines into it yourself: %2$s', 'xmlrpc-shield' ),
					$file,
					"\n" . self::block_text( $lines )
				),
				array(
					'status' => 409,
					'lines'  => $lines,
				)
			);
		}
		$before = is_file( $file ) ? (string) file_get_contents( $file ) : ''; // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
		self::backup( $before );
		self::load_misc();
		$written = array() === $lines ? self::strip_block( $file ) : insert_with_markers( $file, self::MARKER, $lines );
		clearstatcache( true, $file );
		$after = is_file( $file ) ? (string) file_get_contents( $file ) : ''; // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
		// Everything outside our block must be exactly as it was; ours must say what we meant.
		// A final newline insert_with_markers() adds to a file that lacked one is not a change.
		if ( ! $written || rtrim( self::outside_block( $after ), "\n" ) !== rtrim( self::outside_block( $before ), "\n" ) || ! HtaccessRules::matches( self::current_lines(), $lines ) ) {
			self::restore( $file, $before );
			return new \WP_Error( 'xmlrpc_shield_rules_write_failed', __( 'Writing .htaccess did not give the expected result, so the previous file was put back.', 'xmlrpc-shield' ), array( 'status' => 500 ) );
		}
		update_option( Settings::SERVER_RULES, true, false );
		return true;
	}

	/**
	 * Removes our block (deactivation, uninstall, or the owner turning rules off).
	 *
	 * @param bool $forget Also turn syncing off (false on deactivation: activation restores).
	 */
	public static function remove( bool $forget = true ): bool {
		if ( $forget ) {
			delete_option( Settings::SERVER_RULES );
		}
		$file = self::htaccess_path();
		if ( ! is_file( $file ) || false === strpos( (string) file_get_contents( $file ), '# BEGIN ' . self::MARKER . "\n" ) ) { // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
			return true;
		}
		$before = (string) file_get_contents( $file ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
		self::backup( $before );
		return self::strip_block( $file );
	}

	/**
	 * The lines as they would sit in the file, for owners who paste by hand.
	 *
	 * @param string[] $lines Lines.
	 */
	public static function block_text( array $lines ): string {
		return '# BEGIN ' . self::MARKER . "\n" . implode( "\n", $lines ) . "\n# END " . self::MARKER . "\n";
	}

	/**
	 * Deletes our block, markers included, leaving every other byte as it was.
	 *
	 * @param string $file Path.
	 */
	private static function strip_block( string $file ): bool {
		if ( ! is_file( $file ) ) {
			return true;
		}
		$text     = (string) file_get_contents( $file ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
		$stripped = self::outside_block( $text );
		if ( $stripped === $text ) {
			return true;
		}
		// Write a sibling file and rename it over: readers see the old or the new file, never half.
		$temp = $file . '.xmlrpc-shield-' . wp_generate_password( 8, false );
		if ( false === file_put_contents( $temp, $stripped ) ) { // phpcs:ignore WordPress.WP.AlternativeFunctions -- core's own insert_with_markers() writes directly too; WP_Filesystem may need credentials.
			return false;
		}
		$perms = fileperms( $file );
		if ( false !== $perms ) {
			chmod( $temp, $perms & 0777 ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_chmod
		}
		return rename( $temp, $file ); // phpcs:ignore WordPress.WP.AlternativeFunctions.rename_rename
	}

	/**
	 * The text without our block (and the blank line insert_with_markers() puts before it).
	 *
	 * @param string $text File contents.
	 */
	private static function outside_block( string $text ): string {
		// "XML-RPC Shield Early Gate" shares our prefix: markers must end their line.
		$pattern = '/\n?# BEGIN ' . preg_quote( self::MARKER, '/' ) . '\n.*?# END ' . preg_quote( self::MARKER, '/' ) . '(?:\n|$)/s';
		return (string) preg_replace( $pattern, '', $text );
	}

	/**
	 * Keeps the last .htaccess we changed in our data directory (which denies web access).
	 *
	 * @param string $contents Previous contents.
	 */
	private static function backup( string $contents ): void {
		\XmlrpcShield\Paths::ensure_data_dir();
		file_put_contents( \XmlrpcShield\Paths::htaccess_backup(), $contents ); // phpcs:ignore WordPress.WP.AlternativeFunctions -- core's own insert_with_markers() writes directly too; WP_Filesystem may need credentials.
	}

	/**
	 * Puts the previous contents back.
	 *
	 * @param string $file     Path.
	 * @param string $contents Previous contents ('' removes a file we created).
	 */
	private static function restore( string $file, string $contents ): void {
		if ( '' === $contents ) {
			wp_delete_file( $file );
			return;
		}
		file_put_contents( $file, $contents ); // phpcs:ignore WordPress.WP.AlternativeFunctions -- core's own insert_with_markers() writes directly too; WP_Filesystem may need credentials.
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
