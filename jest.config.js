/**
 * Jest for src/: @wordpress/scripts' unit config, pointed at tests/js.
 */
const base = require( '@wordpress/scripts/config/jest-unit.config' );

module.exports = {
	...base,
	rootDir: __dirname,
	testMatch: [ '<rootDir>/tests/js/**/*.test.[jt]s?(x)' ],
	// jsdom picks uuid's browser build, which is ESM; @wordpress/components 21 imports it.
	moduleNameMapper: {
		...( base.moduleNameMapper || {} ),
		'^uuid$': require.resolve( 'uuid' ),
	},
	// The admin page renders every section with real recharts; on a busy two-core machine one
	// test can take longer than Jest's default 5 s without anything being wrong.
	testTimeout: 30000,
	setupFilesAfterEnv: [
		...( base.setupFilesAfterEnv || [] ),
		'<rootDir>/tests/js/setup.ts',
	],
};
