<?php
/**
 * Unit tests for the alerts sent to a CrowdSec Local API and the pause after failures.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\unit;

use PHPUnit\Framework\TestCase;
use XmlrpcShield\CrowdSec\Alerts;
use XmlrpcShield\CrowdSec\Pusher;

final class CrowdSecAlertsTest extends TestCase {

	/**
	 * Every field the LAPI's swagger requires of an alert and of a decision (models.Alert and
	 * models.Decision in crowdsec 1.4), with our scenario, scope Range and the duration asked.
	 */
	public function test_each_network_is_one_alert_with_one_range_ban(): void {
		$now    = 1796025600;
		$alerts = Alerts::build(
			array(
				array(
					'cidr'      => '45.155.205.0/24',
					'hits'      => 120,
					'addresses' => 3,
					'last_seen' => $now - 60,
				),
				array(
					'cidr'      => '2a0e:1c80:1:1::/64',
					'hits'      => 40,
					'addresses' => 1,
					'last_seen' => $now,
				),
			),
			12,
			3600,
			$now,
			'https://example.org/'
		);
		$this->assertCount( 2, $alerts );
		foreach ( array( 'capacity', 'events', 'events_count', 'leakspeed', 'message', 'scenario', 'scenario_hash', 'scenario_version', 'simulated', 'source', 'start_at', 'stop_at' ) as $required ) {
			$this->assertArrayHasKey( $required, $alerts[0], $required );
		}
		$this->assertSame( 'xmlrpc-shield/xmlrpc-flood', $alerts[0]['scenario'] );
		$this->assertSame( 120, $alerts[0]['events_count'] );
		$this->assertSame( array(), $alerts[0]['events'] );
		$this->assertSame(
			array(
				'scope' => 'Range',
				'value' => '45.155.205.0/24',
				'range' => '45.155.205.0/24',
			),
			$alerts[0]['source']
		);
		$this->assertSame(
			array(
				array(
					'duration' => '12h',
					'origin'   => 'crowdsec',
					'scenario' => 'xmlrpc-shield/xmlrpc-flood',
					'scope'    => 'Range',
					'type'     => 'ban',
					'value'    => '2a0e:1c80:1:1::/64',
				),
			),
			$alerts[1]['decisions']
		);
		$this->assertSame( '2026-11-30T07:00:00Z', $alerts[0]['start_at'] );
		$this->assertSame( '2026-11-30T07:59:00Z', $alerts[0]['stop_at'] );
		$this->assertSame( '45.155.205.0/24 sent 120 blocked XML-RPC requests from 3 addresses in 60 minutes to https://example.org/', $alerts[0]['message'] );
		// The body is JSON the LAPI can bind: no float, no null where a value is required.
		$this->assertSame( $alerts, json_decode( (string) json_encode( $alerts ), true ) );
	}

	/**
	 * One minute after the first failure, doubling, never more than an hour.
	 */
	public function test_the_pause_after_failures_doubles_up_to_an_hour(): void {
		$this->assertSame( array( 60, 120, 240, 480, 960, 1920, 3600, 3600 ), array_map( array( Pusher::class, 'backoff' ), array( 1, 2, 3, 4, 5, 6, 7, 1000 ) ) );
	}
}
