<?php
/**
 * `wp xmlrpc-shield` through the real WP-CLI (vendor/bin/wp, 2.11) against the test site:
 * every subcommand's output, exit code and effect on the site.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Allowlist;
use XmlrpcShield\Gate\Cidr;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Log\HitTable;
use XmlrpcShield\Settings;
use XmlrpcShield\TrustedProxyList;

final class CliCommandTest extends IntegrationTestCase {

	/**
	 * Runs `wp xmlrpc-shield ...` (or `wp help xmlrpc-shield ...` when the first word is help).
	 *
	 * @param string ...$args Arguments.
	 * @return array{code:int, out:string, err:string}
	 */
	private static function wp( string ...$args ): array {
		return self::wp_cli( array_merge( 'help' === ( $args[0] ?? '' ) ? array() : array( 'xmlrpc-shield' ), $args ) );
	}

	/**
	 * Sends blocked pingbacks as other clients (loopback trusted as a proxy).
	 */
	private static function flood( string $ip, int $count ): void {
		Settings::update( array( 'trusted_proxies' => array( '127.0.0.1/32' ) ) );
		for ( $i = 0; $i < $count; $i++ ) {
			self::assertSame( 403, self::post_xmlrpc( self::PINGBACK_BODY, array( 'X-Forwarded-For' => $ip ) )['status'] );
		}
	}

	public function test_status_reports_mode_hits_and_allowlist(): void {
		self::flood( '203.0.113.7', 3 );
		Allowlist::add( '192.0.2.0/24', 'Office' );
		$json = self::wp( 'status', '--format=json' );
		$this->assertSame( 0, $json['code'], $json['err'] );
		$status = json_decode( $json['out'], true );
		$this->assertSame( 'block', $status['mode'] );
		$this->assertSame( 3, $status['blocked_24h'], 'status folds the spool in first' );
		$this->assertSame( 1, $status['allowlist_count'] );
		$this->assertSame( 'not installed', $status['early_gate'] );
		$table = self::wp( 'status' );
		// Not a terminal: WP-CLI prints tables as tab-separated lines.
		$this->assertMatchesRegularExpression( '/^blocked_24h\s+3$/m', $table['out'] );
	}

	public function test_status_says_whether_signed_jetpack_calls_pass(): void {
		$this->assertSame( 'not connected', json_decode( self::wp( 'status', '--format=json' )['out'], true )['jetpack'] );
		update_option( 'jetpack_options', array( 'id' => 123 ) );
		update_option( 'jetpack_private_options', array( 'blog_token' => 'key.secret' ) );
		$table = self::wp( 'status' );
		delete_option( 'jetpack_options' );
		delete_option( 'jetpack_private_options' );
		$this->assertMatchesRegularExpression( '/jetpack[\s|]+signed requests pass \(connected\)/', $table['out'] );
	}

	public function test_disable_lets_xmlrpc_through_and_enable_blocks_again(): void {
		$off = self::wp( 'disable' );
		$this->assertSame( 0, $off['code'] );
		$this->assertStringContainsString( 'Success: XML-RPC Shield is off.', $off['out'] );
		$hello = self::post_xmlrpc( '<?xml version="1.0"?><methodCall><methodName>demo.sayHello</methodName></methodCall>' );
		$this->assertSame( 200, $hello['status'], $hello['body'] );
		$this->assertStringContainsString( '<string>Hello!</string>', $hello['body'] );

		$on = self::wp( 'enable' );
		$this->assertStringContainsString( 'Success: XML-RPC Shield is on in "block" mode.', $on['out'] );
		$this->assertSame( 403, self::post_xmlrpc( '<?xml version="1.0"?><methodCall><methodName>demo.sayHello</methodName></methodCall>' )['status'] );
	}

	public function test_enable_restores_the_last_mode_that_was_not_off(): void {
		$this->assertSame( 0, self::wp( 'mode', 'pingback' )['code'] );
		self::wp( 'disable' );
		$this->assertSame( Decider::MODE_OFF, Settings::mode() );
		$on = self::wp( 'enable' );
		$this->assertStringContainsString( '"pingback"', $on['out'] );
		$this->assertSame( Decider::MODE_PINGBACK, Settings::mode() );
		$this->assertSame( "pingback\n", self::wp( 'mode' )['out'] );
	}

	public function test_an_unknown_mode_is_an_error_and_changes_nothing(): void {
		$bad = self::wp( 'mode', 'everything' );
		$this->assertSame( 1, $bad['code'] );
		$this->assertStringContainsString( 'Error: Mode must be one of: block, pingback, monitor, off.', $bad['err'] );
		$this->assertSame( Decider::MODE_BLOCK, Settings::mode() );
	}

	public function test_allow_add_list_remove(): void {
		$bad = self::wp( 'allow', 'add', '10.0.0.0/33' );
		$this->assertSame( 1, $bad['code'] );
		$this->assertStringContainsString( 'Error: ', $bad['err'] );
		$this->assertStringContainsString( '/33', $bad['err'] );
		$this->assertSame( array(), Allowlist::entries(), 'nothing saved' );

		$add = self::wp( 'allow', 'add', '198.51.100.0/24', '--label=Build servers' );
		$this->assertSame( 0, $add['code'], $add['err'] );
		$this->assertStringContainsString( 'Success:', $add['out'] );
		$this->assertSame( 1, self::wp( 'allow', 'add', '198.51.100.0/24' )['code'], 'duplicate' );

		$json = json_decode( self::wp( 'allow', 'list', '--format=json' )['out'], true );
		$this->assertSame( '198.51.100.0/24', $json[0]['cidr'] );
		$this->assertSame( 'Build servers', $json[0]['label'] );
		$csv = self::wp( 'allow', 'list', '--format=csv' )['out'];
		$this->assertStringContainsString( '198.51.100.0/24,"Build servers"', $csv );
		$this->assertStringContainsString( '198.51.100.0/24', self::wp( 'allow', 'list' )['out'] );

		$remove = self::wp( 'allow', 'remove', '198.51.100.0/24' );
		$this->assertSame( 0, $remove['code'] );
		$this->assertSame( array(), Allowlist::entries() );
		$this->assertSame( 1, self::wp( 'allow', 'remove', '198.51.100.0/24' )['code'] );
	}

	public function test_allow_preset_server_adds_only_the_servers_own_addresses(): void {
		$preset = self::wp( 'allow', 'preset', 'server' );
		$this->assertSame( 0, $preset['code'], $preset['err'] );
		$cidrs = array_column( Allowlist::entries(), 'cidr' );
		$this->assertStringContainsString( sprintf( 'Success: Added %d entries.', count( $cidrs ) ), $preset['out'] );
		// WP-CLI has no request, so no SERVER_ADDR: the host's interfaces name the server.
		$this->assertEqualsCanonicalizing( Allowlist::server_addresses(), $cidrs );
		$this->assertNotEmpty( $cidrs );
		foreach ( $cidrs as $cidr ) {
			$this->assertTrue( Cidr::parse( $cidr )->is_single_address(), $cidr );
		}
		$this->assertSame( 0, self::wp( 'allow', 'preset', 'server-network' )['code'] );
		$this->assertEqualsCanonicalizing( array_merge( $cidrs, Allowlist::server_networks() ), array_column( Allowlist::entries(), 'cidr' ) );
		$this->assertStringContainsString( 'Docker', self::wp( 'help', 'xmlrpc-shield', 'allow', 'preset' )['out'], 'the help explains the risk' );
	}

	public function test_proxy_add_list_remove_and_everyone_refused(): void {
		foreach ( array( '0.0.0.0/0', '::/0', '10.0.0.0/7' ) as $everyone ) {
			$bad = self::wp( 'proxy', 'add', $everyone );
			$this->assertSame( 1, $bad['code'], $everyone );
			$this->assertMatchesRegularExpression( '/^Error: .*(covers every address|too broad)/m', $bad['err'], $everyone );
			$this->assertSame( array(), TrustedProxyList::cidrs(), 'nothing saved' );
		}
		$add = self::wp( 'proxy', 'add', '10.1.0.0/16' );
		$this->assertSame( 0, $add['code'], $add['err'] );
		$this->assertStringContainsString( 'Success: Trusted 10.1.0.0/16.', $add['out'] );
		$this->assertSame( 0, self::wp( 'proxy', 'preset', 'cloudflare' )['code'] );
		$list = json_decode( self::wp( 'proxy', 'list', '--format=json' )['out'], true );
		$this->assertSame(
			array(
				'cidr'   => '10.1.0.0/16',
				'header' => 'x-forwarded-for',
			),
			$list[0]
		);
		$this->assertSame( array( 'cf-connecting-ip' ), array_values( array_unique( array_column( array_slice( $list, 1 ), 'header' ) ) ) );
		$this->assertSame( 1, self::wp( 'proxy', 'preset', 'akamai' )['code'] );
		$this->assertSame( 0, self::wp( 'proxy', 'remove', '10.1.0.0/16' )['code'] );
		$this->assertNotContains( '10.1.0.0/16', TrustedProxyList::cidrs() );
		$this->assertSame( 1, self::wp( 'proxy', 'remove', '10.1.0.0/16' )['code'] );
	}

	public function test_allowlisted_client_passes_after_cli_add(): void {
		self::flood( '203.0.113.9', 1 );
		self::wp( 'allow', 'add', '203.0.113.0/24' );
		$this->assertNotSame( 403, self::post_xmlrpc( self::PINGBACK_BODY, array( 'X-Forwarded-For' => '203.0.113.9' ) )['status'] );
	}

	public function test_stats_groups_and_validates(): void {
		self::flood( '203.0.113.7', 2 );
		self::flood( '203.0.113.8', 3 );
		$subnets = json_decode( self::wp( 'stats', '--range=24h', '--by=subnet', '--format=json' )['out'], true );
		$this->assertSame( '203.0.113.0/24', $subnets[0]['subnet'] );
		$this->assertSame( 5, (int) $subnets[0]['hits'] );
		$ips = json_decode( self::wp( 'stats', '--by=ip', '--format=json' )['out'], true );
		$this->assertSame( array( '203.0.113.8', '203.0.113.7' ), array_column( $ips, 'ip' ) );
		$bad = self::wp( 'stats', '--by=password' );
		$this->assertSame( 1, $bad['code'] );
		$this->assertSame( 1, self::wp( 'stats', '--range=2d' )['code'] );
	}

	public function test_log_filters_and_validates(): void {
		self::flood( '203.0.113.7', 2 );
		self::flood( '198.51.100.4', 1 );
		$rows = json_decode( self::wp( 'log', '--ip=203.0.113.7', '--format=json' )['out'], true );
		$this->assertCount( 1, $rows );
		$this->assertSame( 2, (int) $rows[0]['hits'] );
		$this->assertSame( 'pingback.ping', $rows[0]['method'] );
		$csv = self::wp( 'log', '--format=csv', '--limit=5', '--since=1 hour ago' )['out'];
		$this->assertStringStartsWith( 'time,ip,method,outcome,hits,user_agent', $csv );
		$this->assertSame( 3, substr_count( trim( $csv ), "\n" ) + 1, 'header and two rows' );
		$this->assertSame( 1, self::wp( 'log', '--ip=not-an-ip' )['code'] );
		$this->assertSame( 1, self::wp( 'log', '--since=the day after never' )['code'] );
		$this->assertSame( 1, self::wp( 'log', '--limit=0' )['code'] );
	}

	public function test_log_and_stats_print_no_control_bytes_and_csv_has_no_formulas(): void {
		Settings::update( array( 'trusted_proxies' => array( '127.0.0.1/32' ) ) );
		$agents = array(
			'203.0.113.21' => "raw CSI \x9b2J and ESC \x1b]0;pwned\x07",
			'203.0.113.22' => "UTF-8 CSI \xc2\x9b31m",
			'203.0.113.23' => '=HYPERLINK("http://attacker.example","x")',
			'203.0.113.24' => '+1+cmd|\' /C calc\'!A0',
			'203.0.113.25' => '-2+3',
			'203.0.113.26' => '@SUM(1+1)',
		);
		foreach ( $agents as $ip => $agent ) {
			$this->assertSame( 403, self::post_xmlrpc( self::PINGBACK_BODY, array( 'X-Forwarded-For' => $ip, 'User-Agent' => $agent ) )['status'] );
		}
		// A row stored by anything else (an older version, a database tool) with a raw ESC.
		global $wpdb;
		$wpdb->insert( HitTable::name(), array( 'bucket' => time() - ( time() % 60 ), 'ip' => '203.0.113.27', 'subnet' => '203.0.113.0/24', 'method' => "evil\x1b[8m", 'outcome' => 'blocked', 'hits' => 1, 'user_agent' => "ESC \x1b[2J stored" ) ); // phpcs:ignore
		$table   = self::wp( 'log', '--limit=50' );
		$this->assertSame( 0, $table['code'], $table['err'] );
		$this->assertStringContainsString( '\u009b2J', $table['out'], 'the raw 0x9B arrives as U+009B and is shown escaped' );
		$this->assertStringContainsString( '\u001b[2J stored', $table['out'] );
		$this->assertStringContainsString( 'evil\u001b[8m', $table['out'] );
		$this->assertStringNotContainsString( "\x1b", $table['out'] );
		$this->assertStringNotContainsString( "\x9b", $table['out'] );
		$stats = self::wp( 'stats', '--by=method' );
		$this->assertStringContainsString( 'evil\u001b[8m', $stats['out'] );
		$this->assertStringNotContainsString( "\x1b", $stats['out'] );
		$csv = self::wp( 'log', '--limit=50', '--format=csv' );
		$this->assertStringNotContainsString( "\x1b", $csv['out'] );
		$this->assertStringNotContainsString( "\x9b", $csv['out'] );
		$cells = array();
		foreach ( array_slice( explode( "\n", trim( $csv['out'] ) ), 1 ) as $line ) {
			$row                    = str_getcsv( $line );
			$cells[ (string) $row[1] ] = (string) $row[5];
		}
		$this->assertSame( '\'=HYPERLINK("http://attacker.example","x")', $cells['203.0.113.23'] );
		$this->assertSame( '\'+1+cmd|\' /C calc\'!A0', $cells['203.0.113.24'] );
		$this->assertSame( "'-2+3", $cells['203.0.113.25'] );
		$this->assertSame( "'@SUM(1+1)", $cells['203.0.113.26'] );
		foreach ( $cells as $cell ) {
			$this->assertNotContains( $cell[0], array( '=', '+', '-', '@', "\t", "\r" ) );
		}
		// JSON stays exact: the stored values, escaped only by JSON itself.
		$json = array_column( json_decode( self::wp( 'log', '--limit=50', '--format=json' )['out'], true ), 'user_agent', 'ip' );
		$this->assertSame( "raw CSI \u{9b}2J and ESC  ]0;pwned ", $json['203.0.113.21'] );
		$this->assertSame( "ESC \x1b[2J stored", $json['203.0.113.27'] );
		$this->assertSame( '=HYPERLINK("http://attacker.example","x")', $json['203.0.113.23'] );
	}

	public function test_prune_removes_old_rows_only(): void {
		global $wpdb;
		$now = time() - ( time() % 60 );
		HitTable::add_counts(
			array(
				array(
					'bucket'     => $now - 3 * DAY_IN_SECONDS,
					'ip'         => '203.0.113.1',
					'subnet'     => '203.0.113.0/24',
					'method'     => 'pingback.ping',
					'outcome'    => 'blocked',
					'hits'       => 4,
					'user_agent' => '',
				),
				array(
					'bucket'     => $now - 60,
					'ip'         => '203.0.113.2',
					'subnet'     => '203.0.113.0/24',
					'method'     => 'pingback.ping',
					'outcome'    => 'blocked',
					'hits'       => 1,
					'user_agent' => '',
				),
			)
		);
		$this->assertSame( 1, self::wp( 'prune', '--older-than=soon' )['code'] );
		$this->assertSame( 2, (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . HitTable::name() ) ); // phpcs:ignore WordPress.DB
		$prune = self::wp( 'prune', '--older-than=1d' );
		$this->assertSame( 0, $prune['code'], $prune['err'] );
		$this->assertStringContainsString( 'Success:', $prune['out'] );
		$this->assertSame( array( '203.0.113.2' ), $wpdb->get_col( 'SELECT ip FROM ' . HitTable::name() ) ); // phpcs:ignore WordPress.DB
	}

	public function test_ingest_folds_the_spool_in(): void {
		self::flood( '203.0.113.7', 4 );
		$ingest = self::wp( 'ingest' );
		$this->assertSame( 0, $ingest['code'] );
		$this->assertStringContainsString( 'Ingested 4 hits', $ingest['out'] );
		$this->assertStringContainsString( 'Ingested 0 hits', self::wp( 'ingest' )['out'] );
	}

	public function test_early_gate_install_status_uninstall(): void {
		$install = self::wp( 'early-gate', 'install', '--method=mu-plugin' );
		$this->assertSame( 0, $install['code'], $install['out'] . $install['err'] );
		$this->assertStringContainsString( 'mu-plugin', self::wp( 'early-gate', 'status' )['out'] );
		$this->assertFileExists( WP_CONTENT_DIR . '/mu-plugins/xmlrpc-shield-early-gate.php' );
		$this->assertSame( 'early-gate', self::post_xmlrpc( self::PINGBACK_BODY )['headers']['x-xmlrpc-shield'] ?? '' );
		$this->assertSame( 1, self::wp( 'early-gate', 'install', '--method=carrier-pigeon' )['code'] );
		$uninstall = self::wp( 'early-gate', 'remove' );
		$this->assertSame( 0, $uninstall['code'] );
		$this->assertFileDoesNotExist( WP_CONTENT_DIR . '/mu-plugins/xmlrpc-shield-early-gate.php' );
		$this->assertSame( 'plugin', self::post_xmlrpc( self::PINGBACK_BODY )['headers']['x-xmlrpc-shield'] ?? '' );
	}

	public function test_export_and_rules(): void {
		self::flood( '100.128.7.7', 3 );
		// Special-purpose sources (carrier-grade NAT, documentation, 6to4) are never suggested.
		self::flood( '100.64.9.9', 3 );
		self::flood( '203.0.113.7', 3 );
		self::flood( '2002:c000:204::1', 3 );
		$cidr = self::wp( 'export', '--threshold=3' );
		$this->assertSame( 0, $cidr['code'], $cidr['err'] );
		$this->assertSame( "100.128.7.0/24\n", $cidr['out'] );
		$nft = self::wp( 'export', '--format=nftables', '--threshold=3' );
		$this->assertStringContainsString( 'elements = { 100.128.7.0/24 }', $nft['out'] );
		$none = self::wp( 'export', '--threshold=4' );
		$this->assertSame( '', $none['out'] );
		$this->assertStringContainsString( 'Warning: No network reached the threshold', $none['err'] );
		$this->assertSame( 1, self::wp( 'export', '--format=pf' )['code'] );
		$this->assertSame( 1, self::wp( 'export', '--threshold=0' )['code'] );

		$this->assertStringContainsString( 'location ~* ^/xmlrpc\\.php(/|$) {', self::wp( 'rules', 'nginx' )['out'] );
		$this->assertSame( 1, self::wp( 'rules', 'nginx', '--fastcgi-pass=; rm -rf /' )['code'] );
		$this->assertSame( 1, self::wp( 'rules', 'write' )['code'], 'WP-CLI cannot see the web server: refuses without --force' );
		$write = self::wp( 'rules', 'write', '--force' );
		$this->assertSame( 0, $write['code'], $write['err'] );
		$this->assertStringContainsString( '<FilesMatch "(?i)^xmlrpc\\.php$">', (string) file_get_contents( ABSPATH . '.htaccess' ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		$this->assertStringContainsString( 'installed: yes', self::wp( 'rules', 'status' )['out'] );
		$this->assertSame( 0, self::wp( 'rules', 'remove' )['code'] );
		$this->assertStringNotContainsString( 'XML-RPC Shield', (string) @file_get_contents( ABSPATH . '.htaccess' ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions,WordPress.PHP.NoSilencedErrors
	}

	public function test_autopilot_off_and_status_in_the_rest_shape(): void {
		$off = self::wp( 'autopilot', 'off' );
		$this->assertSame( 0, $off['code'], $off['err'] );
		$this->assertStringContainsString( 'will not install the early gate by itself', $off['out'] );
		$json = self::wp( 'autopilot', 'status', '--format=json' );
		$this->assertSame( 0, $json['code'], $json['err'] );
		$lines  = explode( "\n", trim( $json['out'] ) );
		$status = json_decode( (string) end( $lines ), true );
		$this->assertSame( array( 'enabled', 'state', 'layer', 'next_attempt_at', 'events' ), array_keys( $status ) );
		$this->assertFalse( $status['enabled'] );
		$this->assertSame( 'off', $status['state'] );
		$this->assertSame( 'disabled', $status['events'][0]['kind'] );
		$table = self::wp( 'autopilot', 'status' );
		$this->assertStringContainsString( 'autopilot: off', $table['out'] );
		$this->assertStringContainsString( 'disabled', $table['out'] );
	}

	public function test_help_documents_every_subcommand(): void {
		$subcommands = array(
			array( 'status', '--format' ),
			array( 'enable', 'EXAMPLES' ),
			array( 'disable', 'EXAMPLES' ),
			array( 'mode', '<mode>' ),
			array( 'stats', '--range' ),
			array( 'log', '--since' ),
			array( 'prune', '--older-than' ),
			array( 'ingest', 'EXAMPLES' ),
			array( 'allow add', '--label' ),
			array( 'allow remove', '<range>' ),
			array( 'allow list', '--format' ),
			array( 'allow preset', 'jetpack' ),
			array( 'proxy add', '<range>' ),
			array( 'proxy remove', '<range>' ),
			array( 'proxy list', '--format' ),
			array( 'proxy preset', 'cloudflare' ),
			array( 'early-gate install', '--method' ),
			array( 'early-gate remove', 'EXAMPLES' ),
			array( 'early-gate status', 'EXAMPLES' ),
			array( 'autopilot on', 'EXAMPLES' ),
			array( 'autopilot off', 'removed' ),
			array( 'autopilot status', '--format' ),
			array( 'export', '--threshold' ),
			array( 'rules write', '--force' ),
			array( 'rules nginx', '--fastcgi-pass' ),
			array( 'rules status', 'EXAMPLES' ),
			array( 'rules remove', 'EXAMPLES' ),
		);
		foreach ( $subcommands as list( $sub, $mentions ) ) {
			$help = self::wp( 'help', 'xmlrpc-shield', ...explode( ' ', $sub ) );
			$this->assertSame( 0, $help['code'], "wp help xmlrpc-shield {$sub}: {$help['err']}" );
			$this->assertStringContainsString( 'wp xmlrpc-shield ' . $sub, $help['out'] );
			$this->assertStringContainsString( $mentions, $help['out'], "help for {$sub}" );
		}
	}
}
