<?php
/**
 * Hit counters in APCu shared memory, moved to the spool in aggregated lines.
 *
 * One job, counting in shared memory without losing or doubling a hit; long because the
 * compare-and-swap takes, the per-minute cap, giving back what the spool refuses and the
 * dropped-hit counter each rely on the others' invariants, which must stay in view together.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Log;

/**
 * Under a flood, even one small file append per hit costs the gate a third of its throughput
 * (a lock, a stat and a journaled inode update each time). When the web server has APCu, a hit
 * is one atomic increment of an in-memory counter per (minute, client, method, outcome)
 * instead, and once a minute the counters are taken out and written to the spool as one line
 * each, with their count. The spool stays the only way into the table, so everything after it
 * (claims, ingest, database outages) works as before.
 *
 * Counts are taken with compare-and-swap, so a hit is never counted twice or lost to a
 * concurrent flush; losing APCu (a web server restart) loses at most a minute of counts, never
 * a block decision. Only the web server's processes share its APCu: WP-CLI asks the site over
 * a loopback request (see CounterFlush).
 */
final class ApcuCounter {

	/** Distinct counters one minute may create; further new ones go to the spool file. */
	const MAX_KEYS_PER_MINUTE = 2000;

	/**
	 * Counters live this long (seconds) if nothing ever flushes them. Settled counters are
	 * deleted by every flush; this only bounds what a server that stops flushing leaves.
	 */
	const TTL = 900;

	/** A minute this many seconds old gets no more hits: its counters are deleted once taken. */
	const SETTLED_AFTER = 120;

	/**
	 * Minutes whose counters can be in memory at once: the running one, the two not yet
	 * settled, and the one the running minute's first flush is about to delete. With
	 * MAX_KEYS_PER_MINUTE this bounds our entries (a counter and its user agent each) to
	 * LIVE_MINUTES * MAX_KEYS_PER_MINUTE * 2, whatever happens to the spool and the database.
	 */
	const LIVE_MINUTES = 4;

	/** Dropped-hit counters (one per minute with drops) wait this long for an ingest to take them. */
	const DROPPED_TTL = 86400;

	/**
	 * Where flushed counts go.
	 *
	 * @var Spool
	 */
	private $spool;

	/**
	 * Key prefix of this site's counters (one per spool file, so per site on multisite).
	 *
	 * @var string
	 */
	private $prefix;

	/**
	 * Builds a counter that flushes into a spool.
	 *
	 * @param Spool $spool The site's spool.
	 */
	public function __construct( Spool $spool ) {
		$this->spool  = $spool;
		$this->prefix = 'xmlrpc-shield|' . substr( md5( $spool->path() ), 0, 12 ) . '|';
	}

	/**
	 * Whether this PHP process has a usable APCu (never in WP-CLI unless apc.enable_cli is on,
	 * and then it would be the CLI's own memory, not the web server's).
	 */
	public static function available(): bool {
		return function_exists( 'apcu_inc' ) && function_exists( 'apcu_enabled' ) && apcu_enabled();
	}

