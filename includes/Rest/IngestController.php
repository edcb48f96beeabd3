<?php
/**
 * POST /log/ingest: folds the spool into the log table now, then prunes it.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rest;

use XmlrpcShield\Log\Scheduler;

/**
 * The one REST route that writes the log: the admin page's "Update log" action. Reads never
 * ingest (WP-Cron does every minute), so a page of read requests never races for the lock.
 */
final class IngestController extends Controller {

	/**
	 * Registers the route.
	 */
	public function register_routes(): void {
		register_rest_route(
			self::REST_NAMESPACE,
			'/log/ingest',
			array(
				$this->endpoint( \WP_REST_Server::CREATABLE, 'create_item', 'permissions_check' ),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * Ingests and prunes (Scheduler::ingest_and_prune(), as WP-Cron does).
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response
	 */
	public function create_item( $request ) {
		$report = Scheduler::ingest_and_prune();
		return rest_ensure_response(
			array(
				'hits'    => $report['lines'],
				'skipped' => $report['skipped'],
				'pruned'  => $report['pruned'],
				'ok'      => $report['ok'],
				'busy'    => $report['busy'],
			)
		);
	}

	/**
	 * Response schema.
	 *
	 * @return array<string,mixed>
	 */
	public function get_item_schema() {
		return self::answer_schema(
			'xmlrpc-shield-log-ingest',
			array(
				'hits'    => array(
					'description' => __( 'Hits added to the log.', 'xmlrpc-shield' ),
					'type'        => 'integer',
				),
				'skipped' => array(
					'description' => __( 'Damaged spool lines skipped.', 'xmlrpc-shield' ),
					'type'        => 'integer',
				),
				'pruned'  => array(
					'description' => __( 'Rows deleted by retention and the row cap.', 'xmlrpc-shield' ),
					'type'        => 'integer',
				),
				'ok'      => array(
					'description' => __( 'False when the log table could not be written (spooled hits wait for the next run).', 'xmlrpc-shield' ),
					'type'        => 'boolean',
				),
				'busy'    => array(
					'description' => __( 'True when another ingest was running (it brings the same hits in).', 'xmlrpc-shield' ),
					'type'        => 'boolean',
				),
			)
		);
	}
}
