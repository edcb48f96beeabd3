/**
 * Jest for src/: @wordpress/scripts' unit config, pointed at tests/js.
 */
const base = require( '@wordpress/scripts/config/jest-unit.config' );

module.exports = {
	...base,
	rootDir: __dirname,
	testMatch: [ '<rootDir>/tests/js/**/*.test.[jt]s?(x)' ],
	// uuid 14 and @wordpress/theme, which @wordpress/components imports, ship only ES modules
	// (theme as .mjs): let babel compile them, since Jest 30 on Node 20 cannot require() ESM.
	transform: {
		'\\.[cm]?[jt]sx?$': Object.values( base.transform )[ 0 ],
	},
	transformIgnorePatterns: [ '/node_modules/(?!(uuid|@wordpress/theme)/)' ],
	// The admin page renders every section with real recharts; on a busy two-core machine one
	// test can take longer than Jest's default 5 s without anything being wrong.
	testTimeout: 30000,
	setupFilesAfterEnv: [
		...( base.setupFilesAfterEnv || [] ),
		'<rootDir>/tests/js/setup.ts',
	],
};
