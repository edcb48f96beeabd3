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
function xmlrpc_shield_uninstall_site() {
	\XmlrpcShield\Log\HitTable::drop();
	foreach ( \XmlrpcShield\Settings::all_option_names() as $xmlrpc_shield_option ) {
		delete_option( $xmlrpc_shield_option );
	}
	wp_clear_scheduled_hook( \XmlrpcShield\Log\Scheduler::INGEST_HOOK );
	\XmlrpcShield\Gate\JetpackConnection::forget_nonces();
	delete_transient( \XmlrpcShield\Log\CounterFlush::NO_APCU_TRANSIENT );
	if ( \XmlrpcShield\Log\ApcuCounter::available() ) {
		( new \XmlrpcShield\Log\ApcuCounter( \XmlrpcShield\Log\Ingester::site_spool() ) )->clear();
	}
}

\XmlrpcShield\EarlyGate\Installer::uninstall();
\XmlrpcShield\Rules\ServerRulesWriter::remove();

if ( is_multisite() ) {
	foreach ( get_sites(
		array(
			'fields' => 'ids',
			'number' => 0,
		)
	) as $xmlrpc_shield_site ) {
		switch_to_blog( (int) $xmlrpc_shield_site );
		xmlrpc_shield_uninstall_site();
		restore_current_blog();
	}
} else {
	xmlrpc_shield_uninstall_site();
}

delete_metadata( 'user', 0, \XmlrpcShield\Admin\Notices::PROXY_DISMISS, '', true );

// The data directory holds only files we wrote: spool, lock, generated gate, guards.
$xmlrpc_shield_dir = \XmlrpcShield\Paths::data_dir();
if ( is_dir( $xmlrpc_shield_dir ) ) {
	foreach ( array_merge( glob( $xmlrpc_shield_dir . '/*' ), glob( $xmlrpc_shield_dir . '/.ht*' ) ) as $xmlrpc_shield_file ) {
		if ( is_file( $xmlrpc_shield_file ) ) {
			wp_delete_file( $xmlrpc_shield_file );
		}
	}
	rmdir( $xmlrpc_shield_dir ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_rmdir
}
