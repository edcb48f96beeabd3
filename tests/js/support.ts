/**
 * What the component tests share: finding what a user sees (not the hidden live regions core
 * speaks notices through), a click that lets the request it starts settle, the pointer over a
 * chart, and the site settings Admin\Assets prints (window.xmlrpcShield).
 */
import { act, createEvent, fireEvent, screen } from '@testing-library/react';

/** Notices are also spoken through core's hidden live regions; look at what is on screen. */
export const onScreen = { ignore: '.a11y-speak-region, script, style' };

/**
 * Waits for a text to show on screen.
 *
 * @param text The text, whole, or a pattern.
 */
export const shown = ( text: string | RegExp ) =>
	screen.findByText( text, onScreen );

/**
 * Clicks, and lets the request the click starts answer before going on.
 *
 * @param element What to click.
 */
export async function clickAndSettle( element: HTMLElement ): Promise< void > {
	await act( async () => {
		fireEvent.click( element );
	} );
}

/**
 * Moves the pointer over a recharts chart, as a user hovering it: across the middle, at a height.
 *
 * @param wrapper The chart's .recharts-wrapper.
 * @param pageY   How far down, in pixels.
 */
export function hoverChart( wrapper: HTMLElement, pageY: number ): void {
	// jsdom's MouseEvent has no page coordinates, which recharts reads.
	for ( const make of [ createEvent.mouseEnter, createEvent.mouseMove ] ) {
		const event = make( wrapper );
		Object.defineProperty( event, 'pageX', { value: 400 } );
		Object.defineProperty( event, 'pageY', { value: pageY } );
		fireEvent( wrapper, event );
	}
}

/** What Admin\Assets prints for the scripts (a test sets only what it needs). */
interface SiteGlobals {
	pageUrl?: string;
	timezone?: { string: string; offset: number };
	[ key: string ]: unknown;
}

type WithGlobals = { xmlrpcShield?: SiteGlobals };

/**
 * Sets window.xmlrpcShield, as the page would.
 *
 * @param globals The settings.
 */
export function setSiteGlobals( globals: SiteGlobals ): void {
	( window as unknown as WithGlobals ).xmlrpcShield = globals;
}

/** Takes window.xmlrpcShield away again. */
export function clearSiteGlobals(): void {
	delete ( window as unknown as WithGlobals ).xmlrpcShield;
}
