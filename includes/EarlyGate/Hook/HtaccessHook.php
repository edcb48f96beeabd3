<?php
/**
 * Apache + mod_php: `php_value auto_prepend_file` for xmlrpc.php and wp-trackback.php only.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\EarlyGate\Hook;

use XmlrpcShield\EarlyGate\GateFile;
use XmlrpcShield\Files\AtomicFile;
use XmlrpcShield\Files\HomePath;
use XmlrpcShield\Files\MarkerBlock;

/**
 * No other request pays anything. Apache reads .htaccess on every request, so a change
 * applies at once.
 */
final class HtaccessHook implements Hook {

	/**
	 * The site's .htaccess.
	 */
	public function file(): string {
		return HomePath::file( '.htaccess' );
	}

	/**
	 * Whether our block is there.
	 */
	public function installed(): bool {
		return $this->block()->exists();
	}

	/**
	 * A `php_value auto_prepend_file` outside our block (e.g. Wordfence's), else ini_get().
	 *
	 * @param string $target The gate file.
	 */
	public function chained( string $target ): string {
		return PrependChain::find( $this->block()->outside(), '/^\s*php_value\s+auto_prepend_file\s+(["\']?)([^"\'\r\n]+)\1\s*$/mi', array( $target, GateFile::legacy_path() ) );
	}

	/**
	 * Writes our block; case-insensitive, for /XMLRPC.PHP on case-insensitive filesystems.
	 *
	 * @param string $target The gate file.
	 */
	public function install( string $target ): string {
		if ( ! HomePath::writable( $this->file() ) ) {
			/* translators: %s: file. */
			return sprintf( __( '%s is not writable.', 'xmlrpc-shield' ), $this->file() );
		}
		$lines = array();
		foreach ( array( 'mod_php.c', 'mod_php7.c' ) as $module ) {
			array_push( $lines, '<IfModule ' . $module . '>', '<FilesMatch "(?i)^(xmlrpc|wp-trackback)\.php$">', 'php_value auto_prepend_file "' . $target . '"', '</FilesMatch>', '</IfModule>' );
		}
		/* translators: %s: file. */
		return $this->block()->replace( $lines ) ? '' : sprintf( __( 'Cannot write %s.', 'xmlrpc-shield' ), $this->file() );
	}

	/**
	 * Removes our block whole (no empty marker pair is left); a file that held nothing else
	 * goes with it, so a rolled-back install leaves the site as it found it.
	 */
	public function remove(): bool {
		if ( ! $this->block()->remove() ) {
			return false;
		}
		$file = $this->file();
		if ( is_file( $file ) && '' === trim( (string) AtomicFile::read( $file ) ) ) {
			AtomicFile::delete( $file );
		}
		return true;
	}

	/**
	 * Our block.
	 */
	private function block(): MarkerBlock {
		return new MarkerBlock( $this->file(), self::MARKER, '#' );
	}
}
