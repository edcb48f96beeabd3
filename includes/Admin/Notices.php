<?php
/**
 * Admin notices: which mode activation chose and why, and the reverse-proxy warning.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Admin;

use XmlrpcShield\Allowlist;
use XmlrpcShield\Capabilities;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Gate\TrustedProxies;
use XmlrpcShield\Settings;

/**
 * Notices are dismissed through admin-post.php with a nonce and a capability check.
 */
final class Notices {

	const DISMISS_ACTION = 'xmlrpc_shield_dismiss_notice';
	const PRESET_ACTION  = 'xmlrpc_shield_notice_jetpack';
	const PROXY_DISMISS  = 'xmlrpc_shield_proxy_notice_dismissed';

	/**
	 * Registers hooks.
	 */
	public static function register(): void {
		add_action( 'admin_notices', array( self::class, 'render' ) );
		add_action( 'network_admin_notices', array( self::class, 'render' ) );
		add_action( 'admin_post_' . self::DISMISS_ACTION, array( self::class, 'handle_dismiss' ) );
		add_action( 'admin_post_' . self::PRESET_ACTION, array( self::class, 'handle_jetpack_preset' ) );
	}

	/**
	 * Human label of a mode.
	 *
	 * @param string $mode Mode.
	 */
	public static function mode_label( string $mode ): string {
		$labels = array(
			Decider::MODE_BLOCK    => __( 'Block', 'xmlrpc-shield' ),
			Decider::MODE_PINGBACK => __( 'Pingback protection', 'xmlrpc-shield' ),
			Decider::MODE_MONITOR  => __( 'Monitor only', 'xmlrpc-shield' ),
			Decider::MODE_OFF      => __( 'Off', 'xmlrpc-shield' ),
		);
		return isset( $labels[ $mode ] ) ? $labels[ $mode ] : $mode;
	}

	/**
	 * Whether requests reach us through a proxy we were not told to trust.
	 *
	 * @param array<string,mixed> $server Server variables.
	 */
	public static function untrusted_proxy_suspected( array $server ): bool {
		$forwarded = ! empty( $server['HTTP_CF_CONNECTING_IP'] ) || ! empty( $server['HTTP_X_FORWARDED_FOR'] );
		return $forwarded && array() === Settings::trusted_proxies();
	}

	/**
	 * Whether Cloudflare seems to be in front of a trusted proxy that is not Cloudflare: the
	 * request carries CF-Connecting-IP, yet no trusted range is believed for it (only
	 * Cloudflare's edge ranges are), so every client may look like a Cloudflare address.
	 *
	 * @param array<string,mixed> $server Server variables.
	 */
	public static function cloudflare_untrusted_suspected( array $server ): bool {
		if ( empty( $server['HTTP_CF_CONNECTING_IP'] ) ) {
			return false;
		}
		$headers = array_column( Settings::trusted_proxy_entries(), 'header' );
		return array() !== $headers && ! in_array( TrustedProxies::HEADER_CF_CONNECTING_IP, $headers, true );
	}

	/**
	 * Prints the notices.
	 */
	public static function render(): void {
		if ( ! Capabilities::can_manage_site() ) {
			return;
		}
		$notice = get_option( Settings::NOTICE );
		if ( is_array( $notice ) && isset( $notice['mode'] ) ) {
			self::render_activation_notice( $notice );
		}
		$reason = '';
		if ( self::untrusted_proxy_suspected( $_SERVER ) ) {
			$reason = __( 'Requests carry forwarding headers but no trusted proxies are configured, so every hit may look like it comes from the proxy\'s address. Add your proxy\'s ranges (or the Cloudflare preset) under Trusted proxies.', 'xmlrpc-shield' );
		} elseif ( self::cloudflare_untrusted_suspected( $_SERVER ) ) {
			$reason = __( 'Requests carry CF-Connecting-IP, which is believed only from Cloudflare\'s own ranges, and none is trusted, so every hit may look like it comes from Cloudflare. If Cloudflare is in front of your proxy, add the Cloudflare preset under Trusted proxies.', 'xmlrpc-shield' );
		}
		// Trusted proxies are network-level: only who can change them hears about them.
		if ( '' !== $reason && Capabilities::can_manage_network() && ! get_user_meta( get_current_user_id(), self::PROXY_DISMISS, true ) ) {
			$dismiss = wp_nonce_url( admin_url( 'admin-post.php?action=' . self::DISMISS_ACTION . '&notice=proxy' ), self::DISMISS_ACTION );
			echo '<div class="notice notice-warning"><p><strong>' . esc_html__( 'XML-RPC Shield: this site seems to sit behind a proxy or CDN.', 'xmlrpc-shield' ) . '</strong> ';
			echo esc_html( $reason );
			echo ' <a href="' . esc_url( Capabilities::network_page_url() ) . '">' . esc_html__( 'Open settings', 'xmlrpc-shield' ) . '</a> | <a href="' . esc_url( $dismiss ) . '">' . esc_html__( 'Dismiss', 'xmlrpc-shield' ) . '</a></p></div>';
		}
	}

