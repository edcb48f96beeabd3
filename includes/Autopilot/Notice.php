<?php
/**
 * The admin notice after an unattended install or rollback.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Autopilot;

use XmlrpcShield\Capabilities;
use XmlrpcShield\EarlyGate\Installer;
use XmlrpcShield\Settings;

/**
 * Rendered from the current state on each screen (never a stored message): what autopilot did
 * last, when, why with its figures, which files changed, and how to undo it. Only for users who
 * may change the early gate (network administrators on a network, in the network admin and on
 * the main site). Dismissing hides it until autopilot does something new.
 */
final class Notice {

	const DISMISS_ACTION = 'xmlrpc_shield_dismiss_autopilot';

	/** Events the notice tells about when they are the latest (the owner's own actions need none). */
	const NOTIFIED = array( State::EVENT_INSTALLED, State::EVENT_VERIFIED, State::EVENT_ROLLED_BACK, State::EVENT_FAILED );

	/**
	 * Prints the notice when there is something new to say.
	 */
	public static function render(): void {
		if ( ! Capabilities::can_manage_network() ) {
			return;
		}
		$events = Autopilot::state()->events();
		$latest = $events[0] ?? null;
		if ( null === $latest || ! in_array( $latest['kind'] ?? '', self::NOTIFIED, true ) || (int) get_user_meta( get_current_user_id(), Settings::AUTOPILOT_DISMISSED, true ) >= (int) $latest['at'] ) {
			return;
		}
		$status = Installer::status();
		// Said only while it is still true: an install the gate no longer has, or a failure
		// since fixed by hand, needs no notice.
		$tells_of_an_install = in_array( $latest['kind'], array( State::EVENT_INSTALLED, State::EVENT_VERIFIED ), true );
		if ( $tells_of_an_install !== $status['installed'] ) {
			return;
		}
		$dismiss = wp_nonce_url( admin_url( 'admin-post.php?action=' . self::DISMISS_ACTION . '&at=' . (int) $latest['at'] ), self::DISMISS_ACTION );
		$when    = wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), (int) $latest['at'] );
		$class   = $status['installed'] ? 'notice-success' : 'notice-warning';
		echo '<div class="notice ' . esc_attr( $class ) . '" id="xmlrpc-shield-autopilot-notice" data-state="' . esc_attr( Autopilot::to_array()['state'] ) . '"><p><strong>';
		if ( $status['installed'] ) {
			/* translators: 1: how the gate is hooked (htaccess, user-ini, mu-plugin), 2: date and time. */
			echo esc_html( sprintf( __( 'XML-RPC Shield installed its early gate (%1$s) by itself on %2$s.', 'xmlrpc-shield' ), $status['method'], $when ) );
		} else {
			/* translators: %s: date and time. */
			echo esc_html( sprintf( __( 'XML-RPC Shield could not install its early gate by itself (%s); nothing was left changed.', 'xmlrpc-shield' ), $when ) );
		}
		echo '</strong> ' . esc_html( (string) $latest['reason'] ) . '</p>';
		if ( $status['installed'] && array() !== $status['files'] ) {
			echo '<p>' . esc_html__( 'Files it wrote or changed:', 'xmlrpc-shield' ) . ' <code>' . implode( '</code>, <code>', array_map( 'esc_html', $status['files'] ) ) . '</code></p>';
			echo '<p>' . esc_html__( 'To undo it, remove the early gate on the XML-RPC Shield page or run "wp xmlrpc-shield early-gate remove"; autopilot then never installs it again by itself. "wp xmlrpc-shield autopilot off" stops automatic installs and keeps what is installed.', 'xmlrpc-shield' ) . '</p>';
		}
		echo '<p><a href="' . esc_url( Capabilities::network_page_url() ) . '">' . esc_html__( 'Open XML-RPC Shield', 'xmlrpc-shield' ) . '</a> | <a href="' . esc_url( $dismiss ) . '">' . esc_html__( 'Dismiss', 'xmlrpc-shield' ) . '</a></p></div>';
	}

	/**
	 * Dismisses the notice for the current user, up to the event it showed.
	 */
	public static function handle_dismiss(): void {
		if ( ! Capabilities::can_manage_network() ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to do that.', 'xmlrpc-shield' ), '', array( 'response' => 403 ) );
		}
		check_admin_referer( self::DISMISS_ACTION );
		$at = isset( $_GET['at'] ) ? absint( $_GET['at'] ) : 0;
		update_user_meta( get_current_user_id(), Settings::AUTOPILOT_DISMISSED, $at );
		wp_safe_redirect( wp_get_referer() ? wp_get_referer() : admin_url() );
		exit;
	}
}
