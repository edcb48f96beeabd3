<?php
/**
 * readme.txt follows the WordPress.org format and agrees with the plugin header; the
 * translation template matches the strings in the code.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\release;

use PHPUnit\Framework\TestCase;

final class ReadmeTest extends TestCase {

	/** @var array<string,string> */
	private static $fields = array();

	/** @var array<string,string> */
	private static $sections = array();

	/** @var string */
	private static $short = '';

	public static function setUpBeforeClass(): void {
		$text = (string) file_get_contents( XS_REPO . '/readme.txt' );
		self::assertSame( 1, preg_match( '/^=== (.+) ===\n((?:[A-Za-z ]+: .*\n)+)\n([^\n]+)\n\n/', $text, $head ), 'readme.txt header block' );
		foreach ( explode( "\n", trim( $head[2] ) ) as $line ) {
			list( $name, $value )  = array_map( 'trim', explode( ':', $line, 2 ) );
			self::$fields[ $name ] = $value;
		}
		self::$fields['Name'] = $head[1];
		self::$short          = $head[3];
		preg_match_all( '/^== (.+?) ==\n(.*?)(?=^== |\z)/ms', $text, $sections, PREG_SET_ORDER );
		foreach ( $sections as $section ) {
			self::$sections[ $section[1] ] = $section[2];
		}
	}

	public function test_header_fields_match_the_plugin_header(): void {
		$header = (string) file_get_contents( XS_REPO . '/plugin.php', false, null, 0, 4096 );
		$plugin = array();
		foreach ( array( 'Name' => 'Plugin Name', 'Version' => 'Version', 'Requires' => 'Requires at least', 'PHP' => 'Requires PHP' ) as $key => $label ) {
			$this->assertSame( 1, preg_match( '/^\s*\*\s*' . preg_quote( $label, '/' ) . ':\s*(.+)$/m', $header, $match ), "plugin.php lacks {$label}" );
			$plugin[ $key ] = trim( $match[1] );
		}
		$this->assertSame( $plugin['Name'], self::$fields['Name'] );
		$this->assertSame( $plugin['Version'], self::$fields['Stable tag'], 'Stable tag equals the plugin version' );
		$this->assertSame( $plugin['Requires'], self::$fields['Requires at least'] );
		$this->assertSame( $plugin['PHP'], self::$fields['Requires PHP'] );
		foreach ( array( 'Contributors', 'Tags', 'Tested up to', 'License', 'License URI' ) as $required ) {
			$this->assertNotEmpty( self::$fields[ $required ] ?? '', "readme.txt lacks {$required}" );
		}
		$this->assertLessThanOrEqual( 5, count( explode( ',', self::$fields['Tags'] ) ), 'WordPress.org reads at most 5 tags' );
		$this->assertMatchesRegularExpression( '/^\d+\.\d+$/', self::$fields['Tested up to'] );
		$this->assertVersionAtLeast( self::$fields['Tested up to'], self::$fields['Requires at least'] );
	}

	public function test_short_description_fits_wordpress_org(): void {
		$this->assertNotSame( '', self::$short );
		$this->assertLessThanOrEqual( 150, strlen( self::$short ) );
	}

	public function test_sections_and_faq_cover_what_users_ask(): void {
		foreach ( array( 'Description', 'Installation', 'Frequently Asked Questions', 'Screenshots', 'Changelog', 'Upgrade Notice' ) as $section ) {
			$this->assertArrayHasKey( $section, self::$sections, "readme.txt lacks == {$section} ==" );
		}
		$faq = self::$sections['Frequently Asked Questions'];
		foreach ( array( 'Jetpack', 'mobile app', 'Cloudflare', 'proxy', 'nginx' ) as $topic ) {
			$this->assertStringContainsStringIgnoringCase( $topic, $faq, "FAQ does not cover {$topic}" );
		}
		$version = self::$fields['Stable tag'];
		$this->assertStringContainsString( "= {$version} =", self::$sections['Changelog'], 'Changelog has the stable version' );
		$this->assertStringContainsString( "= {$version} =", self::$sections['Upgrade Notice'] );
	}

	/**
	 * WordPress.org shows .wordpress-org/screenshot-N.png beside caption N: every caption has
	 * its picture (copied from an e2e run by `npm run screenshots`) and no picture lacks one.
	 */
	public function test_every_screenshot_caption_has_its_picture(): void {
		preg_match_all( '/^(\d+)\. (.+)$/m', self::$sections['Screenshots'], $captions, PREG_SET_ORDER );
		$this->assertNotEmpty( $captions, 'readme.txt has screenshot captions' );
		$numbers = array_map( 'intval', array_column( $captions, 1 ) );
		$this->assertSame( range( 1, count( $numbers ) ), $numbers, 'captions are numbered 1, 2, …' );
		foreach ( $numbers as $number ) {
			$file = XS_REPO . "/.wordpress-org/screenshot-{$number}.png";
			$this->assertFileExists( $file, "caption {$number} has no picture: npm run test:e2e && npm run screenshots" );
			$size = getimagesize( $file );
			$this->assertIsArray( $size, "{$file} is an image" );
			$this->assertSame( IMAGETYPE_PNG, $size[2], "{$file} is a PNG" );
			$this->assertGreaterThanOrEqual( 400, $size[0], "{$file} is wide enough to read" );
		}
		$pictures = glob( XS_REPO . '/.wordpress-org/screenshot-*.png' );
		$this->assertCount( count( $numbers ), $pictures, 'no picture without a caption' );
	}

	public function test_translation_template_is_current(): void {
		exec( 'cd ' . escapeshellarg( XS_REPO ) . ' && node tools/i18n.mjs --check 2>&1', $output, $code );
		$this->assertSame( 0, $code, implode( "\n", $output ) );
		$this->assertMatchesRegularExpression( '/is current \((\d+) strings\)/', implode( "\n", $output ) );
	}

	private function assertVersionAtLeast( string $version, string $minimum ): void {
		$this->assertTrue( version_compare( $version, $minimum, '>=' ), "{$version} < {$minimum}" );
	}
}
