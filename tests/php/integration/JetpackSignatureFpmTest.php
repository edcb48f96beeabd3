<?php
/**
 * JetpackSignatureTest on nginx + PHP-FPM: signed requests verify (and forged ones fail) with the
 * host, port, URI and body as nginx hands them to PHP.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

/**
 * @group fpm
 */
final class JetpackSignatureFpmTest extends JetpackSignatureTest {

	use ServedByNginxFpm;
}
