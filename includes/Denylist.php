<?php
/**
 * The denylist: addresses and ranges refused in every mode but off.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield;

use XmlrpcShield\Gate\Cidr;
use XmlrpcShield\Gate\IpAddress;

/**
 * Stored like the allowlist (AddressListOption) and read by every layer: the plugin-load gate,
 * the early gate (GateConfig::for_early_gate()), the .htaccess block (`Require not ip`) and the
 * nginx snippet (`deny`).
 *
 * The denylist wins over the allowlist. An allowlist entry is usually a range (an office
 * /24, a preset's networks, Jetpack's ranges) chosen for who should pass; a denylist entry is
 * an explicit decision about one attacker, often one address inside such a range (a
 * compromised machine in a shared network). Letting the range win would make that decision
 * silently do nothing; letting the deny win costs at most the denied address itself, which is
 * what the owner asked for. It is also the only order all three layers can express the same
 * way: Apache's `<RequireAll>` with `Require not ip`, nginx's first-match `deny` before the
 * `allow` lines, and the gate's check before the allowlist's.
 *
 * An entry may not touch what the owner cannot mean to refuse: loopback, this server's own
 * addresses, a trusted proxy (the web-server rules see the proxy, not the client, so every
 * client behind it would be refused) or a private network (PRIVATE_NETWORKS: the site's own
 * LAN, containers, VPN or proxies, never a public client). Other special-purpose ranges
 * (IpAddress::SPECIAL_PURPOSE: documentation, benchmarking, multicast…) cut off nobody and are
 * accepted with a note that no public client sends from them.
 */
final class Denylist extends AddressListOption {

	/** What reserved_kind() answers; '' is a public network. */
	const RESERVED_KINDS = array( '', 'this-server', 'loopback', 'private' );

	/**
	 * Private networks, the part of IpAddress::SPECIAL_PURPOSE a site's own machines use:
	 * "this network", RFC 1918, carrier-grade NAT (also VPNs such as Tailscale), link-local,
	 * IPv6 unspecified and unique local.
	 */
	const PRIVATE_NETWORKS = array( '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16', '::/128', 'fc00::/7', 'fe80::/10' );

	/** Loopback: the server's own calls (WP-Cron, health checks, the early gate's probe). */
	const LOOPBACK = array( '127.0.0.0/8', '::1/128' );

	/**
	 * The option name.
	 */
	protected static function option(): string {
		return Settings::DENYLIST;
	}

	/**
	 * Validates user input as a denylist range.
	 *
	 * @param string $text Address or CIDR.
	 * @return Cidr|\WP_Error
	 */
	public static function validate( string $text ) {
		/* translators: 1: the range, 2: smallest allowed prefix length. */
		$cidr = self::parse_bounded( $text, __( '%1$s is too broad to deny: it would refuse a large part of the internet. Use a prefix of /%2$d or longer.', 'xmlrpc-shield' ) );
		if ( is_wp_error( $cidr ) ) {
			return $cidr;
		}
		$reason = self::refusal( $cidr );
		return null === $reason ? $cidr : self::invalid( $reason );
	}

