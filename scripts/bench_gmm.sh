#!/usr/bin/env bash
# Times two-step system GMM with Windmeijer standard errors on EmplUK (140 firms, 1031 rows, 113
# instruments) in cpstat and in R's plm::pgmm in one run, side by side, and prints the speed ratio.
# The target is pgmm at least 10 times slower than cpstat. R is optional: without Rscript or plm the R
# row is skipped. docs/BENCHMARKS.md records the figures.
#
#   BENCH_REPS=5   timed repetitions of each measurement (the medians are printed)
set -euo pipefail
CPSTAT_SETUP=go source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$REPO"
reps="${BENCH_REPS:-5}"
data=testdata/reference/data/plm_EmplUK.csv
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

note() { printf 'bench: %s\n' "$*" >&2; }

# median prints the median of the numbers on standard input.
median() {
	sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# bench_ms runs one Go benchmark $reps times and prints its median time per fit in milliseconds.
bench_ms() {
	go test -run '^$' -bench "^$1\$" -count "$reps" "$2" | awk '/ns\/op/ {print $3 / 1e6}' | median
}

note "cpstat engine: BenchmarkSystemTwoStepEmplUK (gmm.Fit)"
engine_ms="$(bench_ms BenchmarkSystemTwoStepEmplUK ./cpstat/gmm)"
note "cpstat library: BenchmarkGMMSystemTwoStepEmplUK (Panel.GMM from a formula)"
library_ms="$(bench_ms BenchmarkGMMSystemTwoStepEmplUK ./cpstat)"

# The command line takes plain columns, so the logs of the reference case become columns first.
awk -F, 'NR == 1 {print "firm,year,n,w,k,ys"; next}
	{printf "%s,%s,%.17g,%.17g,%.17g,%.17g\n", $1, $2, log($4), log($5), log($6), log($7)}' "$data" >"$tmp/empluk_logs.csv"
cli=(bin/cpstat gmm --data "$tmp/empluk_logs.csv" --id firm --time year
	--formula "n ~ L(n, 1) + w + L(w, 1) + k + L(k, 1)" --gmm "n 2:99, w 2:99, k 2:99"
	--system --twostep --timedummies --json)
"${cli[@]}" >"$tmp/cli.json"
cpstat_coef="$(/usr/bin/python3 -c 'import json, sys; print("%.10f" % json.load(open(sys.argv[1]))["coefficients"][0]["estimate"])' "$tmp/cli.json")"
note "cpstat command line: $reps runs of cpstat gmm --json (process start, CSV read, fit, JSON)"
for _ in $(seq "$reps"); do
	start="$(date +%s%N)"
	"${cli[@]}" >/dev/null
	echo "$(( $(date +%s%N) - start ))"
done | awk '{print $1 / 1e6}' | median >"$tmp/cli_ms"
cli_ms="$(cat "$tmp/cli_ms")"

r_ms=""
if command -v Rscript >/dev/null 2>&1 && Rscript -e 'suppressPackageStartupMessages(library(plm))' >/dev/null 2>&1; then
	note "R plm::pgmm: $reps timed fits"
	Rscript scripts/bench_gmm.R "$data" "$reps" >"$tmp/r.txt"
	r_ms="$(awk '$1 == "seconds_per_fit" {print $2 * 1000}' "$tmp/r.txt")"
	r_coef="$(awk '$1 == "coef_L.n" {print $2}' "$tmp/r.txt")"
	plm_version="$(awk '$1 == "plm_version" {print $2}' "$tmp/r.txt")"
else
	note "Rscript or the R package plm is missing: skipping the pgmm timing (install r-cran-plm to compare)"
fi

echo
echo "System GMM, two-step, Windmeijer SEs, EmplUK (140 firms, 113 instruments); median of $reps"
echo "host: $(nproc) cores, $(go env GOVERSION)"
printf '%-44s %10.2f ms per fit\n' "cpstat engine, gmm.Fit" "$engine_ms"
printf '%-44s %10.2f ms per fit\n' "cpstat library, Panel.GMM" "$library_ms"
printf '%-44s %10.2f ms per run\n' "cpstat gmm --json (whole process)" "$cli_ms"
printf '%-44s %s\n' "cpstat coefficient of L.n" "$cpstat_coef"
if [ -n "$r_ms" ]; then
	printf '%-44s %10.2f ms per fit\n' "R plm::pgmm $plm_version + summary(robust=TRUE)" "$r_ms"
	printf '%-44s %s\n' "pgmm coefficient of L.n" "$r_coef"
	awk -v r="$r_ms" -v e="$engine_ms" -v l="$library_ms" -v c="$cli_ms" 'BEGIN {
		printf "ratio pgmm / cpstat engine:  %.1fx (target >= 10x)\n", r / e
		printf "ratio pgmm / cpstat library: %.1fx\n", r / l
		printf "ratio pgmm fit / whole cpstat process: %.1fx\n", r / c
	}'
fi
