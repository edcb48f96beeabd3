<?php
/**
 * Shared base of our REST controllers.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rest;

use XmlrpcShield\Capabilities;
use XmlrpcShield\Log\CounterFlush;
use XmlrpcShield\Log\HitQuery;

/**
 * Namespace, the two permission checks (this site's things, network-level things; both decided
 * by Capabilities), the shared `range` argument, one endpoint's definition and the JSON Schema
 * pieces every answer's schema is built of (so each controller writes only its fields).
 */
abstract class Controller extends \WP_REST_Controller {

	/** Our routes' namespace (plugin.php names it; a constant: register_rest_route() wants a non-empty string). */
	const REST_NAMESPACE = Capabilities::REST_NAMESPACE;

	/**
	 * Sets the namespace.
	 */
	public function __construct() {
		$this->namespace = self::REST_NAMESPACE;
	}

	/**
	 * This site's settings and log: its administrators (on a network's main site, network
	 * administrators). Anonymous gets 401, other users 403 (core's rest_forbidden).
	 *
	 * @return true|\WP_Error
	 */
	public function permissions_check() {
		if ( Capabilities::can_manage_site() ) {
			return true;
		}
		return new \WP_Error(
			'rest_forbidden',
			__( 'Sorry, you are not allowed to manage XML-RPC Shield.', 'xmlrpc-shield' ),
			array( 'status' => rest_authorization_required_code() )
		);
	}

	/**
	 * The site's loopback key (CounterFlush::HEADER: the web server's own requests to itself, the
	 * counter flush and a node's drain), or a user who manages the plugin (with the REST nonce,
	 * as every cookie request to the REST API). A wrong key is refused, never tried as a login.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return true|\WP_Error
	 */
	public function loopback_key_or_manager_check( $request ) {
		$key = $request->get_header( CounterFlush::HEADER );
		if ( is_string( $key ) && '' !== $key ) {
			return CounterFlush::is_valid_key( $key ) ? true : new \WP_Error(
				'xmlrpc_shield_bad_flush_key',
				__( 'The flush key is not valid.', 'xmlrpc-shield' ),
				array( 'status' => 403 )
			);
		}
		return $this->permissions_check();
	}

	/**
	 * Network-level changes (the early gate, server rules, trusted proxies): administrators of
	 * a single site; on a network, network administrators on the main site only.
	 *
	 * @return true|\WP_Error
	 */
	public function network_permissions_check() {
		if ( Capabilities::can_manage_network() ) {
			return true;
		}
		return Capabilities::can_manage_site() ? Capabilities::network_forbidden() : $this->permissions_check();
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

	/**
	 * One endpoint of a route, answered by one of this controller's methods.
	 *
	 * @param string              $methods    A \WP_REST_Server constant: READABLE, CREATABLE and so on.
	 * @param string              $callback   This controller's method that answers.
	 * @param string              $permission This controller's permission check.
	 * @param array<string,mixed> $args       The endpoint's arguments.
	 * @return array<string,mixed>
	 */
	protected function endpoint( string $methods, string $callback, string $permission, array $args = array() ): array {
		return array(
			'methods'             => $methods,
			'callback'            => array( $this, $callback ),
			'permission_callback' => array( $this, $permission ),
			'args'                => $args,
		);
	}

	/**
	 * An answer's schema: a titled object.
	 *
	 * @param string              $title      Schema title.
	 * @param array<string,mixed> $properties Field => schema.
	 * @return array<string,mixed>
	 */
	protected static function answer_schema( string $title, array $properties ): array {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => $title,
			'type'       => 'object',
			'properties' => $properties,
		);
	}

	/**
	 * An object field's schema.
	 *
	 * @param array<string,mixed> $properties  Field => schema.
	 * @param string              $description What it holds; none when empty.
	 * @return array<string,mixed>
	 */
	protected static function object_schema( array $properties, string $description = '' ): array {
		return self::described( $description ) + array(
			'type'       => 'object',
			'properties' => $properties,
		);
	}

	/**
	 * A list field's schema.
	 *
	 * @param array<string,mixed> $items       Each item's schema.
	 * @param string              $description What it holds; none when empty.
	 * @return array<string,mixed>
	 */
	protected static function list_schema( array $items, string $description = '' ): array {
		return self::described( $description ) + array(
			'type'  => 'array',
			'items' => $items,
		);
	}

	/**
	 * A string field that takes one of the values.
	 *
	 * @param string[] $values The values.
	 * @return array<string,mixed>
	 */
	protected static function enum_schema( array $values ): array {
		return array(
			'type' => 'string',
			'enum' => $values,
		);
	}

	/**
	 * A schema's description first, as core's schemas put it; nothing when empty.
	 *
	 * @param string $description Description.
	 * @return array<string,string>
	 */
	private static function described( string $description ): array {
		return '' === $description ? array() : array( 'description' => $description );
	}
}
