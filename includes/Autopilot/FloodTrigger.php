<?php
/**
 * A flood seen by the plugin-load gate while the early gate is not in place: a reason to
 * retry the install now, never to tear anything down.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Autopilot;

use XmlrpcShield\Capabilities;
use XmlrpcShield\Log\ApcuCounter;
use XmlrpcShield\Settings;

/**
 * Called for each request the plugin-load gate refuses. It costs two autoloaded option reads
 * while an unattended install is due (and nothing else once the early gate is in place, which
 * refuses these requests before WordPress loads): past THRESHOLD refusals a minute it asks
 * WP-Cron to run the install now with one non-blocking loopback request (spawn_cron()), so a
 * site whose WP-Cron is off (DISABLE_WP_CRON without a system cron) or whose first attempt
 * failed gets its early gate when it needs it. The refused request itself never writes a file
 * and never waits.
 */
final class FloodTrigger {

	/**
	 * Refusals a minute that count as a flood. The plugin-load gate spends ~4–6 ms of server CPU
	 * per refusal on WordPress 7.1 (bench: 4,357–5,912 µs), so 60 a minute is ~0.3 s of CPU a
	 * minute (0.5% of one core): below that, stray scanners are not worth overriding an owner
	 * who turned WP-Cron's visitor spawns off. The seed's flood (300 a second) crosses it in
	 * a fifth of a second.
	 */
	const THRESHOLD = 60;

	/**
	 * Bytes of a typical spool line (time, address, method, outcome, a short user agent): the
	 * spool's size turns into a count of refusals waiting for the minutely ingest when the
	 * server has no APCu.
	 */
	const SPOOL_LINE_BYTES = 80;

	/** Seconds between two spawn tries while a spawn has not gone out (WP-Cron's own lock). */
	const RETRY_SPAWN_AFTER = 60;

	/**
	 * Notes one refusal by the plugin-load gate; past the threshold, spawns WP-Cron once.
	 *
	 * @param array<string,mixed> $config The gate config the refusal was decided with.
	 */
	public static function refused( array $config ): void {
		if ( ! Capabilities::is_network_site() || ! Autopilot::enabled() ) {
			return;
		}
		$now   = time();
		$state = new State( get_option( Settings::AUTOPILOT_STATE ) );
		if ( ! $state->may_attempt( $now, true ) ) {
			return;
		}
		$trigger = get_option( Settings::AUTOPILOT_TRIGGER );
		$trigger = is_array( $trigger ) ? $trigger : array();
		if ( (int) ( $trigger['spawned_at'] ?? 0 ) > $now - State::COOL_DOWN || (int) ( $trigger['tried_at'] ?? 0 ) > $now - self::RETRY_SPAWN_AFTER ) {
			return;
		}
		$refused = self::refused_this_minute( $config, $now );
		if ( null !== $refused && $refused < self::THRESHOLD ) {
			return;
		}
		if ( ! self::claim( $config, $now ) ) {
			return;
		}
		$trigger = array(
			'tried_at'           => $now,
			'spawned_at'         => (int) ( $trigger['spawned_at'] ?? 0 ),
			'refused_per_minute' => (int) $refused,
		);
		if ( ! wp_next_scheduled( Autopilot::HOOK ) ) {
			wp_schedule_single_event( $now, Autopilot::HOOK );
		}
		if ( spawn_cron() ) {
			$trigger['spawned_at'] = $now;
		}
		update_option( Settings::AUTOPILOT_TRIGGER, $trigger, true );
	}

	/**
	 * Refusals by the plugin-load gate this minute: an APCu counter when the server has APCu,
	 * else the refusals waiting in the spool for the minutely ingest; null when neither can
	 * tell (no APCu, logging off), and any refusal then counts.
	 *
	 * @param array<string,mixed> $config Gate config.
	 * @param int                 $now    Unix time.
	 */
	private static function refused_this_minute( array $config, int $now ): ?int {
		if ( ! empty( $config['apcu'] ) && ApcuCounter::available() ) {
			$count = apcu_inc( self::apcu_key( $config, 'refused|' . ( $now - $now % 60 ) ), 1, $success, 120 );
			return $success && false !== $count ? (int) $count : null;
		}
		if ( empty( $config['log_enabled'] ) ) {
			return null;
		}
		$size = @filesize( (string) $config['spool_path'] ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- no spool yet is a count of 0.
		return false === $size ? 0 : intdiv( (int) $size, self::SPOOL_LINE_BYTES );
	}

	/**
	 * One process of many refusing at once gets to spawn (APCu's atomic add when there is
	 * APCu; without it, the few processes that read the option before one wrote it).
	 *
	 * @param array<string,mixed> $config Gate config.
	 * @param int                 $now    Unix time.
	 */
	private static function claim( array $config, int $now ): bool {
		if ( ! empty( $config['apcu'] ) && ApcuCounter::available() ) {
			return apcu_add( self::apcu_key( $config, 'spawn' ), $now, self::RETRY_SPAWN_AFTER );
		}
		return true;
	}

	/**
	 * An APCu key of this site's.
	 *
	 * @param array<string,mixed> $config Gate config.
	 * @param string              $name   Key name.
	 */
	private static function apcu_key( array $config, string $name ): string {
		return 'xmlrpc-shield|autopilot|' . substr( md5( (string) $config['spool_path'] ), 0, 12 ) . '|' . $name;
	}
}
