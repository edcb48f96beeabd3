<?php
/**
 * When failed XML-RPC logins lock a client out: the owner's settings, their defaults and checks.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Lockout;

use XmlrpcShield\Input;
use XmlrpcShield\Settings;

/**
 * One option holding four values. Defaults (reasoned in docs/ARCHITECTURE.md, "Failed logins
 * and lockouts"): 10 failed logins within 15 minutes lock the client out for 60 minutes.
 */
final class LockoutPolicy {

	/** Bounds of each number (inclusive), so no setting can turn into "never" or "for ever" by accident. */
	const BOUNDS = array(
		'threshold'        => array( 1, 1000 ),
		'window_minutes'   => array( 1, 1440 ),
		'duration_minutes' => array( 1, 10080 ),
	);

	/**
	 * The defaults.
	 *
	 * @return array{enabled:bool, threshold:int, window_minutes:int, duration_minutes:int}
	 */
	public static function defaults(): array {
		return array(
			'enabled'          => true,
			'threshold'        => 10,
			'window_minutes'   => 15,
			'duration_minutes' => 60,
		);
	}

	/**
	 * The policy in force; a stored value out of bounds reads as its default.
	 *
	 * @return array{enabled:bool, threshold:int, window_minutes:int, duration_minutes:int}
	 */
	public static function get(): array {
		$stored = get_option( Settings::LOCKOUT_POLICY, array() );
		$policy = self::defaults();
		if ( ! is_array( $stored ) ) {
			return $policy;
		}
		if ( isset( $stored['enabled'] ) && is_bool( $stored['enabled'] ) ) {
			$policy['enabled'] = $stored['enabled'];
		}
		foreach ( self::BOUNDS as $key => $bounds ) {
			if ( isset( $stored[ $key ] ) && is_int( $stored[ $key ] ) && $stored[ $key ] >= $bounds[0] && $stored[ $key ] <= $bounds[1] ) {
				$policy[ $key ] = $stored[ $key ];
			}
		}
		return $policy;
	}

	/**
	 * Validates every given key, then saves; on any error nothing is saved.
	 *
	 * @param array<string,mixed> $changes Subset of get()'s keys.
	 * @return array<string,mixed>|\WP_Error The policy after the change.
	 */
	public static function update( array $changes ) {
		$policy = self::get();
		foreach ( $changes as $key => $value ) {
			if ( 'enabled' === $key ) {
				$enabled = Input::on_off( $value );
				if ( null === $enabled ) {
					return Input::invalid( $key, __( 'Lockouts must be turned on (true) or off (false).', 'xmlrpc-shield' ) );
				}
				$policy['enabled'] = $enabled;
				continue;
			}
			if ( ! isset( self::BOUNDS[ $key ] ) ) {
				/* translators: %s: a parameter name. */
				return Input::invalid( (string) $key, sprintf( __( 'Unknown lockout setting: %s.', 'xmlrpc-shield' ), (string) $key ) );
			}
			list( $min, $max ) = self::BOUNDS[ $key ];
			$number            = Input::whole_number( $value, $min, $max );
			if ( null === $number ) {
				return Input::invalid( (string) $key, self::bounds_message( (string) $key, $min, $max ) );
			}
			$policy[ $key ] = $number;
		}
		update_option( Settings::LOCKOUT_POLICY, $policy, false );
		return $policy;
	}

	/**
	 * The reason a number is refused, in words that name the setting.
	 *
	 * @param string $key Setting.
	 * @param int    $min Smallest allowed.
	 * @param int    $max Largest allowed.
	 */
	private static function bounds_message( string $key, int $min, int $max ): string {
		switch ( $key ) {
			case 'threshold':
				/* translators: 1: minimum, 2: maximum. */
				return sprintf( __( 'The number of failed logins must be a whole number from %1$d to %2$d.', 'xmlrpc-shield' ), $min, $max );
			case 'window_minutes':
				/* translators: 1: minimum, 2: maximum. */
				return sprintf( __( 'The counting window must be a whole number of minutes from %1$d to %2$d (one day).', 'xmlrpc-shield' ), $min, $max );
			default:
				/* translators: 1: minimum, 2: maximum. */
				return sprintf( __( 'The lockout must last a whole number of minutes from %1$d to %2$d (one week).', 'xmlrpc-shield' ), $min, $max );
		}
	}
}
