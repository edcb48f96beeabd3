<?php
/**
 * Per-unit costs of the log pipeline, measured in one WordPress site from the CLI (one round;
 * bench/per-unit.sh runs several and bench/lib/per-unit-report.php takes medians):
 *
 *   php -d apc.enable_cli=1 bench/lib/per-unit.php SITE [STEP ...]
 *
 * Steps (all by default):
 *   line     bytes of one spool line (one hit, and an APCu counter's line with its count)
 *   apcu     APCu bytes per counter and µs per counted hit (new counter / existing counter)
 *   append   µs per spool append (one hit, no APCu)
 *   flood    a minute's flood of 10,000 hits from N /24s × k addresses each, counted as the gate
 *            counts (APCu first, spool past the counter cap), then ingested: counters, spool
 *            lines and bytes, rows, ingest ms, queries and writes
 *   ingest   ingest cost per 10,000 spooled one-hit lines (no APCu) by distinct addresses
 *   bytes    bytes per table row (MariaDB: data + index; SQLite: file growth)
 *   idle     one minutely cron run with nothing spooled: queries, writes, ms (the plugin's part)
 *   suggest  the blocklist query the CrowdSec push runs every minute (BlockSuggester::suggest()
 *            over the last hour) on a table at the default cap, 60,000 of its rows in that hour
 *   lapi     one push to a real CrowdSec Local API (env XS_LAPI_URL, XS_LAPI_MACHINE,
 *            XS_LAPI_PASSWORD; bench/per-unit.sh starts one): login, then alerts in the pusher's
 *            batches of Pusher::BATCH networks, each batch's request time and body size
 *   activate one site's set-up as activation runs it per site (tables created, defaults, cron
 *            event): what a network-wide activation repeats for every site of a network
 *   cron     a whole minutely WP-Cron run of our event (core's wp-cron.php: its lock transient,
 *            reschedule, our handlers, unlock) with nothing spooled; must be the last step
 *   prune    the cron run on a table at its row cap (100,000 rows + 10,000 new); prune1m at 1,000,000
 *
 * CPU figures are from the CLI's PHP on this machine (2 shared cores): read them as orders of
 * magnitude and ratios, and compare medians of several rounds. Loopback only; nothing is served.
 *
 * @package XmlrpcShield
 */

// phpcs:disable
$xs_site  = $argv[1];
$xs_steps = array_slice( $argv, 2 );
if ( array() === $xs_steps ) {
	$xs_steps = array( 'line', 'apcu', 'append', 'flood', 'ingest', 'bytes', 'idle', 'prune', 'suggest', 'activate', 'cron' );
}
$_SERVER['HTTP_HOST'] = 'localhost';
require $xs_site . '/wp-load.php';

use XmlrpcShield\Log\ApcuCounter;
use XmlrpcShield\Log\HitTable;
use XmlrpcShield\Log\Ingester;
use XmlrpcShield\Log\Scheduler;
use XmlrpcShield\Log\Spool;
use XmlrpcShield\Paths;

/** A browser-like user agent as floods send them (111 bytes). */
const XS_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

/** Query counter: every statement $wpdb runs passes the 'query' filter (SQLite integration too). */
final class XsQueries {
	public static $reads = 0, $writes = 0, $other = 0;
	public static function reset(): void {
		self::$reads = self::$writes = self::$other = 0;
	}
	public static function count( $sql ) {
		$verb = strtoupper( strtok( ltrim( (string) $sql ), " \t\n(" ) );
		if ( in_array( $verb, array( 'SELECT', 'SHOW', 'DESCRIBE' ), true ) ) {
			++self::$reads;
		} elseif ( in_array( $verb, array( 'INSERT', 'UPDATE', 'DELETE', 'REPLACE' ), true ) ) {
			++self::$writes;
		} else {
			++self::$other;
		}
		return $sql;
	}
	public static function get(): array {
		return array( 'queries' => self::$reads + self::$writes + self::$other, 'writes' => self::$writes );
	}
}
add_filter( 'query', array( 'XsQueries', 'count' ) );

function xs_is_sqlite(): bool {
	return defined( 'DB_DIR' ) && defined( 'DB_FILE' );
}

function xs_empty_table(): void {
	global $wpdb;
	$wpdb->query( xs_is_sqlite() ? 'DELETE FROM ' . HitTable::name() : 'TRUNCATE TABLE ' . HitTable::name() );
	foreach ( (array) glob( Paths::data_dir() . '/hits-*' ) as $file ) {
		@unlink( $file );
	}
	apcu_clear_cache();
}

function xs_rows(): int {
	global $wpdb;
	return (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . HitTable::name() );
}

