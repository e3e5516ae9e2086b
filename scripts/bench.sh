#!/usr/bin/env bash
# Times cpstat against R's plm on the same synthetic panel, in one run on one machine: a two-way
# (entity and year) fixed-effects regression with standard errors clustered by entity under plm's
# vcovHC(type = "sss") convention. It builds the panel CSV with scripts/benchregress, times cpstat,
# times plm when Rscript with plm and sandwich is installed, checks that the coefficients and standard
# errors agree to 1e-8, and prints the time ratios. Without R it prints that R is missing and then
# cpstat's times alone.
#
#   scripts/bench.sh                       the sizes 2000x20x5 (entities x years x regressors) and 30x17x3
#   SIZES="500x20x5" REPS=9 scripts/bench.sh
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
"$REPO/scripts/bench_quantreg.sh" || status=1

# Mediation bootstrap and placebo test against R's boot, in their own script.
echo
"$REPO/scripts/bench_mech.sh" || status=1
exit $status
