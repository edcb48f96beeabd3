<?php
/**
 * Joins the rounds of bench/per-unit.sh into bench/results/per-unit.{json,md}: every figure as
 * the median of its rounds with the range beside it.
 *
 *
 * @package XmlrpcShield
 */

// phpcs:disable
require __DIR__ . '/figures.php';

const PER_UNIT_USAGE = <<<'USAGE'
  php bench/lib/per-unit-report.php --rounds=N --load-before=LOADAVG --load-after=LOADAVG
      --source=DB=FILE.jsonl [--source=DB=FILE.jsonl ...] [--out=DIR]
  --source: one database's rounds, a JSON line each (bench/lib/per-unit.php's output);
  --out: where to write (default bench/results).
USAGE;

$opt = bench_options(
	array_slice( $argv, 1 ),
	array(
		'rounds'      => null,
		'load-before' => null,
		'load-after'  => null,
		'source'      => array(),
		'out'         => dirname( __DIR__ ) . '/results',
	),
	PER_UNIT_USAGE
);
$out_dir     = $opt['out'];
$rounds      = $opt['rounds'];
$load_before = $opt['load-before'];
$load_after  = $opt['load-after'];
if ( ! is_dir( $out_dir ) && ! mkdir( $out_dir, 0777, true ) ) {
	bench_usage_error( "--out: cannot make {$out_dir}", PER_UNIT_USAGE );
}
$sources = array();
foreach ( $opt['source'] as $arg ) {
	if ( false === strpos( $arg, '=' ) || ! is_readable( explode( '=', $arg, 2 )[1] ) ) {
		bench_usage_error( "--source={$arg}: not DB=FILE with a readable FILE", PER_UNIT_USAGE );
	}
	list( $db, $file ) = explode( '=', $arg, 2 );
	$sources[ $db ]    = array_values( array_filter( array_map( static fn( $l ) => json_decode( $l, true ), file( $file, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES ) ) ) );
}

/** Median of numbers. */
function median( array $values ) {
	sort( $values );
	$n = count( $values );
	$m = $n % 2 ? $values[ intdiv( $n, 2 ) ] : ( $values[ $n / 2 - 1 ] + $values[ $n / 2 ] ) / 2;
	return is_float( $m ) ? round( $m, 2 ) : $m;
}

/** Rounds joined: numbers become {median, min, max, rounds}; the rest stays when all agree. */
function join_rounds( array $values ) {
	$values = array_values( array_filter( $values, static fn( $v ) => null !== $v ) );
	if ( array() === $values ) {
		return null;
	}
	if ( count( array_filter( $values, static fn( $v ) => is_int( $v ) || is_float( $v ) ) ) === count( $values ) && ! is_bool( $values[0] ) ) {
		if ( min( $values ) === max( $values ) ) {
			return $values[0];
		}
		return array( 'median' => median( $values ), 'min' => min( $values ), 'max' => max( $values ), 'rounds' => $values );
	}
	if ( is_array( $values[0] ) ) {
		$keys = array();
		foreach ( $values as $value ) {
			$keys += array_flip( array_keys( $value ) );
		}
		$out = array();
		foreach ( array_keys( $keys ) as $key ) {
			$out[ $key ] = join_rounds( array_map( static fn( $v ) => $v[ $key ] ?? null, $values ) );
		}
		return $out;
	}
	return count( array_unique( array_map( 'json_encode', $values ) ) ) === 1 ? $values[0] : $values;
}

$results = array();
foreach ( $sources as $db => $rows ) {
	$results[ $db ] = join_rounds( $rows );
	unset( $results[ $db ]['db'] );
}

/** The median of a joined figure (or the figure itself). */
function m( $figure ) {
	return is_array( $figure ) && array_key_exists( 'median', $figure ) ? $figure['median'] : $figure;
}

/** A figure for the Markdown: median, and the range when rounds differ. */
function f( $figure, int $decimals = 0 ): string {
	$fmt = static fn( $v ) => is_numeric( $v ) ? number_format( (float) $v, $decimals, '.', ',' ) : (string) $v;
	if ( null === $figure ) {
		return '—';
	}
	if ( is_array( $figure ) && array_key_exists( 'median', $figure ) ) {
		return $fmt( $figure['median'] ) . ' (' . $fmt( $figure['min'] ) . '–' . $fmt( $figure['max'] ) . ')';
	}
	return is_bool( $figure ) ? ( $figure ? 'yes' : 'no' ) : $fmt( $figure );
}

/**
 * Markdown lines of a table: each row's own cells ($cells), then for each database its ingest's
 * ms and queries / writes ($ingest( $db, $row_index ) gives them), then a blank line.
 */
function ingest_table( string $head, string $sep, string $ms_label, array $rows, callable $cells, callable $ingest, array $dbs ): array {
	foreach ( $dbs as $db ) {
		$head .= " {$ms_label} ({$db}) | queries / writes ({$db}) |";
		$sep  .= '---:|---:|';
	}
	$md = array( $head, $sep );
	foreach ( $rows as $i => $row ) {
		$line = $cells( $row );
		foreach ( $dbs as $db ) {
			$r     = $ingest( $db, $i );
			$line .= ' ' . f( $r['ms'] ) . ' | ' . f( $r['queries'] ) . ' / ' . f( $r['writes'] ) . ' |';
		}
		$md[] = $line;
	}
	$md[] = '';
	return $md;
}

