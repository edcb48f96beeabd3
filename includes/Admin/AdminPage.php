<?php
/**
 * Tools → XML-RPC Shield: the React admin page's shell and assets.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Admin;

use XmlrpcShield\Capabilities;

/**
 * Registers the page and enqueues the built bundle only on it.
 */
final class AdminPage {

	/**
	 * Hook suffix returned by add_management_page().
	 *
	 * @var string
	 */
	private static $hook_suffix = '';

	/**
	 * Registers hooks.
	 */
	public static function register(): void {
		add_action( 'admin_menu', array( self::class, 'add_page' ) );
		add_action( 'admin_enqueue_scripts', array( self::class, 'enqueue' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( XMLRPC_SHIELD_FILE ), array( self::class, 'action_links' ) );
	}

	/**
	 * Adds the page under Tools.
	 */
	public static function add_page(): void {
		$hook              = add_management_page(
			__( 'XML-RPC Shield', 'xmlrpc-shield' ),
			__( 'XML-RPC Shield', 'xmlrpc-shield' ),
			Capabilities::site_capability(),
			Capabilities::PAGE_SLUG,
			array( self::class, 'render' )
		);
		self::$hook_suffix = false === $hook ? '' : $hook;
	}

	/**
	 * The page's hook suffix, which is also its screen id ('' before admin_menu).
	 */
	public static function hook_suffix(): string {
		return self::$hook_suffix;
	}

	/**
	 * URL of the page.
	 */
	public static function url(): string {
		return admin_url( 'tools.php?page=' . Capabilities::PAGE_SLUG );
	}

	/**
	 * Adds a "Settings" link on the Plugins screen.
	 *
	 * @param string[] $links Links.
	 * @return string[]
	 */
	public static function action_links( $links ) {
		array_unshift( $links, '<a href="' . esc_url( self::url() ) . '">' . esc_html__( 'Settings', 'xmlrpc-shield' ) . '</a>' );
		return $links;
	}

	/**
	 * Page shell; React renders into the root. The noscript text is the empty state for
	 * browsers without JavaScript.
	 */
	public static function render(): void {
		if ( ! Capabilities::can_manage_site() ) {
			return;
		}
		echo '<div class="wrap"><h1>' . esc_html__( 'XML-RPC Shield', 'xmlrpc-shield' ) . '</h1>';
		echo '<div id="xmlrpc-shield-root"><p>' . esc_html__( 'Loading…', 'xmlrpc-shield' ) . '</p></div>';
		echo '<noscript><p>' . esc_html__( 'This page needs JavaScript. The WP-CLI command "wp xmlrpc-shield" offers the same controls.', 'xmlrpc-shield' ) . '</p></noscript></div>';
	}

	/**
	 * Enqueues the admin bundle on our page only.
	 *
	 * @param string $hook_suffix Current admin page.
	 */
	public static function enqueue( $hook_suffix ): void {
		if ( '' === self::$hook_suffix || $hook_suffix !== self::$hook_suffix ) {
			return;
		}
		Assets::enqueue( 'admin', 'xmlrpc-shield-admin' );
	}
}
