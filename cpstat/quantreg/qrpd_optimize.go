package quantreg

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Defaults of QRPDOptions.
const (
	defaultGridPoints1     = 81
	defaultGridPoints2     = 41
	defaultGridRefinements = 2
	defaultGridShifts      = 10
	// defaultGridHalfWidth is the half-width of the default grid in pooled standard errors. qregpd uses
	// 1.96, but the pooled estimate is biased whenever the unit effects matter, by many of its own
	// standard errors in long panels, and Q has local minima that stop a grid from following the slope.
	defaultGridHalfWidth   = 10
	defaultDraws           = 1000
	defaultBurn            = 500
	defaultChains          = 4
	defaultAcceptanceRate  = 0.234
	defaultMCMCBound       = 20
	defaultEvaluationsPerK = 500
)

// gridSearch minimises Q over a grid for one or two regressors. Q is a step function with local minima. A
// minimum near the edge of the grid (in its outer quarter, before any refinement) extends the grid by its
// own width on that side, and a minimum with an implausibly large Q extends it on both sides. The search
// then repeats over the larger grid. Once the minimum is inside, each refinement pass searches ± two steps
// around the minimising points with GridPoints points per axis.
func (p *qrpdProblem) gridSearch(ctx context.Context, opt QRPDOptions, res *QRPDResult) error {
	if p.k > 2 {
		return &RemedyError{Msg: fmt.Sprintf("quantreg: QRPD grid search handles one or two regressors, got %d", p.k),
			Advice: []Advice{{RemedyMCMC, "search"}, {RemedyNelderMead, "search"}}}
	}
	points := opt.GridPoints
	if points == 0 {
		points = defaultGridPoints1
		if p.k == 2 {
			points = defaultGridPoints2
		}
	}
	if points < 3 {
		return fmt.Errorf("quantreg: QRPD GridPoints = %d, need at least 3 per axis", points)
	}
	refinements := defaultIfZero(opt.GridRefinements, defaultGridRefinements)
	extensions := defaultIfZero(opt.GridShifts, defaultGridShifts)

	lo, hi := make([]float64, p.k), make([]float64, p.k)
	if opt.Grid != nil {
		if len(opt.Grid) != p.k {
			return &DimensionError{What: "QRPDOptions.Grid (one range per regressor)", Got: len(opt.Grid), Want: p.k}
		}
		for j, g := range opt.Grid {
			if !(g.Min < g.Max) {
				return fmt.Errorf("quantreg: QRPD grid for %s is [%v, %v]: Min must be below Max", p.names[j], g.Min, g.Max)
			}
			lo[j], hi[j] = g.Min, g.Max
		}
	} else {
		for j := range lo {
			lo[j] = res.Start[j] - defaultGridHalfWidth*p.startSE[j]
			hi[j] = res.Start[j] + defaultGridHalfWidth*p.startSE[j]
		}
	}
	axis := make([]int, p.k) // points per axis in the current pass
	for j := range axis {
		axis[j] = points
	}

	// At the true coefficients Q is asymptotically chi-squared with l degrees of freedom, so a grid whose
	// smallest Q exceeds the 99.9% point has missed the region of the minimum and is widened on both sides.
	qThreshold := distuv.ChiSquared{K: float64(p.l)}.Quantile(0.999)
	eval := p.newEval()
	refined := false
	for pass := 1; ; pass++ {
		step := make([]float64, p.k)
		for j := range step {
			step[j] = (hi[j] - lo[j]) / float64(axis[j]-1)
		}
		ties, best, err := p.gridPass(ctx, eval, lo, step, axis, opt.Progress, res)
		if err != nil {
			return err
		}

		tieLo, tieHi := make([]int, p.k), make([]int, p.k)
		lowEdge, highEdge := make([]bool, p.k), make([]bool, p.k)
		onEdge := false
		for j := 0; j < p.k; j++ {
			tieLo[j], tieHi[j] = axis[j], -1
			for _, t := range ties {
				tieLo[j] = min(tieLo[j], t[j])
				tieHi[j] = max(tieHi[j], t[j])
			}
			lowEdge[j], highEdge[j] = tieLo[j] == 0, tieHi[j] == axis[j]-1
			if !refined {
				// Before refining, a minimum in the outer quarter counts as on the edge: Q has local
				// minima, and the global one may lie just beyond the grid.
				margin := (axis[j] - 1) / 4
				lowEdge[j] = tieLo[j] <= margin
				highEdge[j] = tieHi[j] >= axis[j]-1-margin
			}
			onEdge = onEdge || lowEdge[j] || highEdge[j]
		}

		missed := best > qThreshold
		switch {
		case (onEdge || missed) && extensions > 0:
			extensions--
			for j := range lo {
				width := hi[j] - lo[j]
				if lowEdge[j] || missed {
					lo[j] -= width
					axis[j] += axis[j] - 1
				}
				if highEdge[j] || missed {
					hi[j] += width
					axis[j] += axis[j] - 1
				}
				// Beyond four times the requested points the step grows instead, so that a pass stays
				// affordable; the refinement passes restore the resolution.
				axis[j] = min(axis[j], 4*(points-1)+1)
			}
			reason := "minimum on the grid edge"
			if missed {
				reason = fmt.Sprintf("minimum Q = %.4g above the 99.9%% point %.4g of chi-squared(%d)", best, qThreshold, p.l)
			}
			res.addNote(Note{Text: fmt.Sprintf("grid pass %d: %s, grid extended to %s … %s",
				pass, reason, formatFloats(lo), formatFloats(hi))})
		case refinements > 0:
			refinements--
			refined = true
			for j := range lo {
				newLo := lo[j] + step[j]*float64(tieLo[j]-2)
				hi[j] = lo[j] + step[j]*float64(tieHi[j]+2)
				lo[j] = newLo
				axis[j] = points
			}
		default:
			if onEdge || missed {
				res.addNote(Note{Text: "grid search ended with the minimum on the grid edge or with a large Q",
					Advice: []Advice{{RemedyWiderGrid, "search further"}, {RemedyMCMC, "search without a grid"}}})
			}
			res.Coef = make([]float64, p.k)
			for j := range res.Coef {
				res.Coef[j] = lo[j] + step[j]*float64(tieLo[j]+tieHi[j])/2
			}
			for _, t := range ties {
				sol := make([]float64, p.k)
				for j := range sol {
					sol[j] = lo[j] + step[j]*float64(t[j])
				}
				res.GridSolutions = append(res.GridSolutions, sol)
			}
			if len(ties) > 1 {
				res.addNote(Note{Text: fmt.Sprintf("%d grid points attain the minimum; the estimate is "+
					"the midpoint of their range per coefficient", len(ties))})
			}
			return nil
		}
	}
}

