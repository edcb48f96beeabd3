<?php
/**
 * Where the test classes' groups are written.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\unit;

use PHPUnit\Framework\TestCase;

/**
 * PHPUnit reads `@group` only from a class's (or a method's) docblock. Written in the file's
 * docblock it is silently ignored, and the class runs in every pass, against the
 * --exclude-group each pass asks for (twice this happened: CrowdSec tests on the floor core,
 * the two-node test on SQLite).
 */
final class TestGroupsTest extends TestCase {

	public function test_every_group_is_on_a_class_or_a_method(): void {
		$misplaced = array();
		foreach ( (array) glob( dirname( __DIR__ ) . '/integration/*.php' ) as $file ) {
			$source = (string) file_get_contents( (string) $file );
			foreach ( token_get_all( $source ) as $index => $token ) {
				if ( ! is_array( $token ) || T_DOC_COMMENT !== $token[0] || false === strpos( $token[1], '@group' ) ) {
					continue;
				}
				if ( ! self::documents_a_class_or_method( token_get_all( $source ), $index ) ) {
					$misplaced[] = basename( (string) $file ) . ':' . $token[2];
				}
			}
		}
		$this->assertSame( array(), $misplaced, 'a @group PHPUnit never reads' );
	}

	/**
	 * Whether the next code after the docblock at $index declares a class or a function.
	 *
	 * @param array<int,mixed> $tokens Tokens of the file.
	 * @param int              $index  The docblock's index.
	 */
	private static function documents_a_class_or_method( array $tokens, int $index ): bool {
		$count = count( $tokens );
		for ( $i = $index + 1; $i < $count; $i++ ) {
			$token = $tokens[ $i ];
			if ( ! is_array( $token ) ) {
				return false;
			}
			if ( in_array( $token[0], array( T_WHITESPACE, T_FINAL, T_ABSTRACT, T_PUBLIC, T_PROTECTED, T_PRIVATE, T_STATIC ), true ) ) {
				continue;
			}
			return in_array( $token[0], array( T_CLASS, T_FUNCTION ), true );
		}
		return false;
	}
}
