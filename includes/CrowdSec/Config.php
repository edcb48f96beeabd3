<?php
/**
 * The owner's CrowdSec settings: which Local API, which machine, what to push.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\CrowdSec;

use XmlrpcShield\Input;
use XmlrpcShield\Rules\BlockList;
use XmlrpcShield\Settings;

/**
 * One option, validated all-or-nothing like Settings::update(). The machine password is needed
 * in clear to log in, so it is stored as given (as core stores other services' secrets) and
 * never leaves the server again: reads show only whether one is set. Not autoloaded: only the
 * minutely push and the admin page read it, never the gate.
 */
final class Config {

	/** Decision lengths an owner may choose, in hours (a month at most). */
	const MIN_DURATION_HOURS = 1;
	const MAX_DURATION_HOURS = 720;

	/** A network flooding at this rate or more is pushed (hits blocked in the last hour). */
	const MAX_THRESHOLD = 1000000;

	/** Longest machine name and password accepted (cscli makes 48-character ones). */
	const MAX_MACHINE_ID = 128;
	const MAX_PASSWORD   = 256;

	/**
	 * Defaults: off, nothing set, the blocklist export's threshold, decisions for 24 hours
	 * (the length the blocklist's CrowdSec CSV gives too).
	 *
	 * @return array{enabled:bool,url:string,machine_id:string,password:string,threshold:int,duration_hours:int}
	 */
	public static function defaults(): array {
		return array(
			'enabled'        => false,
			'url'            => '',
			'machine_id'     => '',
			'password'       => '',
			'threshold'      => BlockList::DEFAULT_THRESHOLD,
			'duration_hours' => 24,
		);
	}

	/**
	 * The stored settings, each key present and of its type.
	 *
	 * @return array{enabled:bool,url:string,machine_id:string,password:string,threshold:int,duration_hours:int}
	 */
	public static function get(): array {
		$stored = get_option( Settings::CROWDSEC, array() );
		$out    = self::defaults();
		if ( is_array( $stored ) ) {
			foreach ( $out as $key => $default ) {
				if ( isset( $stored[ $key ] ) && gettype( $stored[ $key ] ) === gettype( $default ) ) {
					$out[ $key ] = $stored[ $key ];
				}
			}
		}
		return $out;
	}

	/**
	 * Whether everything needed to log in is there.
	 *
	 * @param array<string,mixed> $config Settings (get()'s shape).
	 */
	public static function is_complete( array $config ): bool {
		return '' !== $config['url'] && '' !== $config['machine_id'] && '' !== $config['password'];
	}

	/**
	 * What reads show: the settings without the password, and whether one is set.
	 *
	 * @return array{enabled:bool,url:string,machine_id:string,password_set:bool,threshold:int,duration_hours:int}
	 */
	public static function to_public(): array {
		$config                 = self::get();
		$config['password_set'] = '' !== $config['password'];
		unset( $config['password'] );
		return $config;
	}

