<?php
/**
 * Unit tests for the lockout list the gates decide with.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\unit;

use PHPUnit\Framework\TestCase;
use XmlrpcShield\Gate\AddressList;
use XmlrpcShield\Gate\Decider;
use XmlrpcShield\Gate\Decision;
use XmlrpcShield\Gate\LockoutList;
use XmlrpcShield\Gate\TrustedProxies;

final class LockoutListTest extends TestCase {

	public function test_a_client_is_an_ipv4_address_or_an_ipv6_64(): void {
		$this->assertSame( '203.0.113.7', LockoutList::client_key( '203.0.113.7' ) );
		$this->assertSame( '2001:db8:1:2::/64', LockoutList::client_key( '2001:db8:1:2:aaaa:bbbb:cccc:dddd' ) );
		$this->assertSame( '2001:db8:1:2::/64', LockoutList::client_key( '2001:DB8:1:2::1' ) );
		$this->assertSame( '', LockoutList::client_key( 'not an address' ) );
		$this->assertSame( '', LockoutList::client_key( '' ) );
	}

	public function test_an_entry_refuses_until_its_time_and_not_after(): void {
		$now  = 1800000000;
		$list = new LockoutList(
			array(
				'203.0.113.7'       => $now + 60,
				'2001:db8:1:2::/64' => $now + 60,
				'198.51.100.1'      => $now,
				'192.0.2.1'         => 'junk',
			)
		);
		$this->assertSame( $now + 60, $list->locked_until( '203.0.113.7', $now ) );
		$this->assertSame( $now + 60, $list->locked_until( '2001:db8:1:2::ffff', $now ) );
		$this->assertSame( 0, $list->locked_until( '2001:db8:1:3::1', $now ), 'the next /64 is another client' );
		$this->assertSame( 0, $list->locked_until( '198.51.100.1', $now ), 'ended at its time' );
		$this->assertSame( 0, $list->locked_until( '203.0.113.7', $now + 60 ) );
		$this->assertSame( 0, $list->locked_until( '192.0.2.1', $now ) );
		$this->assertSame( 0, $list->locked_until( '203.0.113.8', $now ) );
	}

	public function test_a_locked_out_client_is_refused_in_every_mode_but_off_unless_allowlisted(): void {
		$call = static function () {
			return '<methodCall><methodName>wp.getUsersBlogs</methodName></methodCall>';
		};
		$list = new LockoutList( array( '203.0.113.7' => time() + 600 ) );
		foreach ( array( Decider::MODE_BLOCK, Decider::MODE_PINGBACK, Decider::MODE_MONITOR ) as $mode ) {
			$decision = ( new Decider( $mode, new AddressList( array() ), new TrustedProxies( array() ), false, $list ) )->decide_xmlrpc( array( 'REMOTE_ADDR' => '203.0.113.7' ), $call );
			$this->assertSame( array( Decision::BLOCKED, Decision::RESPOND_FORBIDDEN ), array( $decision->outcome, $decision->response ), $mode );
			$other = ( new Decider( $mode, new AddressList( array() ), new TrustedProxies( array() ), false, $list ) )->decide_xmlrpc( array( 'REMOTE_ADDR' => '203.0.113.8' ), $call );
			$this->assertSame( Decider::MODE_BLOCK === $mode, $other->refuses(), "{$mode}: another address is decided as usual" );
			$allowlisted = ( new Decider( $mode, new AddressList( array( '203.0.113.7' ) ), new TrustedProxies( array() ), false, $list ) )->decide_xmlrpc( array( 'REMOTE_ADDR' => '203.0.113.7' ), $call );
			$this->assertFalse( $allowlisted->refuses(), "{$mode}: the allowlist wins" );
		}
		$off = ( new Decider( Decider::MODE_OFF, new AddressList( array() ), new TrustedProxies( array() ), false, $list ) )->decide_xmlrpc( array( 'REMOTE_ADDR' => '203.0.113.7' ), $call );
		$this->assertFalse( $off->refuses() );
	}
}
