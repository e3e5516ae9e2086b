package quantreg

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// PanelDesign is the input of FitQRPD: one row per unit and period.
type PanelDesign struct {
	Y     []float64  // outcome, length n
	X     *mat.Dense // n×k regressors without an intercept (the period effects absorb it)
	Names []string   // k regressor names; nil gives x1, x2, …
	Unit  []int      // unit id of each row (any integer code), length n
	Time  []int      // period id of each row (for example the year), length n

	// Instruments is an n×L matrix, L ≥ k, of exogenous variables; nil means X itself (all regressors
	// exogenous), which is qregpd's default. Instruments are demeaned within units before use.
	Instruments     *mat.Dense
	InstrumentNames []string // L names; nil gives z1, z2, … (or Names when Instruments is nil)
}

// Optimizer selects how FitQRPD minimises the GMM objective.
type Optimizer int

const (
	// OptimizeAuto is grid search for one or two regressors and Nelder–Mead otherwise. MCMC is not the
	// automatic choice because in panels with few units Q is flat over wide regions, which pulls the
	// posterior mean away from the minimum (seen on 30 units × 17 periods).
	OptimizeAuto Optimizer = iota
	// OptimizeGrid evaluates the objective on a grid (one or two regressors only) and refines around the
	// minimum. It is deterministic.
	OptimizeGrid
	// OptimizeNelderMead runs gonum's Nelder–Mead simplex from the pooled quantile regression, as qregpd's
	// default. The objective is a step function, so the simplex can stall on a flat step.
	OptimizeNelderMead
	// OptimizeMCMC draws from the Laplace-type quasi-posterior exp(−Q(b)/2) of Chernozhukov and Hong (2003)
	// with adaptive random-walk Metropolis chains and reports the mean of the draws.
	OptimizeMCMC
)

func (o Optimizer) String() string {
	switch o {
	case OptimizeAuto:
		return "auto"
	case OptimizeGrid:
		return "grid"
	case OptimizeNelderMead:
		return "Nelder-Mead"
	case OptimizeMCMC:
		return "MCMC"
	}
	return fmt.Sprintf("Optimizer(%d)", int(o))
}

// GridRange is the search interval of one coefficient.
type GridRange struct {
	Min, Max float64
}

// QRPDOptions configures FitQRPD. The zero value gives the defaults documented per field.
type QRPDOptions struct {
	Optimizer Optimizer
	// Seed fixes the MCMC draws. Chain c draws from a stream derived from (Seed, c), so results are
	// bit-identical for any GOMAXPROCS.
	Seed uint64

	// Grid sets the search interval per regressor. Nil means the pooled estimate ± 10 of its nid standard
	// errors (qregpd: ± 1.96, too narrow when the pooled estimate is biased). When the minimum lies in
	// the outer quarter of the grid, the grid is extended by its width on that side. When its smallest Q exceeds the
	// 99.9% point of chi-squared(L), the grid is extended on both sides. Both count towards GridShifts.
	Grid []GridRange
	// GridPoints is the number of points per axis; 0 means 81 for one regressor (as qregpd) and 41 for two
	// (qregpd uses 9).
	GridPoints int
	// GridRefinements is the number of passes that repeat the search on ± two grid steps around the best
	// point with the same number of points; 0 means 2, and a negative value means none.
	GridRefinements int
	// GridShifts caps the grid extensions; 0 means 10, negative none.
	GridShifts int

	// SimplexScale is the initial Nelder–Mead step in units of the pooled standard error; 0 means 1.
	SimplexScale float64
	// MaxEvaluations caps Nelder–Mead objective evaluations; 0 means 500 per regressor.
	MaxEvaluations int

	// Draws is the number of retained MCMC draws per chain; 0 means 1000.
	Draws int
	// Burn is the number of adaptive burn-in draws per chain, discarded; 0 means 500.
	Burn int
	// Chains is the number of independent chains, run on all cores; 0 means 4.
	Chains int
	// AcceptanceRate is the burn-in target of the proposal scaling; 0 means 0.234 as qregpd's arate.
	AcceptanceRate float64
	// UseMax reports the draw with the smallest objective instead of the mean of the draws.
	UseMax bool
	// MCMCBound is the half-width, in pooled standard errors, of the box around the chains' starting point
	// that they may visit (the compact parameter space of the Laplace-type estimator); 0 means 20.
	MCMCBound float64

	// Bandwidth is the uniform-kernel half-width on the residual scale for the analytic variance; 0 means
	// 1.0589 · min(sd(u), IQR(u)/1.349) · n^(−1/5), the rule of qregpd.
	Bandwidth float64
	// DerivativeStep is the central-difference step per regressor for the derivative of the period effects
	// with respect to b. Nil means the pooled nid standard errors, as qregpd.
	DerivativeStep []float64

	// Progress, when non-nil, reports work done and planned: grid points after each grid pass, objective
	// evaluations of Nelder–Mead, draws over all MCMC chains. Calls never overlap.
	Progress func(done, total int)
}

