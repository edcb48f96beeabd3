<?php
/**
 * Installs and removes the early gate, keeps its settings current, verifies it, and keeps
 * its state.
 *
 * One job, the early gate's life cycle; writing the gate file, the hooks and the loopback check
 * are GateFile, Hook/* and Probe. Its length is the order of steps that keeps a hook from ever
 * naming a missing file, read as one.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\EarlyGate;

use XmlrpcShield\EarlyGate\Hook\Hooks;
use XmlrpcShield\Files\AtomicFile;
use XmlrpcShield\Paths;
use XmlrpcShield\Settings;

/**
 * Three hooks run the gate file before WordPress's plugins (Hook\*): `htaccess` (Apache +
 * mod_php), `user-ini` (PHP-FPM/CGI) and `mu-plugin` (anywhere). The gate file (GateFile)
 * holds only its fixed facts; a settings change rewrites only its JSON settings file. An
 * install is checked with a loopback request and rolled back if the site breaks. A removal
 * takes the hook out and leaves the gate file as a do-nothing stub until no PHP process can
 * still name it.
 */
final class Installer {

	const SETTING_KEYS = array( Settings::MODE, Settings::ALLOWLIST, Settings::DENYLIST, Settings::TRUSTED_PROXIES, Settings::LOG_ENABLED );

	/**
	 * Keeps the settings file in step with the settings; after an update, the gate's files.
	 */
	public static function register(): void {
		foreach ( self::SETTING_KEYS as $option ) {
			add_action( 'update_option_' . $option, array( self::class, 'write_settings' ) );
			add_action( 'add_option_' . $option, array( self::class, 'write_settings' ) );
		}
		add_action( 'admin_init', array( self::class, 'upgrade_files' ) );
		// A removed gate's stub goes from a web request (it knows PHP-FPM's user_ini.cache_ttl):
		// wp-admin, admin-ajax (the heartbeat) or WP-Cron's minutely ingest.
		add_action( 'admin_init', array( self::class, 'delete_expired_stub' ) );
		add_action( \XmlrpcShield\Log\Scheduler::INGEST_HOOK, array( self::class, 'delete_expired_stub' ) );
		add_action( 'admin_notices', array( FailureNotice::class, 'show' ) );
		if ( defined( 'WP_CLI' ) && WP_CLI ) {
			add_action( 'init', array( self::class, 'upgrade_files' ) );
		}
	}

	/**
	 * The gate file an install uses (an earlier version's install used the data folder).
	 */
	public static function gate_file(): string {
		$state = self::state();
		return (string) ( $state['target'] ?? ( empty( $state['method'] ) ? GateFile::path() : GateFile::legacy_path() ) );
	}

	/**
	 * Installed state for status displays. 'error' says why the settings could not be written
	 * (the gate then decides nothing and the plugin-load gate decides), '' when all is well.
	 *
	 * @return array{installed:bool, method:string, files:string[], error:string}
	 */
	public static function status(): array {
		$state  = self::state();
		$method = (string) ( $state['method'] ?? '' );
		return array(
			'installed' => '' !== $method && is_file( self::gate_file() ),
			'method'    => $method,
			'files'     => '' !== $method ? array_map( 'strval', (array) ( $state['files'] ?? array() ) ) : array(),
			'error'     => '' !== $method ? (string) ( $state['error'] ?? '' ) : '',
		);
	}

	/**
	 * The method 'auto' resolves to on this server.
	 */
	public static function detect_method(): string {
		if ( 'apache2handler' === PHP_SAPI ) {
			return 'htaccess';
		}
		return in_array( PHP_SAPI, array( 'cgi-fcgi', 'fpm-fcgi', 'litespeed' ), true ) ? 'user-ini' : 'mu-plugin';
	}

