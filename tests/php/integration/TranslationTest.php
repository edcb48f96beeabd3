<?php
/**
 * Translations reach the user: with a Japanese .mo and JS JSON in wp-content/languages/plugins
 * (where translate.wordpress.org packs land), a PHP string on the admin page comes out in
 * Japanese, and the React bundle is handed its Japanese strings by wp_set_script_translations.
 * tests/e2e checks the rendered React text in Chromium.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\integration;

final class TranslationTest extends IntegrationTestCase {

	const PHP_STRING = 'Loading…';
	const PHP_JA     = '読み込み中…';

	/** @var string[] */
	private $written = array();

	protected function tearDown(): void {
		foreach ( $this->written as $file ) {
			@unlink( $file ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged
		}
		delete_user_meta( 1, 'locale' );
		parent::tearDown();
	}

	/**
	 * The first string the template credits to src/ (the React page), so the test follows the UI.
	 */
	private static function first_js_string(): string {
		$pot = (string) file_get_contents( XS_REPO_DIR . '/languages/xmlrpc-shield.pot' );
		foreach ( preg_split( '/\n\n+/', $pot ) as $block ) {
			if ( preg_match( '/^#: .*\bsrc\/admin\//m', $block ) && ! preg_match( '/^msgctxt|^msgid_plural/m', $block ) && preg_match( '/^msgid "(.+)"$/m', $block, $match ) ) {
				return stripcslashes( $match[1] );
			}
		}
		self::fail( 'languages/xmlrpc-shield.pot lists no string from src/admin/: run npm run i18n' );
	}

	public function test_php_and_react_strings_come_out_in_japanese(): void {
		$this->assertFileExists( XS_REPO_DIR . '/build/admin.js', 'run npm run build first' );
		$js_string = self::first_js_string();
		$js_ja     = '【日本語】' . $js_string;

		$dir = WP_LANG_DIR . '/plugins';
		wp_mkdir_p( $dir );
		require_once ABSPATH . WPINC . '/pomo/mo.php';
		$mo = new \MO();
		$mo->set_header( 'Language', 'ja' );
		$mo->set_header( 'Content-Type', 'text/plain; charset=UTF-8' );
		$mo->add_entry(
			new \Translation_Entry(
				array(
					'singular'     => self::PHP_STRING,
					'translations' => array( self::PHP_JA ),
				)
			)
		);
		$this->written[] = $dir . '/xmlrpc-shield-ja.mo';
		$this->assertTrue( $mo->export_to_file( $dir . '/xmlrpc-shield-ja.mo' ) );

		// The file name core looks for: md5 of the script's path inside the plugin.
		$json_file       = $dir . '/xmlrpc-shield-ja-' . md5( 'build/admin.js' ) . '.json';
		$this->written[] = $json_file;
		file_put_contents(
			$json_file,
			wp_json_encode(
				array(
					'domain'      => 'messages',
					'locale_data' => array(
						'messages' => array(
							''         => array(
								'domain' => 'messages',
								'lang'   => 'ja',
							),
							$js_string => array( $js_ja ),
						),
					),
				)
			)
		);

		update_user_meta( 1, 'locale', 'ja' );
		$page = self::http( 'GET', '/wp-admin/tools.php?page=xmlrpc-shield', null, array( 'Cookie' => self::login_cookie( 1 ) ) );
		$this->assertSame( 200, $page['status'] );
		$this->assertStringContainsString( esc_html( self::PHP_JA ), $page['body'], 'PHP string translated' );
		$this->assertStringNotContainsString( '>' . esc_html( self::PHP_STRING ) . '<', $page['body'] );
		// wp_set_script_translations inlines the locale data before the bundle.
		$this->assertStringContainsString( wp_json_encode( $js_ja ), $page['body'], 'React string handed to wp.i18n' );
		$this->assertMatchesRegularExpression( '/wp\.i18n\.setLocaleData\( localeData, domain \)/', $page['body'] );
	}

	public function test_without_translation_files_the_page_stays_in_english(): void {
		update_user_meta( 1, 'locale', 'ja' );
		$page = self::http( 'GET', '/wp-admin/tools.php?page=xmlrpc-shield', null, array( 'Cookie' => self::login_cookie( 1 ) ) );
		$this->assertSame( 200, $page['status'] );
		$this->assertStringContainsString( esc_html( self::PHP_STRING ), $page['body'] );
		$this->assertStringNotContainsString( self::PHP_JA, $page['body'] );
	}
}
