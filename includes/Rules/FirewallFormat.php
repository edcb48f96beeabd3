<?php
/**
 * Renders a list of networks in the formats firewalls and log-driven banners read.
 *
 * Past 250 lines through its six formats (about 40 lines each), which share the IPv4/IPv6
 * split, the denylist's marking and the escaping of comments; one class keeps the formats
 * in step when one of those rules changes.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rules;

/**
 * Each format is complete and loadable as is: checked in the tests with iptables-restore,
 * nft -c, fail2ban-regex and friends.
 *
 * Two kinds of networks: those the flood made (BlockSuggester, from the log) and the owner's
 * denylist (BlockList passes the entries a firewall may hold). The denylist comes first and is
 * marked as such in every format that can say so (a comment before its lines, its own nftables
 * sets, its own CrowdSec reason), so an operator can tell an explicit decision from a
 * suggestion that may go stale.
 */
final class FirewallFormat {

	const FORMATS = array( 'cidr', 'iptables', 'iptables-restore', 'ip6tables-restore', 'nftables', 'ipset', 'fail2ban-filter', 'fail2ban-jail', 'crowdsec' );

	/** Names used in the generated rules. */
	const SET_NAME = 'xmlrpc_shield';

	/** The comment before the owner's denylist in the formats that take comments. */
	const DENYLIST_COMMENT = "# The site owner's denylist (XML-RPC Shield): refused in every mode.";

	/** The comment before the flood's networks when the denylist comes first. */
	const FLOOD_COMMENT = '# Networks that flooded XML-RPC (from the log).';

	/** The CrowdSec reason of a denylist entry (a flood's network has 'xmlrpc-shield'). */
	const DENYLIST_REASON = 'xmlrpc-shield-denylist';

	/** The scripts the gate guards (Decider::target()), as the fail2ban filter looks for them. */
	const GATED_SCRIPTS = array( 'xmlrpc.php', 'wp-trackback.php' );

	/**
	 * Renders networks in a format.
	 *
	 * @param string   $format One of FORMATS.
	 * @param string[] $cidrs  Networks (validated CIDR text).
	 * @param string[] $never  Networks a log-driven ban must never hit (allowlist, trusted
	 *                         proxies); the fail2ban jail lists them in ignoreip.
	 * @param string[] $denied The owner's denylist entries to block too (validated CIDR text,
	 *                         none of them this server, loopback, private or a trusted proxy).
	 * @return string
	 */
	public static function render( string $format, array $cidrs, array $never = array(), array $denied = array() ): string {
		$sections = self::sections( $cidrs, $denied );
		switch ( $format ) {
			case 'iptables':
				return self::iptables( $sections );
			case 'iptables-restore':
				return self::restore_file( $sections, false );
			case 'ip6tables-restore':
				return self::restore_file( $sections, true );
			case 'nftables':
				return self::nftables( self::split( $cidrs ), self::split( $denied ) );
			case 'ipset':
				return self::ipset( $sections );
			case 'fail2ban-filter':
				return self::fail2ban_filter();
			case 'fail2ban-jail':
				return self::fail2ban_jail( $never );
			case 'crowdsec':
				return "duration,reason,scope,type,value\n" . self::crowdsec( $denied, self::DENYLIST_REASON ) . self::crowdsec( $cidrs, 'xmlrpc-shield' );
			default:
				$out = '';
				foreach ( $sections as $section ) {
					$out .= ( '' === $section['comment'] ? '' : $section['comment'] . "\n" ) . implode( "\n", $section['cidrs'] ) . "\n";
				}
				return $out;
		}
	}

	/**
	 * The lists in the order they are written, each with the comment that marks it: without a
	 * denylist the flood's networks alone and unmarked (as before there was one).
	 *
	 * @param string[] $cidrs  The flood's networks.
	 * @param string[] $denied The owner's denylist.
	 * @return array<int,array{comment:string,cidrs:string[]}> Non-empty lists only.
	 */
	private static function sections( array $cidrs, array $denied ): array {
		if ( array() === $denied ) {
			return array() === $cidrs ? array() : array(
				array(
					'comment' => '',
					'cidrs'   => $cidrs,
				),
			);
		}
		$sections = array(
			array(
				'comment' => self::DENYLIST_COMMENT,
				'cidrs'   => $denied,
			),
		);
		if ( array() !== $cidrs ) {
			$sections[] = array(
				'comment' => self::FLOOD_COMMENT,
				'cidrs'   => $cidrs,
			);
		}
		return $sections;
	}

