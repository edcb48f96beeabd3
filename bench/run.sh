#!/usr/bin/env bash
# The cost ladder: what refusing an XML-RPC flood costs at each layer, on real servers, loopback
# only, every run bounded in time.
#
#   npm run bench [-- OPTIONS]           (or: bash bench/run.sh OPTIONS)
#     --db=sqlite|mariadb          the site's database (default sqlite)
#     --duration=8                 seconds of load per rung
#     --concurrency=16             hey's concurrent clients per rung
#     --rounds=2                   times the whole ladder runs (the report keeps each rung's median)
#     --soak-seconds=20 | --no-soak                       the flood soak after the ladder
#     --first-minutes-seconds=180 | --no-first-minutes    the first minutes after activation
#     --only=P0,L3,L3n,L4          only these rungs (F for all nginx ones), printed; no soak, no
#                                  first minutes, no report written
#     --results=bench/results      where the reports go (another folder for a trial run)
#   Ports: XS_BENCH_PORT (Apache, default 8090), XS_BENCH_FPM_PORT (nginx, default +1),
#   XS_BENCH_MARIADB_PORT (--db=mariadb, default 33064).
#
# In order:
#  1. builds a fresh WordPress site (plugin active, autopilot off, WP_DEBUG off) and serves it
#     from Debian's Apache 2.4 prefork + mod_php and from nginx + PHP-FPM (12 workers each,
#     each in a cpuacct cgroup when one can be made, for the server's own CPU per request);
#  2. runs the ladder --rounds times, each rung a warm-up then `hey -z <duration>s` without
#     keep-alive, one after another on the same servers so their ratios are fair:
#       L0 stock xmlrpc.php, L1 plugin pingback mode, L2/L2n block at plugin load (log on/off);
#       references M0 bare must-use exit, R0 bare exit from the first regular plugin,
#       P0 bare auto_prepend_file exit; L3/L3n the early gate (log on/off), L3m the early gate
#       as a must-use plugin; L4 the Apache rule, L5 a static file, H a home-page view;
#       on nginx + PHP-FPM: F0 stock, F2 block at plugin load, F3 early gate via .user.ini,
#       F4 the admin page's nginx snippet;
#  3. measures log growth, then writes <results>/ladder-<db>.{json,md,png} (bench/lib/report.php);
#  4. the flood soak on the same site (bench/soak.sh): <results>/soak-<db>.{json,md};
#  5. the first minutes after activation under the flood (bench/first-minutes.sh: five fresh
#     sites, about 4 minutes each at the default 180 s): <results>/first-minutes-<db>.{json,md,png}.
# Earlier results live in git history. How to read them: docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/all.sh

DB=sqlite
DURATION=8
CONCURRENCY=16
ROUNDS=2
SOAK_SECONDS=20
NO_SOAK=0
FIRST_MINUTES_SECONDS=180
NO_FIRST_MINUTES=0
ONLY=""
RESULTS=bench/results
parse_options "db=DB duration=DURATION concurrency=CONCURRENCY rounds=ROUNDS soak-seconds=SOAK_SECONDS no-soak=NO_SOAK
	first-minutes-seconds=FIRST_MINUTES_SECONDS no-first-minutes=NO_FIRST_MINUTES only=ONLY results=RESULTS" "$@"
# --only is a quick look: no soak, no first minutes, no report.
if [ -n "$ONLY" ]; then
	ONLY=",$ONLY," NO_SOAK=1 NO_FIRST_MINUTES=1
fi
[ "$DB" = "mariadb" ] && DB=mysql
PORT="${XS_BENCH_PORT:-8090}"
FPM_PORT="${XS_BENCH_FPM_PORT:-$((PORT + 1))}"
MARIADB_PORT="${XS_BENCH_MARIADB_PORT:-33064}"
readonly DB DURATION CONCURRENCY ROUNDS SOAK_SECONDS NO_SOAK FIRST_MINUTES_SECONDS NO_FIRST_MINUTES ONLY RESULTS PORT FPM_PORT MARIADB_PORT
for tool in hey apache2 gnuplot nginx php-fpm8.2; do
	command -v "$tool" >/dev/null || { echo "$tool missing: sudo bash tools/install-system-deps.sh" >&2; exit 1; }
done

