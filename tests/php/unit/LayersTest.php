<?php
/**
 * The arrows of docs/ARCHITECTURE.md's layer picture, checked against the code.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\unit;

use PHPUnit\Framework\TestCase;
use XmlrpcShield\EarlyGate\RuntimeBundle;

/**
 * Every class of includes/ belongs to one layer; a class may use its own layer and the ones
 * below, never one above. Reads the source as text (use statements, qualified names, and
 * short names of classes in the same namespace), so it needs no WordPress.
 */
final class LayersTest extends TestCase {

	/**
	 * The layers, lowest first: a class matches the first pattern that names it (a folder
	 * `Dir/` or a class path without `.php`). Keep in step with docs/ARCHITECTURE.md. The gate
	 * core is what the early gate's runtime bundle holds (RuntimeBundle::SOURCES), the
	 * autoloader, and JetpackSignature: pure PHP too, left out of the bundle because only the
	 * plugin-load gate can read the site's token.
	 *
	 * @return array<string,string[]>
	 */
	private static function layers(): array {
		$bundle = array_map(
			static function ( string $file ): string {
				return substr( $file, 0, -strlen( '.php' ) );
			},
			RuntimeBundle::SOURCES
		);
		return array(
			'gate core'      => array_merge( array( 'Autoloader', 'Gate/JetpackSignature' ), $bundle ),
			'settings'       => array( 'Settings', 'TrustedProxyList', 'Input', 'Presets', 'Capabilities', 'Paths', 'Files/' ),
			'stores and log' => array( 'AddressListOption', 'Allowlist', 'Denylist', 'Lockout/LockoutPolicy', 'Lockout/LockoutTable', 'Log/' ),
			'protection'     => array( 'GateConfig', 'Gate/', 'EarlyGate/', 'Rules/', 'CrowdSec/', 'Autopilot/', 'Lockout/', 'Fleet/' ),
			'front doors'    => array( 'Rest/', 'Cli/', 'Admin/', 'Lifecycle/', 'Plugin' ),
		);
	}

	/**
	 * Known arrows that point up, each with its reason. A new one fails the test.
	 */
	const EXCEPTIONS = array(
		// Making the file secret renames the spool the early gate has compiled in (an install
		// from before the secret): the gate's settings are rewritten there and then.
		'Paths -> EarlyGate/Installer',
	);

	/**
	 * No class uses a layer above its own, except the listed arrows.
	 */
	public function test_no_class_uses_a_layer_above_its_own(): void {
		$classes = self::classes();
		$wrong   = array();
		foreach ( $classes as $class => $file ) {
			$own = self::layer_of( $class );
			foreach ( self::references( $class, $classes ) as $used ) {
				if ( self::layer_of( $used ) > $own && ! in_array( "{$class} -> {$used}", self::EXCEPTIONS, true ) ) {
					$wrong[] = "{$class} -> {$used}";
				}
			}
		}
		$this->assertSame( array(), $wrong, 'these arrows point up the layers' );
	}

	/**
	 * Every exception is still in the code (a fixed one is taken off the list).
	 */
	public function test_every_exception_is_still_needed(): void {
		$classes = self::classes();
		foreach ( self::EXCEPTIONS as $arrow ) {
			list( $from, $to ) = explode( ' -> ', $arrow );
			$this->assertContains( $to, self::references( $from, $classes ), $arrow );
		}
	}

	/**
	 * The REST namespace is written once (Capabilities::REST_NAMESPACE, a class constant the
	 * must-use loader's gate can read before plugin.php runs): the log's loopback flush and a
	 * node's drain build their URLs from it, not from a copy of the REST layer's words.
	 */
	public function test_the_rest_namespace_is_written_once(): void {
		$this->assertSame( array( 'Capabilities' ), self::classes_matching( '#[\'"]/?xmlrpc-shield/v1#' ) );
		$this->assertStringNotContainsString( 'xmlrpc-shield/v1', (string) file_get_contents( dirname( __DIR__, 3 ) . '/plugin.php' ) );
	}

	/**
	 * The log's groupings (ip, subnet, method) are written once, HitQuery::GROUPINGS: the REST
	 * `/top` route's enum and WP-CLI `stats --by` check against it.
	 */
	public function test_the_log_groupings_are_written_once(): void {
		$this->assertSame( array( 'Log/HitQuery' ), self::classes_matching( "#'ip',\\s*'subnet',\\s*'method'#" ) );
	}

