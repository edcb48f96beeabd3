<?php
/**
 * Append-only, size-capped file of blocked/seen hits, ingested into the table later.
 *
 * One job, the spool file; long because its locking protocol (shared-lock appends, the
 * exclusive claim, cutting back a short line or a refused batch) is only safe read as one.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Log;

/**
 * A flood must not turn into a flood of database writes: each hit costs one small locked
 * append here, and WordPress folds the lines into aggregated rows in the background.
 * Every method swallows its errors: losing a count is acceptable, breaking a block is not.
 */
final class Spool {

	/** Open-lock-check rounds before an append gives up. */
	const MAX_ATTEMPTS = 5;

	/** A site's spool files hold at most this many bytes (16 MiB): a bound, not a setting. */
	const MAX_BYTES = 16777216;

	/** User agents are cut to this many bytes. */
	const MAX_USER_AGENT = 255;

	/**
	 * Spool file path.
	 *
	 * @var string
	 */
	private $path;

	/**
	 * Size cap in bytes; appends stop when the file reaches it.
	 *
	 * @var int
	 */
	private $max_bytes;

	/**
	 * Builds a spool.
	 *
	 * @param string $path      File path.
	 * @param int    $max_bytes Size cap.
	 */
	public function __construct( string $path, int $max_bytes ) {
		$this->path      = $path;
		$this->max_bytes = $max_bytes;
	}

	/**
	 * The spool file path.
	 */
	public function path(): string {
		return $this->path;
	}

	/**
	 * Appends one hit. Returns false when it was not recorded (cap reached, disk full, no dir).
	 *
	 * @param int    $time       Unix time.
	 * @param string $ip         Client address.
	 * @param string $method     Method name.
	 * @param string $outcome    Outcome.
	 * @param string $user_agent Raw user agent.
	 */
	public function append( int $time, string $ip, string $method, string $outcome, string $user_agent ): bool {
		return $this->write( self::format_line( $time, $ip, $method, $outcome, $user_agent ) );
	}

	/**
	 * Appends lines made by format_line() in one write: all of them or none. A write cut
	 * short (disk full) is cut back to where it started, so a caller that is told "no" can
	 * keep its counts without ever counting a line twice.
	 *
	 * @param string[] $lines Lines, each ending in a newline.
	 */
	public function append_lines( array $lines ): bool {
		return array() === $lines || $this->write( implode( '', $lines ), true );
	}

	/**
	 * Path of the claimed file (at most one at a time; see claim()).
	 */
	public function claim_path(): string {
		return $this->path . '.claim';
	}

