<?php
/**
 * GET /stats: the attack chart's time series.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rest;

use XmlrpcShield\Gate\Decision;
use XmlrpcShield\Log\HitQuery;

/**
 * Bucketed hits by outcome, totals, the previous window's totals and a method breakdown.
 */
final class StatsController extends Controller {

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		register_rest_route(
			self::REST_NAMESPACE,
			'/stats',
			array(
				$this->endpoint( \WP_REST_Server::READABLE, 'get_items', 'permissions_check', array( 'range' => $this->range_arg() ) ),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * Returns the stats.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response
	 */
	public function get_items( $request ) {
		$range                      = (string) $request['range'];
		list( $from, $to, $bucket ) = HitQuery::window( $range, time() );
		$length                     = $to - $from;
		return rest_ensure_response(
			array(
				'range'           => $range,
				'bucket_seconds'  => $bucket,
				'from'            => $from,
				'to'              => $to,
				'series'          => HitQuery::series( $from, $to, $bucket ),
				'totals'          => HitQuery::totals( $from, $to ),
				'previous_totals' => HitQuery::totals( $from - $length, $from ),
				'methods'         => HitQuery::methods( $from, $to ),
			)
		);
	}

	/**
	 * Response schema.
	 *
	 * @return array<string,mixed>
	 */
	public function get_item_schema() {
		$counts = array_fill_keys( Decision::OUTCOMES, array( 'type' => 'integer' ) );
		$totals = self::object_schema( $counts + array( 'all' => array( 'type' => 'integer' ) ) );
		return self::answer_schema(
			'xmlrpc-shield-stats',
			array(
				'range'           => array( 'type' => 'string' ),
				'bucket_seconds'  => array( 'type' => 'integer' ),
				'from'            => array( 'type' => 'integer' ),
				'to'              => array( 'type' => 'integer' ),
				'series'          => self::list_schema( self::object_schema( array( 't' => array( 'type' => 'integer' ) ) + $counts ) ),
				'totals'          => $totals,
				'previous_totals' => $totals,
				'methods'         => self::list_schema(
					self::object_schema(
						array(
							'method' => array( 'type' => 'string' ),
							'hits'   => array( 'type' => 'integer' ),
						)
					)
				),
			)
		);
	}
}
