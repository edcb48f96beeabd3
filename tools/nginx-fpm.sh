#!/usr/bin/env bash
# A private Debian nginx + PHP-FPM 8.2 on 127.0.0.1 for tests and benchmarks: its own configs,
# pids, socket, logs under .wp/nginx/<port>, never the system services.
#
#   tools/nginx-fpm.sh start SITE_DIR PORT [WORKERS] [USER_INI_TTL]   serve SITE_DIR
#   tools/nginx-fpm.sh stop PORT
#   tools/nginx-fpm.sh logs PORT          print the access-log path
#   tools/nginx-fpm.sh dir PORT           print the instance folder (nginx includes extra/*.conf
#                                         inside the server block; restart to apply)
#   tools/nginx-fpm.sh reload PORT        nginx re-reads its config (after writing extra/*.conf)
#
# WORKERS: FPM children (pm static, default 6). USER_INI_TTL: user_ini.cache_ttl for the pool
# (default 300, PHP's own default, so tests see what users see unless they ask otherwise).
# As root, nginx workers and FPM children run as www-data (else the socket answers 502).
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/service.sh
. "$REPO_ROOT/tools/lib/service.sh"
BASE="${XS_NGINX_DIR:-$REPO_ROOT/.wp/nginx}"

cmd="${1:-}"
case "$cmd" in
start)
	site="$(cd "${2:?site dir}" && pwd)"
	port="${3:?port}"
	workers="${4:-6}"
	ttl="${5:-300}"
	dir="$BASE/$port"
	service_fresh_instance "$0" "$port" "$dir" run logs extra tmp
	service_need nginx php-fpm8.2
	user="$(id -un)"
	group="$(id -gn)"
	if [ "$(id -u)" = "0" ]; then
		user=www-data
		group=www-data
	fi
	service_site_for_www_data "$site" "$dir"
	cat >"$dir/php-fpm.conf" <<CONF
[global]
pid = $dir/run/php-fpm.pid
error_log = $dir/logs/php-fpm.log
daemonize = yes

[www]
user = $user
group = $group
listen = $dir/run/php-fpm.sock
listen.owner = $user
listen.group = $group
listen.mode = 0660
pm = static
pm.max_children = $workers
catch_workers_output = yes
php_admin_value[error_log] = $dir/logs/php.log
php_admin_value[log_errors] = On
php_admin_value[user_ini.cache_ttl] = $ttl
CONF
	cat >"$dir/nginx.conf" <<CONF
user $user $group;
worker_processes 2;
pid $dir/run/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 1024; }
http {
	include /etc/nginx/mime.types;
	default_type application/octet-stream;
	# As WordPress hosts set it for uploads (nginx's default, 1m, answers 413 itself).
	client_max_body_size 64m;
	access_log $dir/logs/access.log;
	client_body_temp_path $dir/tmp/body;
	fastcgi_temp_path $dir/tmp/fastcgi;
	proxy_temp_path $dir/tmp/proxy;
	uwsgi_temp_path $dir/tmp/uwsgi;
	scgi_temp_path $dir/tmp/scgi;
	server {
		listen 127.0.0.1:$port;
		server_name 127.0.0.1 localhost;
		root $site;
		index index.php index.html;
		include $dir/extra/*.conf;
		location / {
			try_files \$uri \$uri/ /index.php?\$args;
		}
		# PATH_INFO reaches PHP as on Apache (nginx's own PHP FastCGI example):
		# wp-trackback.php reads the post ID from /wp-trackback.php/ID, which a plain \.php\$ location
		# sends to index.php (a 404).
		location ~ [^/]\.php(/|\$) {
			fastcgi_split_path_info ^(.+?\.php)(/.*)\$;
			try_files \$fastcgi_script_name =404;
			fastcgi_param PATH_INFO \$fastcgi_path_info;
			include /etc/nginx/fastcgi.conf;
			fastcgi_pass unix:$dir/run/php-fpm.sock;
		}
	}
}
CONF
	php-fpm8.2 -y "$dir/php-fpm.conf" -D
	nginx -c "$dir/nginx.conf"
	if service_wait 50 0.1 service_answers_http "$port"; then
		echo "$dir"
		exit 0
	fi
	echo "nginx/FPM did not answer on 127.0.0.1:$port; see $dir/logs/" >&2
	tail -20 "$dir/logs/error.log" "$dir/logs/php-fpm.log" >&2 || true
	exit 1
	;;
stop)
	port="${2:?port}"
	dir="$BASE/$port"
	for pidfile in "$dir/run/nginx.pid" "$dir/run/php-fpm.pid"; do
		service_stop_pidfile "$pidfile"
	done
	;;
reload)
	port="${2:?port}"
	nginx -c "$BASE/$port/nginx.conf" -s reload
	;;
logs)
	echo "$BASE/${2:?port}/logs/access.log"
	;;
dir)
	echo "$BASE/${2:?port}"
	;;
*)
	sed -n '2,14p' "$0"
	exit 2
	;;
esac
