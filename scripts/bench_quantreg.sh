#!/usr/bin/env bash
# Times the median regression of quantreg's Engel data (235 rows) with nid standard errors in cpstat and
# in R's quantreg::rq(method = "br") + summary(se = "nid") in one run, side by side, prints the speed
# ratios and checks that the coefficients and standard errors agree to 1e-8 relative. R is optional:
# without Rscript or quantreg the R rows are skipped. docs/BENCHMARKS.md records the figures, and
# scripts/bench.sh runs this script after its own sections.
#
#   BENCH_REPS=5   timed repetitions of each measurement (the medians are printed)
set -euo pipefail
CPSTAT_SETUP=go source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$REPO"
reps="${BENCH_REPS:-5}"
data=testdata/reference/data/quantreg_engel.csv
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

note() { printf 'bench: %s\n' "$*" >&2; }

# median prints the median of the numbers on standard input.
median() {
	sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# bench_ms runs one Go benchmark $reps times and prints its median time per operation in milliseconds.
bench_ms() {
	go test -run '^$' -bench "$1" -count "$reps" "$2" | awk '/ns\/op/ {print $3 / 1e6}' | median
}

note "cpstat engine: BenchmarkRQEngel/fit+nid (quantreg.Fit and Infer on a ready design)"
engine_ms="$(bench_ms '^BenchmarkRQEngel$/^fit\+nid$' ./cpstat/quantreg)"
note "cpstat library: BenchmarkQuantRegEngel (QuantReg from a formula)"
library_ms="$(bench_ms '^BenchmarkQuantRegEngel$' ./cpstat)"

cli=(bin/cpstat qr --data "$data" --formula "foodexp ~ income" --tau 0.5 --json)
"${cli[@]}" >"$tmp/cli.json" 2>/dev/null
note "cpstat command line: $reps runs of cpstat qr --json (process start, CSV read, fit, JSON)"
for _ in $(seq "$reps"); do
	start="$(date +%s%N)"
	"${cli[@]}" >/dev/null 2>&1
	echo "$(( $(date +%s%N) - start ))"
done | awk '{print $1 / 1e6}' | median >"$tmp/cli_ms"
cli_ms="$(cat "$tmp/cli_ms")"

echo
echo "Median regression, Engel data (235 rows), nid standard errors; median of $reps"
echo "host: $(nproc) cores, $(go env GOVERSION)"
printf '%-48s %10.3f ms per fit\n' "cpstat engine, quantreg.Fit + Infer" "$engine_ms"
printf '%-48s %10.3f ms per fit\n' "cpstat library, QuantReg" "$library_ms"
printf '%-48s %10.3f ms per run\n' "cpstat qr --json (whole process)" "$cli_ms"

if ! command -v Rscript >/dev/null 2>&1 || ! Rscript -e 'suppressPackageStartupMessages(library(quantreg))' >/dev/null 2>&1; then
	note "Rscript or the R package quantreg is missing: skipping the R timing (install r-cran-quantreg to compare)"
	exit 0
fi
note "R quantreg: $reps batches of 200 fits"
Rscript scripts/bench_quantreg.R "$data" "$reps" >"$tmp/r.txt"
r_ms="$(awk '$1 == "seconds_per_fit" {print $2 * 1000}' "$tmp/r.txt")"
version="$(awk '$1 == "quantreg_version" {print $2}' "$tmp/r.txt")"
printf '%-48s %10.3f ms per fit\n' "R quantreg $version rq(br) + summary(se = nid)" "$r_ms"
awk -v r="$r_ms" -v e="$engine_ms" -v l="$library_ms" -v c="$cli_ms" 'BEGIN {
	printf "ratio R / cpstat engine:  %.1fx\n", r / e
	printf "ratio R / cpstat library: %.1fx\n", r / l
	printf "ratio R fit / whole cpstat process: %.2fx\n", r / c
}'

# Side by side: every coefficient and standard error of both programs, and the largest relative difference.
/usr/bin/python3 - "$tmp/cli.json" "$tmp/r.txt" <<'PY'
import json, sys
fit = json.load(open(sys.argv[1]))["quantiles"][0]["coefficients"]
r = dict(line.split()[:2] for line in open(sys.argv[2]) if line.startswith(("coef_", "se_")))
worst = 0.0
print("%-12s %22s %22s %22s %22s" % ("term", "cpstat estimate", "R estimate", "cpstat SE", "R SE"))
for c in fit:
    re_, rs = float(r["coef_" + c["term"]]), float(r["se_" + c["term"]])
    print("%-12s %22.15g %22.15g %22.15g %22.15g" % (c["term"], c["estimate"], re_, c["std_error"], rs))
    worst = max(worst, abs(c["estimate"] - re_) / abs(re_), abs(c["std_error"] - rs) / abs(rs))
print("largest relative difference: %.2g" % worst)
sys.exit(0 if worst <= 1e-8 else 1)
PY
