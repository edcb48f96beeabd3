<?php
/**
 * Constants PHPStan cannot see defined: WordPress's (set by wp-config.php / wp-settings.php at
 * run time) and the plugin's own (set in plugin.php, which the analysis reads but does not run).
 *
 * @package XmlrpcShield
 */

define( 'ABSPATH', '/' );
define( 'WP_CONTENT_DIR', '/wp-content' );
define( 'WPMU_PLUGIN_DIR', '/wp-content/mu-plugins' );
define( 'WP_PLUGIN_DIR', '/wp-content/plugins' );
define( 'XMLRPC_SHIELD_VERSION', '0.0.0' );
define( 'XMLRPC_SHIELD_FILE', '/plugin.php' );
define( 'XMLRPC_SHIELD_DIR', '/' );
define( 'MINUTE_IN_SECONDS', 60 );
define( 'HOUR_IN_SECONDS', 3600 );
define( 'DAY_IN_SECONDS', 86400 );
define( 'WEEK_IN_SECONDS', 604800 );
define( 'ARRAY_A', 'ARRAY_A' );