	/**
	 * Appends whole lines under a lock.
	 *
	 * @param string $data  One or more lines.
	 * @param bool   $batch Whether $data is a batch that must land whole or not at all.
	 */
	private function write( string $data, bool $batch = false ): bool {
		// A try can hit a file the ingester has just claimed; the next one opens the new file.
		// Claims come once a minute, so more than one retry is already rare.
		for ( $attempt = 0; $attempt < self::MAX_ATTEMPTS; $attempt++ ) {
			$handle = @fopen( $this->path, 'a+b' ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged,WordPress.WP.AlternativeFunctions.file_system_read_fopen -- runs before WordPress; failure is handled.
			if ( false === $handle ) {
				return false;
			}
			// Appenders of one hit share the lock: an O_APPEND write of one short line lands
			// whole at the end, so they need not queue behind each other (under a flood, an
			// exclusive lock here cost more than the rest of the early gate). The lock exists
			// for claim(), whose exclusive lock waits until every append in flight is done. A
			// batch (a counter flush, once a minute) locks alone, so it can be undone whole.
			if ( ! @flock( $handle, $batch ? LOCK_EX : LOCK_SH ) ) { // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
				fclose( $handle ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_fclose
				return false;
			}
			$stat = fstat( $handle );
			// PHP caches the last stat() within a request; a stale inode would hide the ingester's
			// rename. The realpath cache (path to path) may stay: it cannot hide a new inode.
			clearstatcache();
			$named = @stat( $this->path ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
			if ( false === $stat || false === $named || $stat['ino'] !== $named['ino'] ) {
				// The ingester renamed this file away between our open and our lock: reopen.
				flock( $handle, LOCK_UN );
				fclose( $handle ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_fclose
				continue;
			}
			$written = false;
			// The cap holds for the live file and the claim waiting to be ingested together, so
			// a database outage cannot make the data directory grow past it. Concurrent
			// appenders may each pass this check: the cap can be passed by at most one write per
			// web server worker.
			$claimed = @filesize( $this->claim_path() ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
			if ( $stat['size'] + (int) $claimed + strlen( $data ) <= $this->max_bytes ) {
				$written = strlen( $data ) === @fwrite( $handle, $data ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged,WordPress.WP.AlternativeFunctions.file_system_read_fwrite
				if ( ! $written && $batch ) {
					// Holding the lock alone, a batch knows where it started: nothing else wrote.
					@ftruncate( $handle, max( 0, (int) $stat['size'] ) ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
				} elseif ( ! $written ) {
					self::cut_partial_line( $handle );
				}
			}
			flock( $handle, LOCK_UN );
			fclose( $handle ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_fclose
			return $written;
		}
		return false;
	}

	/**
	 * After a write cut short (disk full), removes the bytes after the last whole line, so a
	 * partial line can never merge with the next one. Takes the lock alone to do it.
	 *
	 * @param resource $handle Open spool file holding a shared lock.
	 */
	private static function cut_partial_line( $handle ): void {
		if ( ! @flock( $handle, LOCK_EX ) ) { // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
			return;
		}
		$stat = fstat( $handle );
		$size = false === $stat ? 0 : (int) $stat['size'];
		$keep = 0;
		// Lines are at most a few hundred bytes: the last newline is within the last 4 KB.
		$from = max( 0, $size - 4096 );
		if ( $size > 0 && 0 === fseek( $handle, $from ) ) {
			$tail = (string) fread( $handle, max( 1, $size - $from ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_fread
			$last = strrpos( $tail, "\n" );
			$keep = false === $last ? $from : $from + $last + 1;
		}
		if ( $keep < $size ) {
			@ftruncate( $handle, $keep ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
		}
	}

	/**
	 * One tab-separated line; fields are cleaned so a line can never split or smuggle a field.
	 * A line stands for one hit, or for $count hits when it carries a sixth field.
	 *
	 * @param int    $time       Unix time.
	 * @param string $ip         Client address.
	 * @param string $method     Method name.
	 * @param string $outcome    Outcome.
	 * @param string $user_agent Raw user agent.
	 * @param int    $count      Hits this line stands for.
	 */
	public static function format_line( int $time, string $ip, string $method, string $outcome, string $user_agent, int $count = 1 ): string {
		$clean = static function ( string $value, int $max ): string {
			return (string) preg_replace( '/[\x00-\x1f\x7f]/', ' ', substr( $value, 0, $max ) );
		};
		$line  = $time . "\t" . $clean( $ip, 45 ) . "\t" . $clean( $method, 64 ) . "\t" . $clean( $outcome, 10 ) . "\t" . $clean( $user_agent, self::MAX_USER_AGENT );
		return ( $count > 1 ? $line . "\t" . $count : $line ) . "\n";
	}

	/**
	 * Parses a line written by format_line(); null for a damaged line.
	 *
	 * @param string $line One line without its newline.
	 * @return array{time:int, ip:string, method:string, outcome:string, user_agent:string, count:int}|null
	 */
	public static function parse_line( string $line ): ?array {
		$fields = explode( "\t", $line );
		$count  = 1;
		if ( 6 === count( $fields ) ) {
			$count = ctype_digit( $fields[5] ) && strlen( $fields[5] ) <= 9 ? (int) $fields[5] : 0;
		} elseif ( 5 !== count( $fields ) ) {
			return null;
		}
		if ( $count < 1 || ! ctype_digit( $fields[0] ) ) {
			return null;
		}
		return array(
			'time'       => (int) $fields[0],
			'ip'         => $fields[1],
			'method'     => $fields[2],
			'outcome'    => $fields[3],
			'user_agent' => $fields[4],
			'count'      => $count,
		);
	}

	/**
	 * Moves the current spool to claim_path() so appends start a new file, and returns that
	 * path; null when there is nothing to claim or a claim is still waiting (it must be
	 * ingested first: one claim at a time keeps the data directory within the cap). Waits
	 * for in-flight appends to finish.
	 */
	public function claim(): ?string {
		clearstatcache();
		if ( file_exists( $this->claim_path() ) || ! is_file( $this->path ) || 0 === (int) @filesize( $this->path ) ) { // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
			return null;
		}
		$claimed = $this->claim_path();
		if ( ! @rename( $this->path, $claimed ) ) { // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged,WordPress.WP.AlternativeFunctions.rename_rename
			return null;
		}
		// An append that locked the old file before the rename finishes before we read.
		$handle = @fopen( $claimed, 'rb' ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged,WordPress.WP.AlternativeFunctions.file_system_read_fopen
		if ( false !== $handle ) {
			flock( $handle, LOCK_EX );
			flock( $handle, LOCK_UN );
			fclose( $handle ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_fclose
		}
		return $claimed;
	}

	/**
	 * Makes a file left by an older version (which named each claim uniquely) the claim.
	 * Returns the claim path, or null when a claim is still waiting or the move failed.
	 *
	 * @param string $file One of legacy_claims().
	 */
	public function adopt( string $file ): ?string {
		clearstatcache();
		if ( file_exists( $this->claim_path() ) || ! @rename( $file, $this->claim_path() ) ) { // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged,WordPress.WP.AlternativeFunctions.rename_rename
			return null;
		}
		return $this->claim_path();
	}

	/**
	 * Claimed files an older version left behind (named <spool>.<pid>.<random>.claim).
	 *
	 * @return string[]
	 */
	public function legacy_claims(): array {
		$files = glob( $this->path . '.*.claim' );
		if ( false === $files ) {
			return array();
		}
		sort( $files );
		return $files;
	}

	/**
	 * Bytes the live file and the claim hold together (what the cap limits).
	 */
	public function bytes(): int {
		clearstatcache();
		return (int) @filesize( $this->path ) + (int) @filesize( $this->claim_path() ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
	}
}