	/**
	 * The "which mode and why" notice shown after activation.
	 *
	 * @param array<string,mixed> $notice Stored notice.
	 */
	private static function render_activation_notice( array $notice ): void {
		$mode    = (string) $notice['mode'];
		$reasons = isset( $notice['reasons'] ) && is_array( $notice['reasons'] ) ? $notice['reasons'] : array();
		$dismiss = wp_nonce_url( admin_url( 'admin-post.php?action=' . self::DISMISS_ACTION . '&notice=activation' ), self::DISMISS_ACTION );
		echo '<div class="notice notice-info" id="xmlrpc-shield-activation-notice"><p><strong>';
		/* translators: %s: mode name. */
		echo esc_html( sprintf( __( 'XML-RPC Shield is on in "%s" mode.', 'xmlrpc-shield' ), self::mode_label( $mode ) ) );
		echo '</strong> ';
		if ( Decider::MODE_PINGBACK === $mode ) {
			echo esc_html__( 'XML-RPC stays open for apps and Jetpack; pingbacks and system.multicall are refused, because:', 'xmlrpc-shield' );
			echo '</p><ul style="list-style:disc;margin-left:2em">';
			foreach ( $reasons as $reason ) {
				echo '<li>' . esc_html( (string) $reason ) . '</li>';
			}
			echo '</ul><p>';
		} else {
			echo esc_html__( 'Every request to xmlrpc.php now gets a 403 unless its address is on the allowlist. Nothing on this site seemed to rely on XML-RPC (no connected Jetpack, no recent app logins).', 'xmlrpc-shield' ) . ' ';
		}
		echo esc_html__( 'You can change the mode and the allowlist at any time.', 'xmlrpc-shield' );
		echo ' <a href="' . esc_url( AdminPage::url() ) . '">' . esc_html__( 'Open XML-RPC Shield', 'xmlrpc-shield' ) . '</a>';
		if ( ! empty( $notice['jetpack'] ) ) {
			$preset = wp_nonce_url( admin_url( 'admin-post.php?action=' . self::PRESET_ACTION ), self::PRESET_ACTION );
			echo ' | <a href="' . esc_url( $preset ) . '">' . esc_html__( 'Allowlist Jetpack\'s addresses', 'xmlrpc-shield' ) . '</a>';
		}
		echo ' | <a href="' . esc_url( $dismiss ) . '">' . esc_html__( 'Dismiss', 'xmlrpc-shield' ) . '</a></p></div>';
	}

	/**
	 * Dismisses a notice.
	 */
	public static function handle_dismiss(): void {
		self::guard( self::DISMISS_ACTION );
		$which = isset( $_GET['notice'] ) ? sanitize_key( wp_unslash( $_GET['notice'] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- verified in guard().
		if ( 'proxy' === $which ) {
			update_user_meta( get_current_user_id(), self::PROXY_DISMISS, 1 );
		} else {
			delete_option( Settings::NOTICE );
		}
		wp_safe_redirect( wp_get_referer() ? wp_get_referer() : admin_url() );
		exit;
	}

	/**
	 * Applies the Jetpack allowlist preset from the notice.
	 */
	public static function handle_jetpack_preset(): void {
		self::guard( self::PRESET_ACTION );
		Allowlist::apply_preset( 'jetpack' );
		wp_safe_redirect( AdminPage::url() );
		exit;
	}

	/**
	 * Capability and nonce check for notice actions.
	 *
	 * @param string $action Nonce action.
	 */
	private static function guard( string $action ): void {
		if ( ! Capabilities::can_manage_site() ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to do that.', 'xmlrpc-shield' ), '', array( 'response' => 403 ) );
		}
		check_admin_referer( $action );
	}
}
