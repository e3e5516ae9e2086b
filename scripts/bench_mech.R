# Times, in one R session, the computations that scripts/benchmech times in cpstat, on the CSV that
# `benchmech gen` writes (30 provinces x 2001-2017):
#   - a cluster bootstrap of the three-mediator model with boot(): each replicate draws 30 provinces
#     with replacement, gives every drawn copy its own id, and fits the three mediator equations and the
#     outcome equation by lm() with province-copy and year dummies; the statistic is a_n * b_n per path;
#   - the placebo test: 500 refits of the baseline model by lm() with balance's province paths permuted.
# Usage: Rscript scripts/bench_mech.R panel.csv BOOT_REPS PLACEBO_REPS TIMED_RUNS out.csv
args <- commandArgs(trailingOnly = TRUE)
path <- args[1]; boot_reps <- as.integer(args[2]); placebo_reps <- as.integer(args[3])
runs <- as.integer(args[4]); out <- args[5]
suppressPackageStartupMessages(library(boot))
d <- read.csv(path)
provinces <- sort(unique(d$province))
rows_of <- split(seq_len(nrow(d)), factor(d$province, levels = provinces))
mediators <- c("capital", "labor", "tfp")

indirect <- function(data) {
  data$pid <- factor(data$pid); data$year <- factor(data$year)
  full <- lm(cp ~ balance + capital + labor + tfp + cpi + open + pid + year, data = data)
  sapply(mediators, function(m) {
    a <- coef(lm(as.formula(paste(m, "~ balance + cpi + open + pid + year")), data = data))[["balance"]]
    a * coef(full)[[m]]
  })
}
statistic <- function(index, i) {
  parts <- lapply(seq_along(i), function(k) {
    rows <- d[rows_of[[index[i[k]]]], ]
    rows$pid <- k
    rows
  })
  indirect(do.call(rbind, parts))
}
placebo <- function() {
  sapply(seq_len(placebo_reps), function(r) {
    perm <- sample(length(provinces))
    x <- d$balance
    for (p in seq_along(provinces)) x[rows_of[[p]]] <- d$balance[rows_of[[perm[p]]]]
    data <- d; data$balance <- x
    coef(lm(cp ~ balance + cpi + open + factor(province) + factor(year), data = data))[["balance"]]
  })
}
set.seed(1)
t_boot <- median(replicate(runs, system.time(b <<- boot(seq_along(provinces), statistic, R = boot_reps))[["elapsed"]]))
t_placebo <- median(replicate(runs, system.time(pl <<- placebo())[["elapsed"]]))
sds <- apply(b$t, 2, sd)
lines <- c(sprintf("time,mediation_bootstrap,%.6f", t_boot), sprintf("time,placebo,%.6f", t_placebo),
           sprintf("estimate,ab_%s,%.10g", mediators, b$t0), sprintf("estimate,boot_sd_%s,%.4g", mediators, sds),
           sprintf("estimate,placebo_sd,%.4g", sd(pl)))
writeLines(lines, out)
