<?php
/**
 * ClientAddressTest on nginx + PHP-FPM: REMOTE_ADDR as nginx sets it, proxy headers believed only
 * from a trusted proxy.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

/**
 * @group fpm
 */
final class ClientAddressFpmTest extends ClientAddressTest {

	use ServedByNginxFpm;
}
