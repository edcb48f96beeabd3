#!/usr/bin/env bash
# Installs the Debian packages XML-RPC Shield's runtime, tests and benchmarks use.
# Needs root (or sudo). Safe to re-run: apt skips what is already installed.
set -euo pipefail

packages=(
	# PHP extensions WordPress and our tests need (PHP 8.2 CLI is assumed present).
	php-cli php-sqlite3 php-mysql php-xml php-mbstring php-curl php-gd php-intl php-zip
	# APCu: the gate counts hits in shared memory when the web server has it.
	php-apcu
	# A complete WordPress core (6.1.9, assets included) and its default block theme.
	wordpress wordpress-theme-twentytwentythree
	# The second database backend.
	mariadb-server
	# Apache 2.4 prefork + mod_php, and nginx + PHP-FPM: the two stacks the tests serve WordPress on.
	apache2 libapache2-mod-php nginx-light php8.2-fpm
	# Rule validators.
	nftables iptables ipset fail2ban
	# Browser for e2e tests and screenshots.
	chromium
	# Load tools for benchmarks.
	apache2-utils hey wrk
	unzip rsync
	# Benchmark charts.
	gnuplot-nox
	# xgettext/msgcat for the translation template (WP-CLI's i18n command is not in the registry).
	gettext
)

SUDO=""
if [ "$(id -u)" != "0" ]; then
	SUDO="sudo"
fi

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
	echo "install-system-deps: all ${#packages[@]} Debian packages present."
	exit 0
fi

echo "install-system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
# Debian starts services on install where it can; our tools start their own instances.
