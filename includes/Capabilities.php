<?php
/**
 * Who may manage what, on a single site and on a network.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield;

/**
 * The one place the capability decision lives (REST, the admin page, notices and WP-CLI ask
 * here). On a single site an administrator (manage_options) manages everything. On a network
 * the early gate and the server rules are one for every site and decide with the main site's
 * settings, so they, the trusted proxies, and the main site's settings and log (the network
 * log, which holds the early gate's hits from every site) belong to network administrators
 * (manage_network_options), on the main site. A sub-site's administrators keep their own
 * site's log, mode and allowlist, which apply at plugin load only.
 */
final class Capabilities {

	/** A site's own settings and log. */
	const SITE = 'manage_options';

	/** Network-level things on a network. */
	const NETWORK = 'manage_network_options';

	/** Our admin page's slug (Tools → XML-RPC Shield), where network-level things are managed. */
	const PAGE_SLUG = 'xmlrpc-shield';

	/**
	 * The REST namespace, written once: the REST controllers register under it, and the log's
	 * loopback flush and a node's drain build their URLs from it — also before the plugin's main
	 * file has run (the must-use loader's gate), so a class constant, not a define().
	 */
	const REST_NAMESPACE = 'xmlrpc-shield/v1';

	/**
	 * Whether network-level things are managed from the current site: any single site, or the
	 * main site of a network.
	 */
	public static function is_network_site(): bool {
		return ! is_multisite() || is_main_site();
	}

	/**
	 * The capability the current site's page, settings and log need: manage_options, except on
	 * a network's main site, whose settings decide the early gate and whose log is the network's.
	 */
	public static function site_capability(): string {
		return is_multisite() && is_main_site() ? self::NETWORK : self::SITE;
	}

	/**
	 * Whether the current user may see and change the current site's settings and log.
	 */
	public static function can_manage_site(): bool {
		return current_user_can( self::site_capability() );
	}

	/**
	 * Whether the current user may change network-level things here: the early gate, the
	 * server rules and the trusted proxies. Never on a sub-site, where nobody changes them
	 * (a network administrator does it on the main site).
	 */
	public static function can_manage_network(): bool {
		return self::is_network_site() && current_user_can( is_multisite() ? self::NETWORK : self::SITE );
	}

	/**
	 * Where network-level things are managed: the main site's XML-RPC Shield page.
	 */
	public static function network_page_url(): string {
		$path = 'tools.php?page=' . self::PAGE_SLUG;
		return is_multisite() ? get_admin_url( get_main_site_id(), $path ) : admin_url( $path );
	}

	/**
	 * The refusal for a network-level change by someone who may not make it here.
	 */
	public static function network_forbidden(): \WP_Error {
		return new \WP_Error(
			'xmlrpc_shield_network_managed',
			sprintf(
				/* translators: %s: URL of the main site's XML-RPC Shield page. */
				__( 'The early gate, the server rules and the trusted proxies protect every site of this network; only a network administrator can change them, on the main site: %s', 'xmlrpc-shield' ),
				self::network_page_url()
			),
			array( 'status' => is_user_logged_in() ? 403 : 401 )
		);
	}
}
