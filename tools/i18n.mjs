#!/usr/bin/env node
/**
 * Builds languages/xmlrpc-shield.pot from the PHP and TypeScript sources.
 *
 * WP-CLI's `wp i18n make-pot` is not in the Composer registry this project can reach, so PHP
 * strings come from GNU xgettext (Debian `gettext`) with WordPress's keyword list, and
 * TypeScript strings from TypeScript's own parser (xgettext cannot read TSX).
 *
 * Usage: node tools/i18n.mjs          writes the template
 *        node tools/i18n.mjs --check  exits 1 (and names the strings) if the committed one is stale
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const DOMAIN = 'xmlrpc-shield';
const root = fileURLToPath( new URL( '..', import.meta.url ) );
const potPath = join( root, 'languages', `${ DOMAIN }.pot` );

/** WordPress gettext functions: argument positions of msgid, plural and context (1-based). */
const JS_FUNCTIONS = {
	__: { msgid: 1, domain: 2 },
	_x: { msgid: 1, context: 2, domain: 3 },
	_n: { msgid: 1, plural: 2, domain: 4 },
	_nx: { msgid: 1, plural: 2, context: 4, domain: 5 },
};
const PHP_KEYWORDS = [
	'__', '_e', '_x:1,2c', '_ex:1,2c', '_n:1,2', '_nx:1,2,4c', '_n_noop:1,2', '_nx_noop:1,2,3c',
	'esc_html__', 'esc_html_e', 'esc_html_x:1,2c', 'esc_attr__', 'esc_attr_e', 'esc_attr_x:1,2c',
];

function walk( dir, test ) {
	if ( ! existsSync( dir ) ) {
		return [];
	}
	return readdirSync( dir ).sort().flatMap( ( name ) => {
		const path = join( dir, name );
		if ( statSync( path ).isDirectory() ) {
			return walk( path, test );
		}
		return test( name ) ? [ path ] : [];
	} );
}

function literalText( node ) {
	if ( ts.isStringLiteral( node ) || ts.isNoSubstitutionTemplateLiteral( node ) ) {
		return node.text;
	}
	return null;
}

/** Collects translatable calls from one TypeScript file. */
function extractTs( file, entries, problems ) {
	const source = ts.createSourceFile( file, readFileSync( file, 'utf8' ), ts.ScriptTarget.Latest, true,
		file.endsWith( '.tsx' ) ? ts.ScriptKind.TSX : ts.ScriptKind.TS );
	const visit = ( node ) => {
		if ( ts.isCallExpression( node ) && ts.isIdentifier( node.expression ) && JS_FUNCTIONS[ node.expression.text ] ) {
			const spec = JS_FUNCTIONS[ node.expression.text ];
			const arg = ( n ) => ( n ? node.arguments[ n - 1 ] : undefined );
			const line = source.getLineAndCharacterOfPosition( node.getStart() ).line + 1;
			const where = `${ relative( root, file ) }:${ line }`;
			const domain = arg( spec.domain ) && literalText( arg( spec.domain ) );
			const msgid = arg( spec.msgid ) && literalText( arg( spec.msgid ) );
			if ( domain !== DOMAIN || msgid === null || msgid === undefined ) {
				problems.push( `${ where }: ${ node.expression.text }() needs literal text and the '${ DOMAIN }' domain` );
			} else {
				const entry = {
					msgid,
					plural: spec.plural ? literalText( arg( spec.plural ) ) : null,
					context: spec.context ? literalText( arg( spec.context ) ) : null,
					comment: translatorComment( source, node ),
				};
				const key = `${ entry.context ?? '' }\u0004${ msgid }`;
				const seen = entries.get( key ) ?? { ...entry, refs: [] };
				seen.refs.push( where );
				entries.set( key, seen );
			}
		}
		ts.forEachChild( node, visit );
	};
	visit( source );
}

