# shellcheck shell=bash
# Shared by bench/run.sh and bench/soak.sh: the reference exits the targets are measured
# against, the cheapest code that can refuse an XML-RPC request at each layer (no config, no log).

# bare_exit_php: plugin code that answers 403 once WordPress has defined XMLRPC_REQUEST.
bare_exit_php() {
	printf '<?php\nif ( defined( %s ) ) {\n\thttp_response_code( 403 );\n\texit;\n}\n' "'XMLRPC_REQUEST'"
}

# bare_prepend_php: an auto_prepend_file that answers 403 for xmlrpc.php before WordPress.
bare_prepend_php() {
	printf '<?php\nif ( %s === basename( $_SERVER[%s] ) ) {\n\thttp_response_code( 403 );\n\texit;\n}\n' "'xmlrpc.php'" "'SCRIPT_FILENAME'"
}

# prepend_for_xmlrpc SITE FILE SAVED: keeps SITE's .htaccess in SAVED, then has Apache prepend
# FILE to xmlrpc.php requests. Undo with: cp SAVED SITE/.htaccess
prepend_for_xmlrpc() {
	local site="$1" file="$2" saved="$3"
	touch "$site/.htaccess"
	cp "$site/.htaccess" "$saved"
	{ printf '<Files xmlrpc.php>\nphp_value auto_prepend_file "%s"\n</Files>\n' "$file"; cat "$saved"; } >"$site/.htaccess"
}
