/**
 * Mounts the Dashboard widget into the placeholder DashboardWidget.php prints.
 */
import { render } from '@wordpress/element';

import { Widget } from './Widget';
import './widget.css';

declare global {
	interface Window {
		xmlrpcShield?: { pageUrl: string; version: string };
	}
}

const root = document.getElementById( 'xmlrpc-shield-widget-root' );
if ( root ) {
	render(
		<Widget
			pageUrl={
				window.xmlrpcShield?.pageUrl ?? 'tools.php?page=xmlrpc-shield'
			}
		/>,
		root
	);
}
