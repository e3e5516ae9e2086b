# Times R's quantreg on the Engel benchmark of scripts/bench_quantreg.sh: rq(foodexp ~ income, tau = 0.5,
# method = "br") followed by summary(se = "nid"), the fit and standard errors of reference case
# f1_quantreg_engel and of the Go benchmarks BenchmarkRQEngel/fit+nid (cpstat/quantreg) and
# BenchmarkQuantRegEngel (cpstat).
#
# Usage: Rscript scripts/bench_quantreg.R ENGEL.csv REPS
# One fit takes under a millisecond, below the resolution of system.time, so each repetition times a
# batch of 200 fits. Prints "key value" lines: quantreg_version, seconds_per_fit (median over REPS
# batches, after one untimed fit), and coef_NAME and se_NAME for each coefficient, to check that both
# programs fit the same model.
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript bench_quantreg.R ENGEL.csv REPS")
suppressPackageStartupMessages(library(quantreg))
d <- read.csv(args[1])
reps <- as.integer(args[2])
batch <- 200

fit <- function() summary(rq(foodexp ~ income, tau = 0.5, data = d, method = "br"), se = "nid")

s <- fit()
times <- vapply(seq_len(reps), function(i) system.time(for (j in seq_len(batch)) fit())[["elapsed"]] / batch, numeric(1))
cat("quantreg_version", as.character(packageVersion("quantreg")), "\n")
cat("seconds_per_fit", sprintf("%.8f", median(times)), "\n")
for (name in rownames(s$coefficients)) {
  cat(sprintf("coef_%s %.17g\n", name, s$coefficients[name, 1]))
  cat(sprintf("se_%s %.17g\n", name, s$coefficients[name, 2]))
}
