// Package resample runs seeded, parallel, cancellable replications for bootstraps, wild bootstraps,
// permutation and placebo tests, and computes bootstrap confidence intervals. It depends on the standard
// library only.
//
// # Determinism
//
// Replicate b draws from Stream(seed, b): a PCG generator (O'Neill 2014) whose two seed words are the
// user's seed and the SplitMix64 finaliser (Steele, Lea and Flood 2014) of b. The stream depends on the
// seed and the replicate index only, never on which goroutine runs the replicate or when. A caller that
// stores each replicate's output in slot b, and reduces the slots in index order afterwards, gets
// bit-identical results for any number of workers or GOMAXPROCS.
//
// # Failures
//
// A replicate whose function returns an error (a bootstrap draw in which a regressor has no variance,
// say) is counted and listed in Report.Failed with its index and error. It never stops the run and is
// never silently dropped. Cancelling the context stops the run: Run returns the context's error.
//
// # Intervals
//
// Percentile intervals take the type-7 quantiles (Hyndman and Fan 1996, R's default quantile) of the
// replicate values. Bias-corrected (BC) intervals follow Efron (1982, ch. 10) and Efron and Tibshirani
// (1993, sec. 14.3): with z0 = Φ⁻¹(share of replicates below the estimate, ties counted half), the interval
// runs between the quantiles at Φ(2·z0 + z_{α/2}) and Φ(2·z0 + z_{1−α/2}).
package resample
