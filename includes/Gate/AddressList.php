<?php
/**
 * A set of networks an address is matched against.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Gate;

/**
 * Used for the allowlist (trusted proxies are TrustedProxies). Invalid entries are skipped, never fatal:
 * a corrupted option must not break the gate.
 */
final class AddressList {

	/**
	 * Parsed networks.
	 *
	 * @var Cidr[]
	 */
	private $networks = array();

	/**
	 * Builds the list from CIDR strings.
	 *
	 * @param string[] $cidrs CIDR or address strings.
	 */
	public function __construct( array $cidrs ) {
		foreach ( $cidrs as $text ) {
			$cidr = is_string( $text ) ? Cidr::try_parse( $text ) : null;
			if ( null !== $cidr ) {
				$this->networks[] = $cidr;
			}
		}
	}

	/**
	 * Whether any network contains the address.
	 *
	 * @param string $address Address text.
	 */
	public function contains( string $address ): bool {
		$packed = IpAddress::to_binary( $address );
		if ( null === $packed ) {
			return false;
		}
		foreach ( $this->networks as $network ) {
			if ( $network->contains_binary( $packed ) ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the list is empty.
	 */
	public function is_empty(): bool {
		return array() === $this->networks;
	}
}
