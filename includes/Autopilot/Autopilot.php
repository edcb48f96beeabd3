<?php
/**
 * The autopilot: installs the early gate after activation, with no click, verified and
 * reversible; the owner can turn it off and undo it.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Autopilot;

use XmlrpcShield\Capabilities;
use XmlrpcShield\EarlyGate\Installer;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Settings;

/**
 * Activation schedules one WP-Cron event and spawns WP-Cron, so the install runs within
 * seconds in a web server process (which knows its own PHP: mod_php, PHP-FPM and its
 * user_ini.cache_ttl), never in a request a visitor waits on. The install takes the layer
 * Installer::detect_method() picks, then the must-use hook when that one fails its check;
 * an install through .user.ini is checked once PHP-FPM has read it again. Each attempt starts
 * a cool-down (State::COOL_DOWN); a flood refused by the plugin-load gate spawns the retry
 * (FloodTrigger). Network-level: on a network only the main site acts. What an attempt does is
 * `InstallAttempt`'s (the event's handler); this class decides when, and keeps the state.
 */
final class Autopilot {

	/** The WP-Cron event (single events: the install, its retry, a .user.ini check). */
	const HOOK = 'xmlrpc_shield_autopilot';

	/**
	 * Registers the cron handler and the hooks that keep an install due scheduled.
	 */
	public static function register(): void {
		add_action( self::HOOK, array( InstallAttempt::class, 'run' ) );
		add_action( 'admin_init', array( self::class, 'ensure_scheduled' ) );
		add_action( 'update_option_' . Settings::MODE, array( self::class, 'ensure_scheduled' ) );
		add_action( 'admin_notices', array( Notice::class, 'render' ) );
		add_action( 'network_admin_notices', array( Notice::class, 'render' ) );
		add_action( 'admin_post_' . Notice::DISMISS_ACTION, array( Notice::class, 'handle_dismiss' ) );
	}

	/**
	 * Whether autopilot is on (the default).
	 */
	public static function enabled(): bool {
		return (bool) get_option( Settings::AUTOPILOT, true );
	}

	/**
	 * The stored state.
	 */
	public static function state(): State {
		return new State( get_option( Settings::AUTOPILOT_STATE ) );
	}

	/**
	 * Activation (network-level site only): the install is due now. WP-Cron is spawned once the
	 * plugin is in active_plugins (activated_plugin), else the cron request could load
	 * WordPress without this plugin and lose the event.
	 */
	public static function activated(): void {
		add_option( Settings::AUTOPILOT, true, '', true );
		$state = self::state();
		$state->deactivated();
		self::save( $state );
		if ( ! self::enabled() || State::UNDONE === $state->state() ) {
			return;
		}
		self::schedule( time() );
		add_action( 'activated_plugin', array( self::class, 'spawn' ) );
	}

	/**
	 * An update from a version without autopilot (Lifecycle\Upgrade, from WP-Cron): the install
	 * is due as after an activation, unless the owner decided already (autopilot off, an undo)
	 * or a gate is in place. Scheduled, not run: the event runs on WP-Cron's next spawn.
	 */
	public static function upgraded(): void {
		add_option( Settings::AUTOPILOT, true, '', true );
		self::ensure_scheduled();
	}

	/**
	 * Deactivation removed the gate: not an undo, so activating again installs again.
	 */
	public static function deactivated(): void {
		wp_clear_scheduled_hook( self::HOOK );
		$state = self::state();
		$state->deactivated();
		self::save( $state );
	}

	/**
	 * Asks WP-Cron to run what is due now, with one non-blocking loopback request.
	 */
	public static function spawn(): void {
		spawn_cron();
	}

