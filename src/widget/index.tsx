/**
 * Mounts the Dashboard widget into the placeholder DashboardWidget.php prints.
 */
import { createRoot } from '@wordpress/element';

import { Widget } from './Widget';
import '../common/common.css';
import './widget.css';

declare global {
	interface Window {
		xmlrpcShield?: { pageUrl: string; version: string };
	}
}

const container = document.getElementById( 'xmlrpc-shield-widget-root' );
if ( container ) {
	createRoot( container ).render(
		<Widget
			pageUrl={
				window.xmlrpcShield?.pageUrl ?? 'tools.php?page=xmlrpc-shield'
			}
		/>
	);
}