	/**
	 * Installs the early gate (again, over the same gate file, when it is installed).
	 *
	 * @param string $method auto, htaccess, user-ini or mu-plugin.
	 * @param bool   $verify Whether to check with a loopback request (and roll back on failure).
	 * @return array{ok:bool, method:string, files:string[], message:string}
	 */
	public static function install( string $method = 'auto', bool $verify = true ): array {
		$method = 'auto' === $method ? self::detect_method() : $method;
		if ( ! in_array( $method, Hooks::METHODS, true ) ) {
			/* translators: %s: list of methods. */
			return self::report( false, $method, array(), sprintf( __( 'Unknown method. Use one of: auto, %s.', 'xmlrpc-shield' ), implode( ', ', Hooks::METHODS ) ) );
		}
		if ( ! Paths::ensure_data_dir() ) {
			/* translators: %s: directory path. */
			return self::report( false, $method, array(), sprintf( __( 'Cannot write to %s.', 'xmlrpc-shield' ), Paths::data_dir() ) );
		}
		$before = self::state();
		self::remove();
		$hook   = Hooks::of( $method );
		$target = GateFile::path();
		$chain  = $hook->chained( $target );
		if ( '' === $chain && ( $before['method'] ?? '' ) === $method ) {
			$chain = (string) ( $before['chain'] ?? '' );
		}
		$previous = is_file( $target ) ? AtomicFile::read( $target ) : null;
		$settings = GateFile::settings_path();
		$token    = wp_generate_password( 32, false );
		$bundle   = GateFile::write_settings( $settings, $token );
		$error    = null !== $bundle && GateFile::write_gate( $target, $settings, $chain, $method ) ? $hook->install( $target ) : sprintf(
			/* translators: %s: file path. */
			__( 'Cannot write %s.', 'xmlrpc-shield' ),
			null === $bundle ? $settings : $target
		);
		if ( '' !== $error ) {
			// Put the gate file back as it was (a stub a cached hook may still name), or drop it.
			null === $previous ? AtomicFile::delete( $target ) : AtomicFile::write( $target, $previous );
			AtomicFile::delete( $settings );
			return self::report( false, $method, array(), $error );
		}
		$files = array_values( array_filter( array( $target, $settings, (string) $bundle, $hook->file() ) ) );
		update_option(
			Settings::EARLY_GATE,
			compact( 'method', 'target', 'settings', 'chain', 'token', 'files' ) + array(
				'version'      => XMLRPC_SHIELD_VERSION,
				'installed_at' => time(),
				'error'        => '',
			),
			false
		);
		if ( ! $verify || 'user-ini' === $method ) {
			$note = 'user-ini' === $method
				? __( 'PHP reads .user.ini again within user_ini.cache_ttl (5 minutes by default); the gate starts then.', 'xmlrpc-shield' )
				: __( 'Installed (not verified).', 'xmlrpc-shield' );
			return self::report( true, $method, $files, $note );
		}
		$check = Probe::check( $token );
		if ( true !== $check ) {
			self::remove();
			/* translators: %s: reason. */
			return self::report( false, $method, array(), sprintf( __( 'The early gate was written, but a test request failed (%s), so it was removed again. The site is unchanged.', 'xmlrpc-shield' ), $check ) );
		}
		return self::report( true, $method, $files, __( 'Installed and verified with a test request.', 'xmlrpc-shield' ) );
	}

	/**
	 * Checks the installed gate with a test request (a .user.ini install, once PHP has read
	 * .user.ini again).
	 *
	 * @return true|string True, or what went wrong.
	 */
	public static function verify() {
		$state = self::state();
		if ( empty( $state['method'] ) || empty( $state['token'] ) ) {
			return __( 'the early gate is not installed', 'xmlrpc-shield' );
		}
		return Probe::check( (string) $state['token'] );
	}

	/**
	 * Removes the early gate: takes every hook out (other lines in the hook files apply again),
	 * deletes the settings file (so a stale copy of the gate decides nothing) and the runtime
	 * bundle, and turns the gate file into a stub that does nothing but run the chained file,
	 * deleted once no PHP process can still name it. Safe to call when not installed.
	 *
	 * @return string[] Files changed or deleted.
	 */
	public static function remove(): array {
		$state   = self::state();
		$method  = (string) ( $state['method'] ?? '' );
		$changed = array();
		foreach ( Hooks::METHODS as $kind ) {
			$hook = Hooks::of( $kind );
			if ( $hook->installed() && $hook->remove() ) {
				$changed[] = $hook->file();
				$method    = '' !== $method ? $method : $kind;
			}
		}
		$stub = $state['stub'] ?? null;
		foreach ( array_unique( array( self::gate_file(), GateFile::path(), GateFile::legacy_path() ) ) as $target ) {
			if ( '' !== $method && is_file( $target ) && GateFile::write_stub( $target, (string) ( $state['chain'] ?? '' ), $method, time() ) ) {
				$changed[] = $target;
				$stub      = array(
					'file'       => $target,
					'hook'       => $method,
					'removed_at' => time(),
				);
			}
		}
		foreach ( array( (string) ( $state['settings'] ?? '' ), GateFile::settings_path() ) as $settings ) {
			if ( '' !== $settings && is_file( $settings ) && AtomicFile::delete( $settings ) ) {
				$changed[] = $settings;
			}
		}
		$changed = array_values( array_unique( array_merge( $changed, RuntimeBundle::delete_all() ) ) );
		if ( is_array( $stub ) ) {
			update_option( Settings::EARLY_GATE, array( 'stub' => $stub ), false );
		} else {
			delete_option( Settings::EARLY_GATE );
		}
		return $changed;
	}

	/**
	 * Rewrites the settings file after a settings change (main site only: one gate serves the
	 * network). A failed write deletes the old file, so the gate defers to the plugin-load gate
	 * rather than decide with old settings, and is reported in status() and an admin notice.
	 */
	public static function write_settings(): void {
		$state = self::state();
		if ( empty( $state['method'] ) || ( is_multisite() && ! is_main_site() ) ) {
			return;
		}
		if ( empty( $state['settings'] ) ) {
			self::upgrade_files( true );
			return;
		}
		$written = null !== GateFile::write_settings( (string) $state['settings'], (string) $state['token'] );
		$error   = '';
		if ( ! $written ) {
			$error = AtomicFile::delete( (string) $state['settings'] )
				/* translators: %s: file path. */
				? sprintf( __( 'The early gate\'s settings could not be written to %s. Until they can, it lets the plugin decide each XML-RPC request with the current settings.', 'xmlrpc-shield' ), $state['settings'] )
				/* translators: %s: file path. */
				: sprintf( __( 'The early gate\'s settings could not be written to %s, nor that file removed: the early gate may still decide with older settings. Make the folder writable, or remove the early gate.', 'xmlrpc-shield' ), $state['settings'] );
		}
		if ( ( $state['error'] ?? '' ) !== $error ) {
			$state['error'] = $error;
			update_option( Settings::EARLY_GATE, $state, false );
		}
	}

