#!/usr/bin/env bash
# Where the early gate's CPU per request goes, beyond a bare auto_prepend_file exit: Apache +
# mod_php + OPcache + APCu, blocked pingbacks, server CPU per request from /proc, variants
# interleaved round by round so a busy machine weighs on each alike.
#
#   bash bench/early-gate-profile.sh [--rounds=4] [--requests=4000]     (port XS_BENCH_PORT, 9390 by default)
#
# Variants, each a copy of the installed gate file cut at one point (P0 is bench/run.sh's):
#   P0      bare exit (bench/lib/exits.sh)
#   read    the gate's settings read, then the bare exit
#   include settings read and the include of an empty file in the bundle's place, then the bare exit
#   bundle  settings read and runtime bundle include, then the bare exit
#   gate    the whole gate, log on (bench/run.sh's L3)
#   compiled the whole gate, its settings compiled into the file instead of read from their JSON
#           file (what OPcache would then cache), log on: what the settings read costs
#   nolog   the whole gate, log off (L3n)
#   old     with XS_PROFILE_OLD_TEMPLATE=FILE: the whole gate from that template (an earlier
#           templates/early-gate.php, e.g. from git show), log on, for a side-by-side before/after
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${XS_BENCH_PORT:-9390}"
# shellcheck source=lib/all.sh
source "$REPO_ROOT/bench/lib/all.sh"
rounds=4
requests=4000
parse_options "rounds=rounds requests=requests" "$@"
site="$(small_site profile "$port")"
dir="$(bash "$REPO_ROOT/tools/apache.sh" start "$site" "$port" 4)"
trap 'bash "$REPO_ROOT/tools/apache.sh" stop "$port"' EXIT
wp() { "$REPO_ROOT/vendor/bin/wp" --path="$site" --allow-root "$@" 2>/dev/null; }
wp xmlrpc-shield early-gate install --method=htaccess >/dev/null
gate="$site/wp-content/xmlrpc-shield-early-gate.php"
work="$site/wp-content/xs-profile"
mkdir -p "$work"
bare_prepend_php >"$work/P0.php"
php "$REPO_ROOT/bench/lib/profile-variants.php" "$gate" "$work" "${XS_PROFILE_OLD_TEMPLATE:-}"
for f in "$work"/*.php; do php -l "$f" >/dev/null; done
body="$(mktemp)"
pingback_body "$body" "http://127.0.0.1/"
hz="$(getconf CLK_TCK)"
hey_run() { hey -n "$1" -c 8 -disable-keepalive -m POST -T text/xml -D "$body" "http://127.0.0.1:$port/xmlrpc.php"; }
variants="P0 read include bundle gate compiled nolog"
[ -n "${XS_PROFILE_OLD_TEMPLATE:-}" ] && variants="$variants old"
for v in $variants; do
	use_prepend "$site" "$work/$v.php"
	hey_run 300 >/dev/null
done
declare -A sum
for round in $(seq 1 "$rounds"); do
	line="round $round:"
	for v in $variants; do
		use_prepend "$site" "$work/$v.php"
		hey_run 200 >/dev/null
		before="$(apache_ticks "$dir")"
		hey_run "$requests" >/tmp/xs-profile-hey.$$
		after="$(apache_ticks "$dir")"
		grep -q '\[403\]' /tmp/xs-profile-hey.$$ || { echo "$v not refused:" >&2; cat /tmp/xs-profile-hey.$$ >&2; exit 1; }
		us=$(((after - before) * 1000000 / hz / requests))
		sum[$v]=$((${sum[$v]:-0} + us))
		line="$line  $v $us"
	done
	echo "$line  (µs/req)"
done
rm -f /tmp/xs-profile-hey.$$
line="mean:"
for v in $variants; do line="$line  $v $((sum[$v] / rounds))"; done
echo "$line  (µs/req); gate / P0 = $(awk -v g="${sum[gate]}" -v p="${sum[P0]}" 'BEGIN {printf "%.2f", g / p}')"
# (an if, not `&&`: without the old template the script would end with the test's status 1)
if [ -n "${sum[old]:-}" ]; then
	echo "old / P0 = $(awk -v g="${sum[old]}" -v p="${sum[P0]}" 'BEGIN {printf "%.2f", g / p}')"
fi
