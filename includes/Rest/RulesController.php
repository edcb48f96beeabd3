<?php
/**
 * Server rules (.htaccess / nginx) and firewall exports.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rest;

use XmlrpcShield\Allowlist;
use XmlrpcShield\Denylist;
use XmlrpcShield\Log\HitQuery;
use XmlrpcShield\Paths;
use XmlrpcShield\Rules\BlockList;
use XmlrpcShield\Rules\FirewallFormat;
use XmlrpcShield\Rules\NginxRules;
use XmlrpcShield\Rules\ServerRulesWriter;
use XmlrpcShield\Settings;

/**
 * GET /rules, POST|DELETE /rules/apache (the network's .htaccess: network-level), GET /export
 * (built from this site's log).
 */
final class RulesController extends Controller {

	/**
	 * Registers the routes.
	 */
	public function register_routes(): void {
		register_rest_route(
			self::REST_NAMESPACE,
			'/rules',
			array(
				array(
					'methods'             => \WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_rules' ),
					'permission_callback' => array( $this, 'network_permissions_check' ),
				),
				'schema' => array( $this, 'get_rules_schema' ),
			)
		);
		register_rest_route(
			self::REST_NAMESPACE,
			'/rules/apache',
			array(
				array(
					'methods'             => \WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'write_apache' ),
					'permission_callback' => array( $this, 'network_permissions_check' ),
				),
				array(
					'methods'             => \WP_REST_Server::DELETABLE,
					'callback'            => array( $this, 'remove_apache' ),
					'permission_callback' => array( $this, 'network_permissions_check' ),
				),
				'schema' => array( $this, 'get_rules_schema' ),
			)
		);
		register_rest_route(
			self::REST_NAMESPACE,
			'/export',
			array(
				array(
					'methods'             => \WP_REST_Server::READABLE,
					'callback'            => array( $this, 'export' ),
					'permission_callback' => array( $this, 'permissions_check' ),
					'args'                => array(
						'format'    => array(
							'description' => __( 'Output format.', 'xmlrpc-shield' ),
							'type'        => 'string',
							'enum'        => FirewallFormat::FORMATS,
							'default'     => 'cidr',
						),
						'range'     => $this->range_arg(),
						'threshold' => array(
							'description' => __( 'Minimum blocked requests per network in the range.', 'xmlrpc-shield' ),
							'type'        => 'integer',
							'minimum'     => 1,
							'maximum'     => 100000000,
							'default'     => BlockList::DEFAULT_THRESHOLD,
						),
					),
				),
				'schema' => array( $this, 'get_export_schema' ),
			)
		);
	}

	/**
	 * State of the Apache block, the lines, and the nginx snippet.
	 *
	 * @return \WP_REST_Response
	 */
	public function get_rules() {
		$lines = ServerRulesWriter::desired_lines();
		return rest_ensure_response(
			array(
				'apache'     => array_merge(
					ServerRulesWriter::status(),
					array(
						'enabled' => (bool) get_option( Settings::SERVER_RULES, false ),
						'path'    => ServerRulesWriter::htaccess_path(),
						'block'   => array() === $lines ? '' : ServerRulesWriter::block_text( $lines ),
					)
				),
				'nginx'      => NginxRules::snippet( Settings::mode(), Allowlist::cidrs(), NginxRules::DEFAULT_FASTCGI_PASS, Paths::data_url_path(), Denylist::cidrs() ),
				'proxy_note' => ServerRulesWriter::proxy_note(),
			)
		);
	}

	/**
	 * Writes the Apache block and keeps it in sync.
	 *
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function write_apache() {
		$result = ServerRulesWriter::write();
		return is_wp_error( $result ) ? $result : $this->get_rules();
	}

	/**
	 * Removes the Apache block.
	 *
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function remove_apache() {
		if ( ! ServerRulesWriter::remove() ) {
			return new \WP_Error( 'xmlrpc_shield_rules_write_failed', __( 'The rules could not be removed from .htaccess.', 'xmlrpc-shield' ), array( 'status' => 500 ) );
		}
		return $this->get_rules();
	}

	/**
	 * The suggested blocklist in a format.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response
	 */
	public function export( $request ) {
		return rest_ensure_response( BlockList::build( (string) $request['format'], (string) $request['range'], (int) $request['threshold'] ) );
	}

	/**
	 * Schema of GET /rules.
	 *
	 * @return array<string,mixed>
	 */
	public function get_rules_schema() {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'xmlrpc-shield-rules',
			'type'       => 'object',
			'properties' => array(
				'apache'     => array(
					'type'       => 'object',
					'properties' => array(
						'installed' => array( 'type' => 'boolean' ),
						'in_sync'   => array( 'type' => 'boolean' ),
						'supported' => array( 'type' => 'boolean' ),
						'enabled'   => array( 'type' => 'boolean' ),
						'path'      => array( 'type' => 'string' ),
						'block'     => array( 'type' => 'string' ),
					),
				),
				'nginx'      => array( 'type' => 'string' ),
				'proxy_note' => array(
					'type'        => 'string',
					'description' => __( 'Why the server rules see a proxy, not the client, when trusted proxies are set; empty otherwise.', 'xmlrpc-shield' ),
				),
			),
		);
	}

	/**
	 * Schema of GET /export.
	 *
	 * @return array<string,mixed>
	 */
	public function get_export_schema() {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'xmlrpc-shield-export',
			'type'       => 'object',
			'properties' => array(
				'format'    => array(
					'type' => 'string',
					'enum' => FirewallFormat::FORMATS,
				),
				'range'     => array(
					'type' => 'string',
					'enum' => array_keys( HitQuery::RANGES ),
				),
				'threshold' => array( 'type' => 'integer' ),
				'file_name' => array( 'type' => 'string' ),
				'networks'  => array(
					'type'  => 'array',
					'items' => array(
						'type'       => 'object',
						'properties' => array(
							'cidr'      => array( 'type' => 'string' ),
							'hits'      => array( 'type' => 'integer' ),
							'addresses' => array( 'type' => 'integer' ),
							'last_seen' => array( 'type' => 'integer' ),
							'source'    => array(
								'type' => 'string',
								'enum' => BlockList::SOURCES,
							),
						),
					),
				),
				'content'   => array( 'type' => 'string' ),
			),
		);
	}
}
