package quantreg

import (
	"context"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// SEMethod selects how Result.Infer estimates the covariance of the coefficients.
type SEMethod int

const (
	// SENID is the Hendricks–Koenker sandwich with a local sparsity estimate from the fits at τ ± h,
	// summary.rq(se = "nid"). It is the default.
	SENID SEMethod = iota
	// SEIID assumes iid errors: the sparsity is the slope of a median regression through the order
	// statistics of the residuals near zero (Koenker and Bassett 1978), summary.rq(se = "iid").
	SEIID
	// SEKernel is the Powell (1991) kernel sandwich with a Gaussian kernel, summary.rq(se = "ker").
	SEKernel
	// SEBootstrapXY resamples (y, x) rows with replacement, summary.rq(se = "boot") with
	// bsmethod = "xy".
	SEBootstrapXY
	// SEBootstrapCluster resamples whole clusters with replacement (pairs cluster bootstrap) and refits.
	SEBootstrapCluster
	// SEBootstrapWildCluster is the wild gradient bootstrap of Hagemann (2017) with cluster-level
	// two-point weights, the method quantreg's boot.rq uses when a cluster is given.
	SEBootstrapWildCluster
)

func (m SEMethod) String() string {
	switch m {
	case SENID:
		return "nid"
	case SEIID:
		return "iid"
	case SEKernel:
		return "ker"
	case SEBootstrapXY:
		return "bootstrap (xy pairs)"
	case SEBootstrapCluster:
		return "bootstrap (cluster pairs)"
	case SEBootstrapWildCluster:
		return "bootstrap (wild gradient, clusters)"
	}
	return fmt.Sprintf("SEMethod(%d)", int(m))
}

// BandwidthRule selects the bandwidth on the quantile scale used by the nid, iid and kernel methods.
type BandwidthRule int

const (
	// HallSheather is the Hall and Sheather (1988) rule, quantreg's default (hs = TRUE).
	HallSheather BandwidthRule = iota
	// Bofinger is the Bofinger (1975) rule (hs = FALSE).
	Bofinger
)

// InferenceOptions configures Result.Infer. The zero value gives nid standard errors with the
// Hall–Sheather bandwidth, as summary.rq(se = "nid").
type InferenceOptions struct {
	Method    SEMethod
	Bandwidth BandwidthRule
	// Alpha is the significance level in the Hall–Sheather rule; 0 means 0.05 as in bandwidth.rq.
	Alpha float64

	// Replications is the number of bootstrap samples; 0 means 200 as in boot.rq.
	Replications int
	// Seed fixes the bootstrap draws. Replication b draws from its own stream derived from (Seed, b), so
	// the result is bit-identical for any GOMAXPROCS.
	Seed uint64
	// Cluster holds one cluster id per observation (length N) for the cluster bootstraps.
	Cluster []int
	// Progress, when non-nil, is called with the number of finished and total replications. Calls may come
	// from several goroutines but never concurrently.
	Progress func(done, total int)
}

// Inference holds standard errors and tests for a Result.
type Inference struct {
	Method SEMethod
	Names  []string
	Coef   []float64
	StdErr []float64
	TValue []float64
	// PValue is two-sided from Student's t with DF degrees of freedom, as summary.rq.
	PValue []float64
	DF     int           // N − p
	Cov    *mat.SymDense // p×p covariance matrix of the coefficients

	// Bandwidth is h on the quantile scale (after halving while τ ± h leaves (0, 1)), for nid, iid and
	// kernel standard errors.
	Bandwidth float64
	// KernelBandwidth is the bandwidth on the residual scale of the kernel method.
	KernelBandwidth float64
	// Sparsity is the estimate of 1/f(F⁻¹(τ)) of the iid method.
	Sparsity float64
	// NonPositiveDensities counts observations whose nid density estimate was not positive (set to zero),
	// the count summary.rq warns about as "non-positive fis".
	NonPositiveDensities int

	Replications int // bootstrap samples used
	Failed       int // bootstrap samples whose refit failed and were left out
	Notes        []string
}

// Infer estimates the covariance of the coefficients. ctx cancels a bootstrap between replications.
func (r *Result) Infer(ctx context.Context, opt InferenceOptions) (*Inference, error) {
	if r.x == nil {
		return nil, fmt.Errorf("quantreg: Infer needs a Result returned by Fit")
	}
	p := len(r.Coef)
	inf := &Inference{Method: opt.Method, Names: r.Names, Coef: r.Coef, DF: r.N - p}

	var cov *mat.SymDense
	var err error
	switch opt.Method {
	case SENID:
		cov, err = r.nidCov(opt, inf)
	case SEIID:
		cov, err = r.iidCov(opt, inf)
	case SEKernel:
		cov, err = r.kernelCov(opt, inf)
	case SEBootstrapXY, SEBootstrapCluster, SEBootstrapWildCluster:
		cov, err = r.bootstrapCov(ctx, opt, inf)
	default:
		return nil, fmt.Errorf("quantreg: unknown standard-error method %v", opt.Method)
	}
	if err != nil {
		return nil, err
	}
	inf.Cov = cov
	inf.StdErr = make([]float64, p)
	inf.TValue = make([]float64, p)
	inf.PValue = make([]float64, p)
	tdist := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(inf.DF)}
	for j := 0; j < p; j++ {
		se := math.Sqrt(cov.At(j, j))
		inf.StdErr[j] = se
		inf.TValue[j] = r.Coef[j] / se
		if inf.DF > 0 {
			inf.PValue[j] = 2 * tdist.Survival(math.Abs(inf.TValue[j]))
		} else {
			inf.PValue[j] = math.NaN()
		}
	}
	return inf, nil
}

