<?php
/**
 * Bootstrap for unit tests: pure classes only, no WordPress.
 *
 * @package XmlrpcShield
 */

require_once dirname( __DIR__, 3 ) . '/vendor/autoload.php';
require_once dirname( __DIR__, 3 ) . '/includes/Autoloader.php';
\XmlrpcShield\Autoloader::register();
