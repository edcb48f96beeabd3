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
		for ( $attempt = 0; $attempt < self::ATTEMPTS; $attempt++ ) {
			if ( $attempt > 0 ) {
				usleep( 1100000 );
			}
			$response = wp_remote_get(
				site_url( 'xmlrpc.php' ),
				array(
					'headers'     => array( 'X-XMLRPC-Shield-Probe' => $token ),
					'timeout'     => 10,
					'redirection' => 0,
					'sslverify'   => false,
				)
			);
			if ( is_wp_error( $response ) ) {
				return $response->get_error_message();
			}
			$code = (int) wp_remote_retrieve_response_code( $response );
			if ( 204 === $code && 'early-gate-probe' === wp_remote_retrieve_header( $response, 'x-xmlrpc-shield' ) ) {
				return true;
			}
		}
		/* translators: %d: HTTP status. */
		return sprintf( __( 'HTTP %d without the early gate\'s answer', 'xmlrpc-shield' ), $code );
	}
}
