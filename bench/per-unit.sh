#!/usr/bin/env bash
# bench/per-unit.sh [--rounds=3] [--db=sqlite,mariadb] [--no-lapi] [--results=bench/results]
#
# The per-unit figures docs/SCALE.md multiplies out: bytes per spool line, APCu bytes per counter,
# µs per counted hit, rows and spool lines for a minute's flood from N /24s × k addresses, ingest
# time and DB queries/writes per 10,000 hits, bytes per table row, the minutely cron run (idle, at
# the row cap, at 1,000,000 rows), the CrowdSec push's blocklist query and one push to a real
# Local API. Each round is one PHP process per database (bench/lib/per-unit.php) inside a fresh
# WordPress 7.1 site; nothing is served and nothing leaves loopback. Bounded: about 2 minutes a
# round on the 2-core machine. Results: bench/results/per-unit.{json,md} (earlier runs: git history;
# --results=DIR writes them elsewhere, e.g. for a trial run).
#
# Ports and folders (override when other jobs use the defaults): XS_MARIADB_PORT (33065) with
# its data under .wp/mariadb-per-unit, XS_CROWDSEC_PORT (18090) under .wp/crowdsec-per-unit.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/all.sh

ROUNDS=3
DBS="sqlite,mariadb"
NO_LAPI=0
RESULTS=bench/results
parse_options "rounds=ROUNDS db=DBS no-lapi=NO_LAPI results=RESULTS" "$@"

WORK="$PWD/bench/work"
mkdir -p "$WORK" "$RESULTS"
MARIADB_DIR="$WP_WORK/mariadb-per-unit"
MARIADB_PORT="${XS_MARIADB_PORT:-33065}"
export XS_CROWDSEC_PORT="${XS_CROWDSEC_PORT:-18090}"
export XS_CROWDSEC_DIR="$WP_WORK/crowdsec-per-unit"
LAPI_MACHINE=xs-per-unit
LAPI_PASSWORD="per-unit-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"

socket=""
cleanup() {
	if [ "$NO_LAPI" = 0 ]; then
		bash tools/crowdsec.sh stop >/dev/null 2>&1 || true
	fi
	if [ -n "$socket" ]; then
		XS_MARIADB_DIR="$MARIADB_DIR" XS_MARIADB_PORT="$MARIADB_PORT" bash tools/mariadb.sh stop >/dev/null 2>&1 || true
	fi
}
trap cleanup EXIT

sites=()
for db in ${DBS//,/ }; do
	site="$WP_WORK/sites/per-unit-$db"
	case "$db" in
	sqlite) XS_AUTOPILOT=off xs_create_site "$site" "http://127.0.0.1:1" sqlite >/dev/null ;;
	mariadb)
		socket=$(XS_MARIADB_DIR="$MARIADB_DIR" XS_MARIADB_PORT="$MARIADB_PORT" bash tools/mariadb.sh start)
		mariadb --socket="$socket" -uroot -e 'DROP DATABASE IF EXISTS xs_per_unit; CREATE DATABASE xs_per_unit CHARACTER SET utf8mb4'
		XS_AUTOPILOT=off xs_create_site "$site" "http://127.0.0.1:1" mysql "$socket" xs_per_unit >/dev/null
		;;
	*) echo "unknown database $db" >&2; exit 2 ;;
	esac
	sites+=("$db=$site")
	rm -f "$WORK/per-unit-$db.jsonl"
done

if [ "$NO_LAPI" = 0 ]; then
	rm -rf "$XS_CROWDSEC_DIR"
	bash tools/crowdsec.sh start >/dev/null
	bash tools/crowdsec.sh cscli machines add "$LAPI_MACHINE" --password "$LAPI_PASSWORD" -f /dev/null >/dev/null 2>&1
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 1 "$ROUNDS"); do
	first=1
	for entry in "${sites[@]}"; do
		db="${entry%%=*}"
		site="${entry#*=}"
		steps=(line apcu append flood ingest bytes idle prune suggest activate)
		[ "$db" = mariadb ] && steps+=(prune1m)
		if [ "$NO_LAPI" = 0 ] && [ "$first" = 1 ]; then
			# Each round pushes into an empty LAPI, as a first push does.
			bash tools/crowdsec.sh cscli alerts delete --all >/dev/null 2>&1 || true
			steps+=(lapi)
		fi
		steps+=(cron)
		first=0
		echo "== round $round/$ROUNDS, $db: ${steps[*]}"
		XS_LAPI_URL="http://127.0.0.1:$XS_CROWDSEC_PORT/" XS_LAPI_MACHINE="$LAPI_MACHINE" XS_LAPI_PASSWORD="$LAPI_PASSWORD" \
			timeout 600 php -d apc.enable_cli=1 -d apc.shm_size=128M -d memory_limit=512M -d display_errors=stderr \
			bench/lib/per-unit.php "$site" "${steps[@]}" | tail -1 >>"$WORK/per-unit-$db.jsonl"
	done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

sources=()
for entry in "${sites[@]}"; do
	db="${entry%%=*}"
	sources+=("--source=$db=$WORK/per-unit-$db.jsonl")
done
php bench/lib/per-unit-report.php --out="$RESULTS" --rounds="$ROUNDS" --load-before="$load_before" --load-after="$load_after" "${sources[@]}"
