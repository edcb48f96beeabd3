<?php
/**
 * Turns bench/first-minutes.sh's raw files (bench/work/fm-<variant>-*) into figures: `summary`
 * prints one line for a variant while the run goes on; `report` writes
 * OUT/first-minutes-<db>.{json,md,png} for all of them.
 *
 * @package XmlrpcShield
 */

// phpcs:disable
require __DIR__ . '/figures.php';

const FM_USAGE = <<<'USAGE'
  php bench/lib/first-minutes-report.php summary --work=DIR --variant=NAME
  php bench/lib/first-minutes-report.php report --work=DIR --db=sqlite|mysql|mariadb --variants=a,b,...
      --seconds=SECONDS --baseline=SECONDS --load-before=LOADAVG --load-after=LOADAVG
      [--plugin-ref=REF] [--out=DIR]
  --work: the run's raw files (bench/work); --out: where to write (default bench/results).
USAGE;

const WINDOW = 5;
/** From this many seconds after the flood's start the targets apply (issue #14: "within 60 s"). */
const TARGET_FROM = 60;
/** The visitor's share the plugin must keep, as a fraction of what the bare auto_prepend exit leaves. */
const TARGET_RATIO = 0.9;

$labels = array(
	'stock'    => 'stock WordPress (no plugin)',
	'prepend'  => 'bare auto_prepend_file exit (reference)',
	'block'    => 'plugin activated, block mode (defaults)',
	'pingback' => 'plugin activated, pingback mode (site uses the mobile app)',
	'late'     => 'plugin activated from the command line 10 s into the flood, block mode',
);
/** The variants with the plugin (their targets, their escalations). */
const PLUGIN_VARIANTS = array( 'block', 'pingback', 'late' );

/** Lines of a whitespace-separated file, as arrays. */
$read = static function ( string $file ): array {
	if ( ! is_readable( $file ) ) {
		return array();
	}
	return array_map( static fn( $line ) => preg_split( '/\s+/', trim( $line ) ), array_filter( explode( "\n", (string) file_get_contents( $file ) ), 'strlen' ) );
};

/**
 * Everything measured for one variant.
 *
 * @return array<string,mixed>
 */
