<?php
/**
 * GET /top: top offenders by IP, subnet or method.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rest;

use XmlrpcShield\Allowlist;
use XmlrpcShield\Denylist;
use XmlrpcShield\Gate\AddressList;
use XmlrpcShield\Gate\Cidr;
use XmlrpcShield\Log\HitQuery;

/**
 * Subnets are IPv4 /24 and IPv6 /64: the unit the seed's firewall rule used.
 */
final class TopOffendersController extends Controller {

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		register_rest_route(
			self::REST_NAMESPACE,
			'/top',
			array(
				$this->endpoint(
					\WP_REST_Server::READABLE,
					'get_items',
					'permissions_check',
					array(
						'by'    => array(
							'description' => __( 'Group by IP address, subnet (/24 or /64) or XML-RPC method.', 'xmlrpc-shield' ),
							'type'        => 'string',
							'enum'        => HitQuery::GROUPINGS,
							'default'     => 'ip',
						),
						'range' => $this->range_arg(),
						'limit' => array(
							'description' => __( 'How many rows.', 'xmlrpc-shield' ),
							'type'        => 'integer',
							'minimum'     => 1,
							'maximum'     => 100,
							'default'     => 10,
						),
					)
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * Returns the top list.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response
	 */
	public function get_items( $request ) {
		$by                = (string) $request['by'];
		$range             = (string) $request['range'];
		list( $from, $to ) = HitQuery::window( $range, time() );
		$allowlist         = new AddressList( Allowlist::cidrs() );
		$denylist          = new AddressList( Denylist::cidrs() );
		$servers           = Allowlist::server_addresses();
		$items             = array();
		foreach ( HitQuery::top( $by, $from, $to, (int) $request['limit'] ) as $row ) {
			$row['allowlisted'] = $this->is_listed( $by, $row['key'], $allowlist );
			$row['denied']      = $this->is_listed( $by, $row['key'], $denylist );
			$cidr               = 'method' === $by ? null : Cidr::try_parse( $row['key'] );
			// Rows that are this server, loopback or a private network get no Block and no
			// firewall rule: refusing them would refuse the site's own requests or network.
			$row['reserved'] = null === $cidr ? '' : Denylist::reserved_kind( $cidr, $servers );
			$items[]         = $row;
		}
		return rest_ensure_response(
			array(
				'by'    => $by,
				'range' => $range,
				'items' => $items,
			)
		);
	}

	/**
	 * Whether the row's IP (or subnet's network address) is on a list (allowlist or denylist).
	 *
	 * @param string      $by   Grouping.
	 * @param string      $key  Row key.
	 * @param AddressList $list The list.
	 */
	private function is_listed( string $by, string $key, AddressList $list ): bool {
		if ( 'method' === $by ) {
			return false;
		}
		if ( 'subnet' === $by ) {
			$cidr = Cidr::try_parse( $key );
			return null !== $cidr && $list->contains( $cidr->network() );
		}
		return $list->contains( $key );
	}

	/**
	 * Response schema.
	 *
	 * @return array<string,mixed>
	 */
	public function get_item_schema() {
		return self::answer_schema(
			'xmlrpc-shield-top',
			array(
				'by'    => array( 'type' => 'string' ),
				'range' => array( 'type' => 'string' ),
				'items' => self::list_schema(
					self::object_schema(
						array(
							'key'         => array( 'type' => 'string' ),
							'hits'        => array( 'type' => 'integer' ),
							'blocked'     => array( 'type' => 'integer' ),
							'last_seen'   => array( 'type' => 'integer' ),
							'allowlisted' => array( 'type' => 'boolean' ),
							'denied'      => array( 'type' => 'boolean' ),
							'reserved'    => array(
								'description' => __( 'Why the row offers no Block: this server, loopback, a private network, or empty.', 'xmlrpc-shield' ),
								'type'        => 'string',
								'enum'        => Denylist::RESERVED_KINDS,
							),
						)
					)
				),
			)
		);
	}
}
