<?php
/**
 * Turns a bench run's raw rows (bench/work/*.tsv, one rung a line) into OUT/<kind>-<db>.json,
 * .md and, for the ladder, a PNG chart. Run by bench/run.sh (ladder) and bench/soak.sh (soak).
 *
 * @package XmlrpcShield
 */

// phpcs:disable
require __DIR__ . '/figures.php';

const REPORT_USAGE = <<<'USAGE'
  php bench/lib/report.php ladder --db=sqlite|mysql|mariadb --tsv=FILE --duration=SECONDS --concurrency=N
      --load-before=LOADAVG --load-after=LOADAVG --logged-l2=JSON --logged-l3=JSON --growth=JSON --table=JSON
      [--out=DIR]
  php bench/lib/report.php soak --db=sqlite|mysql|mariadb --tsv=FILE --seconds=SECONDS --flood-clients=N
      --load-before=LOADAVG --load-after=LOADAVG [--cap-note=TEXT] [--out=DIR]
  --logged-l2/--logged-l3: what `wpdo ingest` printed after that rung; --growth: `wpdo growth`;
  --table: `wpdo table`; --out: where to write (default bench/results).
USAGE;

// Options both kinds take (null: required), then each kind's own.
$common = array(
	'db'          => null,
	'tsv'         => null,
	'load-before' => null,
	'load-after'  => null,
	'out'         => dirname( __DIR__ ) . '/results',
);
$kind   = $argv[1] ?? '';
$own    = array(
	'ladder' => array(
		'duration'    => null,
		'concurrency' => null,
		'logged-l2'   => null,
		'logged-l3'   => null,
		'growth'      => null,
		'table'       => null,
	),
	'soak'   => array(
		'seconds'       => null,
		'flood-clients' => null,
		'cap-note'      => 'no memory cap',
	),
);
if ( ! isset( $own[ $kind ] ) ) {
	bench_usage_error( 'the first word is ladder or soak', REPORT_USAGE );
}
$opt = bench_options( array_slice( $argv, 2 ), $common + $own[ $kind ], REPORT_USAGE );
if ( ! is_readable( $opt['tsv'] ) ) {
	bench_usage_error( "--tsv: cannot read {$opt['tsv']}", REPORT_USAGE );
}
if ( ! is_dir( $opt['out'] ) && ! mkdir( $opt['out'], 0777, true ) ) {
	bench_usage_error( "--out: cannot make {$opt['out']}", REPORT_USAGE );
}
$db          = 'mysql' === $opt['db'] ? 'mariadb' : $opt['db'];
$rows        = array_map( static fn( $line ) => explode( "\t", $line ), array_filter( explode( "\n", (string) file_get_contents( $opt['tsv'] ) ) ) );
$results     = $opt['out'];
$load_before = $opt['load-before'];
$load_after  = $opt['load-after'];
$machine     = bench_machine( $db );
$ms          = static fn( $seconds ) => '' === $seconds ? null : round( 1000 * (float) $seconds, 1 );

