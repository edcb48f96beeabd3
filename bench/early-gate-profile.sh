#!/usr/bin/env bash
# Where the early gate's CPU per request goes, beyond a bare auto_prepend_file exit: Apache +
# mod_php + OPcache + APCu, blocked pingbacks, server CPU per request from /proc, variants
# interleaved round by round so a busy machine weighs on each alike.
#
#   bash bench/early-gate-profile.sh [ROUNDS] [REQUESTS]     (port XS_BENCH_PORT, 9390 by default)
#
# Variants, each a copy of the installed gate file cut at one point (P0 is bench/run.sh's):
#   P0      bare exit (bench/lib/exits.sh)
#   read    the gate's settings read, then the bare exit
#   include settings read and the include of an empty file in the bundle's place, then the bare exit
#   bundle  settings read and runtime bundle include, then the bare exit
#   gate    the whole gate, log on (bench/run.sh's L3)
#   nolog   the whole gate, log off (L3n)
#   old     with XS_PROFILE_OLD_TEMPLATE=FILE: the whole gate from that template (an earlier
#           templates/early-gate.php, e.g. from git show), log on, for a side-by-side before/after
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-4}"
requests="${2:-4000}"
port="${XS_BENCH_PORT:-9390}"
site="$REPO_ROOT/.wp/sites/bench-profile-$port"
# shellcheck source=/dev/null
source "$REPO_ROOT/tools/wp/lib.sh"
# shellcheck source=lib/measure.sh
source "$REPO_ROOT/bench/lib/measure.sh"
# shellcheck source=/dev/null
source "$REPO_ROOT/bench/lib/exits.sh"
xs_create_site "$site" "http://127.0.0.1:$port" sqlite >/dev/null
sed -i "s/define( 'WP_DEBUG', true );/define( 'WP_DEBUG', false );/" "$site/wp-config.php"
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
# shellcheck disable=SC2046 # one PID per word
server_ticks() { cpu_ticks $(pgrep -f -- "$dir/httpd.conf"); } # this Apache's processes
use() { sed -i "s#php_value auto_prepend_file \"[^\"]*\"#php_value auto_prepend_file \"$1\"#" "$site/.htaccess"; }
hz="$(getconf CLK_TCK)"
hey_run() { hey -n "$1" -c 8 -disable-keepalive -m POST -T text/xml -D "$body" "http://127.0.0.1:$port/xmlrpc.php"; }
variants="P0 read include bundle gate nolog"
[ -n "${XS_PROFILE_OLD_TEMPLATE:-}" ] && variants="$variants old"
for v in $variants; do
	use "$work/$v.php"
	hey_run 300 >/dev/null
done
declare -A sum
for round in $(seq 1 "$rounds"); do
	line="round $round:"
	for v in $variants; do
		use "$work/$v.php"
		hey_run 200 >/dev/null
		before="$(server_ticks)"
		hey_run "$requests" >/tmp/xs-profile-hey.$$
		after="$(server_ticks)"
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
[ -n "${sum[old]:-}" ] && echo "old / P0 = $(awk -v g="${sum[old]}" -v p="${sum[P0]}" 'BEGIN {printf "%.2f", g / p}')"
