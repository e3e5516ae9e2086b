package linreg

import (
	"context"
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/floats"
)

// Fit estimates the linear model of d by least squares after absorbing its fixed effects. It is
// FitContext with a background context.
func Fit(d Design, opt Options) (*Result, error) {
	return FitContext(context.Background(), d, opt)
}

// FitContext estimates the linear model of d in these steps, each recorded in Result.Steps:
//
//  1. validate the columns and drop rows with non-finite values or missing codes,
//  2. drop singleton groups recursively,
//  3. absorb the fixed effects,
//  4. drop collinear regressors,
//  5. solve,
//  6. compute the fit statistics.
//
// The context cancels the iterative absorption.
//
// Errors: *LengthError and *NameError for a malformed Design, *NoObservationsError when no row is left,
// *NoVariationError when the response is constant (after the fixed effects), *ConvergenceError when the
// iterative absorption fails, and ctx.Err() on cancellation.
func FitContext(ctx context.Context, d Design, opt Options) (*Result, error) {
	opt = opt.withDefaults()
	workers := workerCount(opt.Workers)
	if opt.InPlace && opt.FixedEffects {
		return nil, fmt.Errorf("%w: Options.FixedEffects needs the untransformed columns, which "+
			"Options.InPlace overwrites; unset one of them", ErrInvalidDesign)
	}

	// Validate.
	xNames, feNames, clNames, err := checkDesign(&d)
	if err != nil {
		return nil, err
	}
	s := buildSample(&d, xNames, feNames, clNames, opt.KeepSingletons, workers)
	res := &Result{
		YName:       yName(&d),
		NInput:      len(d.Y),
		N:           len(s.rows),
		Rows:        s.rows,
		DroppedRows: s.dropped,
		DropSummary: s.summary,
		FERankExact: true,
		workers:     workers,
	}
	res.step("validate", validateDetail(res, len(d.FE) > 0 && !opt.KeepSingletons))
	if !opt.KeepSingletons && len(d.FE) > 0 {
		res.step("singletons", fmt.Sprintf("dropped %d singleton rows in %d passes", sumInts(s.singles), s.rounds))
	}
	if res.N == 0 {
		return nil, &NoObservationsError{Input: res.NInput, Dropped: s.summary}
	}

	// Build the estimation columns, restricted to the sample; they are transformed in place from here on.
	res.fe = make([]feDim, len(d.FE))
	for j := range d.FE {
		res.fe[j] = compactFactor(feNames[j], s.fe[j], s.rows)
		res.FE = append(res.FE, FEInfo{Name: feNames[j], Levels: res.fe[j].levels, Singletons: s.singles[j]})
	}
	res.clus = make([]feDim, len(d.Clusters))
	for j, f := range d.Clusters {
		res.clus[j] = compactFactor(clNames[j], recode(f.Codes, s.keep), s.rows)
		res.Clusters = append(res.Clusters, ClusterInfo{Name: clNames[j], G: res.clus[j].levels})
	}
	hasFE := len(d.FE) > 0
	pooledConst := d.Intercept && !hasFE
	if d.Intercept && hasFE {
		res.Notes = append(res.Notes, "the fixed effects absorb the intercept; Cons reports ȳ − x̄'β")
	}
	var names []string
	var columns []int
	var src [][]float64
	if pooledConst {
		names, columns, src = append(names, InterceptName), append(columns, -1), append(src, nil)
	}
	for j := range d.X {
		names, columns, src = append(names, xNames[j]), append(columns, j), append(src, d.X[j])
	}
	cols := buildColumns(&d, src, s.rows, pooledConst || hasFE, opt.InPlace, workers)
	y, xw, means, scale, yMean := cols.y, cols.x, cols.means, cols.scale, cols.yMean
	res.TSS = cols.tss

	// Absorb the fixed effects.
	var ab *absorber
	if hasFE {
		ab, err = absorbColumns(ctx, res, opt, y, xw, names, workers)
		if err != nil {
			return nil, err
		}
		res.TSSWithin = dot(y, y)
	} else {
		res.TSSWithin = res.TSS
	}
	if err := checkResponseVaries(res, feNames, yMean); err != nil {
		return nil, err
	}

	// Drop collinear regressors and solve.
	sol := solveLS(xw, y, scale, names, columns, hasFE, opt.CollinearityTol, workers)
	res.DroppedRegressors = sol.dropped
	var coefColumns []int
	for j, kp := range sol.keep {
		if kp {
			coefColumns = append(coefColumns, columns[j])
			res.Names = append(res.Names, names[j])
			res.xw = append(res.xw, xw[j])
			res.slopes = append(res.slopes, columns[j] >= 0)
		}
	}
	res.Coef = sol.coef
	res.xtxInv = sol.xtxInv
	res.Condition = sol.cond
	res.K = len(res.Coef)
	res.Residuals = y
	res.step("collinearity", collinearityDetail(sol.dropped))
	coefficients := "coefficients"
	if res.K == 1 {
		coefficients = "coefficient"
	}
	res.step("solve", fmt.Sprintf("Cholesky of the column-scaled cross-product matrix with one refinement step; "+
		"%d %s, condition number %.3g", res.K, coefficients, res.Condition))

	// Fit statistics.
	if hasFE {
		res.Cons = yMean
		kept := 0
		for j, kp := range sol.keep {
			if kp {
				res.Cons -= means[j] * res.Coef[kept]
				kept++
			}
		}
	}
	res.fitStatistics(pooledConst || hasFE)
	res.step("statistics", fmt.Sprintf("N = %d, K = %d, absorbed = %d, residual df = %d", res.N, res.K, res.FERank, res.DFResid))

	if opt.FixedEffects && hasFE {
		res.FixedEffects, err = recoverFixedEffects(ctx, res, ab, &d, coefColumns)
		if err != nil {
			return nil, err
		}
	}
	return res, nil
}