// TimeEffect is the estimated period effect γ_t: the τ-quantile of y − x'b within the period.
type TimeEffect struct {
	Time  int
	Value float64
}

// QRPDResult is a QRPD fit at one quantile.
type QRPDResult struct {
	Tau       float64
	Names     []string
	Coef      []float64     // length k
	StdErr    []float64     // analytic sandwich standard errors
	Cov       *mat.SymDense // k×k analytic sandwich covariance
	Optimizer Optimizer

	// Objective is Q(b) = N ĝ(b)'Ω̂⁻¹ĝ(b) at Coef; see FitQRPD.
	Objective   float64
	TimeEffects []TimeEffect // one per period, in increasing Time

	Start       []float64 // pooled quantile regression slopes (with an intercept), the starting values
	StartStdErr []float64 // their nid standard errors (kernel or iid when nid fails, with a note)
	// Bandwidth is the kernel half-width used by the analytic variance.
	Bandwidth float64

	N, Units, Periods      int
	MinPeriods, MaxPeriods int // periods per unit

	// DrawCov and DrawStdErr are the covariance and standard errors of the retained MCMC draws (MCMC only).
	DrawCov    *mat.SymDense
	DrawStdErr []float64
	// AcceptanceRates holds the post-burn-in acceptance rate of each chain (MCMC only).
	AcceptanceRates []float64
	// GridSolutions lists the grid points that attain the minimum (grid only); with ties Coef is the
	// midpoint of their range per coefficient, as qregpd.
	GridSolutions [][]float64
	Evaluations   int // objective evaluations
	// Notes are remarks on the fit as text; Remarks holds the same remarks, in the same order, with
	// the remedies they suggest as values.
	Notes   []string
	Remarks []Note
}

