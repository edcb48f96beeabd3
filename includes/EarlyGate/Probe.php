<?php
/**
 * The installer's loopback check that the early gate runs.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\EarlyGate;

/**
 * Asks the site's own xmlrpc.php with a secret header; only the early gate (Runner) answers
 * it, with 204, before WordPress loads.
 */
final class Probe {

	/** Requests before an install counts as failed. */
	const ATTEMPTS = 3;

	/**
	 * Asks the site for xmlrpc.php with the probe header; the early gate answers 204.
	 *
	 * @param string $token Probe token.
	 * @return true|string True, or what went wrong.
	 */
	public static function check( string $token ) {
		// The token sits in the settings file, read fresh; the web server's OPcache may still
		// hold the gate file's stub for opcache.revalidate_freq seconds, so ask a few times.
		$answer = self::ask( site_url( 'xmlrpc.php' ), 'X-XMLRPC-Shield-Probe', $token, 'early-gate-probe' );
		/* translators: %d: HTTP status. */
		return is_int( $answer ) ? sprintf( __( 'HTTP %d without the early gate\'s answer', 'xmlrpc-shield' ), $answer ) : $answer;
	}

	/**
	 * The loopback check every file we write outside our folder gets: asks $url with a secret
	 * header, up to ATTEMPTS times a little over a second apart (a web server's OPcache may
	 * still hold an earlier copy), until a 204 carries the expected X-XMLRPC-Shield answer.
	 *
	 * @param string $url    Address on this site.
	 * @param string $header Request header carrying the secret.
	 * @param string $token  The secret.
	 * @param string $answer The X-XMLRPC-Shield value only the checked file sends.
	 * @return true|int|string True; the last HTTP status when no answer came; or the transport error.
	 */
	public static function ask( string $url, string $header, string $token, string $answer ) {
		$code = 0;
		for ( $attempt = 0; $attempt < self::ATTEMPTS; $attempt++ ) {
			if ( $attempt > 0 ) {
				usleep( 1100000 );
			}
			$response = wp_remote_get(
				$url,
				array(
					'headers'     => array( $header => $token ),
					'timeout'     => 10,
					'redirection' => 0,
					'sslverify'   => false,
				)
			);
			if ( is_wp_error( $response ) ) {
				return $response->get_error_message();
			}
			$code = (int) wp_remote_retrieve_response_code( $response );
			if ( 204 === $code && wp_remote_retrieve_header( $response, 'x-xmlrpc-shield' ) === $answer ) {
				return true;
			}
		}
		return $code;
	}
}
