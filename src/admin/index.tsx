/**
 * Mounts the admin page into the placeholder AdminPage.php prints.
 */
import { render } from '@wordpress/element';

import { App } from './App';
import './admin.css';

const root = document.getElementById( 'xmlrpc-shield-root' );
if ( root ) {
	render( <App />, root );
}
