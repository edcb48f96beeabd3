<?php
/**
 * The early gate's files: the gate (or its stub) from the shipped template, and its settings.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\EarlyGate;

use XmlrpcShield\Files\AtomicFile;
use XmlrpcShield\Fleet\Drain;
use XmlrpcShield\Paths;
use XmlrpcShield\GateConfig;

/**
 * The gate file holds only facts that stay put while it is installed (where its settings are,
 * which prepend file it chains, its hook, its removal time); the decision settings live in a
 * JSON file beside the spool, rewritten on every change and read on every request, so no
 * OPcache copy of PHP code can hold old settings.
 */
final class GateFile {

	/** A template's facts line, which render() replaces with the var_export()ed facts. */
	const FACTS_LINE = '/^(\$[a-z_]+) = array\(\);$/m';

	/**
	 * Where the gate file lives: in wp-content, not in the data folder, so deleting that folder
	 * (uninstall does) never removes a file a cached .user.ini still names.
	 */
	public static function path(): string {
		return WP_CONTENT_DIR . '/xmlrpc-shield-early-gate.php';
	}

	/**
	 * Where gates installed by earlier versions live (their state has no 'target').
	 */
	public static function legacy_path(): string {
		return Paths::data_dir() . '/early-gate.php';
	}

	/**
	 * The settings file: a name with a secret part (from the site's salt, so the same on every
	 * reinstall) so that a web server which ignores the data folder's .htaccess (nginx) cannot
	 * be asked for it by a guessable URL.
	 */
	public static function settings_path(): string {
		return Paths::data_dir() . '/early-gate-settings-' . substr( hash_hmac( 'sha256', 'early-gate-settings', wp_salt( 'auth' ) ), 0, 20 ) . '.json';
	}

	/**
	 * A template with its facts filled in.
	 *
	 * The facts line is the template's first `$name = array();` line (FACTS_LINE).
	 *
	 * @param string              $template File name under $dir.
	 * @param array<string,mixed> $facts    Values for the template's facts array.
	 * @param string              $dir      Templates folder (default: the early gate's).
	 */
	public static function render( string $template, array $facts, string $dir = __DIR__ . '/templates' ): string {
		$code = AtomicFile::read( $dir . '/' . $template );
		if ( ! preg_match( self::FACTS_LINE, $code, $match, PREG_OFFSET_CAPTURE ) ) {
			return '';
		}
		$line = $match[1][0] . ' = ' . var_export( $facts, true ) . ';'; // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_var_export -- the point: data as PHP literals.
		return substr_replace( $code, $line, $match[0][1], strlen( $match[0][0] ) );
	}

	/**
	 * Writes the gate file.
	 *
	 * @param string $path     Gate file.
	 * @param string $settings Settings file it reads.
	 * @param string $chain    Previous auto_prepend_file to run after it ('' for none).
	 * @param string $hook     Hook kind.
	 */
	public static function write_gate( string $path, string $settings, string $chain, string $hook ): bool {
		return self::write( $path, $settings, $chain, $hook, 0 );
	}

	/**
	 * Turns the gate file into its stub: runs the chain only, deletes itself when safe.
	 *
	 * @param string $path       Gate file.
	 * @param string $chain      Previous auto_prepend_file ('' for none).
	 * @param string $hook       Hook kind that named it.
	 * @param int    $removed_at When its hook was removed.
	 */
	public static function write_stub( string $path, string $chain, string $hook, int $removed_at ): bool {
		return self::write( $path, '', $chain, $hook, $removed_at );
	}

	/** Seconds beyond a hook's cache time before its stub may go (clock steps, slow requests). */
	const STUB_MARGIN = 10;

