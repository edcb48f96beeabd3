<?php
/**
 * Boots the plugin: the gate first, then every layer's hooks.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield;

use XmlrpcShield\Gate\CallGuard;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Gate\JetpackConnection;
use XmlrpcShield\Gate\PingbackSurface;
use XmlrpcShield\Gate\RequestGate;
use XmlrpcShield\Gate\Responder;

/**
 * The one place hooks are registered from; each layer has its own register().
 */
final class Plugin {

	/**
	 * Runs at plugin include time.
	 */
	public static function boot(): void {
		self::gate();
		$mode = Settings::mode();
		if ( Decider::MODE_OFF !== $mode ) {
			PingbackSurface::register();
			if ( defined( 'XMLRPC_REQUEST' ) ) {
				// Whatever the gate passed, each call is checked again by the name core parses.
				CallGuard::register();
				Lockout\FailedLogins::register();
			}
		}
		add_action( 'init', array( self::class, 'load_textdomain' ) );
		JetpackConnection::register();
		Lifecycle\Activation::register();
		Lifecycle\Upgrade::register();
		Log\Scheduler::register();
		Lockout\Lockouts::register();
		if ( Capabilities::is_network_site() ) {
			// One gate file and one .htaccess serve the whole network and follow the main
			// site's settings: a sub-site's changes must not rewrite them.
			EarlyGate\Installer::register();
			// Every web node drains its own counts and fetches the gate's settings (one gate per network).
			Fleet\Drain::register();
			Autopilot\Autopilot::register();
			Rules\ServerRulesWriter::register();
			// The main site's log is the network log: its networks are the ones pushed.
			CrowdSec\Pusher::register();
		}
		Rest\Routes::register();
		Admin\AdminPage::register();
		Admin\DashboardWidget::register();
		Admin\Notices::register();
		if ( defined( 'WP_CLI' ) && WP_CLI ) {
			Cli\Command::register();
		}
	}

	/**
	 * The plugin-load gate: decides the current request, once. Runs from the must-use loader
	 * (Lifecycle\MustUseLoader) on muplugins_loaded when it is there, else at plugin include
	 * time; a request it passes is not decided (or logged) again.
	 */
	public static function gate(): void {
		if ( defined( 'XMLRPC_SHIELD_PLUGIN_GATE_RAN' ) ) {
			return;
		}
		define( 'XMLRPC_SHIELD_PLUGIN_GATE_RAN', true );
		// Only requests for xmlrpc.php / wp-trackback.php pay for building the gate's config.
		if ( '' !== Decider::target( $_SERVER ) && Decider::MODE_OFF !== Settings::mode() && ! self::early_gate_decided() ) {
			$config = GateConfig::for_plugin_load();
			Fleet\Drain::beat_from_plugin( $config );
			$decision = RequestGate::check( $config, $_SERVER, RequestGate::LAYER_PLUGIN, false, JetpackConnection::verifies_current_request() );
			if ( null !== $decision && $decision->refuses() ) {
				// A flood reaching this gate while the early gate is not in place is a reason
				// to install it now (never any file work here: at most one cron spawn).
				Autopilot\FloodTrigger::refused( $config );
				Responder::send_and_exit( $decision->response, RequestGate::LAYER_PLUGIN );
			}
		}
	}

	/**
	 * Whether the early gate already decided this request with this site's settings, so it
	 * is not decided (or logged) twice. On a network the early gate decides with the main
	 * site's settings: a sub-site's own gate still runs, and may refuse what the network lets
	 * through (a request the network refuses never gets here).
	 */
	private static function early_gate_decided(): bool {
		return defined( 'XMLRPC_SHIELD_EARLY_GATE_PASSED' ) && Capabilities::is_network_site();
	}

	/**
	 * Loads translations shipped in languages/ (WordPress 6.1 only looks in wp-content/languages
	 * by itself, which translate.wordpress.org packs fill; a zip install may carry its own).
	 */
	public static function load_textdomain(): void {
		load_plugin_textdomain( 'xmlrpc-shield', false, dirname( plugin_basename( XMLRPC_SHIELD_FILE ) ) . '/languages' );
	}
}
