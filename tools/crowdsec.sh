#!/usr/bin/env bash
# Starts/stops a private CrowdSec Local API (Debian's crowdsec) for tests: its own config
# directory, SQLite database, port and credentials under .wp/crowdsec, loopback only, no systemd,
# no Central API (`crowdsec -no-cs` runs the Local API alone). Never touches /etc/crowdsec.
#
# Usage:
#   tools/crowdsec.sh start            starts the LAPI (if not running), prints its URL
#   tools/crowdsec.sh stop             stops the LAPI this script started (by its pid file)
#   tools/crowdsec.sh cscli ARGS...    runs cscli against the private config and database
#   tools/crowdsec.sh replay FILE TYPE runs CrowdSec's agent once over an access log (TYPE apache2
#                                      or nginx) with our parser and scenario (data/crowdsec/),
#                                      sending what it detects to the running private LAPI
#   tools/crowdsec.sh bouncer-start KEY runs Debian's firewall bouncer with that API key in a
#                                      network namespace of its own (never this machine's firewall)
#   tools/crowdsec.sh bouncer-sets     prints that namespace's ipsets, INPUT rules and nftables
#   tools/crowdsec.sh bouncer-stop     stops the bouncer and removes the namespace
#   tools/crowdsec.sh config           prints the private config file's path
#
# XS_CROWDSEC_PORT (default 18080) and XS_CROWDSEC_DIR (default .wp/crowdsec) choose the port and
# the folder. The folder is created on first start; `rm -rf` it to start from an empty database.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/service.sh
. "$REPO_ROOT/tools/lib/service.sh"
BASE="${XS_CROWDSEC_DIR:-$REPO_ROOT/.wp/crowdsec}"
PORT="${XS_CROWDSEC_PORT:-18080}"
CONF="$BASE/etc/config.yaml"
AGENT_CONF="$BASE/etc/agent.yaml"
PID="$BASE/crowdsec.pid"
HUB=/var/lib/crowdsec/hub

need() {
	service_need crowdsec cscli
}

# The config names the port, so it is written on every start (the port may change between runs).
write_config() {
	mkdir -p "$BASE/etc/parsers/s00-raw" "$BASE/etc/parsers/s01-parse" "$BASE/etc/parsers/s02-enrich" "$BASE/etc/scenarios" \
		"$BASE/data" "$BASE/log"
	cat >"$CONF" <<EOF
common:
  daemonize: false
  log_media: file
  log_level: info
  log_dir: $BASE/log/
  working_dir: $BASE
config_paths:
  config_dir: $BASE/etc/
  data_dir: $BASE/data/
  simulation_path: $BASE/etc/simulation.yaml
  hub_dir: $HUB/
  index_path: $HUB/.index.json
  notification_dir: $BASE/etc/notifications/
  plugin_dir: /usr/lib/crowdsec/plugins/
crowdsec_service:
  acquisition_path: $BASE/etc/acquis.yaml
  parser_routines: 1
cscli:
  output: human
  color: no
db_config:
  log_level: info
  type: sqlite
  db_path: $BASE/data/crowdsec.db
  use_wal: true
api:
  client:
    insecure_skip_verify: false
    credentials_path: $BASE/etc/local_api_credentials.yaml
  server:
    log_level: info
    listen_uri: 127.0.0.1:$PORT
    profiles_path: $BASE/etc/profiles.yaml
    trusted_ips:
      - 127.0.0.1
      - ::1
prometheus:
  enabled: false
EOF
	# The agent alone, for replays: the same pipeline, sending to the LAPI above (no server of its own).
	sed '/^  server:/,/^prometheus:/{/^prometheus:/!d}' "$CONF" >"$AGENT_CONF"
	echo "simulation: off" >"$BASE/etc/simulation.yaml"
	# No acquisition for the LAPI itself; replays name their file on the command line.
	: >"$BASE/etc/acquis.yaml"
	# Debian's default profile, plus Range: alerts whose scope is a network get a ban too.
	cat >"$BASE/etc/profiles.yaml" <<'EOF'
name: default_remediation
filters:
 - Alert.Remediation == true && Alert.GetScope() in ["Ip", "Range"]
decisions:
 - type: ban
   duration: 4h
on_success: break
EOF
	# The agent's pipeline for replays: the hub's web server parsers, then ours, then our scenario.
	# syslog-logs.yaml also holds crowdsecurity/non-syslog, which names a plain file's lines by its type.
	ln -sfn "$HUB/parsers/s00-raw/crowdsecurity/syslog-logs.yaml" "$BASE/etc/parsers/s00-raw/syslog-logs.yaml"
	ln -sfn "$HUB/parsers/s01-parse/crowdsecurity/apache2-logs.yaml" "$BASE/etc/parsers/s01-parse/apache2-logs.yaml"
	ln -sfn "$HUB/parsers/s01-parse/crowdsecurity/nginx-logs.yaml" "$BASE/etc/parsers/s01-parse/nginx-logs.yaml"
	ln -sfn "$HUB/parsers/s02-enrich/crowdsecurity/dateparse-enrich.yaml" "$BASE/etc/parsers/s02-enrich/dateparse-enrich.yaml"
	ln -sfn "$HUB/parsers/s02-enrich/crowdsecurity/http-logs.yaml" "$BASE/etc/parsers/s02-enrich/http-logs.yaml"
	# Ours as copies, the way an owner installs them: CrowdSec ignores a symlink that leads outside its hub.
	rm -f "$BASE/etc/parsers/s02-enrich/xmlrpc-shield-target.yaml" "$BASE/etc/scenarios/xmlrpc-shield-flood.yaml"
	cp "$REPO_ROOT/data/crowdsec/xmlrpc-shield-target.yaml" "$BASE/etc/parsers/s02-enrich/"
	cp "$REPO_ROOT/data/crowdsec/xmlrpc-shield-flood.yaml" "$BASE/etc/scenarios/"
	# The grok patterns the parsers use, as the package installs them.
	ln -sfn /etc/crowdsec/patterns "$BASE/etc/patterns"
}

