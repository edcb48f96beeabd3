<?php
/**
 * `wp xmlrpc-shield`: the operator's front door during an incident.
 *
 * Past 250 lines because WP-CLI makes each public method of the root command a subcommand
 * and reads its help from the method's docblock (synopsis, options, examples): the nine root
 * subcommands are one class by WP-CLI's design; each group (allow, deny, lockout, proxy,
 * early-gate, rules, crowdsec, autopilot) has a class of its own.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Cli;

use WP_CLI;
use XmlrpcShield\Admin\ProtectionLabels;
use XmlrpcShield\Admin\ProtectionLevel;
use XmlrpcShield\Allowlist;
use XmlrpcShield\Capabilities;
use XmlrpcShield\Denylist;
use XmlrpcShield\EarlyGate\Installer;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Gate\IpAddress;
use XmlrpcShield\Gate\JetpackConnection;
use XmlrpcShield\Input;
use XmlrpcShield\Log\HitQuery;
use XmlrpcShield\Log\HitTable;
use XmlrpcShield\Log\Ingester;
use XmlrpcShield\Log\Scheduler;
use XmlrpcShield\Rules\BlockList;
use XmlrpcShield\Rules\FirewallFormat;
use XmlrpcShield\Rules\ServerRulesWriter;
use XmlrpcShield\Settings;

/**
 * Blocks XML-RPC abuse and pingbacks; shows and manages what is blocked.
 *
 * ## EXAMPLES
 *
 *     # What is the shield doing right now?
 *     $ wp xmlrpc-shield status
 *
 *     # Block every XML-RPC request except the allowlist.
 *     $ wp xmlrpc-shield mode block
 *
 *     # Who attacked in the last hour, by /24?
 *     $ wp xmlrpc-shield stats --range=1h --by=subnet
 */
final class Command {

	/**
	 * Registers the commands with WP-CLI.
	 */
	public static function register(): void {
		WP_CLI::add_command( 'xmlrpc-shield', self::class );
		WP_CLI::add_command( 'xmlrpc-shield allow', AllowCommand::class );
		WP_CLI::add_command( 'xmlrpc-shield autopilot', AutopilotCommand::class );
		WP_CLI::add_command( 'xmlrpc-shield deny', DenyCommand::class );
		WP_CLI::add_command( 'xmlrpc-shield early-gate', EarlyGateCommand::class );
		WP_CLI::add_command( 'xmlrpc-shield lockout', LockoutCommand::class );
		WP_CLI::add_command( 'xmlrpc-shield proxy', ProxyCommand::class );
		WP_CLI::add_command( 'xmlrpc-shield rules', RulesCommand::class );
		WP_CLI::add_command( 'xmlrpc-shield crowdsec', CrowdSecCommand::class );
	}

	/**
	 * Stops a network-level subcommand (the early gate, the server rules) run for a sub-site:
	 * on a network they serve every site and follow the main site's settings.
	 */
	public static function require_network_site(): void {
		if ( ! Capabilities::is_network_site() ) {
			WP_CLI::error( sprintf( 'This changes files that protect every site of the network, so it runs only for the main site: add --url=%s', get_site_url( get_main_site_id() ) ) );
		}
	}

