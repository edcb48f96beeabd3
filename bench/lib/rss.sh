# shellcheck shell=bash
# Shared by bench/run.sh and bench/soak.sh.

# rss_sampler CONF OUT: samples the resident memory of the Apache started with CONF (or of the
# processes in the cgroup folder CONF, e.g. nginx + PHP-FPM) every 100 ms until killed, writing
# "peak_worker_kb peak_total_kb" to OUT.
rss_sampler() {
	local conf="$1" out="$2" peak_total=0 peak_worker=0
	while true; do
		local total=0 pids
		if [ -f "$conf/cgroup.procs" ]; then
			pids=$(cat "$conf/cgroup.procs")
		else
			pids=$(pgrep -f "apache2 -f $conf")
		fi
		for pid in $pids; do
			local kb
			kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
			kb=${kb:-0}
			total=$((total + kb))
			[ "$kb" -gt "$peak_worker" ] && peak_worker=$kb
		done
		[ "$total" -gt "$peak_total" ] && peak_total=$total
		echo "$peak_worker $peak_total" >"$out"
		sleep 0.1
	done
}

# oom_kills: how many processes the kernel's OOM killer has killed since boot.
oom_kills() {
	awk '/^oom_kill / {print $2; found=1} END {if (!found) print 0}' /proc/vmstat
}