WORK="$PWD/bench/work"
SITE="$WP_WORK/sites/bench-$DB"
URL="http://127.0.0.1:$PORT"
FPM_URL="http://127.0.0.1:$FPM_PORT"
mkdir -p "$WORK" "$RESULTS"
rm -f "$WORK"/*.tsv "$WORK"/logged-*.json

socket=""
if [ "$DB" = "mysql" ]; then
	socket=$(XS_MARIADB_DIR="$WP_WORK/mariadb-bench" XS_MARIADB_PORT="$MARIADB_PORT" bash tools/mariadb.sh start)
	mariadb --socket="$socket" -uroot -e 'DROP DATABASE IF EXISTS xs_bench; CREATE DATABASE xs_bench CHARACTER SET utf8mb4'
fi
echo "== building a fresh WordPress site ($DB) for $URL"
# The ladder builds each rung by hand: the autopilot must not install the early gate under it.
XS_AUTOPILOT=off xs_create_site "$SITE" "$URL" "$DB" "$socket" xs_bench >/dev/null
production_settings "$SITE"
# The Apache rung measures Apache's own deny from 127.0.0.1, so loopback gets no pass here.
cat >"$SITE/wp-content/mu-plugins/xs-bench.php" <<'PHP'
<?php
add_filter( 'xmlrpc_shield_htaccess_always_allow', '__return_empty_array' );
add_filter( 'comment_flood_filter', '__return_false', 99 );
PHP
printf 'XML-RPC is disabled on this site.\n' >"$SITE/xs-static.txt"
BODY="$WORK/pingback.xml"
pingback_body "$BODY" "$URL/?p=1"

# Apache runs in a cpuacct cgroup when one can be made (root): the server's own CPU time per
# request is steadier than throughput, since the load generator shares the same CPUs.
CPU_CGROUP="/sys/fs/cgroup/cpuacct/xmlrpc-shield-bench-$PORT"
if [ -w /sys/fs/cgroup/cpuacct ] && mkdir -p "$CPU_CGROUP" 2>/dev/null; then
	( echo "$BASHPID" >"$CPU_CGROUP/cgroup.procs" && exec bash tools/apache.sh start "$SITE" "$PORT" 12 ) >/dev/null
else
	CPU_CGROUP=""
	bash tools/apache.sh start "$SITE" "$PORT" 12 >/dev/null
fi
stop_apache() {
	bash tools/apache.sh stop "$PORT"
	if [ -n "$CPU_CGROUP" ]; then
		sleep 0.5
		rmdir "$CPU_CGROUP" 2>/dev/null || true
	fi
}
# The private MariaDB (--db=mariadb) lives as long as this run, soak included.
stop_db() {
	if [ -n "$socket" ]; then
		XS_MARIADB_DIR="$WP_WORK/mariadb-bench" XS_MARIADB_PORT="$MARIADB_PORT" bash tools/mariadb.sh stop >/dev/null 2>&1 || true
	fi
}
# The same site on nginx + PHP-FPM (12 workers, as Apache's), in a cgroup of its own: its CPU
# time is nginx's and the pool's. user_ini.cache_ttl 1 s: the .user.ini rung applies at once.
FPM_CGROUP="/sys/fs/cgroup/cpuacct/xmlrpc-shield-bench-$FPM_PORT"
if [ -n "$CPU_CGROUP" ] && mkdir -p "$FPM_CGROUP" 2>/dev/null; then
	( echo "$BASHPID" >"$FPM_CGROUP/cgroup.procs" && exec bash tools/nginx-fpm.sh start "$SITE" "$FPM_PORT" 12 1 ) >/dev/null
else
	FPM_CGROUP=""
	bash tools/nginx-fpm.sh start "$SITE" "$FPM_PORT" 12 1 >/dev/null
fi
FPM_DIR="$(bash tools/nginx-fpm.sh dir "$FPM_PORT")"
# The snippet includes snippets/fastcgi-php.conf (which includes fastcgi.conf) relative to
# nginx's folder, as on Debian.
ln -sfn /etc/nginx/snippets "$FPM_DIR/snippets"
ln -sfn /etc/nginx/fastcgi.conf "$FPM_DIR/fastcgi.conf"
stop_fpm() {
	bash tools/nginx-fpm.sh stop "$FPM_PORT"
	if [ -n "$FPM_CGROUP" ]; then
		sleep 0.5
		rmdir "$FPM_CGROUP" 2>/dev/null || true
	fi
}
trap 'stop_apache; stop_fpm; stop_db' EXIT
CONF="$(bash tools/apache.sh conf "$PORT")"

# measure ROUND RUNG LABEL PATH: warm up, then a bounded hey run with RSS sampling; appends a
# row to $WORK/ladder.tsv and prints it. No keep-alive: flood clients open a connection per
# request (the seed's log shows HTTP/1.0), and the gate answers "Connection: close" where
# Apache's own 403 would keep the connection.
measure() {
	local round="$1" rung="$2" label="$3" path="$4" method="POST"
	# Apache's site unless measure_fpm says otherwise.
	local url="${MEASURE_URL:-$URL}" cgroup="${MEASURE_CGROUP-$CPU_CGROUP}" processes="${MEASURE_PROCESSES:-$CONF}"
	wanted "$rung" || return 0
	# Every rung starts after the same pause: the step before may have written files and the
	# database (the kernel's writeback would otherwise land in whichever rung comes first).
	sleep 2
	case "$path" in /xs-static.txt | /) method="GET" ;; esac
	local args=( -m "$method" -disable-keepalive )
	[ "$method" = "POST" ] && args+=( -T text/xml -D "$BODY" )
	hey -n 200 -c 4 "${args[@]}" "$url$path" >/dev/null
	rss_sampler "$processes" "$WORK/rss" &
	local sampler=$!
	local cpu_before=0 cpu_after=0
	[ -n "$cgroup" ] && cpu_before=$(cat "$cgroup/cpuacct.usage")
	hey -z "${DURATION}s" -c "$CONCURRENCY" "${args[@]}" "$url$path" >"$WORK/$rung.hey"
	[ -n "$cgroup" ] && cpu_after=$(cat "$cgroup/cpuacct.usage")
	kill "$sampler" 2>/dev/null
	wait "$sampler" 2>/dev/null || true
	local rps p50 p99 codes peak_worker peak_total
	rps=$(hey_rps "$WORK/$rung.hey")
	p50=$(hey_latency "$WORK/$rung.hey" 50)
	p99=$(hey_latency "$WORK/$rung.hey" 99)
	codes=$(hey_codes "$WORK/$rung.hey")
	read -r peak_worker peak_total <"$WORK/rss"
	local responses cpu_us=""
	responses=$(hey_responses "$WORK/$rung.hey")
	if [ -n "$cgroup" ] && [ "$responses" -gt 0 ]; then
		cpu_us=$(awk -v d="$((cpu_after - cpu_before))" -v n="$responses" 'BEGIN {printf "%.1f", d / n / 1000}')
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rung" "$label" "$rps" "$p50" "$p99" "$codes" "$peak_worker" "$peak_total" "$cpu_us" "$round" >>"$WORK/ladder.tsv"
	printf '  %s/%-4s %-50s %10s req/s  p50 %ss  p99 %ss  server CPU %s us/req  [%s]\n' "$round" "$rung" "$label" "$rps" "$p50" "$p99" "${cpu_us:--}" "$codes"
}

# measure_fpm ROUND RUNG LABEL PATH: measure on nginx + PHP-FPM (CPU and memory: its cgroup's processes).
measure_fpm() {
	MEASURE_URL="$FPM_URL" MEASURE_CGROUP="$FPM_CGROUP" MEASURE_PROCESSES="${FPM_CGROUP:-none}" measure "$@"
}

# until_answered_by WHO: POSTs the body to nginx until the refusal comes from WHO: early-gate,
# plugin (the X-XMLRPC-Shield header) or nginx (its own 403, no such header). Each PHP-FPM worker
# re-reads .user.ini on its own schedule; a reload replaces nginx's workers in the background.
until_answered_by() {
	local headers who
	for _ in $(seq 1 60); do
		headers=$(curl -s -o /dev/null -D - -X POST -H 'Content-Type: text/xml' --data-binary "@$BODY" "$FPM_URL/xmlrpc.php" | tr -d '\r')
		who=$(awk -F': ' 'tolower($1) == "x-xmlrpc-shield" {print $2}' <<<"$headers")
		[ -z "$who" ] && [[ "$headers" == "HTTP/1.1 403"* ]] && who=nginx
		[ "$who" = "$1" ] && return 0
		sleep 0.25
	done
	echo "nginx + PHP-FPM never answered from $1" >&2
	exit 1
}

# wanted RUNG: whether --only leaves RUNG in (a prefix such as F stands for all its rungs).
wanted() {
	[ -z "$ONLY" ] || [[ "$ONLY" == *",$1,"* ]] || [[ "$ONLY" == *",$1"[0-9]* ]]
}

# plugin_rungs ROUND: stock WordPress, then the plugin as activated by a user (its plugin-load
# gate runs from the must-use loader) in pingback mode and in block mode with and without its
# log. What L2 logged goes to $WORK/logged-L2.json (the report sets it against L2's answers).
plugin_rungs() {
	local round="$1"
	wpdo deactivate >/dev/null
	measure "$round" L0 "stock xmlrpc.php (plugin inactive)" /xmlrpc.php
	wpdo activate >/dev/null
	[ -f "$SITE/wp-content/mu-plugins/xmlrpc-shield-plugin-load.php" ] || { echo "activation wrote no must-use loader" >&2; exit 1; }
	wpdo mode pingback >/dev/null
	measure "$round" L1 "plugin, pingback mode" /xmlrpc.php
	wpdo mode block >/dev/null
	wpdo clear >/dev/null
	measure "$round" L2 "plugin, block at plugin load (log on)" /xmlrpc.php
	wpdo ingest >"$WORK/logged-L2.json"
	wpdo log off >/dev/null
	measure "$round" L2n "plugin, block at plugin load (log off)" /xmlrpc.php
	wpdo log on >/dev/null
}

# reference_rungs ROUND: the references for the targets, the cheapest possible exits (no config,
# no log) from a must-use plugin (M0), from the first regular plugin (R0: the floor for anything
# at plugin load, since core registers post types, taxonomies and recovery mode between
# must-use and regular plugins) and from an auto_prepend_file (P0).
reference_rungs() {
	local round="$1" mu_exit="$SITE/wp-content/mu-plugins/xs-bench-bare-exit.php" prepend_exit="$WORK/bare-prepend.php"
	bare_exit_php >"$mu_exit"
	measure "$round" M0 "reference: bare must-use plugin exit" /xmlrpc.php
	rm -f "$mu_exit"
	mkdir -p "$SITE/wp-content/plugins/xs-bench-exit"
	{ printf '<?php\n/**\n * Plugin Name: xs bench bare exit\n */\n'; bare_exit_php | tail -n +2; } >"$SITE/wp-content/plugins/xs-bench-exit/exit.php"
	wpdo first-plugin xs-bench-exit/exit.php >/dev/null
	measure "$round" R0 "reference: bare exit from the first regular plugin" /xmlrpc.php
	wpdo first-plugin none >/dev/null
	rm -rf "$SITE/wp-content/plugins/xs-bench-exit"
	bare_prepend_php >"$prepend_exit"
	prepend_for_xmlrpc "$SITE" "$prepend_exit" "$WORK/htaccess.saved"
	measure "$round" P0 "reference: bare auto_prepend_file exit" /xmlrpc.php
	cp "$WORK/htaccess.saved" "$SITE/.htaccess"
}

