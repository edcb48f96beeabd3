<?php
/**
 * Whole-file writes that a concurrent reader never sees half done.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Files;

/**
 * Writes a sibling temp file and renames it over the target: a reader (a request including a
 * PHP file, Apache parsing .htaccess, PHP-FPM parsing .user.ini) sees the old or the new file,
 * never half of one. Then drops this process's OPcache copy of the path.
 *
 * Plain PHP file calls, as core's own insert_with_markers() uses: WP_Filesystem may need
 * credentials this code cannot ask for, and these files must be written from WP-CLI too.
 */
final class AtomicFile {

	/**
	 * Replaces $path with $contents. A new file gets 0644, an existing one keeps its mode.
	 *
	 * @param string $path     Target path.
	 * @param string $contents Full contents.
	 * @return bool False when nothing was changed (the old file, if any, is intact).
	 */
	public static function write( string $path, string $contents ): bool {
		$temp = $path . '.' . bin2hex( random_bytes( 4 ) ) . '.tmp';
		// phpcs:disable WordPress.WP.AlternativeFunctions,WordPress.PHP.NoSilencedErrors.Discouraged -- see the class docblock; a failure is reported by the return value.
		if ( false === @file_put_contents( $temp, $contents ) ) {
			@unlink( $temp );
			return false;
		}
		$perms = is_file( $path ) ? @fileperms( $path ) : false;
		@chmod( $temp, false !== $perms ? $perms & 0777 : 0644 );
		if ( ! @rename( $temp, $path ) ) {
			@unlink( $temp );
			return false;
		}
		// phpcs:enable
		self::forget_compiled( $path );
		return true;
	}

	/**
	 * Deletes $path if it is a file.
	 *
	 * @param string $path Path.
	 * @return bool Whether no file is left there.
	 */
	public static function delete( string $path ): bool {
		if ( ! is_file( $path ) ) {
			return true;
		}
		self::forget_compiled( $path );
		return @unlink( $path ); // phpcs:ignore WordPress.WP.AlternativeFunctions.unlink_unlink,WordPress.PHP.NoSilencedErrors.Discouraged -- the return value reports it.
	}

	/**
	 * The file's contents, '' when it is missing or unreadable.
	 *
	 * @param string $path Path.
	 */
	public static function read( string $path ): string {
		if ( ! is_file( $path ) ) {
			return '';
		}
		return (string) @file_get_contents( $path ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents,WordPress.PHP.NoSilencedErrors.Discouraged -- '' reports it.
	}

	/**
	 * Drops this process's OPcache copy and stat cache of $path. Other processes (the web
	 * server, when this runs in WP-CLI) keep theirs: that is why the early gate reads its
	 * settings from a data file OPcache never caches, not from PHP code.
	 *
	 * @param string $path Path.
	 */
	private static function forget_compiled( string $path ): void {
		clearstatcache( true, $path );
		if ( function_exists( 'opcache_invalidate' ) && '.php' === substr( $path, -4 ) ) {
			opcache_invalidate( $path, true );
		}
	}
}
