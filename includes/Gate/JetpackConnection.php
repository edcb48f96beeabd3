<?php
/**
 * The site's Jetpack connection, as the gate needs it: is there one, and did this request come
 * from Jetpack's servers?
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Gate;

use XmlrpcShield\EarlyGate\Installer;
use XmlrpcShield\Settings;

/**
 * Reads the options Jetpack's connection package keeps (any plugin built on it: Jetpack, Boost,
 * VaultPress Backup…), so it works before and without Jetpack's code: `jetpack_options['id']`
 * (the WordPress.com blog id), `jetpack_private_options['blog_token']` (`key.secret`) and
 * `['user_tokens']` (`key.secret.user-id` per user), the JETPACK_BLOG_TOKEN constant, and
 * `jetpack_options['time_diff']` (WordPress.com's clock minus the site's).
 *
 * Each timestamp + nonce pair verifies once: pairs are kept in our own option rows, inserted
 * under the options table's unique name (a concurrent replay loses the race), and rows past
 * the timestamp window are deleted. Not Jetpack's own nonce rows: Jetpack checks the same
 * request after us and would refuse a nonce we had already stored there.
 */
final class JetpackConnection {

	/** Jetpack's option names. */
	const OPTIONS         = 'jetpack_options';
	const PRIVATE_OPTIONS = 'jetpack_private_options';

	/** Expired nonce rows deleted per stored nonce, so the rows stay bounded without cron. */
	const NONCE_PRUNE_BATCH = 50;

	/**
	 * This request's verdict, once computed: the nonce is used up on the first check.
	 *
	 * @var bool|null
	 */
	private static $verified;

	/**
	 * Keeps the early gate's copy of "connected" current when Jetpack connects or disconnects.
	 */
	public static function register(): void {
		foreach ( array( self::OPTIONS, self::PRIVATE_OPTIONS ) as $option ) {
			add_action( 'update_option_' . $option, array( self::class, 'option_updated' ), 10, 3 );
			add_action( 'add_option_' . $option, array( self::class, 'option_added' ), 10, 2 );
			add_action( 'delete_option_' . $option, array( Installer::class, 'write_settings' ) );
		}
	}

	/**
	 * Whether the site is connected: a blog id and a blog token.
	 */
	public static function is_connected(): bool {
		return self::connected_from( get_option( self::OPTIONS ), get_option( self::PRIVATE_OPTIONS ) );
	}

	/**
	 * Whether the current request is a call from Jetpack's servers to xmlrpc.php whose signature
	 * verifies against the token the site holds, with a timestamp + nonce not seen before.
	 * Computed once per request.
	 */
	public static function verifies_current_request(): bool {
		if ( null === self::$verified ) {
			self::$verified = self::verify_current_request();
		}
		return self::$verified;
	}

	/**
	 * Callback for update_option_{jetpack option}: refresh the early gate when the connection
	 * came or went (Jetpack writes these options often; most writes change neither).
	 *
	 * @param mixed  $old_value Previous value.
	 * @param mixed  $value     New value.
	 * @param string $option    Option name.
	 */
	public static function option_updated( $old_value, $value, $option ): void {
		if ( self::connected_with( (string) $option, $old_value ) !== self::connected_with( (string) $option, $value ) ) {
			Installer::write_settings();
		}
	}

	/**
	 * Callback for add_option_{jetpack option}.
	 *
	 * @param string $option Option name.
	 * @param mixed  $value  Value.
	 */
	public static function option_added( $option, $value ): void {
		self::option_updated( false, $value, $option );
	}

	/**
	 * Deletes our nonce rows (uninstall).
	 */
	public static function forget_nonces(): void {
		global $wpdb;
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like( Settings::JETPACK_NONCE_PREFIX ) . '%' ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
	}

