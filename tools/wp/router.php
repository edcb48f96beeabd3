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
return false;
