<?php
/**
 * The clients locked out after failed XML-RPC logins, as the gates see them.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Gate;

/**
 * Pure: a map of client key => locked-until time, looked up by address. The early gate gets the
 * map from its settings file, the plugin-load gate and CallGuard from the database
 * (Lockout\LockoutTable::gate_map()); an entry whose time has passed no longer refuses, so an
 * expired lockout ends in every layer at the same second without any file being rewritten.
 */
final class LockoutList {

	/**
	 * An IPv6 client is keyed by its /64: one subscriber or server usually holds a whole /64
	 * and can pick any address in it, so locking out one address would lock out nothing.
	 */
	const IPV6_PREFIX = 64;

	/**
	 * Client key => unix time the lockout ends.
	 *
	 * @var array<string,int>
	 */
	private $until;

	/**
	 * Builds the list.
	 *
	 * @param array<mixed> $until Client key => unix time (non-integer values are ignored).
	 */
	public function __construct( array $until ) {
		$this->until = array();
		foreach ( $until as $key => $time ) {
			if ( is_numeric( $time ) ) {
				$this->until[ (string) $key ] = (int) $time;
			}
		}
	}

	/**
	 * The key a client address is counted and locked out under: an IPv4 address as it is, an
	 * IPv6 address as its /64 (e.g. 2001:db8:1:2::/64). '' for an invalid address.
	 *
	 * @param string $ip Client address.
	 */
	public static function client_key( string $ip ): string {
		$packed = IpAddress::to_binary( $ip );
		if ( null === $packed ) {
			return '';
		}
		if ( 4 === strlen( $packed ) ) {
			return (string) inet_ntop( $packed );
		}
		return inet_ntop( Cidr::mask( $packed, self::IPV6_PREFIX ) ) . '/' . self::IPV6_PREFIX;
	}

	/**
	 * When the address's lockout ends, or 0 when it is not locked out at $now.
	 *
	 * @param string $ip  Client address.
	 * @param int    $now Current unix time.
	 */
	public function locked_until( string $ip, int $now ): int {
		if ( array() === $this->until ) {
			return 0;
		}
		$key = self::client_key( $ip );
		return '' !== $key && isset( $this->until[ $key ] ) && $this->until[ $key ] > $now ? $this->until[ $key ] : 0;
	}
}
