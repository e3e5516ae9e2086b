#!/usr/bin/env bash
# Runs every Fuzz target in the module for the given time each (default 3s). New interesting inputs are
# written to the package's testdata/fuzz folder; commit them.
set -euo pipefail
fuzztime="${1:-3s}"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
found=0
while IFS= read -r file; do
	dir="./$(dirname "$file")"
	for target in $(grep -oE '^func (Fuzz[A-Za-z0-9_]+)' "$file" | awk '{print $2}'); do
		found=1
		printf 'fuzz: %s %s\n' "$dir" "$target" >&2
		go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$dir" >/dev/null
	done
done < <(grep -rl --include='*_test.go' '^func Fuzz' cpstat plots data scripts internal 2>/dev/null | sort)
[ "$found" = 1 ] || printf 'fuzz: no Fuzz targets found\n' >&2
