<?php
/**
 * How well this site is protected, at a glance: which layers refuse XML-RPC floods on this
 * server, what automatic escalation did, and the one next step that would help most.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Admin;

use XmlrpcShield\Autopilot\Autopilot;
use XmlrpcShield\Capabilities;
use XmlrpcShield\CrowdSec\Config;
use XmlrpcShield\CrowdSec\Pusher;
use XmlrpcShield\EarlyGate\GateFile;
use XmlrpcShield\EarlyGate\Installer;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Rules\ServerRulesWriter;
use XmlrpcShield\Settings;

/**
 * One place computes the protection level, for `GET /status` (`protection`), the admin page,
 * the Dashboard widget and `wp xmlrpc-shield status`. assess() is pure (facts in, slugs out:
 * unit-tested without WordPress); current() gathers the facts and describe() words them, so the
 * admin page and the widget show the server's sentences and carry no copy of them.
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
	 * The facts assess() decides on, read from this site (the layers from the main site: they
	 * belong to the network).
	 *
	 * @return array<string,mixed>
	 */
	public static function facts(): array {
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
			'blocked_24h'     => \XmlrpcShield\Log\HitQuery::totals( $now - DAY_IN_SECONDS, $now + 1 )['blocked'],
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

	/**
	 * The protection level with its words, from this site's facts.
	 *
	 * @return array<string,mixed> See describe().
	 */
	public static function current(): array {
		return self::describe( self::facts() );
	}

	/**
	 * The answer of assess() in words: the shape of `protection` in `GET /status` (docs/REST.md).
	 *
	 * @param array<string,mixed> $facts See facts().
	 * @return array<string,mixed>
	 */
	public static function describe( array $facts ): array {
		$assessed = self::assess( $facts );
		$mode     = (string) $facts['mode'];
		$managed  = ! empty( $facts['network_managed'] );
		$gate     = (array) $facts['early_gate'];
		$server   = (array) $facts['server'];
		$method   = '' !== (string) ( $gate['method'] ?? '' ) ? (string) $gate['method'] : (string) ( $server['early_gate_method'] ?? '' );

		$layers = array();
		foreach ( self::LAYERS as $id ) {
			$state    = $assessed['layers'][ $id ];
			$layers[] = array(
				'id'          => $id,
				'label'       => self::layer_label( $id ),
				'state'       => $state,
				'state_label' => self::state_label( $state ),
				'what'        => self::layer_what( $id ),
				'detail'      => self::layer_detail( $id, $state, $mode, $gate, $method, $server, $managed, (array) ( $facts['crowdsec'] ?? array() ) ),
				// Which server files hold the hook is the network administrator's business.
				'files'       => 'early-gate' === $id && ! $managed ? self::relative( (array) ( $gate['files'] ?? array() ) ) : array(),
			);
		}
		$step = $assessed['next_step'];
		return array(
			'level'       => $assessed['level'],
			'level_label' => self::level_label( $assessed['level'] ),
			'summary'     => self::level_summary( $assessed['level'], $mode ),
			'layers'      => $layers,
			'server'      => $server,
			'actions'     => $assessed['actions'],
			'autopilot'   => self::autopilot_summary( $facts['autopilot'] ?? null ),
			'next_step'   => array(
				'id'     => $step,
				'text'   => self::step_text( $step, $method, $gate ),
				'method' => 'install-early-gate' === $step || 'fix-early-gate' === $step ? $method : '',
			),
		);
	}

	/**
	 * Name of a level.
	 *
	 * @param string $level One of LEVELS.
	 */
	public static function level_label( string $level ): string {
		switch ( $level ) {
			case 'server-rule':
				return __( 'Strongest: the web server refuses floods before PHP runs', 'xmlrpc-shield' );
			case 'early-gate':
				return __( 'Strong: floods are refused before WordPress loads', 'xmlrpc-shield' );
			case 'plugin-load':
				return __( 'Basic: floods are refused while WordPress loads', 'xmlrpc-shield' );
			default:
				return __( 'Not protected: nothing is refused', 'xmlrpc-shield' );
		}
	}

	/**
	 * What a level means for the site under a flood.
	 *
	 * @param string $level One of LEVELS.
	 * @param string $mode  Mode.
	 */
	private static function level_summary( string $level, string $mode ): string {
		switch ( $level ) {
			case 'server-rule':
				return __( 'Refused XML-RPC requests cost the site almost nothing.', 'xmlrpc-shield' );
			case 'early-gate':
				return __( 'Refused XML-RPC requests cost a small PHP file each; in our flood tests visitors kept about 0.7 of their normal speed.', 'xmlrpc-shield' );
			case 'plugin-load':
				return __( 'Each refused request still starts WordPress; in our flood tests visitors kept about 0.1 of their normal speed.', 'xmlrpc-shield' );
			default:
				/* translators: %s: mode name, e.g. "Monitor only". */
				return sprintf( __( 'In the mode "%s" every XML-RPC request reaches WordPress.', 'xmlrpc-shield' ), ModeLabels::label( $mode ) );
		}
	}

	/**
	 * Name of a layer.
	 *
	 * @param string $id One of LAYERS.
	 */
	public static function layer_label( string $id ): string {
		switch ( $id ) {
			case 'plugin-load':
				return __( 'Plugin-load gate', 'xmlrpc-shield' );
			case 'early-gate':
				return __( 'Early gate (before WordPress loads)', 'xmlrpc-shield' );
			case 'server-rule':
				return __( 'Server rule', 'xmlrpc-shield' );
			case 'firewall':
				return __( 'Firewall (blocklist export, CrowdSec)', 'xmlrpc-shield' );
			default:
				return $id;
		}
	}

	/**
	 * One line on what a layer is.
	 *
	 * @param string $id One of LAYERS.
	 */
	private static function layer_what( string $id ): string {
		switch ( $id ) {
			case 'plugin-load':
				return __( 'The plugin itself, first of the plugins: it refuses requests as WordPress loads.', 'xmlrpc-shield' );
			case 'early-gate':
				return __( 'A small PHP file the web server runs before WordPress loads; it refuses floods without touching the database.', 'xmlrpc-shield' );
			case 'server-rule':
				return __( 'Lines in .htaccess (Apache, LiteSpeed) or the nginx configuration that refuse xmlrpc.php before PHP starts.', 'xmlrpc-shield' );
			case 'firewall':
				return __( 'The networks that flood you, refused before they reach the web server: a blocklist for iptables, nftables, ipset, fail2ban or a CDN firewall, or decisions pushed to CrowdSec.', 'xmlrpc-shield' );
			default:
				return '';
		}
	}

	/**
	 * Name of a state.
	 *
	 * @param string $state One of STATES.
	 */
	public static function state_label( string $state ): string {
		switch ( $state ) {
			case 'active':
				return __( 'Active', 'xmlrpc-shield' );
			case 'off':
				return __( 'Not on', 'xmlrpc-shield' );
			case 'error':
				return __( 'Needs attention', 'xmlrpc-shield' );
			case 'unavailable':
				return __( 'Not available on this server', 'xmlrpc-shield' );
			default:
				return __( 'Set up outside WordPress', 'xmlrpc-shield' );
		}
	}

	/**
	 * How the early gate is started, in words (never "mu-plugin").
	 *
	 * @param string $method htaccess, user-ini or mu-plugin.
	 */
	public static function hook_label( string $method ): string {
		switch ( $method ) {
			case 'htaccess':
				return __( '.htaccess (auto_prepend_file, Apache with mod_php)', 'xmlrpc-shield' );
			case 'user-ini':
				return __( '.user.ini (auto_prepend_file, PHP-FPM or CGI)', 'xmlrpc-shield' );
			case 'mu-plugin':
				return __( 'a must-use loader (runs after WordPress core starts, before any plugin)', 'xmlrpc-shield' );
			default:
				return $method;
		}
	}

	/**
	 * The sentence under a layer's state.
	 *
	 * @param string              $id      Layer.
	 * @param string              $state   Its state.
	 * @param string              $mode    Mode.
	 * @param array<string,mixed> $gate    Installer::status().
	 * @param string              $method  The early gate's hook (installed, else recommended).
	 * @param array<string,mixed> $server  server().
	 * @param bool                $managed  Sub-site.
	 * @param array<string,mixed> $crowdsec crowdsec().
	 */
	private static function layer_detail( string $id, string $state, string $mode, array $gate, string $method, array $server, bool $managed, array $crowdsec ): string {
		switch ( $id ) {
			case 'plugin-load':
				return sprintf(
					/* translators: 1: mode name, 2: what the mode does. */
					__( 'Mode "%1$s": %2$s', 'xmlrpc-shield' ),
					ModeLabels::label( $mode ),
					ModeLabels::description( $mode )
				);
			case 'early-gate':
				$file = self::relative( array( GateFile::path() ) )[0];
				if ( 'error' === $state ) {
					return (string) $gate['error'];
				}
				if ( ! empty( $gate['installed'] ) ) {
					/* translators: 1: file path, 2: how the gate is started, e.g. ".user.ini (…)". */
					return sprintf( __( 'Installed: %1$s, started by %2$s.', 'xmlrpc-shield' ), $file, self::hook_label( $method ) );
				}
				if ( $managed ) {
					return __( 'Not installed. The network administrator can install it for every site.', 'xmlrpc-shield' );
				}
				if ( '' === $method ) {
					/* translators: %s: file path. */
					return sprintf( __( 'Not installed. Installing writes %s and the line that starts it.', 'xmlrpc-shield' ), $file );
				}
				/* translators: 1: file path, 2: how the gate would be started, e.g. ".htaccess (…)". */
				return sprintf( __( 'Not installed. Installing writes %1$s, started by %2$s.', 'xmlrpc-shield' ), $file, self::hook_label( $method ) );
			case 'server-rule':
				return self::server_rule_detail( $state, $mode, $server );
			default:
				return self::firewall_detail( $state, $crowdsec );
		}
	}

	/**
	 * The firewall layer's sentence.
	 *
	 * @param string              $state    Its state.
	 * @param array<string,mixed> $crowdsec crowdsec().
	 */
	private static function firewall_detail( string $state, array $crowdsec ): string {
		switch ( $state ) {
			case 'active':
				return sprintf(
					/* translators: %s: date and time of the last push. */
					__( 'The networks that flood you go to your CrowdSec Local API; its bouncers refuse them at the firewall. Last push: %s.', 'xmlrpc-shield' ),
					wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), (int) $crowdsec['last_success_at'] )
				);
			case 'error':
				/* translators: %s: the error of the last push. */
				return sprintf( __( 'The last push to CrowdSec failed: %s', 'xmlrpc-shield' ), (string) $crowdsec['last_error'] );
			case 'off':
				return __( 'CrowdSec is set up; nothing has been pushed yet.', 'xmlrpc-shield' );
			default:
				return __( 'The plugin cannot see your firewall: export a blocklist below and apply it there, or push to CrowdSec.', 'xmlrpc-shield' );
		}
	}

	/**
	 * The server rule's sentence.
	 *
	 * @param string              $state  Its state.
	 * @param string              $mode   Mode.
	 * @param array<string,mixed> $server server().
	 */
	private static function server_rule_detail( string $state, string $mode, array $server ): string {
		switch ( $state ) {
			case 'active':
				return __( 'The .htaccess block refuses xmlrpc.php before PHP starts.', 'xmlrpc-shield' );
			case 'error':
				return __( 'The .htaccess block differs from the settings (edited by hand?). Write it again.', 'xmlrpc-shield' );
			case 'unavailable':
				return __( 'An .htaccess block is written, but this server does not read .htaccess: it refuses nothing here.', 'xmlrpc-shield' );
			case 'off':
				return Decider::MODE_BLOCK === $mode
					? __( 'Not written. This server reads .htaccess, so the plugin can write the rule for you.', 'xmlrpc-shield' )
					: __( 'Only Block mode has a server rule.', 'xmlrpc-shield' );
			default:
				if ( 'nginx' === ( $server['software'] ?? '' ) ) {
					return __( 'nginx reads no .htaccess: add the snippet below to the server block yourself. The plugin cannot see whether it is there.', 'xmlrpc-shield' );
				}
				if ( null === ( $server['reads_htaccess'] ?? null ) ) {
					return __( 'Which web server runs the site cannot be told from here.', 'xmlrpc-shield' );
				}
				return __( 'This server does not read .htaccess: refuse xmlrpc.php in its own configuration.', 'xmlrpc-shield' );
		}
	}

	/**
	 * The next step in words.
	 *
	 * @param string              $step   One of STEPS.
	 * @param string              $method The early gate's hook (installed, else recommended).
	 * @param array<string,mixed> $gate   Installer::status().
	 */
	private static function step_text( string $step, string $method, array $gate ): string {
		switch ( $step ) {
			case 'choose-mode':
				return __( 'Choose Block or Pingback protection: in this mode nothing is refused.', 'xmlrpc-shield' );
			case 'ask-network-admin':
				return __( 'Ask the network administrator to install the early gate: it refuses floods before WordPress loads, for every site of the network.', 'xmlrpc-shield' );
			case 'fix-early-gate':
				return __( 'The early gate cannot read its settings, so the plugin decides every request. Install it again, or remove it.', 'xmlrpc-shield' );
			case 'rewrite-server-rule':
				return __( 'Write the .htaccess rule again: it no longer matches your settings.', 'xmlrpc-shield' );
			case 'autopilot-pending':
				return __( 'Nothing to do now: automatic escalation is about to install the early gate and check it with a test request.', 'xmlrpc-shield' );
			case 'install-early-gate':
				return '' === $method
					? __( 'Install the early gate: it refuses floods before WordPress loads, so visitors keep most of their speed under a flood.', 'xmlrpc-shield' )
					: sprintf(
						/* translators: %s: how the gate would be started. */
						__( 'Install the early gate (started by %s): it refuses floods before WordPress loads, so visitors keep most of their speed under a flood.', 'xmlrpc-shield' ),
						self::hook_label( $method )
					);
			case 'write-server-rule':
				return __( 'Write the server rule to .htaccess: the web server then refuses xmlrpc.php before PHP starts.', 'xmlrpc-shield' );
			case 'add-nginx-snippet':
				return __( 'Add the nginx snippet to the server block (if you have not yet): nginx then refuses xmlrpc.php before PHP starts.', 'xmlrpc-shield' );
			case 'export-firewall':
				return __( 'Block the networks that flood you in your firewall: build a blocklist from the log.', 'xmlrpc-shield' );
			default:
				return __( 'Nothing to do: every layer the plugin can manage on this server is on.', 'xmlrpc-shield' );
		}
	}

	/**
	 * What the autopilot did last, for the at-a-glance view. Null when it is not known.
	 *
	 * @param mixed $autopilot The autopilot's REST answer.
	 * @return array{enabled:bool, state:string, layer:string, last_event:array<string,mixed>|null}|null
	 */
	private static function autopilot_summary( $autopilot ): ?array {
		if ( ! is_array( $autopilot ) ) {
			return null;
		}
		$events = is_array( $autopilot['events'] ?? null ) ? $autopilot['events'] : array();
		$last   = isset( $events[0] ) && is_array( $events[0] ) ? $events[0] : null;
		return array(
			'enabled'    => ! empty( $autopilot['enabled'] ),
			'state'      => (string) ( $autopilot['state'] ?? '' ),
			'layer'      => (string) ( $autopilot['layer'] ?? '' ),
			'last_event' => null === $last ? null : array(
				'at'     => (int) ( $last['at'] ?? 0 ),
				'kind'   => (string) ( $last['kind'] ?? '' ),
				'layer'  => (string) ( $last['layer'] ?? '' ),
				'reason' => (string) ( $last['reason'] ?? '' ),
			),
		);
	}

	/**
	 * Paths relative to the WordPress folder where they are inside it: shorter to read.
	 *
	 * @param array<int,mixed> $files Absolute paths.
	 * @return string[]
	 */
	private static function relative( array $files ): array {
		$root = wp_normalize_path( untrailingslashit( ABSPATH ) ) . '/';
		return array_values(
			array_map(
				static function ( $file ) use ( $root ): string {
					$file = wp_normalize_path( (string) $file );
					return 0 === strpos( $file, $root ) ? substr( $file, strlen( $root ) ) : $file;
				},
				$files
			)
		);
	}
}
