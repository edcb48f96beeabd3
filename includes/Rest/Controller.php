<?php
/**
 * Shared base of our REST controllers.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rest;

use XmlrpcShield\Admin\AdminPage;
use XmlrpcShield\Log\HitQuery;

/**
 * Namespace, the manage_options permission check, and the shared `range` argument.
 */
abstract class Controller extends \WP_REST_Controller {

	/**
	 * Sets the namespace.
	 */
	public function __construct() {
		$this->namespace = 'xmlrpc-shield/v1';
	}

	/**
	 * Only administrators: anonymous gets 401, other users 403 (core's rest_forbidden).
	 *
	 * @return true|\WP_Error
	 */
	public function permissions_check() {
		if ( current_user_can( AdminPage::CAPABILITY ) ) {
			return true;
		}
		return new \WP_Error(
			'rest_forbidden',
			__( 'Sorry, you are not allowed to manage XML-RPC Shield.', 'xmlrpc-shield' ),
			array( 'status' => rest_authorization_required_code() )
		);
	}

	/**
	 * The `range` argument definition.
	 *
	 * @return array<string,mixed>
	 */
	protected function range_arg(): array {
		return array(
			'description' => __( 'Time range ending now.', 'xmlrpc-shield' ),
			'type'        => 'string',
			'enum'        => array_keys( HitQuery::RANGES ),
			'default'     => '24h',
		);
	}
}
