<?php
/**
 * ApcuCounterTest on nginx + PHP-FPM, plus the concurrent burst: the pool's workers share one APCu
 * (php -S and the CLI each have their own), and WP-CLI's flush reaches it through nginx at the
 * address and port nginx gives PHP; every hit lands in the table exactly once.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

/**
 * @group fpm
 */
final class ApcuCounterFpmTest extends ApcuCounterTest {

	use ServedByNginxFpm;
	use CountsConcurrentBurst;
}
