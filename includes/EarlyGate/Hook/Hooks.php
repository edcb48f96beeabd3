<?php
/**
 * The hook kinds by name.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\EarlyGate\Hook;

/**
 * Maps a method name (REST, WP-CLI, the saved state) to its hook.
 */
final class Hooks {

	/** Hook kinds, as the owner names them. */
	const METHODS = array( 'htaccess', 'user-ini', 'mu-plugin' );

	/**
	 * The hook of a method.
	 *
	 * @param string $method One of METHODS.
	 */
	public static function of( string $method ): Hook {
		if ( 'htaccess' === $method ) {
			return new HtaccessHook();
		}
		return 'user-ini' === $method ? new UserIniHook() : new MustUseHook();
	}
}