/** The nearest preceding "translators:" comment, as WordPress's tools read it. */
function translatorComment( source, node ) {
	for ( let current = node; current && current !== source; current = current.parent ) {
		const ranges = ts.getLeadingCommentRanges( source.text, current.getFullStart() ) ?? [];
		for ( const range of ranges ) {
			const text = source.text.slice( range.pos, range.end ).replace( /^\/\*+|\*+\/$|^\/\//g, '' ).trim();
			if ( /^translators:/i.test( text ) ) {
				return text;
			}
		}
	}
	return '';
}

function poString( text ) {
	const escaped = text.replace( /\\/g, '\\\\' ).replace( /"/g, '\\"' ).replace( /\t/g, '\\t' );
	if ( ! escaped.includes( '\n' ) ) {
		return `"${ escaped }"`;
	}
	const lines = escaped.split( '\n' ).map( ( part, i, all ) => ( i < all.length - 1 ? `${ part }\\n` : part ) ).filter( Boolean );
	return `""\n${ lines.map( ( part ) => `"${ part }"` ).join( '\n' ) }`;
}

function jsPot( entries ) {
	return [ ...entries.values() ].map( ( entry ) => {
		const out = [];
		if ( entry.comment ) {
			out.push( `#. ${ entry.comment }` );
		}
		out.push( `#: ${ entry.refs.join( ' ' ) }` );
		if ( /%(\d+\$)?[sd]/.test( entry.msgid ) ) {
			out.push( '#, javascript-format' );
		}
		if ( entry.context !== null ) {
			out.push( `msgctxt ${ poString( entry.context ) }` );
		}
		out.push( `msgid ${ poString( entry.msgid ) }` );
		if ( entry.plural ) {
			out.push( `msgid_plural ${ poString( entry.plural ) }`, 'msgstr[0] ""', 'msgstr[1] ""' );
		} else {
			out.push( 'msgstr ""' );
		}
		return out.join( '\n' );
	} ).join( '\n\n' );
}

const HEADER = `# Copyright (C) XML-RPC Shield contributors
# This file is distributed under the GPL-2.0-or-later.
msgid ""
msgstr ""
"Project-Id-Version: XML-RPC Shield\\n"
"Report-Msgid-Bugs-To: https://github.com/xmlrpc-shield/xmlrpc-shield/issues\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"X-Domain: ${ DOMAIN }\\n"
`;

function build() {
	const work = mkdtempSync( join( tmpdir(), 'xs-i18n-' ) );
	const phpFiles = [ join( root, 'plugin.php' ), join( root, 'uninstall.php' ), ...walk( join( root, 'includes' ), ( n ) => n.endsWith( '.php' ) ) ]
		.map( ( f ) => relative( root, f ) );
	const phpPot = join( work, 'php.pot' );
	execFileSync( 'xgettext', [
		'--language=PHP', '--from-code=UTF-8', '--add-comments=translators:', '--sort-by-file', '--no-wrap',
		'--force-po', `--output=${ phpPot }`,
		// A bare -k drops xgettext's own PHP keywords (gettext, _), leaving WordPress's.
		'-k', ...PHP_KEYWORDS.map( ( k ) => `--keyword=${ k }` ), ...phpFiles,
	], { cwd: root, env: { ...process.env, LC_ALL: 'C.UTF-8' }, stdio: [ 'ignore', 'inherit', 'pipe' ] } );

	const entries = new Map();
	const problems = [];
	for ( const file of walk( join( root, 'src' ), ( n ) => /\.tsx?$/.test( n ) && ! /\.(test|d)\.tsx?$/.test( n ) ) ) {
		extractTs( file, entries, problems );
	}
	if ( problems.length ) {
		throw new Error( `Untranslatable calls:\n${ problems.join( '\n' ) }` );
	}
	const jsPotPath = join( work, 'js.pot' );
	writeFileSync( jsPotPath, `${ HEADER }\n${ jsPot( entries ) }\n` );
	const phpWithHeader = join( work, 'php-h.pot' );
	// Swap xgettext's placeholder header (the first block) for ours.
	const phpBody = readFileSync( phpPot, 'utf8' ).split( /\n\n/ ).slice( 1 ).join( '\n\n' );
	writeFileSync( phpWithHeader, `${ HEADER }\n${ phpBody }` );
	// msgcat merges duplicates (a string used in PHP and TS keeps both references).
	const merged = execFileSync( 'msgcat', [ '--use-first', '--no-wrap', '--sort-by-file', phpWithHeader, jsPotPath ], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } } );
	return merged;
}

/** msgids (with context) of a template, to compare content rather than bytes. */
function keys( pot ) {
	const found = new Set();
	const blocks = pot.split( /\n\n+/ );
	for ( const block of blocks ) {
		const ctx = /^msgctxt "(.*)"$/m.exec( block );
		const id = /^msgid ((?:".*"\n?)+)/m.exec( block );
		if ( id ) {
			const text = id[ 1 ].split( '\n' ).filter( Boolean ).map( ( l ) => l.slice( 1, -1 ) ).join( '' );
			if ( text !== '' ) {
				found.add( ( ctx ? `${ ctx[ 1 ] }|` : '' ) + text );
			}
		}
	}
	return found;
}

const pot = build();
if ( process.argv.includes( '--check' ) ) {
	const committed = existsSync( potPath ) ? keys( readFileSync( potPath, 'utf8' ) ) : new Set();
	const fresh = keys( pot );
	const missing = [ ...fresh ].filter( ( k ) => ! committed.has( k ) );
	const stale = [ ...committed ].filter( ( k ) => ! fresh.has( k ) );
	if ( missing.length || stale.length ) {
		console.error( `languages/${ DOMAIN }.pot is out of date: run npm run i18n` );
		missing.forEach( ( k ) => console.error( `  missing: ${ k }` ) );
		stale.forEach( ( k ) => console.error( `  no longer used: ${ k }` ) );
		process.exit( 1 );
	}
	console.log( `languages/${ DOMAIN }.pot is current (${ fresh.size } strings).` );
} else {
	writeFileSync( potPath, pot );
	console.log( `Wrote languages/${ DOMAIN }.pot (${ keys( pot ).size } strings).` );
}
