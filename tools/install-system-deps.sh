#!/usr/bin/env bash
# Installs the Debian packages XML-RPC Shield's runtime, tests and benchmarks use. `npm start`
# and `npm test` call it first, so a fresh Debian machine needs no other step. Installs as root
# (or through sudo when it asks no password); otherwise it names the command to run and fails.
# Cheap when nothing is missing (one dpkg query per package).
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
	# CrowdSec's Local API, cscli and the firewall bouncer: the CrowdSec tests start a private LAPI
	# (tools/crowdsec.sh) and push decisions to it.
	crowdsec crowdsec-firewall-bouncer
	# The firewall bouncer runs in a network namespace of its own and reaches the LAPI through a relay.
	iproute2 socat
	# The load balancer in front of two web nodes (tools/haproxy.sh, the multinode tests); util-linux's
	# unshare gives the second node its own copy of the site at the same path, as on its own server.
	haproxy util-linux
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


missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
	echo "install-system-deps: all ${#packages[@]} Debian packages present."
	exit 0
fi

SUDO=""
if [ "$(id -u)" != "0" ]; then
	if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
		SUDO="sudo"
	else
		echo "install-system-deps: these Debian packages are missing: ${missing[*]}" >&2
		echo "Install them once as root, then run the command again:" >&2
		echo "  sudo apt-get install --no-install-recommends ${missing[*]}" >&2
		exit 1
	fi
fi

echo "install-system-deps: installing ${missing[*]} (apt-get, non-interactive)"
export DEBIAN_FRONTEND=noninteractive
# crowdsec's postinst registers with CrowdSec's online Central API unless this file exists and is
# not empty; offline that fails and leaves the package half-configured. A comment line is enough:
# the machine then stays on its Local API only (our tests use a private copy of the config anyway).
if [[ " ${missing[*]} " == *" crowdsec "* ]] && [ ! -s /etc/crowdsec/online_api_credentials.yaml ]; then
	$SUDO mkdir -p /etc/crowdsec
	echo "# XML-RPC Shield tests: no Central API (online) registration." | $SUDO tee /etc/crowdsec/online_api_credentials.yaml >/dev/null
fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
# Debian starts services on install where it can; our tools start their own instances.