// estimationColumns holds y and the regressors on the estimation rows, with their statistics before
// the fixed effects are removed.
type estimationColumns struct {
	y          []float64
	yMean, tss float64
	x          [][]float64
	means      []float64 // mean of each column
	scale      []float64 // Σx² of each column
}

// buildColumns copies y and the columns src (nil for the intercept) onto the estimation rows. With
// inPlace it compacts the Design's own slices instead. That is safe because rows is ascending, so each
// value is read before its slot is written. A slice passed twice is copied the second time, before any
// compaction, so that no array is transformed twice.
func buildColumns(d *Design, src [][]float64, rows []int, centreY, inPlace bool, workers int) estimationColumns {
	n := len(rows)
	c := estimationColumns{x: make([][]float64, len(src)), means: make([]float64, len(src)), scale: make([]float64, len(src))}
	done := make([]bool, len(src))
	if inPlace {
		seen := map[*float64]bool{&d.Y[0]: true}
		c.y = d.Y[:n]
		for j, col := range src {
			switch {
			case col == nil:
			case seen[&col[0]]:
				c.x[j] = make([]float64, n)
				c.means[j], c.scale[j] = copyRows(c.x[j], col, rows, false)
				done[j] = true
			default:
				seen[&col[0]] = true
				c.x[j] = col[:n]
			}
		}
	} else {
		c.y = make([]float64, n)
		for j, col := range src {
			if col != nil {
				c.x[j] = make([]float64, n)
			}
		}
	}

	parallelFor(len(src)+1, workers, func(j int) {
		switch {
		case j == len(src):
			c.yMean, c.tss = copyRows(c.y, d.Y, rows, centreY)
		case done[j]:
		case src[j] == nil:
			c.x[j] = make([]float64, n)
			for i := range c.x[j] {
				c.x[j][i] = 1
			}
			c.means[j], c.scale[j] = 1, float64(n)
		default:
			c.means[j], c.scale[j] = copyRows(c.x[j], src[j], rows, false)
		}
	})
	return c
}

// copyRows copies src at rows into dst and returns its mean and either its centred sum of squares
// (centre) or its raw sum of squares.
func copyRows(dst, src []float64, rows []int, centre bool) (mean, ss float64) {
	switch {
	case len(rows) == len(src) && &dst[0] == &src[0]:
		// In place with no row dropped: nothing to move.
	case len(rows) == len(src):
		copy(dst, src)
	default:
		for r, i := range rows {
			dst[r] = src[i]
		}
	}
	mean = floats.Sum(dst) / float64(len(dst))
	if !centre {
		return mean, dot(dst, dst)
	}
	for _, v := range dst {
		ss += (v - mean) * (v - mean)
	}
	return mean, ss
}

