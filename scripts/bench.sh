#!/usr/bin/env bash
# Runs every speed comparison of docs/BENCHMARKS.md in one run on one machine and ends with a summary
# table of the performance budget: target, measured value, ratio and whether the target is met.
#
#   1. Two-way (entity and year) fixed effects with standard errors clustered by entity, cpstat against
#      R's plm + sandwich (vcovHC(type = "sss")) on synthetic panels from scripts/benchregress. The
#      coefficients and standard errors must agree to 1e-8.
#   2. Median regression against R's quantreg (scripts/bench_quantreg.sh).
#   3. Two-step system GMM against R's plm::pgmm (scripts/bench_gmm.sh).
#   4. The mediation cluster bootstrap and placebo test against R's boot (scripts/bench_mech.sh).
#   5. The full `cpstat replicate`: wall time and peak resident set from /usr/bin/time -v.
#   6. Two-way fixed effects on ten million rows end to end, gota data frame and NewPanel included
#      (scripts/bench10m): time and peak resident set of each phase.
#
# Without Rscript or an R package the R rows are skipped and the ratios are "n/a".
#
#   scripts/bench.sh                          everything, FE sizes 2000x20x5 and 30x17x3
#   SIZES="500x20x5" REPS=9 scripts/bench.sh  other FE sizes and repetitions
#   BENCH_10M=0 BENCH_REPLICATE=0 scripts/bench.sh
#                                             skip the ten-million-row run (about 30 s and 5.5 GB)
#                                             or the replication (its own output is discarded)
#
# Timings are medians of REPS runs (default 5). Compare ratios, not absolute times: the machine may be
# shared, and load changes both programs' times.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
	export PATH="/usr/local/go/bin:$PATH"
fi
SIZES="${SIZES:-2000x20x5 30x17x3}"
REPS="${REPS:-5}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
go build -o "$work/benchregress" ./scripts/benchregress

cat >"$work/plm.R" <<'EOF'
# Times plm's two-way within estimator with vcovHC(type = "sss", cluster = "group") on the CSV that
# benchregress gen wrote, and writes the same CSV records as benchregress time.
args <- commandArgs(trailingOnly = TRUE)
path <- args[1]; k <- as.integer(args[2]); reps <- as.integer(args[3]); out <- args[4]
suppressPackageStartupMessages({ library(plm); library(sandwich) })
f <- as.formula(paste("y ~", paste0("x", seq_len(k), collapse = " + ")))
t_read <- system.time({
  d <- read.csv(path)
  pd <- pdata.frame(d, index = c("id", "year"))
})[["elapsed"]]
fit <- function(data) {
  m <- plm(f, data = data, index = c("id", "year"), model = "within", effect = "twoways")
  list(model = m, vcov = vcovHC(m, type = "sss", cluster = "group"))
}
timed <- function(data) median(replicate(reps, system.time(fit(data))[["elapsed"]]))
t_est <- timed(d)
t_pd <- timed(pd)
res <- fit(pd)
b <- coef(res$model)
se <- sqrt(diag(res$vcov))
lines <- c(sprintf("time,read,%.6f", t_read), sprintf("time,estimate,%.6f", t_est),
           sprintf("time,estimate_pdata,%.6f", t_pd),
           sprintf("coef,%s,%.17g,%.17g", names(b), b, se[names(b)]))
writeLines(lines, out)
EOF

have_r=0
if command -v Rscript >/dev/null 2>&1 &&
	Rscript -e 'quit(status = if (requireNamespace("plm", quietly = TRUE) && requireNamespace("sandwich", quietly = TRUE)) 0 else 1)' >/dev/null 2>&1; then
	have_r=1
fi

echo "date:    $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(uname -sm), $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "go:      $(go version | cut -d' ' -f3)"
if [ "$have_r" = 1 ]; then
	echo "R:       $(Rscript -e 'cat(R.version.string, "with plm", format(packageVersion("plm")), "and sandwich", format(packageVersion("sandwich")))')"
else
	echo "R:       Rscript with plm and sandwich not found; timing cpstat alone"
fi

status=0
for size in $SIZES; do
	IFS=x read -r entities periods k <<<"$size"
	csv="$work/panel_$size.csv"
	echo
	echo "== $entities entities x $periods years x $k regressors ($((entities * periods)) rows), median of $REPS runs"
	"$work/benchregress" gen -entities "$entities" -periods "$periods" -k "$k" -out "$csv"
	"$work/benchregress" time -data "$csv" -k "$k" -reps "$REPS" -out "$work/cpstat_$size.csv"
	if [ "$have_r" = 1 ]; then
		Rscript "$work/plm.R" "$csv" "$k" "$REPS" "$work/r_$size.csv"
		"$work/benchregress" compare -cpstat "$work/cpstat_$size.csv" -r "$work/r_$size.csv" || status=1
	else
		grep '^time' "$work/cpstat_$size.csv" | awk -F, '{ printf "cpstat %-10s %.4f s\n", $2, $3 }'
	fi
