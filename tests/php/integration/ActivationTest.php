<?php
/**
 * First contact: activation picks the mode from what the site really uses (an application
 * password used over XML-RPC, a connected Jetpack, publishing calls in the log), says which
 * mode and why in a notice the owner can dismiss, and warns when forwarding headers arrive with
 * no trusted proxy. Notices are read from real wp-admin pages over HTTP.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

use XmlrpcShield\Admin\ModeLabels;
use XmlrpcShield\Admin\Notices;
use XmlrpcShield\Allowlist;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Lifecycle\Activation;
use XmlrpcShield\Lifecycle\UsageDetector;
use XmlrpcShield\Log\HitTable;
use XmlrpcShield\Settings;

final class ActivationTest extends IntegrationTestCase {

	/** @var string[] */
	private $active_plugins = array();

	protected function setUp(): void {
		parent::setUp();
		$this->active_plugins = (array) get_option( 'active_plugins', array() );
	}

	protected function tearDown(): void {
		update_option( 'active_plugins', $this->active_plugins );
		delete_option( 'jetpack_options' );
		delete_option( 'xs_test_app_passwords' );
		delete_option( Settings::NOTICE );
		delete_user_meta( 1, \WP_Application_Passwords::USERMETA_KEY_APPLICATION_PASSWORDS );
		delete_user_meta( 1, Settings::PROXY_NOTICE_DISMISSED );
		wp_cache_flush();
		parent::tearDown();
	}

	/**
	 * Activation as on a site that never had the plugin (no mode stored yet).
	 */
	private static function first_activation(): void {
		delete_option( Settings::MODE );
		delete_option( Settings::NOTICE );
		wp_cache_flush();
		Activation::activate_site();
		wp_cache_flush();
	}

	/**
	 * The Dashboard as the administrator sees it.
	 *
	 * @param array<string,string> $headers Extra request headers.
	 */
	private static function dashboard( string $cookie, array $headers = array() ): string {
		$page = self::http( 'GET', '/wp-admin/', null, array_merge( array( 'Cookie' => $cookie ), $headers ) );
		self::assertSame( 200, $page['status'] );
		return $page['body'];
	}

	/**
	 * The href of the first link whose URL matches $pattern, decoded for a request.
	 */
	private static function link( string $html, string $pattern ): string {
		self::assertSame( 1, preg_match( '~href="([^"]*' . $pattern . '[^"]*)"~', $html, $match ), "no link matching {$pattern}" );
		$url = html_entity_decode( $match[1], ENT_QUOTES );
		return (string) substr( $url, strlen( XS_TEST_SITE_URL ) );
	}

	/**
	 * The mobile app's first call: list my blogs, logging in with an application password.
	 *
	 * @return true|string True, or the XML-RPC error.
	 */
	private static function app_logs_in( string $password ) {
		$client = self::client();
		return $client->query( 'wp.getUsersBlogs', 'admin', $password ) ? true : $client->getErrorCode() . ' ' . $client->getErrorMessage();
	}

	public function test_without_signs_of_use_it_starts_in_block_mode_and_says_why(): void {
		self::first_activation();
		$this->assertSame( Decider::MODE_BLOCK, Settings::mode() );
		$this->assertSame( array(), get_option( Settings::NOTICE )['reasons'] );

		$cookie = self::login_cookie( 1 );
		$html   = self::dashboard( $cookie );
		$this->assertStringContainsString( 'XML-RPC Shield is on in &quot;Block&quot; mode.', $html );
		$this->assertStringContainsString( 'Nothing on this site seemed to rely on XML-RPC', $html );
		$this->assertStringNotContainsString( 'Allowlist Jetpack', $html );
		$this->assertSame( 403, self::post_xmlrpc( self::PINGBACK_BODY )['status'] );

		// The notice's own Dismiss link (a core-issued nonce) removes it for good.
		$dismiss = self::link( $html, 'action=' . Notices::DISMISS_ACTION . '[^"]*notice=activation' );
		$this->assertSame( 302, self::http( 'GET', $dismiss, null, array( 'Cookie' => $cookie ) )['status'] );
		wp_cache_flush();
		$this->assertFalse( get_option( Settings::NOTICE ) );
		$this->assertStringNotContainsString( 'xmlrpc-shield-activation-notice', self::dashboard( $cookie ) );
	}

	public function test_the_notice_names_the_mode_in_force_with_the_pages_label(): void {
		self::first_activation();
		$this->assertSame( Decider::MODE_BLOCK, Settings::mode() );
		// The owner switches to pingback protection after activation chose block.
		$this->assertIsArray( Settings::update( array( 'mode' => Decider::MODE_PINGBACK ) ) );
		$cookie = self::login_cookie( 1 );
		$html   = self::dashboard( $cookie );

		// The admin page's words (src/common/modes.ts, checked against this fixture by Jest).
		$page_words = json_decode( (string) file_get_contents( dirname( __DIR__, 2 ) . '/js/fixtures/mode-labels.json' ), true );
		$this->assertSame( $page_words, ModeLabels::all(), 'PHP and the admin page use the same mode names' );
		$label = $page_words[ Decider::MODE_PINGBACK ]['label'];
		$this->assertStringContainsString( esc_html( sprintf( 'XML-RPC Shield is on in "%s" mode.', $label ) ), $html );
		$this->assertStringContainsString( esc_html( $page_words[ Decider::MODE_PINGBACK ]['description'] ), $html );
		$this->assertStringNotContainsString( '&quot;Block&quot; mode', $html );
		$this->assertStringNotContainsString( 'gets a 403', $html );
		$this->assertStringNotContainsString( 'Nothing on this site seemed to rely on XML-RPC', $html, 'why activation chose block no longer applies' );

		// One next step besides Dismiss: the mode on the plugin's page.
		$this->assertSame( 1, preg_match( '~<div class="notice[^"]*" id="xmlrpc-shield-activation-notice".*?</div>~s', $html, $notice ) );
		preg_match_all( '~<a href="([^"]*)"~', $notice[0], $links );
		$this->assertCount( 2, $links[1] );
		$this->assertStringContainsString( 'page=xmlrpc-shield#xmlrpc-shield-mode', $links[1][0] );
		$this->assertStringContainsString( 'notice=activation', $links[1][1] );

		// Off reads as off, on every screen that shows it.
		$this->assertIsArray( Settings::update( array( 'mode' => Decider::MODE_OFF ) ) );
		$this->assertStringContainsString( 'XML-RPC Shield is off.', self::dashboard( $cookie ) );
		$page = self::http( 'GET', '/wp-admin/tools.php?page=xmlrpc-shield', null, array( 'Cookie' => $cookie ) );
		$this->assertStringContainsString( 'XML-RPC Shield is off.', $page['body'] );

		// Not on every admin screen: the Posts list stays clean.
		$posts = self::http( 'GET', '/wp-admin/edit.php', null, array( 'Cookie' => $cookie ) );
		$this->assertSame( 200, $posts['status'] );
		$this->assertStringNotContainsString( 'xmlrpc-shield-activation-notice', $posts['body'] );
	}

	public function test_a_forged_or_anonymous_dismiss_changes_nothing(): void {
		self::first_activation();
		$forged = self::http( 'GET', '/wp-admin/admin-post.php?action=' . Notices::DISMISS_ACTION . '&notice=activation&_wpnonce=0123456789', null, array( 'Cookie' => self::login_cookie( 1 ) ) );
		$this->assertSame( 403, $forged['status'] );
		self::http( 'GET', '/wp-admin/admin-post.php?action=' . Notices::DISMISS_ACTION . '&notice=activation' );
		wp_cache_flush();
		$this->assertSame( Decider::MODE_BLOCK, get_option( Settings::NOTICE )['mode'], 'the notice is still there' );
	}

	public function test_an_application_password_used_over_xmlrpc_starts_in_pingback_mode(): void {
		update_option( 'xs_test_app_passwords', 1 );
		list( $password ) = \WP_Application_Passwords::create_new_application_password( 1, array( 'name' => 'Mobile app' ) );
		// The app logs in over XML-RPC while the plugin is off; core records when it was used.
		Settings::set_mode( Decider::MODE_OFF );
		$this->assertTrue( self::app_logs_in( $password ) );
		wp_cache_flush();
		$this->assertTrue( UsageDetector::recent_application_password_use() );

		self::first_activation();
		$this->assertSame( Decider::MODE_PINGBACK, Settings::mode() );
		$html = self::dashboard( self::login_cookie( 1 ) );
		$this->assertStringContainsString( 'XML-RPC Shield is on in &quot;Pingback protection&quot; mode.', $html );
		$this->assertStringContainsString( 'An application password was used in the last 30 days', $html );

		// The app keeps working; pingbacks do not.
		$this->assertTrue( self::app_logs_in( $password ) );
		$pingback = self::client();
		$this->assertFalse( $pingback->query( 'pingback.ping', 'http://attacker.example/post', XS_TEST_SITE_URL . '/hello-world/' ) );
		$this->assertSame( 405, $pingback->getErrorCode() );
	}

	public function test_a_connected_jetpack_starts_in_pingback_mode_and_offers_its_preset(): void {
		// What Jetpack leaves behind when connected: its plugin in the active list, a blog id.
		update_option( 'active_plugins', array_merge( $this->active_plugins, array( 'jetpack/jetpack.php' ) ) );
		update_option( 'jetpack_options', array( 'id' => 123456 ) );
		self::first_activation();
		update_option( 'active_plugins', $this->active_plugins );
		$this->assertSame( Decider::MODE_PINGBACK, Settings::mode() );
		$this->assertTrue( get_option( Settings::NOTICE )['jetpack'] );

		$cookie = self::login_cookie( 1 );
		$html   = self::dashboard( $cookie );
		$this->assertStringContainsString( 'Jetpack is active and connected', $html );
		$this->assertSame( array(), Allowlist::cidrs() );
		$preset = self::link( $html, 'action=' . Notices::PRESET_ACTION );
		$this->assertSame( 302, self::http( 'GET', $preset, null, array( 'Cookie' => $cookie ) )['status'] );
		wp_cache_flush();
		$this->assertContains( '192.0.80.0/20', Allowlist::cidrs(), 'Jetpack\'s published ranges are allowlisted' );
	}

	public function test_publishing_calls_in_the_log_start_in_pingback_mode(): void {
		global $wpdb;
		// A row the plugin logged in monitor mode before it was deactivated: the app posted.
		$wpdb->insert( // phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery
			HitTable::name(),
			array(
				'bucket'     => (int) ( floor( time() / 60 ) * 60 ),
				'ip'         => '198.51.100.7',
				'subnet'     => '198.51.100.0/24',
				'method'     => 'wp.newPost',
				'outcome'    => 'logged',
				'hits'       => 3,
				'user_agent' => 'wp-iphone/24.0',
			)
		);
		self::first_activation();
		$this->assertSame( Decider::MODE_PINGBACK, Settings::mode() );
		$this->assertStringContainsString( 'publishing calls', implode( ' ', get_option( Settings::NOTICE )['reasons'] ) );
	}

	public function test_forwarding_headers_without_trusted_proxies_bring_a_warning(): void {
		delete_option( Settings::NOTICE );
		$cookie = self::login_cookie( 1 );
		$this->assertStringNotContainsString( 'seems to sit behind a proxy', self::dashboard( $cookie ) );
		$behind = array( 'CF-Connecting-IP' => '203.0.113.50' );
		$html   = self::dashboard( $cookie, $behind );
		$this->assertStringContainsString( 'seems to sit behind a proxy or CDN', $html );

		// Trusting the proxy answers the warning for X-Forwarded-For; CF-Connecting-IP is only
		// believed from Cloudflare's ranges, which the warning then asks for.
		$this->assertIsArray( Settings::update( array( 'trusted_proxies' => array( '127.0.0.1/32', '::1/128' ) ) ) );
		$this->assertStringNotContainsString( 'seems to sit behind a proxy', self::dashboard( $cookie, array( 'X-Forwarded-For' => '203.0.113.50' ) ) );
		$this->assertStringContainsString( 'add the Cloudflare preset', self::dashboard( $cookie, $behind ) );
		$this->assertIsArray( Settings::add_proxy_preset( 'cloudflare' ) );
		$this->assertStringNotContainsString( 'seems to sit behind a proxy', self::dashboard( $cookie, $behind ) );
		$this->assertIsArray( Settings::update( array( 'trusted_proxies' => array() ) ) );

		// Dismissed once, it stays away for this user.
		$dismiss = self::link( $html, 'action=' . Notices::DISMISS_ACTION . '[^"]*notice=proxy' );
		$this->assertSame( 302, self::http( 'GET', $dismiss, null, array( 'Cookie' => $cookie ) )['status'] );
		$this->assertStringNotContainsString( 'seems to sit behind a proxy', self::dashboard( $cookie, $behind ) );
	}
}