// FitQRPD estimates Powell's quantile regression for panel data with nonadditive fixed effects at
// quantile tau.
//
// Model and moments (Powell 2015, RAND working paper "Quantile Regression with Nonadditive Fixed Effects";
// Stata qregpd 1.0.1). With z̃_it = z_it − z̄_i the instruments demeaned within unit i and γ_t(b) the
// τ-quantile of y_it − x_it'b over the units observed in period t, the unit moments are
//
//	m_i(b) = Σ_t z̃_it · 1{y_it − x_it'b ≤ γ_t(b)},
//
// which have mean zero at the true β(τ) because Σ_t z̃_it = 0 and the probability of the indicator may
// vary across units but not across periods. The estimator minimises
//
//	Q(b) = N ĝ(b)' Ω̂⁻¹ ĝ(b),  ĝ(b) = (1/N) Σ_i m_i(b),  Ω̂ = (1/N) Σ_i m_i(b₀) m_i(b₀)',
//
// with Ω̂ built once at the pooled quantile regression b₀ (qregpd's "efficient" weight matrix). Q is
// proportional to qregpd's objective, so the minimiser is the same; γ_t uses the Hyndman–Fan type 2
// quantile, moremata's default that qregpd calls.
//
// The analytic covariance is the GMM sandwich (G'AG)⁻¹G'AΣAG(G'AG)⁻¹/N with A = Ω̂⁻¹, Σ the moment variance
// at the estimate, and G = (1/N) Σ_it z̃_it (x_it + ∂γ_t/∂b)' 1{|u_it| ≤ h}/(2h), a uniform kernel on the
// residuals u_it = y_it − x_it'b − γ_t, with ∂γ_t/∂b by central differences.
//
// Departures from qregpd 1.0.1, each for a stated reason:
//   - The MCMC target is exp(−Q/2), the Chernozhukov–Hong scaling under which the variance of the draws
//     estimates the variance of the estimator. qregpd normalises weights to 1/T̄ and builds A with 1/(NT),
//     which in a balanced panel makes its log target T times larger, so its draw variance is about T times
//     too small.
//   - The MCMC chains start at the lowest Q among the pooled estimate, the Nelder–Mead minimum and (for
//     one or two regressors) the grid minimum. They stay in a box of ± MCMCBound pooled standard errors
//     around that start. qregpd starts amcmc at the qreg estimate without bounds. Q is flat far from
//     its minimum, so an unbounded adaptive chain started there can drift without limit.
//   - The sandwich uses the weight matrix of the estimation (at b₀); qregpd rebuilds it at the estimate.
//     Both are consistent.
//   - The bandwidth uses the standard deviation of u; qregpd multiplies u by its weights (1/T̄) before
//     taking the deviation from the unweighted mean.
//   - The indicator compares u_it with γ_t instead of y_it with γ_t + x_it'b, which can differ by rounding.
//   - OptimizeAuto uses grid search for one or two regressors (qregpd's default is Nelder–Mead) because
//     Q is a step function with local minima. The default grid spans ± 10 pooled standard errors
//     (qregpd: ± 1.96) with 41 points per axis for two regressors (qregpd: 9). It is refined, and
//     extended when the minimum lies near its edge or Q there is implausibly large for a minimum.
//   - Starting values and their standard errors come from rq(method = "br") with nid standard errors;
//     qregpd uses Stata's qreg and its default covariance.
//
// Rows are never dropped: units observed once contribute zero moments and are reported in Notes.
func FitQRPD(ctx context.Context, d PanelDesign, tau float64, opt QRPDOptions) (*QRPDResult, error) {
	if !(tau > 0 && tau < 1) {
		return nil, &TauError{Tau: tau}
	}
	prob, res, err := newQRPDProblem(d, tau)
	if err != nil {
		return nil, err
	}

	if err := prob.setStart(res); err != nil {
		return nil, err
	}
	if err := prob.setWeightMatrix(res.Start); err != nil {
		return nil, err
	}

	method := opt.Optimizer
	if method == OptimizeAuto {
		method = OptimizeNelderMead
		if prob.k <= 2 {
			method = OptimizeGrid
		}
	}
	res.Optimizer = method
	switch method {
	case OptimizeGrid:
		err = prob.gridSearch(ctx, opt, res)
	case OptimizeNelderMead:
		err = prob.nelderMead(ctx, opt, res)
	case OptimizeMCMC:
		err = prob.mcmc(ctx, opt, res)
	default:
		err = fmt.Errorf("quantreg: unknown QRPD optimizer %v", opt.Optimizer)
	}
	if err != nil {
		return nil, err
	}

	eval := prob.newEval()
	res.Objective = eval.objective(res.Coef)
	gamma := append([]float64(nil), eval.gamma...)
	for t, id := range prob.timeIDs {
		res.TimeEffects = append(res.TimeEffects, TimeEffect{Time: id, Value: gamma[t]})
	}
	if err := prob.sandwich(opt, res); err != nil {
		return nil, err
	}
	for j, se := range res.DrawStdErr {
		if se == 0 {
			res.DrawStdErr[j] = math.NaN()
			res.addNote(Note{Text: fmt.Sprintf("every retained MCMC draw of %s is the same value, so "+
				"the draw standard error is not identified and is NaN", prob.names[j]),
				Advice: []Advice{{RemedyMoreDraws, "draw more"}, {RemedyAnalyticStdErr, "test"}}})
		}
	}
	for j := range res.DrawStdErr {
		if res.DrawStdErr[j] > 2*res.StdErr[j] {
			res.addNote(Note{Text: fmt.Sprintf("the MCMC draws of %s spread %.3g, more than twice the "+
				"analytic standard error %.3g: Q is flat over a wide region (few units cross the period "+
				"quantile), so the posterior mean is unreliable",
				prob.names[j], res.DrawStdErr[j], res.StdErr[j]),
				Advice: []Advice{{RemedyGrid, "compare"}}})
		}
	}
	return res, nil
}

