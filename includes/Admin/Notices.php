<?php
/**
 * Admin notices: the mode in force (and why activation chose it), and the reverse-proxy warning.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Admin;

use XmlrpcShield\Allowlist;
use XmlrpcShield\Capabilities;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Gate\TrustedProxies;
use XmlrpcShield\Settings;
use XmlrpcShield\TrustedProxyList;

/**
 * Notices are dismissed through admin-post.php with a nonce and a capability check.
 */
final class Notices {

	const DISMISS_ACTION = 'xmlrpc_shield_dismiss_notice';
	const PRESET_ACTION  = 'xmlrpc_shield_notice_jetpack';

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
	 * Whether requests reach us through a proxy we were not told to trust.
	 *
	 * @param array<string,mixed> $server Server variables.
	 */
	public static function untrusted_proxy_suspected( array $server ): bool {
		$forwarded = ! empty( $server['HTTP_CF_CONNECTING_IP'] ) || ! empty( $server['HTTP_X_FORWARDED_FOR'] );
		return $forwarded && array() === TrustedProxyList::cidrs();
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
		$headers = array_column( TrustedProxyList::entries(), 'header' );
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
		if ( is_array( $notice ) && isset( $notice['mode'] ) && self::on_activation_notice_screen() ) {
			self::render_activation_notice( $notice );
		}
		$reason = '';
		if ( self::untrusted_proxy_suspected( $_SERVER ) ) {
			$reason = __( 'Requests carry forwarding headers but no trusted proxies are configured, so every hit may look like it comes from the proxy\'s address. Add your proxy\'s ranges (or the Cloudflare preset) under Trusted proxies.', 'xmlrpc-shield' );
		} elseif ( self::cloudflare_untrusted_suspected( $_SERVER ) ) {
			$reason = __( 'Requests carry CF-Connecting-IP, which is believed only from Cloudflare\'s own ranges, and none is trusted, so every hit may look like it comes from Cloudflare. If Cloudflare is in front of your proxy, add the Cloudflare preset under Trusted proxies.', 'xmlrpc-shield' );
		}
		// Trusted proxies are network-level: only who can change them hears about them.
		if ( '' !== $reason && Capabilities::can_manage_network() && ! get_user_meta( get_current_user_id(), Settings::PROXY_NOTICE_DISMISSED, true ) ) {
			$dismiss = wp_nonce_url( admin_url( 'admin-post.php?action=' . self::DISMISS_ACTION . '&notice=proxy' ), self::DISMISS_ACTION );
			echo '<div class="notice notice-warning"><p><strong>' . esc_html__( 'XML-RPC Shield: this site seems to sit behind a proxy or CDN.', 'xmlrpc-shield' ) . '</strong> ';
			echo esc_html( $reason );
			echo ' <a href="' . esc_url( Capabilities::network_page_url() ) . '">' . esc_html__( 'Open settings', 'xmlrpc-shield' ) . '</a> | <a href="' . esc_url( $dismiss ) . '">' . esc_html__( 'Dismiss', 'xmlrpc-shield' ) . '</a></p></div>';
		}
	}

	/**
	 * Screens that show the activation notice: where activation lands (Plugins), the Dashboard
	 * and our own page, not every admin screen.
	 */
	private static function on_activation_notice_screen(): bool {
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		if ( null === $screen ) {
			return false;
		}
		$screens = array( 'dashboard', 'dashboard-network', 'plugins', 'plugins-network', AdminPage::hook_suffix() );
		return in_array( $screen->id, $screens, true );
	}

	/**
	 * The "which mode and why" notice shown after activation. Every sentence comes from the
	 * mode in force now; the stored notice only remembers which mode activation chose and why,
	 * and those reasons are shown only while that mode is still the one in force.
	 *
	 * @param array<string,mixed> $notice Stored notice: chosen mode, reasons, Jetpack found.
	 */
	private static function render_activation_notice( array $notice ): void {
		$mode    = Settings::mode();
		$chosen  = (string) $notice['mode'] === $mode;
		$reasons = $chosen && isset( $notice['reasons'] ) && is_array( $notice['reasons'] ) ? $notice['reasons'] : array();
		$dismiss = wp_nonce_url( admin_url( 'admin-post.php?action=' . self::DISMISS_ACTION . '&notice=activation' ), self::DISMISS_ACTION );
		echo '<div class="notice notice-info" id="xmlrpc-shield-activation-notice" data-mode="' . esc_attr( $mode ) . '"><p><strong>';
		if ( Decider::MODE_OFF === $mode ) {
			echo esc_html__( 'XML-RPC Shield is off.', 'xmlrpc-shield' );
		} else {
			/* translators: %s: mode name. */
			echo esc_html( sprintf( __( 'XML-RPC Shield is on in "%s" mode.', 'xmlrpc-shield' ), ModeLabels::label( $mode ) ) );
		}
		echo '</strong> ' . esc_html( ModeLabels::description( $mode ) ) . '</p>';
		if ( array() !== $reasons ) {
			echo '<p>' . esc_html__( 'Activation chose this mode because:', 'xmlrpc-shield' ) . '</p><ul style="list-style:disc;margin-left:2em">';
			foreach ( $reasons as $reason ) {
				echo '<li>' . esc_html( (string) $reason ) . '</li>';
			}
			echo '</ul>';
		} elseif ( $chosen && Decider::MODE_BLOCK === $mode ) {
			echo '<p>' . esc_html__( 'Nothing on this site seemed to rely on XML-RPC (no connected Jetpack, no recent app logins).', 'xmlrpc-shield' ) . '</p>';
		}
		// One next step: Jetpack's ranges while XML-RPC is being refused, else the mode itself.
		$refusing = in_array( $mode, array( Decider::MODE_BLOCK, Decider::MODE_PINGBACK ), true );
		if ( ! empty( $notice['jetpack'] ) && $refusing ) {
			$step = '<a href="' . esc_url( wp_nonce_url( admin_url( 'admin-post.php?action=' . self::PRESET_ACTION ), self::PRESET_ACTION ) ) . '">' . esc_html__( 'Allowlist Jetpack\'s addresses', 'xmlrpc-shield' ) . '</a>';
		} else {
			$step = '<a href="' . esc_url( AdminPage::url() . '#xmlrpc-shield-mode' ) . '">' . esc_html__( 'Review the mode', 'xmlrpc-shield' ) . '</a>';
		}
		echo '<p>' . $step . ' | <a href="' . esc_url( $dismiss ) . '">' . esc_html__( 'Dismiss', 'xmlrpc-shield' ) . '</a></p></div>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- $step is built from escaped parts above.
	}

	/**
	 * Dismisses a notice.
	 */
	public static function handle_dismiss(): void {
		self::guard( self::DISMISS_ACTION );
		$which = isset( $_GET['notice'] ) ? sanitize_key( wp_unslash( $_GET['notice'] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- verified in guard().
		if ( 'proxy' === $which ) {
			update_user_meta( get_current_user_id(), Settings::PROXY_NOTICE_DISMISSED, 1 );
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