// absorbColumns removes the fixed effects from y and every column of x in place.
func absorbColumns(ctx context.Context, res *Result, opt Options, y []float64, x [][]float64, names []string,
	workers int) (*absorber, error) {
	ab := newAbsorber(res.fe, opt.Absorb)
	res.Absorb = AbsorbInfo{Method: ab.method, ReducedLevels: ab.r}
	if ab.method == AbsorbIterative {
		res.Absorb.Tol = ab.tol
	}

	cols := append([][]float64{y}, x...)
	colNames := append([]string{res.YName}, names...)
	iters := make([]int, len(cols))
	errs := make([]error, len(cols))
	parallelFor(len(cols), workers, func(c int) {
		if err := ctx.Err(); err != nil {
			errs[c] = err
			return
		}
		iters[c], errs[c] = ab.transform(ctx, colNames[c], cols[c], ab.newWork())
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	for _, it := range iters {
		res.Absorb.MaxIterations = max(res.Absorb.MaxIterations, it)
	}

	switch {
	case ab.method == AbsorbExact:
		res.FERank = res.fe[ab.a].levels + ab.rank
		if len(res.fe) == 2 {
			// rank = L1 + L2 − C, so the components come free with the exact rank.
			res.FEComponents = res.fe[0].levels + res.fe[1].levels - res.FERank
		} else if len(res.fe) > 2 {
			res.FEComponents, _, _ = components(res.fe, []int{0, 1})
		}
	default:
		res.FEComponents, _, _ = components(res.fe, []int{0, 1})
		all := make([]int, len(res.fe))
		for d := range all {
			all[d] = d
		}
		res.FERank, res.FERankExact = subsetRank(res.fe, all)
	}
	if !res.FERankExact {
		res.Notes = append(res.Notes, "the absorbed degrees of freedom count one redundant level per extra "+
			"fixed-effect dimension and component; with three or more dimensions the true rank can be lower")
	}

	detail := "one dimension, group demeaning"
	if len(res.fe) > 1 {
		detail = fmt.Sprintf("%s method: %q demeaned, reduced system of %d levels", ab.method, res.fe[ab.a].name, ab.r)
		if ab.method == AbsorbIterative {
			detail += fmt.Sprintf(", at most %d conjugate-gradient iterations, tolerance %.1e",
				res.Absorb.MaxIterations, ab.tol)
		}
	}
	levels := make([]string, len(res.fe))
	for d, f := range res.fe {
		levels[d] = fmt.Sprintf("%s %d", f.name, f.levels)
	}
	detail += fmt.Sprintf("; levels: %s; absorbed rank %d", strings.Join(levels, ", "), res.FERank)
	res.step("absorb", detail)
	return ab, nil
}

// fitStatistics fills the sums of squares, R², F and σ. centred is false only for pooled OLS without an
// intercept, where R² is uncentred, as summary.lm reports it (checked with R 4.2.2).
func (res *Result) fitStatistics(centred bool) {
	res.RSS = dot(res.Residuals, res.Residuals)
	res.DFResid = res.N - res.K - res.FERank
	res.R2 = 1 - res.RSS/res.TSS
	res.R2Within = 1 - res.RSS/res.TSSWithin
	df := float64(res.DFResid)
	nAdj := float64(res.N)
	if centred {
		nAdj--
	}
	res.AdjR2 = 1 - (1-res.R2)*nAdj/df
	res.AdjR2Within = 1 - (1-res.R2Within)*float64(res.N-1)/df
	res.Sigma = math.Sqrt(res.RSS / df)
	q := 0
	for _, s := range res.slopes {
		if s {
			q++
		}
	}
	res.FDF = [2]int{q, res.DFResid}
	res.F, res.FP = math.NaN(), math.NaN()
	if q > 0 && res.DFResid > 0 {
		res.F = ((res.TSSWithin - res.RSS) / float64(q)) / (res.RSS / df)
		res.FP = fSurvival(res.F, float64(q), df)
	}
	if res.DFResid <= 0 {
		res.AdjR2, res.AdjR2Within, res.Sigma = math.NaN(), math.NaN(), math.NaN()
		res.Notes = append(res.Notes, fmt.Sprintf("no residual degrees of freedom (N = %d, K = %d, absorbed = %d)",
			res.N, res.K, res.FERank))
	}
}

func (res *Result) step(name, detail string) {
	res.Steps = append(res.Steps, Step{Name: name, Detail: detail})
}

func validateDetail(res *Result, singletonsSeparate bool) string {
	var parts []string
	for _, c := range res.DropSummary {
		if singletonsSeparate && c.Reason == Singleton {
			continue
		}
		parts = append(parts, fmt.Sprintf("%d rows with %s (%s)", c.Rows, c.Reason, c.Column))
	}
	if len(parts) == 0 {
		return fmt.Sprintf("%d rows, none dropped", res.NInput)
	}
	return fmt.Sprintf("%d rows; dropped %s", res.NInput, strings.Join(parts, ", "))
}

func collinearityDetail(dropped []DroppedRegressor) string {
	if len(dropped) == 0 {
		return "no regressor dropped"
	}
	parts := make([]string, len(dropped))
	for i, d := range dropped {
		parts[i] = fmt.Sprintf("dropped %s (%s", d.Name, d.Reason)
		if d.Detail != "" {
			parts[i] += ": " + d.Detail
		}
		parts[i] += ")"
	}
	return strings.Join(parts, "; ")
}

func sumInts(v []int) int {
	s := 0
	for _, x := range v {
		s += x
	}
	return s
}

// checkResponseVaries returns a *NoVariationError when the response has no variation left to explain:
// its sum of squares (within the fixed effects, about the mean with an intercept) is at most 1e-24 of
// Σy², the level that rounding of a constant column reaches. Every slope would then be 0 with zero
// residuals, and standard errors of exactly 0 would look like a perfectly precise estimate.
func checkResponseVaries(res *Result, feNames []string, yMean float64) error {
	raw := res.TSS + float64(res.N)*yMean*yMean // Σy² when TSS is centred; ≥ Σy² otherwise
	if res.TSSWithin > 1e-24*raw {
		return nil
	}
	return &NoVariationError{Column: res.YName, FixedEffects: feNames, N: res.N, SumSquares: res.TSSWithin}
}
