#!/usr/bin/env bash
# PHP lint: syntax check of every PHP file we ship, then PHP_CodeSniffer with WordPress Coding
# Standards and PHPCompatibilityWP (PHP 7.4+), configured in phpcs.xml.dist, then PHPStan
# (npm run lint:phpstan; level and baseline in phpstan.neon.dist).
set -u
cd "$(dirname "$0")/.."
status=0
echo "== php -l"
count=0
while IFS= read -r file; do
	count=$((count + 1))
	php -l "$file" >/dev/null || { php -l "$file"; status=1; }
done < <(git ls-files '*.php'; git ls-files --others --exclude-standard '*.php')
echo "php -l: $count files checked"
echo "== phpcs"
vendor/bin/phpcs -q --report=summary || vendor/bin/phpcs -q || status=1
echo "== phpstan"
npm run --silent lint:phpstan || status=1
exit $status