	/**
	 * File name to offer for a download of a format.
	 *
	 * @param string $format Format.
	 */
	public static function file_name( string $format ): string {
		$names = array(
			'cidr'              => 'xmlrpc-shield-blocklist.txt',
			'iptables'          => 'xmlrpc-shield-iptables.sh',
			'iptables-restore'  => 'xmlrpc-shield.rules.v4',
			'ip6tables-restore' => 'xmlrpc-shield.rules.v6',
			'nftables'          => 'xmlrpc-shield.nft',
			'ipset'             => 'xmlrpc-shield-ipset.sh',
			'fail2ban-filter'   => 'xmlrpc-shield.conf',
			'fail2ban-jail'     => 'xmlrpc-shield.local',
			'crowdsec'          => 'xmlrpc-shield-decisions.csv',
		);
		return $names[ $format ] ?? 'xmlrpc-shield.txt';
	}

	/**
	 * IPv4 and IPv6 networks apart.
	 *
	 * @param string[] $cidrs Networks.
	 * @return array{0:string[],1:string[]}
	 */
	private static function split( array $cidrs ): array {
		$v4 = array();
		$v6 = array();
		foreach ( $cidrs as $cidr ) {
			if ( false !== strpos( $cidr, ':' ) ) {
				$v6[] = $cidr;
			} else {
				$v4[] = $cidr;
			}
		}
		return array( $v4, $v6 );
	}

	/**
	 * Shell commands; -C first so running the script twice adds nothing twice.
	 *
	 * @param array<int,array{comment:string,cidrs:string[]}> $sections The lists (sections()).
	 */
	private static function iptables( array $sections ): string {
		$out = "#!/bin/sh\n# XML-RPC Shield blocklist: drop web traffic from these networks.\n";
		foreach ( $sections as $section ) {
			$out            .= '' === $section['comment'] ? '' : $section['comment'] . "\n";
			list( $v4, $v6 ) = self::split( $section['cidrs'] );
			foreach ( array(
				'iptables'  => $v4,
				'ip6tables' => $v6,
			) as $tool => $list ) {
				foreach ( $list as $cidr ) {
					$rule = "INPUT -s {$cidr} -p tcp -m multiport --dports 80,443 -j DROP";
					$out .= "{$tool} -C {$rule} 2>/dev/null || {$tool} -I {$rule}\n";
				}
			}
		}
		return $out;
	}

	/**
	 * An iptables-restore / ip6tables-restore file for the filter table, in its own chain so
	 * `--noflush` loading leaves other rules alone.
	 *
	 * @param array<int,array{comment:string,cidrs:string[]}> $sections The lists (sections()).
	 * @param bool                                            $ipv6     Which family the file holds.
	 */
	private static function restore_file( array $sections, bool $ipv6 ): string {
		$chain = 'XMLRPC_SHIELD';
		$out   = "# XML-RPC Shield blocklist. Load with: iptables-restore --noflush < file\n*filter\n:{$chain} - [0:0]\n-F {$chain}\n";
		foreach ( $sections as $section ) {
			$list = self::split( $section['cidrs'] )[ $ipv6 ? 1 : 0 ];
			if ( array() === $list ) {
				continue;
			}
			$out .= '' === $section['comment'] ? '' : $section['comment'] . "\n";
			foreach ( $list as $cidr ) {
				$out .= "-A {$chain} -s {$cidr} -p tcp -m multiport --dports 80,443 -j DROP\n";
			}
		}
		$out .= "-A {$chain} -j RETURN\n";
		$out .= "-I INPUT -p tcp -m multiport --dports 80,443 -j {$chain}\n";
		return $out . "COMMIT\n";
	}

