<?php
/**
 * Registers every REST controller.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Rest;

/**
 * One list of controllers, registered on rest_api_init.
 */
final class Routes {

	/**
	 * Hooks registration.
	 */
	public static function register(): void {
		add_action( 'rest_api_init', array( self::class, 'register_routes' ) );
	}

	/**
	 * Registers all routes.
	 */
	public static function register_routes(): void {
		$controllers = array(
			new StatusController(),
			new StatsController(),
			new TopOffendersController(),
			new HitsController(),
			new AllowlistController(),
			new DenylistController(),
			new SettingsController(),
			new EarlyGateController(),
			new AutopilotController(),
			new RulesController(),
			new CountersController(),
			new NodesController(),
			new IngestController(),
			new CrowdSecController(),
			new LockoutsController(),
		);
		foreach ( $controllers as $controller ) {
			$controller->register_routes();
		}
	}
}
