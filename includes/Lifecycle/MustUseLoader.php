<?php
/**
 * The plugin-load gate's must-use loader: decides gated requests right after must-use plugins.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Lifecycle;

use XmlrpcShield\EarlyGate\GateFile;
use XmlrpcShield\EarlyGate\Probe;
use XmlrpcShield\Files\AtomicFile;
use XmlrpcShield\Files\MustUseDir;
use XmlrpcShield\Plugin;

/**
 * WordPress registers its post types and taxonomies, starts recovery mode and checks every
 * active plugin between must-use and regular plugins (about 1 ms of CPU on 7.1): a gate that
 * waits for its own plugin file pays for all of it on every refused request. A tiny must-use
 * file, written at activation and verified with a real request, runs the same plugin-load gate
 * (Plugin::gate()) first thing on `muplugins_loaded`, with the same settings, so the
 * zero-config floor sits at a bare must-use exit. Not the early gate's must-use hook
 * (EarlyGate\Hook\MustUseHook), which includes the early gate file instead.
 *
 * It decides on muplugins_loaded rather than when it is included, so that every must-use
 * plugin (and a network-active plugin) has added its filters by then; filters a regular
 * plugin adds come too late for it, as they always did for the early gate.
 */
final class MustUseLoader {

	/** The loader's file name in the must-use folder (the early gate's is MustUseHook::FILE). */
	const FILE = 'xmlrpc-shield-plugin-load.php';

	/** Request header of the activation check; the loader answers it with 204. */
	const PROBE_HEADER = 'HTTP_X_XMLRPC_SHIELD_LOADER_PROBE';

	/** X-XMLRPC-Shield value of the loader's answer to the activation check. */
	const PROBE_ANSWER = 'plugin-load-loader-probe';

	/**
	 * The loader's path.
	 */
	public static function file(): string {
		return MustUseDir::file( self::FILE );
	}

	/**
	 * Whether the loader is there.
	 */
	public static function installed(): bool {
		return is_file( self::file() );
	}

	/**
	 * Called by the loader on a gated request (or its check), with the facts it was written
	 * with: answers the activation check, else runs the plugin-load gate now.
	 *
	 * @param array<string,string> $facts plugin, basename, token.
	 */
	public static function run( array $facts ): void {
		if ( isset( $_SERVER[ self::PROBE_HEADER ], $facts['token'] ) && is_string( $_SERVER[ self::PROBE_HEADER ] ) && hash_equals( (string) $facts['token'], $_SERVER[ self::PROBE_HEADER ] ) ) {
			header( 'X-XMLRPC-Shield: ' . self::PROBE_ANSWER );
			http_response_code( 204 );
			exit;
		}
		// The plugin's file defines these only when they are not set; the gate needs them now.
		if ( ! defined( 'XMLRPC_SHIELD_FILE' ) ) {
			define( 'XMLRPC_SHIELD_FILE', (string) $facts['plugin'] );
			define( 'XMLRPC_SHIELD_DIR', dirname( (string) $facts['plugin'] ) );
		}
		Plugin::gate();
	}

	/**
	 * Writes the loader once WordPress has recorded the activation (activated_plugin): core
	 * runs activation hooks before it adds the plugin to active_plugins, and the loader's
	 * check needs the plugin active.
	 */
	public static function install_after_activation(): void {
		add_action(
			'activated_plugin',
			static function ( $plugin ): void {
				if ( plugin_basename( XMLRPC_SHIELD_FILE ) === $plugin ) {
					self::install();
				}
			}
		);
	}

	/**
	 * Writes the loader and checks it with a request to the site's home page; removes it again
	 * when the check fails (the gate then decides at plugin load, as without it).
	 *
	 * @return true|string True, or what went wrong.
	 */
	public static function install() {
		$dir = dirname( self::file() );
		if ( ! is_dir( $dir ) && ! wp_mkdir_p( $dir ) ) {
			/* translators: %s: directory. */
			return sprintf( __( 'Cannot create %s.', 'xmlrpc-shield' ), $dir );
		}
		$code = GateFile::render(
			'must-use-loader.php',
			array(
				// The path WordPress includes (not a symlink's target): with the folder gone from
				// wp-content/plugins, the loader finds no file and does nothing.
				'plugin'   => WP_PLUGIN_DIR . '/' . plugin_basename( XMLRPC_SHIELD_FILE ),
				'basename' => plugin_basename( XMLRPC_SHIELD_FILE ),
				'token'    => self::token(),
			),
			__DIR__ . '/templates'
		);
		if ( '' === $code || ! AtomicFile::write( self::file(), $code ) ) {
			/* translators: %s: file. */
			return sprintf( __( 'Cannot write %s.', 'xmlrpc-shield' ), self::file() );
		}
		$check = self::check();
		if ( true !== $check ) {
			self::remove();
		}
		return $check;
	}

	/**
	 * Deletes the loader. Safe to call when it is not there.
	 */
	public static function remove(): bool {
		return ! self::installed() || AtomicFile::delete( self::file() );
	}

	/**
	 * Asks the home page with the check's header: a 204 from the loader proves it is included,
	 * finds the plugin active and reaches its code, and that the file breaks nothing before it.
	 *
	 * @return true|string True, or what went wrong.
	 */
	private static function check() {
		$answer = Probe::ask( home_url( '/' ), 'X-XMLRPC-Shield-Loader-Probe', self::token(), self::PROBE_ANSWER );
		/* translators: %d: HTTP status. */
		return is_int( $answer ) ? sprintf( __( 'HTTP %d without the must-use loader\'s answer', 'xmlrpc-shield' ), $answer ) : $answer;
	}

	/**
	 * The check's secret, the same on every write (from the site's salt), so a web server whose
	 * OPcache still holds an earlier copy of the loader answers it too.
	 */
	private static function token(): string {
		return substr( hash_hmac( 'sha256', 'plugin-load-loader', wp_salt( 'auth' ) ), 0, 32 );
	}
}