	/**
	 * An nftables table with interval sets and one rule per family; the owner's denylist in
	 * sets of its own (denied_v4/denied_v6), which also keeps a denied range from clashing with
	 * an overlapping flood network in one interval set.
	 *
	 * @param array{0:string[],1:string[]} $flood  The flood's IPv4 and IPv6 networks.
	 * @param array{0:string[],1:string[]} $denied The denylist's IPv4 and IPv6 entries.
	 */
	private static function nftables( array $flood, array $denied ): string {
		$name  = self::SET_NAME;
		$set   = static function ( string $set_name, string $type, array $list ): string {
			$text = "\tset {$set_name} {\n\t\ttype {$type}\n\t\tflags interval\n";
			if ( array() !== $list ) {
				$text .= "\t\telements = { " . implode( ', ', $list ) . " }\n";
			}
			return $text . "\t}\n";
		};
		$sets  = '';
		$rules = '';
		if ( array() !== $denied[0] || array() !== $denied[1] ) {
			$sets  .= "\t" . self::DENYLIST_COMMENT . "\n"
				. $set( 'denied_v4', 'ipv4_addr', $denied[0] )
				. $set( 'denied_v6', 'ipv6_addr', $denied[1] );
			$rules .= "\t\tip saddr @denied_v4 tcp dport { 80, 443 } drop\n"
				. "\t\tip6 saddr @denied_v6 tcp dport { 80, 443 } drop\n";
		}
		return "# XML-RPC Shield blocklist. Load with: nft -f file\n"
			. "table inet {$name} {\n"
			. $sets
			. $set( 'blocked_v4', 'ipv4_addr', $flood[0] )
			. $set( 'blocked_v6', 'ipv6_addr', $flood[1] )
			. "\tchain input {\n"
			. "\t\ttype filter hook input priority -10; policy accept;\n"
			. $rules
			. "\t\tip saddr @blocked_v4 tcp dport { 80, 443 } drop\n"
			. "\t\tip6 saddr @blocked_v6 tcp dport { 80, 443 } drop\n"
			. "\t}\n"
			. "}\n";
	}

	/**
	 * The networks as ipset sets, plus the iptables rules that use them.
	 *
	 * @param array<int,array{comment:string,cidrs:string[]}> $sections The lists (sections()).
	 */
	private static function ipset( array $sections ): string {
		$name = self::SET_NAME;
		$out  = "#!/bin/sh\n# XML-RPC Shield blocklist as ipsets.\n"
			. "ipset create {$name}_v4 hash:net family inet -exist\n"
			. "ipset create {$name}_v6 hash:net family inet6 -exist\n";
		foreach ( $sections as $section ) {
			$out            .= '' === $section['comment'] ? '' : $section['comment'] . "\n";
			list( $v4, $v6 ) = self::split( $section['cidrs'] );
			foreach ( $v4 as $cidr ) {
				$out .= "ipset add {$name}_v4 {$cidr} -exist\n";
			}
			foreach ( $v6 as $cidr ) {
				$out .= "ipset add {$name}_v6 {$cidr} -exist\n";
			}
		}
		return $out
			. "iptables -C INPUT -m set --match-set {$name}_v4 src -p tcp -m multiport --dports 80,443 -j DROP 2>/dev/null || iptables -I INPUT -m set --match-set {$name}_v4 src -p tcp -m multiport --dports 80,443 -j DROP\n"
			. "ip6tables -C INPUT -m set --match-set {$name}_v6 src -p tcp -m multiport --dports 80,443 -j DROP 2>/dev/null || ip6tables -I INPUT -m set --match-set {$name}_v6 src -p tcp -m multiport --dports 80,443 -j DROP\n";
	}

