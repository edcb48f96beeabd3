<?php
/**
 * Option names, defaults and validated updates.
 *
 * Past 250 lines because it names every option, each with what it holds (about 50 lines); the
 * settings' defaults, reads and the all-or-nothing update are the rest.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield;

use XmlrpcShield\Gate\Decider;

/**
 * The one place that knows our options. All are autoloaded: the gate reads them at plugin
 * include time, when core has already loaded autoloaded options in a single query.
 */
final class Settings {

	const MODE              = 'xmlrpc_shield_mode';
	const LAST_ACTIVE_MODE  = 'xmlrpc_shield_last_active_mode';
	const ALLOWLIST         = 'xmlrpc_shield_allowlist';
	const DENYLIST          = 'xmlrpc_shield_denylist';
	const TRUSTED_PROXIES   = 'xmlrpc_shield_trusted_proxies';
	const RETENTION_DAYS    = 'xmlrpc_shield_retention_days';
	const ROW_CAP           = 'xmlrpc_shield_row_cap';
	const LOG_ENABLED       = 'xmlrpc_shield_log_enabled';
	const DB_VERSION        = 'xmlrpc_shield_db_version';
	const NOTICE            = 'xmlrpc_shield_notice';
	const EARLY_GATE        = 'xmlrpc_shield_early_gate';
	const SERVER_RULES      = 'xmlrpc_shield_server_rules';
	const AUTOPILOT         = 'xmlrpc_shield_autopilot';
	const AUTOPILOT_STATE   = 'xmlrpc_shield_autopilot_state';
	const AUTOPILOT_TRIGGER = 'xmlrpc_shield_autopilot_trigger';
	const PLUGIN_VERSION    = 'xmlrpc_shield_version'; // The version that last set this site up (Lifecycle\Upgrade).

	/*
	 * State that one part of the plugin keeps for itself. The names live here all the same, so
	 * one look shows every row we write (uninstall deletes them from all_option_names()) and
	 * no part depends on another just to name an option.
	 */

	/** `Paths`: this site's file-name secret, {secret, since}. */
	const FILE_SECRET = 'xmlrpc_shield_file_secret';
	/** `Paths`, network option: a data directory this plugin created (so it may remove it). */
	const CREATED_DATA_DIR = 'xmlrpc_shield_created_data_dir';
	/** `Log\CounterFlush`: the loopback flush key. */
	const FLUSH_KEY = 'xmlrpc_shield_flush_key';
	/** `Log\CounterFlush`: where the web server answered this site, {addr, port, https}. */
	const WEB_SERVER = 'xmlrpc_shield_web_server';
	/** `Log\CounterFlush`, a transient: the web server answered that it has no APCu (asked again once it expires). */
	const WEB_NO_APCU = 'xmlrpc_shield_web_no_apcu';
	/** `Log\Ingester`: the sequence number of the current (or last) claim. */
	const CLAIM_SEQUENCE = 'xmlrpc_shield_claim_sequence';
	/** `Log\Ingester`: the hits dropped from the log, {hits, last}. */
	const DROPPED_HITS = 'xmlrpc_shield_dropped_hits';
	/** `Lockout\LockoutPolicy`: when failed logins lock a client out. */
	const LOCKOUT_POLICY = 'xmlrpc_shield_lockout_policy';
	/**
	 * `Lockout\LockoutTable`, autoloaded: '1' while some lockout may be active. The plugin-load
	 * gate runs on every XML-RPC request and asks the table only while it is set, so a site with
	 * no lockout pays no query for them.
	 */
	const LOCKOUTS_ACTIVE = 'xmlrpc_shield_lockouts_active';
	/** `CrowdSec\Config`, not autoloaded: the owner's Local API settings. */
	const CROWDSEC = 'xmlrpc_shield_crowdsec';
	/** `CrowdSec\Pusher`: what was pushed, failures and the next attempt. */
	const CROWDSEC_STATE = 'xmlrpc_shield_crowdsec_state';
	/** `Gate\JetpackConnection`: its nonce rows are this prefix, the zero-padded timestamp, `_` and the nonce. */
	const JETPACK_NONCE_PREFIX = 'xmlrpc_shield_jetpack_nonce_';
	/** Trusted-proxy presets: name (REST and WP-CLI `preset`) => the shipped list it adds (`Presets`). */
	const PROXY_PRESETS = array( 'cloudflare' => Presets::CLOUDFLARE );
	/** `Fleet\Node`, not autoloaded: a node's row is this prefix and 12 hex digits of its id's hash. */
	const NODE_PREFIX = 'xmlrpc_shield_node_';
	/** `Admin\Notices`, user meta: the trusted-proxy warning was dismissed. */
	const PROXY_NOTICE_DISMISSED = 'xmlrpc_shield_proxy_notice_dismissed';
	/** `Autopilot\Notice`, user meta: the time of the newest autopilot event the user dismissed. */
	const AUTOPILOT_DISMISSED = 'xmlrpc_shield_autopilot_dismissed';

