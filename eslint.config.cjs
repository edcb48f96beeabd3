/**
 * ESLint for `wp-scripts lint-js`: @wordpress/scripts' own defaults, plus what the end-to-end
 * tests need. Those are Node scripts driving Chromium through Playwright: callbacks passed to
 * page.evaluate() run in the page (browser globals, and `document.activeElement` is what a focus
 * test asks: there is no React node ref to take an ownerDocument from), and REST fields keep
 * their snake_case names when destructured.
 */
const globals = require( 'globals' );
const defaults = require( '@wordpress/scripts/config/eslint.config.cjs' );

module.exports = [
	...defaults,
	{
		files: [ 'tests/e2e/**/*.mjs' ],
		languageOptions: {
			globals: { ...globals.browser, ...globals.node },
		},
		rules: {
			camelcase: [
				'error',
				{ properties: 'never', ignoreDestructuring: true },
			],
			'@wordpress/no-global-active-element': 'off',
		},
	},
];
