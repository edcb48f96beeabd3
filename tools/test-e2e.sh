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

xs_serve_stop "$PORT"
trap '[ -z "${XS_SERVER_PID:-}" ] || xs_serve_stop "$PORT" "$XS_SERVER_PID"' EXIT
xs_serve "$SITE" "$PORT" "$SITE/server.log" || xs_die "php -S did not answer on port $PORT (see $SITE/server.log)"

# Test files as arguments run only those (e.g. tests/e2e/a11y.test.mjs); none runs them all.
XS_E2E_URL="$URL" XS_E2E_SITE="$SITE" node --test --test-concurrency=1 "${@:-tests/e2e/}"
