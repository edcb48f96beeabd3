<?php
/**
 * The facts the protection level is decided on, read from this site and its server.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Admin;

use XmlrpcShield\Autopilot\Autopilot;
use XmlrpcShield\Capabilities;
use XmlrpcShield\CrowdSec\Config;
use XmlrpcShield\CrowdSec\Pusher;
use XmlrpcShield\EarlyGate\Installer;
use XmlrpcShield\Log\HitQuery;
use XmlrpcShield\Rules\ServerRulesWriter;
use XmlrpcShield\Settings;

/**
 * Everything `ProtectionLevel::assess()` needs, in its shape: the mode, the early gate's and the
 * server rule's state, what the server is, the autopilot and CrowdSec, blocks of the last day.
 */
final class ProtectionFacts {

	/** What server() calls the web server ('unknown' from WP-CLI, whose PHP is not the site's). */
	const SOFTWARE = array( 'apache', 'litespeed', 'nginx', 'iis', 'other', 'unknown' );

	/**
	 * The facts ProtectionLevel::assess() decides on, read from this site (the layers from the main site: they
	 * belong to the network).
	 *
	 * @return array<string,mixed>
	 */
	public static function read(): array {
		$layers = Settings::on_main_site(
			static function (): array {
				return array(
					'early_gate'   => Installer::status(),
					'server_rules' => ServerRulesWriter::status(),
				);
			}
		);
		$now    = time();
		// WP-CLI acts for the site's owner (its early-gate and rules commands need only the main
		// site); a web request for the user who asks.
		$cli = defined( 'WP_CLI' ) && WP_CLI;
		return array(
			'mode'            => Settings::mode(),
			'network_managed' => $cli ? ! Capabilities::is_network_site() : ! Capabilities::can_manage_network(),
			'early_gate'      => $layers['early_gate'],
			'server_rules'    => $layers['server_rules'],
			'server'          => self::server(),
			'autopilot'       => self::autopilot(),
			'crowdsec'        => self::crowdsec(),
			'blocked_24h'     => HitQuery::totals( $now - DAY_IN_SECONDS, $now + 1 )['blocked'],
		);
	}

	/**
	 * What this server is, as far as PHP can tell: the web server, the PHP interface, whether
	 * it reads .htaccess and how the early gate would be started. From WP-CLI the web server
	 * is unknown (null / 'unknown'): PHP there is not the one serving the site.
	 *
	 * @return array{software:string, php:string, reads_htaccess:bool|null, early_gate_method:string}
	 */
	public static function server(): array {
		global $is_apache, $is_nginx, $is_IIS, $is_iis7; // phpcs:ignore WordPress.NamingConventions.ValidVariableName.VariableNotSnakeCase -- core's names.
		if ( 'cli' === PHP_SAPI ) {
			return array(
				'software'          => 'unknown',
				'php'               => PHP_SAPI,
				'reads_htaccess'    => null,
				'early_gate_method' => '',
			);
		}
		$raw      = strtolower( isset( $_SERVER['SERVER_SOFTWARE'] ) ? sanitize_text_field( wp_unslash( $_SERVER['SERVER_SOFTWARE'] ) ) : '' );
		$software = 'other';
		if ( false !== strpos( $raw, 'litespeed' ) ) {
			$software = 'litespeed';
		} elseif ( $is_apache ) {
			$software = 'apache';
		} elseif ( $is_nginx ) {
			$software = 'nginx';
		} elseif ( $is_IIS || $is_iis7 ) { // phpcs:ignore WordPress.NamingConventions.ValidVariableName.VariableNotSnakeCase -- core's name.
			$software = 'iis';
		}
		return array(
			'software'          => $software,
			'php'               => PHP_SAPI,
			'reads_htaccess'    => ServerRulesWriter::server_supported(),
			'early_gate_method' => Installer::detect_method(),
		);
	}

	/**
	 * The autopilot's state and its events (the contract's shape: {enabled, state, layer,
	 * next_attempt_at, events}), the network's: read on the main site.
	 *
	 * @return array<string,mixed>
	 */
	public static function autopilot(): array {
		return Settings::on_main_site( array( Autopilot::class, 'to_array' ) );
	}

	/**
	 * Whether decisions go to a CrowdSec Local API, and how the last push went (the network's:
	 * read on the main site).
	 *
	 * @return array{enabled:bool, complete:bool, last_success_at:int|null, last_error:string}
	 */
	public static function crowdsec(): array {
		return Settings::on_main_site(
			static function (): array {
				$config = Config::get();
				$state  = Pusher::state();
				return array(
					'enabled'         => $config['enabled'],
					'complete'        => Config::is_complete( $config ),
					'last_success_at' => $state['last_success_at'],
					'last_error'      => $state['last_error'],
				);
			}
		);
	}
}
