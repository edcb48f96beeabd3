<?php
/**
 * What every bench report shares: medians, percentiles and the machine a run was measured on.
 * Required by report.php (ladder, soak) and first-minutes-report.php.
 *
 * @package XmlrpcShield
 */

// phpcs:disable

/**
 * The median of the numeric values (non-numbers, e.g. '' for "not measured", are left out).
 *
 * @param array<int|string,mixed> $values Values.
 * @return int|float|null Null when there is none.
 */
function bench_median( array $values ) {
	$values = array_values( array_filter( $values, 'is_numeric' ) );
	if ( ! $values ) {
		return null;
	}
	sort( $values );
	$n = count( $values );
	return 0 === $n % 2 ? ( $values[ $n / 2 - 1 ] + $values[ $n / 2 ] ) / 2 : $values[ intdiv( $n, 2 ) ];
}

/**
 * The nearest-rank percentile ($p from 0 to 1).
 *
 * @param array<int|string,int|float> $values Values.
 * @param float                       $p      Percentile, e.g. 0.95.
 * @return int|float|null Null when there is none.
 */
function bench_percentile( array $values, float $p ) {
	if ( ! $values ) {
		return null;
	}
	sort( $values );
	return $values[ (int) min( count( $values ) - 1, max( 0, ceil( $p * count( $values ) ) - 1 ) ) ];
}

/**
 * The machine and the software versions a report states, and its date.
 *
 * @param string $db Database ('mysql' reads as mariadb).
 * @return array{date:string,cpus:int,php:string,apache:string,nginx:string,database:string}
 */
function bench_machine( string $db ): array {
	return array(
		'date'     => gmdate( 'Y-m-d H:i' ) . ' UTC',
		'cpus'     => (int) trim( (string) shell_exec( 'nproc' ) ),
		'php'      => PHP_VERSION,
		'apache'   => trim( (string) shell_exec( "apache2 -v | awk -F'[/ ]' '/version/ {print \$4}'" ) ),
		'nginx'    => trim( (string) shell_exec( "nginx -v 2>&1 | awk -F/ '{print \$2}'" ) ),
		'database' => 'mysql' === $db ? 'mariadb' : $db,
	);
}