// qrpdProblem holds the data of a QRPD fit in the layout the objective needs.
type qrpdProblem struct {
	n, k, l         int
	units, periods  int
	tau             float64
	y               []float64 // n
	x               []float64 // n×k row-major
	z               []float64 // n×l row-major, demeaned within units
	unit, period    []int     // row → unit and period index
	periodRows      [][]int   // period index → rows
	timeIDs         []int     // period index → Time id
	weight          []float64 // l×l, A = Ω̂⁻¹
	startSE         []float64
	names, zNames   []string
	maxPeriodLength int
}

// newQRPDProblem validates the design and indexes units and periods.
func newQRPDProblem(d PanelDesign, tau float64) (*qrpdProblem, *QRPDResult, error) {
	if d.X == nil {
		return nil, nil, &DimensionError{What: "regressor matrix X (nil)", Got: 0, Want: len(d.Y)}
	}
	n, k := d.X.Dims()
	if len(d.Y) != n {
		return nil, nil, &DimensionError{What: "outcome Y", Got: len(d.Y), Want: n}
	}
	if len(d.Unit) != n {
		return nil, nil, &DimensionError{What: "Unit ids", Got: len(d.Unit), Want: n}
	}
	if len(d.Time) != n {
		return nil, nil, &DimensionError{What: "Time ids", Got: len(d.Time), Want: n}
	}
	names := d.Names
	if names == nil {
		names = defaultNames("x", k)
	}
	if len(names) != k {
		return nil, nil, &DimensionError{What: "Names", Got: len(names), Want: k}
	}
	zm, zNames := d.Instruments, d.InstrumentNames
	if zm == nil {
		zm = d.X
		if zNames == nil {
			zNames = names
		}
	}
	zr, l := zm.Dims()
	if zr != n {
		return nil, nil, &DimensionError{What: "Instruments rows", Got: zr, Want: n}
	}
	if zNames == nil {
		zNames = defaultNames("z", l)
	}
	if len(zNames) != l {
		return nil, nil, &DimensionError{What: "InstrumentNames", Got: len(zNames), Want: l}
	}
	if l < k {
		return nil, nil, fmt.Errorf("quantreg: QRPD needs at least as many instruments as regressors, got %d "+
			"instruments for %d regressors: add excluded instruments or drop regressors", l, k)
	}
	if k == 0 {
		return nil, nil, ErrNoVariation
	}

	for i, v := range d.Y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, nil, &NonFiniteError{Variable: "y", Row: i, Value: v}
		}
	}
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			if v := d.X.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, nil, &NonFiniteError{Variable: names[j], Row: i, Value: v}
			}
		}
		for j := 0; j < l; j++ {
			if v := zm.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, nil, &NonFiniteError{Variable: zNames[j], Row: i, Value: v}
			}
		}
	}

	prob := &qrpdProblem{n: n, k: k, l: l, tau: tau, y: append([]float64(nil), d.Y...),
		x: make([]float64, n*k), z: make([]float64, n*l), names: names, zNames: zNames}
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			prob.x[i*k+j] = d.X.At(i, j)
		}
		for j := 0; j < l; j++ {
			prob.z[i*l+j] = zm.At(i, j)
		}
	}

	res := &QRPDResult{Tau: tau, Names: names, N: n}
	if err := prob.indexPanel(d.Unit, d.Time, res); err != nil {
		return nil, nil, err
	}
	if err := prob.demeanInstruments(); err != nil {
		return nil, nil, err
	}
	return prob, res, nil
}

