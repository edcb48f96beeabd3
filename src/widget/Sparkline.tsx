/**
 * The widget's 24-hour sparkline. Recharts is most of the widget's weight, so this file is
 * loaded on its own after the figures show (see Widget.tsx). It holds no translatable
 * strings: WordPress loads script translations per enqueued file, not per webpack chunk, so
 * every label comes in as a prop from the widget bundle.
 */
import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis } from 'recharts';

import type { SparklinePoint } from './sparklineSeries';

export interface SparklineProps {
	/** Complete hours solid, the running hour as a rate on the dashed part (sparklineSeries()). */
	points: SparklinePoint[];
	/** Start of the running hour drawn as a rate, if any: its tooltip says so. */
	runningAt: number | null;
	/** Name shown beside a complete hour's value in the tooltip. */
	valueLabel: string;
	/** What the running hour's tooltip adds after its time ("so far: …"). */
	runningLabel: string;
	formatValue: ( value: number ) => string;
	formatTime: ( time: number ) => string;
}

export default function Sparkline( {
	points,
	runningAt,
	valueLabel,
	runningLabel,
	formatValue,
	formatTime,
}: SparklineProps ) {
	return (
		<ResponsiveContainer width="100%" height={ 60 }>
			<LineChart
				data={ points }
				margin={ { top: 4, right: 4, bottom: 4, left: 4 } }
			>
				{ /* Hidden, but it makes a point's label its time: without it the tooltip got the
				point's index and showed a time in January 1970. */ }
				<XAxis dataKey="t" hide />
				<Tooltip
					labelFormatter={ ( t: number ) =>
						t === runningAt
							? `${ formatTime( t ) } ${ runningLabel }`
							: formatTime( t )
					}
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
				{ /* The running hour: a rate, not a count, so it is dashed and left out of the
				tooltip's values (its label says it all). */ }
				<Line
					type="linear"
					dataKey="rate"
					className="xmlrpc-shield-sparkline__running"
					stroke="#cc1818"
					strokeWidth={ 2 }
					strokeDasharray="3 3"
					dot={ false }
					tooltipType="none"
					isAnimationActive={ false }
				/>
			</LineChart>
		</ResponsiveContainer>
	);
}
