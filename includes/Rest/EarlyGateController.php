<?php
/**
 * /early-gate: install or remove the gate that runs before WordPress loads.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rest;

use XmlrpcShield\Autopilot\Autopilot;
use XmlrpcShield\EarlyGate\Hook\Hooks;
use XmlrpcShield\EarlyGate\Installer;

/**
 * The admin page's button; the same Installer the WP-CLI command uses, with its report of
 * exactly which files were written or changed. The gate serves every site of a network, so
 * every route here is network-level.
 */
final class EarlyGateController extends Controller {

	/**
	 * Registers the routes.
	 */
	public function register_routes(): void {
		register_rest_route(
			self::REST_NAMESPACE,
			'/early-gate',
			array(
				$this->endpoint( \WP_REST_Server::READABLE, 'get_item', 'network_permissions_check' ),
				$this->endpoint(
					\WP_REST_Server::CREATABLE,
					'install',
					'network_permissions_check',
					array(
						'method' => array(
							'description' => __( 'How PHP is told to run the gate.', 'xmlrpc-shield' ),
							'type'        => 'string',
							'enum'        => array_merge( array( 'auto' ), Hooks::METHODS ),
							'default'     => 'auto',
						),
					)
				),
				$this->endpoint( \WP_REST_Server::DELETABLE, 'remove', 'network_permissions_check' ),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * Current state, plus the method 'auto' would pick here.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response
	 */
	public function get_item( $request ) {
		return rest_ensure_response( array_merge( Installer::status(), array( 'recommended_method' => Installer::detect_method() ) ) );
	}

	/**
	 * Installs; a failed install changes nothing and answers 500 with the reason.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function install( $request ) {
		$report = Installer::install( (string) $request['method'] );
		if ( ! $report['ok'] ) {
			return new \WP_Error( 'xmlrpc_shield_early_gate_failed', $report['message'], array( 'status' => 500 ) );
		}
		Autopilot::owner_installed( $report['method'] );
		return rest_ensure_response( $report );
	}

	/**
	 * Removes the gate.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response
	 */
	public function remove( $request ) {
		$layer = Installer::status()['method'];
		$files = Installer::remove();
		// The owner's undo: autopilot never installs it again by itself.
		Autopilot::owner_removed( $layer, $files );
		return rest_ensure_response(
			array(
				'ok'    => true,
				'files' => $files,
			)
		);
	}

	/**
	 * Schema of the state object.
	 *
	 * @return array<string,mixed>
	 */
	public function get_item_schema() {
		$string = array( 'type' => 'string' );
		return self::answer_schema(
			'xmlrpc-shield-early-gate',
			array(
				'installed'          => array( 'type' => 'boolean' ),
				'method'             => $string,
				'files'              => self::list_schema( $string ),
				'error'              => array(
					'type'        => 'string',
					'description' => __( 'Why the gate\'s settings could not be written (it then leaves every decision to the plugin); empty when all is well.', 'xmlrpc-shield' ),
				),
				'recommended_method' => $string,
			)
		);
	}
}
