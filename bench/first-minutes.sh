#!/usr/bin/env bash
# The first minutes after activation, under the seed's flood (issue #14's proof).
#   bash bench/first-minutes.sh [--db=sqlite|mariadb] [--seconds=180] [--baseline=20]
#                               [--variants=stock,prepend,block,pingback,late] [--results=bench/results]
# (also run by `npm run bench`; `--seconds=30` for a quick dry run)
#
# For each variant: a fresh WordPress site on Debian's Apache 2.4 prefork + mod_php
# (MaxRequestWorkers 12, in a cgroup v1 memory controller capped at XS_SOAK_MEMORY, default
# 512M, as in bench/soak.sh), a no-flood baseline of the visitor (2 keep-alive clients loading
# `/`), then the variant is set up and at once the seed's flood starts (hey -c 150 -q 2 =
# 300 req/s of pingback.ping, a new connection per request) while the visitor keeps loading `/`;
# after the flood, once the server is quiet, a second no-flood baseline (shares use the mean):
#   stock     WordPress without the plugin;
#   prepend   a bare auto_prepend_file exit (the ladder's reference, the best a PHP gate can do);
#   block     the plugin activated in wp-admin by the admin (login, Plugins, Activate), defaults
#             untouched: a plain site starts in block mode;
#   pingback  the same activation on a site whose admin uses the WordPress mobile app (an
#             application password used just now): the plugin's own usage detector picks
#             pingback mode at activation, as it would on such a site; no setting is touched;
#   late      the seed's story: the flood is already on when the owner activates the plugin
#             (XS_FM_LATE_AT seconds in, default 10), block mode; from the command line, as
#             `wp plugin activate` does, since wp-admin does not answer for minutes under it.
# Recorded: every visitor request (bench/lib/visitor.php: time, latency, status, failures),
# every request the server saw (an extra Apache log with the X-XMLRPC-Shield header, which
# says which layer refused: "plugin" at plugin load, "early-gate" before WordPress), the
# flood's own summary, Apache's CPU (cpuacct) once a second, the memory cgroup's OOM kills and
# peak, and for the plugin the autopilot's state (`wp xmlrpc-shield autopilot status
# --format=json`) every XS_FM_STATUS_EVERY seconds (default 15) and at the end.
# Results: bench/results/first-minutes-<db>.{json,md,png} (earlier runs live in git history;
# --results=DIR writes them elsewhere, e.g. for a trial run).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/all.sh

DB=sqlite
RUN_SECONDS=180
BASELINE=20
VARIANTS="stock,prepend,block,pingback,late"
LATE_AT="${XS_FM_LATE_AT:-10}"
RESULTS=bench/results
parse_options "db=DB seconds=RUN_SECONDS baseline=BASELINE variants=VARIANTS results=RESULTS" "$@"
[ "$DB" = "mariadb" ] && DB=mysql
for tool in hey apache2 gnuplot curl; do
	command -v "$tool" >/dev/null || { echo "$tool missing: sudo bash tools/install-system-deps.sh" >&2; exit 1; }
done
[ "$RUN_SECONDS" -ge 10 ] || { echo "--seconds must be at least 10" >&2; exit 2; }

PORT="${XS_BENCH_PORT:-8090}"
URL="http://127.0.0.1:$PORT"
WORK="$PWD/bench/work"
SITE="$WP_WORK/sites/first-minutes-$DB"
BODY="$WORK/fm-pingback.xml"
STATUS_EVERY="${XS_FM_STATUS_EVERY:-15}"
# The plugin under test: this checkout, or another tree (XS_FM_PLUGIN_DIR, e.g. a `git archive`
# of a branch) named by XS_FM_PLUGIN_REF in the report.
PLUGIN_DIR="${XS_FM_PLUGIN_DIR:-$REPO_ROOT}"
PLUGIN_REF="${XS_FM_PLUGIN_REF:-$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)}"
mkdir -p "$WORK" "$RESULTS"
rm -f "$WORK"/fm-*
pingback_body "$BODY" "$URL/?p=1"
PREPEND_EXIT="$WORK/fm-bare-prepend.php"
bare_prepend_php >"$PREPEND_EXIT"
chmod a+r "$PREPEND_EXIT"

# The project's WP-CLI; umask 0 as in wpdo.php, so anything it writes stays usable by Apache's workers.
wpcli() { (umask 0 && HTTP_HOST="127.0.0.1:$PORT" vendor/bin/wp --path="$SITE" --allow-root "$@" 2>/dev/null); }

