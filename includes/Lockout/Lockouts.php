<?php
/**
 * What the owner sees and does about lockouts: the list, a release, the early gate kept in step.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Lockout;

use XmlrpcShield\EarlyGate\Installer;
use XmlrpcShield\Gate\Cidr;
use XmlrpcShield\Gate\LockoutList;

/**
 * Shared by the REST controller and WP-CLI, so both release and list the same way.
 */
final class Lockouts {

	/**
	 * The minutely WP-Cron run also forgets counts that no longer matter and clears the
	 * "some lockout is active" flag once the last one ended (the gates then stop asking).
	 */
	public static function register(): void {
		add_action( \XmlrpcShield\Log\Scheduler::INGEST_HOOK, array( self::class, 'prune' ) );
	}

	/**
	 * Prunes the table by the policy's window (cron callback).
	 */
	public static function prune(): void {
		LockoutTable::prune( time(), LockoutPolicy::get()['window_minutes'] * MINUTE_IN_SECONDS );
	}

	/**
	 * The policy and every tracked client (REST and `wp xmlrpc-shield lockout list --format=json`).
	 *
	 * @return array{policy:array<string,mixed>, items:array<int,array<string,mixed>>}
	 */
	public static function report(): array {
		return array(
			'policy' => LockoutPolicy::get(),
			'items'  => LockoutTable::rows( time() ),
		);
	}

	/**
	 * The client key for what a user typed: an address (an IPv6 one stands for its /64) or the
	 * key as the list shows it (an IPv6 /64).
	 *
	 * @param string $text Input.
	 * @return string|\WP_Error
	 */
	public static function key_for( string $text ) {
		$text = trim( $text );
		$key  = LockoutList::client_key( $text );
		if ( '' === $key && false !== strpos( $text, '/' ) ) {
			$cidr = Cidr::try_parse( $text );
			if ( null !== $cidr && $cidr->is_ipv6() && LockoutList::IPV6_PREFIX === $cidr->prefix() ) {
				$key = (string) $cidr;
			}
		}
		if ( '' === $key ) {
			return new \WP_Error(
				'rest_invalid_param',
				/* translators: %s: what was given. */
				sprintf( __( '"%s" is not an IP address (or the /64 of an IPv6 one, as the lockout list shows it).', 'xmlrpc-shield' ), $text ),
				array(
					'status' => 400,
					'params' => array( 'client' => __( 'Give an IP address.', 'xmlrpc-shield' ) ),
				)
			);
		}
		return $key;
	}

	/**
	 * Releases a client: its lockout ends and its count starts again from zero, in every layer.
	 *
	 * @param string $text Address or client key.
	 * @return string|\WP_Error The released key; 400 for bad input, 404 when it is not listed.
	 */
	public static function release( string $text ) {
		$key = self::key_for( $text );
		if ( is_wp_error( $key ) ) {
			return $key;
		}
		if ( ! LockoutTable::release( $key ) ) {
			return new \WP_Error(
				'xmlrpc_shield_not_locked_out',
				/* translators: %s: address. */
				sprintf( __( '%s has no failed logins on record: nothing to release.', 'xmlrpc-shield' ), $key ),
				array( 'status' => 404 )
			);
		}
		self::publish();
		LockoutTable::clear_flag_when_idle( time() );
		return $key;
	}

	/**
	 * Rewrites the early gate's settings (when installed), whose config carries the lockouts
	 * in force: it refuses a locked-out client at its next request, before WordPress loads.
	 */
	public static function publish(): void {
		Installer::write_settings();
	}
}