	/**
	 * Why a range must not be denied, or null: the checks of validate() past the syntax, also
	 * used by Top offenders to mark the rows it offers no Block for.
	 *
	 * @param Cidr $cidr Range.
	 */
	public static function refusal( Cidr $cidr ): ?string {
		$kind = self::reserved_kind( $cidr );
		if ( 'loopback' === $kind ) {
			/* translators: %s: the range. */
			return sprintf( __( '%s is loopback: this server\'s own requests (WP-Cron, health checks, a proxy on the same host) come from it. It cannot be denied.', 'xmlrpc-shield' ), (string) $cidr );
		}
		if ( 'this-server' === $kind ) {
			/* translators: %s: the range. */
			return sprintf( __( '%s holds this server\'s own address: denying it would refuse the site\'s own requests. It cannot be denied.', 'xmlrpc-shield' ), (string) $cidr );
		}
		foreach ( TrustedProxyList::cidrs() as $proxy ) {
			$range = Cidr::try_parse( $proxy );
			if ( null !== $range && $range->overlaps( $cidr ) ) {
				return sprintf(
					/* translators: 1: the range, 2: the trusted proxy range. */
					__( '%1$s overlaps the trusted proxy %2$s: the web-server rules see the proxy\'s address, so denying it would refuse every client behind it. Deny the client\'s own address instead.', 'xmlrpc-shield' ),
					(string) $cidr,
					$proxy
				);
			}
		}
		if ( 'private' === $kind ) {
			/* translators: %s: the range. */
			return sprintf( __( '%s is a private network (such as 10.0.0.0/8, 192.168.0.0/16, carrier-grade NAT or link-local): its addresses are your own network, containers, VPN or proxies, never a public client. It cannot be denied here; use your firewall if you must.', 'xmlrpc-shield' ), (string) $cidr );
		}
		return null;
	}

	/**
	 * What kind of reserved network a range touches: 'loopback', 'this-server', 'private'
	 * (PRIVATE_NETWORKS) or '' for any other.
	 *
	 * @param Cidr          $cidr    Range.
	 * @param string[]|null $servers This server's addresses (Allowlist::server_addresses() when null).
	 */
	public static function reserved_kind( Cidr $cidr, ?array $servers = null ): string {
		foreach ( self::LOOPBACK as $loopback ) {
			if ( Cidr::parse( $loopback )->overlaps( $cidr ) ) {
				return 'loopback';
			}
		}
		foreach ( $servers ?? Allowlist::server_addresses() as $server ) {
			$address = Cidr::try_parse( $server );
			if ( null !== $address && $address->overlaps( $cidr ) ) {
				return 'this-server';
			}
		}
		foreach ( self::PRIVATE_NETWORKS as $private ) {
			if ( Cidr::parse( $private )->overlaps( $cidr ) ) {
				return 'private';
			}
		}
		return '';
	}

	/**
	 * What the owner should know about a stored entry ('' when nothing): the allowlist also
	 * holds some of it (it is refused all the same: the denylist wins), or it is a
	 * special-purpose range no public client sends from.
	 *
	 * @param string $cidr A stored denylist entry.
	 */
	public static function note( string $cidr ): string {
		$range = Cidr::try_parse( $cidr );
		if ( null === $range ) {
			return '';
		}
		$notes   = array();
		$allowed = Allowlist::overlapping_entry( $range );
		if ( null !== $allowed ) {
			$notes[] = sprintf(
				/* translators: 1: the denied range, 2: the allowlist entry. */
				__( '%1$s is also inside the allowlisted %2$s; the denylist wins, so it is refused.', 'xmlrpc-shield' ),
				$cidr,
				$allowed['cidr']
			);
		}
		if ( IpAddress::is_special_purpose( $range ) ) {
			$notes[] = sprintf(
				/* translators: %s: the denied range. */
				__( '%s is a special-purpose range (documentation, benchmarking, multicast or reserved): no public client sends from it, so this entry will rarely refuse anything.', 'xmlrpc-shield' ),
				$cidr
			);
		}
		return implode( ' ', $notes );
	}

	/**
	 * The denylist's sentences.
	 *
	 * @param string $kind Error kind.
	 */
	protected static function message( string $kind ): string {
		switch ( $kind ) {
			case 'duplicate':
				/* translators: %s: the range. */
				return __( '%s is already on the denylist.', 'xmlrpc-shield' );
			case 'covered':
				/* translators: 1: the address or range, 2: the denylist entry that holds it. */
				return __( '%1$s is already covered by %2$s on the denylist: nothing to add.', 'xmlrpc-shield' );
			case 'full':
				/* translators: %d: maximum entries. */
				return __( 'The denylist holds at most %d entries: deny whole networks, or block them in your firewall.', 'xmlrpc-shield' );
			default:
				/* translators: %s: the range. */
				return __( '%s is not on the denylist.', 'xmlrpc-shield' );
		}
	}
}
