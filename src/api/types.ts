/**
 * Shapes of the xmlrpc-shield/v1 REST API (docs/REST.md). Times are Unix seconds.
 *
 * The modes, outcomes, ranges and groupings are each derived from their one list in
 * src/common (checked there against the REST schemas); re-exported so every shape is here.
 */
import type { TopBy } from '../common/groupings';
import type { Mode } from '../common/modes';
import type { Outcome } from '../common/outcomes';
import type { Range } from '../common/ranges';

export type { Mode, Outcome, Range, TopBy };

export type Totals = Record< Outcome, number > & { all: number };

export interface Status {
	mode: Mode;
	blocked_24h: number;
	blocked_7d: number;
	allowlist_count: number;
	denylist_count: number;
	/** On a network, a network administrator manages the early gate, server rules and trusted proxies on the main site. */
	network_managed: boolean;
	early_gate: { installed: boolean; method: string; error?: string };
	server_rules: { installed: boolean; in_sync: boolean; supported: boolean };
	/** Connected: requests signed with the site's Jetpack token pass in every mode. */
	jetpack: { connected: boolean };
	/** Hits missing from the log: the spool was full or unwritable for minutes. */
	dropped_hits: number;
	/** Unix time of the latest minute with dropped hits (0 for none). */
	dropped_last: number;
	/** The protection level at a glance, computed by Admin\ProtectionLevel (words included). */
	protection: Protection;
	/** Web nodes that reported within a week (Fleet\Drain::status()); absent before this version. */
	nodes?: WebNode[];
	/** Automatic escalation (the autopilot contract); absent before the autopilot exists. */
	autopilot?: {
		enabled: boolean;
		state: AutopilotState;
		layer: EarlyGateHook;
	};
}

/** One web node behind a load balancer: when it drained its own counts, and whether its early gate is current. */
export interface WebNode {
	/** Host name, address and port of the node's web server. */
	id: string;
	address: string;
	last_seen: number;
	/** 0: never drained. */
	last_drain: number;
	drained_hits: number;
	gate_installed: boolean;
	gate_version: string;
	/** False: the node's early gate decides with settings older than the database's. */
	gate_current: boolean;
}

/** Levels, weakest first: the earliest layer that refuses XML-RPC floods (ProtectionLevel::LEVELS). */
export type ProtectionLevelId =
	| 'none'
	| 'plugin-load'
	| 'early-gate'
	| 'server-rule';
/** ProtectionLevel::LAYERS. */
export type LayerId = 'plugin-load' | 'early-gate' | 'server-rule' | 'firewall';
/** ProtectionLevel::STATES. */
export type LayerState = 'active' | 'off' | 'error' | 'unavailable' | 'unknown';
/** ProtectionLevel::STEPS. */
export type NextStepId =
	| 'choose-mode'
	| 'ask-network-admin'
	| 'fix-early-gate'
	| 'rewrite-server-rule'
	| 'autopilot-pending'
	| 'install-early-gate'
	| 'write-server-rule'
	| 'add-nginx-snippet'
	| 'export-firewall'
	| 'none';

export interface ProtectionLayer {
	id: LayerId;
	label: string;
	state: LayerState;
	state_label: string;
	/** One line on what the layer is. */
	what: string;
	detail: string;
	/** Files the early gate wrote (relative to the WordPress folder); [] for the others. */
	files: string[];
}

export interface Protection {
	level: ProtectionLevelId;
	level_label: string;
	summary: string;
	layers: ProtectionLayer[];
	server: {
		software:
			| 'apache'
			| 'litespeed'
			| 'nginx'
			| 'iis'
			| 'other'
			| 'unknown';
		php: string;
		/** Null when it cannot be told (WP-CLI). */
		reads_htaccess: boolean | null;
		early_gate_method: string;
	};
	/** Which actions can work on this server for this user. */
	actions: {
		change_mode: boolean;
		install_early_gate: boolean;
		remove_early_gate: boolean;
		write_server_rule: boolean;
		remove_server_rule: boolean;
		nginx_snippet: boolean;
	};
	autopilot: {
		enabled: boolean;
		state: string;
		layer: string;
		last_event: {
			at: number;
			kind: string;
			layer: string;
			reason: string;
		} | null;
	} | null;
	next_step: { id: NextStepId; text: string; method: string };
}

/** How the early gate is started (Hooks::METHODS); '' for none. */
export type EarlyGateHook = 'htaccess' | 'user-ini' | 'mu-plugin' | '';

export type AutopilotState =
	| 'off'
	| 'pending'
	| 'installed'
	| 'verifying'
	| 'failed'
	| 'undone'
	| 'not-needed';

export type AutopilotEventKind =
	| 'installed'
	| 'verified'
	| 'rolled-back'
	| 'failed'
	| 'undone'
	| 'enabled'
	| 'disabled';

