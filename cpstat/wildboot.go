package cpstat

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cpstat/cpstat/cpstat/linreg"
	"github.com/cpstat/cpstat/cpstat/resample"
	"gonum.org/v1/gonum/mat"
)

// ErrWildBootstrap is wrapped by every error about a wild cluster bootstrap that cannot run as requested.
var ErrWildBootstrap = errors.New("invalid wild cluster bootstrap")

// WildWeights selects the distribution of the wild bootstrap weights, drawn once per cluster.
type WildWeights int

const (
	// Rademacher weights are −1 and +1 with probability ½ each (the zero value). With G clusters they give
	// only 2^G distinct draws, so with fewer than about 12 clusters use Webb weights or enumeration.
	Rademacher WildWeights = iota
	// Webb weights take the six values ±√(1/2), ±1, ±√(3/2) with probability 1/6 each (Webb 2023,
	// "Reworking wild bootstrap-based inference for clustered errors", Canadian Journal of Economics).
	Webb
)

// String returns "rademacher" or "webb".
func (w WildWeights) String() string {
	if w == Webb {
		return "webb"
	}
	return "rademacher"
}

// ParseWildWeights returns the weights named "rademacher" or "webb".
func ParseWildWeights(name string) (WildWeights, error) {
	switch strings.ToLower(name) {
	case "", "rademacher":
		return Rademacher, nil
	case "webb":
		return Webb, nil
	}
	return 0, fmt.Errorf("%w: unknown weights %q: use rademacher or webb", ErrWildBootstrap, name)
}

// DefaultWildReps is the number of wild bootstrap replicates when WildBootSettings.Reps is 0, as in
// Stata's boottest.
const DefaultWildReps = 9999

// WildBootSettings configure Result.WildBootstrap. The zero value tests β = 0 with 9999 Rademacher
// replicates, seed 0, and inverts the test for an interval at the result's confidence level.
type WildBootSettings struct {
	// Reps is the number of replicates; 0 means DefaultWildReps. When the weights have at most Reps
	// distinct draws (2^G for Rademacher weights, 6^G for Webb), every draw is enumerated once instead,
	// which makes the p-value exact and independent of the seed.
	Reps    int
	Weights WildWeights
	Seed    uint64
	// Null is the hypothesised value β0 of the coefficient; the zero value tests β = 0.
	Null float64
	// Level is the level of the confidence interval; 0 means the result's ConfLevel.
	Level float64
	// NoInterval skips the interval, which costs about 100 evaluations of the p-value.
	NoInterval bool
	// Workers is the number of goroutines that draw replicates; 0 means GOMAXPROCS.
	Workers int
	// Progress, when not nil, receives the finished and total replicates. Calls never overlap.
	Progress func(done, total int)
}

// WildBootResult is a wild cluster restricted (WCR) bootstrap test of one coefficient.
type WildBootResult struct {
	Term     string
	Estimate float64 // β̂ of the fit
	StdError float64 // its cluster-robust standard error, as in the fit
	Null     float64 // β0

	// T is (β̂ − β0)/StdError, and PClusterT its p-value from t(G − 1) as the fit reports it (Stata's
	// convention); Tests with few clusters over-reject with this p-value.
	T, PClusterT float64

	// P is the symmetric bootstrap p-value: the share of replicates with |t*| ≥ |T|. A replicate ties
	// when |t*| is within 1e-10 relative of |T|, and a tie counts as at least as extreme.
	P float64

	// Lower and Upper invert the bootstrap test: the values β0 at which P falls to 1 − Level, found by
	// bisection to 1e-6 standard errors with the same draws (Roodman et al. 2019, sec. 3.5). NaN when
	// NoInterval is set or the p-value stays above 1 − Level within 1000 standard errors.
	Lower, Upper float64
	Level        float64

	Weights    WildWeights
	Reps       int  // replicates used: Settings.Reps, or the number of distinct draws when Enumerated
	Enumerated bool // every distinct weight vector was used once, so P is exact
	Seed       uint64
	Cluster    string
	Clusters   int // G

	// TStar holds t* of each replicate under β0 = Null, in replicate order.
	TStar []float64

	Notes []string
}