	const MAX_RETENTION = 365;
	const MIN_ROW_CAP   = 1000;
	const MAX_ROW_CAP   = 10000000;

	/**
	 * Default values of the user-facing settings.
	 *
	 * @return array<string,mixed>
	 */
	public static function defaults(): array {
		return array(
			self::MODE            => Decider::MODE_BLOCK,
			self::ALLOWLIST       => array(),
			self::DENYLIST        => array(),
			self::TRUSTED_PROXIES => array(),
			self::RETENTION_DAYS  => 30,
			self::ROW_CAP         => 100000,
			self::LOG_ENABLED     => true,
		);
	}

	/**
	 * Every option this plugin may write (uninstall removes them all).
	 *
	 * @return string[]
	 */
	public static function all_option_names(): array {
		return array_merge(
			array_keys( self::defaults() ),
			array( self::LAST_ACTIVE_MODE, self::DB_VERSION, self::NOTICE, self::EARLY_GATE, self::SERVER_RULES, self::AUTOPILOT, self::AUTOPILOT_STATE, self::AUTOPILOT_TRIGGER, self::PLUGIN_VERSION, self::FLUSH_KEY, self::WEB_SERVER, self::FILE_SECRET, self::CLAIM_SEQUENCE, self::DROPPED_HITS, self::CROWDSEC, self::CROWDSEC_STATE, self::LOCKOUT_POLICY, self::LOCKOUTS_ACTIVE )
		);
	}

	/**
	 * Adds missing options with their defaults; existing values are kept.
	 */
	public static function add_defaults(): void {
		foreach ( self::defaults() as $name => $value ) {
			add_option( $name, $value, '', true );
		}
	}

	/**
	 * Current mode; an unknown stored value reads as block (fail closed).
	 */
	public static function mode(): string {
		$mode = get_option( self::MODE, Decider::MODE_BLOCK );
		return is_string( $mode ) && in_array( $mode, Decider::MODES, true ) ? $mode : Decider::MODE_BLOCK;
	}

	/**
	 * Adds a trusted-proxy preset's ranges to the list (one of PROXY_PRESETS).
	 *
	 * @param string $preset Preset name.
	 * @return array<string,mixed>|\WP_Error The settings after the change.
	 */
	public static function add_proxy_preset( string $preset ) {
		$ranges = self::proxy_preset( $preset );
		if ( is_wp_error( $ranges ) ) {
			return $ranges;
		}
		return self::update( array( 'trusted_proxies' => array_merge( TrustedProxyList::cidrs(), $ranges['cidrs'] ) ) );
	}

	/**
	 * A trusted-proxy preset's ranges, read only: the admin page adds them to the form's unsaved
	 * list, so the owner saves them together with the rest of the form (or not at all).
	 *
	 * @param string $preset Preset name (one of PROXY_PRESETS).
	 * @return array{cidrs:string[], source:string}|\WP_Error
	 */
	public static function proxy_preset( string $preset ) {
		if ( ! isset( self::PROXY_PRESETS[ $preset ] ) ) {
			/* translators: %s: the preset names, each in quotes. */
			return Input::invalid( 'preset', sprintf( __( 'Unknown preset: use %s.', 'xmlrpc-shield' ), '"' . implode( '", "', array_keys( self::PROXY_PRESETS ) ) . '"' ) );
		}
		return Presets::read( self::PROXY_PRESETS[ $preset ] );
	}

	/**
	 * Whether hits are recorded.
	 */
	public static function log_enabled(): bool {
		return (bool) get_option( self::LOG_ENABLED, true );
	}

	/**
	 * Retention in days.
	 */
	public static function retention_days(): int {
		return max( 1, (int) get_option( self::RETENTION_DAYS, self::defaults()[ self::RETENTION_DAYS ] ) );
	}

	/**
	 * Maximum number of rows in the hit table.
	 */
	public static function row_cap(): int {
		return max( self::MIN_ROW_CAP, (int) get_option( self::ROW_CAP, self::defaults()[ self::ROW_CAP ] ) );
	}

	/**
	 * The user-facing settings as one array (REST shape).
	 *
	 * @return array<string,mixed>
	 */
	public static function to_array(): array {
		return array(
			'mode'            => self::mode(),
			'retention_days'  => self::retention_days(),
			'row_cap'         => self::row_cap(),
			'trusted_proxies' => TrustedProxyList::cidrs(),
			'log_enabled'     => self::log_enabled(),
		);
	}

	/**
	 * What GET /settings shows: the settings and, read-only, the header each trusted proxy is
	 * believed for.
	 *
	 * @return array<string,mixed>
	 */
	public static function to_rest(): array {
		return array_merge( self::to_array(), array( 'proxy_headers' => TrustedProxyList::entries() ) );
	}

