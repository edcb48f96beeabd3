<?php
/**
 * Unit tests for the early gate's node beat (no WordPress).
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\unit;

use PHPUnit\Framework\TestCase;
use XmlrpcShield\Gate\NodeBeat;

final class NodeBeatTest extends TestCase {

	/** @var string */
	private $spool = '';

	protected function setUp(): void {
		$this->spool = sys_get_temp_dir() . '/xs-beat-' . bin2hex( random_bytes( 6 ) ) . '.spool';
	}

	protected function tearDown(): void {
		@unlink( $this->spool . '.beat' );
	}

	public function test_one_beat_per_interval_per_node_in_apcu(): void {
		$this->assertTrue( function_exists( 'apcu_enabled' ) && apcu_enabled(), 'run with apc.enable_cli=1' );
		$now = time();
		$this->assertTrue( NodeBeat::due( $this->spool, $now ) );
		for ( $i = 0; $i < 100; $i++ ) {
			$this->assertFalse( NodeBeat::due( $this->spool, $now ) );
		}
		$this->assertTrue( NodeBeat::due( $this->spool . '-other-site', $now ), 'each spool (site) beats on its own' );
		apcu_delete( 'xmlrpc-shield|beat|' . $this->spool . '-other-site' );
	}

	public function test_without_apcu_a_stamp_file_beside_the_spool_rate_limits(): void {
		$script = sprintf(
			'require %s; \XmlrpcShield\Autoloader::register(); $s = %s; echo json_encode( array( \XmlrpcShield\Gate\NodeBeat::due( $s, 1000 ), \XmlrpcShield\Gate\NodeBeat::due( $s, 1005 ), \XmlrpcShield\Gate\NodeBeat::due( $s, 1000 + \XmlrpcShield\Gate\NodeBeat::INTERVAL ) ) );',
			var_export( dirname( __DIR__, 3 ) . '/includes/Autoloader.php', true ),
			var_export( $this->spool, true )
		);
		exec( escapeshellarg( PHP_BINARY ) . ' -d apc.enable_cli=0 -r ' . escapeshellarg( $script ), $out );
		$this->assertSame( '[true,false,true]', implode( '', $out ) );
		$this->assertFileExists( $this->spool . '.beat' );
	}

	public function test_the_request_carries_the_key_to_the_sites_host_and_cannot_be_split(): void {
		$request = NodeBeat::request( 'k3y', "example.test\r\nX-Evil: 1", '/?rest_route=/xmlrpc-shield/v1/nodes/drain&beat=1' );
		$this->assertStringStartsWith( "POST /?rest_route=/xmlrpc-shield/v1/nodes/drain&beat=1 HTTP/1.1\r\nHost: example.testX-Evil: 1\r\n", $request );
		$this->assertStringContainsString( "\r\nX-XMLRPC-Shield-Flush: k3y\r\n", $request );
		$this->assertStringEndsWith( "\r\n\r\n", $request );
	}

	public function test_it_goes_to_the_address_and_port_the_request_came_in_on(): void {
		$server = stream_socket_server( 'tcp://127.0.0.1:0', $errno, $errstr );
		$this->assertNotFalse( $server, $errstr );
		$port   = (int) substr( (string) strrchr( (string) stream_socket_get_name( $server, false ), ':' ), 1 );
		$config = array(
			'spool_path' => $this->spool,
			'beat'       => array(
				'key'  => 'k3y',
				'host' => 'site.test',
				'path' => '/drain',
			),
		);
		apcu_delete( 'xmlrpc-shield|beat|' . $this->spool );
		$this->assertTrue( NodeBeat::maybe( $config, array( 'SERVER_ADDR' => '127.0.0.1', 'SERVER_PORT' => (string) $port, 'HTTP_HOST' => 'attacker.test' ) ) );
		$client = stream_socket_accept( $server, 2 );
		$this->assertNotFalse( $client );
		$this->assertSame( NodeBeat::request( 'k3y', 'site.test', '/drain' ), stream_get_contents( $client ) );
		$this->assertFalse( NodeBeat::maybe( $config, array( 'SERVER_ADDR' => '127.0.0.1', 'SERVER_PORT' => (string) $port ) ), 'not again within the interval' );
		$this->assertFalse( NodeBeat::send( 'k3y', 'site.test', '/drain', array( 'SERVER_ADDR' => 'not an address', 'SERVER_PORT' => '80' ) ) );
		apcu_delete( 'xmlrpc-shield|beat|' . $this->spool );
	}
}
