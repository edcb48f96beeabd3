<?php
/**
 * What every bench report shares: its named options, medians, percentiles and the machine a run
 * was measured on. Required by report.php (ladder, soak), first-minutes-report.php and
 * per-unit-report.php.
 *
 * @package XmlrpcShield
 */

// phpcs:disable

/**
 * A script's named options, `--name=value` each, checked against the ones it knows: an unknown
 * or malformed one, or a required one left out, prints the error and the usage and exits 2.
 * (PHP's getopt() passes over unknown options without a word, hence this.)
 *
 * @param array<int,string>  $args  The arguments after the script (and its subcommand, if any).
 * @param array<string,mixed> $known Each option's default: null = required; an empty array =
 *                                   required, and may be given several times (values in order).
 * @param string             $usage The usage text, printed with any error.
 * @return array<string,mixed> Every known option, given or defaulted.
 */
function bench_options( array $args, array $known, string $usage ): array {
	$given = array();
	foreach ( $args as $arg ) {
		if ( ! preg_match( '/^--([a-z0-9-]+)=(.*)$/s', $arg, $m ) || ! array_key_exists( $m[1], $known ) ) {
			bench_usage_error( "unknown or malformed option: {$arg}", $usage );
		}
		if ( is_array( $known[ $m[1] ] ) ) {
			$given[ $m[1] ][] = $m[2];
		} elseif ( isset( $given[ $m[1] ] ) ) {
			bench_usage_error( "--{$m[1]} given twice", $usage );
		} else {
			$given[ $m[1] ] = $m[2];
		}
	}
	foreach ( $known as $name => $default ) {
		if ( null === $default && ! isset( $given[ $name ] ) ) {
			bench_usage_error( "missing option: --{$name}=…", $usage );
		}
		if ( is_array( $default ) && ! $default && empty( $given[ $name ] ) ) {
			bench_usage_error( "missing option: --{$name}=… (one or more)", $usage );
		}
	}
	return $given + $known;
}

/**
 * Prints a usage error to stderr and exits 2.
 *
 * @param string $error What was wrong.
 * @param string $usage The usage text.
 * @return never
 */
function bench_usage_error( string $error, string $usage ): void {
	fwrite( STDERR, "{$error}\n\nusage:\n{$usage}\n" );
	exit( 2 );
}

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
