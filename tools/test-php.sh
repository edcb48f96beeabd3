#!/usr/bin/env bash
# PHP tests: unit suite, then the integration suite on a real WordPress with SQLite and with
# MariaDB (a private instance started here and stopped afterwards). Runs every suite even if
# one fails; exits non-zero if any failed.
set -u
cd "$(dirname "$0")/.."
status=0

echo "== PHPUnit: unit"
# APCu counters are tested in-process: the CLI has APCu only with apc.enable_cli.
php -d apc.enable_cli=1 vendor/bin/phpunit -c phpunit.unit.xml.dist || status=1

echo "== PHPUnit: integration on SQLite"
# The multisite group needs MariaDB: the SQLite integration cannot create a network's tables.
XS_DB=sqlite vendor/bin/phpunit -c phpunit.xml.dist --exclude-group multisite || status=1

echo "== PHPUnit: integration on MariaDB"
if socket=$(bash tools/mariadb.sh start); then
	XS_DB=mysql XS_MYSQL_SOCKET="$socket" vendor/bin/phpunit -c phpunit.xml.dist || status=1
	bash tools/mariadb.sh stop
else
	echo "MariaDB could not be started" >&2
	status=1
fi
exit $status
