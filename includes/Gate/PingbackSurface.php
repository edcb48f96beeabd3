<?php
/**
 * Turns off every pingback and trackback surface while the plugin is not in off mode.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Gate;

/**
 * Filters only: deactivating the plugin (or switching to off) restores core behaviour with
 * nothing to undo. Core's xmlrpc_enabled filter is not enough — pingback.ping does not
 * authenticate, so that filter is never consulted for it.
 */
final class PingbackSurface {

	/**
	 * Registers the filters.
	 */
	public static function register(): void {
		add_filter( 'xmlrpc_methods', array( self::class, 'remove_methods' ) );
		add_filter( 'wp_headers', array( self::class, 'remove_pingback_header' ) );
		add_filter( 'pings_open', '__return_false', 99 );
		add_filter( 'pre_option_default_ping_status', array( self::class, 'closed' ) );
		add_filter( 'pre_option_default_pingback_flag', '__return_zero' );
		add_filter( 'bloginfo_url', array( self::class, 'hide_pingback_url' ), 10, 2 );
		add_action( 'pre_ping', array( self::class, 'drop_outgoing_pings' ) );
		add_filter( 'enclosure_links', '__return_empty_array', 99 );
		add_filter( 'get_to_ping', '__return_empty_array', 99 );
		add_action( 'init', array( self::class, 'remove_core_hooks' ), 99 );
	}

	/**
	 * Removes the pingback methods of Decider::REFUSED_IN_PINGBACK_MODE from core's list in every
	 * mode but off. Not system.multicall: removing it here would change nothing, since
	 * IXR_Server::setCallbacks() adds it back; CallGuard refuses it in pingback mode.
	 *
	 * @param array<string,mixed> $methods Method map.
	 * @return array<string,mixed>
	 */
	public static function remove_methods( $methods ) {
		if ( ! is_array( $methods ) ) {
			return $methods;
		}
		foreach ( Decider::REFUSED_IN_PINGBACK_MODE as $name ) {
			if ( 0 === strpos( $name, 'pingback.' ) ) {
				unset( $methods[ $name ] );
			}
		}
		return $methods;
	}

	/**
	 * Drops X-Pingback from response headers.
	 *
	 * @param array<string,string> $headers Headers.
	 * @return array<string,string>
	 */
	public static function remove_pingback_header( $headers ) {
		if ( is_array( $headers ) ) {
			unset( $headers['X-Pingback'] );
		}
		return $headers;
	}

	/**
	 * Returns 'closed' for the default ping status.
	 */
	public static function closed(): string {
		return 'closed';
	}

	/**
	 * Themes print bloginfo('pingback_url') in a <link>; give them nothing to advertise.
	 *
	 * @param string $url  URL.
	 * @param string $show Which bloginfo field.
	 * @return string
	 */
	public static function hide_pingback_url( $url, $show ) {
		return 'pingback_url' === $show ? '' : $url;
	}

	/**
	 * Empties the list of links a new post would ping (outgoing and self-pings).
	 *
	 * @param string[] $links Links, by reference.
	 */
	public static function drop_outgoing_pings( &$links ): void {
		$links = array();
	}

	/**
	 * Removes core's RSD link and scheduled ping runners.
	 */
	public static function remove_core_hooks(): void {
		remove_action( 'wp_head', 'rsd_link' );
		remove_action( 'do_pings', 'do_all_pings', 10 );
		foreach ( array( 'do_all_pingbacks', 'do_all_enclosures', 'do_all_trackbacks', 'generic_ping' ) as $callback ) {
			remove_action( 'do_all_pings', $callback, 10 );
		}
	}
}