# A private MariaDB for --db=mariadb, unless bench/run.sh hands over its own (XS_BENCH_MYSQL_SOCKET).
socket="${XS_BENCH_MYSQL_SOCKET:-}"
own_db=""
if [ "$DB" = "mysql" ] && [ -z "$socket" ]; then
	socket=$(XS_MARIADB_DIR="$WP_WORK/mariadb-bench" XS_MARIADB_PORT="${XS_BENCH_MARIADB_PORT:-33064}" bash tools/mariadb.sh start)
	own_db=1
fi

MEMORY_CAP="${XS_SOAK_MEMORY:-512M}"
MEM_CGROUP="/sys/fs/cgroup/memory/xmlrpc-shield-first-minutes-$PORT"
CPU_CGROUP="/sys/fs/cgroup/cpuacct/xmlrpc-shield-first-minutes-$PORT"
CAP_NOTE="no memory cap (no writable cgroup memory controller)"
BACKGROUND=()
CPU_SAMPLER=""

stop_background() {
	local pid
	for pid in "${BACKGROUND[@]}"; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	BACKGROUND=()
CPU_SAMPLER=""
}
stop_apache() {
	bash tools/apache.sh stop "$PORT" >/dev/null 2>&1 || true
	sleep 0.5
	rmdir "$MEM_CGROUP" "$CPU_CGROUP" 2>/dev/null || true
}
cleanup() {
	stop_background
	[ -z "$CPU_SAMPLER" ] || kill "$CPU_SAMPLER" 2>/dev/null || true
	stop_apache
	if [ -n "$own_db" ]; then
		XS_MARIADB_DIR="$WP_WORK/mariadb-bench" XS_MARIADB_PORT="${XS_BENCH_MARIADB_PORT:-33064}" bash tools/mariadb.sh stop >/dev/null 2>&1 || true
	fi
}
trap cleanup EXIT

# build_site: a fresh site with the plugin's files in place but not active.
build_site() {
	if [ "$DB" = "mysql" ]; then
		mariadb --socket="$socket" -uroot -e 'DROP DATABASE IF EXISTS xs_first_minutes; CREATE DATABASE xs_first_minutes CHARACTER SET utf8mb4'
	fi
	XS_SKIP_PLUGIN=1 xs_create_site "$SITE" "$URL" "$DB" "$socket" xs_first_minutes >/dev/null
	production_settings "$SITE"
	ln -s "$PLUGIN_DIR" "$SITE/wp-content/plugins/xmlrpc-shield"
}

# start_server: Apache in the memory (and cpuacct) cgroups, with an extra log of every request:
# start time in ms, status, path, the X-XMLRPC-Shield header (which layer refused), duration µs.
start_server() {
	local cgroups=()
	CAP_NOTE="no memory cap (no writable cgroup memory controller)"
	if [ -w /sys/fs/cgroup/memory ] && mkdir -p "$MEM_CGROUP" 2>/dev/null && echo "$MEMORY_CAP" >"$MEM_CGROUP/memory.limit_in_bytes" 2>/dev/null; then
		cgroups+=("$MEM_CGROUP")
		CAP_NOTE="Apache in a cgroup v1 memory controller capped at $MEMORY_CAP (no swap)"
	fi
	if [ -w /sys/fs/cgroup/cpuacct ] && mkdir -p "$CPU_CGROUP" 2>/dev/null; then
		cgroups+=("$CPU_CGROUP")
	fi
	(
		for group in "${cgroups[@]}"; do
			echo "$BASHPID" >"$group/cgroup.procs"
		done
		exec bash tools/apache.sh start "$SITE" "$PORT" 12
	) >/dev/null
	local conf dir
	conf="$(bash tools/apache.sh conf "$PORT")"
	dir="$(dirname "$conf")"
	ACCESS_LOG="$dir/logs/first-minutes.log"
	cat >"$dir/extra/first-minutes.conf" <<CONF
LogFormat "%{msec}t %>s %U \"%{X-XMLRPC-Shield}o\" %D" xs_first_minutes
CustomLog "$ACCESS_LOG" xs_first_minutes
CONF
	apache2 -f "$conf" -k graceful
	for _ in $(seq 1 50); do
		curl -s -o /dev/null "$URL/" && [ -s "$ACCESS_LOG" ] && return 0
		sleep 0.2
	done
	echo "Apache did not come back with the first-minutes log" >&2
	exit 1
}

