# shellcheck shell=bash
# Shared by the bench scripts (sourced after tools/wp/lib.sh): a bench site's settings and, for
# the early-gate-*.sh micro-benchmarks, a small site on a private server and its CPU time.

# production_settings SITE: WP_DEBUG off, as on a live site (the dev sites log core's PHP 8.2
# deprecations on every request, which would be measured too).
production_settings() {
	sed -i "s/define( 'WP_DEBUG', true );/define( 'WP_DEBUG', false );/" "$1/wp-config.php"
	grep -q "define( 'WP_DEBUG', false );" "$1/wp-config.php" || { echo "could not turn WP_DEBUG off in $1" >&2; exit 1; }
}

# small_site NAME PORT: a fresh site .wp/sites/bench-NAME-PORT for http://127.0.0.1:PORT, plugin
# active, autopilot off (the script installs what it measures), production settings; prints its path.
small_site() {
	local site="$WP_WORK/sites/bench-$1-$2"
	XS_AUTOPILOT=off xs_create_site "$site" "http://127.0.0.1:$2" sqlite >/dev/null
	production_settings "$site"
	echo "$site"
}

# apache_ticks CONF_DIR: user + system CPU of the Apache started from CONF_DIR (tools/apache.sh
# start prints it), in clock ticks.
apache_ticks() {
	# shellcheck disable=SC2046 # one PID per word
	cpu_ticks $(pgrep -f -- "$1/httpd.conf")
}

# use_prepend SITE FILE: points the auto_prepend_file line in SITE's .htaccess at FILE.
use_prepend() {
	sed -i "s#php_value auto_prepend_file \"[^\"]*\"#php_value auto_prepend_file \"$2\"#" "$1/.htaccess"
}
