<?php
/**
 * Who is the client: the peer, or the hop a trusted proxy vouches for.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Gate;

/**
 * Pure resolution from $_SERVER-like data. Forwarding headers are read only when the direct
 * peer is a configured trusted proxy; otherwise anyone could claim any address.
 */
final class ClientIp {

	/**
	 * Resolves the client address.
	 *
	 * With a trusted peer: CF-Connecting-IP if valid, else the right-most X-Forwarded-For hop
	 * that is not itself a trusted proxy (left-most hops are client-controlled and never trusted
	 * when an untrusted hop stands to their right).
	 *
	 * @param array<string,mixed> $server  Request server variables.
	 * @param AddressList         $trusted Trusted proxy networks.
	 * @return string Canonical address, or '' when REMOTE_ADDR is unusable.
	 */
	public static function resolve( array $server, AddressList $trusted ): string {
		$peer = IpAddress::normalize( isset( $server['REMOTE_ADDR'] ) && is_string( $server['REMOTE_ADDR'] ) ? $server['REMOTE_ADDR'] : '' );
		if ( null === $peer ) {
			return '';
		}
		if ( $trusted->is_empty() || ! $trusted->contains( $peer ) ) {
			return $peer;
		}
		if ( isset( $server['HTTP_CF_CONNECTING_IP'] ) && is_string( $server['HTTP_CF_CONNECTING_IP'] ) ) {
			$cloudflare = IpAddress::normalize( $server['HTTP_CF_CONNECTING_IP'] );
			if ( null !== $cloudflare ) {
				return $cloudflare;
			}
		}
		if ( ! isset( $server['HTTP_X_FORWARDED_FOR'] ) || ! is_string( $server['HTTP_X_FORWARDED_FOR'] ) ) {
			return $peer;
		}
		// Bound the work a huge header can cause. Keep the right end: those hops were added by
		// our own proxies; a hop cut in half on the left simply ends the walk.
		$hops   = array_slice( explode( ',', substr( $server['HTTP_X_FORWARDED_FOR'], -2048 ) ), -32 );
		$client = $peer;
		for ( $i = count( $hops ) - 1; $i >= 0; $i-- ) {
			$hop = IpAddress::normalize( $hops[ $i ] );
			if ( null === $hop ) {
				// Garbage from here leftwards was written by someone we cannot trust.
				break;
			}
			$client = $hop;
			if ( ! $trusted->contains( $hop ) ) {
				break;
			}
		}
		return $client;
	}
}
