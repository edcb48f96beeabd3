<?php
/**
 * Writes bench/early-gate-profile.sh's variants of an installed gate file (see that script).
 *
 *   php profile-variants.php GATE_FILE WORK_DIR [OLD_TEMPLATE]
 *
 * @package XmlrpcShield
 */

[ , $gate, $work ] = $argv;
$old  = $argv[3] ?? '';
$code = (string) file_get_contents( $gate );
$bare = "http_response_code( 403 ); exit;\n\t\t";
$cut  = static function ( string $at_text ) use ( $code, $bare ): string {
	$at = strpos( $code, $at_text );
	if ( false === $at ) {
		fwrite( STDERR, "not in the gate file: $at_text\n" );
		exit( 1 );
	}
	return substr_replace( $code, $bare, $at, 0 );
};
// The settings file this gate reads, and copies of it for the variants that change a setting.
preg_match( "/'settings' => '([^']+)'/", $code, $match );
$settings_file = $match[1];
$settings      = json_decode( (string) file_get_contents( $settings_file ), true );
$with          = static function ( string $name, array $changed ) use ( $work, $settings_file ): string {
	file_put_contents( "$work/$name.json", json_encode( $changed, JSON_UNESCAPED_SLASHES ) );
	return "$work/$name.json";
};
$runner = '\\XmlrpcShield\\EarlyGate\\Runner::run(';
// $code with $from replaced by $to; stops when $from is not in the gate file.
$swap = static function ( string $code, string $from, string $to ): string {
	if ( false === strpos( $code, $from ) ) {
		fwrite( STDERR, "not in the gate file: $from\n" );
		exit( 1 );
	}
	return str_replace( $from, $to, $code );
};

file_put_contents( "$work/read.php", $cut( '// One include holding' ) );
$empty           = $settings;
$empty['bundle'] = "$work/empty-bundle.php";
file_put_contents( "$work/empty-bundle.php", "<?php\n" );
file_put_contents( "$work/include.php", str_replace( $settings_file, $with( 'include', $empty ), $cut( $runner ) ) );
file_put_contents( "$work/bundle.php", $cut( $runner ) );
file_put_contents( "$work/gate.php", $code );
// The whole gate with its settings compiled into the file (what OPcache would then cache)
// instead of read from their JSON file: what the read costs.
$compiled = $swap( $code, "@file_get_contents( \$gate['settings'] )", "''" );
file_put_contents( "$work/compiled.php", $swap( $compiled, 'is_string( $json ) ? json_decode( $json, true ) : null', var_export( $settings, true ) ) );
$nolog                          = $settings;
$nolog['config']['log_enabled'] = false;
file_put_contents( "$work/nolog.php", str_replace( $settings_file, $with( 'nolog', $nolog ), $code ) );
if ( '' !== $old ) {
	// The same facts in the old template.
	preg_match( '/^\$xmlrpc_shield_early_gate = array \(.*?^\);$/ms', $code, $facts );
	file_put_contents( "$work/old.php", str_replace( '$xmlrpc_shield_early_gate = array();', $facts[0], (string) file_get_contents( $old ) ) );
}