export interface AutopilotEvent {
	/** Unix seconds. */
	at: number;
	kind: AutopilotEventKind;
	layer: string;
	/** Translated, plain words, with the figures. */
	reason: string;
	figures: Record< string, unknown >;
	files: string[];
}

/** GET/POST /autopilot. */
export interface Autopilot {
	enabled: boolean;
	state: AutopilotState;
	layer: EarlyGateHook;
	next_attempt_at: number | null;
	/** Newest first, at most 50. */
	events: AutopilotEvent[];
	/** What a change did (POST only). */
	message?: string;
}

/** What POST /log/ingest did. */
export interface IngestResult {
	hits: number;
	skipped: number;
	pruned: number;
	ok: boolean;
	busy: boolean;
}

export type SeriesPoint = Record< Outcome, number > & { t: number };

export interface Stats {
	range: Range;
	bucket_seconds: number;
	from: number;
	to: number;
	series: SeriesPoint[];
	totals: Totals;
	previous_totals: Totals;
	methods: Array< { method: string; hits: number } >;
}

export interface Offender {
	key: string;
	hits: number;
	blocked: number;
	last_seen: number;
	allowlisted: boolean;
	/** The row's address (or the subnet's network address) is on the denylist. */
	denied: boolean;
	/** This server, loopback or a private network: no Block, no firewall rule (Denylist::RESERVED_KINDS). */
	reserved: ReservedKind;
}

export type ReservedKind = '' | 'this-server' | 'loopback' | 'private';

export interface TopOffenders {
	by: TopBy;
	range: Range;
	items: Offender[];
}

export interface Hit {
	id: number;
	ip: string;
	subnet: string;
	bucket: number;
	method: string;
	outcome: Outcome;
	hits: number;
	user_agent: string;
}

export interface HitsPage {
	items: Hit[];
	total: number;
	totalPages: number;
}

/** The two address lists (REST /allowlist and /denylist, AddressListOption in PHP). */
export type ListName = 'allowlist' | 'denylist';

export interface ListEntry {
	cidr: string;
	label: string;
	created: number;
	source: string;
}

export type AllowlistEntry = ListEntry;

/** What POST /allowlist and /denylist answer: the entry and what the owner should know. */
export interface AddedEntry extends ListEntry {
	note: string;
}

/** The header a trusted proxy is believed for (TrustedProxies::HEADERS). */
export type ProxyHeader = 'x-forwarded-for' | 'cf-connecting-ip';

export interface ProxyHeaderEntry {
	cidr: string;
	header: ProxyHeader;
}

export interface Settings {
	mode: Mode;
	retention_days: number;
	row_cap: number;
	trusted_proxies: string[];
	log_enabled: boolean;
	/** Read-only: Cloudflare's edge ranges set CF-Connecting-IP, every other proxy X-Forwarded-For. */
	proxy_headers: ProxyHeaderEntry[];
}

/** Allowlist presets (Allowlist::PRESETS). */
export type AllowlistPreset = 'server' | 'server-network' | 'jetpack';

export interface EarlyGateResult {
	ok: boolean;
	method?: string;
	files: string[];
	message?: string;
}

export type ExportFormat =
	| 'cidr'
	| 'iptables'
	| 'iptables-restore'
	| 'ip6tables-restore'
	| 'nftables'
	| 'ipset'
	| 'fail2ban-filter'
	| 'fail2ban-jail'
	| 'crowdsec';

export interface RulesState {
	apache: {
		installed: boolean;
		in_sync: boolean;
		supported: boolean;
		enabled: boolean;
		path: string;
		block: string;
	};
	nginx: string;
	/** Why the rules see a proxy, not the client (trusted proxies set); '' otherwise. Translated. */
	proxy_note: string;
}

export interface ExportResult {
	format: ExportFormat;
	range: Range;
	threshold: number;
	file_name: string;
	networks: Array< {
		cidr: string;
		hits: number;
		addresses: number;
		last_seen: number;
	} >;
	content: string;
}

/** When failed XML-RPC logins lock a client out (Lockout\LockoutPolicy). */
export interface LockoutPolicy {
	enabled: boolean;
	threshold: number;
	window_minutes: number;
	duration_minutes: number;
}

/** One client with failed logins on record: an IPv4 address or an IPv6 /64. */
export interface LockoutItem {
	client: string;
	last_ip: string;
	failures: number;
	first_failure: number;
	last_failure: number;
	/** Unix time the lockout ends; 0 when not locked out. */
	locked_until: number;
	locked: boolean;
	lockouts: number;
	/** Counted, never locked out: the allowlist lets it through. */
	allowlisted: boolean;
}

export interface LockoutReport {
	policy: LockoutPolicy;
	items: LockoutItem[];
}