$machine = array(
	'date'      => gmdate( 'Y-m-d H:i' ) . ' UTC',
	'cpus'      => (int) trim( (string) shell_exec( 'nproc' ) ),
	'php'       => PHP_VERSION,
	'mariadb'   => trim( (string) shell_exec( 'mariadbd --version 2>/dev/null | grep -o "[0-9]*\.[0-9]*\.[0-9]*-MariaDB" | head -1' ) ),
	'wordpress' => '7.1.0',
);
$method = 'bench/per-unit.sh: bench/lib/per-unit.php run from the CLI (apc.enable_cli=1) inside a real WordPress site per database (SQLite through the SQLite integration, MariaDB with a 64 MB buffer pool), '
	. $rounds . ' rounds, one process per round and database; a CrowdSec Local API 1.4 on loopback for the push. Figures are medians over the rounds with (min–max). '
	. 'CPU-bound figures come from a 2-core machine shared with other jobs: read them as orders of magnitude and compare within a run.';
$json = array(
	'machine'      => $machine,
	'method'       => $method,
	'rounds'       => (int) $rounds,
	'load_average' => array( 'before' => $load_before, 'after' => $load_after ),
	'results'      => $results,
);
file_put_contents( "$out_dir/per-unit.json", json_encode( $json, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES ) . "\n" );

$dbs = array_keys( $results );
$md  = array();
$md[] = '# Per-unit costs of the log pipeline';
$md[] = '';
$md[] = sprintf( '%s, %d CPUs, PHP %s, WordPress %s, %s. %s Load average before/after: %s / %s.', $machine['date'], $machine['cpus'], $machine['php'], $machine['wordpress'], $machine['mariadb'] ?: 'MariaDB', $method, $load_before, $load_after );
$md[] = '';
$md[] = 'These are the per-unit figures `docs/SCALE.md` multiplies out. Raw rounds: `per-unit.json`.';
$md[] = '';
$first = $results[ $dbs[0] ];

$md[] = '## Per hit, on the web node';
$md[] = '';
$md[] = '| figure | value |';
$md[] = '|---|---:|';
$md[] = '| APCu: µs per hit making a new counter (CLI) | ' . f( $first['apcu']['us_per_hit_new_counter'] ?? null, 2 ) . ' |';
$md[] = '| APCu: µs per hit on an existing counter (CLI) | ' . f( $first['apcu']['us_per_hit_existing'] ?? null, 2 ) . ' |';
$md[] = '| APCu: bytes per counter (counter + its user-agent entry, `mem_size`) | ' . f( $first['apcu']['bytes_per_counter'] ?? null ) . ' |';
$md[] = '| APCu: shared memory taken per counter (`apcu_sma_info`) | ' . f( $first['apcu']['shm_bytes_per_counter'] ?? null ) . ' |';
$md[] = '| APCu: a new counter past ' . number_format( 2000 ) . ' in a minute goes to the spool | ' . f( $first['apcu']['cap_refuses_new_counter'] ?? null ) . ' |';
$md[] = '| spool: µs per one-hit append (no APCu) | ' . f( $first['append']['us_per_append'] ?? null, 1 ) . ' |';
$md[] = '| spool line, IPv4, no user agent (bytes) | ' . f( $first['line_bytes']['ipv4_one_hit_no_ua'] ?? null ) . ' |';
$md[] = '| spool line, IPv4, ' . ( $first['line_bytes']['user_agent_bytes'] ?? '' ) . '-byte browser user agent | ' . f( $first['line_bytes']['ipv4_one_hit_browser_ua'] ?? null ) . ' |';
$md[] = '| spool line, IPv6, same user agent | ' . f( $first['line_bytes']['ipv6_one_hit_browser_ua'] ?? null ) . ' |';
$md[] = '| spool line of an APCu counter (count field added) | ' . f( $first['line_bytes']['ipv4_counter_browser_ua'] ?? null ) . ' |';
$md[] = '| longest possible spool line | ' . f( $first['line_bytes']['longest'] ?? null ) . ' |';
$md[] = '';

$md[] = '## One minute of flood: 10,000 hits, counted as the gate counts them, then one cron run';
$md[] = '';
$md[] = 'Sources: N /24 networks × k addresses each. APCu takes a hit while the minute has fewer than 2,000 counters; past that a new (address, method, outcome) goes to the spool as one line per hit. Ingest = `Scheduler::ingest_and_prune()` (claim, upserts, prune), queries and writes counted through `$wpdb`.';
$md[] = '';
$md = array_merge(
	$md,
	ingest_table(
		'| networks × addresses | APCu counters | APCu bytes | spool lines | spool bytes | rows |',
		'|---|---:|---:|---:|---:|---:|',
		'ingest ms',
		(array) ( $first['flood'] ?? array() ),
		static fn( $row ) => sprintf( '| %d × %d = %s | %s | %s | %s | %s | %s |', $row['networks'], $row['per_network'], number_format( $row['addresses'] ), f( $row['apcu_counters'] ), f( $row['apcu_bytes'] ), f( $row['spool_lines'] ), f( $row['spool_bytes'] ), f( $row['rows'] ) ),
		static fn( $db, $i ) => $results[ $db ]['flood'][ $i ]['ingest'],
		$dbs
	)
);

