<?php
/**
 * GET /status: the at-a-glance state.
 *
 * Past 250 lines only through its response schema (the `protection` object), which REST
 * clients and the captured fixtures read.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rest;

use XmlrpcShield\Fleet\Drain;
use XmlrpcShield\Admin\ProtectionLevel;
use XmlrpcShield\Allowlist;
use XmlrpcShield\Autopilot\Autopilot;
use XmlrpcShield\Autopilot\State;
use XmlrpcShield\Denylist;
use XmlrpcShield\Capabilities;
use XmlrpcShield\EarlyGate\Installer;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Gate\JetpackConnection;
use XmlrpcShield\Log\HitQuery;
use XmlrpcShield\Log\Ingester;
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
			self::REST_NAMESPACE,
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
		$now     = time();
		$dropped = Ingester::dropped();
		return rest_ensure_response(
			array_merge(
				array(
					'mode'            => Settings::mode(),
					'blocked_24h'     => HitQuery::totals( $now - DAY_IN_SECONDS, $now + 1 )['blocked'],
					'blocked_7d'      => HitQuery::totals( $now - WEEK_IN_SECONDS, $now + 1 )['blocked'],
					'allowlist_count' => count( Allowlist::entries() ),
					'denylist_count'  => count( Denylist::entries() ),
					'network_managed' => ! Capabilities::can_manage_network(),
					'dropped_hits'    => $dropped['hits'],
					'dropped_last'    => $dropped['last'],
					'jetpack'         => array( 'connected' => JetpackConnection::is_connected() ),
					'protection'      => ProtectionLevel::current(),
					'nodes'           => Drain::status( $now ),
				),
				self::network_layers()
			)
		);
	}

	/**
	 * The early gate's and the server rules' state. They belong to the network: a sub-site
	 * reports what the main site installed.
	 *
	 * @return array{early_gate:array<string,mixed>, server_rules:array<string,bool>, autopilot:array<string,mixed>}
	 */
	private static function network_layers(): array {
		$layers = Settings::on_main_site(
			static function (): array {
				$autopilot = Autopilot::to_array();
				return array(
					'early_gate'   => Installer::status(),
					'server_rules' => ServerRulesWriter::status(),
					'autopilot'    => array(
						'enabled' => $autopilot['enabled'],
						'state'   => $autopilot['state'],
						'layer'   => $autopilot['layer'],
					),
				);
			}
		);
		if ( ! Capabilities::is_network_site() ) {
			// Which server files hold the hook is the network administrator's business.
			unset( $layers['early_gate']['files'] );
		}
		return $layers;
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
					'enum' => Decider::MODES,
				),
				'blocked_24h'     => array( 'type' => 'integer' ),
				'blocked_7d'      => array( 'type' => 'integer' ),
				'allowlist_count' => array( 'type' => 'integer' ),
				'denylist_count'  => array( 'type' => 'integer' ),
				'network_managed' => array(
					'description' => __( 'True when the early gate, server rules and trusted proxies are not the current user\'s to change here: on a network, a network administrator manages them on the main site.', 'xmlrpc-shield' ),
					'type'        => 'boolean',
				),
				'early_gate'      => array(
					'type'       => 'object',
					'properties' => array(
						'installed' => array( 'type' => 'boolean' ),
						'method'    => array( 'type' => 'string' ),
						'error'     => array( 'type' => 'string' ),
					),
				),
				'autopilot'       => array(
					'description' => __( 'Whether the plugin installs the early gate by itself, and where that stands (GET /autopilot has the events).', 'xmlrpc-shield' ),
					'type'        => 'object',
					'properties'  => array(
						'enabled' => array( 'type' => 'boolean' ),
						'state'   => array(
							'type' => 'string',
							'enum' => State::STATES,
						),
						'layer'   => array( 'type' => 'string' ),
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
				'dropped_hits'    => array(
					'description' => __( 'Hits blocked or seen but missing from the log: the spool was full or unwritable for minutes.', 'xmlrpc-shield' ),
					'type'        => 'integer',
				),
				'dropped_last'    => array(
					'description' => __( 'Unix time of the latest minute with dropped hits (0 for none).', 'xmlrpc-shield' ),
					'type'        => 'integer',
				),
				'nodes'           => array(
					'description' => __( 'The web nodes that reported in the last week, most recently seen first: each drains its own counts and fetches the early gate\'s settings (Fleet\Drain).', 'xmlrpc-shield' ),
					'type'        => 'array',
					'items'       => array(
						'type'       => 'object',
						'properties' => array(
							'id'             => array(
								'description' => __( 'Host name, address and port of the node\'s web server.', 'xmlrpc-shield' ),
								'type'        => 'string',
							),
							'address'        => array( 'type' => 'string' ),
							'last_seen'      => array(
								'description' => __( 'Unix time the node last reported.', 'xmlrpc-shield' ),
								'type'        => 'integer',
							),
							'last_drain'     => array(
								'description' => __( 'Unix time the node last moved its counts into the log (0: never).', 'xmlrpc-shield' ),
								'type'        => 'integer',
							),
							'drained_hits'   => array(
								'description' => __( 'Hits that drain moved into the log.', 'xmlrpc-shield' ),
								'type'        => 'integer',
							),
							'gate_installed' => array( 'type' => 'boolean' ),
							'gate_version'   => array(
								'description' => __( 'Version of the settings the node\'s early gate decides with.', 'xmlrpc-shield' ),
								'type'        => 'string',
							),
							'gate_current'   => array(
								'description' => __( 'False when the node\'s early gate decides with settings older than the database\'s (an out-of-date gate).', 'xmlrpc-shield' ),
								'type'        => 'boolean',
							),
						),
					),
				),
				'protection'      => array(
					'description' => __( 'The protection level at a glance: which layers refuse XML-RPC floods on this server, what automatic escalation did, the actions this server allows and the one next step (Admin\\ProtectionLevel).', 'xmlrpc-shield' ),
					'type'        => 'object',
					'properties'  => array(
						'level'       => array(
							'type' => 'string',
							'enum' => ProtectionLevel::LEVELS,
						),
						'level_label' => array( 'type' => 'string' ),
						'summary'     => array( 'type' => 'string' ),
						'layers'      => array(
							'type'  => 'array',
							'items' => array(
								'type'       => 'object',
								'properties' => array(
									'id'          => array(
										'type' => 'string',
										'enum' => ProtectionLevel::LAYERS,
									),
									'label'       => array( 'type' => 'string' ),
									'state'       => array(
										'type' => 'string',
										'enum' => ProtectionLevel::STATES,
									),
									'state_label' => array( 'type' => 'string' ),
									'what'        => array( 'type' => 'string' ),
									'detail'      => array( 'type' => 'string' ),
									'files'       => array(
										'type'  => 'array',
										'items' => array( 'type' => 'string' ),
									),
								),
							),
						),
						'server'      => array(
							'type'       => 'object',
							'properties' => array(
								'software'          => array(
									'type' => 'string',
									'enum' => array( 'apache', 'litespeed', 'nginx', 'iis', 'other', 'unknown' ),
								),
								'php'               => array( 'type' => 'string' ),
								'reads_htaccess'    => array( 'type' => array( 'boolean', 'null' ) ),
								'early_gate_method' => array( 'type' => 'string' ),
							),
						),
						'actions'     => array(
							'description' => __( 'Which actions can work here: e.g. no .htaccess write on a server that does not read .htaccess.', 'xmlrpc-shield' ),
							'type'        => 'object',
							'properties'  => array(
								'change_mode'        => array( 'type' => 'boolean' ),
								'install_early_gate' => array( 'type' => 'boolean' ),
								'remove_early_gate'  => array( 'type' => 'boolean' ),
								'write_server_rule'  => array( 'type' => 'boolean' ),
								'remove_server_rule' => array( 'type' => 'boolean' ),
								'nginx_snippet'      => array( 'type' => 'boolean' ),
							),
						),
						'autopilot'   => array(
							'type'       => array( 'object', 'null' ),
							'properties' => array(
								'enabled'    => array( 'type' => 'boolean' ),
								'state'      => array( 'type' => 'string' ),
								'layer'      => array( 'type' => 'string' ),
								'last_event' => array( 'type' => array( 'object', 'null' ) ),
							),
						),
						'next_step'   => array(
							'type'       => 'object',
							'properties' => array(
								'id'     => array(
									'type' => 'string',
									'enum' => ProtectionLevel::STEPS,
								),
								'text'   => array( 'type' => 'string' ),
								'method' => array( 'type' => 'string' ),
							),
						),
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
