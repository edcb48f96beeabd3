#!/usr/bin/env bash
# The seed incident, reproduced: a small Apache (prefork, MaxRequestWorkers 12) takes a
# fixed-rate pingback flood from many sources without keep-alive (hey -c 150 -q 2 = 300
# req/s offered, as HTTP/1.x connections that close), while a visitor loads the home page
# (hey -c 2). For each rung, with logging on: the visitor's req/s and p95, what the flood got
# back, the workers' peak memory and whether the OOM killer fired. Apache runs inside a
# cgroup v1 memory controller capped at XS_SOAK_MEMORY (default 512M, no swap here) when
# /sys/fs/cgroup/memory is writable (root); otherwise without a cap, and the report says so.
# Every rung runs XS_SOAK_ROUNDS times (default 2), each round with its own no-flood baseline:
# the visitor's throughput drifts on a shared 2-CPU machine, so shares are taken within a round
# and the report gives the median over rounds beside each round's figures.
# Usage (run by bench/run.sh on its site): bash bench/soak.sh --site=DIR --db=sqlite|mysql
#        [--seconds=20] [--results=bench/results]   (port XS_BENCH_PORT, 8090 by default)
# Results: bench/results/soak-<db>.{json,md}.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/all.sh
SITE=""
DB=""
SECONDS_PER_RUNG=20
RESULTS=bench/results
parse_options "site=SITE db=DB seconds=SECONDS_PER_RUNG results=RESULTS" "$@"
[ -d "$SITE" ] || options_usage "--site=DIR: a WordPress site (bench/run.sh builds one)"
[ -n "$DB" ] || options_usage "--db=sqlite|mysql is needed"
ROUNDS="${XS_SOAK_ROUNDS:-2}"
PORT="${XS_BENCH_PORT:-8090}"
URL="http://127.0.0.1:$PORT"
WORK="$PWD/bench/work"
BODY="$WORK/pingback.xml"
rm -f "$WORK/soak.tsv"

MEMORY_CAP="${XS_SOAK_MEMORY:-512M}"
CGROUP="/sys/fs/cgroup/memory/xmlrpc-shield-soak-$PORT"
if [ -w /sys/fs/cgroup/memory ] && mkdir -p "$CGROUP" 2>/dev/null && echo "$MEMORY_CAP" >"$CGROUP/memory.limit_in_bytes" 2>/dev/null; then
	# A subshell joins the cgroup and starts Apache, so the workers (not this script, not hey) are capped.
	( echo "$BASHPID" >"$CGROUP/cgroup.procs" && exec bash tools/apache.sh start "$SITE" "$PORT" 12 ) >/dev/null
	CAP_NOTE="Apache in a cgroup v1 memory controller capped at $MEMORY_CAP (no swap)"
else
	CGROUP=""
	bash tools/apache.sh start "$SITE" "$PORT" 12 >/dev/null
	CAP_NOTE="no memory cap (no writable cgroup memory controller)"
fi
cleanup() {
	bash tools/apache.sh stop "$PORT"
	if [ -n "$CGROUP" ]; then
		sleep 0.5
		rmdir "$CGROUP" 2>/dev/null || true
	fi
}
trap cleanup EXIT
CONF="$(bash tools/apache.sh conf "$PORT")"
VISIT=$((SECONDS_PER_RUNG - 4))
PREPEND_EXIT="$WORK/soak-bare-prepend.php"
MU_EXIT="$SITE/wp-content/mu-plugins/xs-bench-bare-exit.php"
bare_prepend_php >"$PREPEND_EXIT"
chmod a+r "$PREPEND_EXIT"

