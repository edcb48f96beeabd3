<?php
/**
 * Installs and removes the early gate: a generated prepend file and the hook that runs it.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\EarlyGate;

use XmlrpcShield\Paths;
use XmlrpcShield\Settings;

/**
 * Three ways to run the gate before WordPress's plugins:
 * - htaccess: Apache + mod_php, `php_value auto_prepend_file` for xmlrpc.php and
 *   wp-trackback.php only (no other request pays anything);
 * - user-ini: PHP-FPM/CGI, `auto_prepend_file` in .user.ini (PHP re-reads it within
 *   user_ini.cache_ttl, 5 minutes by default);
 * - mu-plugin: anywhere, earlier than plugins but after WordPress's core boot.
 * Each install is checked with a loopback request and rolled back if the site breaks.
 */
final class Installer {

	const MARKER  = 'XML-RPC Shield Early Gate';
	const MU_FILE = 'xmlrpc-shield-early-gate.php';
	const METHODS = array( 'htaccess', 'user-ini', 'mu-plugin' );

	/** Probe requests before an install counts as failed (see verify()). */
	const VERIFY_ATTEMPTS = 3;

	const SETTING_KEYS = array( Settings::MODE, Settings::ALLOWLIST, Settings::TRUSTED_PROXIES, Settings::LOG_ENABLED );

	/**
	 * Keeps the generated file in step with the settings.
	 */
	public static function register(): void {
		foreach ( self::SETTING_KEYS as $option ) {
			add_action( 'update_option_' . $option, array( self::class, 'refresh' ) );
			add_action( 'add_option_' . $option, array( self::class, 'refresh' ) );
		}
		add_action( 'admin_init', array( self::class, 'refresh_after_update' ) );
		if ( defined( 'WP_CLI' ) && WP_CLI ) {
			add_action( 'init', array( self::class, 'refresh_after_update' ) );
		}
	}

	/**
	 * Path of the generated prepend file.
	 */
	public static function gate_file(): string {
		return Paths::data_dir() . '/early-gate.php';
	}

	/**
	 * Installed state for status displays.
	 *
	 * @return array{installed:bool, method:string, files:string[]}
	 */
	public static function status(): array {
		$state = get_option( Settings::EARLY_GATE );
		if ( ! is_array( $state ) || empty( $state['method'] ) ) {
			return array(
				'installed' => false,
				'method'    => '',
				'files'     => array(),
			);
		}
		return array(
			'installed' => is_file( self::gate_file() ),
			'method'    => (string) $state['method'],
			'files'     => isset( $state['files'] ) ? array_map( 'strval', (array) $state['files'] ) : array(),
		);
	}

	/**
	 * The method 'auto' resolves to on this server.
	 */
	public static function detect_method(): string {
		if ( 'apache2handler' === PHP_SAPI ) {
			return 'htaccess';
		}
		if ( in_array( PHP_SAPI, array( 'cgi-fcgi', 'fpm-fcgi', 'litespeed' ), true ) ) {
			return 'user-ini';
		}
		return 'mu-plugin';
	}

	/**
	 * Installs the early gate.
	 *
	 * @param string $method auto, htaccess, user-ini or mu-plugin.
	 * @param bool   $verify Whether to check with a loopback request (and roll back on failure).
	 * @return array{ok:bool, method:string, files:string[], message:string}
	 */
	public static function install( string $method = 'auto', bool $verify = true ): array {
		if ( 'auto' === $method ) {
			$method = self::detect_method();
		}
		if ( ! in_array( $method, self::METHODS, true ) ) {
			/* translators: %s: list of methods. */
			return self::report( false, $method, array(), sprintf( __( 'Unknown method. Use one of: auto, %s.', 'xmlrpc-shield' ), implode( ', ', self::METHODS ) ) );
		}
		if ( ! Paths::ensure_data_dir() ) {
			/* translators: %s: directory path. */
			return self::report( false, $method, array(), sprintf( __( 'Cannot write to %s.', 'xmlrpc-shield' ), Paths::data_dir() ) );
		}
		self::uninstall();
		$token  = wp_generate_password( 32, false );
		$bundle = self::write_gate_file( $token );
		if ( null === $bundle ) {
			/* translators: %s: file path. */
			return self::report( false, $method, array(), sprintf( __( 'Cannot write %s.', 'xmlrpc-shield' ), self::gate_file() ) );
		}
		$hook_file = self::write_hook( $method );
		if ( is_wp_error( $hook_file ) ) {
			wp_delete_file( self::gate_file() );
			return self::report( false, $method, array(), $hook_file->get_error_message() );
		}
		$files = self::state_files( $bundle, array( $hook_file ) );
		update_option(
			Settings::EARLY_GATE,
			array(
				'method'       => $method,
				'files'        => $files,
				'token'        => $token,
				'installed_at' => time(),
				'version'      => XMLRPC_SHIELD_VERSION,
			),
			false
		);
		if ( ! $verify || 'user-ini' === $method ) {
			$note = 'user-ini' === $method
				? __( 'PHP reads .user.ini again within user_ini.cache_ttl (5 minutes by default); the gate starts then.', 'xmlrpc-shield' )
				: __( 'Installed (not verified).', 'xmlrpc-shield' );
			return self::report( true, $method, $files, $note );
		}
		$check = self::verify( $token );
		if ( true !== $check ) {
			self::uninstall();
			/* translators: %s: reason. */
			return self::report( false, $method, array(), sprintf( __( 'The early gate was written, but a test request failed (%s), so it was removed again. The site is unchanged.', 'xmlrpc-shield' ), $check ) );
		}
		return self::report( true, $method, $files, __( 'Installed and verified with a test request.', 'xmlrpc-shield' ) );
	}