	/**
	 * Whether no PHP process can still name a stub removed at $removed_at by $hook: a PHP-FPM
	 * worker re-reads .user.ini at its first request after user_ini.cache_ttl seconds, so past
	 * removal + ttl none names the file any more. The ttl is only known inside PHP-FPM/CGI (the
	 * pool may set it): from WP-CLI a .user.ini stub is left for a web request to delete.
	 *
	 * @param string $hook       Hook kind.
	 * @param int    $removed_at Removal time.
	 */
	public static function stub_expired( string $hook, int $removed_at ): bool {
		if ( 'user-ini' !== $hook ) {
			return time() > $removed_at + self::STUB_MARGIN;
		}
		if ( in_array( PHP_SAPI, array( 'cli', 'phpdbg', 'apache2handler' ), true ) ) {
			return false;
		}
		return time() > $removed_at + (int) ini_get( 'user_ini.cache_ttl' ) + self::STUB_MARGIN;
	}

	/**
	 * Writes the settings the gate decides with (atomically; read on its next request).
	 *
	 * @param string $file  Settings file.
	 * @param string $token Probe token for the installer's loopback check.
	 * @return string|null The runtime bundle it names ('' for none), null when not written.
	 */
	public static function write_settings( string $file, string $token ): ?string {
		// First: making the data folder may make the file-name secret, which changes the spool
		// path this config names (and rewrites these settings itself, nested).
		if ( ! Paths::ensure_data_dir() ) {
			return null;
		}
		$bundle = (string) RuntimeBundle::write();
		$config = GateConfig::for_early_gate();
		$data   = array(
			// The node beat (Gate\NodeBeat) makes a node whose gate refuses a flood drain and fetch these settings.
			'config'     => array_merge( $config, array( 'probe_token' => $token ) + array( 'beat' => Drain::beat_config() ) ),
			'version'    => self::settings_version( $config ),
			'bundle'     => $bundle,
			'autoloader' => XMLRPC_SHIELD_DIR . '/includes/Autoloader.php',
		);
		$json   = wp_json_encode( $data, JSON_UNESCAPED_SLASHES );
		if ( ! is_string( $json ) ) {
			return null;
		}
		// A node that drains every few seconds rewrites nothing while nothing changed.
		return AtomicFile::read( $file ) === $json || AtomicFile::write( $file, $json ) ? $bundle : null;
	}

	/** Config keys that make the early gate decide differently: their hash is the settings version. */
	const VERSIONED_KEYS = array( 'mode', 'allowlist', 'denylist', 'trusted_proxies', 'log_enabled', 'lockouts', 'jetpack_connected' );

	/**
	 * A short hash of what a gate config decides with, the same on every node for the same
	 * settings (paths and keys left out): a node whose settings file holds another one runs an
	 * out-of-date gate.
	 *
	 * @param array<string,mixed> $config GateConfig::for_early_gate().
	 */
	public static function settings_version( array $config ): string {
		return substr( sha1( (string) wp_json_encode( array_intersect_key( $config, array_flip( self::VERSIONED_KEYS ) ) ) ), 0, 12 );
	}

	/**
	 * The settings version a settings file holds ('' when missing or unreadable).
	 *
	 * @param string $file Settings file.
	 */
	public static function file_version( string $file ): string {
		$data = '' === $file || ! is_file( $file ) ? null : json_decode( AtomicFile::read( $file ), true );
		return is_array( $data ) && is_string( $data['version'] ?? null ) ? $data['version'] : '';
	}

	/**
	 * Renders and writes one gate file.
	 *
	 * @param string $path       Gate file.
	 * @param string $settings   Settings file ('' for a stub).
	 * @param string $chain      Chained prepend file.
	 * @param string $hook       Hook kind.
	 * @param int    $removed_at Removal time, 0 while installed.
	 */
	private static function write( string $path, string $settings, string $chain, string $hook, int $removed_at ): bool {
		$code = self::render(
			'early-gate.php',
			array(
				'settings'   => $settings,
				'chain'      => $chain,
				'hook'       => $hook,
				'removed_at' => $removed_at,
			)
		);
		return '' !== $code && AtomicFile::write( $path, $code );
	}
}
