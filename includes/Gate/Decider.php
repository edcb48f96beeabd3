<?php
/**
 * The request decision shared by the plugin-load gate and the early gate.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Gate;

/**
 * Pure: configuration + request data in, Decision out. No WordPress, no I/O except the body
 * reader it is handed, which is called only when the method matters.
 */
final class Decider {

	const MODE_BLOCK    = 'block';
	const MODE_PINGBACK = 'pingback';
	const MODE_MONITOR  = 'monitor';
	const MODE_OFF      = 'off';

	const MODES = array( self::MODE_BLOCK, self::MODE_PINGBACK, self::MODE_MONITOR, self::MODE_OFF );

	/**
	 * Methods refused in pingback mode: pingbacks and the brute-force amplifier. The gate refuses
	 * them when the sniffer is sure of the name, CallGuard whatever the sniffer said.
	 */
	const REFUSED_IN_PINGBACK_MODE = array( 'pingback.ping', 'pingback.extensions.getPingbacks', 'system.multicall' );

	/** Logged method name for wp-trackback.php requests. */
	const TRACKBACK_METHOD = 'trackback';

	/**
	 * Current mode.
	 *
	 * @var string
	 */
	private $mode;

	/**
	 * Allowlisted networks.
	 *
	 * @var AddressList
	 */
	private $allowlist;

	/**
	 * Trusted proxies and the header each sets.
	 *
	 * @var TrustedProxies
	 */
	private $trusted_proxies;

	/**
	 * Whether this request carries a Jetpack signature that verified against the site's token
	 * (JetpackConnection decides it; it needs the database).
	 *
	 * @var bool
	 */
	private $jetpack_signed;

	/**
	 * Clients locked out after failed XML-RPC logins.
	 *
	 * @var LockoutList
	 */
	private $lockouts;

	/**
	 * Builds a decider.
	 *
	 * @param string         $mode            Mode; unknown values fall back to block (fail closed).
	 * @param AddressList    $allowlist       Allowlisted networks.
	 * @param TrustedProxies $trusted_proxies Trusted proxies.
	 * @param bool           $jetpack_signed  Whether the request is a verified call from Jetpack's servers.
	 * @param LockoutList    $lockouts        Clients locked out after failed logins (none by default).
	 */
	public function __construct( string $mode, AddressList $allowlist, TrustedProxies $trusted_proxies, bool $jetpack_signed = false, ?LockoutList $lockouts = null ) {
		$this->mode            = in_array( $mode, self::MODES, true ) ? $mode : self::MODE_BLOCK;
		$this->allowlist       = $allowlist;
		$this->trusted_proxies = $trusted_proxies;
		$this->jetpack_signed  = $jetpack_signed;
		$this->lockouts        = $lockouts ?? new LockoutList( array() );
	}

	/**
	 * Decides for a request to xmlrpc.php from the sniffed method name. In pingback mode only a
	 * name the sniffer is sure of is refused here; the others pass, and CallGuard decides again
	 * inside WordPress with the name core parsed.
	 *
	 * @param array<string,mixed> $server    Server variables.
	 * @param callable            $read_head Returns the first bytes of the body.
	 */
	public function decide_xmlrpc( array $server, callable $read_head ): Decision {
		if ( self::MODE_OFF === $this->mode ) {
			return new Decision( '', Decision::RESPOND_PASS, '', '' );
		}
		$head     = (string) $read_head();
		$method   = MethodSniffer::sniff( $head );
		$decision = $this->decide( $server, $method );
		if ( MethodSniffer::UNCERTAIN === $method && $decision->refuses() ) {
			// Block mode refuses whatever the body names; its log shows the best guess.
			$decision->method = MethodSniffer::guess( $head );
		}
		return $decision;
	}

	/**
	 * Decides for one XML-RPC call by the method name core's parser read (CallGuard).
	 *
	 * @param array<string,mixed> $server Server variables.
	 * @param string              $method Method name as core parsed it.
	 */
	public function decide_parsed_call( array $server, string $method ): Decision {
		if ( self::MODE_OFF === $this->mode ) {
			return new Decision( '', Decision::RESPOND_PASS, '', '' );
		}
		return $this->decide( $server, $method );
	}

