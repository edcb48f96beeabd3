<?php
/**
 * /crowdsec: the CrowdSec Local API settings, the push state, "push now" and "test".
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rest;

use XmlrpcShield\CrowdSec\Config;
use XmlrpcShield\CrowdSec\Pusher;

/**
 * Network-level on a network (the pushed networks come from the main site's log, the network
 * log), so every route asks network_permissions_check(). Reads never contact the LAPI and never
 * show the password; writes validate everything before saving anything (400 with the reason).
 */
final class CrowdSecController extends Controller {

	/**
	 * Registers the routes.
	 */
	public function register_routes(): void {
		register_rest_route(
			self::REST_NAMESPACE,
			'/crowdsec',
			array(
				$this->endpoint( \WP_REST_Server::READABLE, 'get_item', 'network_permissions_check' ),
				// Types are checked by Config::update() (one message per field, nothing saved on error).
				$this->endpoint( \WP_REST_Server::EDITABLE, 'update_item', 'network_permissions_check' ),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
		foreach ( array( 'push', 'test' ) as $action ) {
			register_rest_route(
				self::REST_NAMESPACE,
				'/crowdsec/' . $action,
				array( $this->endpoint( \WP_REST_Server::CREATABLE, $action, 'network_permissions_check' ) )
			);
		}
	}

	/**
	 * Settings (no password) and state.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response
	 */
	public function get_item( $request ) {
		return rest_ensure_response( self::body() );
	}

	/**
	 * Saves the given settings (all or nothing).
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function update_item( $request ) {
		$changes = array_intersect_key( (array) $request->get_json_params() + (array) $request->get_body_params(), Config::defaults() );
		$saved   = Config::update( $changes );
		return is_wp_error( $saved ) ? $saved : rest_ensure_response( self::body() );
	}

	/**
	 * Pushes now (even while disabled or pausing after failures): the report, then the state.
	 * Not configured is a 400; a LAPI that fails answers 200 with ok false and the reason, as
	 * the state records it (the request itself was fine).
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function push( $request ) {
		$report = Pusher::push( true );
		if ( 'not-configured' === $report['status'] ) {
			return new \WP_Error( 'xmlrpc_shield_crowdsec_not_configured', $report['message'], array( 'status' => 400 ) );
		}
		return rest_ensure_response( array_merge( self::body(), array( 'report' => $report ) ) );
	}

	/**
	 * Logs in with the stored settings.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response
	 */
	public function test( $request ) {
		return rest_ensure_response( Pusher::test() );
	}

	/**
	 * What GET answers.
	 *
	 * @return array{settings:array<string,mixed>,state:array<string,mixed>}
	 */
	private static function body(): array {
		return array(
			'settings' => Config::to_public(),
			'state'    => Pusher::public_state( time() ),
		);
	}

	/**
	 * Schema of GET's answer.
	 *
	 * @return array<string,mixed>
	 */
	public function get_item_schema() {
		$time    = array( 'type' => array( 'integer', 'null' ) );
		$boolean = array( 'type' => 'boolean' );
		$integer = array( 'type' => 'integer' );
		$string  = array( 'type' => 'string' );
		$strings = self::list_schema( $string );
		return self::answer_schema(
			'xmlrpc-shield-crowdsec',
			array(
				'settings' => self::object_schema(
					array(
						'enabled'        => $boolean,
						'url'            => $string,
						'machine_id'     => $string,
						'password_set'   => $boolean,
						'threshold'      => $integer,
						'duration_hours' => $integer,
					)
				),
				'state'    => self::object_schema(
					array(
						'last_attempt_at' => $time,
						'last_success_at' => $time,
						'last_error'      => $string,
						'last_error_at'   => $time,
						'failures'        => $integer,
						'next_attempt_at' => $time,
						'networks'        => self::list_schema(
							self::object_schema(
								array(
									'cidr'      => $string,
									'hits'      => $integer,
									'pushed_at' => $integer,
									'until'     => $integer,
								)
							)
						),
					)
				),
				'report'   => self::object_schema(
					array(
						'ok'        => $boolean,
						'status'    => self::enum_schema( Pusher::STATUSES ),
						'message'   => $string,
						'pushed'    => $strings,
						'withdrawn' => $strings,
					)
				),
			)
		);
	}
}