# Stops what bouncer-start started (by its pid files) and removes its namespace.
bouncer_stop() {
	for f in bouncer relay-ns relay-host; do
		if [ -f "$BASE/$f.pid" ]; then
			kill "$(cat "$BASE/$f.pid")" 2>/dev/null || true
			rm -f "$BASE/$f.pid"
		fi
	done
	rm -f "$BASE/lapi.sock"
	if ip netns list 2>/dev/null | grep -q "^xs-crowdsec-$PORT\b"; then
		ip netns delete "xs-crowdsec-$PORT"
	fi
}

running() {
	[ -f "$PID" ] && kill -0 "$(cat "$PID")" 2>/dev/null
}

# The LAPI answers 401/403 to an anonymous request once it listens.
answers() {
	local code
	code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$PORT/v1/decisions" || true)
	[ "$code" != "000" ] && [ -n "$code" ]
}

# For service_wait: yes once it answers, give up (2) once the process is gone.
answers_while_running() {
	answers && return 0
	running || return 2
	return 1
}

case "${1:-}" in
start)
	need
	if running && answers; then
		echo "http://127.0.0.1:$PORT/"
		exit 0
	fi
	if answers; then
		echo "Port $PORT already answers, but not for a LAPI started from $BASE: choose another XS_CROWDSEC_PORT." >&2
		exit 1
	fi
	write_config
	# cscli's own machine (for `decisions list`, replays): made once, in the private database.
	if [ ! -s "$BASE/etc/local_api_credentials.yaml" ]; then
		cscli -c "$CONF" machines add xs-cscli --auto --force -f "$BASE/etc/local_api_credentials.yaml" >"$BASE/log/setup.log" 2>&1 ||
			{ cat "$BASE/log/setup.log" >&2; exit 1; }
	fi
	# The credentials file names the URL; keep it on this start's port.
	sed -i "s#^url: .*#url: http://127.0.0.1:$PORT/#" "$BASE/etc/local_api_credentials.yaml"
	crowdsec -c "$CONF" -no-cs >"$BASE/log/stdout.log" 2>&1 &
	echo $! >"$PID"
	if service_wait 100 0.2 answers_while_running; then
		echo "http://127.0.0.1:$PORT/"
		exit 0
	fi
	echo "CrowdSec LAPI did not start; see $BASE/log/" >&2
	tail -20 "$BASE/log/stdout.log" "$BASE/log/crowdsec_api.log" 2>/dev/null >&2 || true
	exit 1
	;;
