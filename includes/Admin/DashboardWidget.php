<?php
/**
 * The Dashboard widget's shell; React fills it from the REST API after the page loads.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Admin;

use XmlrpcShield\Capabilities;

/**
 * No query runs while the Dashboard renders: the widget fetches aggregated data itself.
 */
final class DashboardWidget {

	const ID = 'xmlrpc_shield_widget';

	/**
	 * Registers hooks.
	 */
	public static function register(): void {
		add_action( 'wp_dashboard_setup', array( self::class, 'add' ) );
	}

	/**
	 * Adds the widget for users who manage this site's shield.
	 */
	public static function add(): void {
		if ( ! Capabilities::can_manage_site() ) {
			return;
		}
		wp_add_dashboard_widget( self::ID, __( 'XML-RPC Shield', 'xmlrpc-shield' ), array( self::class, 'render' ) );
		Assets::enqueue( 'widget', 'xmlrpc-shield-widget' );
	}

	/**
	 * Widget shell.
	 */
	public static function render(): void {
		echo '<div id="xmlrpc-shield-widget-root"><p>' . esc_html__( 'Loading…', 'xmlrpc-shield' ) . '</p></div>';
	}
}
