#!/usr/bin/env bash
# A private Debian HAProxy on 127.0.0.1 in front of several web nodes, for the multi-node tests:
# its own config, pid and log under .wp/haproxy/<port>, never the system service. Round robin,
# one request per connection to the nodes, X-Forwarded-For added (option forwardfor).
#
#   tools/haproxy.sh start PORT NODE [NODE ...]   balance 127.0.0.1:PORT over the nodes, each
#                                                  ADDR:PORT (or PORT on 127.0.0.1)
#   tools/haproxy.sh stop PORT
#   tools/haproxy.sh conf PORT                               print the config path
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE="${XS_HAPROXY_DIR:-$REPO_ROOT/.wp/haproxy}"
HAPROXY="${XS_HAPROXY:-/usr/sbin/haproxy}"

cmd="${1:-}"
case "$cmd" in
start)
	port="${2:?port}"
	shift 2
	[ "$#" -ge 1 ] || { echo "start needs at least one node" >&2; exit 2; }
	[ -x "$HAPROXY" ] || { echo "haproxy not found: sudo bash tools/install-system-deps.sh" >&2; exit 1; }
	dir="$BASE/$port"
	"$0" stop "$port" >/dev/null 2>&1 || true
	rm -rf "$dir"
	mkdir -p "$dir"
	servers=""
	i=0
	for node in "$@"; do
		i=$((i + 1))
		[[ "$node" == *:* ]] || node="127.0.0.1:$node"
		servers+="	server node$i $node"$'\n'
	done
	cat >"$dir/haproxy.cfg" <<CONF
global
	maxconn 512

defaults
	mode http
	timeout connect 5s
	timeout client 60s
	timeout server 60s
	option forwardfor
	option http-server-close

frontend site
	bind 127.0.0.1:$port
	default_backend nodes

backend nodes
	balance roundrobin
	# The nodes trust this one address as their proxy.
	source 127.0.0.1
$servers
CONF
	"$HAPROXY" -c -q -f "$dir/haproxy.cfg"
	"$HAPROXY" -D -f "$dir/haproxy.cfg" -p "$dir/haproxy.pid"
	for _ in $(seq 1 50); do
		if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$dir"
			exit 0
		fi
		sleep 0.1
	done
	echo "HAProxy did not listen on 127.0.0.1:$port" >&2
	exit 1
	;;
stop)
	port="${2:?port}"
	pidfile="$BASE/$port/haproxy.pid"
	if [ -f "$pidfile" ]; then
		while read -r pid; do
			kill "$pid" 2>/dev/null || true
		done <"$pidfile"
		rm -f "$pidfile"
	fi
	;;
conf)
	echo "$BASE/${2:?port}/haproxy.cfg"
	;;
*)
	sed -n '2,9p' "$0"
	exit 2
	;;
esac
