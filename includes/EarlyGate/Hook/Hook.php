<?php
/**
 * What makes PHP run the early gate file.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\EarlyGate\Hook;

/**
 * One hook kind: a block in .htaccess, a block in .user.ini, or a must-use hook.
 */
interface Hook {

	/** Marker of our block in .htaccess and .user.ini. */
	const MARKER = 'XML-RPC Shield Early Gate';

	/**
	 * The file the hook lives in.
	 */
	public function file(): string;

	/**
	 * Whether our hook is in place.
	 */
	public function installed(): bool;

	/**
	 * The auto_prepend_file that runs today for the requests the hook covers, other than
	 * $target itself ('' for none): read from the hook file outside our block, which stays
	 * true after our block is written (unlike ini_get(), which then shows our own file).
	 *
	 * @param string $target The gate file.
	 */
	public function chained( string $target ): string;

	/**
	 * Makes PHP run $target. Returns '' or what went wrong.
	 *
	 * @param string $target The gate file.
	 */
	public function install( string $target ): string;

	/**
	 * Removes our hook, leaving the file as it was before install().
	 */
	public function remove(): bool;
}
