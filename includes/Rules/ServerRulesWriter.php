<?php
/**
 * Writes, checks and removes the web-server rules block in .htaccess.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rules;

use XmlrpcShield\Allowlist;
use XmlrpcShield\Denylist;
use XmlrpcShield\Files\AtomicFile;
use XmlrpcShield\Files\HomePath;
use XmlrpcShield\Files\MarkerBlock;
use XmlrpcShield\Paths;
use XmlrpcShield\Settings;
use XmlrpcShield\TrustedProxyList;

/**
 * Edits only its own marker block (Files\MarkerBlock), so other plugins' blocks and
 * WordPress's rewrite rules are never touched.
 */
final class ServerRulesWriter {

	// Neither this nor the early gate's marker may be a prefix of the other: core's marker
	// helpers match with strpos(), so "XML-RPC Shield" would grab "XML-RPC Shield Early Gate"
	// there (MarkerBlock itself matches whole lines).
	const MARKER = 'XML-RPC Shield Rules';

	/**
	 * Path of the site's .htaccess.
	 */
	public static function htaccess_path(): string {
		return HomePath::file( '.htaccess' );
	}

	/**
	 * Our block in the site's .htaccess.
	 */
	private static function block(): MarkerBlock {
		return new MarkerBlock( self::htaccess_path(), self::MARKER );
	}

	/**
	 * Whether this server reads .htaccess (Apache or LiteSpeed).
	 */
	public static function server_supported(): bool {
		global $is_apache;
		// $is_apache covers Apache and LiteSpeed; tests and CLI runs may pin the answer.
		return (bool) apply_filters( 'xmlrpc_shield_server_reads_htaccess', (bool) $is_apache );
	}

	/**
	 * Lines currently between our markers.
	 *
	 * @return string[]
	 */
	public static function current_lines(): array {
		return array_values(
			array_filter(
				self::block()->lines(),
				static function ( string $line ): bool {
					return '' !== $line;
				}
			)
		);
	}

	/**
	 * Lines the current settings call for.
	 *
	 * @return string[]
	 */
	public static function desired_lines(): array {
		/**
		 * Addresses the .htaccess block always lets through besides the allowlist: loopback by
		 * default, so the server's own requests work. An empty array denies loopback too.
		 *
		 * @param string[] $always Addresses or ranges.
		 */
		$always = apply_filters( 'xmlrpc_shield_htaccess_always_allow', HtaccessRules::LOOPBACK );
		return HtaccessRules::render( Settings::mode(), Allowlist::cidrs(), is_array( $always ) ? array_map( 'strval', $always ) : HtaccessRules::LOOPBACK, Denylist::cidrs() );
	}

	/**
	 * State for status displays, with drift detection.
	 *
	 * @return array{installed:bool, in_sync:bool, supported:bool}
	 */
	public static function status(): array {
		$current = self::current_lines();
		$enabled = (bool) get_option( Settings::SERVER_RULES, false );
		return array(
			'installed' => array() !== $current,
			'in_sync'   => $enabled ? HtaccessRules::matches( $current, self::desired_lines() ) : array() === $current,
			'supported' => self::server_supported(),
		);
	}

	/**
	 * One sentence for where the server rules are offered, '' without trusted proxies: behind a
	 * CDN or proxy the web server sees the proxy's address, so its `Require not ip` / `deny`
	 * lines (the denylist) and `Require ip` / `allow` lines (the allowlist) match the proxy,
	 * never the client, unless mod_remoteip or nginx's realip module names the client.
	 */
	public static function proxy_note(): string {
		return array() === TrustedProxyList::cidrs() ? '' : __( 'Behind your trusted proxies (a CDN or load balancer) Apache and nginx see the proxy\'s address, not the client\'s, so these rules\' denylist and allowlist lines match no client unless mod_remoteip (Apache) or the realip module (nginx) gives the web server the client\'s address; the plugin\'s own gates refuse denylisted clients either way.', 'xmlrpc-shield' );
	}

