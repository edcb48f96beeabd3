<?php
/**
 * The autopilot's state machine: what it may do next, and its event log.
 *
 * One job, the state machine, and long for it: every transition sits beside its guard (attempt,
 * verify, roll back, undo, on/off, cool-down, the wait after a failed .user.ini check) and the
 * bounded event log, so the rules are read, and unit-tested, in one place.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Autopilot;

/**
 * Pure (no WordPress calls), so the rules — one attempt per cool-down, an owner's undo never
 * re-done, an owner's "off" respected, at most MAX_EVENTS events — are unit-tested on their own.
 * Autopilot stores to_array() in an option and does the file work.
 */
final class State {

	const OFF        = 'off';
	const PENDING    = 'pending';
	const INSTALLED  = 'installed';
	const VERIFYING  = 'verifying';
	const FAILED     = 'failed';
	const UNDONE     = 'undone';
	const NOT_NEEDED = 'not-needed';

	/** Every state the REST API and WP-CLI report (the first is the one autopilot off reports). */
	const STATES = array( self::OFF, self::PENDING, self::INSTALLED, self::VERIFYING, self::FAILED, self::UNDONE, self::NOT_NEEDED );

	const EVENT_INSTALLED   = 'installed';
	const EVENT_VERIFIED    = 'verified';
	const EVENT_ROLLED_BACK = 'rolled-back';
	const EVENT_FAILED      = 'failed';
	const EVENT_UNDONE      = 'undone';
	const EVENT_ENABLED     = 'enabled';
	const EVENT_DISABLED    = 'disabled';

	/** Every kind of event. */
	const EVENT_KINDS = array( self::EVENT_INSTALLED, self::EVENT_VERIFIED, self::EVENT_ROLLED_BACK, self::EVENT_FAILED, self::EVENT_UNDONE, self::EVENT_ENABLED, self::EVENT_DISABLED );

	/**
	 * Seconds between two unattended attempts. An attempt writes server files and sends three
	 * loopback requests; when it failed, what made it fail (a server setting, a host's
	 * restriction) rarely changes within minutes, so one try an hour keeps a failing site from
	 * rewriting its .htaccess all day (24 rolled-back attempts at most), while a fixed cause is
	 * picked up within the hour.
	 */
	const COOL_DOWN = 3600;

	/** Events kept, newest first. */
	const MAX_EVENTS = 50;

	/**
	 * Stored fields.
	 *
	 * @var array{state:string, layer:string, next_attempt_at:int, verify_at:int, skip:string[], events:array<int,array<string,mixed>>}
	 */
	private $data;

	/**
	 * Reads a stored state; anything missing or malformed reads as a fresh "pending".
	 *
	 * @param mixed $stored What the option held.
	 */
	public function __construct( $stored ) {
		$stored     = is_array( $stored ) ? $stored : array();
		$state      = (string) ( $stored['state'] ?? self::PENDING );
		$this->data = array(
			'state'           => in_array( $state, array( self::PENDING, self::INSTALLED, self::VERIFYING, self::FAILED, self::UNDONE ), true ) ? $state : self::PENDING,
			'layer'           => (string) ( $stored['layer'] ?? '' ),
			'next_attempt_at' => (int) ( $stored['next_attempt_at'] ?? 0 ),
			'verify_at'       => (int) ( $stored['verify_at'] ?? 0 ),
			'skip'            => array_values( array_map( 'strval', (array) ( $stored['skip'] ?? array() ) ) ),
			'events'          => array_values( array_filter( (array) ( $stored['events'] ?? array() ), 'is_array' ) ),
		);
	}

	/**
	 * The stored shape.
	 *
	 * @return array{state:string, layer:string, next_attempt_at:int, verify_at:int, skip:string[], events:array<int,array<string,mixed>>}
	 */
	public function to_array(): array {
		return $this->data;
	}

	/**
	 * The stored state (pending, installed, verifying, failed or undone).
	 */
	public function state(): string {
		return $this->data['state'];
	}

	/**
	 * The layer autopilot installed ('' for none).
	 */
	public function layer(): string {
		return $this->data['layer'];
	}

	/**
	 * When the next unattended attempt may run (0: now).
	 */
	public function next_attempt_at(): int {
		return $this->data['next_attempt_at'];
	}

	/**
	 * When a .user.ini install can be checked.
	 */
	public function verify_at(): int {
		return $this->data['verify_at'];
	}

	/**
	 * Events, newest first.
	 *
	 * @return array<int,array<string,mixed>>
	 */
	public function events(): array {
		return $this->data['events'];
	}

