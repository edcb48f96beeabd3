<?php
/**
 * How well this site is protected, at a glance: which layers refuse XML-RPC floods on this
 * server, what automatic escalation did, and the one next step that would help most.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Admin;

use XmlrpcShield\Gate\Decider;

/**
 * One place computes the protection level, for `GET /status` (`protection`), the admin page,
 * the Dashboard widget and `wp xmlrpc-shield status`. assess() is pure (facts in, slugs out:
 * unit-tested without WordPress); `ProtectionFacts::read()` gathers the facts and
 * `ProtectionReport::describe()` words them (names from `ProtectionLabels`), so the admin page and
 * the widget show the server's sentences and carry no copy of them. current() joins the three.
 */
final class ProtectionLevel {

	/** Levels, weakest first: the earliest layer that refuses XML-RPC floods. */
	const LEVELS = array( 'none', 'plugin-load', 'early-gate', 'server-rule' );

	/** The layers, in the order a request meets them last to first (as the page lists them). */
	const LAYERS = array( 'plugin-load', 'early-gate', 'server-rule', 'firewall' );

	/**
	 * A layer's state: refusing requests; available but not on; on but broken; on this server
	 * out of reach (no .htaccess); outside what the plugin can see (nginx snippet, firewall).
	 */
	const STATES = array( 'active', 'off', 'error', 'unavailable', 'unknown' );

	/** Next steps, each with the UI action that takes it (see describe()). */
	const STEPS = array( 'choose-mode', 'ask-network-admin', 'fix-early-gate', 'rewrite-server-rule', 'autopilot-pending', 'install-early-gate', 'write-server-rule', 'add-nginx-snippet', 'export-firewall', 'none' );

	/** Autopilot states in which it is about to install the early gate itself. */
	const AUTOPILOT_WORKING = array( 'pending', 'verifying' );
	/**
	 * Decides the level, each layer's state, the actions this server allows and the next step.
	 * No WordPress calls.
	 *
	 * @param array<string,mixed> $facts See facts(): mode, network_managed, early_gate
	 *                                   {installed, method, error}, server_rules {installed,
	 *                                   in_sync}, server {software, reads_htaccess}, autopilot
	 *                                   {enabled, state}|null, crowdsec {enabled, complete,
	 *                                   last_success_at, last_error}, blocked_24h.
	 * @return array{level:string, layers:array<string,string>, actions:array<string,bool>, next_step:string}
	 */
	public static function assess( array $facts ): array {
		$mode      = (string) ( $facts['mode'] ?? Decider::MODE_OFF );
		$managed   = ! empty( $facts['network_managed'] );
		$gate      = (array) ( $facts['early_gate'] ?? array() );
		$rules     = (array) ( $facts['server_rules'] ?? array() );
		$reads     = $facts['server']['reads_htaccess'] ?? null;
		$software  = (string) ( $facts['server']['software'] ?? 'unknown' );
		$autopilot = is_array( $facts['autopilot'] ?? null ) ? $facts['autopilot'] : null;
		$refusing  = in_array( $mode, array( Decider::MODE_BLOCK, Decider::MODE_PINGBACK ), true );

		$gate_on    = ! empty( $gate['installed'] );
		$gate_error = $gate_on && '' !== (string) ( $gate['error'] ?? '' );
		$rule_on    = ! empty( $rules['installed'] );
		$rule_stale = $rule_on && empty( $rules['in_sync'] );

		$layers = array(
			'plugin-load' => $refusing ? 'active' : 'off',
			'early-gate'  => $gate_error ? 'error' : ( $gate_on && $refusing ? 'active' : 'off' ),
			'server-rule' => self::server_rule_state( $mode, $rule_on, $rule_stale, $reads ),
			'firewall'    => self::firewall_state( (array) ( $facts['crowdsec'] ?? array() ) ),
		);

		$level = 'none';
		if ( $refusing ) {
			$level = 'plugin-load';
			if ( 'active' === $layers['early-gate'] ) {
				$level = 'early-gate';
			}
			if ( 'active' === $layers['server-rule'] ) {
				$level = 'server-rule';
			}
		}

		$actions = array(
			'change_mode'        => true,
			'install_early_gate' => ! $managed,
			'remove_early_gate'  => ! $managed && $gate_on,
			// A server that reads no .htaccess answers this write with a 400: never offer it there.
			'write_server_rule'  => ! $managed && true === $reads,
			'remove_server_rule' => ! $managed && $rule_on,
			'nginx_snippet'      => ! $managed && true !== $reads,
		);

		return array(
			'level'     => $level,
			'layers'    => $layers,
			'actions'   => $actions,
			'next_step' => self::next_step( $mode, $refusing, $managed, $gate_on, $gate_error, $rule_on, $rule_stale, $reads, $software, $autopilot, 'active' === $layers['firewall'] ? 0 : (int) ( $facts['blocked_24h'] ?? 0 ) ),
		);
	}

