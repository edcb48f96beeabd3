<?php
/**
 * Where the plugin keeps files outside its own directory.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield;

/**
 * One directory under wp-content holds the spool, its lock and the early gate's files, so
 * uninstall can remove exactly what we wrote.
 *
 * The spool holds client addresses and user agents, and a web server may serve the folder:
 * nginx reads no .htaccess, and Apache may be set to ignore it. So the log files (spool,
 * claimed spools, lock, .htaccess backup) carry a per-site secret (from the site's salt) in
 * their names that no URL can guess, besides the folder's deny-all .htaccess, its index.php
 * and the deny in the nginx snippet. They stay in wp-content rather than above the web root: from WP-CLI or
 * cron the web root is unknown (the folder above ABSPATH is still inside it for a WordPress
 * in a sub-directory), open_basedir often forbids it, and the web server and WP-CLI must
 * agree on one path. The xmlrpc_shield_data_dir filter moves the folder wherever the owner
 * knows better, e.g. outside the web root.
 */
final class Paths {

	/** The early gate's runtime bundles (`EarlyGate\RuntimeBundle`): this prefix, a hash of the code, `.php`. */
	const RUNTIME_BUNDLE_PREFIX = 'early-gate-runtime-';

	/** Deny-all rules for a data directory we created. */
	const HTACCESS = "# XML-RPC Shield: nothing in this folder is for the web.\nRequire all denied\nDeny from all\n";

	/**
	 * The data directory (wp-content/xmlrpc-shield), filterable for hosts with odd layouts.
	 */
	public static function data_dir(): string {
		/**
		 * Filters the folder for the spool, its lock and the early gate's files. It may be
		 * outside the web root; the web server's PHP and WP-CLI must both be able to write it.
		 * In a folder the plugin did not create, it writes no .htaccess or index.php, and
		 * uninstall removes only its own files.
		 *
		 * @param string $dir Default WP_CONTENT_DIR . '/xmlrpc-shield'.
		 */
		return (string) apply_filters( 'xmlrpc_shield_data_dir', self::default_data_dir() );
	}

	/**
	 * Spool file of the current site (one per site on multisite). Until the site has its
	 * secret (made by ensure_data_dir()), the name of earlier versions.
	 */
	public static function spool_file(): string {
		$secret = self::file_secret();
		return '' === $secret ? self::legacy_spool_file() : self::data_dir() . '/hits-' . self::blog_id() . '-' . $secret . '.spool';
	}

	/**
	 * The spool name of earlier versions: an early gate file written before the update (or
	 * not rewritten since) appends there, so the ingester keeps reading it.
	 */
	public static function legacy_spool_file(): string {
		return self::data_dir() . '/hits-' . self::blog_id() . '.spool';
	}

	/**
	 * Lock file that serialises this site's spool ingestion.
	 */
	public static function ingest_lock(): string {
		$secret = self::file_secret();
		return self::data_dir() . ( '' === $secret ? '/ingest.lock' : '/ingest-' . $secret . '.lock' );
	}

	/**
	 * Where the server rules writer keeps its copy of .htaccess (the site's own rules).
	 */
	public static function htaccess_backup(): string {
		$secret = self::file_secret();
		return self::data_dir() . ( '' === $secret ? '/htaccess.backup' : '/htaccess-' . $secret . '.backup' );
	}

	/**
	 * When this site's secret was made (0 when it has none): counters the web server kept under
	 * the old spool name are flushed for a while after it.
	 */
	public static function file_secret_since(): int {
		$value = get_option( Settings::FILE_SECRET );
		return is_array( $value ) && '' !== self::file_secret() ? (int) ( $value['since'] ?? 0 ) : 0;
	}