# early_gate_rungs ROUND: the early gate before WordPress loads (.htaccess auto_prepend_file)
# with and without its log, then as a must-use plugin. What L3 logged goes to
# $WORK/logged-L3.json.
early_gate_rungs() {
	local round="$1"
	wpdo_ok early-gate install
	wpdo clear >/dev/null
	measure "$round" L3 "early gate before WordPress loads (log on)" /xmlrpc.php
	wpdo ingest >"$WORK/logged-L3.json"
	wpdo log off >/dev/null
	# The web server's OPcache revalidates the rewritten gate file after opcache.revalidate_freq (2 s).
	sleep 2.5
	measure "$round" L3n "early gate before WordPress loads (log off)" /xmlrpc.php
	wpdo log on >/dev/null
	wpdo early-gate uninstall >/dev/null
	wpdo_ok early-gate install mu-plugin
	measure "$round" L3m "early gate as a must-use plugin (log on)" /xmlrpc.php
	wpdo early-gate uninstall >/dev/null
}

# server_rungs ROUND: Apache's own deny (the rule the admin page writes), a static file (the
# floor) and a home-page view with the plugin active.
server_rungs() {
	local round="$1"
	wpdo_ok rules write
	measure "$round" L4 "Apache rule (.htaccess Require)" /xmlrpc.php
	wpdo rules remove >/dev/null
	measure "$round" L5 "static file (the floor)" /xs-static.txt
	measure "$round" H "reference: home page view (plugin active)" /
}

