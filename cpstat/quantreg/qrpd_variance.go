package quantreg

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// sandwich sets the analytic covariance (G'AG)⁻¹ G'AΣAG (G'AG)⁻¹ / N of the QRPD estimate; see FitQRPD.
func (p *qrpdProblem) sandwich(opt QRPDOptions, res *QRPDResult) error {
	k, l, n := p.k, p.l, p.n
	b := res.Coef
	eval := p.newEval()
	eval.moments(b)
	if eval.crossingUnits() == 0 {
		// Every unit moment is exactly zero at the estimate (Q = 0), so Σ = 0 and the sandwich would
		// give a standard error of exactly 0, which is no measure of precision.
		res.Cov = mat.NewSymDense(k, nil)
		res.StdErr = make([]float64, k)
		for i := 0; i < k; i++ {
			for j := i; j < k; j++ {
				res.Cov.SetSym(i, j, math.NaN())
			}
			res.StdErr[i] = math.NaN()
		}
		res.Bandwidth = math.NaN() // no kernel was needed
		res.addNote(Note{Text: "the objective is 0 at the estimate because every unit's rows lie " +
			"all at or below, or all above, the period quantiles: the moment variance is 0 and the analytic " +
			"standard errors are not identified, so they are NaN (a bootstrap over units can measure the precision instead)",
			Advice: []Advice{{RemedyMCMC, "use the spread of MCMC draws"}}})
		return nil
	}
	resid := make([]float64, n)
	for i := range resid {
		resid[i] = eval.u[i] - eval.gamma[p.period[i]]
	}

	h := opt.Bandwidth
	if h == 0 {
		sorted := append([]float64(nil), resid...)
		sort.Float64s(sorted)
		iqr := quantileType2(sorted, 0.75) - quantileType2(sorted, 0.25)
		h = 1.0589 * math.Min(stat.StdDev(resid, nil), iqr/1.349) * math.Pow(float64(n), -0.2)
	}
	if !(h > 0) || math.IsInf(h, 0) {
		return &RemedyError{Msg: fmt.Sprintf("quantreg: QRPD kernel bandwidth is %v: the residuals have no spread", h),
			Advice: []Advice{{RemedyBandwidth, "set a positive bandwidth"}, {RemedyMCMC, "measure the precision from MCMC draws"}}}
	}
	res.Bandwidth = h

	// Σ: variance of the unit moments at the estimate.
	sigma := mat.NewSymDense(l, nil)
	for u := 0; u < p.units; u++ {
		sigma.SymRankOne(sigma, 1/float64(p.units), mat.NewVecDense(l, eval.m[u*l:(u+1)*l]))
	}

	// ∂γ_t/∂b_j by central differences.
	steps := opt.DerivativeStep
	if steps == nil {
		steps = p.startSE
	}
	if len(steps) != k {
		return &DimensionError{What: "QRPDOptions.DerivativeStep (one step per regressor)", Got: len(steps), Want: k}
	}
	dgamma := make([]float64, p.periods*k) // period×k
	shifted := append([]float64(nil), b...)
	for j := 0; j < k; j++ {
		if !(steps[j] > 0) {
			return fmt.Errorf("quantreg: QRPD derivative step for %s is %v, want a positive value", p.names[j], steps[j])
		}
		shifted[j] = b[j] + steps[j]
		eval.periodEffects(shifted)
		plus := append([]float64(nil), eval.gamma...)
		shifted[j] = b[j] - steps[j]
		eval.periodEffects(shifted)
		for t := 0; t < p.periods; t++ {
			dgamma[t*k+j] = (plus[t] - eval.gamma[t]) / (2 * steps[j])
		}
		shifted[j] = b[j]
	}

	// G = (1/N) Σ z̃_it (x_it + ∂γ_t/∂b)' 1{|u_it| ≤ h} / (2h), l×k.
	g := mat.NewDense(l, k, nil)
	inside := 0
	for i := 0; i < n; i++ {
		if math.Abs(resid[i]) > h {
			continue
		}
		inside++
		t := p.period[i]
		for a := 0; a < l; a++ {
			za := p.z[i*l+a]
			for j := 0; j < k; j++ {
				g.Set(a, j, g.At(a, j)+za*(p.x[i*k+j]+dgamma[t*k+j]))
			}
		}
	}
	g.Scale(1/(2*h*float64(p.units)), g)

	weight := mat.NewDense(l, l, p.weight)
	var ag, gag, agSigmaAG, tmp mat.Dense
	ag.Mul(weight, g)
	gag.Mul(g.T(), &ag)
	var bread mat.Dense
	if err := bread.Inverse(&gag); err != nil {
		return &RemedyError{Msg: fmt.Sprintf("quantreg: QRPD sandwich: G'AG is singular with %d residuals inside the bandwidth %v (%v)", inside, h, err),
			Advice: []Advice{{RemedyBandwidth, "widen the kernel"}, {RemedyMCMC, "measure the precision from MCMC draws"}}, Err: err}
	}
	tmp.Mul(sigma, &ag)
	agSigmaAG.Mul(ag.T(), &tmp)
	var left, full mat.Dense
	left.Mul(&bread, &agSigmaAG)
	full.Mul(&left, &bread)

	res.Cov = mat.NewSymDense(k, nil)
	res.StdErr = make([]float64, k)
	for i := 0; i < k; i++ {
		for j := i; j < k; j++ {
			res.Cov.SetSym(i, j, 0.5*(full.At(i, j)+full.At(j, i))/float64(p.units))
		}
		res.StdErr[i] = math.Sqrt(res.Cov.At(i, i))
	}
	for i, se := range res.StdErr {
		if se > 0 && !math.IsInf(se, 0) {
			continue
		}
		res.StdErr[i] = math.NaN()
		res.addNote(Note{Text: fmt.Sprintf("the analytic variance of %s is %v, so its standard "+
			"error is not identified and is NaN (a bootstrap over units can measure the precision instead)", p.names[i], res.Cov.At(i, i)),
			Advice: []Advice{{RemedyMCMC, "use the spread of MCMC draws"}}})
	}
	return nil
}