$md[] = '## Ingest per 10,000 spooled one-hit lines (no APCu), by distinct addresses';
$md[] = '';
$md = array_merge(
	$md,
	ingest_table(
		'| addresses | rows |',
		'|---:|---:|',
		'ms',
		(array) ( $first['ingest'] ?? array() ),
		static fn( $row ) => sprintf( '| %s | %s |', number_format( $row['addresses'] ), f( $row['rows'] ) ),
		static fn( $db, $i ) => $results[ $db ]['ingest'][ $i ],
		$dbs
	)
);

$md[] = '## The table, the minutely run and the push';
$md[] = '';
$md[] = '| figure | ' . implode( ' | ', $dbs ) . ' |';
$md[] = '|---|' . str_repeat( '---:|', count( $dbs ) );
$rows = array(
	array( 'bytes per row (' . ( $first['bytes']['user_agent_bytes'] ?? '' ) . '-byte user agent; MariaDB data + indexes, SQLite file growth; 100,000 rows)', static fn( $r ) => f( $r['bytes']['bytes_per_row'] ?? null ) ),
	array( 'idle minutely run, plugin part (ingest + prune, nothing spooled): ms', static fn( $r ) => f( $r['idle']['ms'] ?? null, 1 ) ),
	array( 'idle minutely run, plugin part: queries / writes', static fn( $r ) => f( $r['idle']['queries'] ?? null ) . ' / ' . f( $r['idle']['writes'] ?? null ) ),
	array( 'whole WP-Cron run of our event (core\'s wp-cron.php, nothing spooled, push off): ms', static fn( $r ) => f( $r['cron']['ms'] ?? null, 1 ) ),
	array( 'whole WP-Cron run of our event: queries / writes', static fn( $r ) => f( $r['cron']['queries'] ?? null ) . ' / ' . f( $r['cron']['writes'] ?? null ) ),
	array( 'idle minutely run on a table at the default cap (100,000 rows): ms', static fn( $r ) => f( $r['prune']['idle_run_at_cap']['ms'] ?? null, 1 ) ),
	array( '10,000 new rows into a table at 100,000 (ingest + prune of 10,000): ms', static fn( $r ) => f( $r['prune']['ms'] ?? null ) ),
	array( 'same: queries / writes', static fn( $r ) => f( $r['prune']['queries'] ?? null ) . ' / ' . f( $r['prune']['writes'] ?? null ) ),
	array( 'idle minutely run on a table at 1,000,000 rows: ms', static fn( $r ) => f( $r['prune1m']['idle_run_at_cap']['ms'] ?? null, 1 ) ),
	array( '10,000 new rows into a table at 1,000,000: ms', static fn( $r ) => f( $r['prune1m']['ms'] ?? null ) ),
	array( 'one site\'s set-up at activation (tables created, defaults, cron event; repeated per site by a network-wide activation): ms', static fn( $r ) => f( $r['activate']['ms'] ?? null, 1 ) ),
	array( 'same: queries / writes (CREATE TABLE counts as a query, not a write)', static fn( $r ) => f( $r['activate']['queries'] ?? null ) . ' / ' . f( $r['activate']['writes'] ?? null ) ),
	array( 'blocklist query of the CrowdSec push (last hour, ' . number_format( (float) m( $first['suggest']['rows_in_window'] ?? 0 ) ) . ' rows in it): ms', static fn( $r ) => f( $r['suggest']['ms'] ?? null, 1 ) ),
);
foreach ( $rows as list( $label, $get ) ) {
	$md[] = '| ' . $label . ' | ' . implode( ' | ', array_map( $get, $results ) ) . ' |';
}
$md[] = '';
foreach ( $results as $db => $r ) {
	if ( empty( $r['lapi'] ) ) {
		continue;
	}
	$l    = $r['lapi'];
	$md[] = '**CrowdSec Local API push** (measured from the ' . $db . ' site; the LAPI keeps its own SQLite database): login ' . f( $l['login_ms'] ?? null ) . ' ms; one batch of ' . f( $l['networks_per_batch'] ?? null ) . ' networks (one `POST /v1/alerts`, ' . f( $l['batch_bytes'] ?? null ) . ' bytes of JSON) ' . f( $l['batch_ms_median'] ?? null ) . ' ms; the five batches of one 500-network run, in order: '
		. implode( ', ', array_map( static fn( $b ) => f( $b['ms'] ?? null ), (array) ( $l['batches'] ?? array() ) ) ) . ' ms. All accepted: ' . f( $l['all_ok'] ?? null ) . '.';
	$md[] = '';
}
file_put_contents( "$out_dir/per-unit.md", implode( "\n", $md ) . "\n" );
echo "wrote $out_dir/per-unit.json and $out_dir/per-unit.md\n";
