#!/usr/bin/env bash
# What every private service script under tools/ (apache.sh, nginx-fpm.sh, mariadb.sh,
# crowdsec.sh) does the same way: check the programs are installed, wait until the service
# answers, stop a process by its pid and wait for it to go, and hand the site to www-data when
# run as root. Sourced, never run: `. "$REPO_ROOT/tools/lib/service.sh"`.

# Exits with the install hint unless every named program is on the PATH.
#   service_need apache2 curl
service_need() {
	local program
	for program in "$@"; do
		command -v "$program" >/dev/null ||
			{ echo "$program not found: sudo bash tools/install-system-deps.sh" >&2; exit 1; }
	done
}

# Runs CHECK (a command and its arguments) up to TRIES times, SECONDS apart, until it succeeds.
# Returns 1 when it never did. A check that should give up early (the process died) can `return 2`.
#   service_wait 50 0.1 curl -s -o /dev/null "http://127.0.0.1:$port/"
service_wait() {
	local tries="$1" pause="$2" status
	shift 2
	for _ in $(seq 1 "$tries"); do
		status=0
		"$@" || status=$?
		[ "$status" = 0 ] && return 0
		[ "$status" = 2 ] && return 1
		sleep "$pause"
	done
	return 1
}

# Whether 127.0.0.1:PORT answers HTTP at all (any status).
service_answers_http() {
	curl -s -o /dev/null "http://127.0.0.1:$1/"
}

# Sends TERM to the process in PIDFILE (if it runs) and waits up to 5 s for it to exit.
service_stop_pidfile() {
	local pidfile="$1" pid
	[ -f "$pidfile" ] || return 0
	pid="$(cat "$pidfile")"
	kill "$pid" 2>/dev/null || true
	service_wait 50 0.1 service_gone "$pid" || true
}

# Whether process PID has exited.
service_gone() {
	! kill -0 "$1" 2>/dev/null
}

# As root, the servers' workers run as www-data: the site's wp-content (tests write files there
# as root later: spool, .htaccess) and the instance folder become theirs. Does nothing otherwise.
#   service_site_for_www_data SITE_DIR INSTANCE_DIR
service_site_for_www_data() {
	[ "$(id -u)" = "0" ] || return 0
	chown -R www-data:www-data "$1/wp-content" "$2"
	chmod -R a+rwX "$1/wp-content"
	chown www-data:www-data "$1"
}

# Starts an instance folder afresh: stops what SCRIPT runs on PORT, empties DIR and creates its
# sub-folders, so nothing of an earlier run (pids, sockets, configs) is reused.
#   service_fresh_instance "$0" "$port" "$dir" run logs
service_fresh_instance() {
	local script="$1" port="$2" dir="$3"
	shift 3
	"$script" stop "$port" >/dev/null 2>&1 || true
	rm -rf "$dir"
	local sub
	for sub in "$@"; do
		mkdir -p "$dir/$sub"
	done
}