	/**
	 * Brings this node's settings file up to date with the database (a node drains, and its
	 * file may have been written before a change saved on another node); rewritten only when
	 * its content differs.
	 *
	 * @return array{installed:bool, version:string} Whether this node runs the gate, and the
	 *         settings version its file holds ('' when it has none).
	 */
	public static function sync_settings(): array {
		$state = self::state();
		if ( empty( $state['method'] ) || ( is_multisite() && ! is_main_site() ) ) {
			return array(
				'installed' => false,
				'version'   => '',
			);
		}
		self::write_settings();
		$state = self::state();
		return array(
			'installed' => is_file( self::gate_file() ),
			'version'   => GateFile::file_version( (string) ( $state['settings'] ?? '' ) ),
		);
	}

	/**
	 * After a plugin update (or for a gate an earlier version installed), rewrites the gate
	 * file from the new template, the settings file and the runtime bundle. Runs in wp-admin
	 * and WP-CLI only: a request must not pay for it.
	 *
	 * @param bool $force Rewrite even when the recorded version is current.
	 */
	public static function upgrade_files( bool $force = false ): void {
		$state = self::state();
		if ( empty( $state['method'] ) || ( ! $force && ( $state['version'] ?? '' ) === XMLRPC_SHIELD_VERSION && ! empty( $state['settings'] ) ) ) {
			return;
		}
		$hook              = Hooks::of( (string) $state['method'] );
		$legacy            = empty( $state['target'] ) ? self::gate_file() : '';
		$state['target']   = GateFile::path();
		$state['settings'] = (string) ( $state['settings'] ?? GateFile::settings_path() );
		$state['chain']    = (string) ( $state['chain'] ?? $hook->chained( $state['target'] ) );
		$bundle            = GateFile::write_settings( $state['settings'], (string) $state['token'] );
		if ( null === $bundle || ! GateFile::write_gate( $state['target'], $state['settings'], $state['chain'], (string) $state['method'] ) ) {
			return;
		}
		if ( '' !== $legacy ) {
			// The hook moves to the new path; the old file, which a cached hook may still name,
			// becomes a stub (its compiled settings must not decide any more).
			if ( '' !== $hook->install( $state['target'] ) ) {
				return;
			}
			GateFile::write_stub( $legacy, $state['chain'], (string) $state['method'], time() );
			$state['stub'] = array(
				'file'       => $legacy,
				'hook'       => (string) $state['method'],
				'removed_at' => time(),
			);
		}
		$state['version'] = XMLRPC_SHIELD_VERSION;
		$state['files']   = array_values( array_filter( array( $state['target'], $state['settings'], $bundle, $hook->file() ) ) );
		update_option( Settings::EARLY_GATE, $state, false );
	}

	/**
	 * Deletes a removed gate's stub once no PHP process can still name it.
	 */
	public static function delete_expired_stub(): void {
		$state = self::state();
		$stub  = $state['stub'] ?? null;
		if ( is_array( $stub ) && GateFile::stub_expired( (string) $stub['hook'], (int) $stub['removed_at'] ) && AtomicFile::delete( (string) $stub['file'] ) ) {
			unset( $state['stub'] );
			array() === $state ? delete_option( Settings::EARLY_GATE ) : update_option( Settings::EARLY_GATE, $state, false );
		}
	}

	/**
	 * After deactivation or uninstall, when none of the plugin's code runs again: a removed
	 * gate's stub is deleted now if no PHP process can name it, else handed to the must-use
	 * file that deletes it (and itself) on the first request past that time (StubCleanup).
	 *
	 * @return bool Whether nothing is left behind for good.
	 */
	public static function hand_over_stub(): bool {
		$stub = self::state()['stub'] ?? null;
		return StubCleanup::hand_over( is_array( $stub ) ? $stub : null );
	}

	/**
	 * The saved state: the install's facts, or a removed gate's pending stub.
	 *
	 * @return array<string,mixed>
	 */
	private static function state(): array {
		$state = get_option( Settings::EARLY_GATE );
		return is_array( $state ) ? $state : array();
	}

	/**
	 * Result array: ok, method, files, message.
	 *
	 * @param bool     $ok      Whether the gate is installed.
	 * @param string   $method  Hook method.
	 * @param string[] $files   Files written.
	 * @param string   $message What happened, for the user.
	 * @return array{ok:bool, method:string, files:string[], message:string}
	 */
	private static function report( bool $ok, string $method, array $files, string $message ): array {
		return compact( 'ok', 'method', 'files', 'message' );
	}
}
