<?php
/**
 * HostileInputTest on nginx + PHP-FPM: hostile bodies refused in block mode without parsing,
 * a multicall of a thousand logins never reaching authentication, hostile agents stored safely.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

/**
 * @group fpm
 */
final class HostileInputFpmTest extends HostileInputTest {

	use ServedByNginxFpm;
}
