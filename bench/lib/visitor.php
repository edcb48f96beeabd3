<?php
/**
 * A visitor for bench/first-minutes.sh: CLIENTS keep-alive connections load URL one request
 * after another (closed loop, like `hey -c CLIENTS`) for SECONDS, and every request is written
 * to OUT as one line: "end_offset_s latency_s status" (status 0 = no answer: timeout, reset,
 * refused). Offsets count from START (unix seconds, shared with the flood), so requests can be
 * put in time windows. Unlike hey's CSV output, failed requests are kept.
 *   php visitor.php URL SECONDS CLIENTS OUT [START] [TIMEOUT_S]
 *
 * @package XmlrpcShield
 */

// phpcs:disable
list( , $url, $seconds, $clients, $out ) = $argv;
$start   = isset( $argv[5] ) ? (float) $argv[5] : microtime( true );
$timeout = isset( $argv[6] ) ? (int) $argv[6] : 20;
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
