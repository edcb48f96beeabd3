<?php
/**
 * An update gets what an activation gets.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Lifecycle;

use XmlrpcShield\Autopilot\Autopilot;
use XmlrpcShield\Capabilities;
use XmlrpcShield\EarlyGate\Installer;
use XmlrpcShield\Settings;

/**
 * WordPress's updater replaces the plugin's files and never runs the activation hook, so a
 * site updated from a version without the must-use loader or the autopilot would never get
 * them. Each site stores the version that last set it up (Settings::PLUGIN_VERSION, autoloaded);
 * a request that finds another one schedules one WP-Cron event, and that event runs what
 * activation runs (Activation::activate_site()).
 *
 * Why WP-Cron and not the request that noticed: the steps write files (the loader, server
 * rules) and send a loopback request to check the loader, which no visitor should wait for;
 * and plugins are often updated in the background (auto-updates run in WP-Cron) on sites whose
 * owner does not come to wp-admin for weeks, so waiting for an admin request would leave them
 * without the loader all that time. The cron request runs in the web server's PHP, as the
 * autopilot needs. An admin request runs the steps itself only when WP-Cron has not run the
 * event a minute after it was due (DISABLE_WP_CRON without a system cron), as activation does.
 */
final class Upgrade {

	/** The WP-Cron event that runs the steps. */
	const HOOK = 'xmlrpc_shield_upgrade';

	/** Seconds past due after which an admin request runs the steps itself. */
	const OVERDUE = MINUTE_IN_SECONDS;

	/**
	 * Registers the version check and the event's handler.
	 */
	public static function register(): void {
		add_action( self::HOOK, array( self::class, 'run' ) );
		add_action( 'plugins_loaded', array( self::class, 'schedule_if_updated' ) );
		add_action( 'admin_init', array( self::class, 'run_if_overdue' ) );
	}

	/**
	 * Whether this site was set up by this version (an autoloaded option: free on every request).
	 */
	public static function current(): bool {
		return XMLRPC_SHIELD_VERSION === get_option( Settings::PLUGIN_VERSION );
	}

	/**
	 * Records that this site is set up for this version (activation and the upgrade steps).
	 */
	public static function record(): void {
		update_option( Settings::PLUGIN_VERSION, XMLRPC_SHIELD_VERSION, true );
	}

	/**
	 * On any request: after an update, schedules the steps (a database write, once; no file).
	 */
	public static function schedule_if_updated(): void {
		if ( ! self::current() && ! wp_next_scheduled( self::HOOK ) ) {
			wp_schedule_single_event( time(), self::HOOK );
		}
	}

	/**
	 * On an admin request: runs the steps when WP-Cron has not (a minute past due).
	 */
	public static function run_if_overdue(): void {
		if ( self::current() ) {
			return;
		}
		$due = wp_next_scheduled( self::HOOK );
		if ( false === $due || $due < time() - self::OVERDUE ) {
			self::run();
		}
	}

	/**
	 * The event: what activation runs on this site, once per version. The version is recorded
	 * first, so a failing step (a loader whose check fails) is not retried on every request;
	 * the plugin-load gate keeps working without it, as after a failed activation check.
	 */
	public static function run(): void {
		if ( self::current() ) {
			return;
		}
		self::record();
		wp_clear_scheduled_hook( self::HOOK );
		Activation::activate_site();
		if ( Capabilities::is_network_site() ) {
			// The early gate serves the whole network: only the main site's autopilot acts, and
			// an installed gate's files follow the new template without waiting for wp-admin.
			Installer::upgrade_files();
			Autopilot::upgraded();
		}
		// One loader serves a network: the main site rewrites it for the new version, another
		// site writes it only when it is missing (plugin active there, not on the main site).
		if ( Capabilities::is_network_site() || ! MustUseLoader::installed() ) {
			MustUseLoader::install();
		}
	}
}
