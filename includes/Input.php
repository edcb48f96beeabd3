<?php
/**
 * Checks shared by every settings store: whole numbers within bounds, on/off switches, and the
 * 400 error that names the parameter.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield;

/**
 * `Settings`, `Lockout\LockoutPolicy` and `CrowdSec\Config` each validate all-or-nothing with
 * their own words; what a number or a switch is, and the shape of the refusal, is decided here
 * once. Input comes from REST (JSON types), WP-CLI (strings) and PHP callers alike.
 */
final class Input {

	/**
	 * A whole number from $min to $max (a string of digits counts; `true` is not 1).
	 *
	 * @param mixed $value Input.
	 * @param int   $min   Smallest allowed.
	 * @param int   $max   Largest allowed.
	 * @return int|null The number, or null when it is not one or out of bounds.
	 */
	public static function whole_number( $value, int $min, int $max ): ?int {
		$number = is_bool( $value ) ? false : filter_var( $value, FILTER_VALIDATE_INT );
		return false === $number || $number < $min || $number > $max ? null : $number;
	}

	/**
	 * On or off: a boolean, or what reads as one ("true", "off", "1", "no" …).
	 *
	 * @param mixed $value Input.
	 * @return bool|null Null when it reads as neither.
	 */
	public static function on_off( $value ): ?bool {
		return is_bool( $value ) ? $value : filter_var( $value, FILTER_VALIDATE_BOOLEAN, FILTER_NULL_ON_FAILURE );
	}

	/**
	 * The refusal of one parameter: REST's own code, status 400, the reason under its name.
	 *
	 * @param string $param   Parameter name.
	 * @param string $message Reason, translated.
	 */
	public static function invalid( string $param, string $message ): \WP_Error {
		return new \WP_Error(
			'rest_invalid_param',
			$message,
			array(
				'status' => 400,
				'params' => array( $param => $message ),
			)
		);
	}
}
