<?php
/**
 * Blocklist networks as CrowdSec alerts with decisions.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\CrowdSec;

/**
 * The body of the Local API's `POST /v1/alerts` (swagger `AddAlertsRequest`), as a watcher
 * machine sends it. No WordPress calls, so unit tests check the shape.
 *
 * An alert that carries its own decisions skips the LAPI's profiles, so our decision lands as
 * sent: scope Range with the network, type ban, our duration. The alert's required fields
 * (capacity, events, events_count, leakspeed, message, scenario, scenario_hash,
 * scenario_version, simulated, source, start_at, stop_at) are all set; each decision's
 * (duration, origin, scenario, scope, type, value) too. The origin is `crowdsec`, what every
 * watcher's decisions carry: `cscli decisions list` shows only origins crowdsec and cscli
 * unless asked for all, and bouncers treat it as a local detection.
 */
final class Alerts {

	/** Our scenario: the name bouncers, `cscli decisions list` and the shipped scenario share. */
	const SCENARIO = 'xmlrpc-shield/xmlrpc-flood';

	/** Bumped when what the scenario means changes. */
	const SCENARIO_VERSION = '1.0';

	const ORIGIN = 'crowdsec';

	/** CrowdSec's scope names (case matters to bouncers). */
	const SCOPE_RANGE = 'Range';

	const DECISION_TYPE = 'ban';

	/**
	 * Alerts for networks, one per network.
	 *
	 * @param array<int,array{cidr:string,hits:int,addresses:int,last_seen:int}> $networks From BlockSuggester.
	 * @param int                                                                $hours    Decision length.
	 * @param int                                                                $window   Seconds the hits were counted over.
	 * @param int                                                                $now      Unix time.
	 * @param string                                                             $site     The site's address, for the message.
	 * @return array<int,array<string,mixed>>
	 */
	public static function build( array $networks, int $hours, int $window, int $now, string $site ): array {
		$alerts = array();
		foreach ( $networks as $network ) {
			$cidr     = (string) $network['cidr'];
			$hits     = min( (int) $network['hits'], 2147483647 );
			$message  = sprintf(
				'%s sent %d blocked XML-RPC requests from %d addresses in %d minutes to %s',
				$cidr,
				$hits,
				(int) $network['addresses'],
				intdiv( $window, 60 ),
				$site
			);
			$alerts[] = array(
				'scenario'         => self::SCENARIO,
				'scenario_hash'    => '',
				'scenario_version' => self::SCENARIO_VERSION,
				'message'          => $message,
				'events_count'     => $hits,
				'events'           => array(),
				'capacity'         => 0,
				'leakspeed'        => '0',
				'simulated'        => false,
				'remediation'      => true,
				'start_at'         => gmdate( 'Y-m-d\TH:i:s\Z', $now - $window ),
				'stop_at'          => gmdate( 'Y-m-d\TH:i:s\Z', max( $now - $window, min( $now, (int) $network['last_seen'] ) ) ),
				'source'           => array(
					'scope' => self::SCOPE_RANGE,
					'value' => $cidr,
					'range' => $cidr,
				),
				'meta'             => array(
					array(
						'key'   => 'site',
						'value' => $site,
					),
				),
				'decisions'        => array(
					array(
						'duration' => $hours . 'h',
						'origin'   => self::ORIGIN,
						'scenario' => self::SCENARIO,
						'scope'    => self::SCOPE_RANGE,
						'type'     => self::DECISION_TYPE,
						'value'    => $cidr,
					),
				),
			);
		}
		return $alerts;
	}
}
