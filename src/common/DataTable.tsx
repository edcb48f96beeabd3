/**
 * A table of the page in its scroll frame (TableScroll): a caption for screen readers, one
 * header row (ColumnHeads), the rows a section gives.
 */
import type { ReactNode } from 'react';

import { ColumnHeads } from './ColumnHeads';
import type { Column } from './ColumnHeads';
import { TableScroll } from './TableScroll';

/**
 * @param props          Props.
 * @param props.label    The scroll region's name.
 * @param props.caption  The table's caption (read, not shown); the region's name if none.
 * @param props.columns  The header row (see ColumnHeads).
 * @param props.testId   The table's data-testid, if a test looks for it.
 * @param props.children The rows.
 */
export function DataTable( {
	label,
	caption,
	columns,
	testId,
	children,
}: {
	label: string;
	caption?: ReactNode;
	columns: ReadonlyArray< string | Column | false >;
	testId?: string;
	children: ReactNode;
} ) {
	return (
		<TableScroll label={ label }>
			<table
				className="widefat striped xmlrpc-shield-table"
				data-testid={ testId }
			>
				<caption className="screen-reader-text">
					{ caption ?? label }
				</caption>
				<ColumnHeads columns={ columns } />
				<tbody>{ children }</tbody>
			</table>
		</TableScroll>
	);
}