	/**
	 * Removes every trace of the early gate. Safe to call when not installed.
	 *
	 * @return string[] Files changed or deleted.
	 */
	public static function uninstall(): array {
		$changed  = array();
		$htaccess = self::home_path() . '.htaccess';
		if ( is_file( $htaccess ) && self::has_marker( $htaccess ) ) {
			self::load_misc();
			insert_with_markers( $htaccess, self::MARKER, array() );
			$changed[] = $htaccess;
		}
		$user_ini = self::home_path() . '.user.ini';
		if ( is_file( $user_ini ) && false !== strpos( (string) file_get_contents( $user_ini ), '; BEGIN ' . self::MARKER ) ) { // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
			self::write_ini_block( $user_ini, array() );
			$changed[] = $user_ini;
		}
		$mu = self::mu_plugin_file();
		if ( is_file( $mu ) ) {
			wp_delete_file( $mu );
			$changed[] = $mu;
		}
		if ( is_file( self::gate_file() ) ) {
			wp_delete_file( self::gate_file() );
			$changed[] = self::gate_file();
		}
		$changed = array_merge( $changed, RuntimeBundle::delete_all() );
		delete_option( Settings::EARLY_GATE );
		return $changed;
	}

	/**
	 * Rewrites the generated file after a settings change, if installed.
	 */
	public static function refresh(): void {
		$state = get_option( Settings::EARLY_GATE );
		if ( is_array( $state ) && ! empty( $state['token'] ) && is_file( self::gate_file() ) ) {
			$bundle = (string) self::write_gate_file( (string) $state['token'] );
			if ( ( $state['version'] ?? '' ) !== XMLRPC_SHIELD_VERSION || ! in_array( $bundle, (array) ( $state['files'] ?? array() ), true ) ) {
				$hooks            = array_filter(
					(array) ( $state['files'] ?? array() ),
					static function ( $file ) {
						return self::gate_file() !== $file && false === strpos( (string) $file, RuntimeBundle::PREFIX );
					}
				);
				$state['version'] = XMLRPC_SHIELD_VERSION;
				$state['files']   = self::state_files( $bundle, $hooks );
				update_option( Settings::EARLY_GATE, $state, false );
			}
		}
	}

	/**
	 * After a plugin update, the gate's runtime bundle is rebuilt from the new code (checked
	 * in wp-admin and WP-CLI only: a request must not pay for it).
	 */
	public static function refresh_after_update(): void {
		$state = get_option( Settings::EARLY_GATE );
		if ( is_array( $state ) && ! empty( $state['token'] ) && ( $state['version'] ?? '' ) !== XMLRPC_SHIELD_VERSION ) {
			self::refresh();
		}
	}

	/**
	 * The files an installed gate consists of, as recorded in its state: the generated file,
	 * its runtime bundle (when one was written) and the hook files that load it.
	 *
	 * @param string   $bundle Runtime bundle path, '' for none.
	 * @param string[] $hooks  Hook files (.htaccess, .user.ini or the must-use loader).
	 * @return string[]
	 */
	private static function state_files( string $bundle, array $hooks ): array {
		return array_values( array_merge( array( self::gate_file() ), '' !== $bundle ? array( $bundle ) : array(), $hooks ) );
	}

