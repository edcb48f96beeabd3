<?php
/**
 * The autopilot's rules, without WordPress: one unattended attempt per cool-down, an owner's
 * undo never re-done, an owner's "off" respected, events newest first and bounded.
 *
 * @package XmlrpcShield
 */

namespace XmlrpcShield\Tests\unit;

use PHPUnit\Framework\TestCase;
use XmlrpcShield\Autopilot\State;

final class AutopilotStateTest extends TestCase {

	const NOW = 1800000000;

	public function test_a_fresh_site_attempts_at_once_and_only_when_on(): void {
		$state = new State( false );
		$this->assertSame( State::PENDING, $state->state() );
		$this->assertTrue( $state->may_attempt( self::NOW, true ) );
		$this->assertFalse( $state->may_attempt( self::NOW, false ), 'off: never' );
		$this->assertSame( State::OFF, $state->reported( false, '', true ) );
		$this->assertSame( State::OFF, $state->reported( false, 'htaccess', true ), 'off even with a gate installed (it stays)' );
	}

	public function test_one_attempt_per_cool_down_whatever_the_outcome(): void {
		$state = new State( array() );
		$state->begin_attempt( self::NOW );
		$state->rolled_back( 'htaccess', self::NOW, 'check failed', array(), array() );
		$state->failed( self::NOW, 'nothing worked', array() );
		$this->assertSame( State::FAILED, $state->state() );
		$this->assertSame( self::NOW + State::COOL_DOWN, $state->next_attempt_at() );
		$this->assertFalse( $state->may_attempt( self::NOW + 1, true ) );
		$this->assertFalse( $state->may_attempt( self::NOW + State::COOL_DOWN - 1, true ) );
		$this->assertTrue( $state->may_attempt( self::NOW + State::COOL_DOWN, true ) );
		// The stored state survives a round trip through the option.
		$stored = new State( $state->to_array() );
		$this->assertFalse( $stored->may_attempt( self::NOW + 60, true ) );
		$this->assertSame( State::FAILED, $stored->reported( true, '', true ) );
	}

	public function test_installed_and_verifying_are_never_attempted_again(): void {
		$state = new State( array() );
		$state->begin_attempt( self::NOW );
		$state->installed( 'htaccess', self::NOW, 0, 'after activation', array( 'x' => 1 ), array( '/site/.htaccess' ) );
		$this->assertSame( State::INSTALLED, $state->state() );
		$this->assertFalse( $state->may_attempt( self::NOW + 10 * State::COOL_DOWN, true ) );

		$ini = new State( array() );
		$ini->begin_attempt( self::NOW );
		$ini->installed( 'user-ini', self::NOW, self::NOW + 310, 'after activation', array(), array( '/site/.user.ini' ) );
		$this->assertSame( State::VERIFYING, $ini->state() );
		$this->assertSame( State::VERIFYING, $ini->reported( true, 'user-ini', true ) );
		$this->assertFalse( $ini->may_verify( self::NOW + 309, true ), 'never checked before PHP read .user.ini again' );
		$this->assertTrue( $ini->may_verify( self::NOW + 310, true ) );
		$this->assertFalse( $ini->may_attempt( self::NOW + 10 * State::COOL_DOWN, true ) );
		$ini->verified( self::NOW + 311, 'answered' );
		$this->assertSame( State::INSTALLED, $ini->state() );
		$this->assertSame( array( State::EVENT_VERIFIED, State::EVENT_INSTALLED ), array_column( $ini->events(), 'kind' ) );
	}

	public function test_an_owners_undo_is_never_redone_until_the_owner_says_so(): void {
		$state = new State( array() );
		$state->installed( 'htaccess', self::NOW, 0, 'after activation', array(), array() );
		$state->undone( 'htaccess', self::NOW + 5, 'the owner removed it', array( '/site/.htaccess' ) );
		$this->assertSame( State::UNDONE, $state->reported( true, '', true ) );
		foreach ( array( self::NOW + 6, self::NOW + State::COOL_DOWN, self::NOW + 365 * 86400 ) as $later ) {
			$this->assertFalse( $state->may_attempt( $later, true ) );
		}
		$state->deactivated();
		$this->assertFalse( $state->may_attempt( self::NOW + 7, true ), 'deactivation and reactivation keep the undo' );
		$state->disabled( self::NOW + 8, 'off' );
		$state->enabled( self::NOW + 9, 'on' );
		$this->assertTrue( $state->may_attempt( self::NOW + 9, true ), 'the owner turning autopilot on lifts it' );

		$installed = new State( array() );
		$installed->undone( 'htaccess', self::NOW, 'removed', array() );
		$installed->owner_installed( 'mu-plugin' );
		$this->assertSame( State::INSTALLED, $installed->reported( true, 'mu-plugin', true ), 'so does an install by the owner' );
	}

	public function test_deactivation_is_not_an_undo(): void {
		$state = new State( array() );
		$state->begin_attempt( self::NOW );
		$state->installed( 'htaccess', self::NOW, 0, 'after activation', array(), array() );
		$state->deactivated();
		$this->assertTrue( $state->may_attempt( self::NOW + 1, true ), 'activating again installs again at once' );
	}

	public function test_nothing_to_refuse_is_not_needed_and_a_vanished_gate_is_pending(): void {
		$state = new State( array() );
		$this->assertSame( State::NOT_NEEDED, $state->reported( true, '', false ) );
		$state->installed( 'htaccess', self::NOW, 0, 'after activation', array(), array() );
		$this->assertSame( State::INSTALLED, $state->reported( true, 'htaccess', false ) );
		$this->assertSame( State::PENDING, $state->reported( true, '', true ), 'a gate deleted by hand is reported as not installed' );
	}

	public function test_events_are_newest_first_bounded_and_in_the_contract_shape(): void {
		$state = new State( array() );
		for ( $i = 0; $i < State::MAX_EVENTS + 20; $i++ ) {
			$state->rolled_back( 'htaccess', self::NOW + $i, 'failed ' . $i, array( 'http_status' => 500 ), array( '/site/.htaccess' ) );
		}
		$events = $state->events();
		$this->assertCount( State::MAX_EVENTS, $events );
		$this->assertSame( self::NOW + State::MAX_EVENTS + 19, $events[0]['at'], 'newest first' );
		$this->assertSame( array( 'at', 'kind', 'layer', 'reason', 'figures', 'files' ), array_keys( $events[0] ) );
		$this->assertContains( $events[0]['kind'], State::EVENT_KINDS );
		$this->assertCount( State::MAX_EVENTS, ( new State( $state->to_array() ) )->events() );
	}

	public function test_a_damaged_option_reads_as_a_fresh_pending_state(): void {
		foreach ( array( 'garbage', array( 'state' => 'exploded' ), array( 'events' => 'x' ) ) as $stored ) {
			$state = new State( $stored );
			$this->assertSame( State::PENDING, $state->state() );
			$this->assertIsArray( $state->events() );
		}
	}
}
