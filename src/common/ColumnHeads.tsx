/**
 * A table's header row: one column header per name, numeric columns right-aligned (`num`).
 */
import type { ReactNode } from 'react';

export interface Column {
	label: ReactNode;
	/** Holds figures: aligned right, as the cells under it. */
	numeric?: boolean;
}

/**
 * @param props         Props.
 * @param props.columns The columns in order: a name, a Column, or false for one not shown.
 */
export function ColumnHeads( {
	columns,
}: {
	columns: ReadonlyArray< string | Column | false >;
} ) {
	return (
		<thead>
			<tr>
				{ columns.map( ( column, index ) => {
					if ( column === false ) {
						return null;
					}
					const { label, numeric } =
						typeof column === 'string'
							? { label: column, numeric: false }
							: column;
					return (
						<th
							key={ index }
							scope="col"
							className={ numeric ? 'num' : undefined }
						>
							{ label }
						</th>
					);
				} ) }
			</tr>
		</thead>
	);
}
