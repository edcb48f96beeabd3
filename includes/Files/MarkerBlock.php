<?php
/**
 * One named block of lines between BEGIN/END marker comments in a server file.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Files;

/**
 * The shape core's insert_with_markers() uses (`# BEGIN name` … `# END name`), also with `;`
 * comments for .user.ini (PHP's INI parser rejects `#`). Unlike core's helper it removes a
 * block whole, markers included, never leaving an empty pair behind; it matches a marker only
 * as a whole line, so "XML-RPC Shield" never grabs "XML-RPC Shield Early Gate"; and it writes
 * through AtomicFile, so Apache or PHP-FPM never parse half a file.
 */
final class MarkerBlock {

	/**
	 * The file holding the block.
	 *
	 * @var string
	 */
	private $file;

	/**
	 * The opening marker line.
	 *
	 * @var string
	 */
	private $begin;

	/**
	 * The closing marker line.
	 *
	 * @var string
	 */
	private $end;

	/**
	 * A block in a file.
	 *
	 * @param string $file    Path (.htaccess, .user.ini).
	 * @param string $marker  Block name.
	 * @param string $comment Comment character: '#' (.htaccess) or ';' (.user.ini).
	 */
	public function __construct( string $file, string $marker, string $comment = '#' ) {
		$this->file  = $file;
		$this->begin = $comment . ' BEGIN ' . $marker;
		$this->end   = $comment . ' END ' . $marker;
	}

	/**
	 * Whether the file holds the block.
	 */
	public function exists(): bool {
		return null !== $this->match( AtomicFile::read( $this->file ) );
	}

	/**
	 * The lines between the markers (empty when there is no block).
	 *
	 * @return string[]
	 */
	public function lines(): array {
		$match = $this->match( AtomicFile::read( $this->file ) );
		if ( null === $match ) {
			return array();
		}
		$lines = preg_split( '/\r?\n/', rtrim( $match[0], "\r\n" ) );
		$lines = is_array( $lines ) ? $lines : array();
		while ( array() !== $lines && trim( (string) $lines[0] ) !== $this->begin ) {
			array_shift( $lines );
		}
		return array_values( array_slice( $lines, 1, -1 ) );
	}

	/**
	 * The file's text without the block ('' for a missing file).
	 */
	public function outside(): string {
		return self::without( AtomicFile::read( $this->file ), $this->match( AtomicFile::read( $this->file ) ) );
	}

	/**
	 * Puts $lines between the markers: in place of the block, or appended to the file (so in
	 * .user.ini our line comes last and wins). No lines removes the block.
	 *
	 * @param string[] $lines Lines.
	 */
	public function replace( array $lines ): bool {
		if ( array() === $lines ) {
			return $this->remove();
		}
		$text  = AtomicFile::read( $this->file );
		$block = $this->text( $lines );
		$match = $this->match( $text );
		if ( null !== $match ) {
			$leading = "\n" === substr( $match[0], 0, 1 ) || "\r\n" === substr( $match[0], 0, 2 ) ? "\n" : '';
			$updated = substr( $text, 0, $match[1] ) . $leading . $block . substr( $text, $match[1] + strlen( $match[0] ) );
		} elseif ( '' === $text ) {
			$updated = $block;
		} else {
			// A blank line before our block; without(), cutting it at the end, gives $text back.
			$updated = $text . "\n" . $block;
		}
		return $updated === $text || AtomicFile::write( $this->file, $updated );
	}

	/**
	 * The block as it sits in the file: the markers around $lines, ending with a newline (also
	 * what an owner pastes by hand when we cannot write the file).
	 *
	 * @param string[] $lines Lines.
	 */
	public function text( array $lines ): string {
		return $this->begin . "\n" . implode( "\n", $lines ) . "\n" . $this->end . "\n";
	}

	/**
	 * Removes the block, markers included (and the blank line before it), leaving every other
	 * byte as it was. True when there is no block left.
	 */
	public function remove(): bool {
		$text  = AtomicFile::read( $this->file );
		$match = $this->match( $text );
		return null === $match || AtomicFile::write( $this->file, self::without( $text, $match ) );
	}

	/**
	 * Where the block sits: its text (with one blank line before it, if any) and offset.
	 *
	 * @param string $text File contents.
	 * @return array{0:string, 1:int}|null
	 */
	private function match( string $text ): ?array {
		$pattern = '/(?:^\r?\n)?^' . preg_quote( $this->begin, '/' ) . '[ \t]*\r?$.*?^' . preg_quote( $this->end, '/' ) . '[ \t]*(?:\r?\n|\z)/ms';
		return preg_match( $pattern, $text, $found, PREG_OFFSET_CAPTURE ) ? array( $found[0][0], (int) $found[0][1] ) : null;
	}

	/**
	 * The text with the matched block cut out.
	 *
	 * @param string                      $text  Text.
	 * @param array{0:string, 1:int}|null $match Block.
	 */
	private static function without( string $text, ?array $match ): string {
		if ( null === $match ) {
			return $text;
		}
		$before = substr( $text, 0, $match[1] );
		$after  = substr( $text, $match[1] + strlen( $match[0] ) );
		// A block appended to a file without a final newline took one: give it back.
		if ( '' === $after && "\n" !== $match[0][0] && "\n" === substr( $before, -1 ) ) {
			$before = substr( $before, 0, -1 );
		}
		return $before . $after;
	}
}
