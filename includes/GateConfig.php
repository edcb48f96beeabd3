<?php
/**
 * What the gates decide with, gathered from the settings, the address lists and the lockouts.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield;

use XmlrpcShield\Gate\JetpackConnection;
use XmlrpcShield\Lockout\LockoutTable;
use XmlrpcShield\Log\Spool;

/**
 * The one array `Gate\RequestGate` is built from. It sits above `Settings`, `Allowlist`,
 * `Denylist` and `Lockout\LockoutTable` (it reads all of them), so none of those has to know
 * the others: the arrows point one way.
 */
final class GateConfig {

	/**
	 * The plugin-load gate's configuration (for_early_gate() adds what only the early gate
	 * needs). Read on every gated request: only autoloaded options, no query.
	 *
	 * @return array<string,mixed>
	 */
	public static function for_plugin_load(): array {
		return array(
			'mode'            => Settings::mode(),
			'allowlist'       => Allowlist::cidrs(),
			'denylist'        => Denylist::cidrs(),
			'trusted_proxies' => TrustedProxyList::entries(),
			'log_enabled'     => Settings::log_enabled(),
			'spool_path'      => Paths::spool_file(),
			'spool_max_bytes' => Spool::MAX_BYTES,
			'apcu'            => Settings::use_apcu(),
			// Clients locked out after failed logins: client key => end time (no query while none is).
			'lockouts'        => LockoutTable::gate_map( time() ),
		);
	}

	/**
	 * What the early gate decides with. It runs before WordPress knows which site a request is
	 * for, and one gate file serves a whole network, so on a network it decides (and logs, into
	 * the main site's spool: the network log) with the main site's settings. A sub-site's own
	 * mode and allowlist then apply at plugin load, where they can refuse more but never less.
	 *
	 * @return array<string,mixed>
	 */
	public static function for_early_gate(): array {
		return Settings::on_main_site(
			static function (): array {
				// Whether signed Jetpack calls must be left to the plugin-load gate; never the
				// token. Jetpack's options are not autoloaded: on a site without Jetpack, reading
				// them costs two queries, which the plugin-load gate (it verifies the signature
				// itself) must not pay on every refused request.
				return self::for_plugin_load() + array( 'jetpack_connected' => JetpackConnection::is_connected() );
			}
		);
	}
}