	/**
	 * A list has one name: the outcomes are Decision::OUTCOMES and the early gate's hook kinds
	 * Hooks::METHODS, with no alias constant elsewhere for code to pick instead.
	 */
	public function test_the_outcomes_and_hook_kinds_have_one_name(): void {
		$this->assertSame( array( 'Gate/Decision' ), self::classes_matching( '#const\\s+OUTCOMES\\b#' ) );
		$this->assertSame( array( 'EarlyGate/Hook/Hooks' ), self::classes_matching( '#const\\s+METHODS\\b#' ) );
	}

	/**
	 * Settings owns every name we store under (docs/ARCHITECTURE.md): no other class defines
	 * an option name or an option-name prefix of its own.
	 */
	public function test_option_names_are_defined_in_settings_only(): void {
		$this->assertSame( array( 'Settings' ), self::classes_matching( "#const\\s+\\w*(OPTION|PREFIX)\\w*\\s*=\\s*'xmlrpc_shield_#" ) );
	}

	/**
	 * WP-CLI's refusals name the ranges and groupings from HitQuery's constants, and a whole
	 * number is read by Input::whole_number(), not by a parser of the command's own.
	 */
	public function test_the_cli_spells_out_no_list_and_parses_no_number_itself(): void {
		$this->assertSame( array(), self::classes_matching( '#1h, 24h|ip, subnet or#', true ) );
		$this->assertSame( array( 'Input' ), self::classes_matching( '#FILTER_VALIDATE_INT#' ) );
	}

	/**
	 * Words a REST schema or a file shares are written where they are decided: the proxy preset
	 * names in Settings::PROXY_PRESETS, the web servers in ProtectionFacts::SOFTWARE, an entry's
	 * sources in AddressListOption::SOURCES, a marker block's shape in MarkerBlock, and the
	 * settings' defaults once, in Settings::defaults().
	 */
	public function test_shared_words_are_written_where_they_are_decided(): void {
		$this->assertSame( array( 'Settings' ), self::classes_matching( "#'cloudflare'#", true ) );
		$this->assertSame( array( 'Admin/ProtectionFacts' ), self::classes_matching( "#'iis'#", true ) );
		$this->assertSame( array( 'AddressListOption' ), self::classes_matching( "#'offenders'#", true ) );
		$this->assertSame( array( 'Files/MarkerBlock' ), self::classes_matching( '# BEGIN #', true ) );
		$settings = self::code( self::classes()['Settings'] );
		$this->assertSame( 1, preg_match_all( '/\\b30\\b/', $settings ), 'the retention default is written once' );
		$this->assertSame( 1, preg_match_all( '/\\b100000\\b/', $settings ), 'the row cap default is written once' );
	}

	/**
	 * The must-use folder is worked out once (Files\MustUseDir): the plugin-load gate's loader,
	 * the early gate's must-use hook and the stub cleanup each name only their file in it.
	 */
	public function test_the_must_use_folder_is_worked_out_once(): void {
		$this->assertSame( array( 'Files/MustUseDir' ), self::classes_matching( '#WPMU_PLUGIN_DIR#', true ) );
	}

	/**
	 * "Must-use loader" is the plugin-load gate's file (Lifecycle/MustUseLoader); the early
	 * gate's must-use file is its must-use hook (Hook/MustUseHook, templates/must-use-hook.php),
	 * and the early gate's code calls it nothing else.
	 */
	public function test_the_early_gates_must_use_file_is_a_hook_not_a_loader(): void {
		$early = array_filter(
			self::classes_matching( '#must-use loader|mu-loader#' ),
			static function ( string $class ): bool {
				return 0 === strpos( $class, 'EarlyGate/' );
			}
		);
		$this->assertSame( array(), array_values( $early ) );
		$this->assertFileExists( dirname( __DIR__, 3 ) . '/includes/EarlyGate/templates/must-use-hook.php' );
	}

	/**
	 * A sentence that names a mode takes the name from ModeLabels::label(), so the words a
	 * sentence uses are the words the mode control shows.
	 */
	public function test_sentences_take_mode_names_from_mode_labels(): void {
		$this->assertSame( array(), self::classes_matching( '#Block or Pingback#', true ) );
	}

