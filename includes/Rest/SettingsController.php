<?php
/**
 * /settings: mode, retention, row cap, trusted proxies, logging.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rest;

use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Gate\TrustedProxies;
use XmlrpcShield\Settings;
use XmlrpcShield\TrustedProxyList;

/**
 * Partial updates; Settings::update() validates everything before saving anything.
 */
final class SettingsController extends Controller {

	/**
	 * Registers the routes.
	 */
	public function register_routes(): void {
		register_rest_route(
			self::REST_NAMESPACE,
			'/settings',
			array(
				$this->endpoint( \WP_REST_Server::READABLE, 'get_item', 'permissions_check' ),
				$this->endpoint( \WP_REST_Server::EDITABLE, 'update_item', 'update_item_permissions_check', $this->get_endpoint_args_for_item_schema( \WP_REST_Server::EDITABLE ) ),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
		// The one preset a trusted-proxy list has: read it, or apply it (network-level).
		$preset = array(
			'preset' => array(
				'type'     => 'string',
				'enum'     => array_keys( Settings::PROXY_PRESETS ),
				'required' => true,
			),
		);
		register_rest_route(
			self::REST_NAMESPACE,
			'/settings/trusted-proxies/preset',
			array(
				$this->endpoint( \WP_REST_Server::READABLE, 'get_proxy_preset', 'permissions_check', $preset ),
				$this->endpoint( \WP_REST_Server::CREATABLE, 'apply_proxy_preset', 'network_permissions_check', $preset ),
			)
		);
	}

	/**
	 * Returns the settings.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response
	 */
	public function get_item( $request ) {
		return rest_ensure_response( Settings::to_rest() );
	}

	/**
	 * This site's administrators change its settings; a change of the trusted proxies is
	 * network-level (sub-sites use the main site's list). Sending the list unchanged is no
	 * change, so a form that always sends it still saves a sub-site's mode.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return true|\WP_Error
	 */
	public function update_item_permissions_check( $request ) {
		$allowed = $this->permissions_check();
		if ( true !== $allowed || ! $request->has_param( 'trusted_proxies' ) ) {
			return $allowed;
		}
		$proxies = TrustedProxyList::validate_list( $request->get_param( 'trusted_proxies' ) );
		if ( ! is_wp_error( $proxies ) && TrustedProxyList::cidrs() === $proxies ) {
			return true;
		}
		return $this->network_permissions_check();
	}

	/**
	 * Updates the settings given in the request body.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function update_item( $request ) {
		$changes = array();
		foreach ( array_keys( Settings::to_array() ) as $key ) {
			if ( $request->has_param( $key ) ) {
				$changes[ $key ] = $request->get_param( $key );
			}
		}
		$result = Settings::update( $changes );
		return is_wp_error( $result ) ? $result : rest_ensure_response( Settings::to_rest() );
	}

	/**
	 * The Cloudflare ranges, saving nothing ({ cidrs, source }): the admin page puts them into
	 * its unsaved form.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function get_proxy_preset( $request ) {
		$ranges = Settings::proxy_preset( (string) $request['preset'] );
		return is_wp_error( $ranges ) ? $ranges : rest_ensure_response( $ranges );
	}

	/**
	 * Adds the Cloudflare ranges to the trusted proxies.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function apply_proxy_preset( $request ) {
		$result = Settings::add_proxy_preset( (string) $request['preset'] );
		return is_wp_error( $result ) ? $result : rest_ensure_response( Settings::to_rest() );
	}

	/**
	 * Settings schema; types are checked by core before Settings::update() checks ranges.
	 *
	 * @return array<string,mixed>
	 */
	public function get_item_schema() {
		return self::answer_schema(
			'xmlrpc-shield-settings',
			array(
				'mode'            => array(
					'description' => __( 'What the gate does with XML-RPC requests.', 'xmlrpc-shield' ),
					'type'        => 'string',
					'enum'        => Decider::MODES,
				),
				'retention_days'  => array(
					'description' => __( 'Days of hits to keep.', 'xmlrpc-shield' ),
					'type'        => 'integer',
					'minimum'     => 1,
					'maximum'     => Settings::MAX_RETENTION,
				),
				'row_cap'         => array(
					'description' => __( 'Maximum rows in the hit log.', 'xmlrpc-shield' ),
					'type'        => 'integer',
					'minimum'     => Settings::MIN_ROW_CAP,
					'maximum'     => Settings::MAX_ROW_CAP,
				),
				'trusted_proxies' => self::list_schema( array( 'type' => 'string' ), __( 'Proxies whose forwarding headers are believed.', 'xmlrpc-shield' ) ),
				'proxy_headers'   => array(
					'description' => __( 'The header each trusted proxy is believed for: Cloudflare\'s edge sets CF-Connecting-IP, every other proxy X-Forwarded-For.', 'xmlrpc-shield' ),
					'type'        => 'array',
					'readonly'    => true,
					'items'       => self::object_schema(
						array(
							'cidr'   => array( 'type' => 'string' ),
							'header' => self::enum_schema( TrustedProxies::HEADERS ),
						)
					),
				),
				'log_enabled'     => array(
					'description' => __( 'Whether hits are recorded.', 'xmlrpc-shield' ),
					'type'        => 'boolean',
				),
			)
		);
	}
}
