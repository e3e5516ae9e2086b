# Times R's plm::pgmm on the system GMM benchmark of scripts/bench_gmm.sh: Blundell and Bond's (1998)
# employment equation on EmplUK, two-step, with summary(robust = TRUE) for the Windmeijer standard
# errors, the Arellano-Bond tests, Sargan and Wald. The specification is the one of the Go benchmarks
# BenchmarkSystemTwoStepEmplUK (cpstat/gmm) and BenchmarkGMMSystemTwoStepEmplUK (cpstat).
#
# Usage: Rscript scripts/bench_gmm.R EMPLUK.csv REPS
# Prints "key value" lines: plm_version, seconds_per_fit (median of REPS timed fits after one
# untimed fit), coef_L.n (the coefficient of the lagged outcome, to check both programs fit the
# same model).
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript bench_gmm.R EMPLUK.csv REPS")
suppressPackageStartupMessages(library(plm))
d <- read.csv(args[1])
reps <- as.integer(args[2])

fit <- function() {
  m <- pgmm(log(emp) ~ lag(log(emp), 1) + lag(log(wage), 0:1) + lag(log(capital), 0:1) |
              lag(log(emp), 2:99) + lag(log(wage), 2:99) + lag(log(capital), 2:99),
            data = d, index = c("firm", "year"), effect = "twoways", model = "twosteps",
            transformation = "ld")
  summary(m, robust = TRUE)
}

s <- fit()
times <- vapply(seq_len(reps), function(i) system.time(fit())[["elapsed"]], numeric(1))
cat("plm_version", as.character(packageVersion("plm")), "\n")
cat("seconds_per_fit", sprintf("%.6f", median(times)), "\n")
cat("coef_L.n", sprintf("%.10f", s$coefficients[1, 1]), "\n")
