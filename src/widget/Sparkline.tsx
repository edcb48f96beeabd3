/**
 * The widget's 24-hour sparkline. Recharts is most of the widget's weight, so this file is
 * loaded on its own after the figures show (see Widget.tsx). It holds no translatable
 * strings: WordPress loads script translations per enqueued file, not per webpack chunk, so
 * every label comes in as a prop from the widget bundle.
 */
import { Line, LineChart, ResponsiveContainer, Tooltip } from 'recharts';

import type { SeriesPoint } from '../api/types';

export interface SparklineProps {
	series: SeriesPoint[];
	/** Name shown beside a value in the tooltip. */
	valueLabel: string;
	formatValue: ( value: number ) => string;
	formatTime: ( time: number ) => string;
}

export default function Sparkline( {
	series,
	valueLabel,
	formatValue,
	formatTime,
}: SparklineProps ) {
	return (
		<ResponsiveContainer width="100%" height={ 60 }>
			<LineChart
				data={ series }
				margin={ { top: 4, right: 4, bottom: 4, left: 4 } }
			>
				<Tooltip
					labelFormatter={ ( t: number ) => formatTime( t ) }
					formatter={ ( value: number ) => [
						formatValue( value ),
						valueLabel,
					] }
				/>
				<Line
					type="monotone"
					dataKey="blocked"
					stroke="#cc1818"
					strokeWidth={ 2 }
					dot={ false }
					isAnimationActive={ false }
				/>
			</LineChart>
		</ResponsiveContainer>
	);
}
