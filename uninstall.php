<?php
/**
 * Uninstall: drops our table, options and spool directory; nothing else.
 *
 * @package XmlrpcShield
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

require_once __DIR__ . '/includes/Autoloader.php';
\XmlrpcShield\Autoloader::register();
if ( ! defined( 'XMLRPC_SHIELD_DIR' ) ) {
	define( 'XMLRPC_SHIELD_DIR', __DIR__ );
	define( 'XMLRPC_SHIELD_FILE', __DIR__ . '/plugin.php' );
}

/**
 * Removes one site's data.
 */
function xmlrpc_shield_uninstall_site(): void {
	\XmlrpcShield\Log\HitTable::drop();
	\XmlrpcShield\Lockout\LockoutTable::drop();
	foreach ( \XmlrpcShield\Settings::all_option_names() as $xmlrpc_shield_option ) {
		delete_option( $xmlrpc_shield_option );
	}
	wp_clear_scheduled_hook( \XmlrpcShield\Log\Scheduler::INGEST_HOOK );
	wp_clear_scheduled_hook( \XmlrpcShield\Autopilot\Autopilot::HOOK );
	\XmlrpcShield\Gate\JetpackConnection::forget_nonces();
	\XmlrpcShield\Fleet\Node::forget_all();
	delete_transient( \XmlrpcShield\Settings::WEB_NO_APCU );
	if ( \XmlrpcShield\Log\ApcuCounter::available() ) {
		( new \XmlrpcShield\Log\ApcuCounter( \XmlrpcShield\Log\Ingester::site_spool() ) )->clear();
	}
}

// Takes the early gate's hook out; its file (wp-content/xmlrpc-shield-early-gate.php, outside
// the data directory) stays as a do-nothing stub while PHP-FPM may name it (5 more minutes by
// default), then a must-use file deletes it and itself (read before the options go).
\XmlrpcShield\EarlyGate\Installer::remove();
\XmlrpcShield\EarlyGate\Installer::hand_over_stub();
\XmlrpcShield\Rules\ServerRulesWriter::remove();
\XmlrpcShield\Lifecycle\MustUseLoader::remove();

\XmlrpcShield\Settings::on_every_site( 'xmlrpc_shield_uninstall_site' );

delete_metadata( 'user', 0, \XmlrpcShield\Settings::PROXY_NOTICE_DISMISSED, '', true );
delete_metadata( 'user', 0, \XmlrpcShield\Settings::AUTOPILOT_DISMISSED, '', true );

// Only our own files leave the data directory (it may be a shared folder the
// xmlrpc_shield_data_dir filter names), and the folder itself only if we made it.
$xmlrpc_shield_dir = \XmlrpcShield\Paths::data_dir();
if ( is_dir( $xmlrpc_shield_dir ) ) {
	foreach ( \XmlrpcShield\Paths::own_file_patterns() as $xmlrpc_shield_pattern ) {
		$xmlrpc_shield_files = glob( $xmlrpc_shield_dir . '/' . $xmlrpc_shield_pattern );
		foreach ( false === $xmlrpc_shield_files ? array() : $xmlrpc_shield_files as $xmlrpc_shield_file ) {
			if ( is_file( $xmlrpc_shield_file ) ) {
				wp_delete_file( $xmlrpc_shield_file );
			}
		}
	}
	if ( \XmlrpcShield\Paths::owns_data_dir() && array( '.', '..' ) === scandir( $xmlrpc_shield_dir ) ) {
		rmdir( $xmlrpc_shield_dir ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_rmdir
	}
}
delete_site_option( \XmlrpcShield\Settings::CREATED_DATA_DIR );
