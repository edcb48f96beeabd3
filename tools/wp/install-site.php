<?php
/**
 * Writes wp-config.php for a local site and installs WordPress non-interactively.
 *
 * Usage: php install-site.php --dir=DIR --url=URL --db=sqlite|mysql [--socket=SOCK --dbname=NAME]
 *
 * @package XmlrpcShield
 */

$opts = getopt( '', array( 'dir:', 'url:', 'db:', 'socket::', 'dbname::' ) );
$dir  = rtrim( (string) ( $opts['dir'] ?? '' ), '/' );
$url  = rtrim( (string) ( $opts['url'] ?? '' ), '/' );
$db   = (string) ( $opts['db'] ?? 'sqlite' );
if ( '' === $dir || '' === $url || ! is_dir( $dir ) ) {
	fwrite( STDERR, "usage: install-site.php --dir=DIR --url=URL --db=sqlite|mysql\n" );
	exit( 2 );
}

$salts = '';
foreach ( array( 'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT' ) as $name ) {
	$salts .= sprintf( "define( '%s', '%s' );\n", $name, bin2hex( random_bytes( 32 ) ) );
}

if ( 'mysql' === $db ) {
	$db_config = sprintf(
		"define( 'DB_NAME', '%s' );\ndefine( 'DB_USER', 'root' );\ndefine( 'DB_PASSWORD', '' );\ndefine( 'DB_HOST', 'localhost:%s' );\n",
		addslashes( (string) ( $opts['dbname'] ?? 'wordpress' ) ),
		addslashes( (string) ( $opts['socket'] ?? '' ) )
	);
} else {
	$db_config = sprintf(
		"define( 'DB_NAME', 'wordpress' );\ndefine( 'DB_USER', '' );\ndefine( 'DB_PASSWORD', '' );\ndefine( 'DB_HOST', '' );\ndefine( 'DB_DIR', '%s/wp-content/database/' );\ndefine( 'DB_FILE', '.ht.sqlite' );\n",
		addslashes( $dir )
	);
}

$config = <<<PHP
<?php
// Written by tools/wp/install-site.php for a local development/test site.
{$db_config}define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
{$salts}\$table_prefix = 'wp_';
define( 'WP_HOME', '{$url}' );
define( 'WP_SITEURL', '{$url}' );
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_LOG', __DIR__ . '/wp-content/debug.log' );
define( 'WP_DEBUG_DISPLAY', false );
// Offline by design: no update checks or other calls to the outside world.
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_AUTO_UPDATE_CORE', false );
define( 'FS_METHOD', 'direct' );
if ( file_exists( __DIR__ . '/wp-config-extra.php' ) ) {
	require __DIR__ . '/wp-config-extra.php';
}
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
PHP;
file_put_contents( $dir . '/wp-config.php', $config );

// Install in a child process so this one stays clean.
$script = <<<'PHP'
define( 'WP_INSTALLING', true );
$_SERVER['HTTP_HOST'] = parse_url( getenv( 'XS_URL' ), PHP_URL_HOST ) . ':' . parse_url( getenv( 'XS_URL' ), PHP_URL_PORT );
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
$_SERVER['REQUEST_METHOD'] = 'GET';
require getenv( 'XS_DIR' ) . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
$result = wp_install( 'XML-RPC Shield Dev', 'admin', 'admin@example.test', false, '', 'password' );
if ( is_wp_error( $result ) ) { fwrite( STDERR, $result->get_error_message() . "\n" ); exit( 1 ); }
update_option( 'default_pingback_flag', 1 );
// wp_install() turns pretty permalinks on only if a server already answers at the URL; make
// every site the same whether or not one does (tools/wp/router.php serves them under php -S).
update_option( 'permalink_structure', '/%year%/%monthnum%/%day%/%postname%/' );
flush_rewrite_rules( false );
update_option( 'default_ping_status', 'open' );
if ( defined( 'SQLITE_DB_DROPIN_VERSION' ) ) {
	activate_plugin( 'sqlite-database-integration/load.php', '', false, true );
}
if ( 'off' === getenv( 'XS_AUTOPILOT' ) ) {
	// Tests of the plugin-load gate and benchmark rungs that must stay as they are built.
	add_option( 'xmlrpc_shield_autopilot', false );
}
if ( ! getenv( 'XS_SKIP_PLUGIN' ) && ! getenv( 'XS_LEAVE_INACTIVE' ) ) {
	$activated = activate_plugin( 'xmlrpc-shield/plugin.php' );
	if ( is_wp_error( $activated ) ) { fwrite( STDERR, $activated->get_error_message() . "\n" ); exit( 1 ); }
}
echo 'installed WordPress ' . get_bloginfo( 'version' ) . ' at ' . home_url() . ' with ' . ( defined( 'SQLITE_DB_DROPIN_VERSION' ) ? 'SQLite' : 'MySQL' ) . "\n";
PHP;
putenv( 'XS_DIR=' . $dir );
putenv( 'XS_URL=' . $url );
passthru( escapeshellarg( PHP_BINARY ) . ' -d display_errors=stderr -r ' . escapeshellarg( $script ), $code );
exit( $code );