# fpm_rungs ROUND: the F rungs, the same site and settings as the L rungs, served by nginx +
# PHP-FPM; each switch waits until the expected layer answers.
fpm_rungs() {
	local round="$1"
	wanted F || return 0
	wpdo deactivate >/dev/null
	measure_fpm "$round" F0 "nginx + PHP-FPM: stock xmlrpc.php (plugin inactive)" /xmlrpc.php
	wpdo activate >/dev/null
	wpdo mode block >/dev/null
	wpdo clear "$FPM_URL/" >/dev/null
	measure_fpm "$round" F2 "nginx + PHP-FPM: plugin, block at plugin load (log on)" /xmlrpc.php
	wpdo_ok early-gate install user-ini
	until_answered_by early-gate
	measure_fpm "$round" F3 "nginx + PHP-FPM: early gate via .user.ini (log on)" /xmlrpc.php
	wpdo early-gate uninstall >/dev/null
	until_answered_by plugin
	wpdo_ok nginx-rules "$FPM_DIR/extra/xmlrpc-shield.conf" "unix:$FPM_DIR/run/php-fpm.sock"
	nginx -t -q -c "$FPM_DIR/nginx.conf"
	bash tools/nginx-fpm.sh reload "$FPM_PORT" 2>/dev/null
	until_answered_by nginx
	measure_fpm "$round" F4 "nginx + PHP-FPM: nginx snippet (deny all)" /xmlrpc.php
	rm -f "$FPM_DIR/extra/xmlrpc-shield.conf"
	bash tools/nginx-fpm.sh reload "$FPM_PORT" 2>/dev/null
	until_answered_by plugin
	# Hits FPM counted go to the log now, not into a later Apache rung's count.
	wpdo clear "$FPM_URL/" >/dev/null
}