	/**
	 * Writes the prepend file with the configuration compiled in, and the runtime bundle it
	 * loads. Returns the bundle's path ('' when none could be written: the gate then loads its
	 * classes through the autoloader), or null when the prepend file itself was not written.
	 *
	 * @param string $token Probe token.
	 */
	private static function write_gate_file( string $token ): ?string {
		$config                = Settings::gate_config();
		$config['probe_token'] = $token;
		$runner                = XMLRPC_SHIELD_DIR . '/includes/EarlyGate/Runner.php';
		$previous              = (string) ini_get( 'auto_prepend_file' );
		$export                = static function ( $value ): string {
			return var_export( $value, true ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_var_export
		};
		$chain                 = '';
		if ( '' !== $previous && realpath( $previous ) !== realpath( self::gate_file() ) ) {
			// Another firewall's prepend file keeps running after ours.
			$chain = 'if ( is_file( ' . $export( $previous ) . ' ) ) { include_once ' . $export( $previous ) . '; }' . "\n";
		}
		$bundle   = (string) RuntimeBundle::write();
		$autoload = 'require_once ' . $export( XMLRPC_SHIELD_DIR . '/includes/Autoloader.php' ) . "; \\XmlrpcShield\\Autoloader::register();\n";
		// The plugin's own Runner.php decides whether the gate runs at all: deleting the plugin's
		// folder turns the gate off. The bundle is one include; the autoloader is the fallback.
		$load = '' !== $bundle
			? "\t\tif ( is_file( " . $export( $bundle ) . " ) ) {\n\t\t\trequire_once " . $export( $bundle ) . ";\n\t\t} else {\n\t\t\t" . $autoload . "\t\t}\n"
			: "\t\t" . $autoload;
		$code = "<?php\n"
			. "// Generated by XML-RPC Shield: its early gate, which runs before WordPress loads.\n"
			. "// Rewritten when the settings change, removed on deactivation. Do not edit.\n"
			. "if ( ! defined( 'XMLRPC_SHIELD_EARLY_GATE' ) ) {\n"
			. "\tdefine( 'XMLRPC_SHIELD_EARLY_GATE', true );\n"
			. "\tif ( is_file( " . $export( $runner ) . " ) ) {\n"
			. $load
			. "\t\t\\XmlrpcShield\\EarlyGate\\Runner::run( " . $export( $config ) . " );\n"
			. "\t}\n"
			. "}\n"
			. $chain;
		$temp = self::gate_file() . '.' . wp_generate_password( 6, false ) . '.tmp';
		if ( false === file_put_contents( $temp, $code ) ) { // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_file_put_contents
			return null;
		}
		// Atomic swap: a request never includes a half-written file.
		if ( ! rename( $temp, self::gate_file() ) ) { // phpcs:ignore WordPress.WP.AlternativeFunctions.rename_rename
			return null;
		}
		// OPcache rechecks a file's timestamp only every opcache.revalidate_freq seconds (2 by
		// default); drop our copy now. Other PHP processes (CLI vs the web server) keep theirs
		// until then, which verify() allows for.
		if ( function_exists( 'opcache_invalidate' ) ) {
			opcache_invalidate( self::gate_file(), true );
		}
		return $bundle;
	}

	/**
	 * Writes what makes PHP run the prepend file.
	 *
	 * @param string $method Method.
	 * @return string|\WP_Error The file written.
	 */
	private static function write_hook( string $method ) {
		$gate = self::gate_file();
		if ( 'mu-plugin' === $method ) {
			$dir = defined( 'WPMU_PLUGIN_DIR' ) ? WPMU_PLUGIN_DIR : WP_CONTENT_DIR . '/mu-plugins';
			if ( ! is_dir( $dir ) && ! wp_mkdir_p( $dir ) ) {
				/* translators: %s: directory. */
				return new \WP_Error( 'xmlrpc_shield_not_writable', sprintf( __( 'Cannot create %s.', 'xmlrpc-shield' ), $dir ) );
			}
			$code = "<?php\n/**\n * Plugin Name: XML-RPC Shield early gate\n * Description: Runs XML-RPC Shield's gate before regular plugins load. Managed by XML-RPC Shield.\n */\n"
				. 'if ( is_file( ' . var_export( $gate, true ) . ' ) ) {' . "\n\trequire_once " . var_export( $gate, true ) . ";\n}\n"; // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_var_export
			if ( false === file_put_contents( self::mu_plugin_file(), $code ) ) { // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_file_put_contents
				/* translators: %s: file. */
				return new \WP_Error( 'xmlrpc_shield_not_writable', sprintf( __( 'Cannot write %s.', 'xmlrpc-shield' ), self::mu_plugin_file() ) );
			}
			return self::mu_plugin_file();
		}
		self::load_misc();
		if ( 'htaccess' === $method ) {
			$file  = self::home_path() . '.htaccess';
			$lines = array(
				'<IfModule mod_php.c>',
				'<FilesMatch "^(xmlrpc|wp-trackback)\.php$">',
				'php_value auto_prepend_file "' . $gate . '"',
				'</FilesMatch>',
				'</IfModule>',
				'<IfModule mod_php7.c>',
				'<FilesMatch "^(xmlrpc|wp-trackback)\.php$">',
				'php_value auto_prepend_file "' . $gate . '"',
				'</FilesMatch>',
				'</IfModule>',
			);
		} else {
			$file  = self::home_path() . '.user.ini';
			$lines = array( 'auto_prepend_file = "' . $gate . '"' );
		}
		if ( ( file_exists( $file ) && ! is_writable( $file ) ) || ( ! file_exists( $file ) && ! is_writable( dirname( $file ) ) ) ) { // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_is_writable
			/* translators: %s: file. */
			return new \WP_Error( 'xmlrpc_shield_not_writable', sprintf( __( '%s is not writable.', 'xmlrpc-shield' ), $file ) );
		}
		$written = 'htaccess' === $method ? insert_with_markers( $file, self::MARKER, $lines ) : self::write_ini_block( $file, $lines );
		if ( ! $written ) {
			/* translators: %s: file. */
			return new \WP_Error( 'xmlrpc_shield_not_writable', sprintf( __( 'Cannot write %s.', 'xmlrpc-shield' ), $file ) );
		}
		return $file;
	}

	/**
	 * Asks the site for xmlrpc.php with the probe header; the early gate answers 204.
	 *
	 * @param string $token Probe token.
	 * @return true|string True, or what went wrong.
	 */
	private static function verify( string $token ) {
		// The web server's OPcache may hold a rewritten gate file (with an older token) for up
		// to opcache.revalidate_freq seconds: ask again a few times before calling it failed.
		for ( $attempt = 0; $attempt < self::VERIFY_ATTEMPTS; $attempt++ ) {
			if ( $attempt > 0 ) {
				usleep( 1100000 );
			}
			$response = wp_remote_get(
				site_url( 'xmlrpc.php' ),
				array(
					'headers'     => array( 'X-XMLRPC-Shield-Probe' => $token ),
					'timeout'     => 10,
					'redirection' => 0,
					'sslverify'   => false,
				)
			);
			if ( is_wp_error( $response ) ) {
				return $response->get_error_message();
			}
			$code = (int) wp_remote_retrieve_response_code( $response );
			if ( 204 === $code && 'early-gate-probe' === wp_remote_retrieve_header( $response, 'x-xmlrpc-shield' ) ) {
				return true;
			}
		}
		/* translators: %d: HTTP status. */
		return sprintf( __( 'HTTP %d without the early gate\'s answer', 'xmlrpc-shield' ), $code );
	}

	/**
	 * Result array.
	 *
	 * @param bool     $ok      Success.
	 * @param string   $method  Method.
	 * @param string[] $files   Files written.
	 * @param string   $message Message.
	 * @return array{ok:bool, method:string, files:string[], message:string}
	 */
	private static function report( bool $ok, string $method, array $files, string $message ): array {
		return array(
			'ok'      => $ok,
			'method'  => $method,
			'files'   => $files,
			'message' => $message,
		);
	}

	/**
	 * Replaces our block in an INI file. insert_with_markers() writes "#" comments, which
	 * PHP's INI parser rejects, so .user.ini gets ";" markers of the same shape.
	 *
	 * @param string   $file  File.
	 * @param string[] $lines Lines for the block; empty removes it.
	 */
	private static function write_ini_block( string $file, array $lines ): bool {
		$existing = is_file( $file ) ? (string) file_get_contents( $file ) : ''; // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
		$begin    = '; BEGIN ' . self::MARKER;
		$end      = '; END ' . self::MARKER;
		$pattern  = '/\n?' . preg_quote( $begin, '/' ) . '.*?' . preg_quote( $end, '/' ) . '\n?/s';
		$content  = (string) preg_replace( $pattern, "\n", $existing );
		$content  = rtrim( $content, "\n" );
		if ( array() !== $lines ) {
			$content .= ( '' === $content ? '' : "\n" ) . $begin . "\n" . implode( "\n", $lines ) . "\n" . $end;
		}
		$content = '' === $content ? '' : $content . "\n";
		return false !== file_put_contents( $file, $content, LOCK_EX ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_file_put_contents
	}

	/**
	 * Whether a file holds our marker.
	 *
	 * @param string $file File.
	 */
	private static function has_marker( string $file ): bool {
		$content = (string) file_get_contents( $file ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
		return false !== strpos( $content, '# BEGIN ' . self::MARKER );
	}

	/**
	 * The must-use loader's path.
	 */
	private static function mu_plugin_file(): string {
		$dir = defined( 'WPMU_PLUGIN_DIR' ) ? WPMU_PLUGIN_DIR : WP_CONTENT_DIR . '/mu-plugins';
		return $dir . '/' . self::MU_FILE;
	}

	/**
	 * The directory holding the site's .htaccess (core's get_home_path()).
	 */
	public static function home_path(): string {
		if ( ! function_exists( 'get_home_path' ) ) {
			require_once ABSPATH . 'wp-admin/includes/file.php';
		}
		return get_home_path();
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
