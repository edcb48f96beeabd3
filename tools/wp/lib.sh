#!/usr/bin/env bash
# Shared helpers to build local WordPress sites for `npm start`, the tests and the benchmarks.
# Nothing is downloaded at run time when a core is at hand; the SQLite integration comes from
# the npm package @wp-playground/wordpress-builds.
#
# Which WordPress core (first that applies):
#   1. XS_WP_CORE: a core directory, or a release archive (.tar.xz, .tar.gz, .zip);
#   2. ../shared/wordpress/wordpress-<version>.tar.xz beside this repository, checked against
#      its SHA256SUMS: XS_WP_VERSION picks a version (e.g. 6.7.7), else the newest there;
#   3. the official release archive from wordpress.org, when this machine is online
#      (XS_WP_VERSION, else the latest);
#   4. Debian's `wordpress` package (/usr/share/wordpress), with a warning: it is 6.1, old.
# Each core is unpacked once into .wp/core-<version>.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WP_WORK="${XS_WP_WORK:-$REPO_ROOT/.wp}"
WP_SHARED_CORES="${XS_WP_SHARED:-$REPO_ROOT/../shared/wordpress}"
DEBIAN_CORE=/usr/share/wordpress
SQLITE_ZIP="${XS_SQLITE_ZIP:-$REPO_ROOT/node_modules/@wp-playground/wordpress-builds/src/sqlite-database-integration/sqlite-database-integration.zip}"
SQLITE_DIR="$WP_WORK/sqlite-database-integration"

xs_die() {
	echo "error: $*" >&2
	exit 1
}

# xs_core_source: prints the core source to use (a directory or an archive), see the header.
xs_core_source() {
	if [ -n "${XS_WP_CORE:-}" ]; then
		[ -e "$XS_WP_CORE" ] || xs_die "XS_WP_CORE=$XS_WP_CORE does not exist"
		echo "$XS_WP_CORE"
		return 0
	fi
	local archive=""
	if [ -n "${XS_WP_VERSION:-}" ]; then
		archive="$WP_SHARED_CORES/wordpress-$XS_WP_VERSION.tar.xz"
		[ -f "$archive" ] || archive=""
	elif [ -d "$WP_SHARED_CORES" ]; then
		archive="$(ls "$WP_SHARED_CORES"/wordpress-*.tar.xz 2>/dev/null | sort -V | tail -n 1)"
	fi
	if [ -n "$archive" ]; then
		echo "$archive"
		return 0
	fi
	local download="$WP_WORK/downloads/wordpress-${XS_WP_VERSION:-latest}.tar.gz"
	if [ -f "$download" ] || {
		mkdir -p "$WP_WORK/downloads" &&
			curl -fsSL --max-time 120 -o "$download.part" "https://wordpress.org/wordpress-${XS_WP_VERSION:-latest}.tar.gz" 2>/dev/null &&
			mv "$download.part" "$download"
	}; then
		echo "$download"
		return 0
	fi
	rm -f "$download.part"
	[ -z "${XS_WP_VERSION:-}" ] || xs_die "WordPress $XS_WP_VERSION is neither in $WP_SHARED_CORES nor downloadable"
	[ -f "$DEBIAN_CORE/wp-includes/version.php" ] ||
		xs_die "no WordPress core found: set XS_WP_CORE, add ../shared/wordpress, go online, or install Debian's wordpress package"
	echo "warning: using Debian's WordPress package ($DEBIAN_CORE), which is old (6.1); set XS_WP_CORE for a current release" >&2
	echo "$DEBIAN_CORE"
}

# xs_core_version DIR: the version a core directory declares.
xs_core_version() {
	sed -n "s/^\$wp_version = '\(.*\)';/\1/p" "$1/wp-includes/version.php"
}