	/**
	 * Turns autopilot on or off for the owner. On: an earlier undo no longer holds, and an
	 * install runs within seconds. Off: nothing installed is removed.
	 *
	 * @param bool $enabled On or off.
	 * @return string What happened, in plain words.
	 */
	public static function set_enabled( bool $enabled ): string {
		$state = self::state();
		update_option( Settings::AUTOPILOT, $enabled, true );
		if ( $enabled ) {
			$state->enabled( time(), __( 'The owner turned autopilot on.', 'xmlrpc-shield' ) );
			self::save( $state );
			self::ensure_scheduled();
			self::spawn();
			return Installer::status()['installed']
				? __( 'Autopilot is on. The early gate is already installed.', 'xmlrpc-shield' )
				: __( 'Autopilot is on: the early gate will be installed and checked within a minute (on the next request WP-Cron runs on).', 'xmlrpc-shield' );
		}
		$state->disabled( time(), __( 'The owner turned autopilot off.', 'xmlrpc-shield' ) );
		self::save( $state );
		wp_clear_scheduled_hook( self::HOOK );
		return Installer::status()['installed']
			? __( 'Autopilot is off. The early gate it installed stays in place; remove it on the XML-RPC Shield page or with "wp xmlrpc-shield early-gate remove".', 'xmlrpc-shield' )
			: __( 'Autopilot is off: the plugin will not install the early gate by itself.', 'xmlrpc-shield' );
	}

	/**
	 * The owner removed the early gate: recorded as "undone" and never re-done automatically.
	 *
	 * @param string   $layer The layer that was installed ('' when none was).
	 * @param string[] $files Files changed.
	 */
	public static function owner_removed( string $layer, array $files ): void {
		$state = self::state();
		$state->undone( $layer, time(), __( 'The owner removed the early gate. Autopilot will not install it again until the owner installs it or turns autopilot on again.', 'xmlrpc-shield' ), $files );
		self::save( $state );
		wp_clear_scheduled_hook( self::HOOK );
	}

	/**
	 * The owner installed the early gate by hand: nothing left to do, and an undo no longer holds.
	 *
	 * @param string $layer The hook method installed.
	 */
	public static function owner_installed( string $layer ): void {
		$state = self::state();
		$state->owner_installed( $layer );
		self::save( $state );
		wp_clear_scheduled_hook( self::HOOK );
	}

	/**
	 * Keeps a due install scheduled (a lost event, a mode that refuses again after "off").
	 */
	public static function ensure_scheduled(): void {
		if ( ! Capabilities::is_network_site() || Decider::MODE_OFF === Settings::mode() || wp_next_scheduled( self::HOOK ) ) {
			return;
		}
		$state = self::state();
		if ( in_array( $state->state(), array( State::PENDING, State::FAILED ), true ) && self::enabled() && ! Installer::status()['installed'] ) {
			self::schedule( max( time(), $state->next_attempt_at() ) );
		}
	}

	/**
	 * Schedules the one event at $at (replacing any other).
	 *
	 * @param int $at Unix time.
	 */
	public static function schedule( int $at ): void {
		wp_clear_scheduled_hook( self::HOOK );
		wp_schedule_single_event( $at, self::HOOK );
	}

	/**
	 * Saves the state (autoloaded: the plugin-load gate reads it on every refusal).
	 *
	 * @param State $state State.
	 */
	public static function save( State $state ): void {
		update_option( Settings::AUTOPILOT_STATE, $state->to_array(), true );
	}

	/**
	 * The REST and WP-CLI shape (the shared contract).
	 *
	 * @return array{enabled:bool, state:string, layer:string, next_attempt_at:int|null, events:array<int,array<string,mixed>>}
	 */
	public static function to_array(): array {
		$enabled  = self::enabled();
		$state    = self::state();
		$status   = Installer::status();
		$method   = $status['installed'] ? $status['method'] : '';
		$refusing = Settings::mode() !== Decider::MODE_OFF;
		$shown    = $state->reported( $enabled, $method, $refusing );
		$next     = null;
		if ( in_array( $shown, array( State::PENDING, State::FAILED ), true ) ) {
			$next = max( time(), $state->next_attempt_at() );
		} elseif ( State::VERIFYING === $shown ) {
			$next = $state->verify_at();
		}
		return array(
			'enabled'         => $enabled,
			'state'           => $shown,
			'layer'           => $method,
			'next_attempt_at' => $next,
			'events'          => array_map(
				static function ( array $event ): array {
					// An object in JSON even when empty ({} rather than []).
					$event['figures'] = (object) ( $event['figures'] ?? array() );
					return $event;
				},
				$state->events()
			),
		);
	}
}