// WildBootstrap runs the wild cluster bootstrap with the null imposed (WCR; Cameron, Gelbach and Miller
// 2008; Roodman, MacKinnon, Nielsen and Webb 2019, "Fast and wild: Bootstrap inference in Stata using
// boottest", Stata Journal 19(1)) for one coefficient of a result of Estimate or Model.Fit clustered on
// one dimension:
//
//  1. fit the model with β_term = β0 imposed, giving fitted values ŷ_r and residuals ũ;
//  2. for each replicate draw one weight v_g per cluster, set y* = ŷ_r + v_g·ũ in cluster g, refit the
//     unrestricted model and form t* = (β* − β0)/se*(β*) with the same cluster-robust variance and
//     small-sample factor as the fit;
//  3. P is the share of |t*| at least |T|.
//
// Every step is linear in y, so after the fixed effects are absorbed once each replicate costs O(G²)
// operations instead of a regression: the numerator and the G cluster scores of each replicate are
// fixed linear maps of the weight vector. Fixed effects need not be nested in the clusters.
//
// With few clusters (the study has 30 provinces) cluster-robust t tests over-reject, often
// substantially (Cameron and Miller 2015, "A practitioner's guide to cluster-robust inference", Journal
// of Human Resources 50(2)), and the WCR p-value is the usual remedy.
//
// Errors: a term the result does not estimate, a result without one-way clustering, or one from a
// resampling Refit (ErrWildBootstrap); ctx cancels the replicates.
func (r *Result) WildBootstrap(ctx context.Context, term string, s WildBootSettings) (*WildBootResult, error) {
	w, err := newWildSetup(r, term)
	if err != nil {
		return nil, err
	}
	level := s.Level
	if level == 0 {
		level = r.ConfLevel
	}
	if !(level > 0 && level < 1) {
		return nil, fmt.Errorf("%w: level %v is outside (0, 1)", ErrWildBootstrap, level)
	}
	reps := s.Reps
	if reps == 0 {
		reps = DefaultWildReps
	}
	if reps < 0 {
		return nil, fmt.Errorf("%w: %d replicates requested; give a positive number or 0 for %d", ErrWildBootstrap, reps, DefaultWildReps)
	}

	out := &WildBootResult{Term: term, Estimate: w.beta, StdError: w.se, Null: s.Null, Level: level,
		Weights: s.Weights, Seed: s.Seed, Cluster: w.cluster, Clusters: w.g}
	coef, _ := r.Coef(term)
	out.T = (w.beta - s.Null) / w.se
	out.PClusterT = twoSidedPValue(out.T, r.VCov.DF)
	if s.Null == 0 {
		out.PClusterT = coef.PValue
	}

	values := 2
	if s.Weights == Webb {
		values = 6
	}
	if distinct := math.Pow(float64(values), float64(w.g)); distinct <= float64(reps) {
		reps = int(distinct)
		out.Enumerated = true
	}
	out.Reps = reps

	draws := make([]wildDraw, reps)
	_, err = resample.Run(ctx, reps, resample.Settings{Seed: s.Seed, Workers: s.Workers, Progress: s.Progress},
		func(rep resample.Replicate) error {
			v := make([]float64, w.g)
			if out.Enumerated {
				enumerateWeights(v, rep.Index, s.Weights)
			} else {
				drawWeights(v, rep, s.Weights)
			}
			draws[rep.Index] = w.summarize(v)
			return nil
		})
	if err != nil {
		return nil, err
	}

	out.TStar = make([]float64, reps)
	for b, d := range draws {
		out.TStar[b] = d.t(s.Null, w.kappa)
	}
	out.P = w.pValue(draws, s.Null)
	out.Lower, out.Upper = math.NaN(), math.NaN()
	if !s.NoInterval {
		out.Lower, out.Upper = w.interval(draws, 1-level)
		if math.IsNaN(out.Lower) || math.IsNaN(out.Upper) {
			out.Notes = append(out.Notes, fmt.Sprintf("the bootstrap p-value stays above %g within 1000 standard errors on one side, so that end of the interval is unbounded", 1-level))
		}
	}
	if s.Weights == Rademacher && w.g <= 11 && !out.Enumerated {
		out.Notes = append(out.Notes, fmt.Sprintf("%d clusters give only %d distinct Rademacher draws; use Webb weights or at least %d replicates to enumerate them",
			w.g, 1<<w.g, 1<<w.g))
	}
	return out, nil
}

