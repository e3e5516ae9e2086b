#!/usr/bin/env bash
# Times cpstat's cluster bootstrap of the three-mediator model (5000 replicates) and the placebo test
# (500 reassignments) on the 510-row study panel. When Rscript with boot is installed, it times the
# same computations in R with boot() and lm() and prints the time ratios. Both programs read the same panel
# (scripts/benchmech gen) and print the indirect effects, which must agree.
#
#   scripts/bench_mech.sh                        5000 bootstrap and 500 placebo replicates, median of 3 runs
#   BOOT_REPS=1000 RUNS=1 scripts/bench_mech.sh  a quicker run; R then needs about 25 s
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
	export PATH="/usr/local/go/bin:$PATH"
fi
BOOT_REPS="${BOOT_REPS:-5000}"
PLACEBO_REPS="${PLACEBO_REPS:-500}"
RUNS="${RUNS:-3}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
go build -o "$work/benchmech" ./scripts/benchmech
"$work/benchmech" gen -out "$work/panel.csv"

echo "== mediation bootstrap ($BOOT_REPS province draws, 4 equations each) and placebo ($PLACEBO_REPS), median of $RUNS runs"
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); $(go version | cut -d' ' -f3)"
"$work/benchmech" time -reps "$RUNS" -boot "$BOOT_REPS" -placebo "$PLACEBO_REPS" -out "$work/go.csv"

if ! command -v Rscript >/dev/null 2>&1 ||
	! Rscript -e 'quit(status = if (requireNamespace("boot", quietly = TRUE)) 0 else 1)' >/dev/null 2>&1; then
	echo "R: Rscript with boot not found; timing cpstat alone"
	awk -F, '$1 == "time" { printf "cpstat %-20s %8.3f s\n", $2, $3 }' "$work/go.csv"
	exit 0
fi
echo "R: $(Rscript -e 'cat(R.version.string, "with boot", format(packageVersion("boot")))')"
Rscript scripts/bench_mech.R "$work/panel.csv" "$BOOT_REPS" "$PLACEBO_REPS" "$RUNS" "$work/r.csv"

awk -F, '
	FNR == NR { go[$1 "," $2] = $3; next }
	{ r[$1 "," $2] = $3 }
	END {
		printf "%-22s %12s %12s %8s\n", "computation", "cpstat (s)", "R (s)", "R/cpstat"
		split("mediation_bootstrap placebo", names, " ")
		for (i = 1; i <= 2; i++) {
			k = "time," names[i]
			printf "%-22s %12.3f %12.3f %7.1fx\n", names[i], go[k], r[k], r[k] / go[k]
		}
		split("capital labor tfp", m, " ")
		for (i = 1; i <= 3; i++) {
			k = "estimate,ab_" m[i]
			printf "a*b %-8s cpstat %.10g, R %.10g\n", m[i], go[k], r[k]
		}
	}' "$work/go.csv" "$work/r.csv"
