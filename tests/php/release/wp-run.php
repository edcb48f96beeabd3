<?php
/**
 * Runs one step against a release-test site in its own PHP process, as separate requests would:
 *   php wp-run.php SITE_DIR install ZIP   core's Plugin_Upgrader installs the zip
 *   php wp-run.php SITE_DIR activate       activate_plugin()
 *   php wp-run.php SITE_DIR uninstall      deactivate, then delete_plugins() (runs uninstall.php)
 *   php wp-run.php SITE_DIR state          what the plugin left in the database and on disk
 * Prints one JSON object.
 *
 * @package XmlrpcShield
 */

// phpcs:disable WordPress.WP.GlobalVariablesOverride, WordPress.DB.DirectDatabaseQuery, WordPress.WP.AlternativeFunctions

// WordPress's admin bootstrap sets globals such as $action: keep ours distinct.
$xs_site     = $argv[1];
$xs_step     = $argv[2];
$xs_argument = $argv[3] ?? '';

$_SERVER['HTTP_HOST']       = 'localhost';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
$_SERVER['REQUEST_METHOD']  = 'GET';
define( 'WP_ADMIN', true );
require $xs_site . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/admin.php';
require_once ABSPATH . 'wp-admin/includes/class-wp-upgrader.php';
wp_set_current_user( 1 );

$plugin = 'xmlrpc-shield/plugin.php';
$result = array();

switch ( $xs_step ) {
	case 'install':
		WP_Filesystem();
		$skin     = new Automatic_Upgrader_Skin();
		$upgrader = new Plugin_Upgrader( $skin );
		$outcome  = $upgrader->install( $xs_argument );
		$result   = array(
			'ok'       => true === $outcome,
			'error'    => is_wp_error( $outcome ) ? $outcome->get_error_message() : ( is_wp_error( $skin->result ) ? $skin->result->get_error_message() : '' ),
			'plugin'   => $upgrader->plugin_info(),
			'messages' => $skin->get_upgrade_messages(),
		);
		break;
	case 'activate':
		$outcome = activate_plugin( $plugin );
		$result  = array(
			'ok'    => null === $outcome,
			'error' => is_wp_error( $outcome ) ? $outcome->get_error_message() : '',
		);
		break;
	case 'uninstall':
		deactivate_plugins( $plugin );
		WP_Filesystem();
		$outcome = delete_plugins( array( $plugin ) );
		$result  = array(
			'ok'    => true === $outcome,
			'error' => is_wp_error( $outcome ) ? $outcome->get_error_message() : '',
		);
		break;
	case 'state':
		global $wpdb;
		$tables = array();
		foreach ( (array) $wpdb->get_col( 'SHOW TABLES' ) as $table ) {
			if ( false !== stripos( $table, 'xmlrpc_shield' ) ) {
				$tables[] = $table;
			}
		}
		$cron_hooks = array();
		foreach ( (array) _get_cron_array() as $events ) {
			foreach ( array_keys( (array) $events ) as $hook ) {
				if ( false !== strpos( $hook, 'xmlrpc_shield' ) ) {
					$cron_hooks[] = $hook;
				}
			}
		}
		$result = array(
			'active'   => is_plugin_active( $plugin ),
			'tables'   => $tables,
			'options'  => $wpdb->get_col( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE '%xmlrpc_shield%'" ),
			'usermeta' => $wpdb->get_col( "SELECT meta_key FROM {$wpdb->usermeta} WHERE meta_key LIKE '%xmlrpc_shield%'" ),
			'cron'     => $cron_hooks,
			'files'    => array_values( array_filter( array( WP_PLUGIN_DIR . '/xmlrpc-shield', WP_CONTENT_DIR . '/xmlrpc-shield', WPMU_PLUGIN_DIR . '/xmlrpc-shield-early-gate.php' ), 'file_exists' ) ),
			'htaccess' => is_readable( ABSPATH . '.htaccess' ) && false !== strpos( (string) file_get_contents( ABSPATH . '.htaccess' ), 'XML-RPC Shield' ),
		);
		break;
	default:
		fwrite( STDERR, "unknown step {$xs_step}\n" );
		exit( 2 );
}
echo wp_json_encode( $result ), "\n";