	/**
	 * Whether an unattended install may start now: autopilot on, the owner never undid it,
	 * nothing installed or being verified, and the last attempt's cool-down is over.
	 *
	 * @param int  $now     Unix time.
	 * @param bool $enabled Whether autopilot is on.
	 */
	public function may_attempt( int $now, bool $enabled ): bool {
		return $enabled
			&& in_array( $this->data['state'], array( self::PENDING, self::FAILED ), true )
			&& $now >= $this->data['next_attempt_at'];
	}

	/**
	 * Whether a .user.ini install waits for its check and the ttl has passed.
	 *
	 * @param int  $now     Unix time.
	 * @param bool $enabled Whether autopilot is on.
	 */
	public function may_verify( int $now, bool $enabled ): bool {
		return $enabled && self::VERIFYING === $this->data['state'] && $now >= $this->data['verify_at'];
	}

	/**
	 * An attempt starts: the cool-down runs from now, whatever the attempt's outcome.
	 *
	 * @param int $now Unix time.
	 */
	public function begin_attempt( int $now ): void {
		$this->data['next_attempt_at'] = $now + self::COOL_DOWN;
	}

	/**
	 * An install succeeded (verified, or waiting for PHP to read .user.ini until $verify_at).
	 *
	 * @param string              $layer     Hook method.
	 * @param int                 $now       Unix time.
	 * @param int                 $verify_at 0 when already verified.
	 * @param string              $reason    Why, in plain words.
	 * @param array<string,mixed> $figures   The figures behind the reason.
	 * @param string[]            $files     Files written.
	 */
	public function installed( string $layer, int $now, int $verify_at, string $reason, array $figures, array $files ): void {
		$this->data['state']     = $verify_at > 0 ? self::VERIFYING : self::INSTALLED;
		$this->data['layer']     = $layer;
		$this->data['verify_at'] = $verify_at;
		$this->record( self::EVENT_INSTALLED, $layer, $now, $reason, $figures, $files );
	}

	/**
	 * A .user.ini install answered the check after the ttl.
	 *
	 * @param int    $now    Unix time.
	 * @param string $reason What was checked.
	 */
	public function verified( int $now, string $reason ): void {
		$this->data['state']     = self::INSTALLED;
		$this->data['verify_at'] = 0;
		$this->record( self::EVENT_VERIFIED, $this->data['layer'], $now, $reason, array(), array() );
	}

	/**
	 * An install was taken out again because its check failed.
	 *
	 * @param string              $layer   Hook method.
	 * @param int                 $now     Unix time.
	 * @param string              $reason  What failed.
	 * @param array<string,mixed> $figures Figures.
	 * @param string[]            $files   Files changed back.
	 */
	public function rolled_back( string $layer, int $now, string $reason, array $figures, array $files ): void {
		$this->data['state']     = self::FAILED;
		$this->data['layer']     = '';
		$this->data['verify_at'] = 0;
		$this->record( self::EVENT_ROLLED_BACK, $layer, $now, $reason, $figures, $files );
	}

	/**
	 * A .user.ini install failed its check once PHP had read it: rolled back, and the rest of the
	 * attempt (the must-use hook) waits until $retry_at, when no PHP-FPM process can still
	 * hold the removed hook (a must-use install failing before then would delete the gate file a
	 * cached hook still names). Later attempts skip the layer that failed.
	 *
	 * @param string   $layer    Hook method.
	 * @param int      $now      Unix time.
	 * @param int      $retry_at When the attempt goes on.
	 * @param string   $reason   What failed.
	 * @param string[] $files    Files changed back.
	 */
	public function check_failed( string $layer, int $now, int $retry_at, string $reason, array $files ): void {
		$this->rolled_back( $layer, $now, $reason, array(), $files );
		$this->data['skip'][]          = $layer;
		$this->data['skip']            = array_values( array_unique( $this->data['skip'] ) );
		$this->data['next_attempt_at'] = $retry_at;
	}

	/**
	 * The layers to try, in order, leaving out those that failed their check after installing.
	 *
	 * @param string[] $layers Layers in order of preference.
	 * @return string[]
	 */
	public function layers_to_try( array $layers ): array {
		return array_values( array_diff( array_unique( $layers ), $this->data['skip'] ) );
	}

