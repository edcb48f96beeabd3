# shellcheck shell=bash
# Shared by the bench scripts (sourced from the repository root): the plugin helper, the flood's
# request body, reading hey's report, and a set of processes' CPU time.

# wpdo ARGS...: bench/lib/wpdo.php on the site $SITE; prints its last line (its answer).
wpdo() { php -d display_errors=stderr "$(dirname "${BASH_SOURCE[0]}")/wpdo.php" "$SITE" "$@" 2>/dev/null | tail -1; }

# wpdo_ok ARGS...: wpdo, which must answer {"ok":true,...}; otherwise says what it answered and exits 1.
wpdo_ok() {
	local answer
	answer=$(wpdo "$@" || true)
	case "$answer" in
	*'"ok":true'*) ;;
	*) echo "wpdo $* did not succeed: ${answer:-no answer}" >&2; exit 1 ;;
	esac
}

# pingback_body FILE TARGET: the flood's request, a pingback.ping from a spam post to TARGET.
pingback_body() {
	printf '<?xml version="1.0"?><methodCall><methodName>pingback.ping</methodName><params><param><value><string>http://attacker.example/spam-post/</string></value></param><param><value><string>%s</string></value></param></params></methodCall>' "$2" >"$1"
}

# hey_rps REPORT: requests per second.
hey_rps() { awk '/Requests\/sec:/ {print $2}' "$1"; }

# hey_latency REPORT PERCENT: that percentile's latency in seconds (hey reports 10 25 50 75 90 95 99).
hey_latency() { awk -v p=" $2% in " 'index($0, p) {print $3}' "$1"; }

# hey_codes REPORT: the answers by status, "200:120,403:3".
hey_codes() { awk '/^\s*\[[0-9]+\]/ {gsub(/[\[\]]/, "", $1); printf "%s%s:%s", sep, $1, $2; sep=","}' "$1"; }

# hey_codes_and_errors REPORT: hey_codes, then ",errors:N" for the kinds of connection error hey
# listed (a flood the server could not even accept).
hey_codes_and_errors() {
	awk '/^\s*\[[0-9]+\]/ {gsub(/[\[\]]/, "", $1); printf "%s%s:%s", sep, $1, $2; sep=","} /Error distribution/ {e=1} e && /\[[0-9]+\]/ && !/^\s*\[[0-9]+\]\s+[0-9]+ responses/ {errs++} END {if (errs) printf ",errors:%d", errs}' "$1"
}

# hey_responses REPORT: how many answers came back, whatever their status.
hey_responses() { awk '/^\s*\[[0-9]+\]/ {n += $2} END {print n + 0}' "$1"; }

# cpu_ticks PID...: user + system CPU of those processes, in clock ticks (getconf CLK_TCK a second).
cpu_ticks() {
	local total=0 pid
	for pid in "$@"; do
		total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
	done
	echo "$total"
}