// BandwidthHallSheather returns the Hall and Sheather (1988) bandwidth for quantile tau and n observations,
//
//	h = n^(−1/3) · z_(1−α/2)^(2/3) · (1.5 φ(Φ⁻¹(τ))² / (2 Φ⁻¹(τ)² + 1))^(1/3),
//
// as quantreg's bandwidth.rq(hs = TRUE).
func BandwidthHallSheather(tau float64, n int, alpha float64) float64 {
	x0 := distuv.UnitNormal.Quantile(tau)
	f0 := distuv.UnitNormal.Prob(x0)
	z := distuv.UnitNormal.Quantile(1 - alpha/2)
	return math.Pow(float64(n), -1.0/3) * math.Pow(z, 2.0/3) * math.Pow(1.5*f0*f0/(2*x0*x0+1), 1.0/3)
}

// BandwidthBofinger returns the Bofinger (1975) bandwidth n^(−1/5) · (4.5 φ(Φ⁻¹(τ))⁴ / (2 Φ⁻¹(τ)² + 1)²)^(1/5),
// as quantreg's bandwidth.rq(hs = FALSE).
func BandwidthBofinger(tau float64, n int) float64 {
	x0 := distuv.UnitNormal.Quantile(tau)
	f0 := distuv.UnitNormal.Prob(x0)
	d := 2*x0*x0 + 1
	return math.Pow(float64(n), -0.2) * math.Pow(4.5*f0*f0*f0*f0/(d*d), 0.2)
}

func (r *Result) bandwidth(opt InferenceOptions) float64 {
	if opt.Bandwidth == Bofinger {
		return BandwidthBofinger(r.Tau, r.N)
	}
	alpha := opt.Alpha
	if alpha == 0 {
		alpha = 0.05
	}
	return BandwidthHallSheather(r.Tau, r.N, alpha)
}

