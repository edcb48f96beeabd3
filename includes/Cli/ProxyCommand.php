<?php
/**
 * `wp xmlrpc-shield proxy`: the trusted proxies from the terminal.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Cli;

use WP_CLI;
use XmlrpcShield\Settings;
use XmlrpcShield\TrustedProxyList;

/**
 * Adds, removes and lists the proxies whose forwarding header names the client. Cloudflare's
 * edge ranges are believed for CF-Connecting-IP, every other proxy for X-Forwarded-For.
 */
final class ProxyCommand {

	/**
	 * Trusts a proxy's address or range.
	 *
	 * ## OPTIONS
	 *
	 * <range>
	 * : IPv4 or IPv6 address or CIDR range of the proxy, e.g. 10.0.0.0/8. Ranges covering
	 * every address (0.0.0.0/0, ::/0) or broader than /8 (IPv4) or /16 (IPv6) are refused.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield proxy add 127.0.0.1
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function add( $args, $assoc_args ): void {
		self::save( array_merge( TrustedProxyList::cidrs(), array( $args[0] ) ) );
		// Saved, so it validated: the canonical form.
		$canonical = TrustedProxyList::validate( $args[0] );
		WP_CLI::success( sprintf( 'Trusted %s.', is_wp_error( $canonical ) ? $args[0] : $canonical ) );
	}

	/**
	 * Stops trusting a proxy.
	 *
	 * ## OPTIONS
	 *
	 * <range>
	 * : The address or range as listed.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield proxy remove 127.0.0.1/32
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function remove( $args, $assoc_args ): void {
		$canonical = TrustedProxyList::validate( $args[0] );
		$key       = is_wp_error( $canonical ) ? trim( $args[0] ) : $canonical;
		$proxies   = TrustedProxyList::cidrs();
		if ( ! in_array( $key, $proxies, true ) ) {
			WP_CLI::error( sprintf( '%s is not a trusted proxy.', $key ) );
		}
		self::save( array_values( array_diff( $proxies, array( $key ) ) ) );
		WP_CLI::success( sprintf( 'No longer trusting %s.', $key ) );
	}

	/**
	 * Lists the trusted proxies and the header each is believed for.
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : Output format.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - csv
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield proxy list --format=json
	 *
	 * @subcommand list
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function list_( $args, $assoc_args ): void {
		WP_CLI\Utils\format_items( $assoc_args['format'] ?? 'table', TrustedProxyList::entries(), array( 'cidr', 'header' ) );
	}

	/**
	 * Trusts Cloudflare's published edge ranges (believed for CF-Connecting-IP).
	 *
	 * ## OPTIONS
	 *
	 * <preset>
	 * : Which preset.
	 * ---
	 * options:
	 *   - cloudflare
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield proxy preset cloudflare
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function preset( $args, $assoc_args ): void {
		$result = Settings::add_proxy_preset( $args[0] );
		if ( is_wp_error( $result ) ) {
			WP_CLI::error( $result->get_error_message() );
		}
		WP_CLI::success( sprintf( '%d trusted proxy ranges.', count( TrustedProxyList::cidrs() ) ) );
	}

	/**
	 * Saves the whole list, all or nothing; an error ends the command.
	 *
	 * @param string[] $proxies Ranges.
	 */
	private static function save( array $proxies ): void {
		$result = Settings::update( array( 'trusted_proxies' => $proxies ) );
		if ( is_wp_error( $result ) ) {
			WP_CLI::error( $result->get_error_message() );
		}
	}
}