# rung ROUND NAME LABEL FLOOD(yes|no): appends a row to $WORK/soak.tsv and prints it.
rung() {
	local round="$1" name="$2" label="$3" flood="$4" flood_pid=""
	hey -n 50 -c 2 "$URL/" >/dev/null
	local oom_before
	oom_before=$(oom_kills)
	[ -n "$CGROUP" ] && echo 0 >"$CGROUP/memory.max_usage_in_bytes"
	rss_sampler "$CONF" "$WORK/soak-rss" &
	local sampler=$!
	if [ "$flood" = "yes" ]; then
		hey -z "${SECONDS_PER_RUNG}s" -c 150 -q 2 -disable-keepalive -m POST -T text/xml -D "$BODY" "$URL/xmlrpc.php" >"$WORK/soak-$name-flood.hey" &
		flood_pid=$!
		sleep 2
	fi
	hey -z "${VISIT}s" -c 2 "$URL/" >"$WORK/soak-$name-visitor.hey"
	[ -n "$flood_pid" ] && wait "$flood_pid"
	kill "$sampler" 2>/dev/null
	wait "$sampler" 2>/dev/null || true
	local peak_worker peak_total oom
	read -r peak_worker peak_total <"$WORK/soak-rss"
	oom=$(( $(oom_kills) - oom_before ))
	# Under the cap, the cgroup's own peak is the honest total: shared pages count once.
	[ -n "$CGROUP" ] && peak_total=$(( $(cat "$CGROUP/memory.max_usage_in_bytes") / 1024 ))
	local rps p95 vcodes frps fcodes
	rps=$(hey_rps "$WORK/soak-$name-visitor.hey")
	p95=$(hey_latency "$WORK/soak-$name-visitor.hey" 95)
	vcodes=$(hey_codes "$WORK/soak-$name-visitor.hey")
	frps="" fcodes=""
	if [ "$flood" = "yes" ]; then
		frps=$(hey_rps "$WORK/soak-$name-flood.hey")
		fcodes=$(hey_codes_and_errors "$WORK/soak-$name-flood.hey")
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$label" "$rps" "$p95" "$vcodes" "$frps" "$fcodes" "$peak_worker" "$peak_total" "$oom" "$round" >>"$WORK/soak.tsv"
	printf '  %s/%-9s %-34s visitor %8s req/s p95 %ss [%s]  flood %s req/s [%s]  RSS %s/%s KB  OOM kills %s\n' "$round" "$name" "$label" "$rps" "$p95" "$vcodes" "${frps:--}" "${fcodes:--}" "$peak_worker" "$peak_total" "$oom"
}

echo "== flood soak: ${SECONDS_PER_RUNG}s per rung, $ROUNDS rounds, MaxRequestWorkers 12, flood 150 x 2 req/s without keep-alive"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 1 "$ROUNDS"); do
	wpdo deactivate >/dev/null
	rung "$round" baseline "no flood (stock WordPress)" no
	rung "$round" stock "stock WordPress under flood" yes
	wpdo activate >/dev/null
	wpdo log on >/dev/null
	wpdo mode pingback >/dev/null
	rung "$round" pingback "plugin, pingback mode" yes
	wpdo mode block >/dev/null
	rung "$round" block "plugin, block at plugin load" yes
	# The floor for anything that runs inside WordPress: a bare must-use plugin exit.
	bare_exit_php >"$MU_EXIT"
	rung "$round" mu-exit "bare must-use plugin exit (reference)" yes
	rm -f "$MU_EXIT"
	wpdo early-gate install >/dev/null
	rung "$round" early "early gate" yes
	# Where the early gate's cost goes: the same gate without its log, and the floor for any
	# gate in PHP (a bare auto_prepend_file exit: PHP starts, answers 403, logs nothing).
	wpdo log off >/dev/null
	sleep 2.5 # the workers' OPcache revalidates the rewritten gate file after 2 s
	rung "$round" early-nolog "early gate, log off (reference)" yes
	wpdo log on >/dev/null
	wpdo early-gate uninstall >/dev/null
	prepend_for_xmlrpc "$SITE" "$PREPEND_EXIT" "$WORK/htaccess.soak"
	rung "$round" prepend "bare auto_prepend_file exit (reference)" yes
	cp "$WORK/htaccess.soak" "$SITE/.htaccess"
	wpdo rules write >/dev/null
	rung "$round" apache "Apache rule" yes
	wpdo rules remove >/dev/null
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
php bench/lib/report.php soak --db="$DB" --tsv="$WORK/soak.tsv" --seconds="$SECONDS_PER_RUNG" --flood-clients=150 \
	--load-before="$load_before" --load-after="$load_after" --cap-note="$CAP_NOTE" --out="$RESULTS"
