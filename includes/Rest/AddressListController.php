<?php
/**
 * The routes an address list has: list, add, remove.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rest;

use XmlrpcShield\AddressListOption;

/**
 * Maps an AddressListOption (the allowlist, the denylist) to HTTP; validation lives in the list.
 */
abstract class AddressListController extends Controller {

	/**
	 * The list class (a subclass of AddressListOption).
	 *
	 * @return class-string<AddressListOption>
	 */
	abstract protected function list_class(): string;

	/**
	 * The route, e.g. /allowlist.
	 *
	 * @return non-falsy-string
	 */
	abstract protected function route(): string;

	/**
	 * Registers GET, POST and DELETE on the list's route.
	 */
	public function register_routes(): void {
		register_rest_route(
			self::REST_NAMESPACE,
			$this->route(),
			array(
				$this->endpoint( \WP_REST_Server::READABLE, 'get_items', 'permissions_check' ),
				$this->endpoint(
					\WP_REST_Server::CREATABLE,
					'create_item',
					'permissions_check',
					array(
						'cidr'   => array(
							'description' => __( 'IP address or CIDR range.', 'xmlrpc-shield' ),
							'type'        => 'string',
							'required'    => true,
						),
						'label'  => array(
							'description' => __( 'What this entry is for.', 'xmlrpc-shield' ),
							'type'        => 'string',
							'default'     => '',
							'maxLength'   => AddressListOption::MAX_LABEL,
						),
						'source' => array(
							'description' => __( 'Where the entry was chosen: by hand or from Top offenders.', 'xmlrpc-shield' ),
							'type'        => 'string',
							'enum'        => AddressListOption::SOURCES,
							'default'     => AddressListOption::SOURCE_MANUAL,
						),
					)
				),
				$this->endpoint(
					\WP_REST_Server::DELETABLE,
					'delete_item',
					'permissions_check',
					array(
						'cidr' => array(
							'description' => __( 'The entry to remove.', 'xmlrpc-shield' ),
							'type'        => 'string',
							'required'    => true,
						),
					)
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * Lists entries.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response
	 */
	public function get_items( $request ) {
		$list = $this->list_class();
		return rest_ensure_response( $list::entries() );
	}

	/**
	 * Adds an entry (201 with the entry and a note, 400 or 409 with the reason).
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function create_item( $request ) {
		$list  = $this->list_class();
		$entry = $list::add( (string) $request['cidr'], (string) $request['label'], (string) $request['source'] );
		if ( is_wp_error( $entry ) ) {
			return $entry;
		}
		$response = rest_ensure_response( array_merge( $entry, array( 'note' => $this->note( $entry['cidr'] ) ) ) );
		$response->set_status( 201 );
		return $response;
	}

	/**
	 * Something the owner should know about a new entry ('' when nothing).
	 *
	 * @param string $cidr The added entry.
	 */
	protected function note( string $cidr ): string {
		unset( $cidr );
		return '';
	}

	/**
	 * Removes an entry.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public function delete_item( $request ) {
		$list  = $this->list_class();
		$entry = $list::remove( (string) $request['cidr'] );
		if ( is_wp_error( $entry ) ) {
			return $entry;
		}
		return rest_ensure_response(
			array(
				'deleted' => true,
				'entry'   => $entry,
			)
		);
	}

	/**
	 * Entry schema.
	 *
	 * @return array<string,mixed>
	 */
	public function get_item_schema() {
		return self::answer_schema(
			'xmlrpc-shield' . str_replace( '/', '-', $this->route() ) . '-entry',
			array(
				'cidr'    => array( 'type' => 'string' ),
				'label'   => array( 'type' => 'string' ),
				'created' => array( 'type' => 'integer' ),
				'source'  => array( 'type' => 'string' ),
			)
		);
	}
}