// wildDraw holds what the test needs of one weight vector v, as functions of β0:
//
//	numerator(β0) = n0 − β0·n1 = β* − β0
//	Σ_g score_g(β0)² = s00 − 2·β0·s01 + β0²·s11
type wildDraw struct {
	n0, n1, s00, s01, s11 float64
}

// t returns t* under β0 with the small-sample factor kappa.
func (d wildDraw) t(beta0, kappa float64) float64 {
	num := d.n0 - beta0*d.n1
	ss := d.s00 - 2*beta0*d.s01 + beta0*beta0*d.s11
	return num / math.Sqrt(kappa*math.Max(ss, 0))
}

// wildSetup holds the linear maps from a weight vector to the numerator and cluster scores of t*.
// Restricted residuals are ũ(β0) = u0 − β0·u1, so every map is split into a part for u0 and one for u1.
type wildSetup struct {
	term    string
	cluster string
	g       int     // clusters
	beta    float64 // β̂
	se      float64 // cluster-robust SE of β̂
	kappa   float64 // small-sample factor of the variance

	// c0[h], c1[h]: contribution of cluster h's weight to β* − β0.
	c0, c1 []float64
	// m0, m1 are G×G: score_g = Σ_h (m0[g][h] − β0·m1[g][h])·v_h.
	m0, m1 *mat.Dense
}