$analyse = static function ( string $work, string $name ) use ( $read, $labels ): array {
	$meta = json_decode( (string) file_get_contents( "{$work}/fm-{$name}-meta.json" ), true );
	$t0   = (float) $meta['t0'];

	// The no-flood baseline: requests answered 200 per second, and their p95, before the
	// variant was set up and after the flood (once the server was quiet); shares use the mean.
	$baseline = static function ( string $file ) use ( $read ): ?array {
		$rows = $read( $file );
		if ( ! $rows ) {
			return null;
		}
		$ok  = array_filter( $rows, static fn( $r ) => 200 === (int) $r[2] );
		$end = max( array_map( static fn( $r ) => (float) $r[0], $rows ) );
		$p95 = bench_percentile( array_map( static fn( $r ) => (float) $r[1], $ok ), 0.95 );
		return array(
			'visitor_rps'    => $end > 0 ? round( count( $ok ) / $end, 2 ) : 0.0,
			'visitor_p95_ms' => null === $p95 ? null : round( 1000 * $p95, 1 ),
			'requests'       => count( $rows ),
			'not_200'        => count( $rows ) - count( $ok ),
		);
	};
	$before   = $baseline( "{$work}/fm-{$name}-baseline.txt" );
	$after    = $baseline( "{$work}/fm-{$name}-after.txt" );
	$both     = array_filter( array( $before, $after ) );
	$base_rps = $both ? array_sum( array_column( $both, 'visitor_rps' ) ) / count( $both ) : 0.0;
	$p95s     = array_filter( array_column( $both, 'visitor_p95_ms' ), 'is_numeric' );
	$base_p95 = $p95s ? array_sum( $p95s ) / count( $p95s ) / 1000 : null;

	// The visitor under flood, in windows of its requests' completion times.
	$visits  = $read( "{$work}/fm-{$name}-visitor.txt" );
	$seconds = (int) ( $meta['seconds'] ?? 0 );
	$last    = $visits ? max( array_map( static fn( $r ) => (float) $r[0], $visits ) ) : 0.0;
	$seconds = $seconds > 0 ? $seconds : (int) ( WINDOW * floor( $last / WINDOW ) );
	$windows = array();
	for ( $start = 0; $start + WINDOW <= $seconds; $start += WINDOW ) {
		$windows[ $start ] = array(
			't'             => $start,
			'ok_latencies'  => array(),
			'visitor_other' => array(),
			'visitor_5xx'   => 0,
			'visitor_failed' => 0,
			'flood'         => array(),
			'flood_5xx'     => 0,
			'cpu_ns'        => 0.0,
			'cpu_s'         => 0.0,
		);
	}
	$visitor_codes = array();
	foreach ( $visits as $r ) {
		$status                   = (int) $r[2];
		$key                      = 0 === $status ? 'failed' : (string) $status;
		$visitor_codes[ $key ]    = ( $visitor_codes[ $key ] ?? 0 ) + 1;
		$w                        = (int) ( WINDOW * floor( (float) $r[0] / WINDOW ) );
		if ( ! isset( $windows[ $w ] ) ) {
			continue;
		}
		if ( 200 === $status ) {
			$windows[ $w ]['ok_latencies'][] = (float) $r[1];
		} elseif ( 0 === $status ) {
			++$windows[ $w ]['visitor_failed'];
		} else {
			$windows[ $w ]['visitor_other'][] = $status;
			if ( $status >= 500 ) {
				++$windows[ $w ]['visitor_5xx'];
			}
		}
	}

	// Every request the server answered: which layer refused each pingback (X-XMLRPC-Shield).
	$server_5xx   = array();
	$first_early  = null;
	$flood_layers = array();
	foreach ( $read( "{$work}/fm-{$name}-access.log" ) as $r ) {
		if ( count( $r ) < 4 ) {
			continue;
		}
		$offset = (float) $r[0] / 1000 - $t0;
		$status = (int) $r[1];
		$path   = $r[2];
		$layer  = trim( $r[3], '"' );
		if ( $status >= 500 ) {
			$server_5xx[ $path ] = ( $server_5xx[ $path ] ?? 0 ) + 1;
		}
		if ( '/xmlrpc.php' !== $path ) {
			continue;
		}
		// A refusal names its layer (403 in block mode, a 200 XML-RPC fault in pingback mode);
		// a bare exit or Apache's own deny names none.
		if ( ! in_array( $layer, array( '-', '' ), true ) ) {
			$class = "{$status} {$layer}";
		} elseif ( $status >= 200 && $status < 300 ) {
			$class = "{$status} served";
		} else {
			$class = "{$status} (no layer header)";
		}
		$flood_layers[ $class ] = ( $flood_layers[ $class ] ?? 0 ) + 1;
		if ( 'early-gate' === $layer && ( null === $first_early || $offset < $first_early ) ) {
			$first_early = $offset;
		}
		$w = (int) ( WINDOW * floor( $offset / WINDOW ) );
		if ( isset( $windows[ $w ] ) ) {
			$windows[ $w ]['flood'][ $class ] = ( $windows[ $w ]['flood'][ $class ] ?? 0 ) + 1;
			if ( $status >= 500 ) {
				++$windows[ $w ]['flood_5xx'];
			}
		}
	}

	// Apache's CPU: each one-second sample pair goes to the window of its midpoint.
	$cpu = $read( "{$work}/fm-{$name}-cpu.txt" );
	for ( $i = 1; $i < count( $cpu ); $i++ ) {
		$mid = ( (float) $cpu[ $i ][0] + (float) $cpu[ $i - 1 ][0] ) / 2 - $t0;
		$w   = (int) ( WINDOW * floor( $mid / WINDOW ) );
		if ( isset( $windows[ $w ] ) ) {
			$windows[ $w ]['cpu_ns'] += (float) $cpu[ $i ][1] - (float) $cpu[ $i - 1 ][1];
			$windows[ $w ]['cpu_s']  += (float) $cpu[ $i ][0] - (float) $cpu[ $i - 1 ][0];
		}
	}

	$rows = array();
	foreach ( $windows as $w ) {
		$rps    = count( $w['ok_latencies'] ) / WINDOW;
		$p95    = bench_percentile( $w['ok_latencies'], 0.95 );
		$rows[] = array(
			't'                         => $w['t'],
			'visitor_rps'               => round( $rps, 2 ),
			'visitor_share_of_no_flood' => $base_rps > 0 ? round( $rps / $base_rps, 3 ) : null,
			'visitor_p95_ms'            => null === $p95 ? null : round( 1000 * $p95, 1 ),
			'visitor_5xx'               => $w['visitor_5xx'],
			'visitor_failed'            => $w['visitor_failed'],
			'flood_answers'             => $w['flood'],
			'flood_5xx'                 => $w['flood_5xx'],
			'server_cpu_cores'          => $w['cpu_s'] > 0 ? round( $w['cpu_ns'] / 1e9 / $w['cpu_s'], 2 ) : null,
			'server_cpu_ms'             => round( $w['cpu_ns'] / 1e6, 1 ),
		);
	}

	// Apache's CPU per visitor page without the flood (both baselines), then per flood request
	// from TARGET_FROM on, the visitor's pages taken off: CPU time is what other work on the
	// machine disturbs least.
	$cpu_between = static function ( float $from, float $to ) use ( $cpu ): float {
		$ns = 0.0;
		for ( $i = 1; $i < count( $cpu ); $i++ ) {
			$mid = ( (float) $cpu[ $i ][0] + (float) $cpu[ $i - 1 ][0] ) / 2;
			if ( $mid >= $from && $mid < $to ) {
				$ns += (float) $cpu[ $i ][1] - (float) $cpu[ $i - 1 ][1];
			}
		}
		return $ns;
	};
	$page_ms = null;
	$per_flood_us = null;
	if ( isset( $meta['baseline_start'] ) && $cpu ) {
		$pages = array();
		foreach ( array( array( $meta['baseline_start'], $before ), array( $meta['after_start'], $after ) ) as list( $start, $stats ) ) {
			$ok = $stats ? (int) round( $stats['visitor_rps'] * $meta['baseline_seconds'] ) : 0;
			if ( $ok > 0 && $start > 0 ) {
				$pages[] = $cpu_between( (float) $start, (float) $start + $meta['baseline_seconds'] ) / 1e6 / $ok;
			}
		}
		$page_ms = $pages ? array_sum( $pages ) / count( $pages ) : null;
		$late_ms = 0.0;
		$late_ok = 0;
		$late_n  = 0;
		foreach ( $windows as $w ) {
			if ( $w['t'] >= TARGET_FROM || $w['t'] >= $seconds / 2 ) {
				$late_ms += $w['cpu_ns'] / 1e6;
				$late_ok += count( $w['ok_latencies'] );
				$late_n  += array_sum( $w['flood'] );
			}
		}
		if ( null !== $page_ms && $late_n > 0 ) {
			$per_flood_us = max( 0.0, $late_ms - $late_ok * $page_ms ) * 1000 / $late_n;
		}
	}

	// The flood's own view (hey's summary): rate, status codes, client-side errors.
	$hey         = (string) @file_get_contents( "{$work}/fm-{$name}-flood.hey" );
	$flood_codes = array();
	preg_match_all( '/^\s*\[(\d+)\]\s+(\d+) responses/m', $hey, $m, PREG_SET_ORDER );
	foreach ( $m as $match ) {
		$flood_codes[ $match[1] ] = (int) $match[2];
	}
	$flood_errors = 0;
	if ( false !== ( $at = strpos( $hey, 'Error distribution:' ) ) ) {
		preg_match_all( '/^\s*\[(\d+)\]\s+(?!responses)/m', substr( $hey, $at ), $e, PREG_SET_ORDER );
		foreach ( $e as $match ) {
			$flood_errors += (int) $match[1];
		}
	}
	preg_match( '/Requests\/sec:\s+([\d.]+)/', $hey, $rate );

	// Escalations, as the autopilot tells them (events, oldest first) and as polled states.
	$events = array();
	foreach ( array_reverse( (array) ( $meta['autopilot']['events'] ?? array() ) ) as $event ) {
		$events[] = array(
			't'       => isset( $event['at'] ) ? round( (float) $event['at'] - $t0, 1 ) : null,
			'kind'    => $event['kind'] ?? '',
			'layer'   => $event['layer'] ?? '',
			'reason'  => $event['reason'] ?? '',
			'figures' => $event['figures'] ?? new stdClass(),
			'files'   => $event['files'] ?? array(),
		);
	}
	$states = array();
	foreach ( array_filter( explode( "\n", (string) @file_get_contents( "{$work}/fm-{$name}-status.txt" ) ), 'strlen' ) as $line ) {
		list( $t, $json ) = array_pad( explode( "\t", $line, 2 ), 2, '' );
		$status   = json_decode( $json, true );
		$states[] = is_array( $status )
			? array( 't' => (float) $t, 'enabled' => $status['enabled'] ?? null, 'state' => $status['state'] ?? null, 'layer' => $status['layer'] ?? null )
			: array( 't' => (float) $t, 'state' => 'no autopilot status (command missing or failed)' );
	}

	// When the early gate took over, seen from outside: the first window from which at least
	// 95% of the flood's answers in every later window came from the early gate.
	$early_from = null;
	foreach ( array_reverse( $rows ) as $row ) {
		$total = array_sum( $row['flood_answers'] );
		$early = array_sum( array_filter( $row['flood_answers'], static fn( $class ) => ' early-gate' === substr( $class, -11 ), ARRAY_FILTER_USE_KEY ) );
		if ( 0 === $total || $early / $total < 0.95 ) {
			break;
		}
		$early_from = $row['t'];
	}

	// The late variant's clicks in wp-admin, as flood offsets.
	$activation = null;
	$clicks     = $read( "{$work}/fm-{$name}-activation.txt" );
	if ( $clicks ) {
		$activation = array(
			'started_s'  => round( (float) $clicks[0][0] - $t0, 1 ),
			'finished_s' => round( (float) $clicks[0][1] - $t0, 1 ),
			'ok'         => '1' === $clicks[0][2],
		);
	}

	return array(
		'variant'                 => $name,
		'activation_during_flood' => $activation,
		'label'                   => $labels[ $name ] ?? $name,
		'setup'                   => $meta['setup'],
		'plugin_after_run'        => $meta['plugin'],
		'baseline'                => array(
			'visitor_rps'    => round( $base_rps, 2 ),
			'visitor_p95_ms' => null === $base_p95 ? null : round( 1000 * $base_p95, 1 ),
			'before'         => $before,
			'after'          => $after,
		),
		'windows'                 => $rows,
		'visitor_status_codes'    => $visitor_codes,
		'visitor_5xx'             => array_sum( array_column( $rows, 'visitor_5xx' ) ),
		'visitor_failed'          => $visitor_codes['failed'] ?? 0,
		'flood'                   => array(
			'requests_per_s'        => isset( $rate[1] ) ? (float) $rate[1] : null,
			'status_codes'          => $flood_codes,
			'client_errors'         => $flood_errors,
			'answers_by_layer'      => $flood_layers,
		),
		'server_5xx_by_path'      => $server_5xx,
		'server_cpu'              => array(
			'visitor_page_ms_no_flood'  => null === $page_ms ? null : round( $page_ms, 1 ),
			'per_flood_request_us_late' => null === $per_flood_us ? null : round( $per_flood_us ),
			'note'                      => 'Apache CPU (cpuacct) per visitor page in the no-flood baselines; per flood request in the windows the targets use, after taking off the visitor pages served there at the no-flood cost',
		),
		'oom_kills'               => $meta['oom_kills'],
		'peak_memory_mb'          => null === $meta['peak_memory_bytes'] ? null : round( $meta['peak_memory_bytes'] / 1048576, 1 ),
		'memory_cap'              => $meta['cap'],
		'escalations'             => array(
			'autopilot_events'            => $events,
			'autopilot_states'            => $states,
			'autopilot_final'             => null === $meta['autopilot'] ? null : array_intersect_key( (array) $meta['autopilot'], array_flip( array( 'enabled', 'state', 'layer' ) ) ),
			'first_early_gate_refusal_s'  => null === $first_early ? null : round( $first_early, 1 ),
			'early_gate_answers_from_s'   => $early_from,
		),
	);
};

