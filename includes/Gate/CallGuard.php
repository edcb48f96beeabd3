<?php
/**
 * The authoritative check: decides each XML-RPC call by the method name core's parser read.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Gate;

use XmlrpcShield\GateConfig;

/**
 * The gates decide from a sniffed name before any XML parser runs, and pass what they are not
 * sure of. This check runs inside core's XML-RPC server, where the name is the one core is
 * about to call, so no body can talk its way past it: in pingback mode it answers pingbacks and
 * system.multicall with the gate's fault. It also logs each passing POST once, with that name.
 *
 * Core's xmlrpc_methods filter cannot do this: IXR_Server::setCallbacks() adds system.multicall
 * back after it, and the xmlrpc_call action does not fire for system.* methods.
 */
final class CallGuard {

	/** Core's server class, the only one GuardedXmlrpcServer can stand in for. */
	const CORE_SERVER_CLASS = 'wp_xmlrpc_server';

	/**
	 * Gate config, read once per request.
	 *
	 * @var array<string,mixed>|null
	 */
	private static $config;

	/**
	 * Decider for that config, built once: a multicall may hold a thousand sub-calls.
	 *
	 * @var Decider|null
	 */
	private static $decider;

	/**
	 * Whether this request's hit is logged (once per request: a multicall's sub-calls are not).
	 *
	 * @var bool
	 */
	private static $recorded = false;

	/**
	 * A passing request's hit, written at shutdown: a login that fails inside the call turns
	 * its outcome into Decision::LOGIN_FAILED first (Lockout\FailedLogins).
	 *
	 * @var Decision|null
	 */
	private static $pending;

	/**
	 * Hooks the server class. Last, so a plugin that brings its own server is seen.
	 */
	public static function register(): void {
		add_filter( 'wp_xmlrpc_server_class', array( self::class, 'server_class' ), PHP_INT_MAX );
	}

	/**
	 * Filter callback: core's server becomes GuardedXmlrpcServer. Another plugin's server class
	 * is kept, and the body is parsed once more with core's parser to check it before it runs.
	 *
	 * @param string $class_name Server class.
	 * @return string
	 */
	public static function server_class( $class_name ) {
		if ( self::CORE_SERVER_CLASS === $class_name ) {
			return GuardedXmlrpcServer::class;
		}
		self::check_body_with_core_parser();
		return $class_name;
	}

	/**
	 * Checks one call (top level or inside system.multicall); refuses it by ending the request
	 * with the gate's response.
	 *
	 * @param mixed $method Method name as core parsed it.
	 */
	public static function check_call( $method ): void {
		$name = is_scalar( $method ) ? (string) $method : '';
		if ( null === self::$decider ) {
			self::$decider = RequestGate::decider( self::config(), JetpackConnection::verifies_current_request() );
		}
		$decision = self::$decider->decide_parsed_call( $_SERVER, $name );
		self::record_once( $decision );
		if ( $decision->refuses() ) {
			Responder::send_and_exit( $decision->response, RequestGate::LAYER_SERVER );
		}
	}

	/**
	 * Logs a POST core could not parse as a call (it answers with its own fault). A no-op once a
	 * call was checked: core also answers a call's own error through this path.
	 */
	public static function check_unparsed(): void {
		if ( ! self::$recorded ) {
			self::check_call( MethodSniffer::MALFORMED );
		}
	}

	/**
	 * Parses the body as core's server will (same class, same input) and checks its method.
	 * Only for a server class that is not ours: it costs a second parse.
	 */
	private static function check_body_with_core_parser(): void {
		if ( isset( $_SERVER['REQUEST_METHOD'] ) && 'POST' !== $_SERVER['REQUEST_METHOD'] ) {
			return;
		}
		$body    = file_get_contents( 'php://input' ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
		$message = new \IXR_Message( false === $body ? '' : $body );
		// phpcs:ignore WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase -- core's property names.
		if ( $message->parse() && 'methodCall' === $message->messageType ) {
			self::check_call( $message->methodName ); // phpcs:ignore WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase
			return;
		}
		self::check_unparsed();
	}

	/**
	 * Logs the request's hit the first time it is decided.
	 *
	 * @param Decision $decision Decision.
	 */
	private static function record_once( Decision $decision ): void {
		if ( self::$recorded ) {
			return;
		}
		self::$recorded = true;
		$config         = self::config();
		if ( ! $decision->is_logged() || empty( $config['log_enabled'] ) ) {
			return;
		}
		if ( $decision->refuses() ) {
			RequestGate::record( $config, $decision, $_SERVER );
			return;
		}
		// Core answers (and exits) from inside the call; shutdown still runs after that exit.
		self::$pending = $decision;
		register_shutdown_function( array( self::class, 'record_pending' ) );
	}

	/**
	 * Writes the passing request's hit (shutdown function).
	 */
	public static function record_pending(): void {
		if ( null !== self::$pending ) {
			RequestGate::record( self::config(), self::$pending, $_SERVER );
			self::$pending = null;
		}
	}

	/**
	 * Marks this request's hit as a failed login: core refused the credentials it checked.
	 */
	public static function login_failed(): void {
		if ( null !== self::$pending ) {
			self::$pending->outcome = Decision::LOGIN_FAILED;
		}
	}

	/**
	 * The gate config.
	 *
	 * @return array<string,mixed>
	 */
	private static function config(): array {
		if ( null === self::$config ) {
			self::$config = GateConfig::for_plugin_load();
		}
		return self::$config;
	}
}
