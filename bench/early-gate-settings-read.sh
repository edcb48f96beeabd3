#!/usr/bin/env bash
# What reading the early gate's settings from its JSON file costs per request, against the same
# gate with the settings compiled into PHP (what OPcache would cache): Apache + mod_php + OPcache,
# blocked pingbacks (the gate decides and exits 403), server CPU per request from /proc.
#
#   bash bench/early-gate-settings-read.sh [ROUNDS] [REQUESTS]     (port 9380, loopback only)
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-4}"
requests="${2:-4000}"
port="${XS_BENCH_PORT:-9380}"
# shellcheck source=/dev/null
source "$REPO_ROOT/tools/wp/lib.sh"
# shellcheck source=lib/measure.sh
source "$REPO_ROOT/bench/lib/measure.sh"
# shellcheck source=lib/site.sh
source "$REPO_ROOT/bench/lib/site.sh"
site="$(small_site gate "$port")"
dir="$(bash "$REPO_ROOT/tools/apache.sh" start "$site" "$port" 4)"
trap 'bash "$REPO_ROOT/tools/apache.sh" stop "$port"' EXIT
wp() { "$REPO_ROOT/vendor/bin/wp" --path="$site" --allow-root "$@" 2>/dev/null; }
wp xmlrpc-shield early-gate install --method=htaccess >/dev/null
gate="$site/wp-content/xmlrpc-shield-early-gate.php"
compiled="$site/wp-content/xs-bench-compiled-gate.php"
# The same gate with the settings file's contents as a PHP literal instead of a file read.
php -r '
$gate = file_get_contents( $argv[1] );
preg_match( "/\x27settings\x27 => \x27([^\x27]+)\x27/", $gate, $m );
$data = var_export( json_decode( file_get_contents( $m[1] ), true ), true );
$gate = str_replace( array( "is_file( \$gate[\x27settings\x27] ) ? @file_get_contents( \$gate[\x27settings\x27] ) : false", "json_decode( \$json, true )" ), array( "\"\"", $data ), $gate );
file_put_contents( $argv[2], $gate );
' "$gate" "$compiled"
php -l "$compiled" >/dev/null
body="$(mktemp)"
pingback_body "$body" "http://127.0.0.1/"
hz="$(getconf CLK_TCK)"
run() {
	local before after
	before="$(apache_ticks "$dir")"
	hey -n "$requests" -c 8 -disable-keepalive -m POST -T text/xml -D "$body" "http://127.0.0.1:$port/xmlrpc.php" >/tmp/xs-bench-hey.txt
	after="$(apache_ticks "$dir")"
	grep -q '\[403\]' /tmp/xs-bench-hey.txt || { echo "not refused:" >&2; cat /tmp/xs-bench-hey.txt >&2; exit 1; }
	echo "$(((after - before) * 1000000 / hz / requests)) µs/req, $(awk '/Requests\/sec/ {printf "%d", $2}' /tmp/xs-bench-hey.txt) req/s"
}
use_prepend "$site" "$gate"
hey -n 500 -c 8 -disable-keepalive -m POST -T text/xml -D "$body" "http://127.0.0.1:$port/xmlrpc.php" >/dev/null
for round in $(seq 1 "$rounds"); do
	use_prepend "$site" "$gate"
	echo "round $round settings file read: $(run)"
	use_prepend "$site" "$compiled"
	echo "round $round settings compiled:  $(run)"
done