// nidCov is summary.rq(se = "nid"): with fits at τ ± h, the density at observation i is
// f_i = max(0, 2h / (x_i'(β(τ+h) − β(τ−h)) − eps)), and
//
//	V = τ(1−τ) (X'FX)⁻¹ X'X (X'FX)⁻¹.
func (r *Result) nidCov(opt InferenceOptions, inf *Inference) (*mat.SymDense, error) {
	n, p := r.N, len(r.Coef)
	h := r.bandwidth(opt)
	for r.Tau-h < 0 || r.Tau+h > 1 {
		h /= 2
	}
	inf.Bandwidth = h

	hi, err := brSolve(r.x, r.y, n, p, r.Tau+h)
	if err != nil {
		return nil, fmt.Errorf("quantreg: nid standard errors: fit at tau+h = %v: %w", r.Tau+h, err)
	}
	lo, err := brSolve(r.x, r.y, n, p, r.Tau-h)
	if err != nil {
		return nil, fmt.Errorf("quantreg: nid standard errors: fit at tau-h = %v: %w", r.Tau-h, err)
	}

	f := make([]float64, n)
	for i := 0; i < n; i++ {
		var dy float64
		for j := 0; j < p; j++ {
			dy += r.x[i*p+j] * (hi.coef[j] - lo.coef[j])
		}
		if dy <= 0 {
			inf.NonPositiveDensities++
		}
		f[i] = math.Max(0, 2*h/(dy-zeroResidualTolerance))
	}
	if inf.NonPositiveDensities > 0 {
		inf.Notes = append(inf.Notes, fmt.Sprintf("%d non-positive density estimates were set to zero",
			inf.NonPositiveDensities))
	}
	return sandwichCov(r.x, n, p, f, r.Tau)
}

// kernelCov is summary.rq(se = "ker"): the residual-scale bandwidth is
// (Φ⁻¹(τ+h) − Φ⁻¹(τ−h)) · min(sd(u), IQR(u)/1.34) and f_i = φ(u_i/h_u)/h_u.
func (r *Result) kernelCov(opt InferenceOptions, inf *Inference) (*mat.SymDense, error) {
	n, p := r.N, len(r.Coef)
	h := r.bandwidth(opt)
	for r.Tau-h < 0 || r.Tau+h > 1 {
		h /= 2
	}
	inf.Bandwidth = h
	u := r.Residuals
	sorted := append([]float64(nil), u...)
	sort.Float64s(sorted)
	iqr := quantileType7(sorted, 0.75) - quantileType7(sorted, 0.25)
	scale := math.Min(stat.StdDev(u, nil), iqr/1.34)
	hu := (distuv.UnitNormal.Quantile(r.Tau+h) - distuv.UnitNormal.Quantile(r.Tau-h)) * scale
	inf.KernelBandwidth = hu
	if !(hu > 0) {
		return nil, fmt.Errorf("quantreg: kernel standard errors: residual bandwidth %v is not positive "+
			"(residuals have no spread); use se method nid or a bootstrap", hu)
	}
	f := make([]float64, n)
	for i, ui := range u {
		f[i] = distuv.UnitNormal.Prob(ui/hu) / hu
	}
	return sandwichCov(r.x, n, p, f, r.Tau)
}