	/**
	 * Keeps the live block in step with the settings, when the owner turned rules on.
	 */
	public static function register(): void {
		foreach ( array( Settings::MODE, Settings::ALLOWLIST, Settings::DENYLIST ) as $option ) {
			add_action( 'update_option_' . $option, array( self::class, 'sync' ) );
			add_action( 'add_option_' . $option, array( self::class, 'sync' ) );
		}
	}

	/**
	 * Rewrites the block after a settings change; never turns rules on by itself.
	 */
	public static function sync(): void {
		if ( get_option( Settings::SERVER_RULES, false ) && self::server_supported() ) {
			self::write();
		}
	}

	/**
	 * Writes the block the settings call for and turns syncing on. Keeps a backup, checks the
	 * result by reading it back, and restores the backup if anything else changed.
	 *
	 * @return true|\WP_Error
	 */
	public static function write() {
		$lines = self::desired_lines();
		if ( ! self::server_supported() ) {
			return new \WP_Error(
				'xmlrpc_shield_rules_unsupported',
				__( 'This server does not read .htaccess files (it is not Apache or LiteSpeed). Use the nginx snippet or your firewall instead.', 'xmlrpc-shield' ),
				array( 'status' => 400 )
			);
		}
		$file = self::htaccess_path();
		if ( ! HomePath::writable( $file ) ) {
			return new \WP_Error(
				'xmlrpc_shield_rules_not_writable',
				sprintf(
					/* translators: 1: file path, 2: the lines to paste. */
					__( '%1$s cannot be written. Paste these lines into it yourself: %2$s', 'xmlrpc-shield' ),
					$file,
					"\n" . self::block_text( $lines )
				),
				array(
					'status' => 409,
					'lines'  => $lines,
				)
			);
		}
		$block   = self::block();
		$before  = AtomicFile::read( $file );
		$outside = $block->outside();
		self::backup( $before );
		$written = $block->replace( $lines );
		// Everything outside our block must be exactly as it was; ours must say what we meant.
		// A final newline added to a file that lacked one is not a change.
		if ( ! $written || rtrim( $block->outside(), "\n" ) !== rtrim( $outside, "\n" ) || ! HtaccessRules::matches( self::current_lines(), $lines ) ) {
			self::restore( $file, $before );
			return new \WP_Error( 'xmlrpc_shield_rules_write_failed', __( 'Writing .htaccess did not give the expected result, so the previous file was put back.', 'xmlrpc-shield' ), array( 'status' => 500 ) );
		}
		update_option( Settings::SERVER_RULES, true, false );
		return true;
	}

	/**
	 * Removes our block (deactivation, uninstall, or the owner turning rules off).
	 *
	 * @param bool $forget Also turn syncing off (false on deactivation: activation restores).
	 */
	public static function remove( bool $forget = true ): bool {
		if ( $forget ) {
			delete_option( Settings::SERVER_RULES );
		}
		$block = self::block();
		if ( ! $block->exists() ) {
			return true;
		}
		self::backup( AtomicFile::read( self::htaccess_path() ) );
		return $block->remove();
	}

	/**
	 * The lines as they would sit in the file, for owners who paste by hand.
	 *
	 * @param string[] $lines Lines.
	 */
	public static function block_text( array $lines ): string {
		return self::block()->text( $lines );
	}

	/**
	 * Keeps the last .htaccess we changed in our data directory (which denies web access).
	 *
	 * @param string $contents Previous contents.
	 */
	private static function backup( string $contents ): void {
		Paths::ensure_data_dir();
		AtomicFile::write( Paths::htaccess_backup(), $contents );
	}

	/**
	 * Puts the previous contents back.
	 *
	 * @param string $file     Path.
	 * @param string $contents Previous contents ('' removes a file we created).
	 */
	private static function restore( string $file, string $contents ): void {
		if ( '' === $contents ) {
			AtomicFile::delete( $file );
			return;
		}
		AtomicFile::write( $file, $contents );
	}
}
