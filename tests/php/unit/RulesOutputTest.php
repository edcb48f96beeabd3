<?php
/**
 * Server rules and firewall exports, checked by the programs that will read them: Apache
 * and nginx config tests, nft -c, iptables-restore --test, fail2ban-regex, sh -n.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\unit;

use PHPUnit\Framework\TestCase;
use XmlrpcShield\Rules\FirewallExport;
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
		$many = HtaccessRules::render(
			'block',
			array_map(
				static function ( $i ) {
					return "192.0.2.{$i}/32";
				},
				range( 1, 20 )
			)
		);
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
		$rules              = implode( "\n", HtaccessRules::render( 'block', self::NETWORKS ) );
		$conf               = $this->file(
			'httpd.conf',
			"ServerRoot {$this->dir}\nPidFile {$this->dir}/httpd.pid\nListen 127.0.0.1:65001\nServerName localhost\n"
			. "LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so\n"
			. "LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so\n"
			. "LoadModule authz_host_module /usr/lib/apache2/modules/mod_authz_host.so\n"
			. "ErrorLog {$this->dir}/error.log\n<Directory {$this->dir}>\n{$rules}\n</Directory>\n"
		);
		list( $code, $out ) = $this->run_tool( 'apache2 -t -f ' . escapeshellarg( $conf ) );
		$this->assertSame( 0, $code, $out );
		$this->assertStringContainsString( 'Syntax OK', $out );
		// The check is real: a typo is refused.
		$broken = $this->file( 'broken.conf', str_replace( 'Require ip', 'Require ipp', (string) file_get_contents( $conf ) ) );
		$this->assertNotSame( 0, $this->run_tool( 'apache2 -t -f ' . escapeshellarg( $broken ) )[0] );
		// The FilesMatch pattern is compiled: a broken one is refused too.
		$bad_regex = $this->file( 'bad-regex.conf', str_replace( '(?i)^xmlrpc', '(?i^xmlrpc', (string) file_get_contents( $conf ) ) );
		$this->assertNotSame( 0, $this->run_tool( 'apache2 -t -f ' . escapeshellarg( $bad_regex ) )[0] );
	}

	public function test_nginx_accepts_the_snippet_in_a_server_block(): void {
		$snippet = NginxRules::render( 'block', self::NETWORKS );
		$this->assertStringContainsString( "\tallow 203.0.113.0/24;\n\tallow 198.51.100.7/32;\n\tallow 2a0b:f00:1::/64;\n\tdeny all;", $snippet );
		$this->assertStringContainsString( "location ~* ^/xmlrpc\\.php$ {\n", $snippet, 'case-insensitive, as /XMLRPC.PHP is the same file on some filesystems' );
		$this->assertStringContainsString( "location ~* ^/wp-trackback\\.php$ {\n\tdeny all;", $snippet );
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

	public function test_nftables_output_loads_in_a_dry_run(): void {
		$nft = FirewallExport::render( 'nftables', self::NETWORKS );
		$this->assertStringContainsString( 'elements = { 203.0.113.0/24, 198.51.100.7/32 }', $nft );
		list( $code, $out ) = $this->run_tool( 'nft -c -f ' . escapeshellarg( $this->file( 'rules.nft', $nft ) ) );
		$this->assertSame( 0, $code, $out );
		$this->assertSame( 0, $this->run_tool( 'nft -c -f ' . escapeshellarg( $this->file( 'empty.nft', FirewallExport::render( 'nftables', array() ) ) ) )[0], 'an empty list loads too' );
		$this->assertNotSame( 0, $this->run_tool( 'nft -c -f ' . escapeshellarg( $this->file( 'bad.nft', str_replace( 'ipv4_addr', 'ipv9_addr', $nft ) ) ) )[0] );
	}

	public function test_iptables_restore_files_pass_the_test_mode(): void {
		$v4 = FirewallExport::render( 'iptables-restore', self::NETWORKS );
		$v6 = FirewallExport::render( 'ip6tables-restore', self::NETWORKS );
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
			$script             = FirewallExport::render( $format, self::NETWORKS );
			list( $code, $out ) = $this->run_tool( 'sh -n ' . escapeshellarg( $this->file( "{$format}.sh", $script ) ) );
			$this->assertSame( 0, $code, $out );
		}
		$iptables = FirewallExport::render( 'iptables', self::NETWORKS );
		$this->assertStringContainsString( 'ip6tables -C INPUT -s 2a0b:f00:1::/64 ', $iptables );
		$this->assertStringContainsString( 'ipset add xmlrpc_shield_v6 2a0b:f00:1::/64 -exist', FirewallExport::render( 'ipset', self::NETWORKS ) );
	}

	public function test_fail2ban_filter_matches_xmlrpc_posts_in_apache_and_nginx_logs(): void {
		$filter             = $this->file( 'xmlrpc-shield.conf', FirewallExport::render( 'fail2ban-filter', array() ) );
		$lines              = array(
			// Apache combined, the seed's HTTP/1.0 flood.
			'203.0.113.9 - - [25/Nov/2026:04:30:00 +0000] "POST /xmlrpc.php HTTP/1.0" 200 370 "-" "Mozilla/5.0"',
			// Apache, blocked.
			'203.0.113.10 - - [25/Nov/2026:04:30:01 +0000] "POST /xmlrpc.php HTTP/1.1" 403 199 "-" "-"',
			// nginx combined (same shape; a query string and IPv6 client).
			'2a0b:f00:1::5 - - [25/Nov/2026:04:30:02 +0000] "POST /xmlrpc.php?rsd HTTP/2.0" 403 0 "-" "curl/8.5"',
		);
		$other              = array(
			'203.0.113.9 - - [25/Nov/2026:04:30:03 +0000] "GET /xmlrpc.php HTTP/1.1" 405 42 "-" "-"',
			'203.0.113.9 - - [25/Nov/2026:04:30:04 +0000] "POST /wp-login.php HTTP/1.1" 200 42 "-" "-"',
			'203.0.113.9 - - [25/Nov/2026:04:30:05 +0000] "POST /blog/xmlrpc.php.bak HTTP/1.1" 404 42 "-" "-"',
			'203.0.113.9 - - [25/Nov/2026:04:30:06 +0000] "GET /?q=POST%20/xmlrpc.php HTTP/1.1" 200 42 "-" "POST /xmlrpc.php HTTP/1.1"',
		);
		list( $code, $out ) = $this->run_tool( 'fail2ban-regex ' . escapeshellarg( $this->file( 'access.log', implode( "\n", array_merge( $lines, $other ) ) . "\n" ) ) . ' ' . escapeshellarg( $filter ) );
		$this->assertSame( 0, $code, $out );
		$this->assertMatchesRegularExpression( '/Lines: 7 lines, 0 ignored, 3 matched, 4 missed/', $out );
		$this->assertStringContainsString( 'xmlrpc-shield', FirewallExport::render( 'fail2ban-jail', array() ) );
	}

	public function test_cidr_list_and_crowdsec_csv(): void {
		$this->assertSame( implode( "\n", self::NETWORKS ) . "\n", FirewallExport::render( 'cidr', self::NETWORKS ) );
		$this->assertSame( '', FirewallExport::render( 'cidr', array() ) );
		$rows = array_map( 'str_getcsv', explode( "\n", trim( FirewallExport::render( 'crowdsec', self::NETWORKS ) ) ) );
		$this->assertSame( array( 'duration', 'reason', 'scope', 'type', 'value' ), $rows[0] );
		$this->assertSame( array( '24h', 'xmlrpc-shield', 'range', 'ban', '203.0.113.0/24' ), $rows[1] );
		$this->assertSame( array( '24h', 'xmlrpc-shield', 'ip', 'ban', '198.51.100.7' ), $rows[2] );
		$this->assertSame( 'range', $rows[3][2] );
	}
}
