// Package gmm estimates linear dynamic panel models by the generalized method of moments: Arellano and Bond's
// (1991) difference GMM and Blundell and Bond's (1998) system GMM, one-step and two-step. It reports the
// instrument count, the Arellano–Bond AR(1) and AR(2) tests, Sargan and Hansen J, difference-in-Hansen tests
// per instrument group and Wald tests.
//
// The model for unit i in period t is
//
//	y_it = Σ_k β_k x_k,i,t−l_k + [constant] + [time effects] + μ_i + ε_it,
//
// where the regressors may include lags of y. Difference GMM removes μ_i by first differences or, as an option,
// forward orthogonal deviations (Arellano and Bover 1995), and instruments the transformed equation with
// lagged levels. System GMM adds the equation in levels, instrumented with lagged differences.
//
// # Use
//
// Fill a Panel (unit ids, integer time values, named variables), describe the model in a Spec and call Fit.
// ParseGMM and ParseIV read xtabond2-like instrument options such as "y 2:., x 2:4 collapse". Fit returns a
// Result with coefficients, robust and non-robust inference, the tests, and everything it dropped.
//
// # Reference implementation
//
// The computation follows R's plm::pgmm (plm 2.6 by Croissant and Millo) step by step: the one-step weight
// A1 = N·(Σ_i Z_i'H_i Z_i)⁻¹, the two-step weight A2 = (Σ_i Z_i'û_i û_i'Z_i)⁻¹ from one-step residuals, the
// cluster-robust one-step covariance and Windmeijer's (2005) corrected two-step covariance as plm's vcovHC
// computes them, pgmm's Sargan statistic under both weightings, its AR test (mtest) and its Wald tests. Tests
// compare with pgmm on the EmplUK data of Arellano and Bond (1991).
//
// # Panels with gaps and missing values
//
// Everything is matched by time value within a unit, on a grid from the first to the last time value in the
// panel. A missing row and a row with a missing value are the same thing: each equation that needs the value
// is not formed, and a lagged instrument that needs it enters as zero (as in pgmm and xtabond2). Result lists
// the missing values, the units left without any equation and the regressors dropped as collinear.
//
// # Time dummies
//
// With Spec.TimeDummies, each period whose values enter an equation gets a dummy, except the first (the base).
// In difference GMM the dummies are differenced with everything else, exactly as pgmm's effect = "twoways"
// does, so each coefficient is a level-equation year effect δ_t − δ_base, where the base period is the one
// before the first differenced equation (1978 for EmplUK with two lags of y). The equivalent coefficient of a
// dummy for period t entered directly in the differenced equation is δ_t − δ_{t−1}, the difference of two
// neighbouring coefficients here. In system GMM the level equation carries the constant and the dummies for every
// period after its first, and the differenced equation their differences, as in pgmm. The time dummies
// instrument themselves: in the transformed equation of difference GMM, in the level equation of system GMM.
//
// # Differences from pgmm and xtabond2
//
//   - The equations come from the data: an equation enters when its dependent variable and regressors exist.
//     pgmm also drops the first periods that have no GMM-style instrument when the minimum instrument lag
//     exceeds the longest regressor lag plus one.
//   - Instrument columns that are zero for every unit are left out and listed in Result.Notes, while pgmm
//     keeps and counts them.
//   - N in A1 counts the units that have an equation, but pgmm counts every unit of the data. The difference
//     shows only in pgmm's non-robust one-step covariance and the one-step-weighted Sargan statistic.
//   - The level-equation instrument of a GMM-style group with lags a:b is Δx_{t−max(a−1,0)}, while pgmm
//     always uses Δx_{t−1}. The two agree for the usual a = 2.
//   - System GMM has a constant in the level equation unless Spec.NoConstant is set, as in xtabond2. pgmm
//     has one only with time dummies.
//   - pgmm's non-robust one-step covariance (X'Z A1 Z'X)⁻¹ carries no σ² factor, so it differs from
//     Stata's. It is reported as pgmm defines it.
//
// # Sources
//
// Arellano, M. and S. Bond (1991), Some tests of specification for panel data, Review of Economic Studies 58.
// Arellano, M. and O. Bover (1995), Another look at the instrumental variable estimation of error-components
// models, Journal of Econometrics 68. Blundell, R. and S. Bond (1998), Initial conditions and moment
// restrictions in dynamic panel data models, Journal of Econometrics 87. Windmeijer, F. (2005), A finite sample
// correction for the variance of linear efficient two-step GMM estimators, Journal of Econometrics 126.
// Roodman, D. (2009), How to do xtabond2, Stata Journal 9(1).
package gmm
