<?php
/**
 * The REST API over real HTTP with real cookie logins and nonces: who may call what, that
 * writes need the nonce, that bad input is refused with a reason and saves nothing, and that
 * the read routes page, bucket and group correctly.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Allowlist;
use XmlrpcShield\Denylist;
use XmlrpcShield\Gate\Cidr;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Gate\IpAddress;
use XmlrpcShield\Log\HitTable;
use XmlrpcShield\Log\Ingester;
use XmlrpcShield\GateConfig;
use XmlrpcShield\Settings;
use XmlrpcShield\TrustedProxyList;

final class RestApiTest extends IntegrationTestCase {

	/** @var int */
	private static $subscriber = 0;

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		$existing         = get_user_by( 'login', 'xs-subscriber' );
		self::$subscriber = $existing ? $existing->ID : (int) wp_insert_user(
			array(
				'user_login' => 'xs-subscriber',
				'user_pass'  => wp_generate_password(),
				'user_email' => 'subscriber@example.test',
				'role'       => 'subscriber',
			)
		);
	}

	/**
	 * Every route with a request that is valid for an admin.
	 *
	 * @return array<string,array{0:string,1:string,2:array<string,mixed>|null,3:int}>
	 */
	public function routes(): array {
		return array(
			'status'           => array( 'GET', '/status', null, 200 ),
			'stats'            => array( 'GET', '/stats?range=1h', null, 200 ),
			'top'              => array( 'GET', '/top?by=ip&range=24h&limit=5', null, 200 ),
			'hits'             => array( 'GET', '/hits?page=1&per_page=5', null, 200 ),
			'allowlist list'   => array( 'GET', '/allowlist', null, 200 ),
			'allowlist add'    => array(
				'POST',
				'/allowlist',
				array(
					'cidr'  => '192.0.2.0/24',
					'label' => 'Office',
				),
				201,
			),
			'allowlist preset' => array( 'POST', '/allowlist/presets', array( 'preset' => 'jetpack' ), 200 ),
			'denylist list'    => array( 'GET', '/denylist', null, 200 ),
			'denylist add'     => array( 'POST', '/denylist', array( 'cidr' => '93.184.216.0/24' ), 201 ),
			'settings read'    => array( 'GET', '/settings', null, 200 ),
			'settings write'   => array( 'POST', '/settings', array( 'retention_days' => 12 ), 200 ),
			'proxy preset'     => array( 'POST', '/settings/trusted-proxies/preset', array( 'preset' => 'cloudflare' ), 200 ),
			'proxy preset read' => array( 'GET', '/settings/trusted-proxies/preset?preset=cloudflare', null, 200 ),
			'early gate read'  => array( 'GET', '/early-gate', null, 200 ),
			'early gate off'   => array( 'DELETE', '/early-gate', null, 200 ),
			'autopilot read'   => array( 'GET', '/autopilot', null, 200 ),
			'autopilot off'    => array( 'POST', '/autopilot', array( 'enabled' => false ), 200 ),
			'rules read'       => array( 'GET', '/rules', null, 200 ),
			'rules off'        => array( 'DELETE', '/rules/apache', null, 200 ),
			'export'           => array( 'GET', '/export?format=nftables&range=24h&threshold=1', null, 200 ),
			'counters flush'   => array( 'POST', '/counters/flush', null, 200 ),
			'log ingest'       => array( 'POST', '/log/ingest', null, 200 ),
			'crowdsec read'    => array( 'GET', '/crowdsec', null, 200 ),
			'crowdsec write'   => array( 'POST', '/crowdsec', array( 'threshold' => 50 ), 200 ),
			'crowdsec test'    => array( 'POST', '/crowdsec/test', null, 200 ),
			'crowdsec push'    => array( 'POST', '/crowdsec/push', null, 400 ),
		);
	}

	/**
	 * @dataProvider routes
	 */
	public function test_only_administrators_reach_each_route( string $method, string $path, ?array $body, int $admin_status ): void {
		$anonymous = self::call( $method, $path, $body );
		$this->assertSame( 401, $anonymous['status'], 'anonymous' );
		$this->assertSame( 'rest_forbidden', $anonymous['json']['code'] );

		$subscriber = self::call( $method, $path, $body, self::session( self::$subscriber ) );
		$this->assertSame( 403, $subscriber['status'], 'subscriber' );
		$this->assertSame( 'rest_forbidden', $subscriber['json']['code'] );

		$admin = self::call( $method, $path, $body, self::session( 1 ) );
		$this->assertSame( $admin_status, $admin['status'], 'admin: ' . $admin['body'] );
		$this->assertIsArray( $admin['json'] );
	}

	public function test_writes_without_a_valid_nonce_save_nothing(): void {
		$admin  = self::session( 1 );
		$before = get_option( Settings::RETENTION_DAYS );

		$missing = self::call( 'POST', '/settings', array( 'retention_days' => 3 ), $admin, false );
		$this->assertSame( 401, $missing['status'], 'a cookie without the nonce counts as anonymous' );

		$forged          = $admin;
		$forged['nonce'] = 'abcdef1234';
		$invalid         = self::call( 'POST', '/settings', array( 'retention_days' => 3 ), $forged );
		$this->assertSame( 403, $invalid['status'] );
		$this->assertSame( 'rest_cookie_invalid_nonce', $invalid['json']['code'] );

		$other_user = self::session( self::$subscriber );
		$stolen     = self::call(
			'POST',
			'/allowlist',
			array( 'cidr' => '198.51.100.0/24' ),
			array(
				'cookie' => $admin['cookie'],
				'nonce'  => $other_user['nonce'],
			)
		);
		$this->assertSame( 403, $stolen['status'], "another user's nonce does not work" );

		wp_cache_flush();
		$this->assertSame( $before, get_option( Settings::RETENTION_DAYS ) );
		$this->assertSame( array(), Allowlist::entries() );
	}

	/**
	 * @return array<string,array{0:string,1:string,2:array<string,mixed>|null,3:string}>
	 */
	public function bad_input(): array {
		return array(
			'prefix too long'       => array( 'POST', '/allowlist', array( 'cidr' => '10.0.0.0/33' ), 'xmlrpc_shield_invalid_cidr' ),
			'not an address'        => array( 'POST', '/allowlist', array( 'cidr' => 'example.com' ), 'xmlrpc_shield_invalid_cidr' ),
			'too broad'             => array( 'POST', '/allowlist', array( 'cidr' => '0.0.0.0/1' ), 'xmlrpc_shield_invalid_cidr' ),
			'unknown preset'        => array( 'POST', '/allowlist/presets', array( 'preset' => 'everyone' ), 'rest_invalid_param' ),
			'unknown mode'          => array( 'POST', '/settings', array( 'mode' => 'bogus' ), '' ),
			'negative retention'    => array( 'POST', '/settings', array( 'retention_days' => -1 ), 'rest_invalid_param' ),
			'mode with bad cap'     => array(
				'POST',
				'/settings',
				array(
					'mode'    => 'monitor',
					'row_cap' => 5,
				),
				'rest_invalid_param',
			),
			'bad proxy in the list' => array(
				'POST',
				'/settings',
				array(
					'mode'            => 'off',
					'trusted_proxies' => array( '173.245.48.0/20', 'nope' ),
				),
				'',
			),
			'proxy is everyone'     => array( 'POST', '/settings', array( 'trusted_proxies' => array( '10.0.0.0/8', '0.0.0.0/0' ) ), 'xmlrpc_shield_invalid_cidr' ),
			'proxy is everyone v6'  => array( 'POST', '/settings', array( 'trusted_proxies' => array( '::/0' ) ), 'xmlrpc_shield_invalid_cidr' ),
			'proxy too broad'       => array( 'POST', '/settings', array( 'trusted_proxies' => array( '10.0.0.0/7' ) ), 'xmlrpc_shield_invalid_cidr' ),
			'bad range'             => array( 'GET', '/stats?range=2d', null, 'rest_invalid_param' ),
			'bad group'             => array( 'GET', '/top?by=password', null, 'rest_invalid_param' ),
			'limit zero'            => array( 'GET', '/top?limit=0', null, 'rest_invalid_param' ),
			'limit huge'            => array( 'GET', '/top?limit=101', null, 'rest_invalid_param' ),
			'page size huge'        => array( 'GET', '/hits?per_page=1000', null, 'rest_invalid_param' ),
			'page zero'             => array( 'GET', '/hits?page=0', null, 'rest_invalid_param' ),
			'unknown export format' => array( 'GET', '/export?format=pf', null, 'rest_invalid_param' ),
			'export threshold zero' => array( 'GET', '/export?threshold=0', null, 'rest_invalid_param' ),
			'crowdsec threshold on' => array( 'POST', '/crowdsec', array( 'threshold' => true ), 'rest_invalid_param' ),
			'rules on php -S'       => array( 'POST', '/rules/apache', null, 'xmlrpc_shield_rules_unsupported' ),
			'autopilot yes'         => array( 'POST', '/autopilot', array( 'enabled' => 'yes' ), 'rest_invalid_param' ),
			'autopilot one'         => array( 'POST', '/autopilot', array( 'enabled' => 1 ), 'rest_invalid_param' ),
			'autopilot missing'     => array( 'POST', '/autopilot', array(), 'rest_missing_callback_param' ),
			'deny not an address'   => array( 'POST', '/denylist', array( 'cidr' => 'example.com' ), 'xmlrpc_shield_invalid_cidr' ),
			'deny too broad'        => array( 'POST', '/denylist', array( 'cidr' => '64.0.0.0/2' ), 'xmlrpc_shield_invalid_cidr' ),
			'deny loopback'         => array( 'POST', '/denylist', array( 'cidr' => '127.0.0.0/8' ), 'xmlrpc_shield_invalid_cidr' ),
			'deny loopback v6'      => array( 'POST', '/denylist', array( 'cidr' => '::1' ), 'xmlrpc_shield_invalid_cidr' ),
			'deny private'          => array( 'POST', '/denylist', array( 'cidr' => '192.168.1.0/24' ), 'xmlrpc_shield_invalid_cidr' ),
			'deny around loopback'  => array( 'POST', '/denylist', array( 'cidr' => '126.0.0.0/7' ), 'xmlrpc_shield_invalid_cidr' ),
			'deny cgnat'            => array( 'POST', '/denylist', array( 'cidr' => '100.64.1.1' ), 'xmlrpc_shield_invalid_cidr' ),
			'deny unique local v6'  => array( 'POST', '/denylist', array( 'cidr' => 'fd00::/8' ), 'xmlrpc_shield_invalid_cidr' ),
			'deny unknown source'   => array(
				'POST',
				'/denylist',
				array(
					'cidr'   => '93.184.216.34',
					'source' => 'preset:everyone',
				),
				'rest_invalid_param',
			),
		);
	}

	/**
	 * @dataProvider bad_input
	 */
	public function test_bad_input_is_refused_with_a_reason_and_saves_nothing( string $method, string $path, ?array $body, string $code ): void {
		self::hold_wp_cron();
		$options = array();
		foreach ( Settings::all_option_names() as $name ) {
			$options[ $name ] = get_option( $name );
		}
		$response = self::call( $method, $path, $body, self::session( 1 ) );
		self::release_wp_cron();
		$this->assertSame( 400, $response['status'], $response['body'] );
		if ( '' !== $code ) {
			$this->assertSame( $code, $response['json']['code'] );
		}
		$this->assertNotSame( '', trim( (string) $response['json']['message'] ), 'the error says why' );
		wp_cache_flush();
		foreach ( $options as $name => $value ) {
			$this->assertSame( $value, get_option( $name ), "{$name} changed" );
		}
		$this->assertSame( Decider::MODE_BLOCK, Settings::mode() );
	}

	public function test_autopilot_answers_the_shared_contract_and_off_says_the_gate_stays(): void {
		$admin = self::session( 1 );
		$off   = self::call( 'POST', '/autopilot', array( 'enabled' => false ), $admin );
		$this->assertSame( 200, $off['status'], $off['body'] );
		$this->assertFalse( $off['json']['enabled'] );
		$this->assertSame( 'off', $off['json']['state'] );
		$this->assertStringContainsString( 'will not install', $off['json']['message'] );
		$this->assertSame( 'disabled', $off['json']['events'][0]['kind'] );
		$this->assertSame( array( 'at', 'kind', 'layer', 'reason', 'figures', 'files' ), array_keys( $off['json']['events'][0] ) );
		$this->assertStringContainsString( '"figures":{}', $off['body'], 'figures is an object even when empty' );

		$read = self::call( 'GET', '/autopilot', null, $admin );
		$this->assertSame( array( 'enabled', 'state', 'layer', 'next_attempt_at', 'events' ), array_keys( $read['json'] ) );
		$this->assertNull( $read['json']['next_attempt_at'], 'nothing is due while off' );
		$status = self::call( 'GET', '/status', null, $admin );
		$this->assertSame(
			array(
				'enabled' => false,
				'state'   => 'off',
				'layer'   => '',
			),
			$status['json']['autopilot']
		);
		wp_cache_flush();
		$this->assertFalse( wp_next_scheduled( \XmlrpcShield\Autopilot\Autopilot::HOOK ), 'off schedules nothing' );
	}

	public function test_the_cloudflare_preset_is_read_without_saving_anything(): void {
		$admin = self::session( 1 );
		self::call( 'POST', '/settings', array( 'trusted_proxies' => array( '10.9.8.0/24' ) ), $admin );
		$preset = self::call( 'GET', '/settings/trusted-proxies/preset?preset=cloudflare', null, $admin );
		$this->assertSame( 200, $preset['status'], $preset['body'] );
		$this->assertContains( '173.245.48.0/20', $preset['json']['cidrs'] );
		$this->assertContains( '2400:cb00::/32', $preset['json']['cidrs'] );
		$this->assertStringContainsString( 'cloudflare.com', $preset['json']['source'] );
		wp_cache_flush();
		$this->assertSame( array( '10.9.8.0/24' ), TrustedProxyList::cidrs(), 'a read saves nothing' );

		$unknown = self::call( 'GET', '/settings/trusted-proxies/preset?preset=fastly', null, $admin );
		$this->assertSame( 400, $unknown['status'] );
		$this->assertArrayHasKey( 'preset', $unknown['json']['data']['params'] );
		self::call( 'POST', '/settings', array( 'trusted_proxies' => array() ), $admin );
	}

	public function test_unknown_allowlist_entry_is_404_and_duplicates_409(): void {
		$admin = self::session( 1 );
		$this->assertSame( 404, self::call( 'DELETE', '/allowlist', array( 'cidr' => '192.0.2.0/24' ), $admin )['status'] );
		$this->assertSame( 201, self::call( 'POST', '/allowlist', array( 'cidr' => '192.0.2.7' ), $admin )['status'] );
		$again = self::call( 'POST', '/allowlist', array( 'cidr' => '192.0.2.7/32' ), $admin );
		$this->assertSame( 409, $again['status'] );
		$this->assertSame( 'xmlrpc_shield_duplicate', $again['json']['code'] );
		$this->assertCount( 1, Allowlist::entries() );
		$gone = self::call( 'DELETE', '/allowlist', array( 'cidr' => '192.0.2.7' ), $admin );
		$this->assertSame( 200, $gone['status'] );
		$this->assertTrue( $gone['json']['deleted'] );
		wp_cache_flush();
		$this->assertSame( array(), Allowlist::entries() );
	}

	public function test_denylist_refusals_say_why_and_entries_already_covered_are_named(): void {
		$admin = self::session( 1 );
		foreach (
			array(
				'127.0.0.1'      => 'is loopback',
				'192.168.1.0/24' => 'is a private network',
				'64.0.0.0/2'     => 'too broad to deny',
			) as $cidr => $reason
		) {
			$refused = self::call( 'POST', '/denylist', array( 'cidr' => $cidr ), $admin );
			$this->assertSame( 400, $refused['status'], $cidr );
			$this->assertStringContainsString( $reason, $refused['json']['message'], $cidr );
			$this->assertArrayHasKey( 'cidr', $refused['json']['data']['params'], 'the reason belongs to the field' );
		}

		Allowlist::add( '93.184.216.0/24', 'Partner' );
		$added = self::call(
			'POST',
			'/denylist',
			array(
				'cidr'   => '93.184.216.34',
				'label'  => 'Compromised',
				'source' => 'offenders',
			),
			$admin
		);
		$this->assertSame( 201, $added['status'], $added['body'] );
		$this->assertSame( '93.184.216.34/32', $added['json']['cidr'] );
		$this->assertSame( 'offenders', $added['json']['source'] );
		$this->assertStringContainsString( 'inside the allowlisted 93.184.216.0/24; the denylist wins', $added['json']['note'] );

		// A documentation range cuts off nobody: accepted, with a note that it will rarely match.
		$documentation = self::call( 'POST', '/denylist', array( 'cidr' => '203.0.113.0/24' ), $admin );
		$this->assertSame( 201, $documentation['status'], $documentation['body'] );
		$this->assertStringContainsString( 'no public client sends from it', $documentation['json']['note'] );
		self::call( 'DELETE', '/denylist', array( 'cidr' => '203.0.113.0/24' ), $admin );

		$duplicate = self::call( 'POST', '/denylist', array( 'cidr' => '93.184.216.34/32' ), $admin );
		$this->assertSame( 409, $duplicate['status'] );
		$this->assertSame( 'xmlrpc_shield_duplicate', $duplicate['json']['code'] );

		// An address inside a listed range: named as covered, on both lists, nothing added.
		self::call( 'POST', '/denylist', array( 'cidr' => '2a0b:f00:1::/64' ), $admin );
		$covered = self::call( 'POST', '/denylist', array( 'cidr' => '2a0b:f00:1::77' ), $admin );
		$this->assertSame( 409, $covered['status'] );
		$this->assertSame( 'xmlrpc_shield_covered', $covered['json']['code'] );
		$this->assertSame( '2a0b:f00:1::77/128 is already covered by 2a0b:f00:1::/64 on the denylist: nothing to add.', $covered['json']['message'] );
		$inside = self::call( 'POST', '/allowlist', array( 'cidr' => '93.184.216.99' ), $admin );
		$this->assertSame( 409, $inside['status'] );
		$this->assertSame( 'xmlrpc_shield_covered', $inside['json']['code'] );
		$this->assertSame( '93.184.216.99/32 is already covered by 93.184.216.0/24 on the allowlist: nothing to add.', $inside['json']['message'] );
		$this->assertSame( $inside['json']['message'], $inside['json']['data']['params']['cidr'], 'the reason belongs to the field' );
		// Allowlisting what the denylist holds would change nothing (the deny wins): said so.
		$shadowed = self::call( 'POST', '/allowlist', array( 'cidr' => '2a0b:f00:1::5' ), $admin );
		$this->assertSame( 409, $shadowed['status'] );
		$this->assertSame( 'xmlrpc_shield_denied', $shadowed['json']['code'] );
		$this->assertStringContainsString( 'the denylist wins', $shadowed['json']['message'] );
		$this->assertSame( $shadowed['json']['message'], $shadowed['json']['data']['params']['cidr'], 'the field gets the sentence, not a bare range' );
		$this->assertSame( '2a0b:f00:1::/64', $shadowed['json']['data']['denied_by'] );

		wp_cache_flush();
		$this->assertSame( array( '93.184.216.0/24' ), Allowlist::cidrs() );
		$this->assertSame( array( '93.184.216.34/32', '2a0b:f00:1::/64' ), Denylist::cidrs() );
		$this->assertSame( 2, self::call( 'GET', '/status', null, $admin )['json']['denylist_count'] );

		$removed = self::call( 'DELETE', '/denylist', array( 'cidr' => '93.184.216.34' ), $admin );
		$this->assertSame( 200, $removed['status'] );
		$this->assertSame( 404, self::call( 'DELETE', '/denylist', array( 'cidr' => '93.184.216.34' ), $admin )['status'] );
	}

	public function test_top_offenders_mark_this_server_loopback_private_and_denied_rows(): void {
		$server = Allowlist::server_addresses()[0] ?? '';
		self::seed_rows( 3, '127.0.0.1' );
		self::seed_rows( 3, '10.9.8.7' );
		self::seed_rows( 3, '93.184.216.34' );
		self::seed_rows( 3, '45.33.32.156' );
		if ( '' !== $server ) {
			self::seed_rows( 3, explode( '/', $server )[0] );
		}
		Denylist::add( '93.184.216.34' );
		$admin = self::session( 1 );
		foreach ( array( 'ip', 'subnet' ) as $by ) {
			$rows = array();
			foreach ( self::call( 'GET', '/top?by=' . $by . '&range=24h&limit=20', null, $admin )['json']['items'] as $item ) {
				$rows[ $item['key'] ] = $item;
			}
			$key = static function ( string $ip ) use ( $by ): string {
				return 'ip' === $by ? $ip : IpAddress::subnet( $ip );
			};
			$this->assertSame( 'loopback', $rows[ $key( '127.0.0.1' ) ]['reserved'], $by );
			$this->assertSame( 'private', $rows[ $key( '10.9.8.7' ) ]['reserved'], $by );
			$this->assertSame( '', $rows[ $key( '45.33.32.156' ) ]['reserved'], $by );
			$this->assertFalse( $rows[ $key( '45.33.32.156' ) ]['denied'], $by );
			if ( '' !== $server ) {
				$this->assertSame( 'this-server', $rows[ $key( explode( '/', $server )[0] ) ]['reserved'], $by );
			}
		}
		$this->assertFalse( $rows['93.184.216.0/24']['denied'], 'a subnet holding one denied address is not denied as a whole' );
		$denied = array_column( self::call( 'GET', '/top?by=ip&range=24h&limit=20', null, $admin )['json']['items'], 'denied', 'key' );
		$this->assertTrue( $denied['93.184.216.34'] );
	}

	public function test_rules_carry_the_denylist_in_every_mode_but_off(): void {
		Allowlist::add( '93.184.216.0/24' );
		Denylist::add( '93.184.216.34' );
		$admin = self::session( 1 );
		$block = self::call( 'GET', '/rules', null, $admin )['json'];
		$this->assertStringContainsString( "\tdeny 93.184.216.34/32;\n\tallow 127.0.0.1;", $block['nginx'] );
		$this->assertStringContainsString( 'Require not ip 93.184.216.34/32', $block['apache']['block'] );
		Settings::set_mode( Decider::MODE_PINGBACK );
		$pingback = self::call( 'GET', '/rules', null, $admin )['json'];
		$this->assertStringContainsString( "\tdeny 93.184.216.34/32;\n\tinclude snippets/fastcgi-php.conf;", $pingback['nginx'] );
		$this->assertStringContainsString( 'Require not ip 93.184.216.34/32', $pingback['apache']['block'] );
		Settings::set_mode( Decider::MODE_OFF );
		$off = self::call( 'GET', '/rules', null, $admin )['json'];
		$this->assertStringNotContainsString( '93.184.216.34', $off['nginx'] . $off['apache']['block'] );
	}

	/**
	 * Writes $count rows in distinct minutes of the last hours for one address.
	 */
	private static function seed_rows( int $count, string $ip, string $method = 'pingback.ping', string $outcome = 'blocked' ): void {
		$now  = time() - ( time() % 60 );
		$rows = array();
		for ( $i = 0; $i < $count; $i++ ) {
			$rows[] = array(
				'bucket'     => $now - $i * 60,
				'ip'         => $ip,
				'subnet'     => \XmlrpcShield\Gate\IpAddress::subnet( $ip ),
				'method'     => $method,
				'outcome'    => $outcome,
				'hits'       => $i + 1,
				'user_agent' => 'seed',
			);
		}
		self::assertTrue( HitTable::add_counts( $rows ) );
	}

	public function test_hits_are_paginated_with_total_headers(): void {
		self::seed_rows( 25, '203.0.113.5' );
		$admin = self::session( 1 );
		$page  = self::call( 'GET', '/hits?page=3&per_page=10', null, $admin );
		$this->assertSame( 200, $page['status'] );
		$this->assertSame( '25', $page['headers']['x-wp-total'] );
		$this->assertSame( '3', $page['headers']['x-wp-totalpages'] );
		$this->assertCount( 5, $page['json'] );
		$first = self::call( 'GET', '/hits?page=1&per_page=10', null, $admin )['json'];
		$this->assertGreaterThanOrEqual( $first[1]['bucket'], $first[0]['bucket'], 'newest first' );
		foreach ( array( 'id', 'ip', 'subnet', 'bucket', 'method', 'outcome', 'hits', 'user_agent' ) as $field ) {
			$this->assertArrayHasKey( $field, $first[0] );
		}
		$filtered = self::call( 'GET', '/hits?ip=198.51.100.1', null, $admin );
		$this->assertSame( '0', $filtered['headers']['x-wp-total'] );
	}

	/**
	 * @return array<string,array{0:string}>
	 */
	public function injections(): array {
		return array(
			'quote'     => array( "' OR '1'='1" ),
			'comment'   => array( "x' OR 1=1 -- " ),
			'drop'      => array( "x'); DROP TABLE wp_xmlrpc_shield_hits; --" ),
			'union'     => array( "' UNION SELECT user_pass FROM wp_users -- " ),
			'backslash' => array( "\\' OR 1=1 #" ),
		);
	}

	/**
	 * @dataProvider injections
	 */
	public function test_sql_in_filters_finds_nothing_and_changes_nothing( string $payload ): void {
		global $wpdb;
		self::seed_rows( 3, '203.0.113.5' );
		$admin   = self::session( 1 );
		$encoded = rawurlencode( $payload );
		foreach ( array( "/hits?ip={$encoded}", "/hits?method={$encoded}", "/top?by={$encoded}", "/stats?range={$encoded}", "/top?range={$encoded}" ) as $path ) {
			$response = self::call( 'GET', $path, null, $admin );
			$this->assertContains( $response['status'], array( 200, 400 ), $path );
			if ( 200 === $response['status'] ) {
				$this->assertSame( array(), $response['json'], "{$path} matched rows" );
			}
			$this->assertStringNotContainsString( 'user_pass', $response['body'] );
			$this->assertStringNotContainsString( '$P$', $response['body'] );
		}
		$this->assertSame( 3, (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . HitTable::name() ) ); // phpcs:ignore WordPress.DB
	}

	public function test_stats_series_add_up_to_the_totals(): void {
		self::seed_rows( 50, '203.0.113.5' );
		self::seed_rows( 20, '2001:db8:1:2::9', 'system.multicall', 'allowed' );
		$admin = self::session( 1 );
		foreach ( array(
			'1h'  => 60,
			'24h' => 3600,
			'7d'  => 21600,
			'30d' => 86400,
		) as $range => $bucket ) {
			$stats = self::call( 'GET', "/stats?range={$range}", null, $admin )['json'];
			$this->assertSame( $bucket, $stats['bucket_seconds'] );
			$this->assertSame( $stats['to'] - $stats['from'], count( $stats['series'] ) * $bucket, "{$range}: one point per bucket" );
			foreach ( \XmlrpcShield\Gate\Decision::OUTCOMES as $outcome ) {
				$this->assertSame( $stats['totals'][ $outcome ], array_sum( array_column( $stats['series'], $outcome ) ), "{$range} {$outcome}" );
			}
			$this->assertSame( $stats['totals']['all'], array_sum( array_column( $stats['methods'], 'hits' ) ) );
		}
		$day = self::call( 'GET', '/stats?range=24h', null, $admin )['json'];
		$this->assertSame( 1275, $day['totals']['blocked'], 'sum of 1..50' );
		$this->assertSame( 210, $day['totals']['allowed'], 'sum of 1..20' );
	}

	public function test_top_groups_ipv4_by_24_and_ipv6_by_64(): void {
		self::seed_rows( 2, '203.0.113.5' );
		self::seed_rows( 2, '203.0.113.200' );
		self::seed_rows( 2, '2001:db8:1:2::9' );
		self::seed_rows( 2, '2001:db8:1:2:ffff::1' );
		self::seed_rows( 1, '2001:db8:1:3::1' );
		Allowlist::add( '2001:db8:1:3::/64' );
		$top = self::call( 'GET', '/top?by=subnet&range=24h', null, self::session( 1 ) )['json'];
		$by  = array_column( $top['items'], null, 'key' );
		$this->assertSame( 6, $by['203.0.113.0/24']['hits'] );
		$this->assertSame( 6, $by['2001:db8:1:2::/64']['hits'] );
		$this->assertSame( 1, $by['2001:db8:1:3::/64']['hits'] );
		$this->assertTrue( $by['2001:db8:1:3::/64']['allowlisted'] );
		$this->assertFalse( $by['203.0.113.0/24']['allowlisted'] );
		$this->assertCount( 3, $top['items'] );
	}

	public function test_export_suggests_attacking_networks_only(): void {
		self::seed_rows( 30, '100.128.7.5' );
		self::seed_rows( 30, '2a0b:f00:1:2::9' );
		self::seed_rows( 30, '10.1.2.3' );
		self::seed_rows( 30, '100.129.1.20' );
		self::seed_rows( 2, '100.130.0.1' );
		Allowlist::add( '100.129.1.0/25', 'Partner' );
		$export = self::call( 'GET', '/export?format=cidr&range=24h&threshold=100', null, self::session( 1 ) );
		$this->assertSame( 200, $export['status'], $export['body'] );
		$this->assertSame( array( '100.128.7.0/24', '2a0b:f00:1:2::/64' ), array_column( $export['json']['networks'], 'cidr' ), 'private, allowlisted and small networks are left out' );
		$this->assertSame( "100.128.7.0/24\n2a0b:f00:1:2::/64\n", $export['json']['content'] );
		$this->assertSame( 465, $export['json']['networks'][0]['hits'] );
		$this->assertSame( 'xmlrpc-shield-blocklist.txt', $export['json']['file_name'] );
		$crowdsec = self::call( 'GET', '/export?format=crowdsec&threshold=100', null, self::session( 1 ) )['json'];
		$this->assertStringStartsWith( "duration,reason,scope,type,value\n24h,xmlrpc-shield,range,ban,100.128.7.0/24\n", $crowdsec['content'] );
	}

	public function test_export_carries_the_denylist_marked_and_never_a_reserved_or_proxy_entry(): void {
		self::seed_rows( 30, '100.128.7.5' );
		self::seed_rows( 30, '100.131.4.9' );
		$this->assertIsArray( Denylist::add( '100.131.4.0/24', 'flooder, denied by hand' ) );
		$this->assertIsArray( Denylist::add( '100.140.2.9' ) );
		$this->assertIsArray( Denylist::add( '2a0b:f00:9::/48' ) );
		$this->assertIsArray( Denylist::add( '100.150.0.7' ) );
		$this->assertIsArray( Denylist::add( '100.160.3.3' ) );
		// What today's checks refuse, stored before they applied: a proxy trusted since, an
		// address this server took since, and entries an earlier version let in.
		update_option( Settings::TRUSTED_PROXIES, array( '100.150.0.0/28' ), true );
		update_option( 'xs_test_server_addresses', array( '127.0.0.1', '100.160.3.3' ), true );
		$stored   = get_option( Settings::DENYLIST );
		$stored[] = array(
			'cidr'    => '10.9.0.0/16',
			'label'   => '',
			'created' => time(),
			'source'  => 'manual',
		);
		$stored[] = array(
			'cidr'    => '127.0.0.5/32',
			'label'   => '',
			'created' => time(),
			'source'  => 'manual',
		);
		update_option( Settings::DENYLIST, $stored );
		$admin = self::session( 1 );

		$export = self::call( 'GET', '/export?format=cidr&range=24h&threshold=100', null, $admin );
		$this->assertSame( 200, $export['status'], $export['body'] );
		$this->assertSame(
			array(
				array( '100.131.4.0/24', 'denylist' ),
				array( '100.140.2.9/32', 'denylist' ),
				array( '2a0b:f00:9::/48', 'denylist' ),
				array( '100.128.7.0/24', 'flood' ),
			),
			array_map(
				static function ( array $network ): array {
					return array( $network['cidr'], $network['source'] );
				},
				$export['json']['networks']
			),
			'the denylist first, the flood network a denied range holds only once; never a proxy, this server, private or loopback'
		);
		$this->assertSame( "# The site owner's denylist (XML-RPC Shield): refused in every mode.\n100.131.4.0/24\n100.140.2.9/32\n2a0b:f00:9::/48\n# Networks that flooded XML-RPC (from the log).\n100.128.7.0/24\n", $export['json']['content'] );
		foreach ( array( 'nftables', 'iptables', 'iptables-restore', 'ipset', 'crowdsec' ) as $format ) {
			$content = self::call( 'GET', "/export?format={$format}&range=24h&threshold=100", null, $admin )['json']['content'];
			$this->assertStringContainsString( '100.140.2.9', $content, $format );
			foreach ( array( '100.150.0', '100.160.3', '10.9.0', '127.0.0.5' ) as $never ) {
				$this->assertStringNotContainsString( $never, $content, "{$format}: {$never}" );
			}
		}
		$crowdsec = self::call( 'GET', '/export?format=crowdsec&range=24h&threshold=100', null, $admin )['json']['content'];
		$this->assertStringContainsString( "\n24h,xmlrpc-shield-denylist,ip,ban,100.140.2.9\n", $crowdsec );
		$this->assertStringContainsString( "\n24h,xmlrpc-shield,range,ban,100.128.7.0/24\n", $crowdsec );

		// Where the server rules are offered: behind a trusted proxy they see the proxy.
		$rules = self::call( 'GET', '/rules', null, $admin );
		$this->assertStringContainsString( 'see the proxy\'s address', $rules['json']['proxy_note'] );
		update_option( Settings::TRUSTED_PROXIES, array(), true );
		$this->assertSame( '', self::call( 'GET', '/rules', null, $admin )['json']['proxy_note'] );
	}

	public function test_export_never_suggests_a_special_purpose_network(): void {
		$special = array( '100.64.3.4', '100.127.0.9', '192.0.0.9', '192.0.2.1', '198.18.5.5', '198.51.100.20', '203.0.113.5', '192.88.99.1', '224.0.0.5', '240.1.2.3', '2001:db8::9', '2001::1', '2002:c000:204::1', 'fd00::5', 'fe80::1', '64:ff9b::808:808', '3fff::1' );
		foreach ( $special as $address ) {
			self::seed_rows( 30, $address );
		}
		self::seed_rows( 30, '100.63.255.9' );
		$admin = self::session( 1 );
		foreach ( array( 'cidr', 'nftables', 'crowdsec' ) as $format ) {
			$export = self::call( 'GET', "/export?format={$format}&range=24h&threshold=1", null, $admin );
			$this->assertSame( 200, $export['status'], $export['body'] );
			$this->assertSame( array( '100.63.255.0/24' ), array_column( $export['json']['networks'], 'cidr' ), $format );
			foreach ( $special as $address ) {
				$this->assertStringNotContainsString( IpAddress::subnet( $address ), $export['json']['content'], "{$format}: {$address}" );
			}
		}
	}

	public function test_proxy_settings_show_the_header_each_proxy_is_believed_for(): void {
		$admin = self::session( 1 );
		$saved = self::call( 'POST', '/settings', array( 'trusted_proxies' => array( '10.0.0.0/8', '173.245.48.0/20', '104.16.1.0/24' ) ), $admin );
		$this->assertSame( 200, $saved['status'], $saved['body'] );
		$this->assertSame(
			array(
				array(
					'cidr'   => '10.0.0.0/8',
					'header' => 'x-forwarded-for',
				),
				array(
					'cidr'   => '173.245.48.0/20',
					'header' => 'cf-connecting-ip',
				),
				array(
					'cidr'   => '104.16.1.0/24',
					'header' => 'cf-connecting-ip',
				),
			),
			$saved['json']['proxy_headers']
		);
		$this->assertSame( $saved['json'], self::call( 'GET', '/settings', null, $admin )['json'] );
		$this->assertSame( TrustedProxyList::entries(), GateConfig::for_plugin_load()['trusted_proxies'], 'the gate gets the same headers' );
		$everyone = self::call( 'POST', '/settings', array( 'trusted_proxies' => array( '0.0.0.0/0' ) ), $admin );
		$this->assertSame( 400, $everyone['status'] );
		$this->assertStringContainsString( '0.0.0.0/0 covers every address', $everyone['json']['message'] );
		$this->assertSame( array( '10.0.0.0/8', '173.245.48.0/20', '104.16.1.0/24' ), TrustedProxyList::cidrs() );
	}

	public function test_this_server_preset_adds_only_the_servers_own_addresses(): void {
		$admin  = self::session( 1 );
		$preset = self::call( 'POST', '/allowlist/presets', array( 'preset' => 'server' ), $admin );
		$this->assertSame( 200, $preset['status'], $preset['body'] );
		$cidrs = array_column( $preset['json']['entries'], 'cidr' );
		$this->assertNotEmpty( $cidrs );
		$this->assertSame( count( $cidrs ), $preset['json']['added'] );
		foreach ( $preset['json']['entries'] as $entry ) {
			$cidr = Cidr::parse( $entry['cidr'] );
			$this->assertTrue( $cidr->is_single_address(), $entry['cidr'] . ' is one address, not a network' );
			$this->assertFalse( Cidr::parse( '127.0.0.0/8' )->covers( $cidr ), 'loopback is where a same-host proxy connects from' );
			$this->assertSame( 'preset:server', $entry['source'] );
		}
		// The web server and this process run on the same host and see the same interfaces.
		$this->assertEqualsCanonicalizing( Allowlist::server_addresses(), $cidrs );
		$has_ipv6 = array() !== array_filter( $cidrs, static fn( $cidr ) => false !== strpos( $cidr, ':' ) );
		$this->assertSame( self::host_has_global_ipv6(), $has_ipv6, 'a /128 exactly when the server has IPv6' );

		$network = self::call( 'POST', '/allowlist/presets', array( 'preset' => 'server-network' ), $admin );
		$this->assertSame( 200, $network['status'], $network['body'] );
		$wide = array_values( array_diff( array_column( $network['json']['entries'], 'cidr' ), $cidrs ) );
		$this->assertEqualsCanonicalizing( Allowlist::server_networks(), $wide );
		foreach ( $wide as $range ) {
			$this->assertContains( Cidr::parse( $range )->prefix(), array( 24, 64 ), $range );
		}
	}

	/**
	 * Whether a network interface of this host has an IPv6 address that is neither loopback
	 * nor link-local.
	 */
	private static function host_has_global_ipv6(): bool {
		foreach ( net_get_interfaces() as $interface ) {
			foreach ( $interface['unicast'] ?? array() as $unicast ) {
				$address = (string) ( $unicast['address'] ?? '' );
				if ( IpAddress::is_ipv6( $address ) && '::1' !== IpAddress::normalize( $address ) && ! Cidr::parse( 'fe80::/10' )->contains( $address ) ) {
					return true;
				}
			}
		}
		return false;
	}

	public function test_rules_report_the_nginx_snippet_for_the_allowlist(): void {
		Allowlist::add( '192.0.2.0/24' );
		$rules = self::call( 'GET', '/rules', null, self::session( 1 ) )['json'];
		$this->assertStringContainsString( "allow 192.0.2.0/24;\n\tdeny all;", $rules['nginx'] );
		$this->assertFalse( $rules['apache']['supported'], 'PHP\'s built-in server reads no .htaccess' );
		$this->assertStringContainsString( 'Require ip 127.0.0.1 ::1 192.0.2.0/24', $rules['apache']['block'] );
	}

	/**
	 * The log as a read must leave it: spool bytes, a claim, rows and their hits.
	 *
	 * @return array<string,int>
	 */
	private static function log_state(): array {
		global $wpdb;
		$spool = Ingester::site_spool();
		clearstatcache();
		return array(
			'spool' => (int) @filesize( $spool->path() ), // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
			'claim' => count( (array) glob( $spool->path() . '*.claim' ) ),
			'rows'  => (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . HitTable::name() ), // phpcs:ignore
			'hits'  => (int) $wpdb->get_var( 'SELECT SUM(hits) FROM ' . HitTable::name() ), // phpcs:ignore
		);
	}

	/**
	 * No GET route ingests or prunes (issue #13 items 9 and 17: four GET routes and the export
	 * did, and the admin page's refresh set off four competing ingests). POST /log/ingest
	 * does both, as WP-Cron does.
	 */
	public function test_reads_never_change_the_log_and_the_ingest_route_ingests_and_prunes(): void {
		update_option( Settings::ROW_CAP, 1000 );
		self::seed_rows( 1200, '203.0.113.5' );
		$spool = Ingester::site_spool();
		for ( $i = 0; $i < 7; $i++ ) {
			$this->assertTrue( $spool->append( time(), '198.51.100.' . $i, 'pingback.ping', 'blocked', 'ua' ) );
		}
		$admin  = self::session( 1 );
		$before = self::log_state();
		foreach ( $this->routes() as $name => $route ) {
			if ( 'GET' !== $route[0] ) {
				continue;
			}
			$this->assertSame( 200, self::call( 'GET', $route[1], null, $admin )['status'], $name );
			$this->assertSame( $before, self::log_state(), $name . ' changed the log' );
		}
		$ingest = self::call( 'POST', '/log/ingest', null, $admin );
		$this->assertSame( 200, $ingest['status'], $ingest['body'] );
		$this->assertSame( 7, $ingest['json']['hits'] );
		$this->assertTrue( $ingest['json']['ok'] );
		$this->assertSame( 207, $ingest['json']['pruned'], 'the row cap is enforced right after the ingest' );
		$after = self::log_state();
		$this->assertSame( 0, $after['spool'] );
		$this->assertSame( 1000, $after['rows'] );
	}

	/**
	 * A broken table and a full spool of invented method names, on a server with a common
	 * 128M memory limit: every read still answers (before, each read ingested the spool first
	 * and died of memory exhaustion: 500).
	 */
	public function test_reads_answer_with_the_log_table_broken_and_the_spool_full(): void {
		self::fill_spool_with_invented_methods();
		HitTable::drop();
		// The test server's CLI PHP has no memory limit; many hosts give WordPress 128M.
		$limit = XS_TEST_SITE_DIR . '/wp-content/mu-plugins/xs-test-memory-limit.php';
		file_put_contents( $limit, "<?php\nini_set( 'memory_limit', '128M' );\n" );
		try {
			$admin = self::session( 1 );
			foreach ( $this->routes() as $name => $route ) {
				if ( 'GET' === $route[0] ) {
					$response = self::call( 'GET', $route[1], null, $admin );
					$this->assertNotSame( 500, $response['status'], $name . ': ' . $response['body'] );
				}
			}
		} finally {
			unlink( $limit );
			HitTable::install();
		}
	}
}
