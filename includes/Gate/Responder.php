<?php
/**
 * Sends the refusal for a blocked request and ends it.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Gate;

/**
 * Tiny bodies, no theme, no XML parsing. Strings are not translated on purpose: the early gate
 * runs before WordPress (and its translations) exist, and the reader is a client program.
 */
final class Responder {

	const FORBIDDEN_BODY = "XML-RPC is disabled on this site.\n";

	const FAULT_CODE = 405;

	const FAULT_STRING = 'This XML-RPC method is disabled on this site.';

	const TRACKBACK_MESSAGE = 'Trackbacks are disabled on this site.';

	/**
	 * The response as status, headers and body, so tests can check it without exiting.
	 *
	 * @param string $kind One of Decision::RESPOND_*.
	 * @return array{status:int, headers:array<string,string>, body:string}
	 */
	public static function render( string $kind ): array {
		// Closing the connection frees a prefork worker a keep-alive attacker would pin.
		$headers = array(
			'Cache-Control' => 'no-store',
			'Connection'    => 'close',
		);
		if ( Decision::RESPOND_FAULT === $kind ) {
			$headers['Content-Type'] = 'text/xml; charset=UTF-8';
			$body                    = '<?xml version="1.0"?>' . "\n"
				. '<methodResponse><fault><value><struct>'
				. '<member><name>faultCode</name><value><int>' . self::FAULT_CODE . '</int></value></member>'
				. '<member><name>faultString</name><value><string>' . self::FAULT_STRING . '</string></value></member>'
				. '</struct></value></fault></methodResponse>' . "\n";
			// XML-RPC reports faults inside a 200 response; clients parse the body.
			return array(
				'status'  => 200,
				'headers' => $headers,
				'body'    => $body,
			);
		}
		if ( Decision::RESPOND_TRACKBACK === $kind ) {
			$headers['Content-Type'] = 'text/xml; charset=UTF-8';
			return array(
				'status'  => 403,
				'headers' => $headers,
				'body'    => '<?xml version="1.0" encoding="utf-8"?>' . "\n<response>\n<error>1</error>\n<message>" . self::TRACKBACK_MESSAGE . "</message>\n</response>\n",
			);
		}
		$headers['Content-Type'] = 'text/plain; charset=UTF-8';
		return array(
			'status'  => 403,
			'headers' => $headers,
			'body'    => self::FORBIDDEN_BODY,
		);
	}

	/**
	 * Emits the response and exits.
	 *
	 * @param string $kind  One of Decision::RESPOND_*.
	 * @param string $layer Which layer refused, sent as X-XMLRPC-Shield (tests and benchmarks read it).
	 */
	public static function send_and_exit( string $kind, string $layer ): void {
		$response                               = self::render( $kind );
		$response['headers']['X-XMLRPC-Shield'] = $layer;
		if ( ! headers_sent() ) {
			http_response_code( $response['status'] );
			foreach ( $response['headers'] as $name => $value ) {
				header( $name . ': ' . $value );
			}
			header( 'Content-Length: ' . strlen( $response['body'] ) );
		}
		echo $response['body']; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- fixed constant text.
		exit;
	}
}