// gridPass evaluates Q on the grid lo + index ⊙ step and returns the indices of the minimising points and
// the minimum.
func (p *qrpdProblem) gridPass(ctx context.Context, eval *qrpdEval, lo, step []float64, axis []int,
	progress func(done, total int), res *QRPDResult) ([][]int, float64, error) {
	total := axis[0]
	if p.k == 2 {
		total *= axis[1]
	}
	b := make([]float64, p.k)
	index := make([]int, p.k)
	best := math.Inf(1)
	var ties [][]int
	for count := 0; count < total; count++ {
		if count%axis[0] == 0 {
			if err := ctx.Err(); err != nil {
				return nil, 0, fmt.Errorf("quantreg: QRPD grid search stopped: %w", err)
			}
		}
		index[0] = count % axis[0]
		if p.k == 2 {
			index[1] = count / axis[0]
		}
		for j := range b {
			b[j] = lo[j] + float64(index[j])*step[j]
		}
		q := eval.objective(b)
		res.Evaluations++
		switch {
		case q < best:
			best = q
			ties = append(ties[:0], append([]int(nil), index...))
		case q == best:
			ties = append(ties, append([]int(nil), index...))
		}
	}
	if progress != nil {
		progress(total, total)
	}
	return ties, best, nil
}

// nelderMead minimises Q with gonum's Nelder–Mead simplex in coordinates scaled by the pooled standard
// errors, b = b₀ + se ⊙ θ, starting from θ = 0.
func (p *qrpdProblem) nelderMead(ctx context.Context, opt QRPDOptions, res *QRPDResult) error {
	scale := opt.SimplexScale
	if scale == 0 {
		scale = 1
	}
	maxEval := opt.MaxEvaluations
	if maxEval == 0 {
		maxEval = defaultEvaluationsPerK * p.k
	}

	eval := p.newEval()
	b := make([]float64, p.k)
	toCoef := func(theta []float64) []float64 {
		for j := range b {
			b[j] = res.Start[j] + p.startSE[j]*theta[j]
		}
		return b
	}
	problem := optimize.Problem{Func: func(theta []float64) float64 {
		res.Evaluations++
		if opt.Progress != nil {
			opt.Progress(res.Evaluations, maxEval)
		}
		return eval.objective(toCoef(theta))
	}}
	settings := &optimize.Settings{
		FuncEvaluations: maxEval,
		Converger: &contextConverger{ctx: ctx,
			inner: &optimize.FunctionConverge{Absolute: 1e-10, Iterations: 50 * p.k}},
	}

	result, err := optimize.Minimize(problem, make([]float64, p.k), settings, &optimize.NelderMead{SimplexSize: scale})
	if cerr := ctx.Err(); cerr != nil {
		return fmt.Errorf("quantreg: QRPD Nelder–Mead stopped: %w", cerr)
	}
	if result == nil {
		return fmt.Errorf("quantreg: QRPD Nelder–Mead failed: %w", err)
	}
	res.Coef = append([]float64(nil), toCoef(result.X)...)
	if err != nil || result.Status.Early() {
		res.addNote(Note{Text: fmt.Sprintf("Nelder–Mead ended with status %v after %d evaluations; "+
			"the estimate may not be a minimum", result.Status, res.Evaluations),
			Advice: []Advice{{RemedyGrid, "compare"}, {RemedyMCMC, "compare"}}})
	}
	return nil
}

