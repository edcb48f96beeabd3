<?php
/**
 * Writes tests/js/fixtures/*.json from real REST answers: seeds the demo history into a test
 * site, then asks each route as the admin. Keeps the Jest fixtures true to the PHP side.
 * Usage: php tools/capture-rest-fixtures.php SITE_DIR, then npx wp-scripts format tests/js/fixtures
 * (tests/php/integration/RestFixturesTest checks the schema and label fixtures stay current).
 *
 * @package XmlrpcShield
 */

// phpcs:disable WordPress.WP.AlternativeFunctions
$_SERVER['HTTP_HOST'] = 'localhost';
require $argv[1] . '/wp-load.php';
wp_set_current_user( 1 );
global $wpdb;
$wpdb->query( 'DELETE FROM ' . \XmlrpcShield\Log\HitTable::name() ); // phpcs:ignore WordPress.DB
// A fixed clock-aligned "now" would fight the routes' own time(); seed relative to now.
\XmlrpcShield\Log\DemoHistory::seed( time() );
// A known starting point: default settings, one allowlist entry.
foreach ( \XmlrpcShield\Settings::defaults() as $xs_name => $xs_value ) {
	update_option( $xs_name, $xs_value );
}
\XmlrpcShield\Allowlist::add( '192.0.2.44', 'My phone' );
// CrowdSec: configured and on, one network pushed, the last attempt failed (every state field filled).
\XmlrpcShield\CrowdSec\Config::update(
	array(
		'url'        => 'http://127.0.0.1:8080/',
		'machine_id' => 'wordpress-example',
		'password'   => 'fixture-password',
		'enabled'    => true,
	)
);
update_option(
	\XmlrpcShield\Settings::CROWDSEC_STATE,
	array(
		'last_attempt_at' => time() - 60,
		'last_success_at' => time() - 600,
		'last_error'      => 'The Local API at http://127.0.0.1:8080/ did not answer: cURL error 7: Failed to connect to 127.0.0.1 port 8080',
		'last_error_at'   => time() - 60,
		'failures'        => 1,
		'next_attempt_at' => time(),
		'networks'        => array(
			'45.155.205.0/24' => array(
				'until'     => time() + 86400 - 600,
				'pushed_at' => time() - 600,
				'hits'      => 1250,
			),
		),
	),
	false
);
// Failed logins: one client locked out, one IPv6 /64 counting, the allowlisted phone counted.
$xs_policy = \XmlrpcShield\Lockout\LockoutPolicy::get();
for ( $xs_i = 0; $xs_i < $xs_policy['threshold']; $xs_i++ ) {
	\XmlrpcShield\Lockout\LockoutTable::record_failure( '203.0.113.7', false, $xs_policy, time() - 120 + $xs_i );
}
\XmlrpcShield\Lockout\LockoutTable::record_failure( '2001:db8:1:2::5', false, $xs_policy, time() - 60 );
\XmlrpcShield\Lockout\LockoutTable::record_failure( '192.0.2.44', true, $xs_policy, time() - 30 );
\XmlrpcShield\Denylist::add( '45.33.32.156', 'Scanner', 'offenders' );
$out   = dirname( __DIR__ ) . '/tests/js/fixtures';
$calls = array(
	'status'           => array( 'GET', '/xmlrpc-shield/v1/status', array() ),
	'stats-24h'        => array( 'GET', '/xmlrpc-shield/v1/stats', array( 'range' => '24h' ) ),
	'top-subnet'       => array(
		'GET',
		'/xmlrpc-shield/v1/top',
		array(
			'by'    => 'subnet',
			'range' => '24h',
			'limit' => 5,
		),
	),
	'allowlist'        => array( 'GET', '/xmlrpc-shield/v1/allowlist', array() ),
	'settings'         => array( 'GET', '/xmlrpc-shield/v1/settings', array() ),
	'error-cidr'       => array( 'POST', '/xmlrpc-shield/v1/allowlist', array( 'cidr' => '10.0.0.0/33' ) ),
	'error-setting'    => array( 'POST', '/xmlrpc-shield/v1/settings', array( 'retention_days' => -1 ) ),
	'rules'            => array( 'GET', '/xmlrpc-shield/v1/rules', array() ),
	'hits'             => array( 'GET', '/xmlrpc-shield/v1/hits', array( 'per_page' => 5 ) ),
	'error-rules'      => array( 'POST', '/xmlrpc-shield/v1/rules/apache', array() ),
	'export-nft'       => array(
		'GET',
		'/xmlrpc-shield/v1/export',
		array(
			'format'    => 'nftables',
			'range'     => '7d',
			'threshold' => 100,
		),
	),
	'log-ingest'       => array( 'POST', '/xmlrpc-shield/v1/log/ingest', array() ),
	'crowdsec'         => array( 'GET', '/xmlrpc-shield/v1/crowdsec', array() ),
	'error-crowdsec'   => array( 'POST', '/xmlrpc-shield/v1/crowdsec', array( 'url' => 'ftp://lapi.example/' ) ),
	'schema-crowdsec'  => array( 'OPTIONS', '/xmlrpc-shield/v1/crowdsec', array() ),
	// The schemas, whose enums the TS lists are checked against (tests/js/modes.test.ts).
	'schema-settings'  => array( 'OPTIONS', '/xmlrpc-shield/v1/settings', array() ),
	'schema-status'    => array( 'OPTIONS', '/xmlrpc-shield/v1/status', array() ),
	// tests/js/fixtures/autopilot.json holds events a test site cannot make (an unattended
	// install needs a real flood or activation); Jest checks it against this schema.
	'schema-autopilot' => array( 'OPTIONS', '/xmlrpc-shield/v1/autopilot', array() ),
	'denylist'         => array( 'GET', '/xmlrpc-shield/v1/denylist', array() ),
	'lockouts'         => array( 'GET', '/xmlrpc-shield/v1/lockouts', array() ),
	'error-lockout-policy' => array( 'POST', '/xmlrpc-shield/v1/lockouts/policy', array( 'threshold' => 0 ) ),
	// The outcomes, whose TS list is checked against it (tests/js/outcomes.test.ts).
	'schema-stats'     => array( 'OPTIONS', '/xmlrpc-shield/v1/stats', array() ),
	// The groupings, whose TS list is checked against it (tests/js/ranges.test.ts).
	'schema-top'       => array( 'OPTIONS', '/xmlrpc-shield/v1/top', array() ),
);
foreach ( $calls as $name => list( $method, $route, $params ) ) {
	$request = new WP_REST_Request( $method, $route );
	foreach ( $params as $key => $value ) {
		$request->set_param( $key, $value );
	}
	$response = rest_do_request( $request );
	$data     = rest_get_server()->response_to_data( $response, false );
	file_put_contents( "{$out}/{$name}.json", wp_json_encode( $data, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES ) . "\n" );
	printf( "%-14s %d\n", $name, $response->get_status() );
}
// The mode names PHP prints; the admin page must use the same (tests/js/modes.test.ts).
file_put_contents( "{$out}/mode-labels.json", wp_json_encode( \XmlrpcShield\Admin\ModeLabels::all(), JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES ) . "\n" );
// How the early gate is started, in words (tests/js/earlyGate.test.ts).
file_put_contents( "{$out}/hook-labels.json", wp_json_encode( \XmlrpcShield\Admin\ProtectionLabels::hook_labels(), JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES ) . "\n" );
\XmlrpcShield\Allowlist::remove( '192.0.2.44' );
delete_option( \XmlrpcShield\Settings::CROWDSEC );
delete_option( \XmlrpcShield\Settings::CROWDSEC_STATE );
\XmlrpcShield\Denylist::remove( '45.33.32.156' );