echo "== cost ladder: ${DURATION}s per rung, $ROUNDS rounds, $CONCURRENCY concurrent clients, 12 Apache workers, 12 PHP-FPM workers"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# The whole ladder runs $ROUNDS times and the report keeps each rung's median: on two CPUs
# shared with the load generator, one 8-second sample can be off by a fifth.
for round in $(seq 1 "$ROUNDS"); do
	plugin_rungs "$round"
	reference_rungs "$round"
	early_gate_rungs "$round"
	server_rungs "$round"
	fpm_rungs "$round"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

if [ -n "$ONLY" ]; then
	echo "== partial run (--only): no report written"
	exit 0
fi

echo "== log growth"
growth=$(wpdo growth 100000 1000)
echo "  $growth"
table=$(wpdo table)

php bench/lib/report.php ladder --db="$DB" --tsv="$WORK/ladder.tsv" --duration="$DURATION" --concurrency="$CONCURRENCY" \
	--load-before="$load_before" --load-after="$load_after" --logged-l2="$(cat "$WORK/logged-L2.json")" \
	--logged-l3="$(cat "$WORK/logged-L3.json")" --growth="$growth" --table="$table" --out="$RESULTS"

if [ "$NO_SOAK" = 0 ]; then
	stop_apache
	stop_fpm
	trap stop_db EXIT
	XS_BENCH_PORT="$PORT" bash bench/soak.sh --site="$SITE" --db="$DB" --seconds="$SOAK_SECONDS" --results="$RESULTS"
fi

if [ "$NO_FIRST_MINUTES" = 0 ]; then
	# Its own fresh sites and Apache (in the soak's memory cgroup), on the same port.
	[ "$NO_SOAK" = 0 ] || { stop_apache; stop_fpm; }
	trap stop_db EXIT
	XS_BENCH_PORT="$PORT" XS_BENCH_MYSQL_SOCKET="$socket" bash bench/first-minutes.sh --db="$DB" --seconds="$FIRST_MINUTES_SECONDS" --results="$RESULTS"
fi
