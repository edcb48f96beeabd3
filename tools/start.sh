#!/usr/bin/env bash
# `npm start`: a real WordPress with XML-RPC Shield active on http://localhost:8888,
# SQLite by default, fully offline. Core comes from tools/wp/lib.sh (the current release in
# ../shared/wordpress, XS_WP_CORE for another), the SQLite integration from the npm package
# @wp-playground/wordpress-builds (see README). Missing Debian packages are installed first.
# Environment: XS_PORT (default 8888), XS_RESET=1 to rebuild the site from scratch.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/wp/lib.sh

PORT="${XS_PORT:-8888}"
SITE="$WP_WORK/sites/dev"
URL="http://localhost:$PORT"

bash tools/install-system-deps.sh
[ -x vendor/bin/phpunit ] || composer install --no-interaction --no-progress
[ -f build/admin.asset.php ] || npm run build

if [ "${XS_RESET:-0}" = "1" ] || [ ! -f "$SITE/wp-config.php" ] || ! grep -q "'$URL'" "$SITE/wp-config.php"; then
	echo "Building a fresh site in $SITE ..."
	xs_create_site "$SITE" "$URL" sqlite
fi

# Ctrl+C ends the script (a server in the background ignores it) with status 0, as php -S
# itself did in the foreground; the server and its workers go with it.
trap '[ -z "${XS_SERVER_PID:-}" ] || xs_serve_stop "$PORT" "$XS_SERVER_PID"' EXIT
trap 'exit 0' INT TERM
xs_serve "$SITE" "$PORT" || xs_die "php -S did not answer on port $PORT"

cat <<BANNER

  XML-RPC Shield is running on a real WordPress (offline, SQLite):

    Site:      $URL/
    Admin:     $URL/wp-admin/   (user: admin   password: password)
    Plugin:    $URL/wp-admin/tools.php?page=xmlrpc-shield
    XML-RPC:   $URL/xmlrpc.php
    WP-CLI:    vendor/bin/wp --path=$SITE --allow-root xmlrpc-shield status

  Press Ctrl+C to stop.

BANNER
wait "$XS_SERVER_PID"
