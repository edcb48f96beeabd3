<?php
/**
 * One autopilot attempt, run by its WP-Cron event: install the early gate and check it, or
 * check a .user.ini install once PHP-FPM has read it again.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Autopilot;

use XmlrpcShield\Capabilities;
use XmlrpcShield\EarlyGate\Installer;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Settings;

/**
 * The work behind `Autopilot::HOOK`. `Autopilot` decides when (scheduling, the owner's on/off and
 * undo, the state it shows); this class does what an attempt does, in a web-server process: the
 * layer `Installer::detect_method()` picks, then the must-use hook when that one fails its
 * check, each install checked and rolled back on any doubt, and the figures that explain why.
 */
final class InstallAttempt {

	/** Seconds past user_ini.cache_ttl before a .user.ini install is checked. */
	const VERIFY_MARGIN = 10;

	/** The bench figures behind installing at activation (bench/results, 2026-11-25). */
	const ACTIVATION_FIGURES = array(
		'flood_requests_per_second' => 300,
		'visitor_share_plugin_load' => 0.12,
		'visitor_share_early_gate'  => 0.72,
	);

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
		$state = Autopilot::state();
		if ( $state->may_verify( $now, Autopilot::enabled() ) ) {
			self::verify( $state );
			return;
		}
		$status = Installer::status();
		if ( $status['installed'] ) {
			if ( ! in_array( $state->state(), array( State::INSTALLED, State::VERIFYING ), true ) ) {
				$state->owner_installed( $status['method'] );
				Autopilot::save( $state );
			}
			return;
		}
		if ( ! $state->may_attempt( $now, Autopilot::enabled() ) ) {
			Autopilot::ensure_scheduled();
			return;
		}
		if ( Decider::MODE_OFF === Settings::mode() ) {
			return;
		}
		self::attempt( $state, $now );
	}

	/**
	 * One attempt: the detected layer, then the must-use hook; each checked with a real
	 * request and rolled back when the check fails.
	 *
	 * @param State $state Current state.
	 * @param int   $now   Unix time.
	 */
	private static function attempt( State $state, int $now ): void {
		// Claim the attempt before any file work: a concurrent run now sees the cool-down.
		$state->begin_attempt( $now );
		Autopilot::save( $state );
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
			Autopilot::save( $state );
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
		Autopilot::save( $state );
		Autopilot::schedule( $state->next_attempt_at() );
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
			Autopilot::save( $state );
			Autopilot::schedule( $verify_at );
			return;
		}
		$state->installed( $layer, $now, 0, $why . ' ' . __( 'A test request was answered by the early gate.', 'xmlrpc-shield' ), $figures, $files );
		Autopilot::save( $state );
	}

	/**
	 * Checks a .user.ini install after the ttl; a failed check rolls it back and tries the
	 * must-use hook at once.
	 *
	 * @param State $state State (verifying).
	 */
	private static function verify( State $state ): void {
		$check = Installer::verify();
		if ( true === $check ) {
			$state->verified( time(), __( 'A test request after PHP read .user.ini again was answered by the early gate.', 'xmlrpc-shield' ) );
			Autopilot::save( $state );
			return;
		}
		$layer = $state->layer();
		$files = Installer::remove();
		// The must-use hook is tried once no PHP-FPM process can still hold the removed hook.
		$retry = time() + max( 0, (int) ini_get( 'user_ini.cache_ttl' ) ) + 2 * self::VERIFY_MARGIN;
		$state->check_failed(
			$layer,
			time(),
			$retry,
			/* translators: 1: how the gate is hooked, 2: what failed. */
			sprintf( __( 'The early gate through %1$s did not answer its test request once PHP had read .user.ini again (%2$s), so it was removed; the must-use hook is tried next, once PHP has read .user.ini again.', 'xmlrpc-shield' ), $layer, $check ),
			$files
		);
		Autopilot::save( $state );
		Autopilot::schedule( $retry );
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
		$state = Autopilot::state();
		if ( ! Autopilot::enabled() || ( ! $state->may_attempt( time(), true ) && ! $state->may_verify( time(), true ) ) ) {
			return;
		}
		Autopilot::schedule( time() );
		wp_remote_get(
			site_url( 'wp-cron.php' ),
			array(
				'timeout'     => 30,
				'redirection' => 0,
				'sslverify'   => false,
			)
		);
	}
}
