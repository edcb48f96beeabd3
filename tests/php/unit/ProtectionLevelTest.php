<?php
/**
 * ProtectionLevel::assess(): the level, each layer's state, the actions a server allows and
 * the one next step, from facts alone (no WordPress).
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\unit;

use PHPUnit\Framework\TestCase;
use XmlrpcShield\Admin\ProtectionLevel;

final class ProtectionLevelTest extends TestCase {

	/**
	 * Facts of a fresh block-mode site on Apache + mod_php, nothing installed; $changes
	 * override parts.
	 *
	 * @param array<string,mixed> $changes Overrides, merged one level deep.
	 * @return array<string,mixed>
	 */
	private static function facts( array $changes = array() ): array {
		$facts = array(
			'mode'            => 'block',
			'network_managed' => false,
			'early_gate'      => array(
				'installed' => false,
				'method'    => '',
				'error'     => '',
			),
			'server_rules'    => array(
				'installed' => false,
				'in_sync'   => true,
			),
			'server'          => array(
				'software'       => 'apache',
				'reads_htaccess' => true,
			),
			'autopilot'       => null,
			'blocked_24h'     => 0,
		);
		foreach ( $changes as $key => $value ) {
			$facts[ $key ] = is_array( $value ) && is_array( $facts[ $key ] ?? null ) ? array_merge( $facts[ $key ], $value ) : $value;
		}
		return $facts;
	}

	/**
	 * A sub-site's actions: its own mode, nothing network-level (MultisiteTest expects the
	 * same over REST on a real network).
	 */
	const SUB_SITE_ACTIONS = array(
		'change_mode'        => true,
		'install_early_gate' => false,
		'remove_early_gate'  => false,
		'write_server_rule'  => false,
		'remove_server_rule' => false,
		'nginx_snippet'      => false,
	);

	/** @var array<string,mixed> */
	const GATE_ON = array(
		'installed' => true,
		'method'    => 'htaccess',
	);

	public function test_fresh_site_refuses_at_plugin_load_and_the_next_step_is_the_early_gate(): void {
		$assessed = ProtectionLevel::assess( self::facts() );
		$this->assertSame( 'plugin-load', $assessed['level'] );
		$this->assertSame(
			array(
				'plugin-load' => 'active',
				'early-gate'  => 'off',
				'server-rule' => 'off',
				'firewall'    => 'unknown',
			),
			$assessed['layers']
		);
		$this->assertSame( 'install-early-gate', $assessed['next_step'] );
	}

	public function test_monitor_and_off_refuse_nothing_whatever_is_installed(): void {
		foreach ( array( 'monitor', 'off' ) as $mode ) {
			$assessed = ProtectionLevel::assess(
				self::facts(
					array(
						'mode'       => $mode,
						'early_gate' => self::GATE_ON,
					)
				)
			);
			$this->assertSame( 'none', $assessed['level'], $mode );
			$this->assertSame( 'off', $assessed['layers']['plugin-load'], $mode );
			$this->assertSame( 'off', $assessed['layers']['early-gate'], $mode );
			$this->assertSame( 'choose-mode', $assessed['next_step'], $mode );
		}
	}

	public function test_levels_rise_with_the_earliest_active_layer(): void {
		$gate = ProtectionLevel::assess( self::facts( array( 'early_gate' => self::GATE_ON ) ) );
		$this->assertSame( 'early-gate', $gate['level'] );
		$this->assertSame( 'write-server-rule', $gate['next_step'] );

		$rule = ProtectionLevel::assess(
			self::facts(
				array(
					'early_gate'   => self::GATE_ON,
					'server_rules' => array( 'installed' => true ),
				)
			)
		);
		$this->assertSame( 'server-rule', $rule['level'] );
		$this->assertSame( 'none', $rule['next_step'] );

		$busy = ProtectionLevel::assess(
			self::facts(
				array(
					'early_gate'   => self::GATE_ON,
					'server_rules' => array( 'installed' => true ),
					'blocked_24h'  => 5000,
				)
			)
		);
		$this->assertSame( 'export-firewall', $busy['next_step'] );
	}

	public function test_pingback_mode_has_no_server_rule_to_write(): void {
		$assessed = ProtectionLevel::assess(
			self::facts(
				array(
					'mode'       => 'pingback',
					'early_gate' => self::GATE_ON,
				)
			)
		);
		$this->assertSame( 'early-gate', $assessed['level'] );
		$this->assertSame( 'none', $assessed['next_step'] );
	}

	public function test_a_gate_that_cannot_read_its_settings_is_an_error_and_not_counted(): void {
		$assessed = ProtectionLevel::assess(
			self::facts(
				array(
					'early_gate' => self::GATE_ON + array( 'error' => 'The early gate\'s settings could not be written.' ),
				)
			)
		);
		$this->assertSame( 'error', $assessed['layers']['early-gate'] );
		$this->assertSame( 'plugin-load', $assessed['level'] );
		$this->assertSame( 'fix-early-gate', $assessed['next_step'] );
	}

	public function test_a_stale_server_rule_is_an_error_with_its_own_step(): void {
		$assessed = ProtectionLevel::assess(
			self::facts(
				array(
					'early_gate'   => self::GATE_ON,
					'server_rules' => array(
						'installed' => true,
						'in_sync'   => false,
					),
				)
			)
		);
		$this->assertSame( 'error', $assessed['layers']['server-rule'] );
		$this->assertSame( 'early-gate', $assessed['level'] );
		$this->assertSame( 'rewrite-server-rule', $assessed['next_step'] );
	}

	public function test_nginx_never_offers_the_htaccess_write_and_points_to_the_snippet(): void {
		$nginx    = array(
			'server'     => array(
				'software'       => 'nginx',
				'reads_htaccess' => false,
			),
			'early_gate' => array(
				'installed' => true,
				'method'    => 'user-ini',
			),
		);
		$assessed = ProtectionLevel::assess( self::facts( $nginx ) );
		$this->assertFalse( $assessed['actions']['write_server_rule'] );
		$this->assertTrue( $assessed['actions']['nginx_snippet'] );
		$this->assertSame( 'unknown', $assessed['layers']['server-rule'] );
		$this->assertSame( 'add-nginx-snippet', $assessed['next_step'] );

		$apache = ProtectionLevel::assess( self::facts() );
		$this->assertTrue( $apache['actions']['write_server_rule'] );
		$this->assertFalse( $apache['actions']['nginx_snippet'] );
	}

	public function test_an_htaccess_block_on_a_server_that_ignores_it_counts_for_nothing(): void {
		$assessed = ProtectionLevel::assess(
			self::facts(
				array(
					'server'       => array(
						'software'       => 'nginx',
						'reads_htaccess' => false,
					),
					'server_rules' => array( 'installed' => true ),
				)
			)
		);
		$this->assertSame( 'unavailable', $assessed['layers']['server-rule'] );
		$this->assertSame( 'plugin-load', $assessed['level'] );
		$this->assertTrue( $assessed['actions']['remove_server_rule'] );
	}

	public function test_a_sub_site_is_offered_no_server_action_and_asks_the_network_administrator(): void {
		$assessed = ProtectionLevel::assess( self::facts( array( 'network_managed' => true ) ) );
		$this->assertSame(
			self::SUB_SITE_ACTIONS,
			$assessed['actions']
		);
		$this->assertSame( 'ask-network-admin', $assessed['next_step'] );
	}

	public function test_the_autopilot_at_work_replaces_the_install_step_but_not_when_off_or_undone(): void {
		foreach ( array( 'pending', 'verifying' ) as $state ) {
			$working = ProtectionLevel::assess(
				self::facts(
					array(
						'autopilot' => array(
							'enabled' => true,
							'state'   => $state,
						),
					)
				)
			);
			$this->assertSame( 'autopilot-pending', $working['next_step'], $state );
		}
		$cases = array(
			'disabled' => array(
				'enabled' => false,
				'state'   => 'pending',
			),
			'undone'   => array(
				'enabled' => true,
				'state'   => 'undone',
			),
			'failed'   => array(
				'enabled' => true,
				'state'   => 'failed',
			),
		);
		foreach ( $cases as $name => $autopilot ) {
			$this->assertSame( 'install-early-gate', ProtectionLevel::assess( self::facts( array( 'autopilot' => $autopilot ) ) )['next_step'], $name );
		}
	}

	public function test_wp_cli_cannot_tell_the_server_and_says_so(): void {
		$assessed = ProtectionLevel::assess(
			self::facts(
				array(
					'server'     => array(
						'software'       => 'unknown',
						'reads_htaccess' => null,
					),
					'early_gate' => self::GATE_ON,
				)
			)
		);
		$this->assertSame( 'unknown', $assessed['layers']['server-rule'] );
		$this->assertFalse( $assessed['actions']['write_server_rule'] );
		$this->assertSame( 'none', $assessed['next_step'] );
	}

	public function test_every_answer_uses_the_declared_words(): void {
		$assessed = ProtectionLevel::assess( self::facts() );
		$this->assertContains( $assessed['level'], ProtectionLevel::LEVELS );
		$this->assertSame( ProtectionLevel::LAYERS, array_keys( $assessed['layers'] ) );
		foreach ( $assessed['layers'] as $state ) {
			$this->assertContains( $state, ProtectionLevel::STATES );
		}
		$this->assertContains( $assessed['next_step'], ProtectionLevel::STEPS );
	}

	public function test_crowdsec_pushing_makes_the_firewall_active_and_ends_the_steps(): void {
		$base = array(
			'early_gate'   => self::GATE_ON,
			'server_rules' => array( 'installed' => true ),
			'blocked_24h'  => 5000,
		);
		$cases = array(
			'not set up'   => array( array( 'enabled' => false ), 'unknown', 'export-firewall' ),
			'incomplete'   => array(
				array(
					'enabled'  => true,
					'complete' => false,
				),
				'unknown',
				'export-firewall',
			),
			'never pushed' => array(
				array(
					'enabled'  => true,
					'complete' => true,
				),
				'off',
				'export-firewall',
			),
			'failing'      => array(
				array(
					'enabled'         => true,
					'complete'        => true,
					'last_success_at' => 100,
					'last_error'      => 'LAPI answered 403',
				),
				'error',
				'export-firewall',
			),
			'pushing'      => array(
				array(
					'enabled'         => true,
					'complete'        => true,
					'last_success_at' => 100,
					'last_error'      => '',
				),
				'active',
				'none',
			),
		);
		foreach ( $cases as $name => list( $crowdsec, $state, $step ) ) {
			$assessed = ProtectionLevel::assess( self::facts( $base + array( 'crowdsec' => $crowdsec ) ) );
			$this->assertSame( $state, $assessed['layers']['firewall'], $name );
			$this->assertSame( $step, $assessed['next_step'], $name );
			// The firewall is outside the web server's layers: the level stays the server rule's.
			$this->assertSame( 'server-rule', $assessed['level'], $name );
		}
	}
}