/** Bytes the table takes: MariaDB data + index (after ANALYZE), or the SQLite file. */
function xs_db_bytes(): int {
	global $wpdb;
	clearstatcache();
	if ( xs_is_sqlite() ) {
		return (int) filesize( DB_DIR . DB_FILE );
	}
	$wpdb->query( 'ANALYZE TABLE ' . HitTable::name() );
	return (int) $wpdb->get_var( $wpdb->prepare( 'SELECT DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = %s', HitTable::name() ) );
}

/** The i-th address of a flood from $networks /24s with $per addresses in each (203.x.y.z, documentation-like). */
function xs_ip( int $i, int $networks, int $per ): string {
	$net  = intdiv( $i % ( $networks * $per ), $per );
	$host = $i % $per;
	return sprintf( '100.%d.%d.%d', 64 + intdiv( $net, 256 ), $net % 256, 1 + $host );
}

/**
 * Fills the empty table with $rows rows shaped as a flood leaves them (distinct addresses, the
 * browser-like user agent, one minute per 1,000 rows, oldest first), in one statement of the
 * database's own: row-by-row upserts through WordPress would take minutes on SQLite.
 */
function xs_fill( int $rows, int $oldest_bucket ): void {
	global $wpdb;
	$table = HitTable::name();
	$cols  = "INSERT INTO {$table} (bucket, ip, subnet, method, outcome, hits, user_agent, ingest_batch) ";
	if ( xs_is_sqlite() ) {
		$pdo = new PDO( 'sqlite:' . DB_DIR . DB_FILE );
		$pdo->exec( $cols . 'WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < ' . ( $rows - 1 ) . ') '
			. 'SELECT ' . $oldest_bucket . " + 60 * (n / 1000), '100.' || (64 + n / 65536) || '.' || ((n / 256) % 256) || '.' || (n % 256), "
			. "'100.' || (64 + n / 65536) || '.' || ((n / 256) % 256) || '.0/24', 'pingback.ping', 'blocked', 1 + n % 500, " . $pdo->quote( XS_UA ) . ', 0 FROM s' );
		return;
	}
	$wpdb->query( $cols . 'SELECT ' . $oldest_bucket . " + 60 * (seq DIV 1000), CONCAT('100.', 64 + seq DIV 65536, '.', (seq DIV 256) % 256, '.', seq % 256), "
		. "CONCAT('100.', 64 + seq DIV 65536, '.', (seq DIV 256) % 256, '.0/24'), 'pingback.ping', 'blocked', 1 + seq % 500, " . $wpdb->prepare( '%s', XS_UA ) . ', 0 FROM seq_0_to_' . ( $rows - 1 ) );
}

/** Runs the ingest (as cron does, with pruning) and returns its figures. */
function xs_ingest(): array {
	XsQueries::reset();
	$start  = microtime( true );
	$report = Scheduler::ingest_and_prune();
	$ms     = ( microtime( true ) - $start ) * 1000;
	return array( 'ms' => round( $ms, 1 ), 'hits' => (int) $report['lines'], 'ok' => (bool) $report['ok'] ) + XsQueries::get();
}

$out = array( 'db' => xs_is_sqlite() ? 'sqlite' : 'mariadb' );
Paths::ensure_data_dir();
$spool = Ingester::site_spool();

