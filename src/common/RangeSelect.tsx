/**
 * The period a table is read over, as a select (top offenders, the firewall export).
 */
import { SelectControl } from '@wordpress/components';

import type { Range } from '../api/types';
import { PERIOD_LABEL, rangeLabel, RANGES } from './ranges';

const OPTIONS = RANGES.map( ( range ) => ( {
	value: range,
	label: rangeLabel( range ),
} ) );

/**
 * @param props          Props.
 * @param props.value    The period chosen.
 * @param props.onChange Called with the period chosen.
 */
export function RangeSelect( {
	value,
	onChange,
}: {
	value: Range;
	onChange: ( range: Range ) => void;
} ) {
	return (
		<SelectControl
			label={ PERIOD_LABEL }
			value={ value }
			options={ OPTIONS }
			onChange={ ( chosen ) => onChange( chosen as Range ) }
			__nextHasNoMarginBottom
			__next40pxDefaultSize
		/>
	);
}
