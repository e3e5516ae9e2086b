// Package describe computes descriptive statistics of numeric columns: N, mean, standard deviation,
// minimum, maximum and quantiles (Summarize, Quantile), and the overall, between and within
// decomposition of a panel variable that Stata's xtsum reports (XtSum). Non-finite values are left out
// and counted. It depends on the standard library only.
//
// Definitions:
//
//   - The standard deviation and variance divide by n − 1.
//   - Quantiles follow R's quantile(type = 7), definition 7 of Hyndman and Fan (1996), "Sample
//     quantiles in statistical packages", American Statistician 50, 361–365: with the sorted values
//     x(1) ≤ … ≤ x(n) and h = 1 + (n − 1)p, the quantile is (1 − f)·x(⌊h⌋) + f·x(⌊h⌋+1), f = h − ⌊h⌋.
//   - XtSum follows Stata's xtsum. The between standard deviation is the sample standard deviation
//     (divisor n − 1) of the entity means x̄_i over the n entities. The within values are
//     x_it − x̄_i + x̄, with x̄ the overall mean, and their standard deviation divides by N − 1 over all
//     N observations. T-bar is N/n.
package describe
