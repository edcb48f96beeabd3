<?php
/**
 * Who is the client: the peer, or the hop a trusted proxy vouches for.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Gate;

/**
 * Pure resolution from $_SERVER-like data. A forwarding header is read only when the direct
 * peer is a trusted proxy known to set that header; otherwise anyone could claim any address.
 */
final class ClientIp {

	/** Bytes of X-Forwarded-For read (from its right end). */
	const MAX_HEADER_BYTES = 2048;

	/** Hops of X-Forwarded-For walked at most. */
	const MAX_HOPS = 32;

	/**
	 * Resolves the client address.
	 *
	 * From a Cloudflare peer: CF-Connecting-IP, the header Cloudflare documents for the
	 * visitor's address and overwrites on every request (one address, nothing to walk); when
	 * it is missing or invalid, the peer. From any other trusted peer: the right-most
	 * X-Forwarded-For hop that is not itself a trusted proxy (left-most hops are
	 * client-controlled and never trusted when an untrusted hop stands to their right);
	 * CF-Connecting-IP from such a peer is ignored, since it passes that header on untouched,
	 * unless the walk reaches a Cloudflare edge hop (Cloudflare in front of our own proxy).
	 *
	 * @param array<string,mixed> $server  Request server variables.
	 * @param TrustedProxies      $trusted Trusted proxies and the header each sets.
	 * @return string Canonical address, or '' when REMOTE_ADDR is unusable.
	 */
	public static function resolve( array $server, TrustedProxies $trusted ): string {
		$peer = IpAddress::normalize( isset( $server['REMOTE_ADDR'] ) && is_string( $server['REMOTE_ADDR'] ) ? $server['REMOTE_ADDR'] : '' );
		if ( null === $peer ) {
			return '';
		}
		$header = $trusted->is_empty() ? null : $trusted->header_for( $peer );
		if ( null === $header ) {
			return $peer;
		}
		if ( TrustedProxies::HEADER_CF_CONNECTING_IP === $header ) {
			return self::cloudflare_visitor( $server ) ?? $peer;
		}
		if ( ! isset( $server['HTTP_X_FORWARDED_FOR'] ) || ! is_string( $server['HTTP_X_FORWARDED_FOR'] ) ) {
			return $peer;
		}
		// Bound the work a huge header can cause. Keep the right end: those hops were added by
		// our own proxies; a hop cut in half on the left simply ends the walk.
		$hops   = array_slice( explode( ',', substr( $server['HTTP_X_FORWARDED_FOR'], -self::MAX_HEADER_BYTES ) ), -self::MAX_HOPS );
		$client = $peer;
		for ( $i = count( $hops ) - 1; $i >= 0; $i-- ) {
			$hop = IpAddress::normalize( self::without_port( $hops[ $i ] ) );
			if ( null === $hop ) {
				// Garbage from here leftwards was written by someone we cannot trust.
				break;
			}
			$client     = $hop;
			$hop_header = $trusted->header_for( $hop );
			if ( null === $hop_header ) {
				break;
			}
			if ( TrustedProxies::HEADER_CF_CONNECTING_IP === $hop_header ) {
				// Our own proxies saw Cloudflare's edge as their peer, so the request came
				// through Cloudflare, which overwrote CF-Connecting-IP (whether or not the
				// proxy in front of us appended to X-Forwarded-For or replaced it).
				$visitor = self::cloudflare_visitor( $server );
				if ( null !== $visitor ) {
					return $visitor;
				}
			}
		}
		return $client;
	}

	/**
	 * The valid address in CF-Connecting-IP, if any.
	 *
	 * @param array<string,mixed> $server Request server variables.
	 */
	private static function cloudflare_visitor( array $server ): ?string {
		return isset( $server['HTTP_CF_CONNECTING_IP'] ) && is_string( $server['HTTP_CF_CONNECTING_IP'] ) ? IpAddress::normalize( $server['HTTP_CF_CONNECTING_IP'] ) : null;
	}

	/**
	 * A hop without the port some proxies add: `192.0.2.1:5678` and `[2001:db8::1]:443` name
	 * the addresses 192.0.2.1 and 2001:db8::1. A bare IPv6 address keeps its colons.
	 *
	 * @param string $hop One X-Forwarded-For element.
	 */
	private static function without_port( string $hop ): string {
		$hop = trim( $hop, " \t" );
		if ( preg_match( '/^\[([^\[\]]+)\](?::\d{1,5})?$/', $hop, $match ) ) {
			return $match[1];
		}
		if ( preg_match( '/^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/', $hop, $match ) ) {
			return $match[1];
		}
		return $hop;
	}
}
