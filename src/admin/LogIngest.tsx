/**
 * The page's one write to the log: "Update log now" folds the spooled hits in (reads never
 * do; WP-Cron does every minute), then every section reloads. Also says when hits are missing
 * from the log because the spool could not take them.
 */
import { Button, Notice } from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';

import { api } from '../api/client';
import type { Status } from '../api/types';
import { formatNumber } from '../common/format';
import { ActionNotice, useAction } from '../common/useAction';
import { WebNodes } from './WebNodes';
import { formatSiteTime } from '../common/siteTime';

interface Props {
	status: Status | null;
	onIngested: () => void;
}

export function LogIngest( { status, onIngested }: Props ) {
	const action = useAction();

	const ingest = () =>
		action.run( async () => {
			const result = await api.ingestLog();
			onIngested();
			if ( ! result.ok ) {
				throw new Error(
					__(
						'The log table could not be written; the hits wait in the spool for the next try.',
						'xmlrpc-shield'
					)
				);
			}
			return result.busy
				? __(
						'An update was already running; its hits appear in a moment.',
						'xmlrpc-shield'
				  )
				: sprintf(
						/* translators: %s: number of hits. */
						_n(
							'%s new hit added to the log.',
							'%s new hits added to the log.',
							result.hits,
							'xmlrpc-shield'
						),
						formatNumber( result.hits )
				  );
		} );

	const dropped = status?.dropped_hits ?? 0;
	return (
		<div className="xmlrpc-shield-log-ingest">
			<Button
				variant="secondary"
				isBusy={ action.busy }
				disabled={ action.busy }
				accessibleWhenDisabled
				onClick={ ingest }
			>
				{ __( 'Update log now', 'xmlrpc-shield' ) }
			</Button>
			<ActionNotice action={ action } />
			{ dropped > 0 && status && (
				<Notice status="warning" isDismissible={ false }>
					{ sprintf(
						/* translators: 1: number of hits, 2: time of the latest. */
						_n(
							'%1$s hit is missing from the log: the spool was full or could not be written (latest %2$s). Blocking was not affected.',
							'%1$s hits are missing from the log: the spool was full or could not be written (latest %2$s). Blocking was not affected.',
							dropped,
							'xmlrpc-shield'
						),
						formatNumber( dropped ),
						formatSiteTime( status.dropped_last, true )
					) }
				</Notice>
			) }
			<WebNodes nodes={ status?.nodes } />
		</div>
	);
}
