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
use XmlrpcShield\Admin\ProtectionFacts;
use XmlrpcShield\Admin\ProtectionLevel;
use XmlrpcShield\Allowlist;
use XmlrpcShield\Autopilot\Autopilot;
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
				$this->endpoint( \WP_REST_Server::READABLE, 'get_item', 'permissions_check' ),
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
		$boolean = array( 'type' => 'boolean' );
		$integer = array( 'type' => 'integer' );
		$string  = array( 'type' => 'string' );
		return self::answer_schema(
			'xmlrpc-shield-status',
			array(
				'mode'            => self::enum_schema( Decider::MODES ),
				'blocked_24h'     => $integer,
				'blocked_7d'      => $integer,
				'allowlist_count' => $integer,
				'denylist_count'  => $integer,
				'network_managed' => array(
					'description' => __( 'True when the early gate, server rules and trusted proxies are not the current user\'s to change here: on a network, a network administrator manages them on the main site.', 'xmlrpc-shield' ),
					'type'        => 'boolean',
				),
				'early_gate'      => self::object_schema(
					array(
						'installed' => $boolean,
						'method'    => $string,
						'error'     => $string,
					)
				),
				'autopilot'       => self::object_schema(
					AutopilotController::summary_properties(),
					__( 'Whether the plugin installs the early gate by itself, and where that stands (GET /autopilot has the events).', 'xmlrpc-shield' )
				),
				'server_rules'    => self::object_schema(
					array(
						'installed' => $boolean,
						'in_sync'   => $boolean,
						'supported' => $boolean,
					)
				),
				'dropped_hits'    => array(
					'description' => __( 'Hits blocked or seen but missing from the log: the spool was full or unwritable for minutes.', 'xmlrpc-shield' ),
					'type'        => 'integer',
				),
				'dropped_last'    => array(
					'description' => __( 'Unix time of the latest minute with dropped hits (0 for none).', 'xmlrpc-shield' ),
					'type'        => 'integer',
				),
				'nodes'           => self::list_schema(
					self::object_schema(
						array(
							'id'             => array(
								'description' => __( 'Host name, address and port of the node\'s web server.', 'xmlrpc-shield' ),
								'type'        => 'string',
							),
							'address'        => $string,
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
							'gate_installed' => $boolean,
							'gate_version'   => array(
								'description' => __( 'Version of the settings the node\'s early gate decides with.', 'xmlrpc-shield' ),
								'type'        => 'string',
							),
							'gate_current'   => array(
								'description' => __( 'False when the node\'s early gate decides with settings older than the database\'s (an out-of-date gate).', 'xmlrpc-shield' ),
								'type'        => 'boolean',
							),
						)
					),
					__( 'The web nodes that reported in the last week, most recently seen first: each drains its own counts and fetches the early gate\'s settings (Fleet\Drain).', 'xmlrpc-shield' )
				),
				'protection'      => self::protection_schema(),
				'jetpack'         => self::object_schema(
					array( 'connected' => $boolean ),
					__( 'Whether Jetpack is connected; its signed requests then pass in every mode.', 'xmlrpc-shield' )
				),
			)
		);
	}

	/**
	 * Schema of `protection` (Admin\ProtectionLevel::current()).
	 *
	 * @return array<string,mixed>
	 */
	private static function protection_schema(): array {
		$boolean = array( 'type' => 'boolean' );
		$string  = array( 'type' => 'string' );
		return self::object_schema(
			array(
				'level'       => self::enum_schema( ProtectionLevel::LEVELS ),
				'level_label' => $string,
				'summary'     => $string,
				'layers'      => self::list_schema(
					self::object_schema(
						array(
							'id'          => self::enum_schema( ProtectionLevel::LAYERS ),
							'label'       => $string,
							'state'       => self::enum_schema( ProtectionLevel::STATES ),
							'state_label' => $string,
							'what'        => $string,
							'detail'      => $string,
							'files'       => self::list_schema( $string ),
						)
					)
				),
				'server'      => self::object_schema(
					array(
						'software'          => self::enum_schema( ProtectionFacts::SOFTWARE ),
						'php'               => $string,
						'reads_htaccess'    => array( 'type' => array( 'boolean', 'null' ) ),
						'early_gate_method' => $string,
					)
				),
				'actions'     => self::object_schema(
					array(
						'change_mode'        => $boolean,
						'install_early_gate' => $boolean,
						'remove_early_gate'  => $boolean,
						'write_server_rule'  => $boolean,
						'remove_server_rule' => $boolean,
						'nginx_snippet'      => $boolean,
					),
					__( 'Which actions can work here: e.g. no .htaccess write on a server that does not read .htaccess.', 'xmlrpc-shield' )
				),
				'autopilot'   => array(
					'type'       => array( 'object', 'null' ),
					'properties' => array(
						'enabled'    => $boolean,
						'state'      => $string,
						'layer'      => $string,
						'last_event' => array( 'type' => array( 'object', 'null' ) ),
					),
				),
				'next_step'   => self::object_schema(
					array(
						'id'     => self::enum_schema( ProtectionLevel::STEPS ),
						'text'   => $string,
						'method' => $string,
					)
				),
			),
			__( 'The protection level at a glance: which layers refuse XML-RPC floods on this server, what automatic escalation did, the actions this server allows and the one next step (Admin\\ProtectionLevel).', 'xmlrpc-shield' )
		);
	}
}
