<?php
/**
 * /allowlist: list, add, remove, presets.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rest;

use XmlrpcShield\Allowlist;

/**
 * The list routes (AddressListController) and the presets.
 */
final class AllowlistController extends AddressListController {

	/**
	 * The list class.
	 *
	 * @return class-string<Allowlist>
	 */
	protected function list_class(): string {
		return Allowlist::class;
	}

	/**
	 * The route.
	 *
	 * @return non-falsy-string
	 */
	protected function route(): string {
		return '/allowlist';
	}

	/**
	 * Registers the list routes and /allowlist/presets.
	 */
	public function register_routes(): void {
		parent::register_routes();
		register_rest_route(
			self::REST_NAMESPACE,
			'/allowlist/presets',
			array(
				$this->endpoint(
					\WP_REST_Server::CREATABLE,
					'apply_preset',
					'permissions_check',
					array(
						'preset' => array(
							'description' => __( 'Which preset to add: server (this server\'s own addresses), server-network (its /24 or /64, which may hold a same-host proxy or other customers) or jetpack.', 'xmlrpc-shield' ),
							'type'        => 'string',
							'enum'        => Allowlist::PRESETS,
							'required'    => true,
						),
					)
				),
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
}
