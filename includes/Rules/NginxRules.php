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

	/**
	 * The snippet. Allowed clients still need PHP, so the xmlrpc.php location passes them to
	 * PHP-FPM the way Debian's default site does; adjust fastcgi_pass to your socket. The
	 * locations ignore case (~*): on a case-insensitive filesystem /XMLRPC.PHP is the same file.
	 * nginx tries regex locations in the order they appear, hence "above" in the first line.
	 *
	 * @param string   $mode         Mode.
	 * @param string[] $cidrs        Allowlisted ranges.
	 * @param string   $fastcgi_pass PHP-FPM address.
	 */
	public static function render( string $mode, array $cidrs, string $fastcgi_pass = 'unix:/run/php/php8.2-fpm.sock' ): string {
		if ( Decider::MODE_BLOCK !== $mode ) {
			return "# XML-RPC Shield: in this mode nginx needs no rule; the plugin decides in PHP.\n";
		}
		$allow = '';
		foreach ( array_unique( array_merge( HtaccessRules::LOOPBACK, array_map( 'strval', $cidrs ) ) ) as $cidr ) {
			$allow .= "\tallow {$cidr};\n";
		}
		return "# XML-RPC Shield: paste inside your site's server { } block above its other regex (~) locations, then run nginx -t and reload.\n"
			. "location ~* ^/xmlrpc\\.php$ {\n"
			. $allow
			. "\tdeny all;\n"
			. "\tinclude snippets/fastcgi-php.conf;\n"
			. "\tfastcgi_pass {$fastcgi_pass};\n"
			. "}\n"
			. "location ~* ^/wp-trackback\\.php$ {\n"
			. "\tdeny all;\n"
			. "}\n";
	}
}
