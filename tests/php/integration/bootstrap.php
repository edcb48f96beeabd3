<?php
/**
 * Integration bootstrap: builds a fresh WordPress site with XML-RPC Shield active, starts PHP's
 * built-in server for it (real HTTP for XML-RPC clients), then loads the same WordPress
 * in-process so tests can read and change its state.
 *
 * Environment: XS_DB=sqlite|mysql, XS_MYSQL_SOCKET (from tools/mariadb.sh) for mysql.
 *
 * @package XmlrpcShield
 */

use XmlrpcShield\Tests\integration\IntegrationTestCase;

$xs_repo = dirname( __DIR__, 3 );
require_once $xs_repo . '/vendor/autoload.php';

$xs_db     = getenv( 'XS_DB' ) ? getenv( 'XS_DB' ) : 'sqlite';
$xs_port   = (int) ( getenv( 'XS_TEST_PORT' ) ? getenv( 'XS_TEST_PORT' ) : ( 'mysql' === $xs_db ? 8893 : 8892 ) );
$xs_site   = $xs_repo . '/.wp/sites/phpunit-' . $xs_db . '-' . $xs_port;
$xs_url    = 'http://127.0.0.1:' . $xs_port;
$xs_socket = (string) getenv( 'XS_MYSQL_SOCKET' );
// One database per test port, so parallel runs on one MariaDB never share tables.
$xs_dbname = 'xs_phpunit_' . $xs_port;

if ( 'mysql' === $xs_db ) {
	if ( '' === $xs_socket ) {
		fwrite( STDERR, "XS_DB=mysql needs XS_MYSQL_SOCKET (run through tools/test-php.sh)\n" );
		exit( 1 );
	}
	$xs_mysql = new mysqli( 'localhost', 'root', '', '', 0, $xs_socket );
	$xs_mysql->query( 'DROP DATABASE IF EXISTS ' . $xs_dbname );
	$xs_mysql->query( 'CREATE DATABASE ' . $xs_dbname . ' CHARACTER SET utf8mb4' );
	$xs_mysql->close();
}

$xs_cmd = sprintf(
	'bash -c %s',
	escapeshellarg( sprintf( 'source %s/tools/wp/lib.sh && XS_AUTOPILOT=off xs_create_site %s %s %s %s %s', $xs_repo, escapeshellarg( $xs_site ), escapeshellarg( $xs_url ), escapeshellarg( $xs_db ), escapeshellarg( $xs_socket ), $xs_dbname ) )
);
passthru( $xs_cmd, $xs_code );
if ( 0 !== $xs_code ) {
	fwrite( STDERR, "Could not create the test site.\n" );
	exit( 1 );
}

// Test-only must-use plugin: lets tests switch core's own xmlrpc_enabled filter on and off (and
// allow application passwords over plain HTTP, as core does only on HTTPS or local sites), and
// turns off core's comment-flood throttle (every pingback in the suite comes from 127.0.0.1),
// counts XML-RPC requests that booted WordPress (proof the early gate ran before it), and
// counts authentication attempts (proof a blocked multicall never reached a login), can
// bring another XML-RPC server class, and can replace the host's addresses.
file_put_contents(
	$xs_site . '/wp-content/mu-plugins/xs-test-helpers.php',
	"<?php\nif ( defined( 'XMLRPC_REQUEST' ) ) { file_put_contents( WP_CONTENT_DIR . '/xs-xmlrpc-boots.log', \"boot\\n\", FILE_APPEND ); }\nadd_filter( 'authenticate', static function ( \$user ) { file_put_contents( WP_CONTENT_DIR . '/xs-auth.log', \"auth\\n\", FILE_APPEND ); return \$user; }, 1 );\nif ( get_option( 'xs_test_xmlrpc_enabled_false' ) ) { add_filter( 'xmlrpc_enabled', '__return_false' ); }\nif ( get_option( 'xs_test_app_passwords' ) ) { add_filter( 'wp_is_application_passwords_available', '__return_true' ); }\nadd_filter( 'comment_flood_filter', '__return_false', 99 );\nif ( get_option( 'xs_test_no_apcu' ) ) { add_filter( 'xmlrpc_shield_use_apcu', '__return_false' ); }\n"
	// Another plugin's XML-RPC server class (CallGuard's fallback path).
	. "if ( get_option( 'xs_test_other_server_class' ) ) { add_filter( 'wp_xmlrpc_server_class', static function () { require_once " . var_export( __DIR__ . '/fixtures/other-xmlrpc-server.php', true ) . "; return 'XS_Test_Other_Xmlrpc_Server'; } ); }\n"
	// A host whose only addresses are loopback and link-local (the "Add this server" dead end).
	. "if ( get_option( 'xs_test_server_addresses' ) ) { add_filter( 'xmlrpc_shield_server_addresses', static function () { return (array) get_option( 'xs_test_server_addresses' ); } ); }\n"
);

// A server left over from an interrupted run would answer for a deleted site.
IntegrationTestCase::stop_php_server( null, $xs_port );
IntegrationTestCase::stop_php_server( null, $xs_port + 100 );
usleep( 200000 );
$xs_server = IntegrationTestCase::start_php_server( $xs_port, array(), array( '-t', $xs_site, $xs_repo . '/tools/wp/router.php' ), $xs_site, array( 'PHP_CLI_SERVER_WORKERS' => '4' ), $xs_site . '/server.log' );
register_shutdown_function(
	static function () use ( $xs_server, $xs_port ) {
		IntegrationTestCase::stop_php_server( $xs_server, $xs_port );
	}
);

define( 'XS_TEST_SITE_DIR', $xs_site );
define( 'XS_TEST_SITE_URL', $xs_url );
define( 'XS_TEST_DB', $xs_db );
define( 'XS_REPO_DIR', $xs_repo );

$_SERVER['HTTP_HOST']       = '127.0.0.1:' . $xs_port;
$_SERVER['SERVER_NAME']     = '127.0.0.1';
$_SERVER['SERVER_ADDR']     = '127.0.0.1';
$_SERVER['REMOTE_ADDR']     = '127.0.0.1';
$_SERVER['REQUEST_URI']     = '/';
$_SERVER['REQUEST_METHOD']  = 'GET';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
$_SERVER['SCRIPT_FILENAME'] = $xs_site . '/index.php';

require_once $xs_site . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
require_once ABSPATH . 'wp-admin/includes/misc.php';
require_once ABSPATH . 'wp-admin/includes/file.php';
require_once ABSPATH . 'wp-includes/class-IXR.php';
require_once ABSPATH . 'wp-includes/class-wp-http-ixr-client.php';
require_once __DIR__ . '/IntegrationTestCase.php';

fwrite( STDOUT, sprintf( "WordPress %s on %s, plugin active: %s, server %s\n", get_bloginfo( 'version' ), 'mysql' === $xs_db ? 'MariaDB' : 'SQLite', is_plugin_active( 'xmlrpc-shield/plugin.php' ) ? 'yes' : 'NO', $xs_url ) );
