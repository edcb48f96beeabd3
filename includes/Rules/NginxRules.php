<?php
/**
 * The nginx equivalent, for the owner to paste: nginx does not read .htaccess.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rules;

use XmlrpcShield\Gate\Decider;

/**
 * Renders `location` blocks for a server { } block.
 */
final class NginxRules {

	/** Debian's PHP-FPM 8.2 socket, the snippet's default fastcgi_pass. */
	const DEFAULT_FASTCGI_PASS = 'unix:/run/php/php8.2-fpm.sock';

	/**
	 * The whole snippet the admin page and WP-CLI show: the xmlrpc.php rules for the mode and
	 * the deny for the data folder.
	 *
	 * @param string      $mode         Mode.
	 * @param string[]    $cidrs        Allowlisted ranges.
	 * @param string      $fastcgi_pass PHP-FPM address.
	 * @param string|null $data_path    URL path of the data folder (Paths::data_url_path()),
	 *                                  null when it is outside what the web server maps.
	 */
	public static function snippet( string $mode, array $cidrs, string $fastcgi_pass, ?string $data_path ): string {
		return self::render( $mode, $cidrs, $fastcgi_pass ) . self::data_deny( $data_path );
	}

	/**
	 * A deny for the data folder in every mode: nginx ignores the folder's .htaccess, and the
	 * folder holds the hit spool (client addresses, user agents). `^~` keeps regex locations
	 * (the usual `\.php$` one) from taking its PHP files first; nginx matches the decoded,
	 * slash-merged path, so encoded or doubled spellings are denied too.
	 *
	 * @param string|null $data_path URL path ending in a slash, or null.
	 */
	public static function data_deny( ?string $data_path ): string {
		if ( null === $data_path ) {
			return "# The data folder is outside WordPress's folders: nothing to deny for it.\n";
		}
		if ( ! preg_match( '#^/[A-Za-z0-9._~/-]*/$#', $data_path ) ) {
			return "# Deny web access to the data folder {$data_path} yourself (its name needs quoting).\n";
		}
		return "# The plugin's data folder (hit log spool, lock, early gate): never served.\n"
			. "location ^~ {$data_path} {\n"
			. "\tdeny all;\n"
			. "}\n";
	}

	/**
	 * The snippet. Allowed clients still need PHP, so the xmlrpc.php location passes them to
	 * PHP-FPM the way Debian's default site does; adjust fastcgi_pass to your socket. The
	 * locations ignore case (~*): on a case-insensitive filesystem /XMLRPC.PHP is the same file.
	 * They also take a path after the script (/xmlrpc.php/x): servers that pass PATH_INFO to
	 * PHP (nginx's own PHP example, `location ~ [^/]\.php(/|$)`) run the script for it.
	 * nginx tries regex locations in the order they appear, hence "above" in the first line.
	 *
	 * @param string   $mode         Mode.
	 * @param string[] $cidrs        Allowlisted ranges.
	 * @param string   $fastcgi_pass PHP-FPM address.
	 */
	public static function render( string $mode, array $cidrs, string $fastcgi_pass = 'unix:/run/php/php8.2-fpm.sock' ): string {
		if ( Decider::MODE_BLOCK !== $mode ) {
			return "# XML-RPC Shield: in this mode nginx needs no rule for xmlrpc.php; the plugin decides in PHP.\n";
		}
		$allow = '';
		foreach ( array_unique( array_merge( HtaccessRules::LOOPBACK, array_map( 'strval', $cidrs ) ) ) as $cidr ) {
			$allow .= "\tallow {$cidr};\n";
		}
		return "# XML-RPC Shield: paste inside your site's server { } block above its other regex (~) locations, then run nginx -t and reload.\n"
			. "location ~* ^/xmlrpc\\.php(/|$) {\n"
			. $allow
			. "\tdeny all;\n"
			. "\tinclude snippets/fastcgi-php.conf;\n"
			. "\tfastcgi_pass {$fastcgi_pass};\n"
			. "}\n"
			. "location ~* ^/wp-trackback\\.php(/|$) {\n"
			. "\tdeny all;\n"
			. "}\n";
	}
}