	/**
	 * Validates every given key first, then saves them all; on any error nothing is saved.
	 *
	 * @param array<string,mixed> $changes Subset of to_array() keys.
	 * @return array<string,mixed>|\WP_Error The settings after the change.
	 */
	public static function update( array $changes ) {
		$validated = array();
		if ( array_key_exists( 'mode', $changes ) ) {
			$mode = $changes['mode'];
			if ( ! is_string( $mode ) || ! in_array( $mode, Decider::MODES, true ) ) {
				return new \WP_Error(
					'xmlrpc_shield_invalid_mode',
					/* translators: %s: list of allowed modes. */
					sprintf( __( 'Mode must be one of: %s.', 'xmlrpc-shield' ), implode( ', ', Decider::MODES ) ),
					array( 'status' => 400 )
				);
			}
			$validated[ self::MODE ] = $mode;
		}
		if ( array_key_exists( 'retention_days', $changes ) ) {
			$days = Input::whole_number( $changes['retention_days'], 1, self::MAX_RETENTION );
			if ( null === $days ) {
				/* translators: %d: maximum number of days. */
				return Input::invalid( 'retention_days', sprintf( __( 'Retention must be a whole number of days from 1 to %d.', 'xmlrpc-shield' ), self::MAX_RETENTION ) );
			}
			$validated[ self::RETENTION_DAYS ] = $days;
		}
		if ( array_key_exists( 'row_cap', $changes ) ) {
			$cap = Input::whole_number( $changes['row_cap'], self::MIN_ROW_CAP, self::MAX_ROW_CAP );
			if ( null === $cap ) {
				/* translators: 1: minimum, 2: maximum. */
				return Input::invalid( 'row_cap', sprintf( __( 'The row cap must be a whole number from %1$d to %2$d.', 'xmlrpc-shield' ), self::MIN_ROW_CAP, self::MAX_ROW_CAP ) );
			}
			$validated[ self::ROW_CAP ] = $cap;
		}
		if ( array_key_exists( 'log_enabled', $changes ) ) {
			$enabled = Input::on_off( $changes['log_enabled'] );
			if ( null === $enabled ) {
				return Input::invalid( 'log_enabled', __( 'Logging must be true or false.', 'xmlrpc-shield' ) );
			}
			$validated[ self::LOG_ENABLED ] = $enabled;
		}
		if ( array_key_exists( 'trusted_proxies', $changes ) ) {
			$proxies = TrustedProxyList::validate_list( $changes['trusted_proxies'] );
			if ( is_wp_error( $proxies ) ) {
				return $proxies;
			}
			if ( ! Capabilities::is_network_site() ) {
				// A sub-site has no list of its own: the unchanged network list is no change,
				// anything else is the network administrator's to decide, on the main site.
				if ( TrustedProxyList::cidrs() !== $proxies ) {
					return Capabilities::network_forbidden();
				}
			} else {
				$validated[ self::TRUSTED_PROXIES ] = $proxies;
			}
		}
		foreach ( $validated as $name => $value ) {
			if ( self::MODE === $name ) {
				self::set_mode( $value );
				continue;
			}
			update_option( $name, $value, true );
		}
		return self::to_array();
	}

	/**
	 * Sets the mode and remembers the last non-off one, so "enable" can restore it.
	 *
	 * @param string $mode A valid mode.
	 */
	public static function set_mode( string $mode ): void {
		if ( Decider::MODE_OFF !== $mode ) {
			update_option( self::LAST_ACTIVE_MODE, $mode, true );
		}
		update_option( self::MODE, $mode, true );
	}

	/**
	 * Runs something on every site of a network (switching to each in turn), or once on a single
	 * site: network activation, deactivation and uninstall.
	 *
	 * @param callable $run Called with no arguments.
	 */
	public static function on_every_site( callable $run ): void {
		if ( ! is_multisite() ) {
			$run();
			return;
		}
		foreach ( get_sites(
			array(
				'fields' => 'ids',
				'number' => 0,
			)
		) as $site_id ) {
			switch_to_blog( (int) $site_id );
			try {
				$run();
			} finally {
				restore_current_blog();
			}
		}
	}

	/**
	 * Reads something network-level (the early gate's config, its installed state, the server
	 * rules' state) where it lives: on a network's main site, switching there from a sub-site.
	 *
	 * @param callable $read Reader, called with no arguments.
	 * @return mixed What it returned.
	 */
	public static function on_main_site( callable $read ) {
		if ( Capabilities::is_network_site() ) {
			return $read();
		}
		switch_to_blog( get_main_site_id() );
		try {
			return $read();
		} finally {
			restore_current_blog();
		}
	}

	/**
	 * Whether the gate may count hits in APCu (when the web server has it) instead of
	 * appending each to the spool file. On by default; the filter turns it off, e.g. for a
	 * site whose APCu is too small to share.
	 */
	public static function use_apcu(): bool {
		/**
		 * Filters whether blocked hits are counted in APCu shared memory when available.
		 *
		 * @param bool $use_apcu Default true.
		 */
		return (bool) apply_filters( 'xmlrpc_shield_use_apcu', true );
	}
}
