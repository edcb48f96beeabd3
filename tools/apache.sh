#!/usr/bin/env bash
# A private Debian Apache 2.4 (prefork + mod_php) on 127.0.0.1 for tests and benchmarks:
# its own config, pid, logs and runtime dir under .wp/apache/<port>, never the system service.
#
#   tools/apache.sh start SITE_DIR PORT [MAX_WORKERS]   serve SITE_DIR (AllowOverride All)
#   tools/apache.sh stop PORT
#   tools/apache.sh logs PORT                           print the access-log path
#   tools/apache.sh conf PORT                           print the config path (to include rules)
#
# XS_APACHE_ADDR: the loopback address to listen on (default 127.0.0.1); another one (127.0.0.2…)
# lets several servers share a port number, as web nodes on their own addresses do; the same
# variable names the server to stop, log or configure.
#
# XS_APACHE_PHP_ADMIN="name=value ..." adds php_admin_value lines, e.g.
# "opcache.validate_timestamps=0" for a production-like OPcache that never rechecks files.
#
# As root, Apache's children run as www-data: the site's wp-content is made writable for it.
# As another user, they run as that user.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/service.sh
. "$REPO_ROOT/tools/lib/service.sh"
BASE="${XS_APACHE_DIR:-$REPO_ROOT/.wp/apache}"
MODULES=/usr/lib/apache2/modules
ADDR="${XS_APACHE_ADDR:-127.0.0.1}"
# server_dir PORT: this server's own folder (the port alone on 127.0.0.1, as before).
server_dir() {
	if [ "$ADDR" = "127.0.0.1" ]; then
		echo "$BASE/$1"
	else
		echo "$BASE/$ADDR-$1"
	fi
}

cmd="${1:-}"
case "$cmd" in
start)
	site="$(cd "${2:?site dir}" && pwd)"
	port="${3:?port}"
	workers="${4:-12}"
	dir="$(server_dir "$port")"
	service_fresh_instance "$0" "$port" "$dir" run logs
	php_admin=""
	for setting in ${XS_APACHE_PHP_ADMIN:-}; do
		php_admin+="php_admin_value ${setting%%=*} ${setting#*=}"$'\n'
	done
	service_need apache2
	[ -f "$MODULES/libphp8.2.so" ] || { echo "mod_php missing: sudo bash tools/install-system-deps.sh" >&2; exit 1; }
	user_block=""
	if [ "$(id -u)" = "0" ]; then
		user_block=$'User www-data\nGroup www-data'
	fi
	service_site_for_www_data "$site" "$dir"
	cat >"$dir/httpd.conf" <<CONF
ServerRoot "$dir"
DefaultRuntimeDir "$dir/run"
PidFile "$dir/run/httpd.pid"
Listen $ADDR:$port
ServerName $ADDR
$user_block
LoadModule mpm_prefork_module $MODULES/mod_mpm_prefork.so
LoadModule authn_core_module $MODULES/mod_authn_core.so
LoadModule authz_core_module $MODULES/mod_authz_core.so
LoadModule authz_host_module $MODULES/mod_authz_host.so
LoadModule access_compat_module $MODULES/mod_access_compat.so
LoadModule dir_module $MODULES/mod_dir.so
LoadModule mime_module $MODULES/mod_mime.so
LoadModule rewrite_module $MODULES/mod_rewrite.so
LoadModule headers_module $MODULES/mod_headers.so
LoadModule setenvif_module $MODULES/mod_setenvif.so
LoadModule php_module $MODULES/libphp8.2.so

StartServers 2
MinSpareServers 2
MaxSpareServers 4
ServerLimit $workers
MaxRequestWorkers $workers
MaxConnectionsPerChild 0
ListenBacklog 511
Timeout 30
KeepAlive On

TypesConfig /etc/mime.types
ErrorLog "$dir/logs/error.log"
LogLevel warn
LogFormat "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"" combined
CustomLog "$dir/logs/access.log" combined

DocumentRoot "$site"
DirectoryIndex index.php index.html
<Directory />
	Options FollowSymLinks
	AllowOverride None
</Directory>
<Directory "$site">
	Options FollowSymLinks
	AllowOverride All
	Require all granted
</Directory>
<FilesMatch "\.php$">
	SetHandler application/x-httpd-php
</FilesMatch>
php_admin_value error_log "$dir/logs/php.log"
${php_admin}IncludeOptional "$dir/extra/*.conf"
CONF
	mkdir -p "$dir/extra"
	apache2 -f "$dir/httpd.conf" -k start
	if service_wait 50 0.1 curl -s -o /dev/null "http://$ADDR:$port/"; then
		echo "$dir"
		exit 0
	fi
	echo "Apache did not answer on $ADDR:$port; see $dir/logs/error.log" >&2
	tail -20 "$dir/logs/error.log" >&2 || true
	exit 1
	;;
stop)
	port="${2:?port}"
	dir="$(server_dir "$port")"
	if [ -f "$dir/httpd.conf" ]; then
		apache2 -f "$dir/httpd.conf" -k stop 2>/dev/null || true
		for _ in $(seq 1 50); do
			[ -f "$dir/run/httpd.pid" ] || break
			sleep 0.1
		done
	fi
	;;
logs)
	echo "$(server_dir "${2:?port}")/logs/access.log"
	;;
conf)
	echo "$(server_dir "${2:?port}")/httpd.conf"
	;;
*)
	sed -n '2,12p' "$0"
	exit 2
	;;
esac
