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

	/** Refuse with a plain 403 (block mode). */
	const RESPOND_FORBIDDEN = 'forbidden';

	/** Refuse with an XML-RPC fault (pingback mode). */
	const RESPOND_FAULT = 'fault';

	/** Refuse a trackback with the trackback error format. */
	const RESPOND_TRACKBACK = 'trackback';

	/** Let WordPress handle the request. */
	const RESPOND_PASS = 'pass';

	/**
	 * One of BLOCKED, ALLOWED, LOGGED, or '' for requests the gate ignores.
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
	 * Sniffed method name.
	 *
	 * @var string
	 */
	public $method;

	/**
	 * Builds a decision.
	 *
	 * @param string $outcome  Outcome.
	 * @param string $response Response kind.
	 * @param string $ip       Client address.
	 * @param string $method   Method name.
	 */
	public function __construct( string $outcome, string $response, string $ip, string $method ) {
		$this->outcome  = $outcome;
		$this->response = $response;
		$this->ip       = $ip;
		$this->method   = $method;
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
}
