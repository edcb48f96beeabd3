<?php
/**
 * Core's XML-RPC server with CallGuard in front of every call.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Gate;

/**
 * IXR_Server::serve() and multiCall() both go through call(), so overriding it sees the top-level
 * method and each sub-call by the names core's parser read. Loaded only by xmlrpc.php, after
 * core's class (CallGuard names it in the wp_xmlrpc_server_class filter).
 */
final class GuardedXmlrpcServer extends \wp_xmlrpc_server {

	/**
	 * Checks the call, then lets core run it.
	 *
	 * @param string $methodname Method name as core parsed it.
	 * @param mixed  $args       Arguments.
	 * @return mixed
	 */
	public function call( $methodname, $args ) {
		CallGuard::check_call( $methodname );
		return parent::call( $methodname, $args );
	}

	/**
	 * Core's error answer; a body that never became a call (parse error, not a methodCall) is
	 * logged here, since call() never ran.
	 *
	 * @param \IXR_Error|int $error   Error object or code.
	 * @param string|false   $message Message when $error is a code.
	 * @return void
	 */
	public function error( $error, $message = false ) {
		CallGuard::check_unparsed();
		parent::error( $error, $message );
	}
}
