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

	/** Methods refused in pingback mode: pingbacks and the brute-force amplifier. */
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
	 * Builds a decider.
	 *
	 * @param string         $mode            Mode; unknown values fall back to block (fail closed).
	 * @param AddressList    $allowlist       Allowlisted networks.
	 * @param TrustedProxies $trusted_proxies Trusted proxies.
	 */
	public function __construct( string $mode, AddressList $allowlist, TrustedProxies $trusted_proxies ) {
		$this->mode            = in_array( $mode, self::MODES, true ) ? $mode : self::MODE_BLOCK;
		$this->allowlist       = $allowlist;
		$this->trusted_proxies = $trusted_proxies;
	}

	/**
	 * Decides for a request to xmlrpc.php.
	 *
	 * @param array<string,mixed> $server    Server variables.
	 * @param callable            $read_head Returns the first bytes of the body.
	 */
	public function decide_xmlrpc( array $server, callable $read_head ): Decision {
		if ( self::MODE_OFF === $this->mode ) {
			return new Decision( '', Decision::RESPOND_PASS, '', '' );
		}
		$ip     = ClientIp::resolve( $server, $this->trusted_proxies );
		$method = MethodSniffer::sniff( (string) $read_head() );
		if ( '' !== $ip && $this->allowlist->contains( $ip ) ) {
			return new Decision( Decision::ALLOWED, Decision::RESPOND_PASS, $ip, $method );
		}
		if ( self::MODE_MONITOR === $this->mode ) {
			return new Decision( Decision::LOGGED, Decision::RESPOND_PASS, $ip, $method );
		}
		if ( self::MODE_PINGBACK === $this->mode ) {
			$refused = MethodSniffer::MALFORMED === $method || in_array( $method, self::REFUSED_IN_PINGBACK_MODE, true );
			return $refused
				? new Decision( Decision::BLOCKED, Decision::RESPOND_FAULT, $ip, $method )
				: new Decision( Decision::ALLOWED, Decision::RESPOND_PASS, $ip, $method );
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