// contextConverger stops gonum's optimiser when ctx is cancelled.
type contextConverger struct {
	ctx   context.Context
	inner optimize.Converger
}

func (c *contextConverger) Init(dim int) { c.inner.Init(dim) }

func (c *contextConverger) Converged(loc *optimize.Location) optimize.Status {
	if c.ctx.Err() != nil {
		return optimize.Failure
	}
	return c.inner.Converged(loc)
}

// mcmcChain is the output of one chain.
type mcmcChain struct {
	draws      []float64 // draws×k
	objectives []float64
	accepted   int
}

// mcmc samples the quasi-posterior exp(−Q(b)/2) (Chernozhukov and Hong 2003) on a compact box with
// random-walk Metropolis chains. Far from its minimum Q is flat (the indicators saturate), so the
// quasi-posterior is improper on the whole space and a chain started there drifts. The chains therefore
// start at the best point chainStart finds, and proposals outside the box, centred there with a half-width
// of MCMCBound pooled standard errors, are rejected. During burn-in each chain scales its Gaussian proposal
// towards the target acceptance rate (Robbins–Monro on the log scale, capped at ten times the initial
// step) and, every 100 draws, reshapes it with the covariance of its burn-in draws. The proposal is frozen
// afterwards, so the retained draws come from a fixed Metropolis kernel.
func (p *qrpdProblem) mcmc(ctx context.Context, opt QRPDOptions, res *QRPDResult) error {
	draws := defaultIfZero(opt.Draws, defaultDraws)
	burn := defaultIfZero(opt.Burn, defaultBurn)
	chains := defaultIfZero(opt.Chains, defaultChains)
	target := opt.AcceptanceRate
	if target == 0 {
		target = defaultAcceptanceRate
	}
	if draws < 2 || burn < 0 || chains < 1 || !(target > 0 && target < 1) {
		return fmt.Errorf("quantreg: invalid MCMC settings (Draws %d, Burn %d, Chains %d, AcceptanceRate %v): "+
			"need Draws ≥ 2, Burn ≥ 0, Chains ≥ 1 and 0 < AcceptanceRate < 1", draws, burn, chains, target)
	}

	bound := opt.MCMCBound
	if bound == 0 {
		bound = defaultMCMCBound
	}
	if !(bound > 0) {
		return fmt.Errorf("quantreg: invalid MCMCBound %v: want a positive number of standard errors", bound)
	}

	start, err := p.chainStart(ctx, res)
	if err != nil {
		return err
	}
	box := chainBox{centre: start, halfWidth: make([]float64, p.k)}
	for j := range box.halfWidth {
		box.halfWidth[j] = bound * p.startSE[j]
	}

	out := make([]mcmcChain, chains)
	total := chains * (burn + draws)
	var mu sync.Mutex
	var next atomic.Int64
	done := 0
	var firstErr error
	report := func(n int) {
		if opt.Progress == nil || n == 0 {
			return
		}
		mu.Lock()
		done += n
		opt.Progress(done, total)
		mu.Unlock()
	}
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), chains); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				c := int(next.Add(1)) - 1
				if c >= chains {
					return
				}
				chain, err := p.runChain(ctx, opt.Seed, uint64(c), box, draws, burn, target, report)
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
				out[c] = chain
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}

	all := mat.NewDense(chains*draws, p.k, nil)
	bestQ := math.Inf(1)
	best := make([]float64, p.k)
	for c, chain := range out {
		for d := 0; d < draws; d++ {
			row := chain.draws[d*p.k : (d+1)*p.k]
			all.SetRow(c*draws+d, row)
			if chain.objectives[d] < bestQ {
				bestQ = chain.objectives[d]
				copy(best, row)
			}
		}
		res.AcceptanceRates = append(res.AcceptanceRates, float64(chain.accepted)/float64(draws))
	}
	res.Evaluations += total

	mean := make([]float64, p.k)
	for j := range mean {
		mean[j] = stat.Mean(mat.Col(nil, j, all), nil)
	}
	res.Coef = mean
	if opt.UseMax {
		res.Coef = best
	}
	res.DrawCov = mat.NewSymDense(p.k, nil)
	stat.CovarianceMatrix(res.DrawCov, all, nil)
	res.DrawStdErr = make([]float64, p.k)
	for j := range res.DrawStdErr {
		res.DrawStdErr[j] = math.Sqrt(res.DrawCov.At(j, j))
	}
	for c, rate := range res.AcceptanceRates {
		if rate < 0.02 {
			res.addNote(Note{Text: fmt.Sprintf("MCMC chain %d accepted %.1f%% of proposals", c, 100*rate),
				Advice: []Advice{{RemedyLongerBurn, "let the proposal adapt"}}})
		}
	}
	return nil
}

