#!/usr/bin/env bash
# PHP tests: unit suite, then the integration suite on real WordPress: the current release on
# SQLite and on MariaDB (a private instance started here and stopped afterwards), and the oldest
# release we claim (`Requires at least`) on SQLite. Runs every suite even if one fails; exits
# non-zero if any failed. Cores come from tools/wp/lib.sh (../shared/wordpress by default).
#
# XS_WP_FLOOR: the floor release's version (default 6.7.7); XS_SKIP_FLOOR=1 skips its pass.
set -u
cd "$(dirname "$0")/.."
status=0

echo "== PHPUnit: unit"
# APCu counters are tested in-process: the CLI has APCu only with apc.enable_cli.
php -d apc.enable_cli=1 vendor/bin/phpunit -c phpunit.unit.xml.dist || status=1

echo "== PHPUnit: integration on SQLite (current WordPress)"
# The multisite group needs MariaDB: the SQLite integration cannot create a network's tables.
# The groups fpm (real nginx + PHP-FPM, ~8 minutes: it watches sites for six) and apache (real
# Apache with its own sites) prove server behaviour, not core's or the database's: they run in
# this pass only; so does the group crowdsec (a private CrowdSec Local API from tools/crowdsec.sh,
# under a minute), which proves what the LAPI and a bouncer receive. The group multinode (two Apache
# nodes behind HAProxy sharing one database, ~70 s) needs MariaDB: it runs in the MariaDB pass only.
XS_DB=sqlite vendor/bin/phpunit -c phpunit.xml.dist --exclude-group multisite,multinode || status=1

if [ "${XS_SKIP_FLOOR:-0}" != "1" ]; then
	floor="${XS_WP_FLOOR:-6.7.7}"
	echo "== PHPUnit: integration on SQLite (WordPress $floor, the oldest release we claim)"
	XS_WP_VERSION="$floor" XS_DB=sqlite XS_TEST_PORT=8894 vendor/bin/phpunit -c phpunit.xml.dist --exclude-group multisite,multinode,fpm,apache,crowdsec || status=1
fi

echo "== PHPUnit: integration on MariaDB (current WordPress)"
if socket=$(bash tools/mariadb.sh start); then
	XS_DB=mysql XS_MYSQL_SOCKET="$socket" vendor/bin/phpunit -c phpunit.xml.dist --exclude-group fpm,apache,crowdsec || status=1
	bash tools/mariadb.sh stop
else
	echo "MariaDB could not be started" >&2
	status=1
fi
exit $status