	/**
	 * The decision for a method name: a sure one, or MethodSniffer::UNCERTAIN.
	 *
	 * @param array<string,mixed> $server Server variables.
	 * @param string              $method Method name.
	 */
	private function decide( array $server, string $method ): Decision {
		$ip = ClientIp::resolve( $server, $this->trusted_proxies );
		// Core's server answers anything but a POST without calling a method, so the gate logs
		// those; a POST that passes is logged by CallGuard with the name core parsed.
		$posted = ! isset( $server['REQUEST_METHOD'] ) || 'POST' === $server['REQUEST_METHOD'];
		if ( '' !== $ip && $this->allowlist->contains( $ip ) ) {
			return new Decision( Decision::ALLOWED, Decision::RESPOND_PASS, $ip, $method, $posted );
		}
		if ( $this->jetpack_signed ) {
			// Only a holder of the site's Jetpack token can sign, and the signature covers the
			// body: whatever it calls (a multicall too) is Jetpack's own, in every mode.
			return new Decision( Decision::ALLOWED, Decision::RESPOND_PASS, $ip, $method, $posted, true );
		}
		if ( '' !== $ip && $this->lockouts->locked_until( $ip, time() ) > 0 ) {
			// Locked out after failed logins: refused in every mode but off, whatever it calls.
			return new Decision( Decision::BLOCKED, Decision::RESPOND_FORBIDDEN, $ip, $method );
		}
		if ( self::MODE_MONITOR === $this->mode ) {
			return new Decision( Decision::LOGGED, Decision::RESPOND_PASS, $ip, $method, $posted );
		}
		if ( self::MODE_PINGBACK === $this->mode ) {
			return in_array( $method, self::REFUSED_IN_PINGBACK_MODE, true )
				? new Decision( Decision::BLOCKED, Decision::RESPOND_FAULT, $ip, $method )
				: new Decision( Decision::ALLOWED, Decision::RESPOND_PASS, $ip, $method, $posted );
		}
		return new Decision( Decision::BLOCKED, Decision::RESPOND_FORBIDDEN, $ip, $method );
	}

	/**
	 * Decides for a request to wp-trackback.php: refused in every mode but off, allowlist or not,
	 * because the plugin turns trackbacks off site-wide.
	 *
	 * @param array<string,mixed> $server Server variables.
	 */
	public function decide_trackback( array $server ): Decision {
		if ( self::MODE_OFF === $this->mode ) {
			return new Decision( '', Decision::RESPOND_PASS, '', '' );
		}
		$ip = ClientIp::resolve( $server, $this->trusted_proxies );
		return new Decision( Decision::BLOCKED, Decision::RESPOND_TRACKBACK, $ip, self::TRACKBACK_METHOD );
	}

	/**
	 * Whether a query names a call from Jetpack's servers (?for=jetpack) and carries a token and
	 * a signature: the only requests worth verifying with JetpackSignature (Jetpack ignores the
	 * others too), and the ones the early gate leaves to the plugin-load gate.
	 *
	 * @param array<mixed> $query Query arguments ($_GET shape).
	 */
	public static function is_signed_jetpack_call( array $query ): bool {
		return isset( $query['for'], $query['token'], $query['signature'] ) && 'jetpack' === $query['for']
			&& is_string( $query['token'] ) && is_string( $query['signature'] ) && '' !== $query['signature'];
	}

	/**
	 * Which gated script a request targets, from SCRIPT_FILENAME: 'xmlrpc', 'trackback' or ''.
	 *
	 * @param array<string,mixed> $server Server variables.
	 */
	public static function target( array $server ): string {
		// Lower-cased: on a case-insensitive filesystem /XMLRPC.PHP runs the same xmlrpc.php.
		$script = isset( $server['SCRIPT_FILENAME'] ) && is_string( $server['SCRIPT_FILENAME'] ) ? strtolower( basename( $server['SCRIPT_FILENAME'] ) ) : '';
		if ( 'xmlrpc.php' === $script ) {
			return 'xmlrpc';
		}
		if ( 'wp-trackback.php' === $script ) {
			return 'trackback';
		}
		return '';
	}
}