// chainStart returns the point with the smallest Q among the pooled estimate, the Nelder–Mead minimum
// from it and, for one or two regressors, the grid minimum. The evaluations are added to res.
func (p *qrpdProblem) chainStart(ctx context.Context, res *QRPDResult) ([]float64, error) {
	candidates := [][]float64{res.Start}
	nm := &QRPDResult{Start: res.Start}
	if err := p.nelderMead(ctx, QRPDOptions{}, nm); err != nil {
		return nil, err
	}
	res.Evaluations += nm.Evaluations
	candidates = append(candidates, nm.Coef)
	if p.k <= 2 {
		grid := &QRPDResult{Start: res.Start}
		if err := p.gridSearch(ctx, QRPDOptions{}, grid); err != nil {
			return nil, err
		}
		res.Evaluations += grid.Evaluations
		candidates = append(candidates, grid.Coef)
	}
	eval := p.newEval()
	best, bestQ := candidates[0], math.Inf(1)
	for _, c := range candidates {
		if q := eval.objective(c); q < bestQ {
			best, bestQ = c, q
		}
	}
	return append([]float64(nil), best...), nil
}

// chainBox is the compact parameter space of the MCMC: centre ± halfWidth per coefficient.
type chainBox struct {
	centre, halfWidth []float64
}

