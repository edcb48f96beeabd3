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
				$this->endpoint( \WP_REST_Server::READABLE, 'get_rules', 'network_permissions_check' ),
				'schema' => array( $this, 'get_rules_schema' ),
			)
		);
		register_rest_route(
			self::REST_NAMESPACE,
			'/rules/apache',
			array(
				$this->endpoint( \WP_REST_Server::CREATABLE, 'write_apache', 'network_permissions_check' ),
				$this->endpoint( \WP_REST_Server::DELETABLE, 'remove_apache', 'network_permissions_check' ),
				'schema' => array( $this, 'get_rules_schema' ),
			)
		);
		register_rest_route(
			self::REST_NAMESPACE,
			'/export',
			array(
				$this->endpoint(
					\WP_REST_Server::READABLE,
					'export',
					'permissions_check',
					array(
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
					)
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
		$boolean = array( 'type' => 'boolean' );
		$string  = array( 'type' => 'string' );
		return self::answer_schema(
			'xmlrpc-shield-rules',
			array(
				'apache'     => self::object_schema(
					array(
						'installed' => $boolean,
						'in_sync'   => $boolean,
						'supported' => $boolean,
						'enabled'   => $boolean,
						'path'      => $string,
						'block'     => $string,
					)
				),
				'nginx'      => $string,
				'proxy_note' => array(
					'type'        => 'string',
					'description' => __( 'Why the server rules see a proxy, not the client, when trusted proxies are set; empty otherwise.', 'xmlrpc-shield' ),
				),
			)
		);
	}

	/**
	 * Schema of GET /export.
	 *
	 * @return array<string,mixed>
	 */
	public function get_export_schema() {
		$integer = array( 'type' => 'integer' );
		$string  = array( 'type' => 'string' );
		return self::answer_schema(
			'xmlrpc-shield-export',
			array(
				'format'    => self::enum_schema( FirewallFormat::FORMATS ),
				'range'     => self::enum_schema( array_keys( HitQuery::RANGES ) ),
				'threshold' => $integer,
				'file_name' => $string,
				'networks'  => self::list_schema(
					self::object_schema(
						array(
							'cidr'      => $string,
							'hits'      => $integer,
							'addresses' => $integer,
							'last_seen' => $integer,
							'source'    => self::enum_schema( BlockList::SOURCES ),
						)
					)
				),
				'content'   => $string,
			)
		);
	}
}
