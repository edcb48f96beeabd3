import { cidrError, proxyError, subnetOf } from '../../src/common/cidr';
import { firewallRule } from '../../src/common/firewall';
import { formatChange } from '../../src/common/format';

describe( 'cidrError', () => {
	it.each( [
		'192.0.2.1',
		'192.0.2.0/24',
		'0.0.0.0/0',
		'2001:db8::1',
		'2001:db8::/32',
		'::1',
		'::ffff:192.0.2.1',
		'2001:db8:0:0:0:0:0:1/128',
	] )( 'accepts %s', ( text ) => {
		expect( cidrError( text ) ).toBeNull();
	} );

	it.each( [
		[ '', /Enter an IP address/ ],
		[ '10.0.0.0/33', /0 to 32/ ],
		[ '2001:db8::/129', /0 to 128/ ],
		[ '256.1.1.1', /not an IPv4 or IPv6/ ],
		[ '10.0.0.0/8/8', /one slash/ ],
		[ '10.0.0.0/x', /prefix length/ ],
		[ '2001:db8:::1', /not an IPv4 or IPv6/ ],
		[ '1:2:3:4:5:6:7:8:9', /not an IPv4 or IPv6/ ],
		[ "' OR 1=1 --", /not an IPv4 or IPv6/ ],
	] )( 'rejects %s', ( text, reason ) => {
		expect( cidrError( text ) ).toMatch( reason );
	} );
} );

describe( 'proxyError', () => {
	it.each( [ '10.0.0.0/8', '127.0.0.1', '2a06:98c0::/29', 'fd00::/16' ] )(
		'accepts %s',
		( text ) => {
			expect( proxyError( text ) ).toBeNull();
		}
	);

	it.each( [
		[ '0.0.0.0/0', /covers every address/ ],
		[ '::/0', /covers every address/ ],
		[ '0.0.0.0/1', /\/8 or longer/ ],
		[ 'fc00::/7', /\/16 or longer/ ],
		[ 'nope', /not an IPv4 or IPv6/ ],
	] )( 'rejects %s', ( text, reason ) => {
		expect( proxyError( text ) ).toMatch( reason );
	} );
} );

describe( 'subnetOf and firewallRule', () => {
	it( 'maps an IPv4 address to its /24 and keeps ranges', () => {
		expect( subnetOf( '203.0.113.77' ) ).toBe( '203.0.113.0/24' );
		expect( subnetOf( '198.51.100.0/24' ) ).toBe( '198.51.100.0/24' );
	} );

	it( 'maps IPv6 addresses, compressed or not, to their /64', () => {
		expect( subnetOf( '2001:db8:ab:cd::42' ) ).toBe(
			'2001:db8:ab:cd::/64'
		);
		expect( subnetOf( '2001:db8::1' ) ).toBe( '2001:db8:0:0::/64' );
		expect( subnetOf( '2001:0db8:0000:0001:0000:0000:0000:0001' ) ).toBe(
			'2001:db8:0:1::/64'
		);
	} );

	it( 'writes iptables for IPv4 and ip6tables for IPv6', () => {
		expect( firewallRule( '203.0.113.0/24' ) ).toBe(
			'iptables -I INPUT -s 203.0.113.0/24 -p tcp -m multiport --dports 80,443 -j DROP'
		);
		expect( firewallRule( '2001:db8:ab::/64' ) ).toMatch(
			/^ip6tables -I INPUT -s 2001:db8:ab::\/64 /
		);
	} );

	it( 'describes the change between two periods', () => {
		expect( formatChange( 150, 100 ) ).toBe( '+50%' );
		expect( formatChange( 25, 100 ) ).toBe( '-75%' );
		expect( formatChange( 0, 0 ) ).toBe( '0%' );
		expect( formatChange( 5, 0 ) ).toBe( 'new' );
	} );
} );
