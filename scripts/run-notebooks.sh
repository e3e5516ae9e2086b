#!/usr/bin/env bash
# Executes notebooks headless with the GoNB kernel and fails if any cell errors, panics or writes to
# stderr. Arguments: notebook files (default: every notebooks/*.ipynb in name order). Executed copies go to
# $NOTEBOOK_OUT (default out/notebooks) and the originals are left untouched.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$REPO"
export CPSTAT_ROOT="$REPO"
outdir="${NOTEBOOK_OUT:-$REPO/out/notebooks}"
mkdir -p "$outdir"

if [ $# -eq 0 ]; then
	set -- notebooks/*.ipynb
fi
status=0
for nb in "$@"; do
	name="$(basename "$nb" .ipynb)"
	start=$(date +%s)
	if ! jupyter nbconvert --to notebook --execute "$nb" --output-dir "$outdir" --output "$name" \
		--ExecutePreprocessor.timeout=900 --log-level=ERROR 2>"$outdir/$name.log"; then
		say "FAIL $nb: execution failed (log: $outdir/$name.log)"
		tail -n 30 "$outdir/$name.log" >&2
		status=1
		continue
	fi
	if ! /usr/bin/python3 scripts/check_notebook.py "$outdir/$name.ipynb"; then
		status=1
		continue
	fi
	say "ok   $nb ($(( $(date +%s) - start )) s)"
done
exit $status
