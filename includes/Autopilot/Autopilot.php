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
 * Installer::detect_method() picks, then the must-use loader when that one fails its check;
 * an install through .user.ini is checked once PHP-FPM has read it again. Each attempt starts
 * a cool-down (State::COOL_DOWN); a flood refused by the plugin-load gate spawns the retry
 * (FloodTrigger). Network-level: on a network only the main site acts.
 */
final class Autopilot {

	/** The WP-Cron event (single events: the install, its retry, a .user.ini check). */
	const HOOK = 'xmlrpc_shield_autopilot';

	/** Seconds past user_ini.cache_ttl before a .user.ini install is checked. */
	const VERIFY_MARGIN = 10;

	/** The bench figures behind installing at activation (bench/results, 2026-11-25). */
	const ACTIVATION_FIGURES = array(
		'flood_requests_per_second' => 300,
		'visitor_share_plugin_load' => 0.12,
		'visitor_share_early_gate'  => 0.72,
	);

	/**
	 * Registers the cron handler and the hooks that keep an install due scheduled.
	 */
	public static function register(): void {
		add_action( self::HOOK, array( self::class, 'run' ) );
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
	 * The cron handler: checks a .user.ini install whose ttl has passed, or installs when an
	 * attempt is due. From WP-CLI (`wp cron event run`) it hands the work to the web server,
	 * whose PHP is the one the early gate must be hooked into.
	 */
	public static function run(): void {
		if ( ! Capabilities::is_network_site() ) {
			return;
		}
		if ( 'cli' === PHP_SAPI ) {
			self::run_in_web_server();
			return;
		}
		$now   = time();
		$state = self::state();
		if ( $state->may_verify( $now, self::enabled() ) ) {
			self::verify( $state );
			return;
		}
		$status = Installer::status();
		if ( $status['installed'] ) {
			if ( ! in_array( $state->state(), array( State::INSTALLED, State::VERIFYING ), true ) ) {
				$state->owner_installed( $status['method'] );
				self::save( $state );
			}
			return;
		}
		if ( ! $state->may_attempt( $now, self::enabled() ) ) {
			self::ensure_scheduled();
			return;
		}
		if ( Decider::MODE_OFF === Settings::mode() ) {
			return;
		}
		self::attempt( $state, $now );
	}

	/**
	 * One attempt: the detected layer, then the must-use loader; each checked with a real
	 * request and rolled back when the check fails.
	 *
	 * @param State $state Current state.
	 * @param int   $now   Unix time.
	 */
	private static function attempt( State $state, int $now ): void {
		// Claim the attempt before any file work: a concurrent run now sees the cool-down.
		$state->begin_attempt( $now );
		self::save( $state );
		list( $why, $figures ) = self::trigger( $now );
		$failures              = array();
		foreach ( $state->layers_to_try( array( Installer::detect_method(), 'mu-plugin' ) ) as $layer ) {
			$report = Installer::install( $layer, true );
			if ( $report['ok'] ) {
				self::installed( $state, $layer, $why, $figures, $report['files'] );
				return;
			}
			$failures[] = $layer . ': ' . $report['message'];
			$state->rolled_back(
				$layer,
				time(),
				/* translators: 1: how the gate is hooked (htaccess, user-ini, mu-plugin), 2: what failed. */
				sprintf( __( 'The early gate through %1$s did not pass its check and was removed again: %2$s', 'xmlrpc-shield' ), $layer, $report['message'] ),
				$figures,
				array()
			);
			self::save( $state );
		}
		$state->failed(
			time(),
			sprintf(
				/* translators: 1: number of minutes, 2: what failed. */
				__( 'No way of running the early gate worked on this server, so nothing was changed; the plugin keeps refusing XML-RPC as it loads. Autopilot tries again in %1$d minutes at the earliest. (%2$s)', 'xmlrpc-shield' ),
				(int) ( State::COOL_DOWN / MINUTE_IN_SECONDS ),
				implode( '; ', $failures )
			),
			$figures
		);
		self::save( $state );
		self::schedule( $state->next_attempt_at() );
	}

	/**
	 * Records a successful install; a .user.ini one waits for PHP-FPM to read it again.
	 *
	 * @param State               $state   State.
	 * @param string              $layer   Hook method.
	 * @param string              $why     Why it was installed.
	 * @param array<string,mixed> $figures Figures behind it.
	 * @param string[]            $files   Files written.
	 */
	private static function installed( State $state, string $layer, string $why, array $figures, array $files ): void {
		$now = time();
		if ( 'user-ini' === $layer ) {
			$ttl       = max( 0, (int) ini_get( 'user_ini.cache_ttl' ) );
			$verify_at = $now + $ttl + self::VERIFY_MARGIN;
			$figures  += array( 'user_ini_cache_ttl' => $ttl );
			$reason    = $why . ' ' . sprintf(
				/* translators: %d: seconds. */
				__( 'PHP reads .user.ini again within %d seconds; the early gate is checked with a test request after that, and removed again only if that check fails.', 'xmlrpc-shield' ),
				$ttl
			);
			$state->installed( $layer, $now, $verify_at, $reason, $figures, $files );
			self::save( $state );
			self::schedule( $verify_at );
			return;
		}
		$state->installed( $layer, $now, 0, $why . ' ' . __( 'A test request was answered by the early gate.', 'xmlrpc-shield' ), $figures, $files );
		self::save( $state );
	}

	/**
	 * Checks a .user.ini install after the ttl; a failed check rolls it back and tries the
	 * must-use loader at once.
	 *
	 * @param State $state State (verifying).
	 */
	private static function verify( State $state ): void {
		$check = Installer::verify();
		if ( true === $check ) {
			$state->verified( time(), __( 'A test request after PHP read .user.ini again was answered by the early gate.', 'xmlrpc-shield' ) );
			self::save( $state );
			return;
		}
		$layer = $state->layer();
		$files = Installer::remove();
		// The must-use loader is tried once no PHP-FPM process can still hold the removed hook.
		$retry = time() + max( 0, (int) ini_get( 'user_ini.cache_ttl' ) ) + 2 * self::VERIFY_MARGIN;
		$state->check_failed(
			$layer,
			time(),
			$retry,
			/* translators: 1: how the gate is hooked, 2: what failed. */
			sprintf( __( 'The early gate through %1$s did not answer its test request once PHP had read .user.ini again (%2$s), so it was removed; the must-use loader is tried next, once PHP has read .user.ini again.', 'xmlrpc-shield' ), $layer, $check ),
			$files
		);
		self::save( $state );
		self::schedule( $retry );
	}

	/**
	 * Why this attempt runs, in plain words with its figures: a flood the plugin-load gate
	 * saw (FloodTrigger), else activation (or the owner turning autopilot on).
	 *
	 * @param int $now Unix time.
	 * @return array{0:string, 1:array<string,mixed>}
	 */
	private static function trigger( int $now ): array {
		$trigger = get_option( Settings::AUTOPILOT_TRIGGER );
		if ( is_array( $trigger ) && (int) ( $trigger['tried_at'] ?? 0 ) > $now - State::COOL_DOWN && (int) ( $trigger['refused_per_minute'] ?? 0 ) > 0 ) {
			$figures = array(
				'refused_per_minute' => (int) $trigger['refused_per_minute'],
				'threshold'          => FloodTrigger::THRESHOLD,
			);
			return array(
				sprintf(
					/* translators: 1: requests refused in one minute, 2: the threshold. */
					__( 'Installed unattended during a flood: the plugin refused %1$d XML-RPC requests in one minute (more than %2$d a minute counts as a flood), each after loading WordPress; the early gate refuses them before WordPress loads.', 'xmlrpc-shield' ),
					$figures['refused_per_minute'],
					FloodTrigger::THRESHOLD
				),
				$figures,
			);
		}
		return array(
			sprintf(
				/* translators: 1: requests per second, 2: share of its speed a visitor keeps with the plugin-load gate, 3: with the early gate. */
				__( 'Installed unattended after activation, before any flood: under a flood of %1$d XML-RPC requests a second, a visitor keeps %2$s of its speed when the plugin refuses them as it loads, and %3$s when the early gate refuses them before WordPress loads.', 'xmlrpc-shield' ),
				self::ACTIVATION_FIGURES['flood_requests_per_second'],
				number_format_i18n( self::ACTIVATION_FIGURES['visitor_share_plugin_load'], 2 ),
				number_format_i18n( self::ACTIVATION_FIGURES['visitor_share_early_gate'], 2 )
			),
			self::ACTIVATION_FIGURES,
		);
	}

	/**
	 * From WP-CLI: the event is run by the web server instead (due now, then one request to
	 * wp-cron.php, waited for so the command returns after the install).
	 */
	private static function run_in_web_server(): void {
		$state = self::state();
		if ( ! self::enabled() || ( ! $state->may_attempt( time(), true ) && ! $state->may_verify( time(), true ) ) ) {
			return;
		}
		self::schedule( time() );
		wp_remote_get(
			site_url( 'wp-cron.php' ),
			array(
				'timeout'     => 30,
				'redirection' => 0,
				'sslverify'   => false,
			)
		);
	}

	/**
	 * Schedules the one event at $at (replacing any other).
	 *
	 * @param int $at Unix time.
	 */
	private static function schedule( int $at ): void {
		wp_clear_scheduled_hook( self::HOOK );
		wp_schedule_single_event( $at, self::HOOK );
	}

	/**
	 * Saves the state (autoloaded: the plugin-load gate reads it on every refusal).
	 *
	 * @param State $state State.
	 */
	private static function save( State $state ): void {
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
