<?php
/**
 * Server rules and firewall exports, checked by the programs that will read them: Apache
 * and nginx config tests, nft -c, iptables-restore --test, fail2ban-regex, sh -n.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\unit;

use PHPUnit\Framework\TestCase;
use XmlrpcShield\Rules\FirewallFormat;
use XmlrpcShield\Rules\HtaccessRules;
use XmlrpcShield\Rules\NginxRules;

final class RulesOutputTest extends TestCase {

	const NETWORKS = array( '203.0.113.0/24', '198.51.100.7/32', '2a0b:f00:1::/64' );

	/** @var string */
	private $dir = '';

	protected function setUp(): void {
		$this->dir = sys_get_temp_dir() . '/xs-rules-' . getmypid() . '-' . mt_rand();
		mkdir( $this->dir );
	}

	protected function tearDown(): void {
		exec( 'rm -rf ' . escapeshellarg( $this->dir ) );
	}

	/**
	 * Runs a command; returns [exit code, output].
	 *
	 * @return array{0:int,1:string}
	 */
	private function run_tool( string $command ): array {
		exec( $command . ' 2>&1', $output, $code );
		return array( $code, implode( "\n", $output ) );
	}

	private function file( string $name, string $contents ): string {
		$path = $this->dir . '/' . $name;
		file_put_contents( $path, $contents );
		return $path;
	}

	public function test_htaccess_block_denies_all_but_loopback_and_allowlist_in_block_mode_only(): void {
		$lines = HtaccessRules::render( 'block', array( '192.0.2.0/24', '2001:db8::/48' ) );
		$text  = implode( "\n", $lines );
		$this->assertStringContainsString( '<FilesMatch "(?i)^xmlrpc\\.php$">', $text, 'case-insensitive: /XMLRPC.PHP is the same file on some filesystems' );
		$this->assertStringContainsString( 'Require ip 127.0.0.1 ::1 192.0.2.0/24 2001:db8::/48', $text );
		$this->assertStringContainsString( "<IfModule !mod_authz_core.c>\n\t\tOrder Deny,Allow\n\t\tDeny from all\n\t\tAllow from 127.0.0.1 ::1 192.0.2.0/24 2001:db8::/48", $text );
		$this->assertStringContainsString( '<FilesMatch "(?i)^wp-trackback\\.php$">', $text );
		foreach ( array( 'pingback', 'monitor', 'off' ) as $mode ) {
			$this->assertSame( array(), HtaccessRules::render( $mode, array( '192.0.2.0/24' ) ), $mode );
		}
		$many = HtaccessRules::render( 'block', self::twenty_addresses() );
		$this->assertSame( 3, count( preg_grep( '/^\t\tRequire ip /', $many ) ), 'long allowlists wrap' );
	}

	public function test_without_loopback_or_allowlist_everyone_is_denied(): void {
		$text = implode( "\n", HtaccessRules::render( 'block', array(), array() ) );
		$this->assertStringContainsString( "<FilesMatch \"(?i)^xmlrpc\\.php$\">\n\t<IfModule mod_authz_core.c>\n\t\tRequire all denied", $text );
		$this->assertStringNotContainsString( 'Allow from', $text );
		$this->assertStringNotContainsString( 'Require ip', $text );
	}

	public function test_drift_detection_ignores_whitespace_only(): void {
		$desired = HtaccessRules::render( 'block', array( '192.0.2.0/24' ) );
		$this->assertTrue( HtaccessRules::matches( array_map( 'trim', $desired ), $desired ) );
		$edited    = $desired;
		$edited[3] = "\t\tRequire all granted";
		$this->assertFalse( HtaccessRules::matches( $edited, $desired ) );
		$this->assertFalse( HtaccessRules::matches( array(), $desired ) );
	}

	public function test_apache_accepts_the_block_in_a_directory_context(): void {
		$lines              = HtaccessRules::render( 'block', self::NETWORKS );
		list( $code, $out ) = $this->apache_check( $lines );
		$this->assertSame( 0, $code, $out );
		$this->assertStringContainsString( 'Syntax OK', $out );
		// The check is real: a typo is refused.
		$this->assertNotSame( 0, $this->apache_check( str_replace( 'Require ip', 'Require ipp', $lines ) )[0] );
		// The FilesMatch pattern is compiled: a broken one is refused too.
		$this->assertNotSame( 0, $this->apache_check( str_replace( '(?i)^xmlrpc', '(?i^xmlrpc', $lines ) )[0] );
	}

	public function test_nginx_accepts_the_snippet_in_a_server_block(): void {
		$snippet = NginxRules::render( 'block', self::NETWORKS );
		$this->assertStringContainsString( "\tallow 203.0.113.0/24;\n\tallow 198.51.100.7/32;\n\tallow 2a0b:f00:1::/64;\n\tdeny all;", $snippet );
		$this->assertStringContainsString( "location ~* ^/xmlrpc\\.php(/|$) {\n", $snippet, 'case-insensitive, as /XMLRPC.PHP is the same file on some filesystems' );
		$this->assertStringContainsString( "location ~* ^/wp-trackback\\.php(/|$) {\n\tdeny all;", $snippet );
		$this->file( 'snippet.conf', $snippet );
		// The snippet includes snippets/fastcgi-php.conf relative to nginx's config directory,
		// as on Debian; give this throwaway config the same neighbours.
		symlink( '/etc/nginx/snippets', $this->dir . '/snippets' );
		symlink( '/etc/nginx/fastcgi.conf', $this->dir . '/fastcgi.conf' );
		$conf               = $this->file(
			'nginx.conf',
			"pid {$this->dir}/nginx.pid;\nerror_log {$this->dir}/error.log;\nevents {}\nhttp {\n\taccess_log off;\n\tclient_body_temp_path {$this->dir};\n\tproxy_temp_path {$this->dir};\n\tfastcgi_temp_path {$this->dir};\n\tuwsgi_temp_path {$this->dir};\n\tscgi_temp_path {$this->dir};\n\tserver {\n\t\tlisten 127.0.0.1:65002;\n\t\troot {$this->dir};\n\t\tinclude {$this->dir}/snippet.conf;\n\t}\n}\n"
		);
		list( $code, $out ) = $this->run_tool( 'nginx -t -p /etc/nginx -c ' . escapeshellarg( $conf ) );
		$this->assertSame( 0, $code, $out );
		$this->assertStringContainsString( 'syntax is ok', $out );
		$this->file( 'snippet.conf', str_replace( 'deny all;', 'deny everyone;', $snippet ) );
		$this->assertNotSame( 0, $this->run_tool( 'nginx -t -p /etc/nginx -c ' . escapeshellarg( $conf ) )[0] );
	}

	public function test_every_mode_denies_the_data_folder_and_nginx_accepts_it(): void {
		symlink( '/etc/nginx/snippets', $this->dir . '/snippets' );
		symlink( '/etc/nginx/fastcgi.conf', $this->dir . '/fastcgi.conf' );
		foreach ( array( 'block', 'pingback', 'monitor', 'off' ) as $mode ) {
			$snippet = NginxRules::snippet( $mode, self::NETWORKS, NginxRules::DEFAULT_FASTCGI_PASS, '/blog/wp-content/xmlrpc-shield/' );
			$this->assertStringContainsString( "location ^~ /blog/wp-content/xmlrpc-shield/ {\n\tdeny all;\n}\n", $snippet, $mode );
			$this->file( 'snippet.conf', $snippet );
			$conf               = $this->file(
				'nginx.conf',
				"pid {$this->dir}/nginx.pid;\nerror_log {$this->dir}/error.log;\nevents {}\nhttp {\n\taccess_log off;\n\tclient_body_temp_path {$this->dir};\n\tproxy_temp_path {$this->dir};\n\tfastcgi_temp_path {$this->dir};\n\tuwsgi_temp_path {$this->dir};\n\tscgi_temp_path {$this->dir};\n\tserver {\n\t\tlisten 127.0.0.1:65002;\n\t\troot {$this->dir};\n\t\tinclude {$this->dir}/snippet.conf;\n\t\tlocation ~ \\.php$ { return 404; }\n\t}\n}\n"
			);
			list( $code, $out ) = $this->run_tool( 'nginx -t -p /etc/nginx -c ' . escapeshellarg( $conf ) );
			$this->assertSame( 0, $code, $mode . ': ' . $out );
		}
		$this->assertStringNotContainsString( 'location', NginxRules::data_deny( null ), 'a folder outside WordPress needs no rule' );
		$this->assertStringNotContainsString( 'location', NginxRules::data_deny( '/wp-content/my data/' ), 'a path nginx would need quoted is left to the owner' );
	}

	/**
	 * More allowlist entries than one `Require ip` line holds (192.0.2.1/32 to 192.0.2.20/32).
	 *
	 * @return string[]
	 */
	private static function twenty_addresses(): array {
		return array_map(
			static function ( $i ) {
				return "192.0.2.{$i}/32";
			},
			range( 1, 20 )
		);
	}

	/**
	 * Runs `apache2 -t` on a config holding the rules in a <Directory>; returns [exit code, output].
	 *
	 * @param string[] $lines Rules.
	 * @return array{0:int,1:string}
	 */
	private function apache_check( array $lines ): array {
		$conf = $this->file(
			'httpd.conf',
			"ServerRoot {$this->dir}\nPidFile {$this->dir}/httpd.pid\nListen 127.0.0.1:65001\nServerName localhost\n"
			. "LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so\n"
			. "LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so\n"
			. "LoadModule authz_host_module /usr/lib/apache2/modules/mod_authz_host.so\n"
			. "ErrorLog {$this->dir}/error.log\n<Directory {$this->dir}>\n" . implode( "\n", $lines ) . "\n</Directory>\n"
		);
		return $this->run_tool( 'apache2 -t -f ' . escapeshellarg( $conf ) );
	}

	/**
	 * Runs `nginx -t` on a server block including the snippet; returns [exit code, output].
	 *
	 * @return array{0:int,1:string}
	 */
	private function nginx_check( string $snippet ): array {
		if ( ! file_exists( $this->dir . '/snippets' ) ) {
			symlink( '/etc/nginx/snippets', $this->dir . '/snippets' );
			symlink( '/etc/nginx/fastcgi.conf', $this->dir . '/fastcgi.conf' );
		}
		$this->file( 'snippet.conf', $snippet );
		$conf = $this->file(
			'nginx.conf',
			"pid {$this->dir}/nginx.pid;\nerror_log {$this->dir}/error.log;\nevents {}\nhttp {\n\taccess_log off;\n\tclient_body_temp_path {$this->dir};\n\tproxy_temp_path {$this->dir};\n\tfastcgi_temp_path {$this->dir};\n\tuwsgi_temp_path {$this->dir};\n\tscgi_temp_path {$this->dir};\n\tserver {\n\t\tlisten 127.0.0.1:65002;\n\t\troot {$this->dir};\n\t\tinclude {$this->dir}/snippet.conf;\n\t}\n}\n"
		);
		return $this->run_tool( 'nginx -t -p /etc/nginx -c ' . escapeshellarg( $conf ) );
	}

	public function test_the_denylist_is_refused_by_apache_in_every_mode_but_off_and_wins_over_the_allowlist(): void {
		$denied = array( '203.0.113.7', '2a0b:f00:1::/64' );
		$block  = implode( "\n", HtaccessRules::render( 'block', array( '203.0.113.0/24' ), null, $denied ) );
		$this->assertStringContainsString( "\t\t<RequireAll>\n\t\t\tRequire ip 127.0.0.1 ::1 203.0.113.0/24\n\t\t\tRequire not ip 203.0.113.7 2a0b:f00:1::/64\n\t\t</RequireAll>", $block, 'allowed AND not denied: the deny wins' );
		$this->assertStringContainsString( "Order Allow,Deny\n\t\tAllow from 127.0.0.1 ::1 203.0.113.0/24\n\t\tDeny from 203.0.113.7 2a0b:f00:1::/64", $block, 'Apache 2.2: a Deny match refuses what an Allow matched' );
		$this->assertStringContainsString( 'wp-trackback', $block );
		foreach ( array( 'pingback', 'monitor' ) as $mode ) {
			$text = implode( "\n", HtaccessRules::render( $mode, array( '203.0.113.0/24' ), null, $denied ) );
			$this->assertStringContainsString( "\t\tAuthMerging And\n\t\t<RequireAll>\n\t\t\tRequire all granted\n\t\t\tRequire not ip 203.0.113.7 2a0b:f00:1::/64\n", $text, $mode . ': everyone but the denylist reaches PHP, and the site\'s own restrictions still apply' );
			$this->assertStringNotContainsString( 'Require ip', $text, $mode );
			$this->assertStringNotContainsString( 'wp-trackback', $text, $mode . ': PHP answers trackbacks in this mode, as before' );
			list( $code, $out ) = $this->apache_check( HtaccessRules::render( $mode, array(), null, $denied ) );
			$this->assertSame( 0, $code, $mode . ': ' . $out );
		}
		$this->assertSame( array(), HtaccessRules::render( 'off', array(), null, $denied ), 'off writes nothing' );
		$this->assertSame( HtaccessRules::render( 'block', array( '203.0.113.0/24' ) ), HtaccessRules::render( 'block', array( '203.0.113.0/24' ), null, array() ), 'an empty denylist keeps the lines earlier versions wrote (no false drift)' );
		list( $code, $out ) = $this->apache_check( explode( "\n", $block ) );
		$this->assertSame( 0, $code, $out );
		// More allowlist entries than one line holds: the Require ip lines stay an "any of".
		$many = HtaccessRules::render( 'block', self::twenty_addresses(), null, $denied );
		$text = implode( "\n", $many );
		$this->assertMatchesRegularExpression( '/<RequireAll>\n\t\t\t<RequireAny>\n(\t\t\t\tRequire ip [^\n]+\n){3}\t\t\t<\/RequireAny>\n\t\t\tRequire not ip /', $text );
		list( $code, $out ) = $this->apache_check( $many );
		$this->assertSame( 0, $code, $out );
		$this->assertNotSame( 0, $this->apache_check( explode( "\n", str_replace( 'Require not ip', 'Require nott ip', $block ) ) )[0], 'the check is real' );
	}

	public function test_the_denylist_comes_first_in_the_nginx_snippet_in_every_mode_but_off(): void {
		$denied  = array( '203.0.113.7', '2a0b:f00:1::/64' );
		$snippet = NginxRules::render( 'block', array( '203.0.113.0/24' ), NginxRules::DEFAULT_FASTCGI_PASS, $denied );
		$this->assertStringContainsString( "{\n\tdeny 203.0.113.7;\n\tdeny 2a0b:f00:1::/64;\n\tallow 127.0.0.1;\n\tallow ::1;\n\tallow 203.0.113.0/24;\n\tdeny all;\n", $snippet, 'first match wins: the deny lines stand before the allowlist' );
		list( $code, $out ) = $this->nginx_check( $snippet );
		$this->assertSame( 0, $code, $out );
		foreach ( array( 'pingback', 'monitor' ) as $mode ) {
			$snippet = NginxRules::snippet( $mode, array( '203.0.113.0/24' ), NginxRules::DEFAULT_FASTCGI_PASS, '/wp-content/xmlrpc-shield/', $denied );
			$this->assertStringContainsString( "location ~* ^/xmlrpc\\.php(/|$) {\n\tdeny 203.0.113.7;\n\tdeny 2a0b:f00:1::/64;\n\tinclude snippets/fastcgi-php.conf;\n", $snippet, $mode );
			$this->assertStringNotContainsString( 'allow', $snippet, $mode );
			$this->assertStringNotContainsString( 'deny all;' . "\n\tinclude", $snippet, $mode . ': only the denylist is refused' );
			list( $code, $out ) = $this->nginx_check( $snippet );
			$this->assertSame( 0, $code, $mode . ': ' . $out );
			$this->assertStringNotContainsString( 'location ~*', NginxRules::render( $mode, array(), NginxRules::DEFAULT_FASTCGI_PASS ), $mode . ': no denylist, no location' );
		}
		$this->assertStringNotContainsString( 'deny 203', NginxRules::render( 'off', array(), NginxRules::DEFAULT_FASTCGI_PASS, $denied ), 'off writes nothing' );
	}

	public function test_nftables_output_loads_in_a_dry_run(): void {
		$nft = FirewallFormat::render( 'nftables', self::NETWORKS );
		$this->assertStringContainsString( 'elements = { 203.0.113.0/24, 198.51.100.7/32 }', $nft );
		list( $code, $out ) = $this->run_tool( 'nft -c -f ' . escapeshellarg( $this->file( 'rules.nft', $nft ) ) );
		$this->assertSame( 0, $code, $out );
		$this->assertSame( 0, $this->run_tool( 'nft -c -f ' . escapeshellarg( $this->file( 'empty.nft', FirewallFormat::render( 'nftables', array() ) ) ) )[0], 'an empty list loads too' );
		$this->assertNotSame( 0, $this->run_tool( 'nft -c -f ' . escapeshellarg( $this->file( 'bad.nft', str_replace( 'ipv4_addr', 'ipv9_addr', $nft ) ) ) )[0] );
	}

	public function test_iptables_restore_files_pass_the_test_mode(): void {
		$v4 = FirewallFormat::render( 'iptables-restore', self::NETWORKS );
		$v6 = FirewallFormat::render( 'ip6tables-restore', self::NETWORKS );
		$this->assertStringContainsString( '-A XMLRPC_SHIELD -s 203.0.113.0/24 ', $v4 );
		$this->assertStringNotContainsString( '2a0b', $v4 );
		$this->assertStringContainsString( '-A XMLRPC_SHIELD -s 2a0b:f00:1::/64 ', $v6 );
		list( $code, $out ) = $this->run_tool( 'iptables-restore --test < ' . escapeshellarg( $this->file( 'rules.v4', $v4 ) ) );
		$this->assertSame( 0, $code, $out );
		list( $code, $out ) = $this->run_tool( 'ip6tables-restore --test < ' . escapeshellarg( $this->file( 'rules.v6', $v6 ) ) );
		$this->assertSame( 0, $code, $out );
		// The check is real: a bad protocol is refused (targets are not checked in test mode).
		$this->assertNotSame( 0, $this->run_tool( 'iptables-restore --test < ' . escapeshellarg( $this->file( 'bad.v4', str_replace( '-p tcp', '-p tcpx', $v4 ) ) ) )[0] );
	}

	public function test_shell_exports_are_valid_scripts(): void {
		foreach ( array( 'iptables', 'ipset' ) as $format ) {
			$script             = FirewallFormat::render( $format, self::NETWORKS );
			list( $code, $out ) = $this->run_tool( 'sh -n ' . escapeshellarg( $this->file( "{$format}.sh", $script ) ) );
			$this->assertSame( 0, $code, $out );
		}
		$iptables = FirewallFormat::render( 'iptables', self::NETWORKS );
		$this->assertStringContainsString( 'ip6tables -C INPUT -s 2a0b:f00:1::/64 ', $iptables );
		$this->assertStringContainsString( 'ipset add xmlrpc_shield_v6 2a0b:f00:1::/64 -exist', FirewallFormat::render( 'ipset', self::NETWORKS ) );
	}

	public function test_fail2ban_filter_matches_every_spelling_the_gate_sees_and_nothing_else(): void {
		$filter = $this->file( 'xmlrpc-shield.conf', FirewallFormat::render( 'fail2ban-filter', array() ) );
		$time   = '[25/Nov/2026:04:30:00 +0000]';
		$gated  = array(
			// Apache combined, the seed's HTTP/1.0 flood; a blocked one.
			'"POST /xmlrpc.php HTTP/1.0" 200 370 "-" "Mozilla/5.0"',
			'"POST /xmlrpc.php HTTP/1.1" 403 199 "-" "-"',
			// A query string, HTTP/2.
			'"POST /xmlrpc.php?rsd HTTP/2.0" 403 0 "-" "curl/8.5"',
			// Spellings the web server still maps to xmlrpc.php.
			'"POST //xmlrpc.php HTTP/1.1" 403 0 "-" "-"',
			'"POST /xmlrpc.php/ HTTP/1.1" 403 0 "-" "-"',
			'"POST /xmlrpc.php/anything?x=1 HTTP/1.1" 403 0 "-" "-"',
			'"POST /%78mlrpc.php HTTP/1.1" 403 0 "-" "-"',
			'"POST /%78%4D%6c%72%70%63%2E%70%68%70 HTTP/1.1" 403 0 "-" "-"',
			'"POST /XMLRPC.PHP HTTP/1.1" 403 0 "-" "-"',
			'"POST /./xmlrpc.php HTTP/1.1" 403 0 "-" "-"',
			'"POST http://example.com/xmlrpc.php HTTP/1.1" 403 0 "-" "-"',
			// Sub-directory installs and multisite sub-sites.
			'"POST /site2/xmlrpc.php HTTP/1.1" 403 0 "-" "-"',
			'"POST /wordpress/xmlrpc.php HTTP/1.1" 403 0 "-" "-"',
			// Trackbacks, the other gated script.
			'"POST /wp-trackback.php?p=1 HTTP/1.1" 403 0 "-" "-"',
			'"POST /site2/WP-TRACKBACK.PHP HTTP/1.1" 403 0 "-" "-"',
		);
		$other  = array(
			'"GET /xmlrpc.php HTTP/1.1" 405 42 "-" "-"',
			'"POST /wp-login.php HTTP/1.1" 200 42 "-" "-"',
			'"POST /blog/xmlrpc.php.bak HTTP/1.1" 404 42 "-" "-"',
			'"POST /xmlrpc.phps HTTP/1.1" 404 42 "-" "-"',
			'"POST /blog/xmlrpc-notes/ HTTP/1.1" 404 42 "-" "-"',
			'"POST /?q=/xmlrpc.php HTTP/1.1" 200 42 "-" "-"',
			'"GET /?q=POST%20/xmlrpc.php HTTP/1.1" 200 42 "-" "POST /xmlrpc.php HTTP/1.1"',
		);
		$lines  = array();
		foreach ( array_merge( $gated, $other ) as $i => $request ) {
			// IPv4 and IPv6 clients; one line in Apache's vhost_combined format.
			$host    = 0 === $i % 2 ? '203.0.113.' . ( $i + 1 ) : '2a0b:f00:1::' . dechex( $i + 1 );
			$lines[] = ( 5 === $i ? 'example.com:443 ' : '' ) . $host . ' - - ' . $time . ' ' . $request;
		}
		$log = $this->file( 'access.log', implode( "\n", $lines ) . "\n" );
		list( $code, $out ) = $this->run_tool( 'fail2ban-regex --print-all-matched --print-all-missed ' . escapeshellarg( $log ) . ' ' . escapeshellarg( $filter ) );
		$this->assertSame( 0, $code, $out );
		$this->assertMatchesRegularExpression( sprintf( '/Lines: %d lines, 0 ignored, %d matched, %d missed/', count( $lines ), count( $gated ), count( $other ) ), $out );
		// Each gated line among the matched, each other line among the missed.
		list( $matched, $missed ) = explode( 'Missed line(s):', $out ) + array( '', '' );
		foreach ( $gated as $request ) {
			$this->assertStringContainsString( $request, $matched );
		}
		foreach ( $other as $request ) {
			$this->assertStringContainsString( $request, $missed );
		}
	}

	public function test_fail2ban_jail_never_bans_loopback_the_allowlist_or_trusted_proxies(): void {
		// fail2ban's own parser reads the jail beside a copy of the system's configuration.
		exec( 'cp -r /etc/fail2ban ' . escapeshellarg( $this->dir . '/f2b' ) );
		file_put_contents( $this->dir . '/f2b/filter.d/xmlrpc-shield.conf', FirewallFormat::render( 'fail2ban-filter', array() ) );
		$jail = FirewallFormat::render( 'fail2ban-jail', self::NETWORKS, array( '192.0.2.0/24', '2001:db8::/48', '198.51.100.0/24' ) );
		$this->assertStringContainsString( 'real_ip_header', $jail, 'the jail says how to use it behind a CDN' );
		$this->file( 'access.log', '' );
		file_put_contents( $this->dir . '/f2b/jail.d/xmlrpc-shield.local', (string) preg_replace( '#^logpath .*\n\s+\S+\n#m', "logpath  = {$this->dir}/access.log\n", $jail ) );
		list( $code, $out ) = $this->run_tool( 'fail2ban-client -c ' . escapeshellarg( $this->dir . '/f2b' ) . ' -d' );
		$this->assertSame( 0, $code, $out );
		$this->assertStringContainsString( "['set', 'xmlrpc-shield', 'addignoreip', '127.0.0.1/8', '::1', '192.0.2.0/24', '2001:db8::/48', '198.51.100.0/24']", $out );
		$this->assertStringContainsString( "['set', 'xmlrpc-shield', 'addlogpath', '{$this->dir}/access.log', 'head']", $out );
	}

	public function test_the_owners_denylist_comes_first_marked_and_every_format_still_loads(): void {
		// A denied range overlapping a flood network: its own nftables set, so no interval clash.
		$denied = array( '203.0.113.0/25', '2a0b:f00:9::/48' );
		$nft    = FirewallFormat::render( 'nftables', self::NETWORKS, array(), $denied );
		$this->assertStringContainsString( "set denied_v4 {\n\t\ttype ipv4_addr\n\t\tflags interval\n\t\telements = { 203.0.113.0/25 }", $nft );
		$this->assertStringContainsString( "ip saddr @denied_v4 tcp dport { 80, 443 } drop\n", $nft );
		$this->assertStringContainsString( 'elements = { 203.0.113.0/24, 198.51.100.7/32 }', $nft, 'the flood\'s set as before' );
		list( $code, $out ) = $this->run_tool( 'nft -c -f ' . escapeshellarg( $this->file( 'denied.nft', $nft ) ) );
		$this->assertSame( 0, $code, $out );

		$v4 = FirewallFormat::render( 'iptables-restore', self::NETWORKS, array(), $denied );
		$this->assertStringContainsString( FirewallFormat::DENYLIST_COMMENT . "\n-A XMLRPC_SHIELD -s 203.0.113.0/25 ", $v4 );
		$this->assertLessThan( strpos( $v4, FirewallFormat::FLOOD_COMMENT ), strpos( $v4, FirewallFormat::DENYLIST_COMMENT ) );
		$this->assertStringNotContainsString( '2a0b:f00:9', $v4 );
		list( $code, $out ) = $this->run_tool( 'iptables-restore --test < ' . escapeshellarg( $this->file( 'denied.v4', $v4 ) ) );
		$this->assertSame( 0, $code, $out );
		$v6 = FirewallFormat::render( 'ip6tables-restore', self::NETWORKS, array(), $denied );
		$this->assertStringContainsString( FirewallFormat::DENYLIST_COMMENT . "\n-A XMLRPC_SHIELD -s 2a0b:f00:9::/48 ", $v6 );
		list( $code, $out ) = $this->run_tool( 'ip6tables-restore --test < ' . escapeshellarg( $this->file( 'denied.v6', $v6 ) ) );
		$this->assertSame( 0, $code, $out );

		foreach ( array( 'iptables', 'ipset' ) as $format ) {
			$script = FirewallFormat::render( $format, self::NETWORKS, array(), $denied );
			$this->assertStringContainsString( FirewallFormat::DENYLIST_COMMENT, $script, $format );
			$this->assertStringContainsString( '203.0.113.0/25', $script, $format );
			list( $code, $out ) = $this->run_tool( 'sh -n ' . escapeshellarg( $this->file( "denied-{$format}.sh", $script ) ) );
			$this->assertSame( 0, $code, $out );
		}

		$rows = array_map( 'str_getcsv', explode( "\n", trim( FirewallFormat::render( 'crowdsec', self::NETWORKS, array(), $denied ) ) ) );
		$this->assertSame( array( 'duration', 'reason', 'scope', 'type', 'value' ), $rows[0] );
		$this->assertSame( array( '24h', 'xmlrpc-shield-denylist', 'range', 'ban', '203.0.113.0/25' ), $rows[1] );
		$this->assertSame( array( '24h', 'xmlrpc-shield', 'range', 'ban', '203.0.113.0/24' ), $rows[3] );

		$this->assertSame( FirewallFormat::DENYLIST_COMMENT . "\n203.0.113.0/25\n2a0b:f00:9::/48\n", FirewallFormat::render( 'cidr', array(), array(), $denied ), 'a denylist alone' );
		$this->assertSame( FirewallFormat::render( 'nftables', self::NETWORKS ), FirewallFormat::render( 'nftables', self::NETWORKS, array(), array() ), 'no denylist: as before' );
	}

	public function test_cidr_list_and_crowdsec_csv(): void {
		$this->assertSame( implode( "\n", self::NETWORKS ) . "\n", FirewallFormat::render( 'cidr', self::NETWORKS ) );
		$this->assertSame( '', FirewallFormat::render( 'cidr', array() ) );
		$rows = array_map( 'str_getcsv', explode( "\n", trim( FirewallFormat::render( 'crowdsec', self::NETWORKS ) ) ) );
		$this->assertSame( array( 'duration', 'reason', 'scope', 'type', 'value' ), $rows[0] );
		$this->assertSame( array( '24h', 'xmlrpc-shield', 'range', 'ban', '203.0.113.0/24' ), $rows[1] );
		$this->assertSame( array( '24h', 'xmlrpc-shield', 'ip', 'ban', '198.51.100.7' ), $rows[2] );
		$this->assertSame( 'range', $rows[3][2] );
	}
}