func (b chainBox) contains(x []float64) bool {
	for j, v := range x {
		if math.Abs(v-b.centre[j]) > b.halfWidth[j] {
			return false
		}
	}
	return true
}

// runChain runs one adaptive Metropolis chain from the box centre with the random stream of chain index c.
func (p *qrpdProblem) runChain(ctx context.Context, seed, c uint64, box chainBox, draws, burn int,
	target float64, report func(int)) (mcmcChain, error) {
	k := p.k
	rng := newStream(seed, c)
	eval := p.newEval()

	// The proposal starts from the pooled standard errors with the random-walk scale 2.38²/k of Roberts,
	// Gelman and Gilks (1997).
	shape := mat.NewSymDense(k, nil)
	for j := 0; j < k; j++ {
		shape.SetSym(j, j, p.startSE[j]*p.startSE[j])
	}
	var chol mat.Cholesky
	chol.Factorize(shape)
	var lower mat.TriDense
	chol.LTo(&lower)
	logScale := math.Log(2.38 * 2.38 / float64(k))
	maxLogScale := logScale + math.Log(100)

	current := append([]float64(nil), box.centre...)
	currentQ := eval.objective(current)
	proposal := make([]float64, k)
	noise := make([]float64, k)
	burnDraws := make([]float64, 0, burn*k)
	chain := mcmcChain{draws: make([]float64, draws*k), objectives: make([]float64, draws)}

	reported := 0
	for it := 0; it < burn+draws; it++ {
		if it%50 == 0 {
			if err := ctx.Err(); err != nil {
				return mcmcChain{}, fmt.Errorf("quantreg: QRPD MCMC chain %d stopped at draw %d: %w", c, it, err)
			}
			report(it - reported)
			reported = it
		}
		for j := range noise {
			noise[j] = rng.NormFloat64()
		}
		scale := math.Exp(logScale / 2)
		for j := 0; j < k; j++ {
			var v float64
			for l := 0; l <= j; l++ {
				v += lower.At(j, l) * noise[l]
			}
			proposal[j] = current[j] + scale*v
		}
		// The uniform draw is taken even for a proposal outside the box, so that every iteration uses the
		// stream identically.
		u := rng.Float64()
		accept := false
		q := math.Inf(1)
		if box.contains(proposal) {
			q = eval.objective(proposal)
			accept = math.Log(u) < (currentQ-q)/2
		}
		if accept {
			copy(current, proposal)
			currentQ = q
		}

		if it < burn {
			rate := 0.0
			if accept {
				rate = 1
			}
			logScale = math.Min(logScale+(rate-target)/math.Pow(float64(it+1), 0.6), maxLogScale)
			burnDraws = append(burnDraws, current...)
			if (it+1)%100 == 0 && it+1 >= 200 {
				reshapeProposal(burnDraws, k, p.startSE, &lower)
			}
			continue
		}
		d := it - burn
		copy(chain.draws[d*k:(d+1)*k], current)
		chain.objectives[d] = currentQ
		if accept {
			chain.accepted++
		}
	}
	report(burn + draws - reported)
	return chain, nil
}

// reshapeProposal sets the Cholesky factor of the proposal to the covariance of the second half of the
// burn-in draws, plus 1e-6 of the pooled variances so that a chain stuck on a step keeps a valid proposal.
func reshapeProposal(burnDraws []float64, k int, startSE []float64, lower *mat.TriDense) {
	n := len(burnDraws) / k
	half := burnDraws[(n/2)*k:]
	m := mat.NewDense(len(half)/k, k, half)
	cov := mat.NewSymDense(k, nil)
	stat.CovarianceMatrix(cov, m, nil)
	for j := 0; j < k; j++ {
		cov.SetSym(j, j, cov.At(j, j)+1e-6*startSE[j]*startSE[j])
	}
	var chol mat.Cholesky
	if chol.Factorize(cov) {
		chol.LTo(lower)
	}
}

func defaultIfZero(v, def int) int {
	switch {
	case v == 0:
		return def
	case v < 0:
		return 0
	}
	return v
}
