<?php
/**
 * An IPv4 or IPv6 network in CIDR form.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Gate;

/**
 * Immutable network + prefix length, compared on binary addresses.
 */
final class Cidr {

	/**
	 * The broadest IPv4 range any of our lists accepts (allowlist, denylist, trusted proxies):
	 * a wider one would let most of the internet through, or shut it out.
	 */
	const MIN_LIST_PREFIX_V4 = 8;

	/** The same bound for IPv6. */
	const MIN_LIST_PREFIX_V6 = 16;

	/**
	 * Network address, 4 or 16 bytes, host bits cleared.
	 *
	 * @var string
	 */
	private $network;

	/**
	 * Prefix length in bits.
	 *
	 * @var int
	 */
	private $prefix;

	/**
	 * Use Cidr::parse().
	 *
	 * @param string $network Binary network address.
	 * @param int    $prefix  Prefix length.
	 */
	private function __construct( string $network, int $prefix ) {
		$this->network = $network;
		$this->prefix  = $prefix;
	}

	/**
	 * Parses "192.0.2.1", "192.0.2.0/24", "2001:db8::/32" or "::ffff:192.0.2.0/120".
	 *
	 * Host bits are cleared ("192.0.2.7/24" becomes "192.0.2.0/24"): the intent is clear and
	 * the normalised form is what gets stored and shown.
	 *
	 * @param string $text CIDR or single address.
	 * @throws InvalidCidr With the reason, in plain words.
	 */
	public static function parse( string $text ): self {
		$text = trim( $text );
		if ( '' === $text ) {
			throw new InvalidCidr( 'Enter an IP address or a CIDR range such as 192.0.2.0/24.' );
		}
		$parts = explode( '/', $text );
		if ( count( $parts ) > 2 ) {
			throw new InvalidCidr( sprintf( '"%s" has more than one "/".', self::clip( $text ) ) );
		}
		$raw_address = $parts[0];
		$packed      = IpAddress::to_binary( $raw_address );
		if ( null === $packed ) {
			throw new InvalidCidr( sprintf( '"%s" is not a valid IPv4 or IPv6 address.', self::clip( $raw_address ) ) );
		}
		$max = 8 * strlen( $packed );
		if ( 1 === count( $parts ) ) {
			return new self( $packed, $max );
		}
		$prefix_text = $parts[1];
		if ( ! preg_match( '/^\d{1,3}$/', $prefix_text ) ) {
			throw new InvalidCidr( sprintf( 'The prefix "/%s" must be a whole number.', self::clip( $prefix_text ) ) );
		}
		$prefix = (int) $prefix_text;
		// A mapped address written with an IPv6 prefix (::ffff:a.b.c.d/120) keeps its IPv4 meaning.
		$mapped = 4 === strlen( $packed ) && false !== strpos( $raw_address, ':' );
		if ( $mapped ) {
			if ( $prefix < 96 || $prefix > 128 ) {
				throw new InvalidCidr( sprintf( 'The prefix /%d is out of range for an IPv4-mapped address: use /96 to /128.', $prefix ) );
			}
			$prefix -= 96;
		}
		if ( $prefix > $max ) {
			$family = 32 === $max ? 'IPv4' : 'IPv6';
			throw new InvalidCidr( sprintf( 'The prefix /%1$d is out of range: %2$s allows /0 to /%3$d.', $prefix, $family, $max ) );
		}
		return new self( self::mask( $packed, $prefix ), $prefix );
	}

	/**
	 * Parses or returns null.
	 *
	 * @param string $text CIDR text.
	 */
	public static function try_parse( string $text ): ?self {
		try {
			return self::parse( $text );
		} catch ( InvalidCidr $e ) {
			return null;
		}
	}

	/**
	 * Clears the host bits of a binary address.
	 *
	 * @param string $packed Binary address.
	 * @param int    $prefix Bits to keep.
	 */
	public static function mask( string $packed, int $prefix ): string {
		$bytes  = strlen( $packed );
		$result = '';
		for ( $i = 0; $i < $bytes; $i++ ) {
			$bits    = max( 0, min( 8, $prefix - 8 * $i ) );
			$mask    = 0 === $bits ? 0 : ( 0xff << ( 8 - $bits ) ) & 0xff;
			$result .= chr( ord( $packed[ $i ] ) & $mask );
		}
		return $result;
	}

	/**
	 * Whether the address lies inside this network (IPv4-mapped IPv6 counts as IPv4).
	 *
	 * @param string $address Address text.
	 */
	public function contains( string $address ): bool {
		$packed = IpAddress::to_binary( $address );
		return null !== $packed && $this->contains_binary( $packed );
	}

	/**
	 * Like contains(), for an already converted address.
	 *
	 * @param string $packed Binary address.
	 */
	public function contains_binary( string $packed ): bool {
		if ( strlen( $packed ) !== strlen( $this->network ) ) {
			return false;
		}
		return self::mask( $packed, $this->prefix ) === $this->network;
	}

	/**
	 * Whether this network holds every address of its family (/0, ::/0, ::ffff:0:0/96).
	 */
	public function covers_everything(): bool {
		return 0 === $this->prefix;
	}

	/**
	 * Whether every address of the other network lies inside this one.
	 *
	 * @param Cidr $other Network.
	 */
	public function covers( Cidr $other ): bool {
		return $this->prefix <= $other->prefix && $this->contains_binary( $other->network );
	}

	/**
	 * Whether the two networks share any address: for CIDRs, one always covers the other.
	 *
	 * @param Cidr $other Network.
	 */
	public function overlaps( Cidr $other ): bool {
		return $this->covers( $other ) || $other->covers( $this );
	}

	/**
	 * Prefix length in bits.
	 */
	public function prefix(): int {
		return $this->prefix;
	}

	/**
	 * Whether this is an IPv6 network.
	 */
	public function is_ipv6(): bool {
		return 16 === strlen( $this->network );
	}

	/**
	 * Whether this names exactly one address.
	 */
	public function is_single_address(): bool {
		return 8 * strlen( $this->network ) === $this->prefix;
	}

	/**
	 * The network address as text.
	 */
	public function network(): string {
		return (string) inet_ntop( $this->network );
	}

	/**
	 * Canonical "network/prefix" text; single addresses keep the prefix (/32, /128).
	 */
	public function __toString(): string {
		return $this->network() . '/' . $this->prefix;
	}

	/**
	 * Shortens user input quoted back in an error message.
	 *
	 * @param string $text Raw text.
	 */
	private static function clip( string $text ): string {
		$text = preg_replace( '/[^\x20-\x7e]/', '?', $text );
		return strlen( (string) $text ) > 60 ? substr( (string) $text, 0, 57 ) . '...' : (string) $text;
	}
}
