/**
 * One-line firewall rules for an offending address or subnet (the seed site's third layer).
 *
 * @param cidr Address or range to drop.
 */
export function firewallRule( cidr: string ): string {
	const tool = cidr.includes( ':' ) ? 'ip6tables' : 'iptables';
	return `${ tool } -I INPUT -s ${ cidr } -p tcp -m multiport --dports 80,443 -j DROP`;
}
