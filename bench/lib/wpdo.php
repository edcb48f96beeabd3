<?php
/**
 * Sets a benchmark site up for one rung, in its own PHP process:
 *   php wpdo.php SITE activate|deactivate
 *   php wpdo.php SITE mode block|pingback|monitor|off
 *   php wpdo.php SITE log on|off
 *   php wpdo.php SITE early-gate install [htaccess|user-ini|mu-plugin]|uninstall
 *   php wpdo.php SITE nginx-rules FILE FASTCGI_PASS  writes the admin page's nginx snippet to FILE
 *   php wpdo.php SITE first-plugin FILE|none  puts a plugin first in active_plugins (or removes it)
 *   php wpdo.php SITE rules write|remove
 *   php wpdo.php SITE ingest           prints {"hits":N,"counters":"web"|"none"} (web: APCu counters collected)
 *   php wpdo.php SITE table            prints {"rows":N,"db_bytes":N}
 *   php wpdo.php SITE clear [URL]      empties the hit table, spool and the server's APCu counters
 *                                      (URL: also those of the server at URL, e.g. nginx + PHP-FPM)
 *   php wpdo.php SITE growth HITS IPS  spools HITS blocked hits from IPS addresses, ingests, reports
 *   php wpdo.php SITE app-password-used  the admin gets an application password, used just now (a mobile-app site)
 *   php wpdo.php SITE show             prints {"active":bool,"mode":"..."}
 *
 * @package XmlrpcShield
 */

// phpcs:disable
umask( 0 ); // Apache's workers (www-data) share these files.
// WordPress's admin bootstrap sets globals such as $action: keep ours distinct.
$xs_site = $argv[1];
$xs_step = $argv[2];
$arg     = $argv[3] ?? '';
$_SERVER['HTTP_HOST']     = 'localhost';
define( 'WP_ADMIN', true );
require $xs_site . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

use XmlrpcShield\Settings;