	/**
	 * The check behind verifies_current_request(), in the order Jetpack's Manager makes it.
	 */
	private static function verify_current_request(): bool {
		// Most requests stop at the first test: no ?for=jetpack with a signature.
		if ( ! Decider::is_signed_jetpack_call( $_GET ) || 'xmlrpc' !== Decider::target( $_SERVER ) || ! self::is_connected() ) { // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- the signature is the check.
			return false;
		}
		// Jetpack unslashes what it reads (WordPress slashes the superglobals after plugins load;
		// CallGuard may ask later, after that).
		$server      = wp_unslash( $_SERVER ); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- compared, never output.
		$query       = wp_unslash( $_GET ); // phpcs:ignore WordPress.Security.NonceVerification.Recommended,WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- the signature is the check.
		$api_version = defined( 'JETPACK__API_VERSION' ) ? (string) constant( 'JETPACK__API_VERSION' ) : JetpackSignature::DEFAULT_API_VERSION;
		$token       = JetpackSignature::parse_token_arg( $query['token'], $api_version );
		if ( null === $token || ( $token['user_id'] && ! \WP_User::get_data_by( 'id', $token['user_id'] ) ) ) {
			return false;
		}
		$access_token = self::access_token( $token['key'], $token['user_id'] );
		if ( '' === $access_token ) {
			return false;
		}
		$body    = file_get_contents( 'php://input' ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
		$url     = esc_url_raw( JetpackSignature::request_url( $server, is_ssl(), self::usual_port( 'JETPACK_SIGNATURE__HTTP_PORT', '80' ), self::usual_port( 'JETPACK_SIGNATURE__HTTPS_PORT', '443' ) ) );
		$method  = isset( $server['REQUEST_METHOD'] ) && is_string( $server['REQUEST_METHOD'] ) ? $server['REQUEST_METHOD'] : '';
		$options = get_option( self::OPTIONS );
		$diff    = is_array( $options ) && isset( $options['time_diff'] ) ? (int) $options['time_diff'] : 0;
		$verdict = JetpackSignature::verify( $access_token, $query, $method, $url, false === $body ? '' : $body, time(), $diff );
		return JetpackSignature::OK === $verdict && self::use_nonce( (int) $query['timestamp'], (string) $query['nonce'], $diff );
	}

	/**
	 * The site's token for a key: the blog token (stored or from JETPACK_BLOG_TOKEN) or the
	 * user's, as `key.secret`; '' when none matches the key.
	 *
	 * @param string $key     Token key from the request.
	 * @param int    $user_id 0 for the blog token.
	 */
	private static function access_token( string $key, int $user_id ): string {
		$private = get_option( self::PRIVATE_OPTIONS );
		if ( $user_id ) {
			$stored = is_array( $private ) && isset( $private['user_tokens'][ $user_id ] ) && is_string( $private['user_tokens'][ $user_id ] ) ? $private['user_tokens'][ $user_id ] : '';
			$chunks = explode( '.', $stored );
			if ( empty( $chunks[1] ) || empty( $chunks[2] ) || (string) $user_id !== $chunks[2] ) {
				return '';
			}
			$candidates = array( $chunks[0] . '.' . $chunks[1] );
		} else {
			$candidates = self::blog_tokens( $private );
		}
		$prefix = rtrim( $key, '.' ) . '.';
		foreach ( $candidates as $candidate ) {
			if ( hash_equals( substr( $candidate, 0, strlen( $prefix ) ), $prefix ) ) {
				return $candidate;
			}
		}
		return '';
	}

	/**
	 * The blog tokens: the stored one, then those the JETPACK_BLOG_TOKEN constant lists.
	 *
	 * @param mixed $private The jetpack_private_options value.
	 * @return string[]
	 */
	private static function blog_tokens( $private ): array {
		$tokens = array();
		if ( is_array( $private ) && ! empty( $private['blog_token'] ) && is_string( $private['blog_token'] ) ) {
			$tokens[] = $private['blog_token'];
		}
		if ( defined( 'JETPACK_BLOG_TOKEN' ) && is_string( constant( 'JETPACK_BLOG_TOKEN' ) ) ) {
			$tokens = array_merge( $tokens, array_filter( explode( ',', constant( 'JETPACK_BLOG_TOKEN' ) ) ) );
		}
		return $tokens;
	}

	/**
	 * Whether these option values make a connection.
	 *
	 * @param mixed $options         jetpack_options.
	 * @param mixed $private_options jetpack_private_options.
	 */
	private static function connected_from( $options, $private_options ): bool {
		return is_array( $options ) && ! empty( $options['id'] ) && array() !== self::blog_tokens( $private_options );
	}

	/**
	 * Connection state with one of the two options at a given value.
	 *
	 * @param string $option Which option.
	 * @param mixed  $value  Its value.
	 */
	private static function connected_with( string $option, $value ): bool {
		return self::OPTIONS === $option
			? self::connected_from( $value, get_option( self::PRIVATE_OPTIONS ) )
			: self::connected_from( get_option( self::OPTIONS ), $value );
	}

	/**
	 * A port Jetpack treats as the scheme's usual one, from its constant when defined.
	 *
	 * @param string $constant Constant name.
	 * @param string $fallback Default.
	 */
	private static function usual_port( string $constant, string $fallback ): string {
		return defined( $constant ) ? JetpackSignature::valid_port( constant( $constant ) ) : $fallback;
	}

	/**
	 * Stores a timestamp + nonce pair; false when it was stored before (a replay). Then deletes
	 * a batch of pairs too old to pass the timestamp check again.
	 *
	 * @param int    $timestamp Request timestamp (WordPress.com's clock).
	 * @param string $nonce     Nonce (checked: letters and digits, at most 12).
	 * @param int    $time_diff WordPress.com's clock minus the site's.
	 */
	private static function use_nonce( int $timestamp, string $nonce, int $time_diff ): bool {
		global $wpdb;
		$name   = Settings::JETPACK_NONCE_PREFIX . sprintf( '%010d', $timestamp ) . '_' . $nonce;
		$errors = $wpdb->hide_errors();
		// A plain INSERT: the unique option_name makes the second of two equal pairs fail, even
		// when both arrive at once (add_option() would update instead).
		$stored = (bool) $wpdb->query( $wpdb->prepare( "INSERT INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, 'off')", $name, (string) time() ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		$wpdb->show_errors( $errors );
		if ( $stored ) {
			$cutoff = Settings::JETPACK_NONCE_PREFIX . sprintf( '%010d', max( 0, time() + $time_diff - JetpackSignature::MAX_AGE - 60 ) );
			$ids    = $wpdb->get_col( $wpdb->prepare( "SELECT option_id FROM {$wpdb->options} WHERE option_name >= %s AND option_name < %s LIMIT %d", Settings::JETPACK_NONCE_PREFIX, $cutoff, self::NONCE_PRUNE_BATCH ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			if ( $ids ) {
				$wpdb->query( 'DELETE FROM ' . $wpdb->options . ' WHERE option_id IN (' . implode( ',', array_map( 'intval', $ids ) ) . ')' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.NotPrepared -- integers only.
			}
		}
		return $stored;
	}
}