	/**
	 * Creates the data directory (with a deny-all .htaccess and an index.php when it is ours)
	 * and this site's file-name secret. Returns false if the directory cannot be written.
	 */
	public static function ensure_data_dir(): bool {
		$dir = self::data_dir();
		if ( ! is_dir( $dir ) ) {
			if ( ! wp_mkdir_p( $dir ) ) {
				return false;
			}
			update_site_option( Settings::CREATED_DATA_DIR, $dir );
		}
		if ( self::owns_data_dir() ) {
			if ( ! file_exists( $dir . '/index.php' ) ) {
				file_put_contents( $dir . '/index.php', "<?php\n// Silence is golden.\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_file_put_contents
			}
			if ( ! file_exists( $dir . '/.htaccess' ) ) {
				file_put_contents( $dir . '/.htaccess', self::HTACCESS ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_file_put_contents
			}
		}
		if ( '' === self::file_secret() ) {
			// From the site's secret salt rather than random: two processes making it at once
			// (WP-Cron beside WP-CLI) write the same name, so no spool is left under a name
			// that lost. Stored, so a later change of the salts renames nothing.
			update_option(
				Settings::FILE_SECRET,
				array(
					'secret' => substr( hash_hmac( 'sha256', 'xmlrpc-shield-files|' . self::blog_id(), wp_salt( 'auth' ) ), 0, 24 ),
					'since'  => time(),
				),
				true
			);
			// The early gate has the spool path compiled in: point it at the new name.
			EarlyGate\Installer::write_settings();
		}
		return is_writable( $dir ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_is_writable
	}

	/**
	 * Whether the data directory is ours: the default folder, or one this plugin created.
	 * A folder the xmlrpc_shield_data_dir filter names that existed before is someone else's.
	 */
	public static function owns_data_dir(): bool {
		$dir = self::data_dir();
		return self::default_data_dir() === $dir || get_site_option( Settings::CREATED_DATA_DIR ) === $dir;
	}

	/**
	 * Every file this plugin may write in the data directory, as glob patterns (uninstall
	 * deletes these and nothing else): spools and their claims (old and new names), locks,
	 * the .htaccess backup, the early gate's settings (and an earlier version's gate file), its
	 * runtime bundles and their temporary files,
	 * and the guards of a folder we created.
	 *
	 * @return string[]
	 */
	public static function own_file_patterns(): array {
		$patterns = array(
			'hits-*.spool',
			'hits-*.spool.*.claim',
			'hits-*.spool.claim.sequence',
			'hits-*.spool.claim.sequence.*.tmp',
			'hits-*.spool.beat',
			'ingest.lock',
			'ingest-*.lock',
			'htaccess.backup',
			'htaccess-*.backup',
			'early-gate.php',
			'early-gate.php.*.tmp',
			'early-gate-settings-*.json',
			'early-gate-settings-*.json.*.tmp',
			self::RUNTIME_BUNDLE_PREFIX . '*.php',
			self::RUNTIME_BUNDLE_PREFIX . '*.php.*.tmp',
		);
		return self::owns_data_dir() ? array_merge( $patterns, array( 'index.php', '.htaccess' ) ) : $patterns;
	}

	/**
	 * The data directory's URL path (ending in a slash) when the web server may map it to a
	 * URL, i.e. it lies under wp-content or the WordPress folder; null otherwise.
	 */
	public static function data_url_path(): ?string {
		$dir   = wp_normalize_path( self::data_dir() );
		$bases = array(
			wp_normalize_path( WP_CONTENT_DIR ) => content_url(),
			wp_normalize_path( ABSPATH )        => site_url( '/' ),
		);
		foreach ( $bases as $base => $url ) {
			$base = rtrim( $base, '/' ) . '/';
			if ( 0 === strpos( $dir . '/', $base ) ) {
				$path = rtrim( (string) wp_parse_url( $url, PHP_URL_PATH ), '/' ) . '/' . substr( $dir . '/', strlen( $base ) );
				return '/' . ltrim( (string) preg_replace( '#/+#', '/', $path ), '/' );
			}
		}
		return null;
	}

	/**
	 * This site's file-name secret, '' before ensure_data_dir() made it.
	 */
	private static function file_secret(): string {
		$value  = get_option( Settings::FILE_SECRET );
		$secret = is_array( $value ) && is_string( $value['secret'] ?? null ) ? $value['secret'] : '';
		return 1 === preg_match( '/^[a-z0-9]{24}$/', $secret ) ? $secret : '';
	}

	/**
	 * The default data directory.
	 */
	private static function default_data_dir(): string {
		return WP_CONTENT_DIR . '/xmlrpc-shield';
	}

	/**
	 * The current site's id (1 before WordPress's multisite functions load).
	 */
	private static function blog_id(): int {
		return function_exists( 'get_current_blog_id' ) ? get_current_blog_id() : 1;
	}
}
