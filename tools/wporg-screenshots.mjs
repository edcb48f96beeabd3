/**
 * npm run screenshots: copies the e2e run's screenshots to the names WordPress.org reads
 * (.wordpress-org/screenshot-N.png), in the order of readme.txt's == Screenshots == captions.
 * Run `npm run test:e2e` first; the release tests check every caption has its picture.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join( dirname( fileURLToPath( import.meta.url ) ), '..' );
// Caption number → e2e artifact (tests/e2e/admin.test.mjs names them).
const shots = [ 'admin-page-seeded.png', 'dashboard-widget.png' ];

mkdirSync( join( root, '.wordpress-org' ), { recursive: true } );
let missing = 0;
shots.forEach( ( name, index ) => {
	const from = join( root, 'tests/e2e/artifacts', name );
	const to = join( root, '.wordpress-org', `screenshot-${ index + 1 }.png` );
	if ( ! existsSync( from ) ) {
		process.stderr.write( `${ from } is missing: run npm run test:e2e first.\n` );
		missing++;
		return;
	}
	copyFileSync( from, to );
	process.stdout.write( `${ name } -> .wordpress-org/screenshot-${ index + 1 }.png\n` );
} );
process.exit( missing ? 1 : 0 );
