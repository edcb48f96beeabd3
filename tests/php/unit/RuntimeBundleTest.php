<?php
/**
 * The early gate's runtime bundle: valid PHP, complete (a process holding nothing but the
 * bundle runs every decision path without an autoloader), and equal in behaviour to the
 * classes it is built from.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\unit;

use PHPUnit\Framework\TestCase;
use XmlrpcShield\EarlyGate\RuntimeBundle;

final class RuntimeBundleTest extends TestCase {

	/** @var string */
	private $dir;

	protected function setUp(): void {
		$this->dir = sys_get_temp_dir() . '/xs-bundle-' . bin2hex( random_bytes( 4 ) );
		mkdir( $this->dir );
	}

	protected function tearDown(): void {
		array_map( 'unlink', (array) glob( $this->dir . '/*' ) );
		rmdir( $this->dir );
	}

	public function test_the_bundle_is_valid_php_with_every_gate_class(): void {
		$file = $this->dir . '/bundle.php';
		file_put_contents( $file, RuntimeBundle::code() );
		exec( PHP_BINARY . ' -l ' . escapeshellarg( $file ) . ' 2>&1', $lint, $status );
		$this->assertSame( 0, $status, implode( "\n", $lint ) );
		$classes = $this->run_child( "require '{$file}'; echo json_encode( array_values( preg_grep( '/^XmlrpcShield\\\\\\\\/', get_declared_classes() ) ) );" );
		$expected = array_map(
			static function ( string $relative ): string {
				return 'XmlrpcShield\\' . str_replace( '/', '\\', substr( $relative, 0, -4 ) );
			},
			RuntimeBundle::SOURCES
		);
		$this->assertEqualsCanonicalizing( $expected, json_decode( $classes, true ) );
	}

	public function test_a_process_with_only_the_bundle_decides_exactly_like_the_classes(): void {
		$file = $this->dir . '/bundle.php';
		file_put_contents( $file, RuntimeBundle::code() );
		$scenarios = dirname( __FILE__ ) . '/fixtures/gate-scenarios.php';
		$child     = $this->run_child( "require '{$file}'; \$run = require '{$scenarios}'; echo json_encode( \$run( '{$this->dir}/child.spool' ) );" );
		$run       = require $scenarios;
		$here      = json_decode( (string) json_encode( $run( $this->dir . '/here.spool' ) ), true );
		$this->assertNotNull( json_decode( $child, true ), 'the child printed JSON, not an error: ' . $child );
		$this->assertSame( $here, json_decode( $child, true ) );
		// The scenarios did reach every kind of answer.
		$outcomes = array_unique( array_column( array_filter( $here, 'is_array' ), 3 ) );
		$this->assertEqualsCanonicalizing( array( '', 'allowed', 'blocked', 'logged' ), array_values( array_filter( $outcomes, 'is_string' ) ) );
		// Two refusals spooled (xmlrpc.php with no body to name a method, wp-trackback.php),
		// index.php passed untouched, and the tab in the user agent could not split a field.
		$this->assertSame( "T\t203.0.113.5\t\tblocked\tbot x\nT\t203.0.113.5\ttrackback\tblocked\tbot x\n", end( $here ) );
	}

	public function test_runner_answers_from_the_bundle_alone(): void {
		$file   = $this->dir . '/bundle.php';
		$spool  = $this->dir . '/run.spool';
		file_put_contents( $file, RuntimeBundle::code() );
		$config = var_export( // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_var_export
			array(
				'mode'            => 'block',
				'allowlist'       => array(),
				'trusted_proxies' => array(),
				'log_enabled'     => true,
				'spool_path'      => $spool,
				'spool_max_bytes' => 100000,
				'probe_token'     => 'secret-token',
			),
			true
		);
		$refused = $this->run_child( "\$_SERVER['SCRIPT_FILENAME'] = '/srv/xmlrpc.php'; \$_SERVER['REMOTE_ADDR'] = '198.51.100.20'; require '{$file}'; \\XmlrpcShield\\EarlyGate\\Runner::run( {$config} ); echo 'not reached';" );
		// exec() drops the body's final newline.
		$this->assertSame( 'XML-RPC is disabled on this site.', $refused );
		$this->assertStringContainsString( "\t198.51.100.20\t", (string) file_get_contents( $spool ) );
		$probe = $this->run_child( "\$_SERVER['SCRIPT_FILENAME'] = '/srv/xmlrpc.php'; \$_SERVER['HTTP_X_XMLRPC_SHIELD_PROBE'] = 'secret-token'; require '{$file}'; \\XmlrpcShield\\EarlyGate\\Runner::run( {$config} ); echo 'not reached';" );
		$this->assertSame( '', $probe, 'the probe ends the request without a decision' );
		$this->assertSame( 1, substr_count( (string) file_get_contents( $spool ), "\n" ), 'the probe logs nothing' );
		$other = $this->run_child( "\$_SERVER['SCRIPT_FILENAME'] = '/srv/index.php'; require '{$file}'; \\XmlrpcShield\\EarlyGate\\Runner::run( {$config} ); echo 'passed';" );
		$this->assertSame( 'passed', $other );
	}

	/**
	 * Runs PHP code in a new process with no autoloader, returning its output (stderr too).
	 *
	 * @param string $code Code without the opening tag.
	 */
	private function run_child( string $code ): string {
		$script = $this->dir . '/child-' . bin2hex( random_bytes( 3 ) ) . '.php';
		file_put_contents( $script, "<?php\n" . $code );
		exec( PHP_BINARY . ' -d display_errors=stderr ' . escapeshellarg( $script ) . ' 2>&1', $output, $status );
		unlink( $script );
		$this->assertSame( 0, $status, implode( "\n", $output ) );
		return implode( "\n", $output );
	}
}