// iidCov is summary.rq(se = "iid"): V = s² τ(1−τ) (X'X)⁻¹, where the sparsity s is the slope of a
// median regression of the ordered residuals nearest zero on their ranks divided by n − p.
func (r *Result) iidCov(opt InferenceOptions, inf *Inference) (*mat.SymDense, error) {
	n, p := r.N, len(r.Coef)
	h := r.bandwidth(opt)
	inf.Bandwidth = h
	pz := 0
	for _, u := range r.Residuals {
		if math.Abs(u) < zeroResidualTolerance {
			pz++
		}
	}
	m := int(math.Ceil(float64(n) * h))
	if m < p+1 {
		m = p + 1
	}
	// ranks pz+1 … pz+m+1 (1-based) of the residuals ordered by absolute value
	first, last := pz+1, pz+m+1
	if last > n {
		return nil, &TooFewObservationsError{N: n, Need: last, What: "iid standard errors (sparsity from order statistics)"}
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return math.Abs(r.Residuals[order[a]]) < math.Abs(r.Residuals[order[b]])
	})
	k := last - first + 1
	ordResid := make([]float64, k)
	for i := 0; i < k; i++ {
		ordResid[i] = r.Residuals[order[first-1+i]]
	}
	sort.Float64s(ordResid)
	xt := make([]float64, 2*k)
	for i := 0; i < k; i++ {
		xt[2*i] = 1
		xt[2*i+1] = float64(first+i) / float64(n-p)
	}
	sp, err := brSolve(xt, ordResid, k, 2, 0.5)
	if err != nil {
		return nil, fmt.Errorf("quantreg: iid standard errors: sparsity regression: %w", err)
	}
	s := sp.coef[1]
	inf.Sparsity = s

	xxinv, err := crossprodInverse(r.x, n, p, nil)
	if err != nil {
		return nil, err
	}
	xxinv.ScaleSym(s*s*r.Tau*(1-r.Tau), xxinv)
	return xxinv, nil
}

// sandwichCov returns τ(1−τ) (X'FX)⁻¹ X'X (X'FX)⁻¹ for weights f.
func sandwichCov(x []float64, n, p int, f []float64, tau float64) (*mat.SymDense, error) {
	hinv, err := crossprodInverse(x, n, p, f)
	if err != nil {
		return nil, fmt.Errorf("quantreg: X'FX with estimated densities is singular (too few observations "+
			"near the fitted quantile); try the bootstrap: %w", err)
	}
	xx := mat.NewSymDense(p, nil)
	xm := mat.NewDense(n, p, x)
	xx.SymOuterK(1, xm.T())
	var tmp, full mat.Dense
	tmp.Mul(hinv, xx)
	full.Mul(&tmp, hinv)
	cov := mat.NewSymDense(p, nil)
	for i := 0; i < p; i++ {
		for j := i; j < p; j++ {
			cov.SetSym(i, j, tau*(1-tau)*0.5*(full.At(i, j)+full.At(j, i)))
		}
	}
	return cov, nil
}

// crossprodInverse returns (X'diag(w)X)⁻¹ from the QR decomposition of diag(√w)X, as summary.rq does with
// backsolve(qr(sqrt(f) * x)). A nil w means unit weights.
func crossprodInverse(x []float64, n, p int, w []float64) (*mat.SymDense, error) {
	a := mat.NewDense(n, p, nil)
	for i := 0; i < n; i++ {
		s := 1.0
		if w != nil {
			s = math.Sqrt(w[i])
		}
		for j := 0; j < p; j++ {
			a.Set(i, j, s*x[i*p+j])
		}
	}
	var qr mat.QR
	qr.Factorize(a)
	var rfull mat.Dense
	qr.RTo(&rfull)
	rsq := mat.NewTriDense(p, mat.Upper, nil)
	for i := 0; i < p; i++ {
		for j := i; j < p; j++ {
			rsq.SetTri(i, j, rfull.At(i, j))
		}
	}
	var rinv mat.TriDense
	if err := rinv.InverseTri(rsq); err != nil {
		return nil, err
	}
	out := mat.NewSymDense(p, nil)
	out.SymOuterK(1, &rinv)
	return out, nil
}

// quantileType7 is R's default quantile (Hyndman and Fan type 7) of sorted data.
func quantileType7(sorted []float64, prob float64) float64 {
	n := len(sorted)
	if n == 1 {
		return sorted[0]
	}
	index := 1 + float64(n-1)*prob
	lo := math.Floor(index + 4*0x1p-52)
	h := index - lo
	if math.Abs(h) < 4*0x1p-52 {
		h = 0
	}
	i := int(lo)
	if i >= n {
		return sorted[n-1]
	}
	return (1-h)*sorted[i-1] + h*sorted[i]
}