	/**
	 * The server rule's state. Only block mode has a rule (HtaccessRules renders nothing else).
	 *
	 * @param string    $mode       Mode.
	 * @param bool      $installed  Whether our .htaccess block is there.
	 * @param bool      $stale      Whether it differs from the settings.
	 * @param bool|null $reads      Whether the server reads .htaccess (null: cannot tell, WP-CLI).
	 */
	private static function server_rule_state( string $mode, bool $installed, bool $stale, ?bool $reads ): string {
		if ( $installed ) {
			if ( false === $reads ) {
				// Written for another server (the site moved to nginx?): it refuses nothing here.
				return 'unavailable';
			}
			return $stale ? 'error' : ( Decider::MODE_BLOCK === $mode ? 'active' : 'off' );
		}
		if ( false === $reads ) {
			// nginx or another server: the snippet goes in its configuration, where we cannot look.
			return 'unknown';
		}
		return null === $reads ? 'unknown' : 'off';
	}

	/**
	 * The firewall layer: pushed to CrowdSec (whose bouncers refuse at the firewall) when that
	 * is set up, else a blocklist the owner applies where the plugin cannot look.
	 *
	 * @param array<string,mixed> $crowdsec {enabled, complete, last_success_at, last_error}.
	 */
	private static function firewall_state( array $crowdsec ): string {
		if ( empty( $crowdsec['enabled'] ) || empty( $crowdsec['complete'] ) ) {
			return 'unknown';
		}
		if ( '' !== (string) ( $crowdsec['last_error'] ?? '' ) ) {
			return 'error';
		}
		return empty( $crowdsec['last_success_at'] ) ? 'off' : 'active';
	}

	/**
	 * The one step that would help most, strongest effect first.
	 *
	 * @param string                   $mode       Mode.
	 * @param bool                     $refusing   Whether the mode refuses anything.
	 * @param bool                     $managed    Sub-site: the network administrator manages the layers.
	 * @param bool                     $gate_on    Early gate installed.
	 * @param bool                     $gate_error Early gate installed but unable to decide.
	 * @param bool                     $rule_on    Server rule written.
	 * @param bool                     $rule_stale Server rule differs from the settings.
	 * @param bool|null                $reads      Whether the server reads .htaccess.
	 * @param string                   $software   Web server.
	 * @param array<string,mixed>|null $autopilot  Autopilot {enabled, state}, null when unknown.
	 * @param int                      $blocked    Blocked in the last 24 hours (0 when CrowdSec already takes them).
	 */
	private static function next_step( string $mode, bool $refusing, bool $managed, bool $gate_on, bool $gate_error, bool $rule_on, bool $rule_stale, ?bool $reads, string $software, ?array $autopilot, int $blocked ): string {
		if ( ! $refusing ) {
			return 'choose-mode';
		}
		if ( $managed ) {
			return $gate_on ? 'none' : 'ask-network-admin';
		}
		if ( $gate_error ) {
			return 'fix-early-gate';
		}
		if ( $rule_stale && false !== $reads ) {
			return 'rewrite-server-rule';
		}
		if ( ! $gate_on ) {
			$working = null !== $autopilot && ! empty( $autopilot['enabled'] ) && in_array( (string) ( $autopilot['state'] ?? '' ), self::AUTOPILOT_WORKING, true );
			return $working ? 'autopilot-pending' : 'install-early-gate';
		}
		if ( Decider::MODE_BLOCK === $mode && ! $rule_on ) {
			if ( true === $reads ) {
				return 'write-server-rule';
			}
			if ( 'nginx' === $software ) {
				return 'add-nginx-snippet';
			}
		}
		return $blocked > 0 ? 'export-firewall' : 'none';
	}

	/**
	 * The protection level with its words, from this site's facts.
	 *
	 * @return array<string,mixed> See ProtectionReport::describe().
	 */
	public static function current(): array {
		return ProtectionReport::describe( ProtectionFacts::read() );
	}
}