// indexPanel maps ids to dense indices, rejects duplicate (unit, time) pairs and records panel counts.
func (p *qrpdProblem) indexPanel(unitIDs, timeIDs []int, res *QRPDResult) error {
	unitIndex := map[int]int{}
	var units []int
	for _, u := range unitIDs {
		if _, ok := unitIndex[u]; !ok {
			unitIndex[u] = 0
			units = append(units, u)
		}
	}
	sort.Ints(units)
	for i, u := range units {
		unitIndex[u] = i
	}
	timeIndex := map[int]int{}
	var times []int
	for _, t := range timeIDs {
		if _, ok := timeIndex[t]; !ok {
			timeIndex[t] = 0
			times = append(times, t)
		}
	}
	sort.Ints(times)
	for i, t := range times {
		timeIndex[t] = i
	}

	p.units, p.periods, p.timeIDs = len(units), len(times), times
	p.unit = make([]int, p.n)
	p.period = make([]int, p.n)
	p.periodRows = make([][]int, p.periods)
	seen := map[[2]int]int{}
	for i := 0; i < p.n; i++ {
		key := [2]int{unitIDs[i], timeIDs[i]}
		if first, dup := seen[key]; dup {
			return fmt.Errorf("quantreg: duplicate panel key unit %d, time %d in rows %d and %d: each unit "+
				"may appear once per period", key[0], key[1], first, i)
		}
		seen[key] = i
		p.unit[i] = unitIndex[unitIDs[i]]
		p.period[i] = timeIndex[timeIDs[i]]
		p.periodRows[p.period[i]] = append(p.periodRows[p.period[i]], i)
	}
	for _, rows := range p.periodRows {
		p.maxPeriodLength = max(p.maxPeriodLength, len(rows))
	}

	counts := make([]int, p.units)
	for _, u := range p.unit {
		counts[u]++
	}
	res.Units, res.Periods = p.units, p.periods
	res.MinPeriods, res.MaxPeriods = p.n, 0
	singles := 0
	for _, c := range counts {
		res.MinPeriods = min(res.MinPeriods, c)
		res.MaxPeriods = max(res.MaxPeriods, c)
		if c == 1 {
			singles++
		}
	}
	if singles > 0 {
		res.addNote(Note{Text: fmt.Sprintf("%d %s observed in one period only; their "+
			"demeaned instruments are zero, so they do not inform the slopes", singles, pluralWord(singles, "unit is", "units are"))})
	}
	if p.units < 2 || p.periods < 2 {
		return fmt.Errorf("quantreg: QRPD needs at least 2 units and 2 periods, got %d units and %d periods",
			p.units, p.periods)
	}
	return nil
}