	/**
	 * No layer could be installed; the next try waits for the cool-down.
	 *
	 * @param int                 $now     Unix time.
	 * @param string              $reason  Why.
	 * @param array<string,mixed> $figures Figures.
	 */
	public function failed( int $now, string $reason, array $figures ): void {
		$this->data['state'] = self::FAILED;
		$this->data['layer'] = '';
		$this->record( self::EVENT_FAILED, '', $now, $reason, $figures, array() );
	}

	/**
	 * The owner removed the early gate: never installed again until the owner says so.
	 *
	 * @param string   $layer  The layer removed.
	 * @param int      $now    Unix time.
	 * @param string   $reason Plain words.
	 * @param string[] $files  Files changed.
	 */
	public function undone( string $layer, int $now, string $reason, array $files ): void {
		$this->data['state']     = self::UNDONE;
		$this->data['layer']     = '';
		$this->data['verify_at'] = 0;
		$this->record( self::EVENT_UNDONE, $layer, $now, $reason, array(), $files );
	}

	/**
	 * The owner installed the early gate by hand: autopilot has nothing left to do (and an
	 * earlier undo no longer holds).
	 *
	 * @param string $layer Hook method.
	 */
	public function owner_installed( string $layer ): void {
		$this->data['state']           = self::INSTALLED;
		$this->data['layer']           = $layer;
		$this->data['verify_at']       = 0;
		$this->data['next_attempt_at'] = 0;
	}

	/**
	 * The owner turned autopilot on: an earlier undo no longer holds and the next attempt may
	 * run at once (the cool-down limits unattended retries, not the owner).
	 *
	 * @param int    $now    Unix time.
	 * @param string $reason Plain words.
	 */
	public function enabled( int $now, string $reason ): void {
		if ( in_array( $this->data['state'], array( self::UNDONE, self::FAILED ), true ) ) {
			$this->data['state'] = self::PENDING;
		}
		$this->data['next_attempt_at'] = 0;
		$this->record( self::EVENT_ENABLED, '', $now, $reason, array(), array() );
	}

	/**
	 * The owner turned autopilot off (nothing installed is removed).
	 *
	 * @param int    $now    Unix time.
	 * @param string $reason Plain words.
	 */
	public function disabled( int $now, string $reason ): void {
		$this->record( self::EVENT_DISABLED, '', $now, $reason, array(), array() );
	}

	/**
	 * Deactivation took the gate out (not an undo): activating again installs again, at once.
	 */
	public function deactivated(): void {
		if ( self::UNDONE !== $this->data['state'] ) {
			$this->data['state'] = self::PENDING;
		}
		$this->data['layer']           = '';
		$this->data['verify_at']       = 0;
		$this->data['next_attempt_at'] = 0;
		$this->data['skip']            = array();
	}

	/**
	 * What to report: off when autopilot is off, not-needed when nothing is to be refused
	 * (mode off) and nothing is installed, else the stored state — installed whenever a gate
	 * is in place, whoever put it there.
	 *
	 * @param bool   $enabled        Whether autopilot is on.
	 * @param string $installed_with The installed gate's hook method ('' for none).
	 * @param bool   $refusing       Whether the mode refuses anything.
	 */
	public function reported( bool $enabled, string $installed_with, bool $refusing ): string {
		if ( ! $enabled ) {
			return self::OFF;
		}
		$state = $this->data['state'];
		if ( '' !== $installed_with ) {
			return self::VERIFYING === $state ? self::VERIFYING : self::INSTALLED;
		}
		if ( in_array( $state, array( self::INSTALLED, self::VERIFYING ), true ) ) {
			// The gate went away without autopilot knowing (a file deleted by hand).
			$state = self::PENDING;
		}
		return ! $refusing && self::PENDING === $state ? self::NOT_NEEDED : $state;
	}

	/**
	 * Adds an event, newest first, keeping at most MAX_EVENTS.
	 *
	 * @param string              $kind    One of EVENT_KINDS.
	 * @param string              $layer   Hook method or ''.
	 * @param int                 $now     Unix time.
	 * @param string              $reason  Plain words with the figures.
	 * @param array<string,mixed> $figures Figures.
	 * @param string[]            $files   Files.
	 */
	private function record( string $kind, string $layer, int $now, string $reason, array $figures, array $files ): void {
		array_unshift(
			$this->data['events'],
			array(
				'at'      => $now,
				'kind'    => $kind,
				'layer'   => $layer,
				'reason'  => $reason,
				'figures' => $figures,
				'files'   => array_values( array_map( 'strval', $files ) ),
			)
		);
		$this->data['events'] = array_slice( $this->data['events'], 0, self::MAX_EVENTS );
	}
}
