<?php
/**
 * XML-RPC Shield's early gate, run by auto_prepend_file (or a must-use hook) before
 * WordPress loads.
 *
 * Copied from the plugin's includes/EarlyGate/templates/early-gate.php with this install's
 * fixed facts filled in below; the plugin rewrites it, do not edit. The decision settings are
 * not in this file: they sit in a JSON data file read on every request, which OPcache never
 * caches, so a change reaches every PHP process at its next request, whatever
 * opcache.validate_timestamps says.
 *
 * Every path is checked before use: with the plugin's folder, the data folder or the settings
 * file gone (or unreadable), the gate decides nothing and WordPress's plugin-load gate (if the
 * plugin is still there) decides with the database's settings.
 *
 * After the gate is removed this file stays as a stub (removed_at set): PHP-FPM keeps a
 * .user.ini's auto_prepend_file for user_ini.cache_ttl seconds, and a prepend file that is
 * missing is a fatal error on every request. The stub only runs the chained prepend file; the
 * plugin deletes it once no PHP process can still name it (it cannot delete itself: past that
 * time no process runs it).
 *
 * @package XmlrpcShield
 */

/**
 * Filled in by the installer: settings (the JSON data file), chain (the auto_prepend_file this
 * gate replaced, run after it), hook (htaccess, user-ini or mu-plugin), removed_at (0 while
 * installed). Empty in the template itself, which then does nothing.
 *
 * @var array<string,mixed> $xmlrpc_shield_early_gate
 */
$xmlrpc_shield_early_gate = array();

if ( array() !== $xmlrpc_shield_early_gate && ! defined( 'XMLRPC_SHIELD_EARLY_GATE' ) ) {
	define( 'XMLRPC_SHIELD_EARLY_GATE', true );
	( static function ( array $gate ): void {
		if ( (int) $gate['removed_at'] > 0 ) {
			return;
		}
		// Each file-system call costs about as much as the read itself (bench/early-gate-profile.sh),
		// so a path is not checked before a call that fails safely on its own: a settings file
		// gone or unreadable reads as false, a bundle gone includes as false.
		$json = @file_get_contents( $gate['settings'] ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged,WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- no WordPress here; false defers.
		$data = is_string( $json ) ? json_decode( $json, true ) : null;
		// The plugin's folder gone (deleted to turn the plugin off) turns the gate off too.
		if ( ! is_array( $data ) || ! isset( $data['config'], $data['autoloader'], $data['bundle'] ) || ! is_array( $data['config'] ) || ! is_file( $data['autoloader'] ) ) {
			return;
		}
		// One include holding every class the gate runs; the plugin's autoloader stands in.
		if ( '' === $data['bundle'] || ! @include_once $data['bundle'] ) { // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- a missing bundle is not an error here.
			require_once $data['autoloader'];
			\XmlrpcShield\Autoloader::register();
		}
		\XmlrpcShield\EarlyGate\Runner::run( $data['config'] );
	} )( $xmlrpc_shield_early_gate );

	// Another firewall's prepend file (Wordfence, NinjaFirewall…) that this gate took the place
	// of keeps running, in the global scope it expects.
	$xmlrpc_shield_chain = (string) $xmlrpc_shield_early_gate['chain'];
	unset( $xmlrpc_shield_early_gate );
	if ( '' !== $xmlrpc_shield_chain && __FILE__ !== $xmlrpc_shield_chain && is_file( $xmlrpc_shield_chain ) ) {
		include_once $xmlrpc_shield_chain;
	}
}