/** The median of a window figure ($key) over the windows that start at or after $from. */
$median_from = static function ( array $variant, int $from, string $key ) {
	$values = array();
	foreach ( $variant['windows'] as $w ) {
		if ( $w['t'] >= $from ) {
			$values[] = $w[ $key ];
		}
	}
	return bench_median( $values );
};
$share_from = static fn( array $variant, int $from ) => $median_from( $variant, $from, 'visitor_share_of_no_flood' );
$p95_from   = static fn( array $variant, int $from ) => $median_from( $variant, $from, 'visitor_p95_ms' );

$mode = $argv[1] ?? '';
if ( 'summary' === $mode ) {
	$opt = bench_options( array_slice( $argv, 2 ), array( 'work' => null, 'variant' => null ), FM_USAGE );
	$v   = $analyse( $opt['work'], $opt['variant'] );
	$all = $share_from( $v, 0 );
	printf(
		"  %-9s baseline %.1f req/s (before %s, after %s) p95 %s ms | under flood: share median %s (after %ds: %s), visitor %s, 5xx %d, failed %d | flood %s req/s %s, client errors %d | early gate from outside: first %s s, all from %s s | autopilot %s | OOM kills %s, peak %s MB\n",
		$v['variant'],
		$v['baseline']['visitor_rps'],
		$v['baseline']['before']['visitor_rps'] ?? '—',
		$v['baseline']['after']['visitor_rps'] ?? '—',
		$v['baseline']['visitor_p95_ms'] ?? '—',
		null === $all ? '—' : round( $all, 2 ),
		TARGET_FROM,
		null === ( $late = $share_from( $v, TARGET_FROM ) ) ? '—' : round( $late, 2 ),
		json_encode( $v['visitor_status_codes'] ),
		$v['visitor_5xx'],
		$v['visitor_failed'],
		$v['flood']['requests_per_s'] ?? '—',
		json_encode( $v['flood']['answers_by_layer'] ),
		$v['flood']['client_errors'],
		$v['escalations']['first_early_gate_refusal_s'] ?? '—',
		$v['escalations']['early_gate_answers_from_s'] ?? '—',
		json_encode( $v['escalations']['autopilot_final'] ),
		$v['oom_kills'] ?? '—',
		$v['peak_memory_mb'] ?? '—'
	);
	exit( 0 );
}

