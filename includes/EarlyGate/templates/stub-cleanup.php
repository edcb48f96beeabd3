<?php
/**
 * Plugin Name: XML-RPC Shield early gate clean-up
 * Description: Deletes the do-nothing file XML-RPC Shield's early gate left in wp-content once no PHP process can still name it, then deletes itself (within minutes). Written when XML-RPC Shield was deactivated or deleted.
 *
 * Copied from the plugin's includes/EarlyGate/templates/stub-cleanup.php with the stub's facts
 * filled in below. After deactivation or uninstall none of the plugin's code runs, so this file
 * does what the plugin's WP-Cron ingest does while it is active: PHP-FPM may keep naming the
 * stub from a cached .user.ini for user_ini.cache_ttl seconds after its hook was removed (a
 * missing auto_prepend_file is a fatal error), and only a request served by that PHP knows the
 * ttl. It needs nothing of the plugin (whose folder may be gone) and deletes the stub only if
 * it is still the file it was written for, so a gate installed again at the same path stays.
 *
 * @package XmlrpcShield
 */

/**
 * Filled in by the plugin: stub (its path), sha1 (of its contents), hook (htaccess, user-ini or
 * mu-plugin), removed_at (when its hook was removed), margin (seconds past the hook's cache
 * time). Empty in the template itself, which then does nothing.
 *
 * @var array<string,mixed> $xmlrpc_shield_stub_cleanup
 */
$xmlrpc_shield_stub_cleanup = array();

if ( isset( $xmlrpc_shield_stub_cleanup['stub'], $xmlrpc_shield_stub_cleanup['sha1'], $xmlrpc_shield_stub_cleanup['hook'], $xmlrpc_shield_stub_cleanup['removed_at'], $xmlrpc_shield_stub_cleanup['margin'] ) ) {
	( static function ( array $stub ): void {
		// The same rule as GateFile::stub_expired(): only PHP-FPM/CGI knows its .user.ini ttl.
		$safe_after = (int) $stub['removed_at'] + (int) $stub['margin'];
		if ( 'user-ini' === $stub['hook'] ) {
			if ( in_array( PHP_SAPI, array( 'cli', 'phpdbg', 'apache2handler' ), true ) ) {
				return;
			}
			$safe_after += (int) ini_get( 'user_ini.cache_ttl' );
		}
		if ( time() <= $safe_after ) {
			return;
		}
		if ( is_file( $stub['stub'] ) && sha1_file( $stub['stub'] ) === $stub['sha1'] ) {
			@unlink( $stub['stub'] ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged,WordPress.WP.AlternativeFunctions.unlink_unlink -- no WordPress API may be loaded; a failure is retried next request.
			if ( is_file( $stub['stub'] ) ) {
				return;
			}
		}
		@unlink( __FILE__ ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged,WordPress.WP.AlternativeFunctions.unlink_unlink -- its work is done.
	} )( $xmlrpc_shield_stub_cleanup );
}
unset( $xmlrpc_shield_stub_cleanup );
