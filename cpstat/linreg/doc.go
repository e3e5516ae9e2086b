// Package linreg estimates linear models by least squares with any number of absorbed fixed effects,
// and computes classical, heteroskedasticity-robust and one- or two-way cluster-robust variances under
// the small-sample conventions of Stata, reghdfe, fixest and R plm. It also computes variance inflation
// factors. It depends on gonum and the standard library only.
//
// # Use
//
// A Design holds the data as columns: y (N), X (N×k as k columns), fixed-effect and cluster factors as
// int32 codes per row. Fit validates and estimates; Result.VCov computes any number of variance
// estimates from one fit:
//
//	res, err := linreg.Fit(linreg.Design{Y: y, X: [][]float64{x1, x2}, Names: []string{"x1", "x2"},
//		FE: []linreg.Factor{province, year}}, linreg.Options{})
//	inf, err := res.VCov(linreg.VCovSpec{Type: linreg.Cluster, Cluster: []string{"province"}})
//
// # Steps of Fit
//
//  1. Validate: columns of unequal length are an error. A row with a non-finite y or x, or a negative
//     (missing) factor code, is dropped listwise and recorded with its reason and column.
//  2. Singletons: rows alone in a level of any fixed-effect dimension are dropped, repeatedly, as fixest
//     and reghdfe do by default.
//  3. Absorb: every column is replaced by its residual on the fixed-effect dummies (the within
//     transformation). One dimension takes exact group demeaning. More dimensions go through the
//     reduced normal equations of the Frisch–Waugh–Lovell theorem, solved exactly or by conjugate
//     gradients (see AbsorbMethod). Unbalanced panels need no special handling.
//  4. Collinearity: regressors are checked in order by an in-order Cholesky factorisation of the
//     column-scaled cross-product matrix. A regressor is dropped, and reported with the relation found,
//     when the fixed effects and the regressors before it leave less than Options.CollinearityTol of
//     its sum of squares.
//  5. Solve: Cholesky on the scaled within cross-products, refined once on the residuals.
//  6. Statistics: N, K, absorbed rank, residual df, RSS, R² with and without the fixed effects, the
//     adjusted R²s, the classical F, Stata's _cons, and optionally the fixed-effect values.
//
// # Degrees of freedom
//
// FERank is the rank of the dummy matrix of all fixed effects, so DFResid = N − K − FERank equals the
// residual df of the dummy-variable regression (LSDV). With two dimensions the rank is L1 + L2 − C, with
// C the connected components of the bipartite graph of levels. The Convention type documents the K of
// every cluster-robust small-sample factor.
//
// # Sources
//
//   - HC0 is White's estimator. HC1–HC3 follow MacKinnon and White (1985), "Some
//     heteroskedasticity-consistent covariance matrix estimators with improved finite sample
//     properties", Journal of Econometrics 29, 305–325, as R's sandwich::vcovHC implements them.
//   - The one-way cluster-robust sandwich is that of Liang and Zeger (1986) and Arellano (1987). The
//     two-way estimator V = V1 + V2 − V12, with V12 clustered on the intersection, is that of
//     Cameron, Gelbach and Miller (2011), "Robust inference with multiway clustering", Journal of
//     Business & Economic Statistics 29(2), 238–249.
//   - The small-sample conventions follow fixest's ssc documentation and source (R/VCOV.R), and the
//     values that R plm 2.6-2, sandwich 3.0.2 and clubSandwich 0.5.8 give on the Grunfeld and Produc
//     data, which the tests compare against.
//
// # Concurrency and determinism
//
// Columns are transformed in parallel and sums over rows are formed in fixed blocks added in block
// order, so results are bit-identical for any Options.Workers or GOMAXPROCS. A Result is safe for
// concurrent VCov calls.
package linreg
