<?php
/**
 * PSR-4 style autoloader for the XmlrpcShield namespace.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield;

/**
 * Maps XmlrpcShield\Foo\Bar to includes/Foo/Bar.php. No Composer at run time: the
 * early gate loads before WordPress and must not depend on a vendor directory.
 */
final class Autoloader {

	/**
	 * Registers the autoloader once.
	 */
	public static function register(): void {
		static $registered = false;
		if ( $registered ) {
			return;
		}
		$registered = true;
		spl_autoload_register( array( self::class, 'load' ) );
	}

	/**
	 * Loads one class file if it belongs to our namespace.
	 *
	 * @param string $class_name Fully qualified class name.
	 */
	public static function load( string $class_name ): void {
		$prefix = __NAMESPACE__ . '\\';
		if ( 0 !== strpos( $class_name, $prefix ) ) {
			return;
		}
		$relative = str_replace( '\\', '/', substr( $class_name, strlen( $prefix ) ) );
		$file     = __DIR__ . '/' . $relative . '.php';
		if ( is_readable( $file ) ) {
			require_once $file;
		}
	}
}
