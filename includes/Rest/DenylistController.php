<?php
/**
 * /denylist: list, add, remove.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rest;

use XmlrpcShield\Denylist;

/**
 * The list routes (AddressListController); an added entry that the allowlist also holds
 * comes back with a note saying the denylist wins.
 */
final class DenylistController extends AddressListController {

	/**
	 * The list class.
	 *
	 * @return class-string<Denylist>
	 */
	protected function list_class(): string {
		return Denylist::class;
	}

	/**
	 * The route.
	 *
	 * @return non-falsy-string
	 */
	protected function route(): string {
		return '/denylist';
	}

	/**
	 * Says when the new entry is inside an allowlisted range.
	 *
	 * @param string $cidr The added entry.
	 */
	protected function note( string $cidr ): string {
		return Denylist::allowlist_note( $cidr );
	}
}
