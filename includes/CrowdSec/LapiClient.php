<?php
/**
 * The few CrowdSec Local API calls a watcher machine makes.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\CrowdSec;

/**
 * `POST /v1/watchers/login` (machine name + password → JWT), `POST /v1/alerts`, and
 * `DELETE /v1/decisions` for our own scenario. Every call has a short timeout and follows no
 * redirect; a failure is a WP_Error whose message says what the LAPI answered, in words an
 * owner can act on. Plain wp_remote_request(), not the "safe" variant: a Local API usually
 * listens on loopback or a private network, which the safe variant refuses by design; the URL
 * comes from a network administrator.
 */
final class LapiClient {

	/** Seconds for the whole request: a LAPI that is down or stuck costs a cron run this much at most. */
	const TIMEOUT = 3;

	/**
	 * Base URL with a trailing slash.
	 *
	 * @var string
	 */
	private $url;

	/**
	 * Machine name.
	 *
	 * @var string
	 */
	private $machine_id;

	/**
	 * Machine password.
	 *
	 * @var string
	 */
	private $password;

	/**
	 * Client for one LAPI and machine.
	 *
	 * @param string $url        Base URL (Config keeps one trailing slash).
	 * @param string $machine_id Machine name.
	 * @param string $password   Machine password.
	 */
	public function __construct( string $url, string $machine_id, string $password ) {
		$this->url        = $url;
		$this->machine_id = $machine_id;
		$this->password   = $password;
	}

	/**
	 * Logs in; the token lasts an hour on the LAPI's side, long enough for one push.
	 *
	 * @return string|\WP_Error The JWT.
	 */
	public function login() {
		$answer = $this->request(
			'POST',
			'v1/watchers/login',
			array(
				'machine_id' => $this->machine_id,
				'password'   => $this->password,
				'scenarios'  => array( Alerts::SCENARIO ),
			)
		);
		if ( is_wp_error( $answer ) ) {
			return $answer;
		}
		if ( 200 !== $answer['status'] || ! is_array( $answer['json'] ) || ! is_string( $answer['json']['token'] ?? null ) ) {
			return self::refusal( $answer, __( 'The Local API refused the login', 'xmlrpc-shield' ) );
		}
		return $answer['json']['token'];
	}

	/**
	 * Sends alerts (with their decisions).
	 *
	 * @param string                         $token  JWT from login().
	 * @param array<int,array<string,mixed>> $alerts From Alerts::build().
	 * @return true|\WP_Error
	 */
	public function add_alerts( string $token, array $alerts ) {
		$answer = $this->request( 'POST', 'v1/alerts', $alerts, $token );
		if ( is_wp_error( $answer ) ) {
			return $answer;
		}
		return 201 === $answer['status'] ? true : self::refusal( $answer, __( 'The Local API refused the alerts', 'xmlrpc-shield' ) );
	}

	/**
	 * Deletes our scenario's decisions on one network (only ours: the filter names our
	 * scenario, so a ban someone else made on the same network stays).
	 *
	 * @param string $token JWT from login().
	 * @param string $cidr  Network.
	 * @return true|\WP_Error
	 */
	public function delete_decisions( string $token, string $cidr ) {
		$query  = http_build_query(
			array(
				'scenario' => Alerts::SCENARIO,
				'value'    => $cidr,
			),
			'',
			'&',
			PHP_QUERY_RFC3986
		);
		$answer = $this->request( 'DELETE', 'v1/decisions?' . $query, null, $token );
		if ( is_wp_error( $answer ) ) {
			return $answer;
		}
		return 200 === $answer['status'] ? true : self::refusal( $answer, __( 'The Local API refused to delete a decision', 'xmlrpc-shield' ) );
	}

	/**
	 * One call.
	 *
	 * @param string     $method HTTP method.
	 * @param string     $path   Path under the base URL.
	 * @param mixed|null $body   JSON body.
	 * @param string     $token  JWT, if any.
	 * @return array{status:int,json:mixed,body:string}|\WP_Error
	 */
	private function request( string $method, string $path, $body = null, string $token = '' ) {
		$headers = array( 'Accept' => 'application/json' );
		if ( null !== $body ) {
			$headers['Content-Type'] = 'application/json';
		}
		if ( '' !== $token ) {
			$headers['Authorization'] = 'Bearer ' . $token;
		}
		$args = array(
			'method'      => $method,
			'timeout'     => self::TIMEOUT,
			'redirection' => 0,
			'headers'     => $headers,
			'user-agent'  => 'xmlrpc-shield/' . ( defined( 'XMLRPC_SHIELD_VERSION' ) ? XMLRPC_SHIELD_VERSION : 'dev' ),
		);
		if ( null !== $body ) {
			$args['body'] = (string) wp_json_encode( $body );
		}
		$response = wp_remote_request( $this->url . $path, $args );
		if ( is_wp_error( $response ) ) {
			return new \WP_Error(
				'xmlrpc_shield_crowdsec_unreachable',
				/* translators: 1: Local API URL, 2: the transport's error message. */
				sprintf( __( 'The Local API at %1$s did not answer: %2$s', 'xmlrpc-shield' ), $this->url, $response->get_error_message() )
			);
		}
		$text = (string) wp_remote_retrieve_body( $response );
		return array(
			'status' => (int) wp_remote_retrieve_response_code( $response ),
			'json'   => json_decode( $text, true ),
			'body'   => $text,
		);
	}

	/**
	 * An error from an answer that was not the expected one: the status and the LAPI's own
	 * message (its JSON `message`), cut short.
	 *
	 * @param array{status:int,json:mixed,body:string} $answer What came back.
	 * @param string                                   $what   What failed.
	 */
	private static function refusal( array $answer, string $what ): \WP_Error {
		$said = is_array( $answer['json'] ) && is_string( $answer['json']['message'] ?? null ) ? $answer['json']['message'] : $answer['body'];
		$said = substr( trim( (string) preg_replace( '/[\x00-\x1f\x7f]+/', ' ', $said ) ), 0, 200 );
		return new \WP_Error(
			'xmlrpc_shield_crowdsec_refused',
			/* translators: 1: what failed, 2: HTTP status, 3: the Local API's message. */
			sprintf( __( '%1$s (HTTP %2$d): %3$s', 'xmlrpc-shield' ), $what, $answer['status'], '' === $said ? '-' : $said )
		);
	}
}
