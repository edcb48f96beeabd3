<?php
/**
 * PingbackBypassTest on nginx + PHP-FPM: in pingback mode pingback.ping is refused however it is
 * written, system.multicall and its sub-calls run nothing, other methods work.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

/**
 * @group fpm
 */
final class PingbackBypassFpmTest extends PingbackBypassTest {

	use ServedByNginxFpm;
}