$out = array( 'ok' => true );
switch ( $xs_step ) {
	case 'activate':
		$out['ok'] = null === activate_plugin( 'xmlrpc-shield/plugin.php' );
		break;
	case 'deactivate':
		deactivate_plugins( 'xmlrpc-shield/plugin.php' );
		break;
	case 'mode':
		Settings::set_mode( $arg );
		break;
	case 'log':
		update_option( Settings::LOG_ENABLED, 'on' === $arg );
		break;
	case 'early-gate':
		if ( 'install' === $arg ) {
			$result    = \XmlrpcShield\EarlyGate\Installer::install( $argv[4] ?? 'htaccess', true );
			$out['ok'] = (bool) $result['ok'];
			$out['message'] = $result['message'] ?? '';
		} else {
			\XmlrpcShield\EarlyGate\Installer::remove();
		}
		break;
	case 'nginx-rules':
		// The snippet as the admin page shows it, minus its loopback allow lines: the rung
		// measures nginx's own deny for the benchmark's client on 127.0.0.1.
		$loopback  = array_map( static fn( $cidr ) => "\tallow {$cidr};", \XmlrpcShield\Rules\HtaccessRules::LOOPBACK );
		$snippet   = \XmlrpcShield\Rules\NginxRules::render( Settings::mode(), \XmlrpcShield\Allowlist::cidrs(), $argv[4] );
		$lines     = array_filter( explode( "\n", $snippet ), static fn( $line ) => ! in_array( $line, $loopback, true ) );
		$out['ok'] = false !== file_put_contents( $arg, implode( "\n", $lines ) ) && false !== strpos( $snippet, 'deny all;' );
		break;
	case 'first-plugin':
		$active = array_values( array_filter( (array) get_option( 'active_plugins' ), static fn( $p ) => 0 !== strpos( $p, 'xs-bench-' ) ) );
		if ( 'none' !== $arg ) {
			array_unshift( $active, $arg );
		}
		update_option( 'active_plugins', $active );
		break;
	case 'rules':
		add_filter( 'xmlrpc_shield_server_reads_htaccess', '__return_true' );
		$out['ok'] = 'write' === $arg ? true === \XmlrpcShield\Rules\ServerRulesWriter::write() : \XmlrpcShield\Rules\ServerRulesWriter::remove();
		break;
	case 'ingest':
		$report     = \XmlrpcShield\Log\Ingester::run();
		$out['ok']  = (bool) $report['ok'];
		$out['hits'] = (int) $report['lines'];
		$out['counters'] = $report['counters']['source'] ?? 'none';
		break;
	case 'table':
		global $wpdb;
		$out['rows']     = (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . \XmlrpcShield\Log\HitTable::name() );
		$out['db_bytes'] = db_bytes();
		break;
	case 'clear':
		global $wpdb;
		// Counts still in the web server's memory go to the table first, then everything goes.
		if ( '' !== $arg ) {
			\XmlrpcShield\Log\CounterFlush::ask_web_server( \XmlrpcShield\Log\CounterFlush::flush_url( $arg ) );
		}
		\XmlrpcShield\Log\Ingester::run();
		$wpdb->query( 'DELETE FROM ' . \XmlrpcShield\Log\HitTable::name() );
		foreach ( (array) glob( \XmlrpcShield\Paths::data_dir() . '/hits-*' ) as $file ) {
			unlink( $file );
		}
		break;
	case 'growth':
		global $wpdb;
		$hits  = (int) $arg;
		$ips   = (int) ( $argv[4] ?? 1000 );
		// Start from an empty table whose freed space is given back, or a reused page would hide
		// the growth: TRUNCATE recreates an InnoDB table; SQLite needs a VACUUM of its file.
		if ( defined( 'DB_DIR' ) && defined( 'DB_FILE' ) ) {
			$wpdb->query( 'DELETE FROM ' . \XmlrpcShield\Log\HitTable::name() );
			( new PDO( 'sqlite:' . DB_DIR . DB_FILE ) )->exec( 'VACUUM' );
		} else {
			$wpdb->query( 'TRUNCATE TABLE ' . \XmlrpcShield\Log\HitTable::name() );
		}
		$before = db_bytes();
		\XmlrpcShield\Paths::ensure_data_dir();
		$spool  = \XmlrpcShield\Log\Ingester::site_spool();
		$start  = microtime( true );
		for ( $i = 0; $i < $hits; $i++ ) {
			$ip = sprintf( '203.0.%d.%d', ( $i % $ips ) >> 8, ( $i % $ips ) & 255 );
			$spool->append( time(), $ip, 'pingback.ping', 'blocked', 'bench' );
		}
		$spooled = microtime( true ) - $start;
		$start   = microtime( true );
		$report  = \XmlrpcShield\Log\Ingester::run();
		$out     = array(
			'ok'             => (bool) $report['ok'],
			'hits'           => $hits,
			'addresses'      => $ips,
			'rows'           => (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . \XmlrpcShield\Log\HitTable::name() ),
			'db_bytes_added' => db_bytes() - $before,
			'spool_seconds'  => round( $spooled, 3 ),
			'ingest_seconds' => round( microtime( true ) - $start, 3 ),
		);
		break;
	case 'app-password-used':
		// What the WordPress mobile app leaves behind: a password created for it and a recent use.
		$created   = WP_Application_Passwords::create_new_application_password( 1, array( 'name' => 'WordPress app' ) );
		$out['ok'] = ! is_wp_error( $created ) && true === WP_Application_Passwords::record_application_password_usage( 1, $created[1]['uuid'] );
		break;
	case 'show':
		$out['active'] = is_plugin_active( 'xmlrpc-shield/plugin.php' );
		$out['mode']   = (string) get_option( Settings::MODE, '' );
		break;
	default:
		fwrite( STDERR, "unknown step {$xs_step}\n" );
		exit( 2 );
}
echo json_encode( $out ), "\n";
exit( $out['ok'] ? 0 : 1 );

/** Bytes the database uses: the SQLite file, or the table's data + index size in MariaDB. */
function db_bytes(): int {
	global $wpdb;
	clearstatcache();
	if ( defined( 'DB_DIR' ) && defined( 'DB_FILE' ) ) {
		return (int) filesize( DB_DIR . DB_FILE );
	}
	// InnoDB's figures in information_schema are cached statistics: refresh them first.
	$wpdb->query( 'ANALYZE TABLE ' . \XmlrpcShield\Log\HitTable::name() );
	return (int) $wpdb->get_var( $wpdb->prepare( 'SELECT DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = %s', \XmlrpcShield\Log\HitTable::name() ) );
}
