#!/usr/bin/env bash
# Release checks (issue: ship it): builds the front end if needed, then the release PHPUnit suite
# makes the zip with `npm run plugin-zip`, installs it into a clean WordPress through core's
# Plugin_Upgrader, uses and uninstalls it, runs the Plugin Check fallback (PHPCS) on the
# shipped files, and checks readme.txt and the translation template.
set -u
cd "$(dirname "$0")/.."
[ -f build/admin.asset.php ] || npm run --silent build || exit 1
vendor/bin/phpunit -c phpunit.release.xml.dist
