<?php
/**
 * PHP-FPM / CGI: `auto_prepend_file` in the site's .user.ini.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\EarlyGate\Hook;

use XmlrpcShield\EarlyGate\GateFile;
use XmlrpcShield\Files\HomePath;
use XmlrpcShield\Files\MarkerBlock;

/**
 * Every PHP request in the folder runs the gate file (it returns at once when the request is
 * not XML-RPC). Each PHP process re-reads .user.ini only after user_ini.cache_ttl seconds (300
 * by default), so an install starts, and a removal ends, up to that long later: the gate file
 * must not go missing before (see GateFile::write_stub()).
 */
final class UserIniHook implements Hook {

	/**
	 * The site's .user.ini.
	 */
	public function file(): string {
		return HomePath::file( '.user.ini' );
	}

	/**
	 * Whether our block is there.
	 */
	public function installed(): bool {
		return $this->block()->exists();
	}

	/**
	 * An `auto_prepend_file` line outside our block (Wordfence's, NinjaFirewall's), else
	 * php.ini's value as ini_get() shows it.
	 *
	 * @param string $target The gate file.
	 */
	public function chained( string $target ): string {
		return PrependChain::find( $this->block()->outside(), '/^\s*auto_prepend_file\s*=\s*(["\']?)([^"\'\r\n;]*)\1\s*(?:;.*)?$/mi', array( $target, GateFile::legacy_path() ) );
	}

	/**
	 * Appends our block, so our line comes last and wins over one above it.
	 *
	 * @param string $target The gate file.
	 */
	public function install( string $target ): string {
		if ( ! HomePath::writable( $this->file() ) ) {
			/* translators: %s: file. */
			return sprintf( __( '%s is not writable.', 'xmlrpc-shield' ), $this->file() );
		}
		$before  = $this->mtime();
		$written = $this->changed( $this->block()->replace( array( 'auto_prepend_file = "' . $target . '"' ) ), $before );
		/* translators: %s: file. */
		return $written ? '' : sprintf( __( 'Cannot write %s.', 'xmlrpc-shield' ), $this->file() );
	}

	/**
	 * Removes our block whole; the line above it (another firewall's) applies again.
	 */
	public function remove(): bool {
		$before = $this->mtime();
		return $this->changed( $this->block()->remove(), $before );
	}

	/**
	 * PHP notices a changed .user.ini by its modification time in whole seconds: a change
	 * within the second of the previous one (install, then remove) would look unchanged to a
	 * process that read the first. Moves the time on when needed.
	 *
	 * @param bool $written Whether the write succeeded.
	 * @param int  $before  Modification time before the write (0: no file).
	 */
	private function changed( bool $written, int $before ): bool {
		if ( $written && $before > 0 && is_file( $this->file() ) && $this->mtime() <= $before ) {
			touch( $this->file(), $before + 1 ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_touch
		}
		return $written;
	}

	/**
	 * The file's modification time (0 when missing).
	 */
	private function mtime(): int {
		clearstatcache( true, $this->file() );
		return is_file( $this->file() ) ? (int) filemtime( $this->file() ) : 0;
	}

	/**
	 * Our block, with INI comments.
	 */
	private function block(): MarkerBlock {
		return new MarkerBlock( $this->file(), self::MARKER, ';' );
	}
}
