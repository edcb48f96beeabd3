<?php
/**
 * The names of the protection level's levels, layers, states and early-gate hooks, in the
 * owner's words.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Admin;

use XmlrpcShield\EarlyGate\Hook\Hooks;

/**
 * One name per slug of `ProtectionLevel` (translated), shown as given by the admin page, the
 * widget and WP-CLI; `src/common/earlyGate.ts` mirrors hook_label(), checked against a fixture.
 */
final class ProtectionLabels {

	/**
	 * Name of a level.
	 *
	 * @param string $level One of LEVELS.
	 */
	public static function level_label( string $level ): string {
		switch ( $level ) {
			case 'server-rule':
				return __( 'Strongest: the web server refuses floods before PHP runs', 'xmlrpc-shield' );
			case 'early-gate':
				return __( 'Strong: floods are refused before WordPress loads', 'xmlrpc-shield' );
			case 'plugin-load':
				return __( 'Basic: floods are refused while WordPress loads', 'xmlrpc-shield' );
			default:
				return __( 'Not protected: nothing is refused', 'xmlrpc-shield' );
		}
	}

	/**
	 * What a level means for the site under a flood.
	 *
	 * @param string $level One of LEVELS.
	 * @param string $mode  Mode.
	 */
	public static function level_summary( string $level, string $mode ): string {
		switch ( $level ) {
			case 'server-rule':
				return __( 'Refused XML-RPC requests cost the site almost nothing.', 'xmlrpc-shield' );
			case 'early-gate':
				return __( 'Refused XML-RPC requests cost a small PHP file each; in our flood tests visitors kept about 0.7 of their normal speed.', 'xmlrpc-shield' );
			case 'plugin-load':
				return __( 'Each refused request still starts WordPress; in our flood tests visitors kept about 0.1 of their normal speed.', 'xmlrpc-shield' );
			default:
				/* translators: %s: mode name, e.g. "Monitor only". */
				return sprintf( __( 'In the mode "%s" every XML-RPC request reaches WordPress.', 'xmlrpc-shield' ), ModeLabels::label( $mode ) );
		}
	}

	/**
	 * Name of a layer.
	 *
	 * @param string $id One of LAYERS.
	 */
	public static function layer_label( string $id ): string {
		switch ( $id ) {
			case 'plugin-load':
				return __( 'Plugin-load gate', 'xmlrpc-shield' );
			case 'early-gate':
				return __( 'Early gate (before WordPress loads)', 'xmlrpc-shield' );
			case 'server-rule':
				return __( 'Server rule', 'xmlrpc-shield' );
			case 'firewall':
				return __( 'Firewall (blocklist export, CrowdSec)', 'xmlrpc-shield' );
			default:
				return $id;
		}
	}

	/**
	 * One line on what a layer is.
	 *
	 * @param string $id One of LAYERS.
	 */
	public static function layer_what( string $id ): string {
		switch ( $id ) {
			case 'plugin-load':
				return __( 'The plugin itself, first of the plugins: it refuses requests as WordPress loads.', 'xmlrpc-shield' );
			case 'early-gate':
				return __( 'A small PHP file the web server runs before WordPress loads; it refuses floods without touching the database.', 'xmlrpc-shield' );
			case 'server-rule':
				return __( 'Lines in .htaccess (Apache, LiteSpeed) or the nginx configuration that refuse xmlrpc.php before PHP starts.', 'xmlrpc-shield' );
			case 'firewall':
				return __( 'The networks that flood you, refused before they reach the web server: a blocklist for iptables, nftables, ipset, fail2ban or a CDN firewall, or decisions pushed to CrowdSec.', 'xmlrpc-shield' );
			default:
				return '';
		}
	}

	/**
	 * Name of a state.
	 *
	 * @param string $state One of STATES.
	 */
	public static function state_label( string $state ): string {
		switch ( $state ) {
			case 'active':
				return __( 'Active', 'xmlrpc-shield' );
			case 'off':
				return __( 'Not on', 'xmlrpc-shield' );
			case 'error':
				return __( 'Needs attention', 'xmlrpc-shield' );
			case 'unavailable':
				return __( 'Not available on this server', 'xmlrpc-shield' );
			default:
				return __( 'Set up outside WordPress', 'xmlrpc-shield' );
		}
	}

	/**
	 * Every way the early gate is started, in words: method => hook_label().
	 *
	 * @return array<string,string>
	 */
	public static function hook_labels(): array {
		$labels = array();
		foreach ( Hooks::METHODS as $method ) {
			$labels[ $method ] = self::hook_label( $method );
		}
		return $labels;
	}

	/**
	 * How the early gate is started, in words (never "mu-plugin").
	 *
	 * @param string $method htaccess, user-ini or mu-plugin.
	 */
	public static function hook_label( string $method ): string {
		switch ( $method ) {
			case 'htaccess':
				return __( '.htaccess (auto_prepend_file, Apache with mod_php)', 'xmlrpc-shield' );
			case 'user-ini':
				return __( '.user.ini (auto_prepend_file, PHP-FPM or CGI)', 'xmlrpc-shield' );
			case 'mu-plugin':
				return __( 'a must-use hook (runs after WordPress core starts, before any plugin)', 'xmlrpc-shield' );
			default:
				return $method;
		}
	}
}