	/**
	 * Shows the mode, what is installed, hits and failed XML-RPC logins (`login_fail_24h`, as
	 * the admin page and the widget count them) in the last 24 hours, the allowlist size, hits
	 * dropped from the log (the spool was full or unwritable for minutes), whether Jetpack
	 * is connected (its signed requests then pass in every mode), and the protection level:
	 * each layer's state and the one next step (in JSON, the `protection` object of
	 * `GET /status`). From WP-CLI the web server cannot be seen, so what depends on it (does
	 * it read .htaccess?) reads as unknown.
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : Output format.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield status
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function status( $args, $assoc_args ): void {
		Scheduler::ingest_and_prune( Scheduler::OPERATOR_WAIT );
		$now    = time();
		$totals = HitQuery::totals( $now - DAY_IN_SECONDS, $now + 1 );
		// The early gate and the server rules are the network's: a sub-site reports the main site's.
		$gate       = Settings::on_main_site( array( Installer::class, 'status' ) );
		$rules      = Settings::on_main_site( array( ServerRulesWriter::class, 'status' ) );
		$status     = array(
			'mode'            => Settings::mode(),
			// In the admin page's words ("must-use hook"), never the slug "mu-plugin".
			'early_gate'      => $gate['installed'] ? 'installed, started by ' . ProtectionLabels::hook_label( (string) $gate['method'] ) : 'not installed',
			'server_rules'    => $rules['installed'] ? ( $rules['in_sync'] ? 'installed' : 'installed, out of date' ) : 'not installed',
			'blocked_24h'     => $totals['blocked'],
			'allowed_24h'     => $totals['allowed'],
			'logged_24h'      => $totals['logged'],
			'login_fail_24h'  => $totals['login_fail'],
			'allowlist_count' => count( Allowlist::entries() ),
			'denylist_count'  => count( Denylist::entries() ),
			'log_rows'        => HitQuery::row_count(),
			'dropped_hits'    => Ingester::dropped()['hits'],
			'jetpack'         => JetpackConnection::is_connected() ? 'signed requests pass (connected)' : 'not connected',
		);
		$protection = ProtectionLevel::current();
		$nodes      = \XmlrpcShield\Fleet\Drain::status( $now );
		if ( 'json' === ( $assoc_args['format'] ?? 'table' ) ) {
			WP_CLI::line( (string) wp_json_encode( $status + array( 'protection' => $protection ) + array( 'nodes' => $nodes ) ) );
			return;
		}
		$rows = array();
		foreach ( $status as $key => $value ) {
			$rows[] = array(
				'setting' => $key,
				'value'   => (string) $value,
			);
		}
		$rows[] = array(
			'setting' => 'protection',
			'value'   => $protection['level_label'],
		);
		foreach ( $protection['layers'] as $layer ) {
			$rows[] = array(
				'setting' => 'layer: ' . $layer['id'],
				'value'   => $layer['state_label'] . ' - ' . $layer['detail'],
			);
		}
		if ( null !== $protection['autopilot'] && null !== $protection['autopilot']['last_event'] ) {
			$event  = $protection['autopilot']['last_event'];
			$rows[] = array(
				'setting' => 'autopilot',
				'value'   => sprintf( '%s %s: %s', wp_date( 'Y-m-d H:i T', $event['at'] ), $event['kind'], $event['reason'] ),
			);
		}
		$rows[] = array(
			'setting' => 'next_step',
			'value'   => $protection['next_step']['text'],
		);
		foreach ( $nodes as $node ) {
			$rows[] = array(
				'setting' => 'node: ' . $node['id'],
				'value'   => sprintf(
					'last drain %s (%d hits), gate %s',
					$node['last_drain'] > 0 ? wp_date( 'Y-m-d H:i:s T', $node['last_drain'] ) : 'never',
					$node['drained_hits'],
					$node['gate_installed'] ? ( $node['gate_current'] ? 'current' : 'out of date' ) : 'not installed'
				),
			);
		}
		WP_CLI\Utils\format_items( 'table', $rows, array( 'setting', 'value' ) );
	}

	/**
	 * Turns the shield on again, in the last mode that was not "off".
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield enable
	 *     Success: XML-RPC Shield is on in "block" mode.
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function enable( $args, $assoc_args ): void {
		$last = get_option( Settings::LAST_ACTIVE_MODE, Decider::MODE_BLOCK );
		$mode = is_string( $last ) && in_array( $last, Decider::MODES, true ) && Decider::MODE_OFF !== $last ? $last : Decider::MODE_BLOCK;
		Settings::set_mode( $mode );
		WP_CLI::success( sprintf( 'XML-RPC Shield is on in "%s" mode.', $mode ) );
	}

	/**
	 * Turns the shield off (mode "off"): XML-RPC and pingbacks behave as in core.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield disable
	 *     Success: XML-RPC Shield is off.
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function disable( $args, $assoc_args ): void {
		Settings::set_mode( Decider::MODE_OFF );
		WP_CLI::success( 'XML-RPC Shield is off.' );
	}

	/**
	 * Shows or sets the mode.
	 *
	 * ## OPTIONS
	 *
	 * [<mode>]
	 * : The new mode: block, pingback, monitor or off. Without it, prints the current one.
	 *
	 * ## EXAMPLES
	 *
	 *     # Keep XML-RPC for apps and Jetpack, refuse pingbacks and system.multicall.
	 *     $ wp xmlrpc-shield mode pingback
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function mode( $args, $assoc_args ): void {
		if ( array() === $args ) {
			WP_CLI::line( Settings::mode() );
			return;
		}
		$result = Settings::update( array( 'mode' => $args[0] ) );
		if ( is_wp_error( $result ) ) {
			WP_CLI::error( $result->get_error_message() );
		}
		WP_CLI::success( sprintf( 'Mode set to "%s".', $args[0] ) );
	}

	/**
	 * Shows hit counts grouped by IP, subnet or method.
	 *
	 * ## OPTIONS
	 *
	 * [--range=<range>]
	 * : Time range ending now.
	 * ---
	 * default: 24h
	 * options:
	 *   - 1h
	 *   - 24h
	 *   - 7d
	 *   - 30d
	 * ---
	 *
	 * [--by=<by>]
	 * : Grouping. Subnets are IPv4 /24 and IPv6 /64.
	 * ---
	 * default: ip
	 * options:
	 *   - ip
	 *   - subnet
	 *   - method
	 * ---
	 *
	 * [--limit=<limit>]
	 * : How many rows.
	 * ---
	 * default: 10
	 * ---
	 *
	 * [--format=<format>]
	 * : Output format.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - csv
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield stats --range=1h --by=subnet --format=csv
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function stats( $args, $assoc_args ): void {
		$range = $assoc_args['range'] ?? '24h';
		$by    = $assoc_args['by'] ?? 'ip';
		if ( ! isset( HitQuery::RANGES[ $range ] ) ) {
			WP_CLI::error( sprintf( 'Invalid range "%s": use %s.', $range, self::one_of( array_keys( HitQuery::RANGES ) ) ) );
		}
		if ( ! in_array( $by, HitQuery::GROUPINGS, true ) ) {
			WP_CLI::error( sprintf( 'Invalid grouping "%s": use %s.', $by, self::one_of( HitQuery::GROUPINGS ) ) );
		}
		$limit = Input::whole_number( $assoc_args['limit'] ?? 10, 1, 1000 );
		if ( null === $limit ) {
			WP_CLI::error( 'Invalid limit: use a whole number from 1 to 1000.' );
		}
		Scheduler::ingest_and_prune( Scheduler::OPERATOR_WAIT );
		list( $from, $to ) = HitQuery::window( $range, time() );
		$rows              = array_map(
			static function ( $row ) use ( $by ) {
				return array(
					$by         => $row['key'],
					'hits'      => $row['hits'],
					'blocked'   => $row['blocked'],
					'last_seen' => gmdate( 'Y-m-d H:i', $row['last_seen'] ),
				);
			},
			HitQuery::top( $by, $from, $to, (int) $limit )
		);
		Output::items( $assoc_args['format'] ?? 'table', $rows, array( $by, 'hits', 'blocked', 'last_seen' ) );
	}

	/**
	 * Lists recent log rows (one row per IP, minute, method and outcome).
	 *
	 * User agents and method names are what clients sent: table and CSV output show control
	 * characters as \uXXXX escapes and start CSV cells a spreadsheet would evaluate with an
	 * apostrophe; JSON holds the stored values exactly.
	 *
	 * ## OPTIONS
	 *
	 * [--ip=<ip>]
	 * : Only this IP address.
	 *
	 * [--since=<since>]
	 * : Only rows at or after this time (anything strtotime() reads, e.g. "1 hour ago").
	 *
	 * [--limit=<limit>]
	 * : How many rows.
	 * ---
	 * default: 20
	 * ---
	 *
	 * [--format=<format>]
	 * : Output format.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - csv
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield log --ip=203.0.113.7 --since="1 hour ago"
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function log( $args, $assoc_args ): void {
		$ip = '';
		if ( isset( $assoc_args['ip'] ) ) {
			$ip = (string) IpAddress::normalize( (string) $assoc_args['ip'] );
			if ( '' === $ip ) {
				WP_CLI::error( sprintf( 'Invalid IP address "%s".', $assoc_args['ip'] ) );
			}
		}
		$since = 0;
		if ( isset( $assoc_args['since'] ) ) {
			$since = strtotime( (string) $assoc_args['since'] );
			if ( false === $since ) {
				WP_CLI::error( sprintf( 'Cannot read the time "%s".', $assoc_args['since'] ) );
			}
		}
		$limit = Input::whole_number( $assoc_args['limit'] ?? 20, 1, 10000 );
		if ( null === $limit ) {
			WP_CLI::error( 'Invalid limit: use a whole number from 1 to 10000.' );
		}
		Scheduler::ingest_and_prune( Scheduler::OPERATOR_WAIT );
		$page = HitQuery::page( 1, (int) $limit, $ip, '' );
		$rows = array();
		foreach ( $page['rows'] as $row ) {
			if ( $row['bucket'] < $since ) {
				continue;
			}
			$row['time'] = gmdate( 'Y-m-d H:i', $row['bucket'] );
			$rows[]      = $row;
		}
		Output::items( $assoc_args['format'] ?? 'table', $rows, array( 'time', 'ip', 'method', 'outcome', 'hits', 'user_agent' ) );
	}

	/**
	 * Deletes log rows older than a number of days (default: the retention setting), then
	 * enforces the row cap.
	 *
	 * ## OPTIONS
	 *
	 * [--older-than=<days>]
	 * : Age in days, e.g. 7 or 7d.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield prune --older-than=7d
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function prune( $args, $assoc_args ): void {
		$days = Settings::retention_days();
		if ( isset( $assoc_args['older-than'] ) ) {
			$value = rtrim( (string) $assoc_args['older-than'], 'd' );
			$days  = Input::whole_number( $value, 0, 3650 );
			if ( null === $days ) {
				WP_CLI::error( sprintf( 'Invalid age "%s": use a number of days such as 7 or 7d.', $assoc_args['older-than'] ) );
			}
		}
		Scheduler::ingest_and_prune( Scheduler::OPERATOR_WAIT );
		$deleted = HitTable::prune( time(), (int) $days, Settings::row_cap() );
		WP_CLI::success( sprintf( 'Deleted %d rows.', $deleted ) );
	}

	/**
	 * Prints a firewall blocklist built from the hit log: networks (IPv4 /24, IPv6 /64) with at
	 * least --threshold blocked requests in --range, never allowlisted, private or this server.
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : cidr, iptables, iptables-restore, ip6tables-restore, nftables, ipset, fail2ban-filter,
	 * fail2ban-jail or crowdsec.
	 * ---
	 * default: cidr
	 * ---
	 *
	 * [--range=<range>]
	 * : 1h, 24h, 7d or 30d.
	 * ---
	 * default: 24h
	 * ---
	 *
	 * [--threshold=<hits>]
	 * : Minimum blocked requests per network.
	 * ---
	 * default: 100
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield export --format=nftables > /etc/nftables.d/xmlrpc-shield.nft
	 *     $ wp xmlrpc-shield export --format=crowdsec --range=7d > decisions.csv && cscli decisions import -i decisions.csv
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function export( $args, $assoc_args ): void {
		$format = (string) ( $assoc_args['format'] ?? 'cidr' );
		$range  = (string) ( $assoc_args['range'] ?? '24h' );
		if ( ! in_array( $format, FirewallFormat::FORMATS, true ) ) {
			WP_CLI::error( sprintf( 'Unknown format "%s". Use one of: %s.', $format, implode( ', ', FirewallFormat::FORMATS ) ) );
		}
		if ( ! isset( HitQuery::RANGES[ $range ] ) ) {
			WP_CLI::error( sprintf( 'Unknown range "%s". Use one of: %s.', $range, implode( ', ', array_keys( HitQuery::RANGES ) ) ) );
		}
		$threshold = Input::whole_number( $assoc_args['threshold'] ?? BlockList::DEFAULT_THRESHOLD, 1, PHP_INT_MAX );
		if ( null === $threshold ) {
			WP_CLI::error( 'Invalid threshold: use a whole number of 1 or more.' );
		}
		// WP-CLI may write: bring the log up to date first (the REST export only reads).
		Scheduler::ingest_and_prune( Scheduler::OPERATOR_WAIT );
		$export = BlockList::build( $format, $range, (int) $threshold );
		if ( '' !== $export['content'] ) {
			WP_CLI::log( rtrim( $export['content'], "\n" ) );
		}
		if ( array() === $export['networks'] && in_array( $format, array( 'cidr', 'crowdsec', 'iptables' ), true ) ) {
			WP_CLI::warning( 'No network reached the threshold in this range.' );
		}
	}

	/**
	 * Folds spooled hits into the log table now (WP-Cron does this every minute).
	 *
	 * Hits the web server counts in APCu shared memory are collected first, through a loopback
	 * request to the site (this process cannot see the server's memory).
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp xmlrpc-shield ingest
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string,string> $assoc_args Options.
	 */
	public function ingest( $args, $assoc_args ): void {
		$report   = Scheduler::ingest_and_prune( Scheduler::OPERATOR_WAIT );
		$counters = $report['counters'];
		if ( isset( $counters['ok'] ) && ! $counters['ok'] ) {
			// The hits stay counted in the web server's memory; the next flush brings them.
			WP_CLI::warning( sprintf( 'Could not collect the hit counters the web server keeps in APCu (%s); they are kept for its next flush, at most a minute away while hits arrive.', $counters['error'] ) );
		}
		if ( ! $report['ok'] ) {
			WP_CLI::error( 'The log table could not be written; spooled hits are kept for the next run.' );
		}
		WP_CLI::success( sprintf( 'Ingested %d hits in %d row writes (%d damaged lines skipped, %d old rows pruned).', $report['lines'], $report['rows'], $report['skipped'], $report['pruned'] ) );
	}

	/**
	 * A list for a refusal, from the constant that holds it: "a, b or c".
	 *
	 * @param string[] $words The allowed words, in order.
	 */
	private static function one_of( array $words ): string {
		$last = array_pop( $words );
		return array() === $words ? (string) $last : implode( ', ', $words ) . ' or ' . $last;
	}
}
