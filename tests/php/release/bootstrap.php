<?php
/**
 * Release suite bootstrap: builds nothing itself; each test drives the real tools.
 *
 * @package XmlrpcShield
 */

define( 'XS_REPO', dirname( __DIR__, 3 ) );
require_once XS_REPO . '/vendor/autoload.php';