	/**
	 * Counts one hit. False when it was not counted here (then the caller appends it to the
	 * spool file): APCu full or failing, or too many distinct counters this minute.
	 *
	 * @param int    $time       Unix time.
	 * @param string $ip         Client address.
	 * @param string $method     Method name.
	 * @param string $outcome    Outcome.
	 * @param string $user_agent Raw user agent.
	 */
	public function add( int $time, string $ip, string $method, string $outcome, string $user_agent ): bool {
		$minute     = $time - ( $time % 60 );
		$minute_key = $this->prefix . 'n|' . $minute;
		$fields     = self::fields( $minute, $ip, $method, $outcome );
		$key        = $this->prefix . 'c' . $fields;
		// Past the cap, existing counters go on counting; new ones are left to the spool file.
		if ( (int) apcu_fetch( $minute_key ) >= self::MAX_KEYS_PER_MINUTE && ! apcu_exists( $key ) ) {
			return false;
		}
		$count = apcu_inc( $key, 1, $success, self::TTL );
		if ( ! $success || false === $count ) {
			return false;
		}
		if ( 1 === $count ) {
			// The first hit since the counter was made or last flushed names the user agent its
			// next line carries. Only a new counter counts against this minute's cap.
			$agent_key = $this->prefix . 'u' . $fields;
			$agent     = substr( $user_agent, 0, Spool::MAX_USER_AGENT );
			if ( apcu_add( $agent_key, $agent, self::TTL ) ) {
				apcu_inc( $minute_key, 1, $noted, 600 );
			} else {
				apcu_store( $agent_key, $agent, self::TTL );
			}
			// The first hit of each minute (always a new counter: keys hold the minute) moves the
			// earlier minutes' counters to the spool. Checked only here, so most hits take one
			// write lock.
			if ( apcu_add( $this->prefix . 'f|' . $minute, 1, 300 ) ) {
				$this->flush( $time, $minute );
			}
		}
		return true;
	}

	/**
	 * Moves this site's counters to the spool, one line per counter with its count.
	 *
	 * When the spool refuses them, counts of minutes still running are given back for a
	 * later flush; counts of settled minutes are deleted all the same and added to the
	 * dropped-hit counter (drop()), so memory never grows while the spool stays full.
	 *
	 * @param int|null $now    Current time (tests pass a later one to settle old minutes).
	 * @param int|null $before Only counters of minutes before this one (null: all of them).
	 * @return array{counters:int, hits:int, ok:bool}
	 */
	public function flush( ?int $now = null, ?int $before = null ): array {
		$now     = null === $now ? time() : $now;
		$report  = array(
			'counters' => 0,
			'hits'     => 0,
			'ok'       => true,
		);
		$lines   = array();
		$taken   = array();
		$settled = array();
		$damaged = array();
		foreach ( $this->counters( APC_ITER_KEY ) as $key => $entry ) {
			$key    = (string) $key;
			$fields = substr( $key, strlen( $this->prefix ) + 1 );
			$hit    = Spool::parse_line( rtrim( $fields, "\n" ) );
			if ( null === $hit ) {
				$damaged[] = $key;
				continue;
			}
			if ( null !== $before && $hit['time'] >= $before ) {
				continue;
			}
			$count = self::take( $key );
			if ( $count > 0 ) {
				$agent         = apcu_fetch( $this->prefix . 'u' . $fields );
				$lines[]       = Spool::format_line( $hit['time'], $hit['ip'], $hit['method'], $hit['outcome'], is_string( $agent ) ? $agent : '', $count );
				$taken[ $key ] = $count;
			}
			if ( $hit['time'] < $now - self::SETTLED_AFTER ) {
				$settled[ $key ] = true;
			}
		}
		array_map( 'apcu_delete', $damaged );
		if ( array() !== $lines && ! $this->spool->append_lines( $lines ) ) {
			// The spool is full or unwritable (append_lines() wrote nothing): running minutes
			// get their counts back for a later flush, settled ones are dropped and counted.
			foreach ( $taken as $key => $count ) {
				if ( isset( $settled[ $key ] ) ) {
					$this->drop( $now, $count );
				} else {
					apcu_inc( $key, $count, $success, self::TTL );
				}
			}
			$report['ok'] = false;
		} else {
			$report['counters'] = count( $taken );
			$report['hits']     = (int) array_sum( $taken );
		}
		// Hits read the clock right before they count, so a minute two minutes old is final.
		foreach ( array_keys( $settled ) as $key ) {
			$fields = substr( $key, strlen( $this->prefix ) + 1 );
			apcu_delete( $key );
			apcu_delete( $this->prefix . 'u' . $fields );
		}
		return $report;
	}

