/**
 * The web nodes behind a load balancer (GET /status `nodes`): shown once there are two or
 * more, each with when it last moved its own counts into the log and whether its early gate
 * decides with the current settings. A single server says nothing here.
 */
import { __, sprintf } from '@wordpress/i18n';

import type { WebNode } from '../api/types';
import { formatNumber } from '../common/format';
import { formatSiteTime } from '../common/siteTime';

interface Props {
	nodes: WebNode[] | undefined;
}

/**
 * What a node's early gate is doing, in words.
 *
 * @param node The node.
 */
function gateWords( node: WebNode ): string {
	if ( ! node.gate_installed ) {
		return __( 'no early gate', 'xmlrpc-shield' );
	}
	return node.gate_current
		? __( 'early gate current', 'xmlrpc-shield' )
		: __(
				'early gate out of date (fetches the settings at its next drain)',
				'xmlrpc-shield'
		  );
}

export function WebNodes( { nodes }: Props ) {
	if ( ! nodes || nodes.length < 2 ) {
		return null;
	}
	return (
		<div className="xmlrpc-shield-web-nodes">
			<h3>{ __( 'Web nodes', 'xmlrpc-shield' ) }</h3>
			<ul>
				{ nodes.map( ( node ) => (
					<li
						key={ node.id }
						className={
							node.gate_installed && ! node.gate_current
								? 'is-out-of-date'
								: undefined
						}
					>
						<code>{ node.id }</code>{ ' ' }
						{ node.last_drain > 0
							? sprintf(
									/* translators: 1: time, 2: number of hits. */
									__(
										'last drained %1$s (%2$s hits)',
										'xmlrpc-shield'
									),
									formatSiteTime( node.last_drain, true ),
									formatNumber( node.drained_hits )
							  )
							: __( 'never drained', 'xmlrpc-shield' ) }
						{ ', ' }
						{ gateWords( node ) }
					</li>
				) ) }
			</ul>
		</div>
	);
}
