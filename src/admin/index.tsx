/**
 * Mounts the admin page into the placeholder AdminPage.php prints.
 */
import { createRoot } from '@wordpress/element';

import { App } from './App';
import '../common/common.css';
import './admin.css';

const container = document.getElementById( 'xmlrpc-shield-root' );
if ( container ) {
	createRoot( container ).render( <App /> );
}
