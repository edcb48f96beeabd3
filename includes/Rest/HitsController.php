<?php
/**
 * GET /hits: recent aggregated rows, paginated.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rest;

use XmlrpcShield\Gate\Decision;
use XmlrpcShield\Gate\IpAddress;
use XmlrpcShield\Log\HitQuery;

/**
 * Pagination follows core: X-WP-Total and X-WP-TotalPages headers.
 */
final class HitsController extends Controller {

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		register_rest_route(
			self::REST_NAMESPACE,
			'/hits',
			array(
				$this->endpoint( \WP_REST_Server::READABLE, 'get_items', 'permissions_check', $this->get_collection_params() ),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * Query arguments.
	 *
	 * @return array<string,array<string,mixed>>
	 */
	public function get_collection_params() {
		return array(
			'page'     => array(
				'description' => __( 'Page of the collection.', 'xmlrpc-shield' ),
				'type'        => 'integer',
				'default'     => 1,
				'minimum'     => 1,
			),
			'per_page' => array(
				'description' => __( 'Rows per page.', 'xmlrpc-shield' ),
				'type'        => 'integer',
				'default'     => 20,
				'minimum'     => 1,
				'maximum'     => 100,
			),
			'ip'       => array(
				'description'       => __( 'Only rows from this IP address.', 'xmlrpc-shield' ),
				'type'              => 'string',
				'default'           => '',
				'validate_callback' => array( $this, 'validate_ip' ),
			),
			'method'   => array(
				'description' => __( 'Only rows for this XML-RPC method.', 'xmlrpc-shield' ),
				'type'        => 'string',
				'default'     => '',
				'pattern'     => '^[A-Za-z0-9_.:/()-]{0,64}$',
			),
		);
	}

	/**
	 * Accepts '' or a valid IP address.
	 *
	 * @param mixed $value Value.
	 * @return true|\WP_Error
	 */
	public function validate_ip( $value ) {
		if ( '' === $value || ( is_string( $value ) && IpAddress::is_valid( $value ) ) ) {
			return true;
		}
		return new \WP_Error( 'rest_invalid_param', __( 'ip must be a valid IPv4 or IPv6 address.', 'xmlrpc-shield' ), array( 'status' => 400 ) );
	}

	/**
	 * Returns a page of rows.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response
	 */
	public function get_items( $request ) {
		$ip       = (string) $request['ip'];
		$ip       = '' === $ip ? '' : (string) IpAddress::normalize( $ip );
		$per_page = (int) $request['per_page'];
		$result   = HitQuery::page( (int) $request['page'], $per_page, $ip, (string) $request['method'] );
		$response = rest_ensure_response( $result['rows'] );
		$response->header( 'X-WP-Total', (string) $result['total'] );
		$response->header( 'X-WP-TotalPages', (string) (int) ceil( $result['total'] / $per_page ) );
		return $response;
	}

	/**
	 * Item schema.
	 *
	 * @return array<string,mixed>
	 */
	public function get_item_schema() {
		return self::answer_schema(
			'xmlrpc-shield-hit',
			array(
				'id'         => array( 'type' => 'integer' ),
				'ip'         => array( 'type' => 'string' ),
				'subnet'     => array( 'type' => 'string' ),
				'bucket'     => array( 'type' => 'integer' ),
				'method'     => array( 'type' => 'string' ),
				'outcome'    => self::enum_schema( Decision::OUTCOMES ),
				'hits'       => array( 'type' => 'integer' ),
				'user_agent' => array( 'type' => 'string' ),
			)
		);
	}
}
