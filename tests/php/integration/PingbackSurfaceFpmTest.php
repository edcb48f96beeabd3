<?php
/**
 * PingbackSurfaceTest on nginx + PHP-FPM: no X-Pingback header, RSD or pingback link, trackbacks
 * refused, unless the plugin is off.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

/**
 * @group fpm
 */
final class PingbackSurfaceFpmTest extends PingbackSurfaceTest {

	use ServedByNginxFpm;
}