if ( 'report' !== $mode ) {
	bench_usage_error( 'the first word is summary or report', FM_USAGE );
}
$opt = bench_options(
	array_slice( $argv, 2 ),
	array(
		'work'        => null,
		'db'          => null,
		'variants'    => null,
		'seconds'     => null,
		'baseline'    => null,
		'load-before' => null,
		'load-after'  => null,
		'plugin-ref'  => 'unknown',
		'out'         => dirname( __DIR__ ) . '/results',
	),
	FM_USAGE
);
if ( ! is_dir( $opt['out'] ) && ! mkdir( $opt['out'], 0777, true ) ) {
	bench_usage_error( "--out: cannot make {$opt['out']}", FM_USAGE );
}
$work         = $opt['work'];
$variant_list = $opt['variants'];
$seconds      = $opt['seconds'];
$baseline     = $opt['baseline'];
$load_before  = $opt['load-before'];
$load_after   = $opt['load-after'];
$plugin_ref   = $opt['plugin-ref'];
$db           = 'mysql' === $opt['db'] ? 'mariadb' : $opt['db'];
$seconds  = (int) $seconds;
$variants = array();
foreach ( explode( ',', $variant_list ) as $name ) {
	$variants[ $name ] = $analyse( $work, $name );
}
// With a short dry run (--seconds below 2 × 60), the targets apply to its second half.
$from    = min( TARGET_FROM, (int) ( WINDOW * floor( $seconds / 2 / WINDOW ) ) );
$machine = bench_machine( $db );
$reference = isset( $variants['prepend'] ) ? $share_from( $variants['prepend'], $from ) : null;
$targets   = array();
foreach ( PLUGIN_VARIANTS as $name ) {
	if ( ! isset( $variants[ $name ] ) ) {
		continue;
	}
	$share     = $share_from( $variants[ $name ], $from );
	$ratio     = null === $share || ! $reference ? null : round( $share / $reference, 2 );
	// When the visitor first got 0.9 of the reference's share back, over three windows in a row.
	$reached   = null;
	$windows   = $variants[ $name ]['windows'];
	for ( $i = 0; $reference && $i + 2 < count( $windows ); $i++ ) {
		$mean = ( $windows[ $i ]['visitor_share_of_no_flood'] + $windows[ $i + 1 ]['visitor_share_of_no_flood'] + $windows[ $i + 2 ]['visitor_share_of_no_flood'] ) / 3;
		if ( $mean >= TARGET_RATIO * $reference ) {
			$reached = $windows[ $i ]['t'];
			break;
		}
	}
	$targets[] = array(
		'what'     => sprintf( '%s: visitor share from %d s on, vs the bare auto_prepend_file exit', $name, $from ),
		'measured' => $ratio,
		'target'   => TARGET_RATIO,
		'met'      => null === $ratio ? null : $ratio >= TARGET_RATIO,
		'share'    => null === $share ? null : round( $share, 3 ),
		'reference_share' => null === $reference ? null : round( $reference, 3 ),
		'first_reached_at_s' => $reached,
	);
}
$fivexx = 0;
$oom    = 0;
foreach ( $variants as $v ) {
	$fivexx += $v['visitor_5xx'] + array_sum( $v['server_5xx_by_path'] ) + array_sum( array_filter( $v['flood']['status_codes'], static fn( $code ) => $code >= 500, ARRAY_FILTER_USE_KEY ) );
	$oom    += (int) $v['oom_kills'];
}
$plugin_5xx = 0;
$plugin_oom = 0;
foreach ( PLUGIN_VARIANTS as $name ) {
	if ( isset( $variants[ $name ] ) ) {
		$v           = $variants[ $name ];
		$plugin_5xx += array_sum( $v['server_5xx_by_path'] ) + $v['visitor_5xx'] + array_sum( array_filter( $v['flood']['status_codes'], static fn( $code ) => $code >= 500, ARRAY_FILTER_USE_KEY ) );
		$plugin_oom += (int) $v['oom_kills'];
	}
}
$targets[] = array( 'what' => 'plugin variants: answers with a 5xx status (visitor, flood, any path the server logged)', 'measured' => $plugin_5xx, 'target' => 0, 'met' => 0 === $plugin_5xx );
$targets[] = array( 'what' => 'plugin variants: OOM kills in the memory cgroup', 'measured' => $plugin_oom, 'target' => 0, 'met' => 0 === $plugin_oom );

