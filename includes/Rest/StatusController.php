<?php
/**
 * GET /status: the at-a-glance state.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rest;

use XmlrpcShield\Allowlist;
use XmlrpcShield\EarlyGate\Installer;
use XmlrpcShield\Gate\JetpackConnection;
use XmlrpcShield\Log\HitQuery;
use XmlrpcShield\Rules\ServerRulesWriter;
use XmlrpcShield\Settings;

/**
 * Status header of the admin page and the widget.
 */
final class StatusController extends Controller {

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		register_rest_route(
			$this->namespace,
			'/status',
			array(
				array(
					'methods'             => \WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_item' ),
					'permission_callback' => array( $this, 'permissions_check' ),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * Returns the status.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response
	 */
	public function get_item( $request ) {
		$this->refresh();
		$now = time();
		return rest_ensure_response(
			array(
				'mode'            => Settings::mode(),
				'blocked_24h'     => HitQuery::totals( $now - DAY_IN_SECONDS, $now + 1 )['blocked'],
				'blocked_7d'      => HitQuery::totals( $now - WEEK_IN_SECONDS, $now + 1 )['blocked'],
				'allowlist_count' => count( Allowlist::entries() ),
				'early_gate'      => Installer::status(),
				'server_rules'    => ServerRulesWriter::status(),
				'jetpack'         => array( 'connected' => JetpackConnection::is_connected() ),
			)
		);
	}

	/**
	 * Response schema.
	 *
	 * @return array<string,mixed>
	 */
	public function get_item_schema() {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'xmlrpc-shield-status',
			'type'       => 'object',
			'properties' => array(
				'mode'            => array(
					'type' => 'string',
					'enum' => array( 'block', 'pingback', 'monitor', 'off' ),
				),
				'blocked_24h'     => array( 'type' => 'integer' ),
				'blocked_7d'      => array( 'type' => 'integer' ),
				'allowlist_count' => array( 'type' => 'integer' ),
				'early_gate'      => array(
					'type'       => 'object',
					'properties' => array(
						'installed' => array( 'type' => 'boolean' ),
						'method'    => array( 'type' => 'string' ),
					),
				),
				'server_rules'    => array(
					'type'       => 'object',
					'properties' => array(
						'installed' => array( 'type' => 'boolean' ),
						'in_sync'   => array( 'type' => 'boolean' ),
						'supported' => array( 'type' => 'boolean' ),
					),
				),
				'jetpack'         => array(
					'description' => __( 'Whether Jetpack is connected; its signed requests then pass in every mode.', 'xmlrpc-shield' ),
					'type'        => 'object',
					'properties'  => array(
						'connected' => array( 'type' => 'boolean' ),
					),
				),
			),
		);
	}
}