// demeanInstruments subtracts unit means and rejects instruments without within-unit variation.
func (p *qrpdProblem) demeanInstruments() error {
	sums := make([]float64, p.units*p.l)
	counts := make([]float64, p.units)
	for i := 0; i < p.n; i++ {
		u := p.unit[i]
		counts[u]++
		for j := 0; j < p.l; j++ {
			sums[u*p.l+j] += p.z[i*p.l+j]
		}
	}
	spread := make([]float64, p.l)
	scale := make([]float64, p.l)
	for i := 0; i < p.n; i++ {
		u := p.unit[i]
		for j := 0; j < p.l; j++ {
			scale[j] = math.Max(scale[j], math.Abs(p.z[i*p.l+j]))
			p.z[i*p.l+j] -= sums[u*p.l+j] / counts[u]
			spread[j] = math.Max(spread[j], math.Abs(p.z[i*p.l+j]))
		}
	}
	for j := 0; j < p.l; j++ {
		if spread[j] <= 1e-12*scale[j] || scale[j] == 0 {
			return fmt.Errorf("quantreg: instrument %s does not vary within units, so the unit effects absorb "+
				"it and QRPD cannot identify its coefficient: drop it or supply a time-varying instrument", p.zNames[j])
		}
	}
	return nil
}

// setStart fits the pooled quantile regression of y on an intercept and X, the starting values of all
// optimisers, with nid standard errors (kernel or iid ones if nid fails).
func (p *qrpdProblem) setStart(res *QRPDResult) error {
	x := mat.NewDense(p.n, p.k+1, nil)
	for i := 0; i < p.n; i++ {
		x.Set(i, 0, 1)
		for j := 0; j < p.k; j++ {
			x.Set(i, j+1, p.x[i*p.k+j])
		}
	}
	names := append([]string{"(Intercept)"}, p.names...)
	pooled, err := Fit(Design{Y: p.y, X: x, Names: names}, p.tau, Options{})
	if err != nil {
		return fmt.Errorf("quantreg: QRPD starting values (pooled quantile regression): %w", err)
	}
	if len(pooled.Dropped) > 0 {
		return fmt.Errorf("quantreg: QRPD regressors are collinear (%s: %s): drop the redundant regressor",
			pooled.Dropped[0].Name, pooled.Dropped[0].Reason)
	}
	res.Start = append([]float64(nil), pooled.Coef[1:]...)

	// nid can fail when few densities near the quantile are positive. The kernel and iid rules then give
	// the scale that the grid, the simplex and the MCMC proposal need.
	var inf *Inference
	for _, method := range []SEMethod{SENID, SEKernel, SEIID} {
		inf, err = pooled.Infer(context.Background(), InferenceOptions{Method: method})
		if err == nil && positiveFinite(inf.StdErr[1:]) {
			if method != SENID {
				res.addNote(Note{Text: fmt.Sprintf("pooled nid standard errors failed; the starting "+
					"scale uses %v standard errors", method)})
			}
			break
		}
	}
	if err != nil {
		return fmt.Errorf("quantreg: QRPD starting standard errors (pooled quantile regression): %w", err)
	}
	res.StartStdErr = append([]float64(nil), inf.StdErr[1:]...)
	for j, se := range res.StartStdErr {
		if !(se > 0) || math.IsInf(se, 0) {
			return fmt.Errorf("quantreg: pooled standard error of %s is %v, so the default grid, simplex "+
				"and MCMC proposal have no scale: check that %s varies", p.names[j], se, p.names[j])
		}
	}
	p.startSE = res.StartStdErr
	return nil
}

// crossingUnits returns how many units have rows on both sides of the period quantiles after
// e.moments; only those units have a nonzero moment.
func (e *qrpdEval) crossingUnits() int {
	n := 0
	for u, below := range e.below {
		if below > 0 && below < e.unitRows[u] {
			n++
		}
	}
	return n
}

