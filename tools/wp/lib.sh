#!/usr/bin/env bash
# Shared helpers to build local WordPress sites for `npm start`, the tests and the benchmarks.
# Everything comes from installed packages: Debian's `wordpress` (complete core with assets)
# and the SQLite integration shipped inside the npm package @wp-playground/wordpress-builds.
# Nothing is downloaded at run time.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WP_WORK="${XS_WP_WORK:-$REPO_ROOT/.wp}"
WP_CORE_SRC="${XS_WP_CORE_SRC:-/usr/share/wordpress}"
WP_CORE="$WP_WORK/core"
SQLITE_ZIP="${XS_SQLITE_ZIP:-$REPO_ROOT/node_modules/@wp-playground/wordpress-builds/src/sqlite-database-integration/sqlite-database-integration.zip}"
SQLITE_DIR="$WP_WORK/sqlite-database-integration"

xs_die() {
	echo "error: $*" >&2
	exit 1
}

# Copies Debian's core once into .wp/core, resolving Debian's symlinks to shared libraries.
xs_prepare_core() {
	if [ -f "$WP_CORE/wp-includes/version.php" ]; then
		return 0
	fi
	[ -f "$WP_CORE_SRC/wp-includes/version.php" ] ||
		xs_die "no WordPress core at $WP_CORE_SRC. Run: sudo bash tools/install-system-deps.sh"
	[ -d "$WP_CORE_SRC/wp-content/themes/twentytwentythree" ] ||
		xs_die "theme twentytwentythree missing. Run: sudo bash tools/install-system-deps.sh"
	mkdir -p "$WP_WORK"
	rm -rf "$WP_CORE.tmp"
	cp -rL "$WP_CORE_SRC" "$WP_CORE.tmp"
	# Debian's wp-config.php reads /etc/wordpress; each site writes its own.
	rm -f "$WP_CORE.tmp/wp-config.php" "$WP_CORE.tmp/.htaccess"
	mv "$WP_CORE.tmp" "$WP_CORE"
}

xs_prepare_sqlite() {
	if [ -f "$SQLITE_DIR/db.copy" ]; then
		return 0
	fi
	[ -f "$SQLITE_ZIP" ] || xs_die "SQLite integration not found at $SQLITE_ZIP. Run: npm install"
	mkdir -p "$WP_WORK"
	rm -rf "$WP_WORK/sqlite.tmp"
	mkdir -p "$WP_WORK/sqlite.tmp"
	unzip -q "$SQLITE_ZIP" -d "$WP_WORK/sqlite.tmp"
	mv "$WP_WORK/sqlite.tmp/sqlite-database-integration-main" "$SQLITE_DIR"
	rm -rf "$WP_WORK/sqlite.tmp"
}

# xs_create_site DIR URL [sqlite|mysql] [MYSQL_SOCKET] [DB_NAME]
# Builds a fresh site in DIR (hard links to the core copy, its own wp-content and config),
# installs WordPress and activates XML-RPC Shield from this repository (with XS_SKIP_PLUGIN=1:
# a clean site without it, for installing the release zip the way users do).
xs_create_site() {
	local dir="$1" url="$2" db="${3:-sqlite}" socket="${4:-}" dbname="${5:-}"
	xs_prepare_core
	rm -rf "$dir"
	mkdir -p "$(dirname "$dir")"
	cp -al "$WP_CORE" "$dir"
	# wp-content gets real copies: sites write there (uploads, .htaccess, spool) and must not
	# touch the shared core through a hard link.
	rm -rf "$dir/wp-content"
	cp -r "$WP_CORE/wp-content" "$dir/wp-content"
	mkdir -p "$dir/wp-content/plugins" "$dir/wp-content/uploads" "$dir/wp-content/mu-plugins"
	[ -n "${XS_SKIP_PLUGIN:-}" ] || ln -s "$REPO_ROOT" "$dir/wp-content/plugins/xmlrpc-shield"
	if [ "$db" = "sqlite" ]; then
		xs_prepare_sqlite
		cp -r "$SQLITE_DIR" "$dir/wp-content/plugins/sqlite-database-integration"
		sed -e "s#{SQLITE_IMPLEMENTATION_FOLDER_PATH}#$dir/wp-content/plugins/sqlite-database-integration#" \
			-e "s#{SQLITE_PLUGIN}#sqlite-database-integration/load.php#" \
			"$SQLITE_DIR/db.copy" >"$dir/wp-content/db.php"
		mkdir -p "$dir/wp-content/database"
	fi
	php "$REPO_ROOT/tools/wp/install-site.php" --dir="$dir" --url="$url" --db="$db" \
		--socket="$socket" --dbname="$dbname" ||
		xs_die "WordPress install failed in $dir"
}
