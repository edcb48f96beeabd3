<?php
/**
 * The trusted proxies, each with the one header it is known to set.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Gate;

/**
 * A proxy is believed only about the header it writes itself. Cloudflare overwrites
 * CF-Connecting-IP on every request; an nginx or a load balancer passes that header through
 * untouched (so a client could forge it) and appends the peer it saw to X-Forwarded-For.
 *
 * Built from the gate config's `trusted_proxies`: a list of { cidr, header } entries (plain
 * CIDR strings, as configs written before headers existed hold, mean X-Forwarded-For). Pure,
 * no WordPress: the early gate uses it.
 */
final class TrustedProxies {

	/** The proxy appends the peer it saw to X-Forwarded-For (nginx, HAProxy, load balancers). */
	const HEADER_FORWARDED_FOR = 'x-forwarded-for';

	/** The proxy replaces CF-Connecting-IP with the visitor's address (Cloudflare's edge). */
	const HEADER_CF_CONNECTING_IP = 'cf-connecting-ip';

	const HEADERS = array( self::HEADER_FORWARDED_FOR, self::HEADER_CF_CONNECTING_IP );

	/**
	 * Parsed entries.
	 *
	 * @var array<int,array{0:Cidr,1:string}>
	 */
	private $entries = array();

	/**
	 * Builds the list; invalid entries are skipped, never fatal (a damaged config must not
	 * break the gate), and so is a range covering every address, which would let anyone name
	 * any client.
	 *
	 * @param array<int,mixed> $entries { cidr, header } arrays or CIDR strings.
	 */
	public function __construct( array $entries ) {
		foreach ( $entries as $entry ) {
			$header = self::HEADER_FORWARDED_FOR;
			if ( is_array( $entry ) ) {
				if ( isset( $entry['header'] ) && in_array( $entry['header'], self::HEADERS, true ) ) {
					$header = $entry['header'];
				}
				$entry = $entry['cidr'] ?? null;
			}
			$cidr = is_string( $entry ) ? Cidr::try_parse( $entry ) : null;
			if ( null !== $cidr && ! $cidr->covers_everything() ) {
				$this->entries[] = array( $cidr, $header );
			}
		}
	}

	/**
	 * The header the proxy at this address sets, or null when the address is not a trusted
	 * proxy. When entries overlap, the most specific one (longest prefix) speaks.
	 *
	 * @param string $address Address text.
	 */
	public function header_for( string $address ): ?string {
		$packed = IpAddress::to_binary( $address );
		if ( null === $packed ) {
			return null;
		}
		$header = null;
		$best   = -1;
		foreach ( $this->entries as list( $cidr, $entry_header ) ) {
			if ( $cidr->prefix() > $best && $cidr->contains_binary( $packed ) ) {
				$header = $entry_header;
				$best   = $cidr->prefix();
			}
		}
		return $header;
	}

	/**
	 * Whether the address is a trusted proxy.
	 *
	 * @param string $address Address text.
	 */
	public function contains( string $address ): bool {
		return null !== $this->header_for( $address );
	}

	/**
	 * Whether no proxy is trusted.
	 */
	public function is_empty(): bool {
		return array() === $this->entries;
	}
}
