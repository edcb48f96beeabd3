<?php
/**
 * Activation and deactivation.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Lifecycle;

use XmlrpcShield\Autopilot\Autopilot;
use XmlrpcShield\Capabilities;
use XmlrpcShield\EarlyGate\Installer;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Log\HitTable;
use XmlrpcShield\Log\Scheduler;
use XmlrpcShield\Paths;
use XmlrpcShield\Rules\ServerRulesWriter;
use XmlrpcShield\Settings;

/**
 * Activation creates what the plugin needs and picks a first mode that does not break what
 * the owner relies on; deactivation removes what was written outside the database.
 */
final class Activation {

	/**
	 * Hooks that keep this plugin first in the load order.
	 */
	public static function register(): void {
		add_filter( 'pre_update_option_active_plugins', array( self::class, 'load_first' ) );
		// After core has built the new site's own tables and options (priority 10 and 100).
		add_action( 'wp_initialize_site', array( self::class, 'initialize_site' ), 200 );
	}

	/**
	 * A site added to a network where this plugin is network-active gets what network
	 * activation gave every other site: its own log table, settings and ingest schedule.
	 *
	 * @param \WP_Site $site The new site.
	 */
	public static function initialize_site( $site ): void {
		if ( ! function_exists( 'is_plugin_active_for_network' ) ) {
			require_once ABSPATH . 'wp-admin/includes/plugin.php';
		}
		if ( ! $site instanceof \WP_Site || ! is_plugin_active_for_network( plugin_basename( XMLRPC_SHIELD_FILE ) ) ) {
			return;
		}
		switch_to_blog( (int) $site->blog_id );
		self::activate_site();
		restore_current_blog();
	}

	/**
	 * Activation hook.
	 *
	 * @param bool $network_wide Whether activated for the whole network.
	 */
	public static function activate( $network_wide = false ): void {
		if ( is_multisite() && $network_wide ) {
			Settings::on_every_site( array( self::class, 'activate_site' ) );
			Settings::on_main_site( array( Autopilot::class, 'activated' ) );
			MustUseLoader::install_after_activation();
			return;
		}
		self::activate_site();
		if ( Capabilities::is_network_site() ) {
			// The early gate serves the whole network: only the main site's activation installs it.
			Autopilot::activated();
		}
		$active = get_option( 'active_plugins', array() );
		update_option( 'active_plugins', self::load_first( is_array( $active ) ? $active : array() ) );
		MustUseLoader::install_after_activation();
	}

	/**
	 * Sets up one site (activation, a new site of the network, an update: Upgrade).
	 */
	public static function activate_site(): void {
		HitTable::install();
		Paths::ensure_data_dir();
		$first_time = false === get_option( Settings::MODE, false );
		Settings::add_defaults();
		if ( $first_time ) {
			$reasons = UsageDetector::reasons();
			$mode    = array() === $reasons ? Decider::MODE_BLOCK : Decider::MODE_PINGBACK;
			Settings::set_mode( $mode );
			update_option(
				Settings::NOTICE,
				array(
					'mode'    => $mode,
					'reasons' => $reasons,
					'jetpack' => UsageDetector::jetpack_connected(),
				),
				false
			);
		}
		Scheduler::schedule();
		ServerRulesWriter::sync();
		Upgrade::record();
	}

	/**
	 * Deactivation hook: core behaviour comes back by itself (filters only); server files
	 * we wrote are removed, unless only one sub-site of a network deactivates. Options and the
	 * table stay until uninstall.
	 *
	 * @param bool $network_wide Whether deactivated for the whole network.
	 */
	public static function deactivate( $network_wide = false ): void {
		if ( is_multisite() && $network_wide ) {
			Settings::on_every_site( array( Scheduler::class, 'unschedule' ) );
		} else {
			Scheduler::unschedule();
		}
		if ( ! is_multisite() || $network_wide ) {
			// One loader serves every site of a network; it does nothing where the plugin is
			// inactive, so a sub-site's deactivation leaves it to the others.
			MustUseLoader::remove();
		}
		if ( ! is_multisite() || $network_wide || is_main_site() ) {
			// The gate file, its hook and the .htaccess block serve every site of a network:
			// deactivating on one sub-site leaves them to the network (and the main site).
			Installer::remove();
			// Nothing of ours runs after this request: the stub must not wait for our WP-Cron.
			Installer::hand_over_stub();
			Settings::on_main_site( array( Autopilot::class, 'deactivated' ) );
			// Remember that the owner wanted server rules, so activating again restores them.
			ServerRulesWriter::remove( false );
		}
	}

	/**
	 * Puts this plugin first in active_plugins so its gate runs before other plugins load.
	 *
	 * @param mixed $plugins Active plugin basenames.
	 * @return mixed
	 */
	public static function load_first( $plugins ) {
		if ( ! is_array( $plugins ) ) {
			return $plugins;
		}
		$self  = plugin_basename( XMLRPC_SHIELD_FILE );
		$index = array_search( $self, $plugins, true );
		if ( false === $index || 0 === $index ) {
			return $plugins;
		}
		unset( $plugins[ $index ] );
		array_unshift( $plugins, $self );
		return array_values( $plugins );
	}
}
