<?php
/**
 * /autopilot: whether the plugin installs the early gate by itself, and what it did.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rest;

use XmlrpcShield\Autopilot\Autopilot;
use XmlrpcShield\Autopilot\State;
use XmlrpcShield\EarlyGate\Hook\Hooks;

/**
 * Network-level, like the early gate it installs: single-site administrators, or network
 * administrators on a network's main site.
 */
final class AutopilotController extends Controller {

	/**
	 * Registers the routes.
	 */
	public function register_routes(): void {
		register_rest_route(
			self::REST_NAMESPACE,
			'/autopilot',
			array(
				array(
					'methods'             => \WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_item' ),
					'permission_callback' => array( $this, 'network_permissions_check' ),
				),
				array(
					'methods'             => \WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'update_item' ),
					'permission_callback' => array( $this, 'network_permissions_check' ),
					'args'                => array(
						'enabled' => array(
							'description'       => __( 'Whether the plugin installs the early gate by itself. Turning it off removes nothing.', 'xmlrpc-shield' ),
							'required'          => true,
							// Only a real true or false: "yes", 1 or "off" are refused, not guessed.
							'validate_callback' => static function ( $value ) {
								return is_bool( $value ) ? true : new \WP_Error( 'rest_invalid_param', __( 'enabled must be true or false.', 'xmlrpc-shield' ), array( 'status' => 400 ) );
							},
						),
					),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * The autopilot's state and events.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response
	 */
	public function get_item( $request ) {
		return rest_ensure_response( Autopilot::to_array() );
	}

	/**
	 * Turns autopilot on or off; answers the new state, with what happened in 'message'.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response
	 */
	public function update_item( $request ) {
		$message = Autopilot::set_enabled( (bool) $request['enabled'] );
		return rest_ensure_response( Autopilot::to_array() + array( 'message' => $message ) );
	}

	/**
	 * Schema of the autopilot object.
	 *
	 * @return array<string,mixed>
	 */
	public function get_item_schema() {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'xmlrpc-shield-autopilot',
			'type'       => 'object',
			'properties' => array(
				'enabled'         => array( 'type' => 'boolean' ),
				'state'           => array(
					'type' => 'string',
					'enum' => State::STATES,
				),
				'layer'           => array(
					'type' => 'string',
					'enum' => array_merge( array( '' ), Hooks::METHODS ),
				),
				'next_attempt_at' => array(
					'description' => __( 'Unix time of the next unattended attempt or check; null when none is due.', 'xmlrpc-shield' ),
					'type'        => array( 'integer', 'null' ),
				),
				'events'          => array(
					'description' => __( 'What autopilot and the owner did, newest first (at most 50).', 'xmlrpc-shield' ),
					'type'        => 'array',
					'items'       => array(
						'type'       => 'object',
						'properties' => array(
							'at'      => array( 'type' => 'integer' ),
							'kind'    => array(
								'type' => 'string',
								'enum' => State::EVENT_KINDS,
							),
							'layer'   => array( 'type' => 'string' ),
							'reason'  => array( 'type' => 'string' ),
							'figures' => array( 'type' => 'object' ),
							'files'   => array(
								'type'  => 'array',
								'items' => array( 'type' => 'string' ),
							),
						),
					),
				),
				'message'         => array(
					'description' => __( 'What a change did (POST only).', 'xmlrpc-shield' ),
					'type'        => 'string',
				),
			),
		);
	}
}