if ( 'ladder' === $kind ) {
	$duration    = $opt['duration'];
	$concurrency = $opt['concurrency'];
	$logged      = $opt['logged-l2'];
	$logged_l3   = $opt['logged-l3'];
	$growth      = $opt['growth'];
	$table       = $opt['table'];
	// A rung measured in several rounds (10th column) keeps the median of each timing and of
	// its server CPU, the highest memory, the status codes of all rounds, and each round's rate.
	$grouped = array();
	foreach ( $rows as $row ) {
		$grouped[ $row[0] ][] = array_pad( $row, 10, '' );
	}
	$rows        = array();
	$round_rates = array();
	foreach ( $grouped as $rung => $runs ) {
		$column = static fn( $i ) => array_column( $runs, $i );
		$counts = array();
		foreach ( $column( 5 ) as $codes ) {
			foreach ( array_filter( explode( ',', $codes ) ) as $pair ) {
				list( $code, $count ) = array_pad( explode( ':', $pair, 2 ), 2, 0 );
				$counts[ $code ]      = ( $counts[ $code ] ?? 0 ) + (int) $count;
			}
		}
		$codes = implode( ',', array_map( static fn( $code, $count ) => "{$code}:{$count}", array_keys( $counts ), $counts ) );
		$cpu   = bench_median( $column( 8 ) );
		$rows[] = array( $rung, $runs[0][1], bench_median( $column( 2 ) ), bench_median( $column( 3 ) ), bench_median( $column( 4 ) ), $codes, max( $column( 6 ) ), max( $column( 7 ) ), null === $cpu ? '' : round( $cpu, 1 ) );
		$round_rates[ $rung ] = array_map( static fn( $rate ) => round( (float) $rate, 1 ), $column( 2 ) );
	}
	$rounds = max( array_map( 'count', $round_rates ) );
	// The last round's L3 answers, its 200 warm-up requests included, to set against its log.
	$l3_answered = '—';
	if ( isset( $grouped['L3'] ) ) {
		$last_l3     = $grouped['L3'][ count( $grouped['L3'] ) - 1 ];
		$l3_answered = 200 + (int) array_sum( array_map( static fn( $pair ) => (int) ( explode( ':', $pair . ':0' )[1] ), array_filter( explode( ',', $last_l3[5] ) ) ) );
	}
	$by   = array();
	foreach ( $rows as $row ) {
		$by[ $row[0] ] = $row;
	}
	$l0   = (float) $by['L0'][2];
	$l5   = (float) $by['L5'][2];
	$data = array();
	foreach ( $rows as $row ) {
		list( $rung, $label, $rps, $p50, $p99, $codes, $worker_kb, $total_kb, $cpu_us ) = array_pad( $row, 9, '' );
		$data[] = array(
			'rung'              => $rung,
			'label'             => $label,
			'requests_per_s'    => round( (float) $rps, 1 ),
			'p50_ms'            => $ms( $p50 ),
			'p99_ms'            => $ms( $p99 ),
			'status_codes'      => $codes,
			'peak_worker_rss_mb' => round( (int) $worker_kb / 1024, 1 ),
			'peak_total_rss_mb' => round( (int) $total_kb / 1024, 1 ),
			'server_cpu_us_per_request' => '' === $cpu_us ? null : (float) $cpu_us,
			'x_vs_L0'           => $l0 > 0 ? round( (float) $rps / $l0, 1 ) : null,
			'share_of_L5'       => $l5 > 0 ? round( (float) $rps / $l5, 3 ) : null,
			'requests_per_s_per_round' => $round_rates[ $rung ],
		);
	}
	$l2      = (float) $by['L2'][2];
	$l2n     = (float) $by['L2n'][2];
	$rate    = static fn( $rung ) => isset( $by[ $rung ] ) ? (float) $by[ $rung ][2] : 0.0;
	$ratio   = static fn( $a, $b ) => $rate( $b ) > 0 ? round( $rate( $a ) / $rate( $b ), 2 ) : null;
	// The issue's targets, each a ratio of two rungs measured in this same run.
	$targets = array(
		array( 'what' => 'block at plugin load vs stock (L2 / L0)', 'ratio' => $ratio( 'L2', 'L0' ), 'target' => 40, 'at_least' => true ),
		array( 'what' => 'block at plugin load vs bare must-use exit (L2 / M0)', 'ratio' => $ratio( 'L2', 'M0' ), 'target' => 0.8, 'at_least' => true ),
		array( 'what' => 'block at plugin load vs bare exit from the first regular plugin (L2 / R0)', 'ratio' => $ratio( 'L2', 'R0' ), 'target' => null, 'at_least' => true ),
		array( 'what' => 'early gate as must-use plugin vs bare must-use exit (L3m / M0)', 'ratio' => $ratio( 'L3m', 'M0' ), 'target' => null, 'at_least' => true ),
		array( 'what' => 'early gate vs Apache deny (L3 / L4)', 'ratio' => $ratio( 'L3', 'L4' ), 'target' => 0.7, 'at_least' => true ),
		array( 'what' => 'early gate vs bare auto_prepend_file exit (L3 / P0)', 'ratio' => $ratio( 'L3', 'P0' ), 'target' => null, 'at_least' => true ),
		array( 'what' => 'logging cost at L2 ((L2n - L2) / L2n)', 'ratio' => $l2n > 0 ? round( ( $l2n - $l2 ) / $l2n, 3 ) : null, 'target' => 0.2, 'at_least' => false ),
		array( 'what' => 'logging cost at L3 ((L3n - L3) / L3n)', 'ratio' => $rate( 'L3n' ) > 0 ? round( ( $rate( 'L3n' ) - $rate( 'L3' ) ) / $rate( 'L3n' ), 3 ) : null, 'target' => 0.2, 'at_least' => false ),
		array( 'what' => 'early gate, log off, vs Apache deny (L3n / L4)', 'ratio' => $ratio( 'L3n', 'L4' ), 'target' => null, 'at_least' => true ),
		// The same targets on nginx + PHP-FPM (F rungs), and each FPM rung against its Apache twin.
		array( 'what' => 'nginx + PHP-FPM: block at plugin load vs stock (F2 / F0)', 'ratio' => $ratio( 'F2', 'F0' ), 'target' => 40, 'at_least' => true ),
		array( 'what' => 'nginx + PHP-FPM: early gate via .user.ini vs nginx deny (F3 / F4)', 'ratio' => $ratio( 'F3', 'F4' ), 'target' => 0.7, 'at_least' => true ),
		array( 'what' => 'block at plugin load, nginx + PHP-FPM vs Apache (F2 / L2)', 'ratio' => $ratio( 'F2', 'L2' ), 'target' => null, 'at_least' => true ),
		array( 'what' => 'early gate, .user.ini on PHP-FPM vs .htaccess on Apache (F3 / L3)', 'ratio' => $ratio( 'F3', 'L3' ), 'target' => null, 'at_least' => true ),
		array( 'what' => 'nginx deny vs Apache deny (F4 / L4)', 'ratio' => $ratio( 'F4', 'L4' ), 'target' => null, 'at_least' => true ),
	);
	foreach ( $targets as &$t ) {
		$t['met'] = null === $t['target'] || null === $t['ratio'] ? null : ( $t['at_least'] ? $t['ratio'] >= $t['target'] : $t['ratio'] <= $t['target'] );
	}
	unset( $t );
	$report  = array(
		'machine'         => $machine,
		'method'          => sprintf( 'hey -z %ss -c %d -disable-keepalive, one rung after another on one Apache (prefork, MaxRequestWorkers 12, mod_php %s) and, for the F rungs, nginx %s + PHP-FPM %s (pm static, 12 workers, user_ini.cache_ttl 1 s) serving the same site, loopback only; pingback.ping body; server CPU from each server\'s own cgroup (nginx + PHP-FPM together for F); peak RSS sampled every 100 ms; the whole ladder run %d time(s), medians reported.', $duration, $concurrency, PHP_VERSION, $machine['nginx'], PHP_VERSION, $rounds ),
		'load_average'    => array( 'before' => $load_before, 'after' => $load_after ),
		'ladder'          => $data,
		'logging'         => array(
			'block_log_on_rps'  => round( $l2, 1 ),
			'block_log_off_rps' => round( $l2n, 1 ),
			'overhead_percent'  => $l2n > 0 ? round( 100 * ( $l2n - $l2 ) / $l2n, 1 ) : null,
			'hits_logged_in_L2' => json_decode( $logged, true )['hits'] ?? null,
			'hits_logged_in_L3' => json_decode( $logged_l3, true )['hits'] ?? null,
			'hit_store'         => 'web' === ( json_decode( $logged_l3, true )['counters'] ?? '' ) ? 'APCu counters, flushed to the spool once a minute' : 'one spool line per hit',
		),
		'targets'         => $targets,
		'log_growth'      => json_decode( $growth, true ),
		'table_after_run' => json_decode( $table, true ),
	);
	$base = "{$results}/ladder-{$db}";
	$json = json_encode( $report, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES ) . "\n";
	file_put_contents( "{$base}.json", $json );

	$md  = "# Cost ladder ({$db})\n\n";
	$md .= "{$machine['date']}, {$machine['cpus']} CPUs, PHP {$machine['php']}, Apache {$machine['apache']}, nginx {$machine['nginx']}. {$report['method']} Load average before/after: {$load_before} / {$load_after}.\n\n";
	$md .= "The load generator shares the CPUs with the servers, and the machine may run other work (see the load average): compare rungs within one run (the ratios below), not with another run's figures; server CPU per request is steadier than req/s.\n\n";
	if ( (float) $load_before > $machine['cpus'] ) {
		$md .= sprintf( "**This run shared the machine with other work** (load average %s before, on %d CPUs): every rung got a fraction of the CPUs, so absolute figures are low and the ratios noisier than on a quiet machine.\n\n", strtok( $load_before, ' ' ), $machine['cpus'] );
	}
	$md .= "| rung | what | req/s | req/s per round | p50 ms | p99 ms | × L0 | share of L5 | server CPU µs/request | peak RSS per worker MB | peak RSS total MB | status codes |\n|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|\n";
	foreach ( $data as $d ) {
		$md .= sprintf( "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $d['rung'], $d['label'], number_format( $d['requests_per_s'], 1 ), implode( ', ', array_map( static fn( $rate ) => number_format( $rate, 0 ), $d['requests_per_s_per_round'] ) ), $d['p50_ms'], $d['p99_ms'], $d['x_vs_L0'], $d['share_of_L5'], $d['server_cpu_us_per_request'] ?? '—', $d['peak_worker_rss_mb'], $d['peak_total_rss_mb'], $d['status_codes'] );
	}
	$md .= "\n| target (ratio of two rungs in this run) | measured | target | met |\n|---|---:|---:|---|\n";
	foreach ( $targets as $t ) {
		$md .= sprintf( "| %s | %s | %s | %s |\n", $t['what'], $t['ratio'] ?? '—', null === $t['target'] ? 'reference' : ( $t['at_least'] ? '≥ ' : '≤ ' ) . $t['target'], null === $t['met'] ? '—' : ( $t['met'] ? 'yes' : 'no' ) );
	}
	$g   = $report['log_growth'];
	$md .= sprintf( "\nLogging overhead at L2: %.1f req/s with the log, %.1f without (%s%% slower).\n", $l2, $l2n, $report['logging']['overhead_percent'] );
	$md .= sprintf( "\nHits were recorded as: %s. The last round's L3 logged %s hits (its warm-up and measured requests; responses: %s).\n", $report['logging']['hit_store'], $report['logging']['hits_logged_in_L3'] ?? '—', $l3_answered );
	$md .= sprintf( "\nLog growth: %s blocked hits from %s addresses in one minute → %s rows, %s bytes added to the database (spooling took %ss, ingest %ss).\n", number_format( $g['hits'] ), number_format( $g['addresses'] ), number_format( $g['rows'] ), number_format( $g['db_bytes_added'] ), $g['spool_seconds'], $g['ingest_seconds'] );
	$md .= "\n![ladder chart](ladder-{$db}.png)\n";
	file_put_contents( "{$base}.md", $md );

	// Chart: requests per second per rung, log scale (the ladder spans orders of magnitude).
	$dat = '';
	foreach ( $data as $d ) {
		// Apache's rungs red, nginx + PHP-FPM's (F) blue.
		$dat .= sprintf( "\"%s\" %s %d\n", $d['rung'], max( 0.1, $d['requests_per_s'] ), 'F' === $d['rung'][0] ? 0x1f6feb : 0xcc1818 );
	}
	file_put_contents( "{$base}.dat", $dat );
	$plot = "set terminal pngcairo size 1100,480 font 'DejaVu Sans,11'\nset output '{$base}.png'\nset title 'XML-RPC Shield cost ladder ({$db}): requests per second, log scale (red Apache, blue nginx + PHP-FPM)'\nset style fill solid 0.8\nset boxwidth 0.6\nset logscale y\nset grid ytics\nset ylabel 'req/s'\nset yrange [1:*]\nplot '{$base}.dat' using 0:2:3:xtic(1) with boxes lc rgb variable notitle, '' using 0:2:(sprintf('%.0f',\$2)) with labels offset 0,1 notitle\n";
	file_put_contents( "{$base}.gp", $plot );
	shell_exec( 'gnuplot ' . escapeshellarg( "{$base}.gp" ) . ' 2>&1' );
	unlink( "{$base}.gp" );
	unlink( "{$base}.dat" );
	echo $md;
	exit( 0 );
}

// Soak.
$seconds  = $opt['seconds'];
$clients  = $opt['flood-clients'];
$cap_note = $opt['cap-note'];
// Shares are taken against the no-flood baseline of the same round, then the median over
// rounds is reported (with two rounds, their mean).
$baselines = array();
foreach ( $rows as $row ) {
	$round = (int) ( $row[10] ?? 1 );
	if ( 'baseline' === $row[0] && ! isset( $baselines[ $round ] ) ) {
		$baselines[ $round ] = array( (float) $row[2], (float) $row[3] );
	}
}
$rounds = array();
$order  = array();
foreach ( $rows as $row ) {
	list( $name, $label, $rps, $p95, $vcodes, $frps, $fcodes, $worker_kb, $total_kb, $oom, $round ) = array_pad( $row, 11, '' );
	$round = '' === $round ? 1 : (int) $round;
	list( $base_rps, $base_p95 ) = $baselines[ $round ] ?? array( 0.0, 0.0 );
	$order[ $name ]    = $label;
	$rounds[ $name ][] = array(
		'round'                     => $round,
		'visitor_rps'               => round( (float) $rps, 1 ),
		'visitor_p95_ms'            => $ms( $p95 ),
		'visitor_share_of_no_flood' => $base_rps > 0 ? round( (float) $rps / $base_rps, 2 ) : null,
		'visitor_p95_vs_no_flood'   => $base_p95 > 0 ? round( (float) $p95 / $base_p95, 2 ) : null,
		'visitor_status_codes'      => $vcodes,
		'flood_rps_served'          => '' === $frps ? null : round( (float) $frps, 1 ),
		'flood_status_codes'        => $fcodes,
		'peak_worker_rss_mb'        => round( (int) $worker_kb / 1024, 1 ),
		'peak_total_mb'             => round( (int) $total_kb / 1024, 1 ),
		'oom_kills'                 => (int) $oom,
	);
}
$data = array();
foreach ( $order as $name => $label ) {
	$runs   = $rounds[ $name ];
	$col    = static fn( $key ) => array_column( $runs, $key );
	$round2 = static fn( $value ) => null === $value ? null : round( (float) $value, 2 );
	$data[] = array(
		'rung'                      => $name,
		'label'                     => $label,
		'visitor_rps'               => $round2( bench_median( $col( 'visitor_rps' ) ) ),
		'visitor_p95_ms'            => $round2( bench_median( $col( 'visitor_p95_ms' ) ) ),
		'visitor_share_of_no_flood' => $round2( bench_median( $col( 'visitor_share_of_no_flood' ) ) ),
		'visitor_p95_vs_no_flood'   => $round2( bench_median( $col( 'visitor_p95_vs_no_flood' ) ) ),
		'flood_rps_served'          => $round2( bench_median( $col( 'flood_rps_served' ) ) ),
		'flood_status_codes'        => implode( ' / ', array_filter( $col( 'flood_status_codes' ), 'strlen' ) ),
		'peak_worker_rss_mb'        => max( $col( 'peak_worker_rss_mb' ) ),
		'peak_total_mb'             => max( $col( 'peak_total_mb' ) ),
		'oom_kills'                 => array_sum( $col( 'oom_kills' ) ),
		'rounds'                    => $runs,
	);
}
$report = array(
	'machine'      => $machine,
	'method'       => sprintf( 'Apache prefork MaxRequestWorkers 12; flood: hey -z %ss -c %d -q 2 -disable-keepalive POST pingback.ping (%d req/s offered); visitor: hey -c 2 GET / for %ds; logging on; %s; worker RSS sampled every 100 ms; OOM kills counted from /proc/vmstat.', $seconds, $clients, 2 * $clients, $seconds - 4, $cap_note ),
	'targets'      => 'early gate >= 90% of no-flood visitor throughput with p95 <= 1.5x; plugin-load block >= 65%',
	'load_average' => array( 'before' => $load_before, 'after' => $load_after ),
	'rungs'        => $data,
);
$base = "{$results}/soak-{$db}";
$json = json_encode( $report, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES ) . "\n";
file_put_contents( "{$base}.json", $json );
$md  = "# Flood soak ({$db})\n\n{$machine['date']}, {$machine['cpus']} CPUs, PHP {$machine['php']}, Apache {$machine['apache']}. {$report['method']} Load average before/after: {$load_before} / {$load_after}.\n\nTargets: {$report['targets']}.\n\n";
$round_count = max( array_map( static fn( $d ) => count( $d['rounds'] ), $data ) );
$md        .= sprintf( "Medians over %d round(s); shares are against the same round's no-flood baseline.\n\n", $round_count );
$md        .= "| rung | visitor req/s | share of no-flood | share per round | visitor p95 ms | p95 vs no-flood | flood req/s served | flood status codes | peak RSS per worker MB | peak memory total MB | OOM kills |\n|---|---:|---:|---|---:|---:|---:|---|---:|---:|---:|\n";
foreach ( $data as $d ) {
	$shares = implode( ', ', array_map( static fn( $r ) => null === $r['visitor_share_of_no_flood'] ? '—' : (string) $r['visitor_share_of_no_flood'], $d['rounds'] ) );
	$md    .= sprintf( "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d |\n", $d['label'], $d['visitor_rps'], $d['visitor_share_of_no_flood'], $shares, $d['visitor_p95_ms'], $d['visitor_p95_vs_no_flood'], $d['flood_rps_served'] ?? '—', '' === $d['flood_status_codes'] ? '—' : $d['flood_status_codes'], $d['peak_worker_rss_mb'], $d['peak_total_mb'], $d['oom_kills'] );
}
file_put_contents( "{$base}.md", $md );
echo $md;
