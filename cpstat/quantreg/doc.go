// Package quantreg fits linear quantile regressions exactly, with the standard errors of R's quantreg, and
// Powell's quantile regression for panel data with nonadditive fixed effects (QRPD).
//
// # Quantile regression
//
// Fit minimises Σ ρτ(y_i − x_i'b), ρτ(u) = u(τ − 1{u < 0}), over b for τ in (0, 1) (Koenker and Bassett
// 1978). The linear program is solved by the Barrodale and Roberts (1974) simplex as modified for regression
// quantiles by Koenker and d'Orey (1987, Applied Statistics algorithm AS 229), with the pivoting and
// tie-breaking rules of quantreg's rqbr routine, so the result is the vertex that R's
// rq(method = "br") returns, including which vertex when the solution is not unique. Columns that are
// linear combinations of earlier columns are dropped with a note (R's rq stops with "Singular design
// matrix" instead). Result.NonUnique is decided exactly from the directional derivatives at the solution.
//
// Result.Infer gives the covariance of summary.rq (quantreg 5.94):
//
//   - nid: τ(1−τ) H⁻¹ X'X H⁻¹ with H = X'FX, f_i = 2h / x_i'(b(τ+h) − b(τ−h)) (Hendricks and Koenker 1992);
//   - iid: s² τ(1−τ)(X'X)⁻¹ with the sparsity s from the order statistics of the residuals
//     (Koenker and Bassett 1978);
//   - ker: the Powell (1991) sandwich with a Gaussian kernel;
//   - bootstraps: xy pairs, cluster pairs, and the wild gradient cluster bootstrap of Hagemann (2017),
//     seeded and bit-identical for any GOMAXPROCS.
//
// The bandwidth h on the quantile scale follows Hall and Sheather (1988) by default, Bofinger (1975) as an
// option, with bandwidth.rq's formulas.
//
// # Panel quantile regression (QRPD)
//
// FitQRPD estimates β(τ) in y_it = x_it'β(U*_it) where the rank variable U*_it may depend on a unit effect
// in any way (Powell, "Quantile Regression with Nonadditive Fixed Effects", RAND working paper, 2015;
// Stata qregpd 1.0.1 by Baker, Powell and Smith). See the FitQRPD documentation for the moment conditions,
// the defaults, and where they follow or depart from qregpd.
//
// # Shapes and units
//
// Designs are n×p gonum matrices with one row per observation; coefficients are in units of y per unit of
// the regressor. Row indices in results are 0-based positions in the input.
package quantreg
