<?php
/**
 * Plugin Name: XML-RPC Shield early gate
 * Description: Runs XML-RPC Shield's early gate before regular plugins load. Managed by XML-RPC Shield: removed with the gate.
 *
 * Copied from the plugin's includes/EarlyGate/templates/must-use-hook.php with the gate file's
 * path filled in below.
 *
 * @package XmlrpcShield
 */

/**
 * Filled in by the installer: 'gate' => the early gate file. Empty in the template itself.
 *
 * @var array<string,string> $xmlrpc_shield_early_gate
 */
$xmlrpc_shield_early_gate = array();

if ( isset( $xmlrpc_shield_early_gate['gate'] ) && is_file( $xmlrpc_shield_early_gate['gate'] ) ) {
	require_once $xmlrpc_shield_early_gate['gate'];
}
unset( $xmlrpc_shield_early_gate );
