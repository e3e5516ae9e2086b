# Generates rq_br_ties.txt: small quantile regressions on integer data, where ties and non-unique solutions
# are common, with the vertex that rq.fit.br returns and whether it warned "Solution may be nonunique".
# Run with R 4.2.2 and quantreg 5.94:  Rscript rq_br_ties.R
# Each line: n;p;tau;X by column;y;coefficients;warned (1 or 0). Numbers print with 17 significant digits.
suppressMessages(library(quantreg))
set.seed(20261204)
out <- character(0)
while (length(out) < 120) {
  n <- sample(5:30, 1)
  p <- sample(1:4, 1)
  X <- cbind(1, matrix(sample(-3:3, n * (p - 1), replace = TRUE), n, p - 1))
  if (qr(X)$rank < p) next
  y <- sample(-5:10, n, replace = TRUE) + 0
  tau <- sample(c(0.1, 0.25, 0.5, 0.75, 0.9, 1/3), 1)
  warned <- 0
  f <- withCallingHandlers(rq.fit.br(X, y, tau = tau),
                           warning = function(w) { warned <<- 1; invokeRestart("muffleWarning") })
  out <- c(out, paste(n, p, sprintf("%.17g", tau), paste(c(X), collapse = " "), paste(y, collapse = " "),
                      paste(sprintf("%.17g", f$coefficients), collapse = " "), warned, sep = ";"))
}
writeLines(out, "rq_br_ties.txt")