	/**
	 * A fail2ban filter for POSTs to the gated scripts in Apache's and nginx's combined access
	 * logs (Apache's vhost_combined too). Access logs hold the request line as the client sent
	 * it, so the filter matches every spelling a web server still maps to the script: any
	 * directory (sub-directory installs, `//`), percent-encoded or upper-case letters, a path
	 * after the name (`/xmlrpc.php/`), a query string, an absolute URL. Another name that merely
	 * starts like it (`xmlrpc.php.bak`, `xmlrpc-notes`) is not matched.
	 */
	private static function fail2ban_filter(): string {
		$names = implode( '|', array_map( array( self::class, 'encoded_name_pattern' ), self::GATED_SCRIPTS ) );
		// fail2ban's config parser reads "%" as interpolation: a literal one is written "%%".
		$path = str_replace( '%', '%%', '(?i:(?:https?://[^/ "]+)?/(?:[^ "?]*(?:/|%2f))?(?:' . $names . ')(?:[/?][^ "]*)?)' );
		return "# XML-RPC Shield: POSTs to xmlrpc.php and wp-trackback.php, however spelled, in Apache or nginx\n"
			. "# access logs (combined or vhost_combined format).\n"
			. "# Save as /etc/fail2ban/filter.d/xmlrpc-shield.conf\n"
			. "[Definition]\n"
			. 'failregex = ^(?:\S+:\d+ )?<HOST> \S+ \S+ \[[^\]]*\] "POST ' . $path . ' HTTP/[0-9.]+" \d{3} ' . "\n"
			. "ignoreregex =\n"
			. "datepattern = ^[^\\[]*\\[({DATE})\n"
			. "             {^LN-BEG}\n";
	}

	/**
	 * A file name as a case-insensitive regex in which each character may also be
	 * percent-encoded (`%78mlrpc.php` is xmlrpc.php to the web server).
	 *
	 * @param string $name File name.
	 */
	private static function encoded_name_pattern( string $name ): string {
		$pattern = '';
		foreach ( str_split( $name ) as $char ) {
			$codes    = array_unique( array( bin2hex( strtolower( $char ) ), bin2hex( strtoupper( $char ) ) ) );
			$pattern .= '(?:' . preg_quote( $char, '/' ) . '|%(?:' . implode( '|', $codes ) . '))';
		}
		return $pattern;
	}

	/**
	 * A jail using the filter: 20 posts in 10 minutes bans for a day. Loopback, the allowlist
	 * and the trusted proxies are in ignoreip, so the jail never bans what the gate lets in
	 * (Jetpack, the owner's apps) or the proxy every visitor arrives through.
	 *
	 * @param string[] $never Networks never to ban.
	 */
	private static function fail2ban_jail( array $never ): string {
		$ignore = array_values( array_unique( array_merge( array( '127.0.0.1/8', '::1' ), array_map( 'strval', $never ) ) ) );
		return "# XML-RPC Shield jail. Save as /etc/fail2ban/jail.d/xmlrpc-shield.local\n"
			. "#\n"
			. "# Behind a CDN or reverse proxy the access log shows the proxy's address, not the client's:\n"
			. "# this jail would ban the proxy, i.e. every visitor. Use it there only when the web server\n"
			. "# logs the real client (nginx: set_real_ip_from <proxy ranges> + real_ip_header, e.g.\n"
			. "# CF-Connecting-IP; Apache: mod_remoteip with RemoteIPTrustedProxy and %a in LogFormat),\n"
			. "# and then ban with an action that blocks at the CDN or in the web server (fail2ban's\n"
			. "# cloudflare or nginx-block-map actions): the client's packets come from the proxy, so a\n"
			. "# firewall ban of the client's address never matches. Otherwise leave the jail disabled.\n"
			. "# ignoreip holds loopback, the allowlist and the trusted proxies; export again after changing them.\n"
			. "[xmlrpc-shield]\n"
			. "enabled  = true\n"
			. "filter   = xmlrpc-shield\n"
			. "port     = http,https\n"
			. "logpath  = /var/log/apache2/*access.log\n"
			. "           /var/log/nginx/access.log\n"
			. 'ignoreip = ' . implode( "\n           ", $ignore ) . "\n"
			. "maxretry = 20\n"
			. "findtime = 600\n"
			. "bantime  = 86400\n";
	}

	/**
	 * Rows of the CSV that `cscli decisions import -i file.csv` reads (render() adds the header
	 * line); range scope for CIDRs.
	 *
	 * @param string[] $cidrs  Networks.
	 * @param string   $reason The decisions' reason.
	 */
	private static function crowdsec( array $cidrs, string $reason ): string {
		$out = '';
		foreach ( $cidrs as $cidr ) {
			$single = preg_match( '#/(32|128)$#', $cidr );
			$out   .= sprintf( "24h,%s,%s,ban,%s\n", $reason, $single ? 'ip' : 'range', $single ? preg_replace( '#/\d+$#', '', $cidr ) : $cidr );
		}
		return $out;
	}
}
