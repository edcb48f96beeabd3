# shellcheck shell=bash
# Every bench script's one `source` line: tools/wp/lib.sh (WordPress sites: xs_create_site,
# WP_WORK, REPO_ROOT) and the bench's shell helpers, a file a topic. They only define functions.
BENCH_LIB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../tools/wp/lib.sh
source "$BENCH_LIB/../../tools/wp/lib.sh"
# shellcheck source=options.sh
source "$BENCH_LIB/options.sh" # parse_options: named options
# shellcheck source=site.sh
source "$BENCH_LIB/site.sh" # production_settings, small_site, apache_ticks, use_prepend
# shellcheck source=measure.sh
source "$BENCH_LIB/measure.sh" # wpdo, wpdo_ok, pingback_body, hey_*, cpu_ticks
# shellcheck source=exits.sh
source "$BENCH_LIB/exits.sh" # the reference exits: bare_exit_php, bare_prepend_php, prepend_for_xmlrpc
# shellcheck source=rss.sh
source "$BENCH_LIB/rss.sh" # rss_sampler, oom_kills
