/**
 * Shapes of the xmlrpc-shield/v1 REST API (docs/REST.md). Times are Unix seconds.
 */
export type Mode = 'block' | 'pingback' | 'monitor' | 'off';
/** Decision::OUTCOMES; src/common/outcomes.ts names them. login_fail: core refused the credentials of a call that passed. */
export type Outcome = 'blocked' | 'allowed' | 'logged' | 'login_fail';
export type Range = '1h' | '24h' | '7d' | '30d';
export type TopBy = 'ip' | 'subnet' | 'method';

export type Totals = Record< Outcome, number > & { all: number };

export interface Status {
	mode: Mode;
	blocked_24h: number;
	blocked_7d: number;
	allowlist_count: number;
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
}

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

export interface AllowlistEntry {
	cidr: string;
	label: string;
	created: number;
	source: string;
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

export interface EarlyGateState {
	installed: boolean;
	method: string;
	files: string[];
	error?: string;
	recommended_method?: string;
}

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
