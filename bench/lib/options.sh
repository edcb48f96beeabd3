# shellcheck shell=bash
# Shared by the bench scripts: their named options.

# parse_options "name=VAR ..." ARGS...: each --name=value among ARGS sets VAR to value (the list
# may span lines); a bare --name sets VAR to 1 when VAR is a flag (its default, set by the
# script before, is 0). An unknown option, or a bare one that needs a value, prints the error
# and the script's header comment (its usage) and exits 2.
parse_options() {
	local spec=" ${1//[$'\t\n']/ } " arg name var
	shift
	for arg in "$@"; do
		name="${arg%%=*}"
		name="${name#--}"
		var=""
		if [[ "$arg" == --* && "$spec" == *" $name="* ]]; then
			var="${spec#* "$name="}"
			var="${var%% *}"
		fi
		if [ -z "$var" ]; then
			options_usage "unknown option: $arg"
		elif [[ "$arg" == *=* ]]; then
			printf -v "$var" '%s' "${arg#*=}"
		elif [ "${!var}" = 0 ]; then
			printf -v "$var" '%s' 1
		else
			options_usage "$arg needs a value: $arg=…"
		fi
	done
}

# options_usage ERROR: prints ERROR, then the running script's header comment, and exits 2.
options_usage() {
	echo "$1" >&2
	awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0" >&2
	exit 2
}