$method = sprintf(
	'Each variant on a fresh WordPress site (%s) served by Apache %s prefork + mod_php %s, MaxRequestWorkers 12, %s; visitor: 2 keep-alive clients loading / one request after another (bench/lib/visitor.php), %d s alone before the variant is set up and again after the flood once the server is quiet (the no-flood baseline is their mean), and %d s with the flood: hey -z %ds -c 150 -q 2 -disable-keepalive POST pingback.ping (300 req/s offered), started the moment the variant is set up. Shares are the visitor\'s requests answered 200 per second in each 5-s window (by completion time) over its own baseline. Flood answers by layer come from an extra Apache log with the X-XMLRPC-Shield response header; Apache CPU from a cpuacct cgroup; OOM kills from the memory cgroup\'s memory.oom_control.',
	$db,
	$machine['apache'],
	PHP_VERSION,
	reset( $variants )['memory_cap'] ?? '',
	(int) $baseline,
	$seconds,
	$seconds
);
$report = array(
	'machine'      => $machine,
	'plugin_code'  => $plugin_ref,
	'method'       => $method,
	'caution'      => 'Measured on a busy shared machine (2 CPUs, other work running beside the bench, the load generator on the same CPUs): compare variants only within one run, and trust shares and server CPU over absolute req/s.',
	'load_average' => array( 'before' => $load_before, 'after' => $load_after ),
	'seconds'      => $seconds,
	'window_s'     => WINDOW,
	'targets_from_s' => $from,
	'targets'      => $targets,
	'all_variants' => array( 'answers_5xx' => $fivexx, 'oom_kills' => $oom ),
	'variants'     => array_values( $variants ),
);
$results = $opt['out'];
$base    = "{$results}/first-minutes-{$db}";
$json    = json_encode( $report, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ) . "\n";
file_put_contents( "{$base}.json", $json );