done

# Quantile regression on the Engel data against R's quantreg, in its own script.
echo
"$REPO/scripts/bench_quantreg.sh" 2>&1 | tee "$work/quantreg.txt" || status=1

# System GMM against R's plm::pgmm, in its own script.
echo
"$REPO/scripts/bench_gmm.sh" 2>&1 | tee "$work/gmm.txt" || status=1

# Mediation bootstrap and placebo test against R's boot, in their own script.
echo
"$REPO/scripts/bench_mech.sh" 2>&1 | tee "$work/mech.txt" || status=1

# peak_and_wall reads a /usr/bin/time -v report and prints "seconds peak_kilobytes".
peak_and_wall() {
	awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i] }
		/Maximum resident set size/ { kb = $2 }
		END { printf "%.2f %d\n", s, kb }' "$1"
}

# The full replication, as a user runs it: one process, every chapter, embedded data.
if [ "${BENCH_REPLICATE:-1}" != 0 ]; then
	echo
	echo "== cpstat replicate (all chapters, embedded panel)"
	go build -o "$work/cpstat" ./cpstat/cmd/cpstat
	if /usr/bin/time -v -o "$work/replicate.time" "$work/cpstat" replicate --out "$work/replicate" >"$work/replicate.log" 2>&1; then
		read -r rep_s rep_kb < <(peak_and_wall "$work/replicate.time")
		printf 'wall time %.2f s, peak resident set %.0f MB\n' "$rep_s" "$((rep_kb * 1024 / 1000000))"
	else
		echo "cpstat replicate failed:"; tail -5 "$work/replicate.log"; status=1
	fi
fi

# Ten million rows: the engine on prepared columns, then end to end from a gota data frame.
if [ "${BENCH_10M:-1}" != 0 ]; then
	echo
	echo "== two-way FE, 500000 entities x 20 years x 5 regressors (10,000,000 rows), clustered by entity"
	go test -c -o "$work/linreg.test" ./cpstat/linreg
	if /usr/bin/time -v -o "$work/engine10m.time" "$work/linreg.test" -test.run '^$' -test.bench 'TwoWayFE10M$' \
		-test.benchtime 1x >"$work/engine10m.txt"; then
		engine_s="$(awk '/ns\/op/ { printf "%.2f", $3 / 1e9 }' "$work/engine10m.txt")"
		read -r _ engine_kb < <(peak_and_wall "$work/engine10m.time")
		printf 'engine, linreg.Fit and the clustered variance on prepared columns: %s s, peak %.2f GB (input columns included)\n' \
			"$engine_s" "$(awk -v k="$engine_kb" 'BEGIN { print k * 1024 / 1e9 }')"
	else
		echo "linreg BenchmarkTwoWayFE10M failed"; status=1
	fi
	go build -o "$work/bench10m" ./scripts/bench10m
	if /usr/bin/time -v -o "$work/bench10m.time" "$work/bench10m" >"$work/bench10m.csv"; then
		awk -F, '/^#/ { print; next } NF == 4 { printf "%-28s %7.2f s   resident %5.2f GB at the start, peak %5.2f GB\n", $1, $2, $3 / 1e9, $4 / 1e9 }' "$work/bench10m.csv"
		read -r big_s big_kb < <(peak_and_wall "$work/bench10m.time")
		printf 'whole process: %.2f s, peak resident set %.2f GB\n' "$big_s" "$(awk -v k="$big_kb" 'BEGIN { print k * 1024 / 1e9 }')"
	else
		echo "bench10m failed"; status=1
	fi
fi