stop)
	service_stop_pidfile "$PID"
	rm -f "$PID"
	;;
cscli)
	need
	shift
	[ -f "$CONF" ] || write_config
	exec cscli -c "$CONF" "$@"
	;;
replay)
	need
	[ -f "$CONF" ] || write_config
	file="${2:?usage: $0 replay FILE TYPE}"
	type="${3:?usage: $0 replay FILE TYPE}"
	# Time-machine mode: reads the file once, detects with the log lines' own timestamps, sends
	# the alerts to the LAPI named in the credentials file, and exits.
	crowdsec -c "$AGENT_CONF" -dsn "file://$(realpath "$file")" -type "$type" >"$BASE/log/replay.log" 2>&1 ||
		{ tail -20 "$BASE/log/replay.log" >&2; exit 1; }
	;;
bouncer-start)
	# Debian's crowdsec-firewall-bouncer inside a network namespace of its own, so the rules it
	# writes live in that namespace and never touch this machine's firewall. It reaches the LAPI
	# through a Unix socket relay (socat), so nothing but loopback is used. Mode iptables (ipset
	# hash:net sets + an INPUT rule) by default: 0.0.25's nftables mode keeps only the first
	# address of a Range decision (its sets have no interval flag); XS_BOUNCER_MODE=nftables shows it.
	need
	key="${2:?usage: $0 bouncer-start API_KEY}"
	NS="xs-crowdsec-$PORT"
	bouncer_stop
	ip netns add "$NS"
	ip netns exec "$NS" ip link set lo up
	socat "UNIX-LISTEN:$BASE/lapi.sock,fork,unlink-early" "TCP:127.0.0.1:$PORT" >/dev/null 2>&1 &
	echo $! >"$BASE/relay-host.pid"
	for _ in $(seq 1 50); do [ -S "$BASE/lapi.sock" ] && break; sleep 0.1; done
	ip netns exec "$NS" socat "TCP-LISTEN:8080,bind=127.0.0.1,fork,reuseaddr" "UNIX-CONNECT:$BASE/lapi.sock" >/dev/null 2>&1 &
	echo $! >"$BASE/relay-ns.pid"
	cat >"$BASE/etc/firewall-bouncer.yaml" <<EOF
mode: ${XS_BOUNCER_MODE:-iptables}
pid_dir: $BASE/
update_frequency: 1s
daemonize: false
log_mode: file
log_dir: $BASE/log/
log_level: info
api_url: http://127.0.0.1:8080/
api_key: $key
insecure_skip_verify: false
disable_ipv6: false
deny_action: DROP
deny_log: false
supported_decisions_types:
  - ban
blacklists_ipv4: crowdsec-blacklists
blacklists_ipv6: crowdsec6-blacklists
ipset_type: nethash
iptables_chains:
  - INPUT
nftables:
  ipv4:
    enabled: true
    set-only: false
    table: crowdsec
    chain: crowdsec-chain
  ipv6:
    enabled: true
    set-only: false
    table: crowdsec6
    chain: crowdsec6-chain
EOF
	ip netns exec "$NS" crowdsec-firewall-bouncer -c "$BASE/etc/firewall-bouncer.yaml" >"$BASE/log/bouncer-stdout.log" 2>&1 &
	echo $! >"$BASE/bouncer.pid"
	;;
bouncer-sets)
	# The sets and rules the bouncer wrote in its namespace.
	ip netns exec "xs-crowdsec-$PORT" ipset list
	ip netns exec "xs-crowdsec-$PORT" iptables -S INPUT
	ip netns exec "xs-crowdsec-$PORT" ip6tables -S INPUT
	ip netns exec "xs-crowdsec-$PORT" nft list ruleset
	;;
bouncer-stop)
	bouncer_stop
	;;
config)
	echo "$CONF"
	;;
*)
	echo "usage: $0 start|stop|cscli ARGS...|replay FILE TYPE|bouncer-start KEY|bouncer-sets|bouncer-stop|config" >&2
	exit 2
	;;
esac
