/**
 * jsdom has no layout: give recharts' ResponsiveContainer a real size through the
 * ResizeObserver and element sizes it reads, so charts render their SVG in tests.
 */
import '@testing-library/jest-dom';

class SizedResizeObserver {
	private readonly callback: ResizeObserverCallback;

	constructor( callback: ResizeObserverCallback ) {
		this.callback = callback;
	}

	observe( target: Element ): void {
		this.callback(
			[
				{
					target,
					contentRect: { width: 800, height: 280 },
				} as unknown as ResizeObserverEntry,
			],
			this as unknown as ResizeObserver
		);
	}

	unobserve(): void {}

	disconnect(): void {}
}

window.ResizeObserver = SizedResizeObserver as unknown as typeof ResizeObserver;
Object.defineProperty( HTMLElement.prototype, 'clientWidth', {
	configurable: true,
	get: () => 800,
} );
Object.defineProperty( HTMLElement.prototype, 'clientHeight', {
	configurable: true,
	get: () => 280,
} );
Object.defineProperty( HTMLElement.prototype, 'offsetWidth', {
	configurable: true,
	get: () => 800,
} );
Object.defineProperty( HTMLElement.prototype, 'offsetHeight', {
	configurable: true,
	get: () => 280,
} );
