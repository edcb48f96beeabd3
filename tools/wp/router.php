<?php
/**
 * Router for PHP's built-in server (`npm start`, tests): serves files as the server would,
 * but never the SQLite database or other dot-files.
 *
 * @package XmlrpcShield
 */

$xs_path = (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ); // phpcs:ignore WordPress.WP.AlternativeFunctions.parse_url_parse_url
if ( false !== strpos( $xs_path, '/.ht' ) || false !== strpos( $xs_path, '/wp-content/database/' ) || false !== strpos( $xs_path, '/wp-content/xmlrpc-shield/' ) ) {
	http_response_code( 403 );
	echo "Forbidden\n";
	return true;
}
// A subdirectory network (multisite tests): /<site>/xmlrpc.php and the like are core's own
// files at the root, as the rewrite rules WordPress gives Apache for such a network say.
$xs_root = (string) $_SERVER['DOCUMENT_ROOT'];
if ( ! is_file( $xs_root . $xs_path ) && preg_match( '#^/[_0-9a-zA-Z-]+(/(?:wp-admin/)?[^/]+\.php)$#', $xs_path, $xs_match ) && is_file( $xs_root . $xs_match[1] ) ) {
	$_SERVER['SCRIPT_FILENAME'] = $xs_root . $xs_match[1];
	$_SERVER['SCRIPT_NAME']     = $xs_match[1];
	$_SERVER['PHP_SELF']        = $xs_match[1];
	chdir( dirname( $_SERVER['SCRIPT_FILENAME'] ) );
	require $_SERVER['SCRIPT_FILENAME'];
	return true;
}
return false;
