<?php
/**
 * Unit tests for the pure Jetpack signature check and the gate's use of its verdict.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\unit;

use PHPUnit\Framework\TestCase;
use XmlrpcShield\Gate\AddressList;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Gate\Decision;
use XmlrpcShield\Gate\JetpackSignature;
use XmlrpcShield\Gate\RequestGate;
use XmlrpcShield\Gate\TrustedProxies;

final class JetpackSignatureTest extends TestCase {

	const TOKEN = 'abcKey.s3cr3t';
	const NOW   = 1700000000;
	const BODY  = '<?xml version="1.0"?><methodCall><methodName>jetpack.testConnection</methodName></methodCall>';

	/**
	 * A signed request, its parts overridable, signed by writing out the string Jetpack signs.
	 *
	 * @param array<string,string> $args   Query arguments to override.
	 * @param string               $secret Secret to sign with.
	 * @return array{query:array<string,string>, url:string}
	 */
	private static function request( array $args = array(), string $secret = 's3cr3t' ): array {
		$query = array_merge(
			array(
				'for'       => 'jetpack',
				'token'     => 'abcKey:1:0',
				'timestamp' => (string) self::NOW,
				'nonce'     => 'Nonce123',
				'body-hash' => base64_encode( sha1( self::BODY, true ) ),
			),
			$args
		);
		$string = "abcKey:1:0\n{$query['timestamp']}\n{$query['nonce']}\n{$query['body-hash']}\nPOST\nexample.com\n443\n/xmlrpc.php\n"
			. 'body-hash=' . rawurlencode( $query['body-hash'] ) . "\nfor=jetpack\nnonce={$query['nonce']}\ntimestamp={$query['timestamp']}\ntoken=abcKey%3A1%3A0\n";
		$query['signature'] = base64_encode( hash_hmac( 'sha1', $string, $secret, true ) );
		return array(
			'query' => $query,
			'url'   => 'https://Example.com:/xmlrpc.php?' . http_build_query( $query, '', '&', PHP_QUERY_RFC3986 ),
		);
	}

	private static function verify( array $request, string $body = self::BODY, int $now = self::NOW, int $time_diff = 0, string $token = self::TOKEN ): string {
		return JetpackSignature::verify( $token, $request['query'], 'post', $request['url'], $body, $now, $time_diff );
	}

	public function test_a_request_signed_with_the_token_verifies(): void {
		$this->assertSame( JetpackSignature::OK, self::verify( self::request() ) );
		// The window: ten minutes back, five ahead, shifted by Jetpack's recorded clock difference.
		$this->assertSame( JetpackSignature::OK, self::verify( self::request(), self::BODY, self::NOW + 600 ) );
		$this->assertSame( JetpackSignature::OK, self::verify( self::request(), self::BODY, self::NOW - 300 ) );
		$this->assertSame( JetpackSignature::OK, self::verify( self::request(), self::BODY, self::NOW - 3600, 3600 ) );
	}

	public function test_each_forgery_is_refused(): void {
		$this->assertSame( JetpackSignature::MISMATCH, self::verify( self::request( array(), 'wrong' ) ) );
		$this->assertSame( JetpackSignature::TOKEN_MISMATCH, self::verify( self::request(), self::BODY, self::NOW, 0, 'otherKey.s3cr3t' ) );
		$this->assertSame( JetpackSignature::MALFORMED_TOKEN, self::verify( self::request(), self::BODY, self::NOW, 0, 'abcKey' ) );
		$this->assertSame( JetpackSignature::BAD_BODY_HASH, self::verify( self::request(), self::BODY . ' ' ) );
		$this->assertSame( JetpackSignature::BAD_BODY_HASH, self::verify( self::request(), '' ) );
		$this->assertSame( JetpackSignature::MISSING_PARAMETER, self::verify( self::request( array( 'body-hash' => '' ) ) ) );
		$this->assertSame( JetpackSignature::STALE_TIMESTAMP, self::verify( self::request(), self::BODY, self::NOW + 601 ) );
		$this->assertSame( JetpackSignature::STALE_TIMESTAMP, self::verify( self::request(), self::BODY, self::NOW - 301 ) );
		$this->assertSame( JetpackSignature::BAD_TIMESTAMP, self::verify( self::request( array( 'timestamp' => '1700000000.5' ) ) ) );
		$this->assertSame( JetpackSignature::BAD_NONCE, self::verify( self::request( array( 'nonce' => 'n0nce-with-dash' ) ) ) );
		$this->assertSame( JetpackSignature::BAD_NONCE, self::verify( self::request( array( 'nonce' => 'abcdefghijklm' ) ) ) );
		$array_nonce          = self::request();
		$array_nonce['query']['nonce'] = array( 'x' );
		$this->assertSame( JetpackSignature::MISSING_PARAMETER, self::verify( $array_nonce ) );
		// Another host, path or query than the one signed.
		foreach ( array( 'https://evil.example/', 'http://example.com/', 'https://example.com/wp-admin/' ) as $prefix ) {
			$moved        = self::request();
			$moved['url'] = str_replace( 'https://Example.com:/', $prefix, $moved['url'] );
			$this->assertSame( JetpackSignature::MISMATCH, self::verify( $moved ), $prefix );
		}
		$extra         = self::request();
		$extra['url'] .= '&jetpack=comms';
		$this->assertSame( JetpackSignature::MISMATCH, self::verify( $extra ) );
	}

	public function test_a_request_without_a_body_signs_an_empty_body_hash(): void {
		$request = self::request( array( 'body-hash' => '' ) );
		$this->assertSame( JetpackSignature::OK, self::verify( $request, '' ) );
	}

	/**
	 * Jetpack's own test vectors for query normalization (test_Signature.php), as the flat list
	 * the signed string holds.
	 */
	public function test_query_normalization_matches_jetpacks_vectors(): void {
		$this->assertSame( array( 'size=10' ), JetpackSignature::normalized_query( 'size=10&signature=super-secret' ) );
		$this->assertSame(
			array(
				'query=journey',
				'size=10',
				'aggregations[taxonomy_1][terms][field]=taxonomy.xposts.slug_slash_name',
				'aggregations[taxonomy_1][terms][size]=5',
				'fields[0]=date',
				'fields[1]=permalink.url.raw',
				'highlight_fields[0]=title',
				'highlight_fields[1]=content',
			),
			JetpackSignature::normalized_query( 'size=10&highlight_fields%5B0%5D=title&highlight_fields%5B1%5D=content&aggregations%5Btaxonomy_1%5D%5Bterms%5D%5Bfield%5D=taxonomy.xposts.slug_slash_name&aggregations%5Btaxonomy_1%5D%5Bterms%5D%5Bsize%5D=5&fields%5B0%5D=date&fields%5B1%5D=permalink.url.raw&query=journey' )
		);
		$this->assertSame(
			array( 'people[0][city]=Boulder', 'people[0][first_name]=Michael', 'people[0][last_name]=Scott', 'people[1][first_name]=Jim', 'people[1][last_name]=Halpert', 'people[1][state]=Texas' ),
			JetpackSignature::normalized_query( 'people[0][last_name]=Scott&people[0][first_name]=Michael&people[0][city]=Boulder&people[1][first_name]=Jim&people[1][state]=Texas&people[1][last_name]=Halpert' )
		);
		$this->assertSame( array( 'street=1600%20Pennsylvania%20Ave', 'x=a%2Bb%2F%3D' ), JetpackSignature::normalized_query( 'x=a%2Bb%2F%3D&street=1600+Pennsylvania+Ave' ) );
	}

	/**
	 * Jetpack's port vectors (test_Signature.php): forwarded port, server port, HTTPS, and the
	 * JETPACK_SIGNATURE__HTTP(S)_PORT overrides.
	 */
	public function test_request_port_matches_jetpacks_vectors(): void {
		$cases = array(
			// forwarded, server, https, usual http, usual https, expected.
			array( '', 80, false, '80', '443', '' ),
			array( '', '80', false, '80', '443', '' ),
			array( null, null, false, '80', '443', '' ),
			array( '', 81, false, '80', '443', '81' ),
			array( 82, '81', false, '80', '443', '82' ),
			array( 82, '', false, '80', '443', '82' ),
			array( '', 443, true, '80', '443', '' ),
			array( '', '444', true, '80', '443', '444' ),
			array( '445', '444', true, '80', '443', '445' ),
			array( '', '80', true, '80', '443', '' ),
			array( '', 'string', false, '80', '443', '' ),
			array( '', '65536', false, '80', '443', '' ),
			array( 81, '', false, '81', '443', '' ),
			array( 82, '81', false, '81', '443', '82' ),
			array( 444, '', true, '80', '444', '' ),
			array( 445, '444', true, '80', '444', '445' ),
		);
		foreach ( $cases as $i => $case ) {
			$server = array_filter(
				array(
					'HTTP_X_FORWARDED_PORT' => $case[0],
					'SERVER_PORT'           => $case[1],
				),
				static function ( $value ) {
					return null !== $value;
				}
			);
			$this->assertSame( $case[5], JetpackSignature::request_port( $server, $case[2], $case[3], $case[4] ), "case $i" );
		}
		$this->assertSame(
			'https://example.com:8443/xmlrpc.php?for=jetpack',
			JetpackSignature::request_url(
				array(
					'HTTP_HOST'   => 'example.com',
					'SERVER_PORT' => '8443',
					'REQUEST_URI' => '/xmlrpc.php?for=jetpack',
				),
				true
			)
		);
	}

	public function test_token_argument_names_key_and_user(): void {
		$this->assertSame( array( 'key' => 'k', 'user_id' => 0 ), JetpackSignature::parse_token_arg( 'k:1:0', '1' ) );
		$this->assertSame( array( 'key' => 'k', 'user_id' => 12 ), JetpackSignature::parse_token_arg( 'k:1:12', '1' ) );
		foreach ( array( 'k:2:0', 'k:1:', 'k:1:x', 'k:1:-1', ':1:0', 'k', '' ) as $bad ) {
			$this->assertNull( JetpackSignature::parse_token_arg( $bad, '1' ), $bad );
		}
	}

	public function test_only_a_for_jetpack_query_with_token_and_signature_is_worth_verifying(): void {
		$this->assertTrue(
			Decider::is_signed_jetpack_call(
				array(
					'for'       => 'jetpack',
					'token'     => 'k:1:0',
					'signature' => 'x',
				)
			)
		);
		$this->assertFalse( Decider::is_signed_jetpack_call( array( 'for' => 'jetpack' ) ) );
		$this->assertFalse( Decider::is_signed_jetpack_call( array( 'token' => 'k:1:0', 'signature' => 'x' ) ) );
		$this->assertFalse(
			Decider::is_signed_jetpack_call(
				array(
					'for'       => 'jetpack',
					'token'     => 'k:1:0',
					'signature' => '',
				)
			)
		);
		$this->assertFalse(
			Decider::is_signed_jetpack_call(
				array(
					'for'       => 'jetpack',
					'token'     => array( 'k' ),
					'signature' => 'x',
				)
			)
		);
	}

	public function test_a_verified_call_is_allowed_in_every_mode_and_logged_with_a_note(): void {
		$server = array( 'REMOTE_ADDR' => '192.0.2.7' );
		foreach ( array( Decider::MODE_BLOCK, Decider::MODE_PINGBACK, Decider::MODE_MONITOR ) as $mode ) {
			$decider = new Decider( $mode, new AddressList( array() ), new TrustedProxies( array() ), true );
			foreach ( array( 'jetpack.testConnection', 'system.multicall', 'pingback.ping' ) as $method ) {
				$decision = $decider->decide_parsed_call( $server, $method );
				$this->assertSame( Decision::ALLOWED, $decision->outcome, "$mode $method" );
				$this->assertFalse( $decision->refuses(), "$mode $method" );
				$this->assertSame( $method, $decision->method );
				$this->assertTrue( $decision->jetpack_signed, "$mode $method" );
			}
		}
		$unsigned = new Decider( Decider::MODE_PINGBACK, new AddressList( array() ), new TrustedProxies( array() ) );
		$this->assertTrue( $unsigned->decide_parsed_call( $server, 'system.multicall' )->refuses() );
		$this->assertSame( '(Jetpack-signed)', Decision::jetpack_signed_method( '' ) );
	}

	public function test_the_early_gate_leaves_a_signed_call_to_a_connected_site_to_the_plugin_gate(): void {
		$config = array(
			'mode'              => Decider::MODE_BLOCK,
			'allowlist'         => array(),
			'trusted_proxies'   => array(),
			'log_enabled'       => false,
			'jetpack_connected' => true,
		);
		$server = array(
			'REMOTE_ADDR'     => '192.0.2.7',
			'REQUEST_METHOD'  => 'POST',
			'SCRIPT_FILENAME' => '/var/www/xmlrpc.php',
			'QUERY_STRING'    => 'for=jetpack&token=k%3A1%3A0&timestamp=1&nonce=a&signature=forged',
		);
		$this->assertNull( RequestGate::check( $config, $server, RequestGate::LAYER_EARLY, false ) );
		// The plugin-load gate decides: refused unless the signature verified.
		$this->assertTrue( RequestGate::check( $config, $server, RequestGate::LAYER_PLUGIN, false )->refuses() );
		$this->assertFalse( RequestGate::check( $config, $server, RequestGate::LAYER_PLUGIN, false, true )->refuses() );
		// Refused early as before: no connection, or no signature.
		$this->assertTrue( RequestGate::check( array( 'jetpack_connected' => false ) + $config, $server, RequestGate::LAYER_EARLY, false )->refuses() );
		$this->assertTrue( RequestGate::check( $config, array( 'QUERY_STRING' => 'for=jetpack' ) + $server, RequestGate::LAYER_EARLY, false )->refuses() );
	}
}
