<?php
/**
 * GateModesTest on nginx + PHP-FPM: each mode's answer to POST /xmlrpc.php (block before XML parsing,
 * pingback refusing pingback.ping and system.multicall, monitor, off) and its log, from FPM workers.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

/**
 * @group fpm
 */
final class GateModesFpmTest extends GateModesTest {

	use ServedByNginxFpm;
}
