<?php
/**
 * /denylist: list, add, remove.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rest;

use XmlrpcShield\Denylist;

/**
 * The list routes (AddressListController); an added entry comes back with a note when the
 * allowlist also holds some of it (the denylist wins) or no public client sends from it.
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
	 * Says when the new entry is inside an allowlisted range or cannot match a public client.
	 *
	 * @param string $cidr The added entry.
	 */
	protected function note( string $cidr ): string {
		return Denylist::note( $cidr );
	}
}
