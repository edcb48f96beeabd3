<?php
/**
 * Files\MarkerBlock: our block in .htaccess or .user.ini is written, replaced and removed
 * without touching any other byte, and never leaves an empty marker pair behind.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\unit;

use PHPUnit\Framework\TestCase;
use XmlrpcShield\Files\MarkerBlock;

final class MarkerBlockTest extends TestCase {

	/** @var string */
	private $file;

	protected function setUp(): void {
		$this->file = sys_get_temp_dir() . '/xs-marker-' . bin2hex( random_bytes( 4 ) );
	}

	protected function tearDown(): void {
		if ( is_file( $this->file ) ) {
			unlink( $this->file );
		}
	}

	/**
	 * @return array<string,array{0:string}>
	 */
	public function files(): array {
		return array(
			'missing file'             => array( '' ),
			'no final newline'         => array( 'RewriteEngine On' ),
			'final newline'            => array( "RewriteEngine On\n" ),
			'blank line at the end'    => array( "A\n\n" ),
			'another block, no final newline' => array( "# BEGIN WordPress\nx\n# END WordPress" ),
		);
	}

	/**
	 * @dataProvider files
	 */
	public function test_write_replace_remove_gives_every_byte_back( string $before ): void {
		if ( '' !== $before ) {
			file_put_contents( $this->file, $before );
		}
		$block = new MarkerBlock( $this->file, 'XML-RPC Shield Early Gate' );
		$this->assertTrue( $block->replace( array( 'one', 'two' ) ) );
		$this->assertSame( array( 'one', 'two' ), $block->lines() );
		$this->assertStringEndsWith( "# BEGIN XML-RPC Shield Early Gate\none\ntwo\n# END XML-RPC Shield Early Gate\n", (string) file_get_contents( $this->file ) );
		$this->assertTrue( $block->replace( array( 'three' ) ) );
		$this->assertSame( array( 'three' ), $block->lines() );
		$this->assertSame( 1, substr_count( (string) file_get_contents( $this->file ), '# BEGIN XML-RPC Shield Early Gate' ) );
		$this->assertTrue( $block->remove() );
		$this->assertSame( $before, (string) @file_get_contents( $this->file ) );
		$this->assertFalse( $block->exists() );
	}

	public function test_a_block_in_the_middle_goes_whole_and_the_neighbours_stay(): void {
		file_put_contents( $this->file, "A\n# BEGIN X\nq\n# END X\nB\n" );
		$this->assertTrue( ( new MarkerBlock( $this->file, 'X' ) )->remove() );
		$this->assertSame( "A\nB\n", file_get_contents( $this->file ) );
	}

	public function test_an_empty_pair_core_left_is_removed_too(): void {
		file_put_contents( $this->file, "A\n# BEGIN X\n# END X\n" );
		$this->assertTrue( ( new MarkerBlock( $this->file, 'X' ) )->replace( array() ) );
		$this->assertSame( 'A', file_get_contents( $this->file ) );
	}

	public function test_a_marker_matches_only_as_a_whole_line(): void {
		file_put_contents( $this->file, "# BEGIN XML-RPC Shield Rules\nRequire all denied\n# END XML-RPC Shield Rules\n" );
		$this->assertFalse( ( new MarkerBlock( $this->file, 'XML-RPC Shield' ) )->exists() );
		$this->assertTrue( ( new MarkerBlock( $this->file, 'XML-RPC Shield Rules' ) )->exists() );
	}

	public function test_ini_comments_for_user_ini(): void {
		file_put_contents( $this->file, "auto_prepend_file = \"/srv/waf.php\"\n" );
		$block = new MarkerBlock( $this->file, 'XML-RPC Shield Early Gate', ';' );
		$this->assertTrue( $block->replace( array( 'auto_prepend_file = "/srv/gate.php"' ) ) );
		$this->assertSame( '/srv/gate.php', parse_ini_file( $this->file )['auto_prepend_file'], 'our line comes last and wins' );
		$this->assertSame( "auto_prepend_file = \"/srv/waf.php\"\n", $block->outside() );
		$this->assertTrue( $block->remove() );
		$this->assertSame( '/srv/waf.php', parse_ini_file( $this->file )['auto_prepend_file'] );
	}
}
