<?php
/**
 * /lockouts: clients locked out after failed XML-RPC logins, their release, and the policy.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rest;

use XmlrpcShield\Lockout\LockoutPolicy;
use XmlrpcShield\Lockout\Lockouts;

/**
 * GET lists, POST /lockouts/release releases one client, POST /lockouts/policy changes the
 * policy (validated all-or-nothing: a 400 with the reason saves nothing).
 */
final class LockoutsController extends Controller {

	/**
	 * Registers the routes.
	 */
	public function register_routes(): void {
		register_rest_route(
			self::REST_NAMESPACE,
			'/lockouts',
			array(
				$this->endpoint( \WP_REST_Server::READABLE, 'get_items', 'permissions_check' ),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
		register_rest_route(
			self::REST_NAMESPACE,
			'/lockouts/release',
			array(
				$this->endpoint(
					\WP_REST_Server::CREATABLE,
					'release',
					'permissions_check',
					array(
						'client' => array(
							'description' => __( 'The address to release (an IPv6 address stands for its /64), or the client as the list shows it.', 'xmlrpc-shield' ),
							'type'        => 'string',
							'required'    => true,
						),
					)
				),
			)
		);
		$policy_args = array(
			'enabled' => array(
				'description' => __( 'Whether failed logins lock a client out.', 'xmlrpc-shield' ),
				'type'        => 'boolean',
			),
		);
		foreach ( array_keys( LockoutPolicy::BOUNDS ) as $key ) {
			$policy_args[ $key ] = array(
				'description' => __( 'A whole number; the policy says its bounds.', 'xmlrpc-shield' ),
				'type'        => array( 'integer', 'string' ),
			);
		}
		register_rest_route(
			self::REST_NAMESPACE,
			'/lockouts/policy',
			array(
				$this->endpoint( \WP_REST_Server::CREATABLE, 'update_policy', 'permissions_check', $policy_args ),
			)
		);
	}

	/**
	 * The policy and the tracked clients.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response
	 */
	public function get_items( $request ) {
		return rest_ensure_response( Lockouts::report() );
	}

	/**
	 * Releases one client.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function release( $request ) {
		$released = Lockouts::release( (string) $request['client'] );
		if ( is_wp_error( $released ) ) {
			return $released;
		}
		return rest_ensure_response( array( 'released' => $released ) + Lockouts::report() );
	}

	/**
	 * Changes the policy.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function update_policy( $request ) {
		$changes = array();
		foreach ( array_merge( array( 'enabled' ), array_keys( LockoutPolicy::BOUNDS ) ) as $key ) {
			if ( $request->has_param( $key ) ) {
				$changes[ $key ] = $request->get_param( $key );
			}
		}
		$policy = LockoutPolicy::update( $changes );
		return is_wp_error( $policy ) ? $policy : rest_ensure_response( Lockouts::report() );
	}

	/**
	 * Response schema of GET /lockouts.
	 *
	 * @return array<string,mixed>
	 */
	public function get_item_schema() {
		$integer = array( 'type' => 'integer' );
		return self::answer_schema(
			'xmlrpc-shield-lockouts',
			array(
				'policy' => self::object_schema( array( 'enabled' => array( 'type' => 'boolean' ) ) + array_fill_keys( array_keys( LockoutPolicy::BOUNDS ), $integer ) ),
				'items'  => self::list_schema(
					self::object_schema(
						array(
							'client'        => array( 'type' => 'string' ),
							'last_ip'       => array( 'type' => 'string' ),
							'failures'      => $integer,
							'first_failure' => $integer,
							'last_failure'  => $integer,
							'locked_until'  => $integer,
							'locked'        => array( 'type' => 'boolean' ),
							'lockouts'      => $integer,
							'allowlisted'   => array( 'type' => 'boolean' ),
						)
					)
				),
			)
		);
	}
}