	/**
	 * Validates every given key, then saves them together; on any error nothing is saved. An
	 * absent or empty password keeps the stored one (a form never gets it back to resend).
	 *
	 * @param array<string,mixed> $changes Subset of enabled, url, machine_id, password, threshold, duration_hours.
	 * @return array<string,mixed>|\WP_Error The public settings after the change.
	 */
	public static function update( array $changes ) {
		$config = self::get();
		if ( array_key_exists( 'url', $changes ) ) {
			$url = self::validate_url( $changes['url'] );
			if ( is_wp_error( $url ) ) {
				return $url;
			}
			$config['url'] = $url;
		}
		if ( array_key_exists( 'machine_id', $changes ) ) {
			$machine = is_string( $changes['machine_id'] ) ? trim( $changes['machine_id'] ) : null;
			if ( null === $machine || strlen( $machine ) > self::MAX_MACHINE_ID || ( '' !== $machine && ! preg_match( '/^[\x21-\x7e]+$/', $machine ) ) ) {
				/* translators: %d: maximum length. */
				return Input::invalid( 'machine_id', sprintf( __( 'The machine name is the login cscli gave (`cscli machines add`): up to %d visible ASCII characters, no spaces.', 'xmlrpc-shield' ), self::MAX_MACHINE_ID ) );
			}
			$config['machine_id'] = $machine;
		}
		if ( array_key_exists( 'password', $changes ) && '' !== $changes['password'] && null !== $changes['password'] ) {
			$password = $changes['password'];
			if ( ! is_string( $password ) || strlen( $password ) > self::MAX_PASSWORD || preg_match( '/[\x00-\x1f\x7f]/', $password ) ) {
				/* translators: %d: maximum length. */
				return Input::invalid( 'password', sprintf( __( 'The machine password must be text of at most %d characters without control characters.', 'xmlrpc-shield' ), self::MAX_PASSWORD ) );
			}
			$config['password'] = $password;
		}
		if ( array_key_exists( 'threshold', $changes ) ) {
			$threshold = Input::whole_number( $changes['threshold'], 1, self::MAX_THRESHOLD );
			if ( null === $threshold ) {
				/* translators: %d: maximum. */
				return Input::invalid( 'threshold', sprintf( __( 'The threshold must be a whole number of blocked requests per hour from 1 to %d.', 'xmlrpc-shield' ), self::MAX_THRESHOLD ) );
			}
			$config['threshold'] = $threshold;
		}
		if ( array_key_exists( 'duration_hours', $changes ) ) {
			$hours = Input::whole_number( $changes['duration_hours'], self::MIN_DURATION_HOURS, self::MAX_DURATION_HOURS );
			if ( null === $hours ) {
				/* translators: 1: minimum, 2: maximum. */
				return Input::invalid( 'duration_hours', sprintf( __( 'The decision length must be a whole number of hours from %1$d to %2$d.', 'xmlrpc-shield' ), self::MIN_DURATION_HOURS, self::MAX_DURATION_HOURS ) );
			}
			$config['duration_hours'] = $hours;
		}
		if ( array_key_exists( 'enabled', $changes ) ) {
			$enabled = Input::on_off( $changes['enabled'] );
			if ( null === $enabled ) {
				return Input::invalid( 'enabled', __( 'Enabled must be true or false.', 'xmlrpc-shield' ) );
			}
			$config['enabled'] = $enabled;
		}
		if ( $config['enabled'] && ! self::is_complete( $config ) ) {
			return Input::invalid( 'enabled', __( 'Pushing to CrowdSec needs the Local API URL, the machine name and its password.', 'xmlrpc-shield' ) );
		}
		update_option( Settings::CROWDSEC, $config, false );
		return self::to_public();
	}

	/**
	 * A Local API base URL: http or https, a host, no credentials, query or fragment; kept
	 * with one trailing slash so API paths append cleanly. Empty clears it.
	 *
	 * @param mixed $value Input.
	 * @return string|\WP_Error
	 */
	private static function validate_url( $value ) {
		if ( ! is_string( $value ) ) {
			return Input::invalid( 'url', __( 'The Local API URL must be text.', 'xmlrpc-shield' ) );
		}
		$value = trim( $value );
		if ( '' === $value ) {
			return '';
		}
		$parts = wp_parse_url( $value );
		if ( ! is_array( $parts ) || ! in_array( strtolower( (string) ( $parts['scheme'] ?? '' ) ), array( 'http', 'https' ), true ) || '' === (string) ( $parts['host'] ?? '' )
			|| isset( $parts['user'] ) || isset( $parts['pass'] ) || isset( $parts['query'] ) || isset( $parts['fragment'] ) || preg_match( '/\s/', $value ) ) {
			return Input::invalid( 'url', __( 'The Local API URL must be an http:// or https:// address such as http://127.0.0.1:8080/, without a user name, password or query.', 'xmlrpc-shield' ) );
		}
		return rtrim( $value, '/' ) . '/';
	}
}