// Markdown.
$fmt = static fn( $v, $digits = 2 ) => null === $v ? '—' : (string) round( (float) $v, $digits );
$md  = "# First minutes after activation, under the seed's flood ({$db})\n\n";
$md .= "{$machine['date']}, {$machine['cpus']} CPUs, PHP {$machine['php']}, Apache {$machine['apache']}; plugin code at {$plugin_ref}. {$method} Load average before/after: {$load_before} / {$load_after}.\n\n";
$md .= "**{$report['caution']}**\n\n![first minutes chart](first-minutes-{$db}.png)\n\n";
$md .= "| target (from {$from} s after the flood's start) | measured | target | met |\n|---|---:|---:|---|\n";
foreach ( $targets as $t ) {
	$extra = isset( $t['share'] ) ? sprintf( ' (share %s vs %s; 0.9× first reached at %s s)', $fmt( $t['share'] ), $fmt( $t['reference_share'] ), $t['first_reached_at_s'] ?? '—' ) : '';
	$md   .= sprintf( "| %s | %s%s | %s%s | %s |\n", $t['what'], $fmt( $t['measured'] ), $extra, is_int( $t['target'] ) ? '= ' : '≥ ', $t['target'], null === $t['met'] ? '—' : ( $t['met'] ? 'yes' : 'no' ) );
}
$md .= "\n| variant | setup | baseline req/s (before, after) | baseline p95 ms | share, median of all windows | share from {$from} s | p95 ms from {$from} s | visitor answers | flood req/s | flood answers by layer | flood client errors | 5xx (server log) | OOM kills | peak memory MB | Apache CPU ms per page, no flood | Apache CPU µs per flood request, from {$from} s |\n|---|---|---:|---:|---:|---:|---:|---|---:|---|---:|---:|---:|---:|---:|---:|\n";
foreach ( $variants as $v ) {
	$md .= sprintf(
		"| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %d | %s | %s | %s | %s |\n",
		$v['label'],
		$v['setup'],
		$fmt( $v['baseline']['visitor_rps'], 1 ) . ' (' . $fmt( $v['baseline']['before']['visitor_rps'] ?? null, 1 ) . ', ' . $fmt( $v['baseline']['after']['visitor_rps'] ?? null, 1 ) . ')',
		$fmt( $v['baseline']['visitor_p95_ms'], 0 ),
		$fmt( $share_from( $v, 0 ) ),
		$fmt( $share_from( $v, $from ) ),
		$fmt( $p95_from( $v, $from ), 0 ),
		implode( ', ', array_map( static fn( $k, $n ) => "{$k}: {$n}", array_keys( $v['visitor_status_codes'] ), $v['visitor_status_codes'] ) ),
		$fmt( $v['flood']['requests_per_s'], 1 ),
		implode( ', ', array_map( static fn( $k, $n ) => "{$k}: {$n}", array_keys( $v['flood']['answers_by_layer'] ), $v['flood']['answers_by_layer'] ) ),
		$v['flood']['client_errors'],
		array_sum( $v['server_5xx_by_path'] ),
		$v['oom_kills'] ?? '—',
		$fmt( $v['peak_memory_mb'], 0 ),
		$fmt( $v['server_cpu']['visitor_page_ms_no_flood'], 1 ),
		null === $v['server_cpu']['per_flood_request_us_late'] ? '—' : number_format( $v['server_cpu']['per_flood_request_us_late'] )
	);
}
$md .= "\n## Escalations\n\n";
foreach ( $variants as $v ) {
	if ( null === $v['escalations']['autopilot_final'] && ! in_array( $v['variant'], PLUGIN_VARIANTS, true ) ) {
		continue;
	}
	$e   = $v['escalations'];
	$md .= sprintf( "**%s.** Seen from outside (the layer named in the X-XMLRPC-Shield header of the flood's refusals): first early-gate refusal at %s s; every 5-s window answered ≥ 95%% by the early gate from %s s. Autopilot at the end: %s.\n\n", $v['label'], $e['first_early_gate_refusal_s'] ?? 'never', $e['early_gate_answers_from_s'] ?? 'never', null === $e['autopilot_final'] ? 'no status (no `wp xmlrpc-shield autopilot` command on this build)' : '`' . json_encode( $e['autopilot_final'] ) . '`' );
	if ( $v['activation_during_flood'] ) {
		$a   = $v['activation_during_flood'];
		$md .= sprintf( "- %s s: the owner activates the plugin from the command line (activate_plugin()); done at %s s%s\n", $a['started_s'], $a['finished_s'], $a['ok'] ? '' : ' — the activation FAILED' );
	}
	foreach ( $e['autopilot_events'] as $event ) {
		$md .= sprintf( "- %s s: %s %s — %s%s\n", $fmt( $event['t'], 1 ), $event['kind'], $event['layer'], $event['reason'], $event['files'] ? ' (files: ' . implode( ', ', $event['files'] ) . ')' : '' );
	}
	if ( $e['autopilot_states'] ) {
		$md .= '- polled states: ' . implode( '; ', array_map( static fn( $s ) => sprintf( '%s s %s%s', $s['t'], $s['state'], empty( $s['layer'] ) ? '' : " ({$s['layer']})" ), $e['autopilot_states'] ) ) . "\n";
	}
	$md .= "\n";
}
$md .= "## Per 5-s window\n\nVisitor share of its no-flood speed / visitor p95 ms / Apache CPU (cores), per variant.\n\n| t (s) | " . implode( ' | ', array_map( static fn( $v ) => $v['variant'], $variants ) ) . " |\n|---:|" . str_repeat( '---|', count( $variants ) ) . "\n";
$count = max( array_map( static fn( $v ) => count( $v['windows'] ), $variants ) );
for ( $i = 0; $i < $count; $i++ ) {
	$cells = array();
	foreach ( $variants as $v ) {
		$w       = $v['windows'][ $i ] ?? null;
		$cells[] = null === $w ? '—' : sprintf( '%s / %s / %s', $fmt( $w['visitor_share_of_no_flood'] ), $fmt( $w['visitor_p95_ms'], 0 ), $fmt( $w['server_cpu_cores'], 2 ) );
	}
	$md .= sprintf( "| %d | %s |\n", $i * WINDOW, implode( ' | ', $cells ) );
}
file_put_contents( "{$base}.md", $md );

