<?php
/**
 * POST /nodes/drain: the node it reaches drains its own counters, spool and gate settings.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rest;

use XmlrpcShield\Fleet\Drain;

/**
 * Sent by a node's own early gate (a beat: settings only) and by the minutely ingest to every
 * node (settings and ingest); authenticated by the site's loopback key, like the counter flush.
 */
final class NodesController extends Controller {

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		register_rest_route(
			self::REST_NAMESPACE,
			Drain::ROUTE,
			array(
				$this->endpoint(
					\WP_REST_Server::CREATABLE,
					'drain',
					'loopback_key_or_manager_check',
					array(
						'beat' => array(
							'description' => __( 'A beat from the node\'s early gate: bring the gate\'s settings up to date, do not ingest.', 'xmlrpc-shield' ),
							'type'        => 'boolean',
							'default'     => false,
						),
					)
				),
			)
		);
	}


	/**
	 * Drains this node.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response
	 */
	public function drain( $request ) {
		return rest_ensure_response( Drain::run( $_SERVER, ! $request->get_param( 'beat' ) ) );
	}
}
