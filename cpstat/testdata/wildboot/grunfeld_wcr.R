# Exact wild cluster restricted bootstrap p-values on R plm's Grunfeld data (10 firms x 20 years),
# by enumerating all 2^10 Rademacher weight vectors and refitting each bootstrap sample with lm().
# Run from the repository root: Rscript cpstat/testdata/wildboot/grunfeld_wcr.R
# R 4.2.2, sandwich 3.0-2. The small-sample factor of vcovCL cancels between t and t*, so the
# p-values hold for any cluster-robust convention.
suppressMessages(library(sandwich))
d <- read.csv("testdata/reference/data/plm_Grunfeld.csv")
d$firm_f <- factor(d$firm)
d$year_f <- factor(d$year)
G <- length(unique(d$firm))
firms <- sort(unique(d$firm))
signs <- as.matrix(expand.grid(rep(list(c(1, -1)), G)))

wcr <- function(term, null, formula_full, formula_restricted) {
  d$offset_y <- d$inv - null * d[[term]]
  restricted <- lm(formula_restricted, data = d)
  u <- resid(restricted)
  yhat <- d$inv - u
  full <- lm(formula_full, data = d)
  se <- function(fit) sqrt(vcovCL(fit, cluster = d$firm, type = "HC1")[term, term])
  t0 <- (coef(full)[[term]] - null) / se(full)
  tstar <- apply(signs, 1, function(v) {
    w <- v[match(d$firm, firms)]
    d$inv_star <- yhat + u * w
    fit <- lm(update(formula_full, inv_star ~ .), data = d)
    (coef(fit)[[term]] - null) / se(fit)
  })
  c(t = t0, p = mean(abs(tstar) >= abs(t0) * (1 - 1e-10)))
}

twoway <- wcr("value", 0, inv ~ value + capital + firm_f + year_f, offset_y ~ capital + firm_f + year_f)
oneway <- wcr("capital", 0.2, inv ~ value + capital + firm_f, offset_y ~ value + firm_f)
pooled <- wcr("value", 0, inv ~ value + capital, offset_y ~ capital)
cat(sprintf('{"twoway_value_null0": {"t": %.17g, "p": %.17g},\n', twoway[["t"]], twoway[["p"]]))
cat(sprintf(' "oneway_capital_null0.2": {"t": %.17g, "p": %.17g},\n', oneway[["t"]], oneway[["p"]]))
cat(sprintf(' "pooled_value_null0": {"t": %.17g, "p": %.17g}}\n', pooled[["t"]], pooled[["p"]]))
