<?php
/**
 * Plugin Name:       XML-RPC Shield
 * Plugin URI:        https://github.com/xmlrpc-shield/xmlrpc-shield
 * Description:       Stops XML-RPC floods and pingback abuse before they cost a full WordPress boot, shows who attacks, and hands you ready server and firewall rules.
 * Version:           0.3.0
 * Requires at least: 6.7
 * Requires PHP:      7.4
 * Author:            XML-RPC Shield contributors
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       xmlrpc-shield
 * Domain Path:       /languages
 *
 * @package XmlrpcShield
 */

defined( 'ABSPATH' ) || exit;

if ( version_compare( PHP_VERSION, '7.4', '<' ) ) {
	return;
}

define( 'XMLRPC_SHIELD_VERSION', '0.3.0' );
// On a gated request the must-use loader (Lifecycle\MustUseLoader) sets these first, to this file
// as WordPress includes it (not a symlink's target); both name the same plugin.
defined( 'XMLRPC_SHIELD_FILE' ) || define( 'XMLRPC_SHIELD_FILE', __FILE__ );
defined( 'XMLRPC_SHIELD_DIR' ) || define( 'XMLRPC_SHIELD_DIR', __DIR__ );

require_once __DIR__ . '/includes/Autoloader.php';
\XmlrpcShield\Autoloader::register();

register_activation_hook( __FILE__, array( \XmlrpcShield\Lifecycle\Activation::class, 'activate' ) );
register_deactivation_hook( __FILE__, array( \XmlrpcShield\Lifecycle\Activation::class, 'deactivate' ) );

// Decide now, at include time: an XML-RPC flood must not pay for other plugins' plugins_loaded work.
\XmlrpcShield\Plugin::boot();