	/**
	 * Counts hits dropped from the log (no counter, no spool line) in one counter per minute
	 * of dropping, so an owner can see that counts are missing and when.
	 *
	 * @param int $time Unix time of the drop.
	 * @param int $hits How many.
	 */
	public function drop( int $time, int $hits ): void {
		apcu_inc( $this->prefix . 'o|' . ( $time - ( $time % 60 ) ), $hits, $success, self::DROPPED_TTL );
	}

	/**
	 * Takes the dropped-hit counters (for the ingest, which keeps the total in an option).
	 *
	 * @param int|null $now Current time (tests pass a later one).
	 * @return array{hits:int, last:int} last: the latest minute with drops (0 for none).
	 */
	public function take_dropped( ?int $now = null ): array {
		$now   = null === $now ? time() : $now;
		$taken = array(
			'hits' => 0,
			'last' => 0,
		);
		$keys  = new \APCUIterator( '/^' . preg_quote( $this->prefix . 'o|', '/' ) . '/', APC_ITER_KEY );
		foreach ( $keys as $key => $entry ) {
			$key    = (string) $key;
			$minute = (int) substr( $key, strlen( $this->prefix . 'o|' ) );
			$count  = self::take( $key );
			if ( $count > 0 ) {
				$taken['hits'] += $count;
				$taken['last']  = max( $taken['last'], $minute );
			}
			// Drops are counted in the minute they happen: a settled minute's counter is final.
			if ( $minute < $now - self::SETTLED_AFTER ) {
				apcu_delete( $key );
			}
		}
		return $taken;
	}

	/**
	 * This site's entries in APCu and the memory they take (status output and tests).
	 *
	 * @return array{entries:int, bytes:int}
	 */
	public function footprint(): array {
		$footprint = array(
			'entries' => 0,
			'bytes'   => 0,
		);
		foreach ( new \APCUIterator( '/^' . preg_quote( $this->prefix, '/' ) . '/', APC_ITER_MEM_SIZE ) as $entry ) {
			++$footprint['entries'];
			$footprint['bytes'] += is_array( $entry ) ? (int) ( $entry['mem_size'] ?? 0 ) : 0;
		}
		return $footprint;
	}

	/**
	 * Forgets every counter of this site (uninstall).
	 */
	public function clear(): void {
		apcu_delete( new \APCUIterator( '/^' . preg_quote( $this->prefix, '/' ) . '/', APC_ITER_KEY ) );
	}

	/**
	 * Hits counted and not yet flushed. No production caller: the unit tests observe memory
	 * between flushes through it, which no flush could do without changing what they measure.
	 */
	public function pending(): int {
		$pending = 0;
		foreach ( $this->counters( APC_ITER_VALUE ) as $entry ) {
			$pending += is_array( $entry ) && is_int( $entry['value'] ?? null ) ? $entry['value'] : 0;
		}
		return $pending;
	}

	/**
	 * This site's counters.
	 *
	 * @param int $format APC_ITER_* fields to read.
	 */
	private function counters( int $format ): \APCUIterator {
		return new \APCUIterator( '/^' . preg_quote( $this->prefix . 'c', '/' ) . '/', $format );
	}

	/**
	 * Takes a counter's value, leaving 0, without losing an increment made meanwhile.
	 *
	 * @param string $key Counter key.
	 */
	private static function take( string $key ): int {
		for ( $attempt = 0; $attempt < 20; $attempt++ ) {
			$count = apcu_fetch( $key, $found );
			if ( ! $found || ! is_int( $count ) || $count <= 0 ) {
				return 0;
			}
			if ( apcu_cas( $key, $count, 0 ) ) {
				return $count;
			}
		}
		return 0;
	}

	/**
	 * The counter's identity, in the spool's own line format (cleaned, tab-separated).
	 *
	 * @param int    $minute  Start of the minute.
	 * @param string $ip      Client address.
	 * @param string $method  Method name.
	 * @param string $outcome Outcome.
	 */
	private static function fields( int $minute, string $ip, string $method, string $outcome ): string {
		return Spool::format_line( $minute, $ip, $method, $outcome, '' );
	}
}
