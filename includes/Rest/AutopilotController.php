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
				$this->endpoint( \WP_REST_Server::READABLE, 'get_item', 'network_permissions_check' ),
				$this->endpoint(
					\WP_REST_Server::CREATABLE,
					'update_item',
					'network_permissions_check',
					array(
						'enabled' => array(
							'description'       => __( 'Whether the plugin installs the early gate by itself. Turning it off removes nothing.', 'xmlrpc-shield' ),
							'required'          => true,
							// Only a real true or false: "yes", 1 or "off" are refused, not guessed.
							'validate_callback' => static function ( $value ) {
								return is_bool( $value ) ? true : new \WP_Error( 'rest_invalid_param', __( 'enabled must be true or false.', 'xmlrpc-shield' ), array( 'status' => 400 ) );
							},
						),
					)
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
	 * The fields /status repeats from /autopilot (StatusController): whether it is on, where it
	 * stands and the layer it installed.
	 *
	 * @return array<string,mixed>
	 */
	public static function summary_properties(): array {
		return array(
			'enabled' => array( 'type' => 'boolean' ),
			'state'   => self::enum_schema( State::STATES ),
			'layer'   => array( 'type' => 'string' ),
		);
	}

	/**
	 * Schema of the autopilot object: the summary, its layer named, and the events.
	 *
	 * @return array<string,mixed>
	 */
	public function get_item_schema() {
		return self::answer_schema(
			'xmlrpc-shield-autopilot',
			array_merge(
				self::summary_properties(),
				array(
					'layer'           => self::enum_schema( array_merge( array( '' ), Hooks::METHODS ) ),
					'next_attempt_at' => array(
						'description' => __( 'Unix time of the next unattended attempt or check; null when none is due.', 'xmlrpc-shield' ),
						'type'        => array( 'integer', 'null' ),
					),
					'events'          => self::list_schema(
						self::object_schema(
							array(
								'at'      => array( 'type' => 'integer' ),
								'kind'    => self::enum_schema( State::EVENT_KINDS ),
								'layer'   => array( 'type' => 'string' ),
								'reason'  => array( 'type' => 'string' ),
								'figures' => array( 'type' => 'object' ),
								'files'   => self::list_schema( array( 'type' => 'string' ) ),
							)
						),
						__( 'What autopilot and the owner did, newest first (at most 50).', 'xmlrpc-shield' )
					),
					'message'         => array(
						'description' => __( 'What a change did (POST only).', 'xmlrpc-shield' ),
						'type'        => 'string',
					),
				)
			)
		);
	}
}