// setWeightMatrix builds A = Ω̂⁻¹ from the unit moments at b.
func (p *qrpdProblem) setWeightMatrix(b []float64) error {
	eval := p.newEval()
	eval.moments(b)
	if eval.crossingUnits() == 0 {
		return fmt.Errorf("quantreg: QRPD is not identified at tau = %v: at the pooled starting values every "+
			"unit's rows lie all at or below, or all above, the period quantiles, so every unit moment is "+
			"zero and the weight matrix is 0; the unit effects separate the units completely, so use a "+
			"pooled quantile regression or a different quantile", p.tau)
	}
	omega := mat.NewSymDense(p.l, nil)
	for u := 0; u < p.units; u++ {
		m := mat.NewVecDense(p.l, eval.m[u*p.l:(u+1)*p.l])
		omega.SymRankOne(omega, 1/float64(p.units), m)
	}
	var chol mat.Cholesky
	if !chol.Factorize(omega) {
		return fmt.Errorf("quantreg: QRPD weight matrix: the moment variance at the starting values is "+
			"singular (collinear or degenerate instruments %s)", strings.Join(p.zNames, ", "))
	}
	var inv mat.SymDense
	if err := chol.InverseTo(&inv); err != nil {
		return fmt.Errorf("quantreg: QRPD weight matrix: %w", err)
	}
	p.weight = make([]float64, p.l*p.l)
	for i := 0; i < p.l; i++ {
		for j := 0; j < p.l; j++ {
			p.weight[i*p.l+j] = inv.At(i, j)
		}
	}
	return nil
}

// qrpdEval evaluates the objective with its own scratch space; one per goroutine.
type qrpdEval struct {
	p     *qrpdProblem
	u     []float64 // residuals y − x'b
	gamma []float64 // period effects
	sortb []float64
	m     []float64 // units×l moments
	g     []float64 // l, Σ_i m_i

	unitRows []int // rows per unit
	below    []int // rows per unit with u ≤ γ_t, set by moments
}

func (p *qrpdProblem) newEval() *qrpdEval {
	e := &qrpdEval{p: p, u: make([]float64, p.n), gamma: make([]float64, p.periods),
		sortb: make([]float64, p.maxPeriodLength), m: make([]float64, p.units*p.l), g: make([]float64, p.l),
		unitRows: make([]int, p.units), below: make([]int, p.units)}
	for _, u := range p.unit {
		e.unitRows[u]++
	}
	return e
}

// periodEffects sets u = y − x'b and γ_t(b).
func (e *qrpdEval) periodEffects(b []float64) {
	p := e.p
	for i := 0; i < p.n; i++ {
		v := p.y[i]
		for j := 0; j < p.k; j++ {
			v -= p.x[i*p.k+j] * b[j]
		}
		e.u[i] = v
	}
	for t, rows := range p.periodRows {
		buf := e.sortb[:len(rows)]
		for r, i := range rows {
			buf[r] = e.u[i]
		}
		e.gamma[t] = selectQuantileType2(buf, p.tau)
	}
}

// moments sets e.m to the unit moments m_i(b) and e.g to their sum.
func (e *qrpdEval) moments(b []float64) {
	p := e.p
	e.periodEffects(b)
	clear(e.m)
	clear(e.below)
	for i := 0; i < p.n; i++ {
		if e.u[i] <= e.gamma[p.period[i]] {
			e.below[p.unit[i]]++
			mi := e.m[p.unit[i]*p.l : (p.unit[i]+1)*p.l]
			zi := p.z[i*p.l : (i+1)*p.l]
			for j := range mi {
				mi[j] += zi[j]
			}
		}
	}
	// A unit whose rows all lie on one side of the period quantiles has the moment Σ_t z̃_it·c = 0
	// exactly, because z̃ is demeaned within the unit. Set it to 0 so that rounding in that sum cannot
	// enter Ω̂ or the objective as a tiny nonzero moment.
	for u := 0; u < p.units; u++ {
		if e.below[u] == 0 || e.below[u] == e.unitRows[u] {
			clear(e.m[u*p.l : (u+1)*p.l])
		}
	}
	clear(e.g)
	for u := 0; u < p.units; u++ {
		for j := 0; j < p.l; j++ {
			e.g[j] += e.m[u*p.l+j]
		}
	}
}

