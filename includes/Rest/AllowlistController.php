<?php
/**
 * /allowlist: list, add, remove, presets.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rest;

use XmlrpcShield\Allowlist;

/**
 * Validation lives in Allowlist; this controller maps it to HTTP.
 */
final class AllowlistController extends Controller {

	/**
	 * Registers the routes.
	 */
	public function register_routes(): void {
		register_rest_route(
			self::REST_NAMESPACE,
			'/allowlist',
			array(
				array(
					'methods'             => \WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_items' ),
					'permission_callback' => array( $this, 'permissions_check' ),
				),
				array(
					'methods'             => \WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'create_item' ),
					'permission_callback' => array( $this, 'permissions_check' ),
					'args'                => array(
						'cidr'  => array(
							'description' => __( 'IP address or CIDR range.', 'xmlrpc-shield' ),
							'type'        => 'string',
							'required'    => true,
						),
						'label' => array(
							'description' => __( 'What this entry is for.', 'xmlrpc-shield' ),
							'type'        => 'string',
							'default'     => '',
							'maxLength'   => Allowlist::MAX_LABEL,
						),
					),
				),
				array(
					'methods'             => \WP_REST_Server::DELETABLE,
					'callback'            => array( $this, 'delete_item' ),
					'permission_callback' => array( $this, 'permissions_check' ),
					'args'                => array(
						'cidr' => array(
							'description' => __( 'The entry to remove.', 'xmlrpc-shield' ),
							'type'        => 'string',
							'required'    => true,
						),
					),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
		register_rest_route(
			self::REST_NAMESPACE,
			'/allowlist/presets',
			array(
				array(
					'methods'             => \WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'apply_preset' ),
					'permission_callback' => array( $this, 'permissions_check' ),
					'args'                => array(
						'preset' => array(
							'description' => __( 'Which preset to add: server (this server\'s own addresses), server-network (its /24 or /64, which may hold a same-host proxy or other customers) or jetpack.', 'xmlrpc-shield' ),
							'type'        => 'string',
							'enum'        => Allowlist::PRESETS,
							'required'    => true,
						),
					),
				),
			)
		);
	}

	/**
	 * Lists entries.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response
	 */
	public function get_items( $request ) {
		return rest_ensure_response( Allowlist::entries() );
	}

	/**
	 * Adds an entry.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function create_item( $request ) {
		$entry = Allowlist::add( (string) $request['cidr'], (string) $request['label'] );
		if ( is_wp_error( $entry ) ) {
			return $entry;
		}
		$response = rest_ensure_response( $entry );
		$response->set_status( 201 );
		return $response;
	}

	/**
	 * Removes an entry.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function delete_item( $request ) {
		$entry = Allowlist::remove( (string) $request['cidr'] );
		if ( is_wp_error( $entry ) ) {
			return $entry;
		}
		return rest_ensure_response(
			array(
				'deleted' => true,
				'entry'   => $entry,
			)
		);
	}

	/**
	 * Applies a preset.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function apply_preset( $request ) {
		$added = Allowlist::apply_preset( (string) $request['preset'] );
		if ( is_wp_error( $added ) ) {
			return $added;
		}
		return rest_ensure_response(
			array(
				'added'   => $added,
				'entries' => Allowlist::entries(),
			)
		);
	}

	/**
	 * Entry schema.
	 *
	 * @return array<string,mixed>
	 */
	public function get_item_schema() {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'xmlrpc-shield-allowlist-entry',
			'type'       => 'object',
			'properties' => array(
				'cidr'    => array( 'type' => 'string' ),
				'label'   => array( 'type' => 'string' ),
				'created' => array( 'type' => 'integer' ),
				'source'  => array( 'type' => 'string' ),
			),
		);
	}
}
