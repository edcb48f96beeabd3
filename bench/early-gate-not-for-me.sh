#!/usr/bin/env bash
# What the early gate costs a request that is NOT for xmlrpc.php, where it runs on every PHP
# request: nginx + PHP-FPM with the gate in .user.ini (the must-use loader runs it the same way
# on every WordPress request; on Apache the .htaccess hook runs it for xmlrpc.php and
# wp-trackback.php only, so there it costs other requests nothing). Server CPU per request from
# /proc (PHP-FPM's processes), for a page view (/) and for a one-line PHP file (where the gate's
# own share shows), with and without the gate, alternating in each round.
#
#   bash bench/early-gate-not-for-me.sh [--rounds=3] [--requests=4000]     (loopback only)
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${XS_BENCH_PORT:-9390}"
# shellcheck source=lib/all.sh
source "$REPO_ROOT/bench/lib/all.sh"
rounds=3
requests=4000
parse_options "rounds=rounds requests=requests" "$@"
site="$(small_site not-for-me "$port")"
printf '<?php\necho "ok";\n' >"$site/xs-hello.php"
# Two FPM children, user_ini.cache_ttl 1 s: a change of .user.ini shows within a second.
dir="$(bash "$REPO_ROOT/tools/nginx-fpm.sh" start "$site" "$port" 2 1)"
trap 'bash "$REPO_ROOT/tools/nginx-fpm.sh" stop "$port"' EXIT
wp() { "$REPO_ROOT/vendor/bin/wp" --path="$site" --allow-root "$@" >/dev/null 2>&1; }
server_ticks() { # this PHP-FPM's master and children
	local master
	master="$(cat "$dir/run/php-fpm.pid")"
	# shellcheck disable=SC2046 # one PID per word
	cpu_ticks "$master" $(pgrep -P "$master")
}
hz="$(getconf CLK_TCK)"
measure() { # PATH COUNT -> µs of server CPU per request
	local before after
	hey -n 50 -c 2 "http://127.0.0.1:$port$1" >/dev/null
	before="$(server_ticks)"
	hey -n "$2" -c 2 "http://127.0.0.1:$port$1" >/tmp/xs-bench-not-for-me.txt
	after="$(server_ticks)"
	grep -q '\[200\]' /tmp/xs-bench-not-for-me.txt || { cat /tmp/xs-bench-not-for-me.txt >&2; exit 1; }
	echo $(((after - before) * 1000000 / hz / $2))
}
gate_answers() {
	curl -s -o /dev/null -D - -X POST --data '<?xml version="1.0"?><methodCall><methodName>pingback.ping</methodName></methodCall>' "http://127.0.0.1:$port/xmlrpc.php" | grep -qi 'x-xmlrpc-shield: early-gate'
}
echo "round | gate | /xs-hello.php µs/req | / µs/req"
for round in $(seq 1 "$rounds"); do
	for gate in off on; do
		if [ "$gate" = on ]; then wp xmlrpc-shield early-gate install --method=user-ini --skip-verify; else wp xmlrpc-shield early-gate remove; fi
		sleep 2
		if [ "$gate" = on ] && ! gate_answers; then echo "the gate did not answer" >&2; exit 1; fi
		echo "$round | $gate | $(measure /xs-hello.php "$requests") | $(measure / $((requests / 10)))"
	done
done
