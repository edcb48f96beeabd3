<?php
/**
 * The protection level in words: what each layer does here, the details and the one next step.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Admin;

use XmlrpcShield\EarlyGate\GateFile;
use XmlrpcShield\EarlyGate\Installer;
use XmlrpcShield\Gate\Decider;

/**
 * The shape of `protection` in `GET /status` (docs/REST.md): `ProtectionLevel::assess()`'s slugs
 * with their names (`ProtectionLabels`) and sentences that carry this site's figures and files.
 */
final class ProtectionReport {

	/**
	 * The answer of ProtectionLevel::assess() in words: the shape of `protection` in `GET /status` (docs/REST.md).
	 *
	 * @param array<string,mixed> $facts See ProtectionFacts::read().
	 * @return array<string,mixed>
	 */
	public static function describe( array $facts ): array {
		$assessed = ProtectionLevel::assess( $facts );
		$mode     = (string) $facts['mode'];
		$managed  = ! empty( $facts['network_managed'] );
		$gate     = (array) $facts['early_gate'];
		$server   = (array) $facts['server'];
		$method   = '' !== (string) ( $gate['method'] ?? '' ) ? (string) $gate['method'] : (string) ( $server['early_gate_method'] ?? '' );

		$layers = array();
		foreach ( ProtectionLevel::LAYERS as $id ) {
			$state    = $assessed['layers'][ $id ];
			$layers[] = array(
				'id'          => $id,
				'label'       => ProtectionLabels::layer_label( $id ),
				'state'       => $state,
				'state_label' => ProtectionLabels::state_label( $state ),
				'what'        => ProtectionLabels::layer_what( $id ),
				'detail'      => self::layer_detail( $id, $state, $mode, $gate, $method, $server, $managed, (array) ( $facts['crowdsec'] ?? array() ) ),
				// Which server files hold the hook is the network administrator's business.
				'files'       => 'early-gate' === $id && ! $managed ? self::relative( (array) ( $gate['files'] ?? array() ) ) : array(),
			);
		}
		$step = $assessed['next_step'];
		return array(
			'level'       => $assessed['level'],
			'level_label' => ProtectionLabels::level_label( $assessed['level'] ),
			'summary'     => ProtectionLabels::level_summary( $assessed['level'], $mode ),
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
					return sprintf( __( 'Installed: %1$s, started by %2$s.', 'xmlrpc-shield' ), $file, ProtectionLabels::hook_label( $method ) );
				}
				if ( $managed ) {
					return __( 'Not installed. The network administrator can install it for every site.', 'xmlrpc-shield' );
				}
				if ( '' === $method ) {
					/* translators: %s: file path. */
					return sprintf( __( 'Not installed. Installing writes %s and the line that starts it.', 'xmlrpc-shield' ), $file );
				}
				/* translators: 1: file path, 2: how the gate would be started, e.g. ".htaccess (…)". */
				return sprintf( __( 'Not installed. Installing writes %1$s, started by %2$s.', 'xmlrpc-shield' ), $file, ProtectionLabels::hook_label( $method ) );
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
				/* translators: 1: the name of the Block mode, 2: the name of the Pingback protection mode. */
				return sprintf( __( 'Choose %1$s or %2$s: in this mode nothing is refused.', 'xmlrpc-shield' ), ModeLabels::label( Decider::MODE_BLOCK ), ModeLabels::label( Decider::MODE_PINGBACK ) );
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
						ProtectionLabels::hook_label( $method )
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