# activate_in_admin: what the site's admin does: log in, open Plugins, click Activate, land
# on the page it redirects to. Prints the activation's redirect target.
activate_in_admin() {
	local jar="$WORK/fm-cookies.txt" page link location
	rm -f "$jar"
	curl -s --max-time 120 -c "$jar" -o /dev/null --data-urlencode log=admin --data-urlencode pwd=password \
		--data-urlencode wp-submit='Log In' --data-urlencode redirect_to="$URL/wp-admin/" "$URL/wp-login.php"
	page=$(curl -s --max-time 120 -b "$jar" -c "$jar" "$URL/wp-admin/plugins.php")
	link=$(grep -o 'href="plugins.php?action=activate&amp;plugin=xmlrpc-shield%2Fplugin.php[^"]*"' <<<"$page" | head -1 || true)
	[ -n "$link" ] || { echo "no Activate link for XML-RPC Shield in wp-admin/plugins.php" >&2; exit 1; }
	link="${link#href=\"}"
	link="${link%\"}"
	link="${link//&amp;/\&}"
	location=$(curl -s --max-time 120 -b "$jar" -c "$jar" -o /dev/null -w '%{redirect_url}' "$URL/wp-admin/$link")
	case "$location" in
	*activate=true*) ;;
	*) echo "activation did not succeed: redirected to '$location'" >&2; exit 1 ;;
	esac
	curl -s --max-time 120 -b "$jar" -c "$jar" -o /dev/null "$location"
	echo "$location"
}

# poll_status T0 OUT: the autopilot's status every STATUS_EVERY seconds, as "offset<TAB>json".
poll_status() {
	local t0="$1" out="$2" now
	while true; do
		sleep "$STATUS_EVERY"
		now=$(date +%s.%N)
		printf '%s\t%s\n' "$(awk -v a="$now" -v b="$t0" 'BEGIN {printf "%.1f", a - b}')" "$(wpcli xmlrpc-shield autopilot status --format=json | tr -d '\n' || true)" >>"$out"
	done
}

# sample_cpu OUT: Apache's CPU time (cpuacct.usage, ns) once a second, as "unix_time ns".
sample_cpu() {
	local out="$1"
	while true; do
		printf '%s %s\n' "$(date +%s.%N)" "$(cat "$CPU_CGROUP/cpuacct.usage")" >>"$out"
		sleep 1
	done
}

# wait_quiet: until the server's log has not grown for 2 s (at most 60 s).
wait_quiet() {
	local size=-1 now
	for _ in $(seq 1 30); do
		now=$(stat -c %s "$ACCESS_LOG")
		[ "$now" = "$size" ] && return 0
		size=$now
		sleep 2
	done
}

oom_kills_in_cgroup() {
	if [ -f "$MEM_CGROUP/memory.oom_control" ]; then
		awk '/^oom_kill / {print $2}' "$MEM_CGROUP/memory.oom_control"
	else
		echo null
	fi
}

