<?php
/**
 * Anywhere: a must-use plugin that includes the gate file.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\EarlyGate\Hook;

use XmlrpcShield\EarlyGate\GateFile;
use XmlrpcShield\Files\AtomicFile;
use XmlrpcShield\Files\MustUseDir;

/**
 * Earlier than regular plugins, after WordPress's core boot. It is not a prepend file, so it
 * chains nothing: PHP still runs any auto_prepend_file itself.
 */
final class MustUseHook implements Hook {

	/** The hook's file name in the must-use folder. */
	const FILE = 'xmlrpc-shield-early-gate.php';

	/**
	 * The hook's path.
	 */
	public function file(): string {
		return MustUseDir::file( self::FILE );
	}

	/**
	 * Whether the hook is there.
	 */
	public function installed(): bool {
		return is_file( $this->file() );
	}

	/**
	 * Nothing: PHP runs a prepend file before any must-use plugin.
	 *
	 * @param string $target The gate file.
	 */
	public function chained( string $target ): string {
		return '';
	}

	/**
	 * Writes the hook from its template.
	 *
	 * @param string $target The gate file.
	 */
	public function install( string $target ): string {
		$dir = dirname( $this->file() );
		if ( ! is_dir( $dir ) && ! wp_mkdir_p( $dir ) ) {
			/* translators: %s: directory. */
			return sprintf( __( 'Cannot create %s.', 'xmlrpc-shield' ), $dir );
		}
		$code = GateFile::render( 'must-use-hook.php', array( 'gate' => $target ) );
		/* translators: %s: file. */
		return '' !== $code && AtomicFile::write( $this->file(), $code ) ? '' : sprintf( __( 'Cannot write %s.', 'xmlrpc-shield' ), $this->file() );
	}

	/**
	 * Deletes the hook.
	 */
	public function remove(): bool {
		return AtomicFile::delete( $this->file() );
	}
}