// newWildSetup absorbs the fixed effects and builds the maps. It checks that the result was fitted on
// the model's own data by recomputing β̂ and its standard error.
func newWildSetup(r *Result, term string) (*wildSetup, error) {
	m := r.model
	if m == nil || r.fit == nil {
		return nil, fmt.Errorf("%w: the result carries no model; use a result of Estimate or Model.Fit", ErrWildBootstrap)
	}
	if r.VCov.Type != Clustered || len(r.VCov.Cluster) != 1 {
		return nil, fmt.Errorf("%w: %s is not clustered on one dimension (variance %s, clusters %q); estimate it with Cluster(\"province\")",
			ErrWildBootstrap, r.Formula, r.VCov.Type, r.VCov.Cluster)
	}
	if r.fit.NInput != m.frame.N() {
		return nil, fmt.Errorf("%w: %s comes from a resampling Refit; bootstrap the original fit", ErrWildBootstrap, r.Formula)
	}
	j := slices.Index(r.fit.Names, term)
	if j < 0 {
		return nil, fmt.Errorf("%w: %s has no estimated coefficient %q; its coefficients are %s", ErrWildBootstrap, r.Formula, term, quoteList(r.fit.Names))
	}

	rows := r.fit.Rows
	n := len(rows)
	w := &wildSetup{term: term, cluster: r.VCov.Cluster[0], kappa: r.VCov.Multiplier, beta: r.fit.Coef[j]}

	// Cluster codes on the estimation rows, renumbered 0 … G−1.
	codes := make([]int, n)
	renumber := map[int32]int{}
	for i, row := range rows {
		c := m.clusterCodes[row]
		k, ok := renumber[c]
		if !ok {
			k = len(renumber)
			renumber[c] = k
		}
		codes[i] = k
	}
	w.g = len(renumber)
	if w.g < 2 {
		return nil, fmt.Errorf("%w: %s has %d cluster on the estimation sample; the bootstrap needs at least 2", ErrWildBootstrap, r.Formula, w.g)
	}

	absorb, err := newAbsorber(m, rows)
	if err != nil {
		return nil, err
	}
	y, err := absorb(gather(m.design.Y, rows))
	if err != nil {
		return nil, err
	}
	k := len(r.fit.Names)
	x := mat.NewDense(n, k, nil)
	for col, name := range r.fit.Names {
		var raw []float64
		if name == linreg.InterceptName {
			raw = make([]float64, n)
			for i := range raw {
				raw[i] = 1
			}
		} else {
			raw = gather(m.design.X[slices.Index(m.design.Names, name)], rows)
		}
		within, err := absorb(raw)
		if err != nil {
			return nil, err
		}
		x.SetCol(col, within)
	}

	var xtx mat.SymDense
	xtx.SymOuterK(1, x.T())
	var chol mat.Cholesky
	if !chol.Factorize(&xtx) {
		return nil, fmt.Errorf("%w: the within-transformed regressors of %s are singular", ErrWildBootstrap, r.Formula)
	}
	var ainv mat.SymDense
	if err := chol.InverseTo(&ainv); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrWildBootstrap, err)
	}
	aj := mat.Col(nil, j, &ainv) // row j of (X̃'X̃)⁻¹
	q := make([]float64, n)      // q = X̃·a_j: the weight of each row in β̂_j
	qv := mat.NewVecDense(n, q)
	qv.MulVec(x, mat.NewVecDense(k, aj))

	// Unrestricted residuals, β̂ and its cluster-robust SE, checked against the fit.
	resid := residualize(x, &chol, y)
	var beta float64
	for i := range q {
		beta += q[i] * y[i]
	}
	scores := make([]float64, w.g)
	for i := range q {
		scores[codes[i]] += q[i] * resid[i]
	}
	var ss float64
	for _, s := range scores {
		ss += s * s
	}
	w.se = math.Sqrt(w.kappa * ss)
	coef, _ := r.Coef(term)
	if math.Abs(beta-w.beta) > 1e-8*(1+math.Abs(w.beta)) || math.Abs(w.se-coef.StdError) > 1e-6*coef.StdError {
		return nil, fmt.Errorf("%w: recomputing %s from the model's data gives β = %g, SE = %g instead of the fit's %g, %g; the result does not come from the model's own data",
			ErrWildBootstrap, term, beta, w.se, w.beta, coef.StdError)
	}
	w.se = coef.StdError

	// Restricted residuals ũ(β0) = u0 − β0·u1, with X̃_{−j} partialled out.
	others := mat.NewDense(n, max(k-1, 1), nil)
	if k > 1 {
		for col, c := 0, 0; col < k; col++ {
			if col == j {
				continue
			}
			others.SetCol(c, mat.Col(nil, col, x))
			c++
		}
	}
	xj := mat.Col(nil, j, x)
	u0, u1 := y, xj
	if k > 1 {
		var oc mat.Cholesky
		var oto mat.SymDense
		oto.SymOuterK(1, others.T())
		if !oc.Factorize(&oto) {
			return nil, fmt.Errorf("%w: the regressors of %s other than %s are singular", ErrWildBootstrap, r.Formula, term)
		}
		u0, u1 = residualize(others, &oc, y), residualize(others, &oc, xj)
	}

	// Per cluster h: c_h = Σ_{i∈h} q_i·ũ_i, and E_h = M_{[D,X]}(ũ∘1_h) for the scores.
	w.c0, w.c1 = make([]float64, w.g), make([]float64, w.g)
	for i := range q {
		w.c0[codes[i]] += q[i] * u0[i]
		w.c1[codes[i]] += q[i] * u1[i]
	}
	w.m0, w.m1 = mat.NewDense(w.g, w.g, nil), mat.NewDense(w.g, w.g, nil)
	for h := range w.g {
		for part, u := range [][]float64{u0, u1} {
			z := make([]float64, n)
			for i := range z {
				if codes[i] == h {
					z[i] = u[i]
				}
			}
			wz, err := absorb(z)
			if err != nil {
				return nil, err
			}
			e := residualize(x, &chol, wz)
			target := w.m0
			if part == 1 {
				target = w.m1
			}
			col := make([]float64, w.g)
			for i := range e {
				col[codes[i]] += q[i] * e[i]
			}
			target.SetCol(h, col)
		}
	}
	return w, nil
}

// newAbsorber returns the within transformation M_D on the estimation rows: the residual of a column on
// the model's fixed-effect dummies. Without fixed effects it returns the column unchanged, because the
// intercept is then a column of X.
func newAbsorber(m *Model, rows []int) (func([]float64) ([]float64, error), error) {
	if len(m.design.FE) == 0 {
		return func(v []float64) ([]float64, error) { return v, nil }, nil
	}
	fe := gatherFactors(m.design.FE, rows)
	return func(v []float64) ([]float64, error) {
		res, err := linreg.Fit(linreg.Design{Y: v, FE: fe}, linreg.Options{KeepSingletons: true, Workers: 1})
		if err != nil {
			return nil, fmt.Errorf("%w: absorbing the fixed effects: %w", ErrWildBootstrap, err)
		}
		if len(res.Residuals) != len(v) {
			return nil, fmt.Errorf("%w: absorbing the fixed effects dropped %d rows", ErrWildBootstrap, len(v)-len(res.Residuals))
		}
		return res.Residuals, nil
	}, nil
}