// Chart: the visitor's share per window (top) and its p95 (bottom), one line per variant,
// dashed vertical marks where the autopilot recorded an event or the early gate first answered.
$short  = array(
	'stock'    => 'stock WordPress',
	'prepend'  => 'bare auto_prepend exit',
	'block'    => 'plugin, block mode',
	'pingback' => 'plugin, pingback mode',
	'late'     => 'plugin, activated during the flood',
);
$colors = array( 'stock' => '#757575', 'prepend' => '#1e1e1e', 'block' => '#cc1818', 'pingback' => '#2271b1', 'late' => '#008a20' );
$plots  = array();
$p95s   = array();
$marks  = '';
$n      = 0;
foreach ( $variants as $name => $v ) {
	$dat = '';
	foreach ( $v['windows'] as $w ) {
		$dat .= sprintf( "%g %s %s\n", $w['t'] + WINDOW / 2, $w['visitor_share_of_no_flood'] ?? 'NaN', $w['visitor_p95_ms'] ?? 'NaN' );
	}
	file_put_contents( "{$base}-{$name}.dat", $dat );
	$color   = $colors[ $name ] ?? '#008a20';
	$plots[] = sprintf( "'%s-%s.dat' using 1:2 with linespoints lw 2 pt 7 ps 0.5 lc rgb '%s' title '%s'", $base, $name, $color, $short[ $name ] ?? $name );
	$p95s[]  = sprintf( "'%s-%s.dat' using 1:3 with linespoints lw 2 pt 7 ps 0.5 lc rgb '%s' notitle", $base, $name, $color );
	$seen    = array();
	foreach ( $v['escalations']['autopilot_events'] as $event ) {
		if ( null !== $event['t'] && $event['t'] <= $seconds ) {
			// An install during the activation, before the flood, is marked at its start.
			$seen[] = $event['t'] < 0
				? array( 0, sprintf( '%s %s at %s s', $event['kind'], $event['layer'], $event['t'] ) )
				: array( $event['t'], trim( $event['kind'] . ' ' . $event['layer'] ) );
		}
	}
	if ( $v['activation_during_flood'] ) {
		$seen[] = array( $v['activation_during_flood']['started_s'], 'owner activates' );
	}
	if ( null !== $v['escalations']['first_early_gate_refusal_s'] && in_array( $name, PLUGIN_VARIANTS, true ) ) {
		$seen[] = array( $v['escalations']['first_early_gate_refusal_s'], 'early gate answers' );
	}
	foreach ( $seen as $mark ) {
		++$n;
		$marks .= sprintf( "set arrow %d from %s, graph 0 to %s, graph 1 nohead dt 2 lw 1.5 lc rgb '%s'\n", $n, $mark[0], $mark[0], $color );
		$marks .= sprintf( "set label %d '%s: %s' at %s, graph %.2f left rotate by 90 offset 0.6,0 font ',8' tc rgb '%s'\n", $n, $name, addslashes( $mark[1] ), $mark[0], 0.03, $color );
	}
}
$target_line = '';
if ( $reference ) {
	$target_line = sprintf( "set arrow 999 from graph 0, first %.3f to graph 1, first %.3f nohead dt 3 lw 1 lc rgb '#1e1e1e'\nset label 999 '0.9 × bare auto_prepend exit' at graph 0.01, first %.3f offset 0,0.6 font ',8'\n", TARGET_RATIO * $reference, TARGET_RATIO * $reference, TARGET_RATIO * $reference );
}
$plot  = "set terminal pngcairo noenhanced size 1000,720 font 'DejaVu Sans,10'\nset output '{$base}.png'\nset multiplot layout 2,1 title \"XML-RPC Shield: the first minutes after activation under a 300 req/s pingback flood ({$db}, one run, busy machine)\"\n";
$plot .= "set grid\nset xrange [0:{$seconds}]\nset yrange [0:*]\nset key inside right top opaque box font ',9'\nset lmargin 10\nset ylabel \"visitor's share of\\nits no-flood speed\"\n{$marks}{$target_line}plot " . implode( ', ', $plots ) . "\n";
$plot .= "unset arrow\nunset label\nunset key\nset logscale y\nset yrange [*:*]\nset xlabel 'seconds since the flood started (5-s windows)'\nset ylabel 'visitor p95, ms (log)'\nplot " . implode( ', ', $p95s ) . "\nunset multiplot\n";
file_put_contents( "{$base}.gp", $plot );
echo shell_exec( 'gnuplot ' . escapeshellarg( "{$base}.gp" ) . ' 2>&1' );
unlink( "{$base}.gp" );
foreach ( array_keys( $variants ) as $name ) {
	unlink( "{$base}-{$name}.dat" );
}
echo $md;
