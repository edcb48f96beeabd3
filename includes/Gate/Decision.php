<?php
/**
 * What the gate decided for one request.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Gate;

/**
 * Value object: the outcome plus what is logged about the request.
 */
final class Decision {

	const BLOCKED = 'blocked';
	const ALLOWED = 'allowed';
	const LOGGED  = 'logged';

	/**
	 * A call that passed the gates and then failed core's XML-RPC login (a password guess):
	 * recorded instead of ALLOWED/LOGGED (Lockout\FailedLogins). Ten characters at most: the
	 * log table's outcome column is varchar(10).
	 */
	const LOGIN_FAILED = 'login_fail';

	/** Every outcome the log holds: the one list (REST schemas, ingest, queries, the UI's src/common/outcomes.ts). */
	const OUTCOMES = array( self::BLOCKED, self::ALLOWED, self::LOGGED, self::LOGIN_FAILED );

	/** Refuse with a plain 403 (block mode). */
	const RESPOND_FORBIDDEN = 'forbidden';

	/** Refuse with an XML-RPC fault (pingback mode). */
	const RESPOND_FAULT = 'fault';

	/** Refuse a trackback with the trackback error format. */
	const RESPOND_TRACKBACK = 'trackback';

	/** Let WordPress handle the request. */
	const RESPOND_PASS = 'pass';

	/** Added to the logged method of a call whose Jetpack signature verified. */
	const JETPACK_SIGNED_NOTE = '(Jetpack-signed)';

	/**
	 * One of OUTCOMES, or '' for requests the gate ignores.
	 *
	 * @var string
	 */
	public $outcome;

	/**
	 * One of the RESPOND_* constants.
	 *
	 * @var string
	 */
	public $response;

	/**
	 * Client address.
	 *
	 * @var string
	 */
	public $ip;

	/**
	 * Method name: sniffed by the gate, or parsed by core when CallGuard decides.
	 *
	 * @var string
	 */
	public $method;

	/**
	 * Whether CallGuard records this hit inside WordPress, with the method name core's parser
	 * read, instead of the gate recording the sniffed one (a POST that passes the gate).
	 *
	 * @var bool
	 */
	public $recorded_by_server;

	/**
	 * Whether this is a verified call from Jetpack's servers (logged with a note).
	 *
	 * @var bool
	 */
	public $jetpack_signed;

	/**
	 * Builds a decision.
	 *
	 * @param string $outcome  Outcome.
	 * @param string $response Response kind.
	 * @param string $ip       Client address.
	 * @param string $method   Method name.
	 * @param bool   $recorded_by_server Whether CallGuard records the hit (see the property).
	 * @param bool   $jetpack_signed     Whether the call carries a verified Jetpack signature.
	 */
	public function __construct( string $outcome, string $response, string $ip, string $method, bool $recorded_by_server = false, bool $jetpack_signed = false ) {
		$this->outcome            = $outcome;
		$this->response           = $response;
		$this->ip                 = $ip;
		$this->method             = $method;
		$this->recorded_by_server = $recorded_by_server;
		$this->jetpack_signed     = $jetpack_signed;
	}

	/**
	 * The logged method of a verified Jetpack call: the name with a note, so the log tells a
	 * signed call from one the allowlist let through. Only the gate adds the note, from the
	 * decision's flag: a client naming its method "x (Jetpack-signed)" is folded like any
	 * invented name (KnownMethods::fold()).
	 *
	 * @param string $method Method name (may be empty for a request without a body).
	 */
	public static function jetpack_signed_method( string $method ): string {
		return ltrim( $method . ' ' . self::JETPACK_SIGNED_NOTE );
	}

	/**
	 * Whether the request is to be refused.
	 */
	public function refuses(): bool {
		return self::RESPOND_PASS !== $this->response;
	}

	/**
	 * Whether the request is to be written to the hit log.
	 */
	public function is_logged(): bool {
		return '' !== $this->outcome;
	}

	/**
	 * Whether the gate itself writes the hit to the log (CallGuard writes the others).
	 */
	public function is_recorded_by_gate(): bool {
		return $this->is_logged() && ! $this->recorded_by_server;
	}
}
