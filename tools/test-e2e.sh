#!/usr/bin/env bash
# End-to-end tests in Debian's Chromium (driven by playwright-core) against a real WordPress
# served the way `npm start` serves it, on its own fresh site and port.
set -u
cd "$(dirname "$0")/.."
source tools/wp/lib.sh

PORT="${XS_E2E_PORT:-8889}"
SITE="$WP_WORK/sites/e2e"
URL="http://localhost:$PORT"

# Rebuild when the bundle is missing or older than its sources, so the browser sees this tree.
if [ ! -f build/admin.asset.php ] || [ -n "$(find src -newer build/admin.js -print -quit)" ]; then
	npm run build || exit 1
fi
XS_AUTOPILOT=off xs_create_site "$SITE" "$URL" sqlite >/dev/null || exit 1
# Core's unminified scripts and React's development build, so React and wp.deprecated() print
# their warnings, and support.mjs fails the test that caused one.
printf '%s\n' '<?php' "define( 'SCRIPT_DEBUG', true );" >"$SITE/wp-config-extra.php"

pkill -f "php -S 127.0.0.1:$PORT " 2>/dev/null
PHP_CLI_SERVER_WORKERS=4 php -S "127.0.0.1:$PORT" -t "$SITE" tools/wp/router.php >"$SITE/server.log" 2>&1 &
server=$!
trap 'pkill -f "php -S 127.0.0.1:$PORT " 2>/dev/null; kill $server 2>/dev/null' EXIT
for _ in $(seq 1 50); do
	curl -s -o /dev/null "$URL/" && break
	sleep 0.1
done

# Test files as arguments run only those (e.g. tests/e2e/a11y.test.mjs); none runs them all.
XS_E2E_URL="$URL" XS_E2E_SITE="$SITE" node --test --test-concurrency=1 "${@:-tests/e2e/}"