# xs_prepare_core: unpacks (or copies) the chosen core once into .wp/core-<version> and sets
# WP_CORE to it. Debian's symlinks to shared libraries are resolved into real files.
xs_prepare_core() {
	local src tmp version
	src="$(xs_core_source)" || exit 1
	mkdir -p "$WP_WORK"
	tmp="$WP_WORK/core.tmp"
	rm -rf "$tmp"
	mkdir -p "$tmp"
	case "$src" in
	*.tar.xz | *.tar.gz | *.tgz | *.zip)
		local key
		key="$WP_WORK/core-from-$(basename "$src")"
		if [ -f "$key/wp-includes/version.php" ]; then
			rm -rf "$tmp"
			WP_CORE="$key"
			return 0
		fi
		if [ "$(dirname "$src")" = "$WP_SHARED_CORES" ] && [ -f "$WP_SHARED_CORES/SHA256SUMS" ]; then
			(cd "$WP_SHARED_CORES" && grep " $(basename "$src")\$" SHA256SUMS | sha256sum -c --quiet -) ||
				xs_die "$src does not match $WP_SHARED_CORES/SHA256SUMS"
		fi
		case "$src" in
		*.zip) unzip -q "$src" -d "$tmp" ;;
		*) tar -xf "$src" -C "$tmp" ;;
		esac
		[ -f "$tmp/wordpress/wp-includes/version.php" ] || xs_die "$src holds no wordpress/ core"
		rm -f "$tmp/wordpress/wp-config.php" "$tmp/wordpress/.htaccess"
		rm -rf "$key"
		mv "$tmp/wordpress" "$key"
		rm -rf "$tmp"
		WP_CORE="$key"
		;;
	*)
		[ -f "$src/wp-includes/version.php" ] || xs_die "no WordPress core at $src"
		version="$(xs_core_version "$src")"
		WP_CORE="$WP_WORK/core-$version"
		if [ -f "$WP_CORE/wp-includes/version.php" ]; then
			rm -rf "$tmp"
			return 0
		fi
		rm -rf "$tmp"
		cp -rL "$src" "$tmp"
		# Debian's wp-config.php reads /etc/wordpress; each site writes its own.
		rm -f "$tmp/wp-config.php" "$tmp/.htaccess"
		mv "$tmp" "$WP_CORE"
		;;
	esac
	ls -d "$WP_CORE"/wp-content/themes/twenty* >/dev/null 2>&1 ||
		xs_die "no default theme in $WP_CORE/wp-content/themes"
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

# xs_serve SITE PORT [LOG]
# Serves SITE on 127.0.0.1:PORT with PHP's built-in server and tools/wp/router.php, in the
# background, with PHP_CLI_SERVER_WORKERS workers (default 4); its output goes to LOG
# (truncated first), or to this terminal without one. Returns once it answers HTTP, with its
# pid in XS_SERVER_PID; fails when it exits first (e.g. the port is taken) or does not answer
# within about 5 s. The one place a script starts `php -S` (`npm start`, the e2e tests).
xs_serve() {
	local site="$1" port="$2" log="${3:-}" out
	if [ -n "$log" ]; then exec {out}>"$log"; else exec {out}>&1; fi
	PHP_CLI_SERVER_WORKERS="${PHP_CLI_SERVER_WORKERS:-4}" php -S "127.0.0.1:$port" -t "$site" "$REPO_ROOT/tools/wp/router.php" >&"$out" 2>&1 &
	XS_SERVER_PID=$!
	exec {out}>&-
	for _ in $(seq 1 50); do
		kill -0 "$XS_SERVER_PID" 2>/dev/null || return 1
		# Still ours after it answered: not another server that holds the port.
		curl -s -o /dev/null "http://127.0.0.1:$port/" && kill -0 "$XS_SERVER_PID" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# xs_serve_stop PORT [PID]
# With PID (from xs_serve): stops that server and the workers it forked. Without: stops any
# `php -S` left on 127.0.0.1:PORT, with its workers (only those of that port).
xs_serve_stop() {
	# "|| true": nothing left to stop is fine, also under `set -e` (tools/start.sh).
	if [ -n "${2:-}" ]; then
		pkill -P "$2" 2>/dev/null || true
		kill "$2" 2>/dev/null || true
	else
		pkill -f "php -S 127.0.0.1:$1 " 2>/dev/null || true
		# Until the port is free: a dying server that still answers would pass xs_serve's check
		# for the new one, which then exits on the taken port (about 5 s at most).
		for _ in $(seq 1 50); do
			curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/" || break
			sleep 0.1
		done
	fi
}