	/**
	 * Each class's layer is known.
	 */
	public function test_every_class_has_a_layer(): void {
		foreach ( array_keys( self::classes() ) as $class ) {
			$this->assertGreaterThanOrEqual( 0, self::layer_of( $class ), $class );
		}
	}

	/**
	 * Class paths (e.g. `Log/Spool`) => file, for every class under includes/.
	 *
	 * @return array<string,string>
	 */
	private static function classes(): array {
		$root    = dirname( __DIR__, 3 ) . '/includes/';
		$classes = array();
		$files   = new \RecursiveIteratorIterator( new \RecursiveDirectoryIterator( $root, \FilesystemIterator::SKIP_DOTS ) );
		foreach ( $files as $file ) {
			$path = substr( (string) $file, strlen( $root ) );
			if ( '.php' === substr( $path, -4 ) && false === strpos( $path, 'templates/' ) ) {
				$classes[ substr( $path, 0, -4 ) ] = (string) $file;
			}
		}
		ksort( $classes );
		return $classes;
	}

	/**
	 * The classes whose source matches a pattern (where a word is written).
	 *
	 * @param string $pattern   Regular expression.
	 * @param bool   $code_only Leave comments out (a WP-CLI synopsis lists its options there).
	 * @return string[] Class paths.
	 */
	private static function classes_matching( string $pattern, bool $code_only = false ): array {
		$found = array();
		foreach ( self::classes() as $class => $file ) {
			if ( preg_match( $pattern, $code_only ? self::code( $file ) : (string) file_get_contents( $file ) ) ) {
				$found[] = $class;
			}
		}
		return $found;
	}

	/**
	 * The layer's index; -1 when no pattern names the class.
	 *
	 * @param string $class Class path.
	 */
	private static function layer_of( string $class ): int {
		$index = 0;
		foreach ( self::layers() as $patterns ) {
			foreach ( $patterns as $pattern ) {
				if ( $pattern === $class || ( '/' === substr( $pattern, -1 ) && 0 === strpos( $class, $pattern ) ) ) {
					return $index;
				}
			}
			++$index;
		}
		return -1;
	}

	/**
	 * A PHP file's source without its comments.
	 *
	 * @param string $file Path.
	 */
	private static function code( string $file ): string {
		$code = '';
		foreach ( token_get_all( (string) file_get_contents( $file ) ) as $token ) {
			if ( ! is_array( $token ) || ! in_array( $token[0], array( T_COMMENT, T_DOC_COMMENT ), true ) ) {
				$code .= is_array( $token ) ? $token[1] : $token;
			}
		}
		return $code;
	}

	/**
	 * The plugin's other classes a class names in its code (comments left out).
	 *
	 * @param string               $class   Class path.
	 * @param array<string,string> $classes Known class paths => files.
	 * @return string[] Class paths.
	 */
	private static function references( string $class, array $classes ): array {
		$code      = self::code( $classes[ $class ] );
		$namespace = preg_match( '/^namespace XmlrpcShield\\\\?([\w\\\\]*);/m', $code, $m ) ? str_replace( '\\', '/', $m[1] ) : '';
		$prefix    = '' === $namespace ? '' : $namespace . '/';
		$found     = array();
		$imported  = array();
		preg_match_all( '/\\\\?XmlrpcShield((?:\\\\\w+)+)/', $code, $qualified );
		foreach ( $qualified[1] as $name ) {
			$path = ltrim( str_replace( '\\', '/', $name ), '/' );
			if ( isset( $classes[ $path ] ) ) {
				$found[ $path ]                = true;
				$imported[ basename( $path ) ] = true;
			}
		}
		// Names relative to the file's namespace: `Foo::`, `new Foo`, `Sub\Foo::`, `Foo $x`.
		preg_match_all( '/(?<![\\\\\w$>])([A-Z]\w*(?:\\\\[A-Z]\w*)*)(?=::|\s+\$|\s*\(|\)|;)/', $code, $relative );
		foreach ( $relative[1] as $name ) {
			if ( isset( $imported[ $name ] ) ) {
				continue;
			}
			$path = $prefix . str_replace( '\\', '/', $name );
			if ( isset( $classes[ $path ] ) ) {
				$found[ $path ] = true;
			}
		}
		unset( $found[ $class ] );
		return array_keys( $found );
	}
}