// objective returns Q(b) = (1/N) (Σ_i m_i)' A (Σ_i m_i).
func (e *qrpdEval) objective(b []float64) float64 {
	e.moments(b)
	p := e.p
	var q float64
	for i := 0; i < p.l; i++ {
		var row float64
		for j := 0; j < p.l; j++ {
			row += p.weight[i*p.l+j] * e.g[j]
		}
		q += e.g[i] * row
	}
	return q / float64(p.units)
}

// quantileType2 is the Hyndman–Fan type 2 quantile of sorted data (inverse empirical distribution with
// averaging at discontinuities), moremata's mm_quantile default.
func quantileType2(sorted []float64, prob float64) float64 {
	n := len(sorted)
	if n == 1 {
		return sorted[0]
	}
	pn := prob * float64(n)
	j := math.Floor(pn)
	lo := min(max(int(j), 1), n) - 1 // 0-based position of x_(j), clipped as moremata does
	hi := min(max(int(j)+1, 1), n) - 1
	if pn > j {
		return sorted[hi]
	}
	return (sorted[lo] + sorted[hi]) / 2
}

// selectQuantileType2 returns quantileType2 of the unsorted data, reordering it. It selects the one or two
// order statistics it needs in linear expected time instead of sorting.
func selectQuantileType2(data []float64, prob float64) float64 {
	n := len(data)
	if n == 1 {
		return data[0]
	}
	pn := prob * float64(n)
	j := math.Floor(pn)
	lo := min(max(int(j), 1), n) - 1
	hi := min(max(int(j)+1, 1), n) - 1
	if pn > j {
		return selectKth(data, hi)
	}
	low := selectKth(data, lo)
	if hi == lo {
		return low
	}
	// After selection every element right of lo is ≥ data[lo], so x_(j+1) is their minimum.
	next := data[lo+1]
	for _, v := range data[lo+2:] {
		next = math.Min(next, v)
	}
	return (low + next) / 2
}

// selectKth partially orders data so that data[k] is its k-th smallest element (0-based) with no larger
// element before it and no smaller one after it (Hoare's selection with a median-of-three pivot).
func selectKth(data []float64, k int) float64 {
	left, right := 0, len(data)-1
	for right > left {
		mid := left + (right-left)/2
		if data[mid] < data[left] {
			data[mid], data[left] = data[left], data[mid]
		}
		if data[right] < data[left] {
			data[right], data[left] = data[left], data[right]
		}
		if data[right] < data[mid] {
			data[right], data[mid] = data[mid], data[right]
		}
		pivot := data[mid]
		i, j := left, right
		for i <= j {
			for data[i] < pivot {
				i++
			}
			for data[j] > pivot {
				j--
			}
			if i <= j {
				data[i], data[j] = data[j], data[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			right = j
		case k >= i:
			left = i
		default:
			return data[k]
		}
	}
	return data[k]
}

func positiveFinite(values []float64) bool {
	for _, v := range values {
		if !(v > 0) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

func defaultNames(prefix string, k int) []string {
	names := make([]string, k)
	for j := range names {
		names[j] = fmt.Sprintf("%s%d", prefix, j+1)
	}
	return names
}

// FitQRPDQuantiles fits QRPD at each quantile in taus, in order, for a plot of the coefficients against τ.
// All quantiles are validated before any fit. Each fit derives its MCMC streams from opt.Seed alone, so a
// quantile's result does not depend on which other quantiles are requested.
func FitQRPDQuantiles(ctx context.Context, d PanelDesign, taus []float64, opt QRPDOptions) ([]*QRPDResult, error) {
	for _, tau := range taus {
		if !(tau > 0 && tau < 1) {
			return nil, &TauError{Tau: tau}
		}
	}
	out := make([]*QRPDResult, 0, len(taus))
	for _, tau := range taus {
		res, err := FitQRPD(ctx, d, tau, opt)
		if err != nil {
			return out, fmt.Errorf("quantreg: QRPD at tau = %v: %w", tau, err)
		}
		out = append(out, res)
	}
	return out, nil
}
