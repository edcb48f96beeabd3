<?php
/**
 * A visitor for bench/first-minutes.sh: CLIENTS keep-alive connections load URL one request
 * after another (closed loop, like `hey -c CLIENTS`) for SECONDS, and every request is written
 * to OUT as one line: "end_offset_s latency_s status" (status 0 = no answer: timeout, reset,
 * refused). Offsets count from START (unix seconds, shared with the flood), so requests can be
 * put in time windows. Unlike hey's CSV output, failed requests are kept.
 *   php bench/lib/visitor.php --url=URL --seconds=S --out=FILE [--clients=2] [--start=UNIX_TIME]
 *                             [--timeout=20]
 *
 * @package XmlrpcShield
 */

// phpcs:disable
require __DIR__ . '/figures.php';

$opt     = bench_options(
	array_slice( $argv, 1 ),
	array(
		'url'     => null,
		'seconds' => null,
		'out'     => null,
		'clients' => '2',
		'start'   => '',
		'timeout' => '20',
	),
	'  php bench/lib/visitor.php --url=URL --seconds=S --out=FILE [--clients=2] [--start=UNIX_TIME (default now)] [--timeout=20]'
);
$url     = $opt['url'];
$seconds = $opt['seconds'];
$clients = $opt['clients'];
$out     = $opt['out'];
$start   = '' === $opt['start'] ? microtime( true ) : (float) $opt['start'];
$timeout = (int) $opt['timeout'];
$until   = $start + (float) $seconds;
$log     = fopen( $out, 'w' );
$multi   = curl_multi_init();
$started = array();

$active  = 0;
$begin   = static function ( $handle ) use ( $multi, &$started, &$active ) {
	$started[ (int) $handle ] = microtime( true );
	++$active;
	curl_multi_add_handle( $multi, $handle );
};
for ( $i = 0; $i < (int) $clients; $i++ ) {
	$handle = curl_init( $url );
	curl_setopt_array(
		$handle,
		array(
			CURLOPT_RETURNTRANSFER => true,
			CURLOPT_TIMEOUT        => $timeout,
			CURLOPT_FORBID_REUSE   => false,
			CURLOPT_FOLLOWLOCATION => false,
			CURLOPT_ENCODING       => '',
			CURLOPT_USERAGENT      => 'xmlrpc-shield-bench-visitor',
		)
	);
	$begin( $handle );
}
$running = 0;
do {
	curl_multi_exec( $multi, $running );
	while ( $done = curl_multi_info_read( $multi ) ) {
		$handle = $done['handle'];
		$now    = microtime( true );
		$status = CURLE_OK === $done['result'] ? (int) curl_getinfo( $handle, CURLINFO_RESPONSE_CODE ) : 0;
		fprintf( $log, "%.4f %.4f %d\n", $now - $start, $now - $started[ (int) $handle ], $status );
		curl_multi_remove_handle( $multi, $handle );
		--$active;
		if ( $now < $until ) {
			// The same easy handle keeps its connection open (keep-alive), as a browser would.
			$begin( $handle );
		}
	}
	if ( $active > 0 ) {
		curl_multi_select( $multi, 0.05 );
	}
} while ( $active > 0 );
fclose( $log );