foreach ( $xs_steps as $step ) {
	switch ( $step ) {
		case 'line':
			$out['line_bytes'] = array(
				'ipv4_one_hit_no_ua'      => strlen( Spool::format_line( time(), '203.0.113.17', 'pingback.ping', 'blocked', '' ) ),
				'ipv4_one_hit_browser_ua' => strlen( Spool::format_line( time(), '203.0.113.17', 'pingback.ping', 'blocked', XS_UA ) ),
				'ipv6_one_hit_browser_ua' => strlen( Spool::format_line( time(), '2001:db8:1234:5678:9abc:def0:1234:5678', 'pingback.ping', 'blocked', XS_UA ) ),
				'ipv4_counter_browser_ua' => strlen( Spool::format_line( time(), '203.0.113.17', 'pingback.ping', 'blocked', XS_UA, 12345 ) ),
				'longest'                 => strlen( Spool::format_line( time(), str_repeat( 'f', 45 ), str_repeat( 'm', 64 ), 'login_fail', str_repeat( 'u', 300 ), 999999999 ) ),
				'user_agent_bytes'        => strlen( XS_UA ),
			);
			break;

		case 'apcu':
			apcu_clear_cache();
			$counter = new ApcuCounter( $spool );
			$minute  = time() - ( time() % 60 );
			$n       = ApcuCounter::MAX_KEYS_PER_MINUTE;
			$sma0    = apcu_sma_info( true );
			$start   = microtime( true );
			for ( $i = 0; $i < $n; $i++ ) {
				$counter->add( $minute + 1, xs_ip( $i, $n, 1 ), 'pingback.ping', 'blocked', XS_UA );
			}
			$new_us = ( microtime( true ) - $start ) * 1e6 / $n;
			$sma1   = apcu_sma_info( true );
			$start  = microtime( true );
			$hits   = 20000;
			for ( $i = 0; $i < $hits; $i++ ) {
				$counter->add( $minute + 2, xs_ip( $i % 100, $n, 1 ), 'pingback.ping', 'blocked', XS_UA );
			}
			$inc_us = ( microtime( true ) - $start ) * 1e6 / $hits;
			$foot   = $counter->footprint();
			// Past the cap a new counter is refused and the hit goes to the spool file.
			$refused = ! $counter->add( $minute + 3, '198.51.100.250', 'pingback.ping', 'blocked', XS_UA );
			$out['apcu'] = array(
				'counters'                => $n,
				'entries'                 => $foot['entries'],
				'entry_bytes_total'       => $foot['bytes'],
				'bytes_per_counter'       => round( $foot['bytes'] / $n, 1 ),
				'shm_bytes_per_counter'   => round( ( $sma0['avail_mem'] - $sma1['avail_mem'] ) / $n, 1 ),
				'us_per_hit_new_counter'  => round( $new_us, 2 ),
				'us_per_hit_existing'     => round( $inc_us, 2 ),
				'cap_refuses_new_counter' => $refused,
			);
			apcu_clear_cache();
			break;

		case 'append':
			xs_empty_table();
			$n     = 10000;
			$start = microtime( true );
			for ( $i = 0; $i < $n; $i++ ) {
				$spool->append( time(), xs_ip( $i, 100, 1 ), 'pingback.ping', 'blocked', XS_UA );
			}
			$us = ( microtime( true ) - $start ) * 1e6 / $n;
			clearstatcache();
			$out['append'] = array(
				'lines'         => $n,
				'us_per_append' => round( $us, 2 ),
				'bytes_per_line' => round( filesize( $spool->path() ) / $n, 1 ),
			);
			xs_empty_table();
			break;

		case 'flood':
			// One minute's flood of 10,000 hits, spread over the sources, counted as the gates count
			// it (RequestGate::record(): APCu when it takes the hit, else one spool line).
			$out['flood'] = array();
			foreach ( array( array( 1, 1 ), array( 10, 1 ), array( 100, 1 ), array( 1000, 1 ), array( 10, 250 ), array( 40, 250 ) ) as list( $networks, $per ) ) {
				xs_empty_table();
				$counter = new ApcuCounter( $spool );
				$minute  = time() - ( time() % 60 ) - 180; // settled: flush takes and deletes it all
				$hits    = 10000;
				$lines   = 0;
				for ( $i = 0; $i < $hits; $i++ ) {
					if ( ! $counter->add( $minute + 5, xs_ip( $i, $networks, $per ), 'pingback.ping', 'blocked', XS_UA ) ) {
						$spool->append( $minute + 5, xs_ip( $i, $networks, $per ), 'pingback.ping', 'blocked', XS_UA );
						++$lines;
					}
				}
				$peak = $counter->footprint();
				clearstatcache();
				$direct_bytes = file_exists( $spool->path() ) ? filesize( $spool->path() ) : 0;
				$flushed      = $counter->flush();
				clearstatcache();
				$spool_bytes = filesize( $spool->path() );
				$ingest      = xs_ingest();
				$out['flood'][] = array(
					'networks'        => $networks,
					'per_network'     => $per,
					'addresses'       => $networks * $per,
					'hits'            => $hits,
					'apcu_counters'   => $flushed['counters'],
					'apcu_entries'    => $peak['entries'],
					'apcu_bytes'      => $peak['bytes'],
					'spool_lines'     => $lines + $flushed['counters'],
					'spool_bytes'     => $spool_bytes,
					'direct_lines'    => $lines,
					'direct_bytes'    => $direct_bytes,
					'rows'            => xs_rows(),
					'ingest'          => $ingest,
				);
			}
			xs_empty_table();
			break;

		case 'ingest':
			// No APCu: every hit is a spool line. Rows follow distinct addresses, time follows lines.
			$out['ingest'] = array();
			foreach ( array( 1, 100, 10000 ) as $addresses ) {
				xs_empty_table();
				$minute = time() - ( time() % 60 ) - 180;
				$lines  = array();
				for ( $i = 0; $i < 10000; $i++ ) {
					$lines[] = Spool::format_line( $minute + ( $i % 60 ), xs_ip( $i, max( 1, intdiv( $addresses, 250 ) ), min( $addresses, 250 ) ), 'pingback.ping', 'blocked', XS_UA );
				}
				$spool->append_lines( $lines );
				$ingest             = xs_ingest();
				$ingest['addresses'] = $addresses;
				$ingest['lines']    = 10000;
				$ingest['rows']     = xs_rows();
				$out['ingest'][]    = $ingest;
			}
			xs_empty_table();
			break;

		case 'bytes':
			xs_empty_table();
			if ( xs_is_sqlite() ) {
				( new PDO( 'sqlite:' . DB_DIR . DB_FILE ) )->exec( 'VACUUM' );
			}
			$before = xs_db_bytes();
			xs_fill( 100000, time() - ( time() % 60 ) - 86400 );
			$out['bytes'] = array(
				'rows'             => xs_rows(),
				'user_agent_bytes' => strlen( XS_UA ),
				'bytes_added'      => xs_db_bytes() - $before,
			);
			$out['bytes']['bytes_per_row'] = round( $out['bytes']['bytes_added'] / max( 1, $out['bytes']['rows'] ), 1 );
			xs_empty_table();
			break;

		case 'idle':
			// Nothing spooled, no counter: what one minutely run of the plugin's cron handler costs
			// (ingest + prune; the CrowdSec push is off). WP-Cron's own bookkeeping comes on top.
			xs_empty_table();
			Scheduler::ingest_and_prune(); // warm
			$runs = array();
			for ( $i = 0; $i < 5; $i++ ) {
				$runs[] = xs_ingest();
			}
			usort( $runs, static fn( $a, $b ) => $a['ms'] <=> $b['ms'] );
			$out['idle'] = $runs[2];
			break;

		case 'prune':
		case 'prune1m':
			// A table at its row cap takes 10,000 new rows from 10,000 addresses: the ingest writes
			// them and the prune deletes the oldest 10,000. 'prune' at the default cap (100,000),
			// 'prune1m' at 1,000,000 (the cap may go to 10,000,000).
			$cap = 'prune' === $step ? \XmlrpcShield\Settings::row_cap() : 1000000;
			add_filter( 'pre_option_' . \XmlrpcShield\Settings::ROW_CAP, static fn() => $cap );
			xs_empty_table();
			xs_fill( $cap, time() - ( time() % 60 ) - 86400 * 2 );
			$idle_full = xs_ingest();
			$minute    = time() - ( time() % 60 ) - 180;
			$lines     = array();
			for ( $i = 0; $i < 10000; $i++ ) {
				$lines[] = Spool::format_line( $minute, xs_ip( $i, 40, 250 ), 'pingback.ping', 'blocked', XS_UA );
			}
			$spool->append_lines( $lines );
			XsQueries::reset();
			$start  = microtime( true );
			$report = Scheduler::ingest_and_prune();
			$ms     = ( microtime( true ) - $start ) * 1000;
			$out[ $step ] = array(
				'cap'             => $cap,
				'idle_run_at_cap' => $idle_full,
				'new_rows'        => 10000,
				'ms'              => round( $ms, 1 ),
				'pruned'          => (int) $report['pruned'],
				'rows_after'      => xs_rows(),
			) + XsQueries::get();
			remove_all_filters( 'pre_option_' . \XmlrpcShield\Settings::ROW_CAP );
			xs_empty_table();
			break;

		case 'suggest':
			xs_empty_table();
			$cap = \XmlrpcShield\Settings::row_cap();
			// 1,000 rows a minute, the newest 60 minutes inside the push's window.
			xs_fill( $cap, time() - ( time() % 60 ) - 60 * ( intdiv( $cap, 1000 ) - 1 ) );
			list( $from, $to ) = \XmlrpcShield\Log\HitQuery::window( \XmlrpcShield\CrowdSec\Pusher::WINDOW, time() + 60 );
			$times = array();
			for ( $i = 0; $i < 3; $i++ ) {
				XsQueries::reset();
				$start   = microtime( true );
				\XmlrpcShield\Rules\BlockSuggester::suggest( $from, $to, 1, \XmlrpcShield\CrowdSec\Pusher::MAX_NETWORKS );
				$times[] = round( ( microtime( true ) - $start ) * 1000, 1 );
			}
			sort( $times );
			global $wpdb;
			$out['suggest'] = array(
				'rows'        => xs_rows(),
				'rows_in_window' => (int) $wpdb->get_var( $wpdb->prepare( 'SELECT COUNT(*) FROM ' . HitTable::name() . ' WHERE bucket >= %d AND bucket < %d', $from, $to ) ),
				'ms'          => $times[1],
			) + XsQueries::get();
			xs_empty_table();
			break;

		case 'lapi':
			$client = new \XmlrpcShield\CrowdSec\LapiClient( (string) getenv( 'XS_LAPI_URL' ), (string) getenv( 'XS_LAPI_MACHINE' ), (string) getenv( 'XS_LAPI_PASSWORD' ) );
			$start  = microtime( true );
			$token  = $client->login();
			$login  = ( microtime( true ) - $start ) * 1000;
			if ( ! is_string( $token ) ) {
				$out['lapi'] = array( 'error' => $token->get_error_message() );
				break;
			}
			$batches = array();
			$seed    = wp_rand( 0, 200 );
			for ( $b = 0; $b < 5; $b++ ) {
				$networks = array();
				for ( $i = 0; $i < \XmlrpcShield\CrowdSec\Pusher::BATCH; $i++ ) {
					$k          = $b * \XmlrpcShield\CrowdSec\Pusher::BATCH + $i;
					$networks[] = array(
						'cidr'      => sprintf( '45.%d.%d.0/24', 10 + ( $seed + intdiv( $k, 256 ) ) % 200, $k % 256 ),
						'hits'      => 5000,
						'addresses' => 20,
						'last_seen' => time(),
					);
				}
				$alerts    = \XmlrpcShield\CrowdSec\Alerts::build( $networks, 4, 3600, time(), home_url( '/' ) );
				$start     = microtime( true );
				$sent      = $client->add_alerts( $token, $alerts );
				$batches[] = array(
					'ms'    => round( ( microtime( true ) - $start ) * 1000, 1 ),
					'ok'    => true === $sent ? true : $sent->get_error_message(),
					'bytes' => strlen( (string) wp_json_encode( $alerts ) ),
				);
			}
			$ms = array_column( $batches, 'ms' );
			sort( $ms );
			$out['lapi'] = array(
				'login_ms'          => round( $login, 1 ),
				'networks_per_batch' => \XmlrpcShield\CrowdSec\Pusher::BATCH,
				'batches'           => $batches,
				'batch_ms_median'   => $ms[2],
				'batch_bytes'       => $batches[0]['bytes'],
				'all_ok'            => array( true ) === array_values( array_unique( array_column( $batches, 'ok' ), SORT_REGULAR ) ),
			);
			break;

		case 'activate':
			HitTable::drop();
			\XmlrpcShield\Lockout\LockoutTable::drop();
			delete_option( \XmlrpcShield\Settings::DB_VERSION );
			XsQueries::reset();
			$start = microtime( true );
			\XmlrpcShield\Lifecycle\Activation::activate_site();
			$out['activate'] = array( 'ms' => round( ( microtime( true ) - $start ) * 1000, 1 ) ) + XsQueries::get();
			break;

		case 'cron':
			// Core's wp-cron.php as a system cron or a spawned request runs it, with only our
			// minutely event due (the daily core events would call wordpress.org). It ends in
			// die(): the figures are printed at shutdown.
			xs_empty_table();
			// Our event due now, as it is once a minute.
			wp_clear_scheduled_hook( Scheduler::INGEST_HOOK );
			wp_schedule_event( time() - 1, Scheduler::SCHEDULE, Scheduler::INGEST_HOOK );
			$crons = _get_cron_array();
			$ready = array();
			foreach ( $crons as $timestamp => $hooks ) {
				if ( isset( $hooks[ Scheduler::INGEST_HOOK ] ) ) {
					$ready[ $timestamp ] = array( Scheduler::INGEST_HOOK => $hooks[ Scheduler::INGEST_HOOK ] );
				}
			}
			add_filter( 'pre_get_ready_cron_jobs', static fn() => $ready );
			delete_transient( 'doing_cron' );
			XsQueries::reset();
			$GLOBALS['xs_cron_start'] = microtime( true );
			register_shutdown_function(
				static function () use ( &$out ) {
					$out['cron'] = array( 'ms' => round( ( microtime( true ) - $GLOBALS['xs_cron_start'] ) * 1000, 1 ), 'events' => count( $GLOBALS['xs_cron_ready'] ) ) + XsQueries::get();
					echo json_encode( $out ), "\n";
				}
			);
			$GLOBALS['xs_cron_ready'] = $ready;
			chdir( ABSPATH );
			require ABSPATH . 'wp-cron.php';
			break;
	}
}
echo json_encode( $out ), "\n";
