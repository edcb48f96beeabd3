#!/usr/bin/env bash
# `npm test`: every check and test suite, each run even if an earlier one failed; exits non-zero
# if any failed. Ends with one summary line per runner and a total.
set -u
cd "$(dirname "$0")/.."
# A fresh machine: Debian packages and Composer's tools first (npm install brought the rest).
bash tools/install-system-deps.sh || exit 1
[ -x vendor/bin/phpunit ] || composer install --no-interaction --no-progress || exit 1
log_dir="$(mktemp -d)"
summary=()
failed_steps=0
total_passed=0
total_failed=0

# run NAME COMMAND...: runs a step, keeps its output, records its runner's summary line.
run() {
	local name="$1"
	shift
	echo
	echo "=================== $name ==================="
	"$@" 2>&1 | tee "$log_dir/$name.log"
	local code=${PIPESTATUS[0]}
	local passed=0 failed=0 line
	line=$(summarize "$log_dir/$name.log")
	read -r passed failed <<<"$line"
	total_passed=$((total_passed + passed))
	total_failed=$((total_failed + failed))
	if [ "$code" -ne 0 ]; then
		failed_steps=$((failed_steps + 1))
		[ "$failed" -eq 0 ] && failed=1 && total_failed=$((total_failed + 1))
		summary+=("$name: FAILED (exit $code) $passed passed, $failed failed")
	else
		summary+=("$name: ok $passed passed, $failed failed")
	fi
}

# summarize LOG: prints "passed failed" counted from PHPUnit, Jest and node:test summaries.
summarize() {
	awk '
		/^OK \([0-9]+ tests?,/ { gsub(/[^0-9 ]/, " ", $0); split($0, a, " "); p += a[1] }
		/^Tests: [0-9]+, Assertions:/ {
			n = $2; gsub(/,/, "", n); f = 0
			if (match($0, /Failures: [0-9]+/)) f += substr($0, RSTART + 10, RLENGTH - 10)
			if (match($0, /Errors: [0-9]+/)) f += substr($0, RSTART + 8, RLENGTH - 8)
			p += n - f; fl += f
		}
		/^Tests: +[0-9]+ (passed|failed)/ {
			if (match($0, /[0-9]+ passed/)) p += substr($0, RSTART, RLENGTH - 7)
			if (match($0, /[0-9]+ failed/)) fl += substr($0, RSTART, RLENGTH - 7)
		}
		/^# pass [0-9]+/ { p += $3 }
		/^# fail [0-9]+/ { fl += $3 }
		END { printf "%d %d\n", p, fl }
	' "$1"
}

run typecheck npm run --silent typecheck
run lint-js npm run --silent lint:js
run jest npm run --silent test:js
run build npm run --silent build
run lint-php bash tools/lint-php.sh
run phpunit bash tools/test-php.sh
run release bash tools/test-release.sh
run e2e bash tools/test-e2e.sh

echo
echo "=================== summary ==================="
for line in "${summary[@]}"; do
	echo "$line"
done
rm -rf "$log_dir"
echo "$total_passed passed, $total_failed failed"
[ "$failed_steps" -eq 0 ]
