#!/usr/bin/env bash
# The seed incident, reproduced: a small Apache (prefork, MaxRequestWorkers 12) takes a
# fixed-rate pingback flood from many sources without keep-alive (hey -c 150 -q 2 = 300
# req/s offered, as HTTP/1.x connections that close), while a visitor loads the home page
# (hey -c 2). For each rung, with logging on: the visitor's req/s and p95, and what the
# flood got back. No memory cgroup is used (none can be created on this machine's kernel
# setup without systemd); worker RSS is sampled instead.
# Usage (from bench/run.sh): bench/soak.sh SITE DB SECONDS
set -euo pipefail
cd "$(dirname "$0")/.."
SITE="$1"
DB="$2"
SECONDS_PER_RUNG="${3:-20}"
PORT="${XS_BENCH_PORT:-8090}"
URL="http://127.0.0.1:$PORT"
WORK="$PWD/bench/work"
BODY="$WORK/pingback.xml"
rm -f "$WORK/soak.tsv"
wpdo() { php -d display_errors=stderr bench/lib/wpdo.php "$SITE" "$@" 2>/dev/null | tail -1; }

bash tools/apache.sh start "$SITE" "$PORT" 12 >/dev/null
trap 'bash tools/apache.sh stop "$PORT"' EXIT
VISIT=$((SECONDS_PER_RUNG - 4))

# rung NAME LABEL FLOOD(yes|no)
rung() {
	local name="$1" label="$2" flood="$3" flood_pid=""
	hey -n 50 -c 2 "$URL/" >/dev/null
	if [ "$flood" = "yes" ]; then
		hey -z "${SECONDS_PER_RUNG}s" -c 150 -q 2 -disable-keepalive -m POST -T text/xml -D "$BODY" "$URL/xmlrpc.php" >"$WORK/soak-$name-flood.hey" &
		flood_pid=$!
		sleep 2
	fi
	hey -z "${VISIT}s" -c 2 "$URL/" >"$WORK/soak-$name-visitor.hey"
	[ -n "$flood_pid" ] && wait "$flood_pid"
	local rps p95 vcodes frps fcodes
	rps=$(awk '/Requests\/sec:/ {print $2}' "$WORK/soak-$name-visitor.hey")
	p95=$(awk '/ 95%+ in / {print $3}' "$WORK/soak-$name-visitor.hey")
	vcodes=$(awk '/^\s*\[[0-9]+\]/ {gsub(/[\[\]]/, "", $1); printf "%s%s:%s", sep, $1, $2; sep=","}' "$WORK/soak-$name-visitor.hey")
	frps="" fcodes=""
	if [ "$flood" = "yes" ]; then
		frps=$(awk '/Requests\/sec:/ {print $2}' "$WORK/soak-$name-flood.hey")
		fcodes=$(awk '/^\s*\[[0-9]+\]/ {gsub(/[\[\]]/, "", $1); printf "%s%s:%s", sep, $1, $2; sep=","} /Error distribution/ {e=1} e && /\[[0-9]+\]/ && !/^\s*\[[0-9]+\]\s+[0-9]+ responses/ {errs++} END {if (errs) printf ",errors:%d", errs}' "$WORK/soak-$name-flood.hey")
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$label" "$rps" "$p95" "$vcodes" "$frps" "$fcodes" >>"$WORK/soak.tsv"
	printf '  %-9s %-34s visitor %8s req/s p95 %ss [%s]  flood %s req/s [%s]\n' "$name" "$label" "$rps" "$p95" "$vcodes" "${frps:--}" "${fcodes:--}"
}

echo "== flood soak: ${SECONDS_PER_RUNG}s per rung, MaxRequestWorkers 12, flood 150 x 2 req/s without keep-alive"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
wpdo deactivate >/dev/null
rung baseline "no flood (stock WordPress)" no
rung stock "stock WordPress under flood" yes
wpdo activate >/dev/null
wpdo log on >/dev/null
wpdo mode pingback >/dev/null
rung pingback "plugin, pingback mode" yes
wpdo mode block >/dev/null
rung block "plugin, block at plugin load" yes
wpdo early-gate install >/dev/null
rung early "early gate" yes
wpdo early-gate uninstall >/dev/null
wpdo rules write >/dev/null
rung apache "Apache rule" yes
wpdo rules remove >/dev/null
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
php bench/lib/report.php soak "$DB" "$WORK/soak.tsv" "$SECONDS_PER_RUNG" 150 "$load_before" "$load_after"
