<?php
/**
 * Plugin Name: XML-RPC Shield plugin-load gate
 * Description: Lets XML-RPC Shield decide XML-RPC and trackback requests as soon as must-use plugins have loaded, before WordPress sets up post types and loads regular plugins. Managed by XML-RPC Shield: written when it is activated, removed when it is deactivated or deleted.
 *
 * Copied from the plugin's includes/Lifecycle/templates/must-use-loader.php with this site's
 * facts filled in below; the plugin rewrites it, do not edit. Not the early gate (that one runs
 * before WordPress loads, from the server's prepend file or its own must-use file).
 *
 * Every request includes this file, so it never fails: with the plugin's folder gone, the plugin
 * inactive on this site or a version without the loader's entry point, it does nothing and
 * WordPress carries on as without it.
 *
 * @package XmlrpcShield
 */

/**
 * Filled in by the plugin: plugin (its main file), basename (as in active_plugins), token (the
 * activation check's secret). Empty in the template itself, which then does nothing.
 *
 * @var array<string,string> $xmlrpc_shield_loader
 */
$xmlrpc_shield_loader = array();

if ( isset( $xmlrpc_shield_loader['plugin'], $xmlrpc_shield_loader['basename'] ) && function_exists( 'add_action' ) ) {
	add_action(
		'muplugins_loaded',
		static function () use ( $xmlrpc_shield_loader ): void {
			// Pages that are not gated pay for two isset()s and a basename().
			$script = isset( $_SERVER['SCRIPT_FILENAME'] ) && is_string( $_SERVER['SCRIPT_FILENAME'] ) ? strtolower( basename( $_SERVER['SCRIPT_FILENAME'] ) ) : '';
			if ( 'xmlrpc.php' !== $script && 'wp-trackback.php' !== $script && ! isset( $_SERVER['HTTP_X_XMLRPC_SHIELD_LOADER_PROBE'] ) ) {
				return;
			}
			$autoloader = dirname( $xmlrpc_shield_loader['plugin'] ) . '/includes/Autoloader.php';
			if ( ! is_file( $xmlrpc_shield_loader['plugin'] ) || ! is_file( $autoloader ) ) {
				return;
			}
			$network = is_multisite() ? get_site_option( 'active_sitewide_plugins', array() ) : array();
			if ( ! in_array( $xmlrpc_shield_loader['basename'], (array) get_option( 'active_plugins', array() ), true ) && ! isset( ( (array) $network )[ $xmlrpc_shield_loader['basename'] ] ) ) {
				return;
			}
			require_once $autoloader;
			\XmlrpcShield\Autoloader::register();
			if ( is_callable( array( '\XmlrpcShield\Lifecycle\MustUseLoader', 'run' ) ) ) {
				\XmlrpcShield\Lifecycle\MustUseLoader::run( $xmlrpc_shield_loader );
			}
		},
		PHP_INT_MIN
	);
}
unset( $xmlrpc_shield_loader );
