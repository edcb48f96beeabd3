<?php
/**
 * POST /counters/flush: moves the web server's APCu hit counters into the spool.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rest;

use XmlrpcShield\Log\CounterFlush;
use XmlrpcShield\Log\Ingester;

/**
 * WP-CLI's way into the web server's memory (CounterFlush::ask_web_server()). It only moves
 * counts from memory to the spool file; the caller ingests them.
 */
final class CountersController extends Controller {

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		register_rest_route(
			self::REST_NAMESPACE,
			CounterFlush::ROUTE,
			array(
				$this->endpoint( \WP_REST_Server::CREATABLE, 'flush', 'loopback_key_or_manager_check' ),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}


	/**
	 * Flushes this site's counters.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response
	 */
	public function flush( $request ) {
		CounterFlush::remember_server( $_SERVER );
		$flushed = CounterFlush::flush_here( Ingester::site_spool() );
		$result  = null === $flushed ? array(
			'counters'     => 0,
			'hits'         => 0,
			'ok'           => true,
			'dropped'      => 0,
			'dropped_last' => 0,
		) : $flushed;
		return rest_ensure_response( array( 'apcu' => null !== $flushed ) + $result );
	}

	/**
	 * Response schema.
	 *
	 * @return array<string,mixed>
	 */
	public function get_item_schema() {
		return self::answer_schema(
			'xmlrpc-shield-counters-flush',
			array(
				'apcu'         => array(
					'description' => __( 'Whether the web server counts hits in APCu.', 'xmlrpc-shield' ),
					'type'        => 'boolean',
				),
				'counters'     => array(
					'description' => __( 'Counters moved to the spool.', 'xmlrpc-shield' ),
					'type'        => 'integer',
				),
				'hits'         => array(
					'description' => __( 'Hits those counters held.', 'xmlrpc-shield' ),
					'type'        => 'integer',
				),
				'ok'           => array(
					'description' => __( 'False when the spool could not take them (they stay counted until their minute settles).', 'xmlrpc-shield' ),
					'type'        => 'boolean',
				),
				'dropped'      => array(
					'description' => __( 'Hits dropped from the log since the last flush (taken: the caller keeps the total).', 'xmlrpc-shield' ),
					'type'        => 'integer',
				),
				'dropped_last' => array(
					'description' => __( 'Unix time of the latest minute with dropped hits (0 for none).', 'xmlrpc-shield' ),
					'type'        => 'integer',
				),
			)
		);
	}
}