// residualize returns v − X(X'X)⁻¹X'v, with chol the Cholesky factor of X'X.
func residualize(x *mat.Dense, chol *mat.Cholesky, v []float64) []float64 {
	n, _ := x.Dims()
	vv := mat.NewVecDense(n, slices.Clone(v))
	var xtv, coef, fitted mat.VecDense
	xtv.MulVec(x.T(), vv)
	if err := chol.SolveVecTo(&coef, &xtv); err != nil {
		panic(err) // chol was factorised successfully, so the solve cannot fail
	}
	fitted.MulVec(x, &coef)
	vv.SubVec(vv, &fitted)
	return vv.RawVector().Data
}

// summarize maps a weight vector to its wildDraw.
func (w *wildSetup) summarize(v []float64) wildDraw {
	var d wildDraw
	for h, vh := range v {
		d.n0 += w.c0[h] * vh
		d.n1 += w.c1[h] * vh
	}
	for g := range w.g {
		var s0, s1 float64
		for h, vh := range v {
			s0 += w.m0.At(g, h) * vh
			s1 += w.m1.At(g, h) * vh
		}
		d.s00 += s0 * s0
		d.s01 += s0 * s1
		d.s11 += s1 * s1
	}
	return d
}

// tieTolerance is the relative tolerance within which |t*| counts as equal to |T|: the draw v = 1
// rebuilds the data exactly, and its t* differs from T by rounding only.
const tieTolerance = 1e-10

// pValue returns the symmetric bootstrap p-value under β0.
func (w *wildSetup) pValue(draws []wildDraw, beta0 float64) float64 {
	t := math.Abs((w.beta - beta0) / w.se)
	bound := t * (1 - tieTolerance)
	extreme := 0
	for _, d := range draws {
		if math.Abs(d.t(beta0, w.kappa)) >= bound {
			extreme++
		}
	}
	return float64(extreme) / float64(len(draws))
}

// interval returns the values of β0 on each side of β̂ where the p-value falls below alpha.
func (w *wildSetup) interval(draws []wildDraw, alpha float64) (lower, upper float64) {
	bound := func(direction float64) float64 {
		inside := 0.0 // offset in standard errors with p ≥ alpha
		outside := math.NaN()
		for step := 2.0; step <= 1000; step *= 2 {
			if w.pValue(draws, w.beta+direction*step*w.se) < alpha {
				outside = step
				break
			}
			inside = step
		}
		if math.IsNaN(outside) {
			return math.NaN()
		}
		for outside-inside > 1e-6 {
			mid := (inside + outside) / 2
			if w.pValue(draws, w.beta+direction*mid*w.se) < alpha {
				outside = mid
			} else {
				inside = mid
			}
		}
		return w.beta + direction*(inside+outside)/2*w.se
	}
	return bound(-1), bound(1)
}

var webbValues = [6]float64{-math.Sqrt(1.5), -1, -math.Sqrt(0.5), math.Sqrt(0.5), 1, math.Sqrt(1.5)}

// drawWeights fills v with independent weights from the replicate's stream.
func drawWeights(v []float64, rep resample.Replicate, weights WildWeights) {
	for g := range v {
		if weights == Webb {
			v[g] = webbValues[rep.Rand.IntN(6)]
		} else if rep.Rand.Uint64()&1 == 1 {
			v[g] = 1
		} else {
			v[g] = -1
		}
	}
}

// enumerateWeights fills v with the index-th weight vector in a fixed order: the digits of index in
// base 2 (Rademacher) or 6 (Webb), cluster 0 first.
func enumerateWeights(v []float64, index int, weights WildWeights) {
	for g := range v {
		if weights == Webb {
			v[g] = webbValues[index%6]
			index /= 6
			continue
		}
		v[g] = 1
		if index&1 == 1 {
			v[g] = -1
		}
		index >>= 1
	}
}
