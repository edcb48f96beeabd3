<?php
/**
 * The must-use file that deletes a removed early gate's stub after deactivation or uninstall.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\EarlyGate;

use XmlrpcShield\Files\AtomicFile;
use XmlrpcShield\Files\MustUseDir;

/**
 * While the plugin is active, its own requests delete a removed gate's stub once no PHP
 * process can still name it (Installer::delete_expired_stub(): admin_init and the minutely
 * WP-Cron ingest). Deactivation and uninstall remove the gate too, but then none of the
 * plugin's code runs again: without this file the stub stayed for good. So they hand the stub
 * to a must-use file (templates/stub-cleanup.php) that needs nothing of the plugin, deletes the
 * stub on the first request past the same deadline (GateFile::stub_expired()) if it is still
 * that stub, then deletes itself.
 */
final class StubCleanup {

	/** The file's name in the must-use folder. */
	const FILE = 'xmlrpc-shield-early-gate-cleanup.php';

	/**
	 * The file's path.
	 */
	public static function file(): string {
		return MustUseDir::file( self::FILE );
	}

	/**
	 * Deletes a removed gate's stub now when no PHP process can name it, else leaves the
	 * must-use file that will. Called by deactivation and uninstall after Installer::remove().
	 *
	 * @param array<string,mixed>|null $stub The stub record (Installer's state), null for none.
	 * @return bool Whether nothing is left behind for good (the stub gone or handed over).
	 */
	public static function hand_over( ?array $stub ): bool {
		if ( null === $stub || ! isset( $stub['file'], $stub['hook'], $stub['removed_at'] ) || ! is_file( (string) $stub['file'] ) ) {
			return true;
		}
		if ( GateFile::stub_expired( (string) $stub['hook'], (int) $stub['removed_at'] ) && AtomicFile::delete( (string) $stub['file'] ) ) {
			return true;
		}
		$sha1 = sha1_file( (string) $stub['file'] );
		$dir  = dirname( self::file() );
		if ( false === $sha1 || ( ! is_dir( $dir ) && ! wp_mkdir_p( $dir ) ) ) {
			return false;
		}
		$code = GateFile::render(
			'stub-cleanup.php',
			array(
				'stub'       => (string) $stub['file'],
				'sha1'       => $sha1,
				'hook'       => (string) $stub['hook'],
				'removed_at' => (int) $stub['removed_at'],
				'margin'     => GateFile::STUB_MARGIN,
			)
		);
		return '' !== $code && AtomicFile::write( self::file(), $code );
	}
}
