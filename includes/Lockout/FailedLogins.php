<?php
/**
 * Failed XML-RPC logins: recorded as their own outcome and counted towards a lockout.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Lockout;

use XmlrpcShield\Allowlist;
use XmlrpcShield\Gate\AddressList;
use XmlrpcShield\Gate\CallGuard;
use XmlrpcShield\Gate\ClientIp;
use XmlrpcShield\Gate\TrustedProxies;
use XmlrpcShield\Settings;
use XmlrpcShield\TrustedProxyList;

/**
 * Core's wp_xmlrpc_server::login() applies the xmlrpc_login_error filter each time it refuses
 * credentials. After the first refusal in a request it refuses every later login of that request
 * (a system.multicall batch) without checking them, as 'login_prevented': those are no guesses
 * and are not counted, so one request counts as many failures as passwords core really checked.
 */
final class FailedLogins {

	/** The error code core gives logins it refused without checking (auth_failed already set). */
	const NOT_CHECKED = 'login_prevented';

	/**
	 * Hooks core's login error (XML-RPC requests only; Plugin::boot() decides).
	 */
	public static function register(): void {
		add_filter( 'xmlrpc_login_error', array( self::class, 'on_login_error' ), 10, 2 );
	}

	/**
	 * Filter callback: records the failure, returns core's error unchanged.
	 *
	 * @param mixed $error Core's IXR_Error.
	 * @param mixed $user  The WP_Error wp_authenticate() returned.
	 * @return mixed
	 */
	public static function on_login_error( $error, $user ) {
		if ( $user instanceof \WP_Error && self::NOT_CHECKED === $user->get_error_code() ) {
			return $error;
		}
		CallGuard::login_failed();
		self::count( $_SERVER, time() );
		return $error;
	}

	/**
	 * Counts a failed login for the request's client (named as the gates name it: trusted
	 * proxies respected) and, when that starts a lockout, hands it to the early gate.
	 *
	 * @param array<string,mixed> $server Server variables.
	 * @param int                 $now    Current time.
	 */
	public static function count( array $server, int $now ): void {
		$ip = ClientIp::resolve( $server, new TrustedProxies( TrustedProxyList::entries() ) );
		if ( '' === $ip ) {
			return;
		}
		$allowlisted = ( new AddressList( Allowlist::cidrs() ) )->contains( $ip );
		if ( LockoutTable::record_failure( $ip, $allowlisted, LockoutPolicy::get(), $now ) ) {
			Lockouts::publish();
		}
	}
}