# The summary: each target of the performance budget with the value measured in this run.
echo
echo "== summary ($(date -u +%Y-%m-%d), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg))"
ratio_of() { # ratio_of FILE LABEL: the number after LABEL in FILE
	awk -v label="$2" 'index($0, label) == 1 { sub(/^.*: */, ""); sub(/x.*$/, ""); print; exit }' "$1" 2>/dev/null
}
fe_ratio() { # fe_ratio STEP RSTEP: R's RSTEP time over cpstat's STEP time on 2000x20x5
	[ -f "$work/r_2000x20x5.csv" ] || return 0
	awk -F, -v step="$1" -v rstep="$2" 'FNR == NR && $1 == "time" { c[$2] = $3; next } $1 == "time" { r[$2] = $3 }
		END { if (c[step] > 0 && r[rstep] > 0) printf "%.1f", r[rstep] / c[step] }' \
		"$work/cpstat_2000x20x5.csv" "$work/r_2000x20x5.csv"
}
fe_ms() { [ -f "$work/cpstat_2000x20x5.csv" ] && awk -F, -v step="$1" '$1 == "time" && $2 == step { printf "%.1f ms", $3 * 1000 }' "$work/cpstat_2000x20x5.csv"; }
met() { # met VALUE OP TARGET: yes, no or n/a
	[ -n "$1" ] || { echo "n/a"; return; }
	awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN { ok = (op == ">=") ? v >= t : v < t; print ok ? "yes" : "no" }'
}
row() { printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4"; }

echo "| target | measured | ratio | met? |"
echo "|---|---|---|---|"
r="$(fe_ratio estimate estimate)"; row "two-way FE + cluster, 2000x20x5, \`Estimate\` from the formula: >= 20x plm" "$(fe_ms estimate)" "${r:-n/a}" "$(met "$r" ">=" 20)"
r="$(fe_ratio estimate_fresh estimate)"; row "the same on a newly read panel (columns not yet converted)" "$(fe_ms estimate_fresh)" "${r:-n/a}" "$(met "$r" ">=" 20)"
r="$(fe_ratio refit estimate_pdata)"; row "the same, \`Model.Refit\` against plm on a prepared pdata.frame" "$(fe_ms refit)" "${r:-n/a}" "$(met "$r" ">=" 20)"
r="$(ratio_of "$work/gmm.txt" "ratio pgmm / cpstat engine")"; row "system GMM, EmplUK: >= 10x pgmm (engine)" "$(awk '/cpstat engine, gmm.Fit/ { print $(NF-3), "ms" }' "$work/gmm.txt" 2>/dev/null)" "${r:-n/a}" "$(met "$r" ">=" 10)"
r="$(ratio_of "$work/gmm.txt" "ratio pgmm / cpstat library")"; row "system GMM, EmplUK: >= 10x pgmm (\`Panel.GMM\` from a formula)" "$(awk '/cpstat library, Panel.GMM/ { print $(NF-3), "ms" }' "$work/gmm.txt" 2>/dev/null)" "${r:-n/a}" "$(met "$r" ">=" 10)"
r="$(awk '$1 == "mediation_bootstrap" { sub(/x$/, "", $4); print $4 }' "$work/mech.txt" 2>/dev/null)"
row "mediation cluster bootstrap: >= 10x R boot" "$(awk '$1 == "mediation_bootstrap" { print $2, "s" }' "$work/mech.txt" 2>/dev/null)" "${r:-n/a}" "$(met "$r" ">=" 10)"
r="$(ratio_of "$work/quantreg.txt" "ratio R / cpstat library")"; row "median regression, Engel (no target)" "$(awk '/cpstat library, QuantReg/ { print $(NF-3), "ms" }' "$work/quantreg.txt" 2>/dev/null)" "${r:-n/a}" "-"
if [ -n "${engine_s:-}" ]; then
	gb="$(awk -v k="$engine_kb" 'BEGIN { printf "%.2f", k * 1024 / 1e9 }')"
	row "10M-row two-way FE, engine on prepared columns: < 5 s and < 3 GB" "${engine_s} s, ${gb} GB" "-" \
		"$( [ "$(met "$engine_s" "<" 5)" = yes ] && [ "$(met "$gb" "<" 3)" = yes ] && echo yes || echo no)"
fi
if [ -n "${big_s:-}" ]; then
	first="$(awk -F, '$1 == "Estimate first call" { print $2 }' "$work/bench10m.csv")"
	added="$(awk -F, '$1 == "Estimate first call" { printf "%.2f", ($4 - $3) / 1e9 }' "$work/bench10m.csv")"
	row "10M-row two-way FE, \`Estimate\` from a gota panel, first call: < 5 s" "${first} s" "-" "$(met "$first" "<" 5)"
	row "10M-row two-way FE, peak memory \`Estimate\` adds to the loaded panel: < 3 GB" "${added} GB" "-" "$(met "$added" "<" 3)"
	gb="$(awk -v k="$big_kb" 'BEGIN { printf "%.2f", k * 1024 / 1e9 }')"
	row "10M rows end to end: data frame, NewPanel and Estimate in one process (no target)" "${big_s} s, ${gb} GB" "-" "-"
fi
if [ -n "${rep_s:-}" ]; then
	row "full \`cpstat replicate\`: < 15 s" "${rep_s} s, $((rep_kb * 1024 / 1000000)) MB" "-" "$(met "$rep_s" "<" 15)"
fi
exit $status
