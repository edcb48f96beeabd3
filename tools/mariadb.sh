#!/usr/bin/env bash
# Starts/stops a private MariaDB (Debian's mariadb-server) for tests and benchmarks:
# its own data dir, socket and port under .wp/, never the system instance.
# Usage: tools/mariadb.sh start|stop|socket
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/service.sh
. "$REPO_ROOT/tools/lib/service.sh"
BASE="${XS_MARIADB_DIR:-$REPO_ROOT/.wp/mariadb}"
DATA="$BASE/data"
SOCK="$BASE/mysqld.sock"
PORT="${XS_MARIADB_PORT:-33061}"
LOG="$BASE/mysqld.log"

answers() {
	mariadb-admin --socket="$SOCK" -uroot ping >/dev/null 2>&1
}

case "${1:-}" in
start)
	if [ -S "$SOCK" ] && answers; then
		echo "$SOCK"
		exit 0
	fi
	service_need mariadbd
	mkdir -p "$BASE"
	if [ ! -d "$DATA/mysql" ]; then
		mariadb-install-db --no-defaults --datadir="$DATA" --user="$(id -un)" \
			--auth-root-authentication-method=normal >"$BASE/install.log" 2>&1 ||
			{ cat "$BASE/install.log" >&2; exit 1; }
	fi
	mariadbd --no-defaults --datadir="$DATA" --socket="$SOCK" --port="$PORT" \
		--bind-address=127.0.0.1 --user="$(id -un)" --pid-file="$BASE/mysqld.pid" \
		--log-error="$LOG" --innodb-buffer-pool-size=64M --skip-name-resolve >/dev/null 2>&1 &
	if service_wait 100 0.2 answers; then
		echo "$SOCK"
		exit 0
	fi
	echo "MariaDB did not start; see $LOG" >&2
	tail -20 "$LOG" >&2 || true
	exit 1
	;;
stop)
	if [ -S "$SOCK" ]; then
		mariadb-admin --socket="$SOCK" -uroot shutdown >/dev/null 2>&1 || true
	fi
	;;
socket)
	echo "$SOCK"
	;;
*)
	echo "usage: $0 start|stop|socket" >&2
	exit 2
	;;
esac