# variant NAME: one variant from a fresh site to its summary in $WORK/fm-NAME-*.
variant() {
	local name="$1" setup="" t0 bstart astart flood visitor poller="" sampler=""
	echo "== $name: fresh site, baseline ${BASELINE}s, then flood + visitor ${RUN_SECONDS}s"
	build_site
	[ "$name" != "pingback" ] || wpdo_ok app-password-used
	start_server
	hey -n 50 -c 2 "$URL/" >/dev/null
	# Apache's CPU from the first baseline to the end of the second: the visitor's CPU per
	# page without the flood is what is taken off the flood windows to cost each refusal.
	if [ -d "$CPU_CGROUP" ]; then
		sample_cpu "$WORK/fm-$name-cpu.txt" &
		sampler=$!
		CPU_SAMPLER=$sampler
	fi
	bstart=$(date +%s.%N)
	php bench/lib/visitor.php --url="$URL/" --seconds="$BASELINE" --clients=2 --out="$WORK/fm-$name-baseline.txt" --start="$bstart"
	case "$name" in
	stock) setup="plugin not installed" ;;
	prepend)
		prepend_for_xmlrpc "$SITE" "$PREPEND_EXIT" "$WORK/fm-htaccess.saved"
		setup="bare auto_prepend_file exit for xmlrpc.php in .htaccess"
		;;
	block | pingback) activate_in_admin >/dev/null && setup="activated in wp-admin (log in, Plugins, Activate)" ;;
	late) setup="activated from the command line (activate_plugin(), as wp plugin activate) ${LATE_AT}s into the flood" ;;
	*) echo "unknown variant $name" >&2; exit 2 ;;
	esac
	: >"$ACCESS_LOG"
	t0=$(date +%s.%N)
	if [ "$name" = "late" ]; then
		# The seed's owner: the flood is on when they activate the plugin. Not in wp-admin: under
		# this flood its login page does not come back for minutes (every worker busy, the
		# listen queue full of pingbacks), so over SSH, as `wp plugin activate` does it.
		# Records when it started and ended, as flood offsets.
		(
			sleep "$LATE_AT"
			started=$(date +%s.%N)
			ok=0
			[ "$(wpdo activate)" = '{"ok":true}' ] && ok=1
			printf '%s %s %s\n' "$started" "$(date +%s.%N)" "$ok" >"$WORK/fm-$name-activation.txt"
		) &
		BACKGROUND+=("$!")
	fi
	hey -z "${RUN_SECONDS}s" -c 150 -q 2 -disable-keepalive -m POST -T text/xml -D "$BODY" "$URL/xmlrpc.php" >"$WORK/fm-$name-flood.hey" &
	flood=$!
	php bench/lib/visitor.php --url="$URL/" --seconds="$RUN_SECONDS" --clients=2 --out="$WORK/fm-$name-visitor.txt" --start="$t0" &
	visitor=$!
	if [ "$name" != "stock" ] && [ "$name" != "prepend" ]; then
		poll_status "$t0" "$WORK/fm-$name-status.txt" &
		poller=$!
		BACKGROUND+=("$poller")
	fi
	wait "$flood"
	wait "$visitor"
	[ "$name" = "late" ] && { [ -s "$WORK/fm-$name-activation.txt" ] || echo "  (the activation under the flood had not finished when the flood ended)" >&2; }
	stop_background
	# The no-flood speed again once Apache has worked off what the flood left queued: the
	# baseline is the mean of before and after, so a machine that got busier or quieter during
	# the run moves both ends of the share.
	wait_quiet
	astart=$(date +%s.%N)
	php bench/lib/visitor.php --url="$URL/" --seconds="$BASELINE" --clients=2 --out="$WORK/fm-$name-after.txt" --start="$astart"
	if [ -n "$sampler" ]; then
		kill "$sampler" 2>/dev/null || true
		wait "$sampler" 2>/dev/null || true
		CPU_SAMPLER=""
	fi
	local final="null" shown="null" oom peak
	if [ "$name" != "stock" ] && [ "$name" != "prepend" ]; then
		final=$(wpcli xmlrpc-shield autopilot status --format=json | tr -d '\n' || true)
		php -r 'json_decode($argv[1]); exit(JSON_ERROR_NONE === json_last_error() ? 0 : 1);' "$final" 2>/dev/null || final="null"
		shown=$(wpdo show)
	fi
	oom=$(oom_kills_in_cgroup)
	peak=null
	[ -f "$MEM_CGROUP/memory.max_usage_in_bytes" ] && peak=$(cat "$MEM_CGROUP/memory.max_usage_in_bytes")
	cp "$ACCESS_LOG" "$WORK/fm-$name-access.log"
	stop_apache
	php -r 'echo json_encode(array("t0" => (float) $argv[1], "seconds" => (int) $argv[8], "setup" => $argv[2], "autopilot" => json_decode($argv[3], true), "plugin" => json_decode($argv[4], true), "oom_kills" => "null" === $argv[5] ? null : (int) $argv[5], "peak_memory_bytes" => "null" === $argv[6] ? null : (int) $argv[6], "cap" => $argv[7], "baseline_seconds" => (int) $argv[9], "baseline_start" => (float) $argv[10], "after_start" => (float) $argv[11]), JSON_UNESCAPED_SLASHES), "\n";' \
		"$t0" "$setup" "$final" "$shown" "$oom" "$peak" "$CAP_NOTE" "$RUN_SECONDS" "$BASELINE" "$bstart" "$astart" >"$WORK/fm-$name-meta.json"
	php bench/lib/first-minutes-report.php summary --work="$WORK" --variant="$name"
}

echo "== first minutes: ${RUN_SECONDS}s of flood per variant ($VARIANTS), visitor baseline ${BASELINE}s, MaxRequestWorkers 12, $DB"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
IFS=',' read -r -a names <<<"$VARIANTS"
for name in "${names[@]}"; do
	variant "$name"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
php bench/lib/first-minutes-report.php report --work="$WORK" --db="$DB" --variants="$VARIANTS" --seconds="$RUN_SECONDS" \
	--baseline="$BASELINE" --load-before="$load_before" --load-after="$load_after" --plugin-ref="$PLUGIN_REF" --out="$RESULTS"
