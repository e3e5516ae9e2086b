package gmm

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// IdentificationError reports a model whose instruments do not identify the coefficients.
type IdentificationError struct {
	Instruments  int
	Coefficients int
	Msg          string
}

func (e *IdentificationError) Error() string {
	return fmt.Sprintf("gmm: model not identified with %d instruments for %d coefficients: %s", e.Instruments, e.Coefficients, e.Msg)
}

// Fit estimates the dynamic panel model spec on the panel p by difference or system GMM.
//
// With K coefficients, L instruments and N units, unit i contributes the equations y_i = X_i β + u_i with
// instruments Z_i (rows × L). The one-step estimator is
//
//	β₁ = (X'Z A1 Z'X)⁻¹ X'Z A1 Z'y,  A1 = N·(Σ_i Z_i'H_i Z_i)⁻¹,
//
// where X'Z = Σ_i X_i'Z_i, and the two-step estimator replaces A1 by A2 = (Σ_i Z_i'û_i û_i'Z_i)⁻¹ from the
// one-step residuals û (Arellano and Bond 1991, Blundell and Bond 1998). The computation follows R's
// plm::pgmm 2.6 step by step, so the results match it on the same specification.
func Fit(p *Panel, spec Spec, opts Options) (*Result, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, &DataError{Msg: "the panel is nil"}
	}
	d, err := buildDesign(p, spec)
	if err != nil {
		return nil, err
	}
	res := &Result{
		Spec:                spec,
		Options:             opts,
		CoefNames:           d.coefNames,
		IsTimeDummy:         d.isTimeDummy,
		NumTransformedObs:   d.numDiff,
		NumLevelObs:         d.numLevel,
		NumObs:              d.numDiff + d.numLevel,
		NumUnits:            len(d.units),
		NumRows:             len(p.Units),
		NumInstruments:      len(d.instr),
		InstrumentGroups:    d.groups,
		MissingValues:       d.grid.missing,
		DroppedUnits:        d.droppedUnits,
		DroppedCoefficients: d.droppedCoef,
		Notes:               d.notes,
	}
	for _, c := range d.instr {
		res.InstrumentNames = append(res.InstrumentNames, c.name)
	}
	if res.NumInstruments > res.NumUnits {
		res.Warnings = append(res.Warnings, fmt.Sprintf("%d instruments exceed the %d units: with this many instruments the Hansen test loses power and the estimates drift towards the uninstrumented ones; collapse the instruments or limit their lags", res.NumInstruments, res.NumUnits))
	}
	if d.diffPeriodsGap {
		res.Notes = append(res.Notes, "no unit has a transformed equation in some period between the first and the last, so the time effects after that gap are relative to a different base period")
	}

	f := newFitter(d, spec, opts)
	if err := f.estimate(res); err != nil {
		return nil, err
	}
	return res, nil
}

// fitter carries the sums over units that every step of the estimation uses.
type fitter struct {
	d     *design
	spec  Spec
	opts  Options
	K, L  int
	zx    *mat.Dense    // Σ Z_i'X_i, L × K
	zy    *mat.VecDense // Σ Z_i'y_i, L
	a1    *mat.SymDense // N·(Σ Z_i'H_i Z_i)⁻¹
	b1    *mat.SymDense // (X'Z A1 Z'X)⁻¹
	s     *mat.SymDense // Σ Z_i'û_i û_i'Z_i from one-step residuals
	a2    *mat.SymDense // S⁻¹
	warns []string
}

func newFitter(d *design, spec Spec, opts Options) *fitter {
	f := &fitter{d: d, spec: spec, opts: opts, K: len(d.coefNames), L: len(d.instr)}
	f.zx = mat.NewDense(f.L, f.K, nil)
	f.zy = mat.NewVecDense(f.L, nil)
	for _, u := range d.units {
		var zx mat.Dense
		zx.Mul(u.Z.T(), u.X)
		f.zx.Add(f.zx, &zx)
		var zy mat.VecDense
		zy.MulVec(u.Z.T(), mat.NewVecDense(len(u.y), u.y))
		f.zy.AddVec(f.zy, &zy)
	}
	return f
}

// estimate runs the named steps: one-step estimate, two-step weights and estimate, covariances, tests.
func (f *fitter) estimate(res *Result) error {
	if f.L < f.K {
		return &IdentificationError{Instruments: f.L, Coefficients: f.K, Msg: "add instruments or remove regressors"}
	}
	coef1, err := f.oneStep()
	if err != nil {
		return err
	}
	f.twoStepWeights(coef1)

	// The difference-in-Hansen tests start from the two-step estimate, so one-step models need it too. For
	// them a singular X'Z A2 Z'X only means that those tests are missing.
	b2, ok := bread(f.zx, f.a2)
	var coef2 *mat.VecDense
	switch {
	case ok:
		coef2 = gmmSolve(b2, f.zx, f.a2, f.zy)
	case f.opts.TwoStep:
		return &IdentificationError{Instruments: f.L, Coefficients: f.K, Msg: "X'Z A2 Z'X is singular"}
	default:
		res.Notes = append(res.Notes, "difference-in-Hansen tests not computed: X'Z A2 Z'X is singular")
	}

	coef, bFinal, aFinal := coef1, f.b1, f.a1
	if f.opts.TwoStep {
		coef, bFinal, aFinal = coef2, b2, f.a2
	}
	res.Coef = vecSlice(coef)
	res.OneStepCoef = vecSlice(coef1)

	// Covariances: pgmm's vcov (non-robust) and vcovHC (robust), with the tests computed from each.
	robust := f.robustOneStep()
	if f.opts.TwoStep {
		robust = f.windmeijer(coef1, coef2, b2, robust)
	}
	res.NonRobust = f.inference(res.Coef, bFinal, coef, bFinal, aFinal)
	res.Robust = f.inference(res.Coef, robust, coef, bFinal, aFinal)

	f.overidentification(res, coef)
	if coef2 != nil {
		res.DiffHansen = f.diffHansen(coef2)
	}
	res.Warnings = append(res.Warnings, f.warns...)
	return nil
}

// oneStep computes A1 = N·(Σ_i Z_i'H_i Z_i)⁻¹, the bread B1 and the one-step estimate.
func (f *fitter) oneStep() (*mat.VecDense, error) {
	sum := mat.NewDense(f.L, f.L, nil)
	zhz := mat.NewDense(f.L, f.L, nil)
	for ui := range f.d.units {
		u := &f.d.units[ui]
		u.H = oneStepH(u.rows, f.opts.Weight)
		var hz mat.Dense
		hz.Mul(u.H, u.Z)
		zhz.Mul(u.Z.T(), &hz)
		sum.Add(sum, zhz)
	}
	a1, generalized := inversePSD(symmetrize(sum), f.opts.SingularTol)
	if generalized {
		f.warns = append(f.warns, "the one-step weight matrix Σ Z_i'H_i Z_i is singular, so a generalized inverse is used as in pgmm; test degrees of freedom still count every instrument column")
	}
	a1.ScaleSym(float64(len(f.d.units)), a1)
	f.a1 = a1

	b1, ok := bread(f.zx, f.a1)
	if !ok {
		return nil, &IdentificationError{Instruments: f.L, Coefficients: f.K, Msg: "X'Z A1 Z'X is singular, so the instruments do not determine every coefficient; check that each regressor is instrumented"}
	}
	f.b1 = b1
	return gmmSolve(f.b1, f.zx, f.a1, f.zy), nil
}

// twoStepWeights computes the moment covariance S from the one-step residuals and A2 = S⁻¹.
func (f *fitter) twoStepWeights(coef1 *mat.VecDense) {
	f.s = f.momentCovariance(coef1)
	// NOTE: an ill-conditioned S that passes SingularTol is inverted without a warning. With 22
	// instruments and 30 groups (system GMM with time dummies on the embedded panel) the two-step
	// estimates then differ from pgmm by about 1.6e-6 relative, where the EmplUK references agree to 2e-9.
	a2, generalized := inversePSD(f.s, f.opts.SingularTol)
	if generalized {
		f.warns = append(f.warns, "the two-step weight matrix Σ Z_i'û_i û_i'Z_i is singular, so a generalized inverse is used as in pgmm; test degrees of freedom still count every instrument column")
	}
	f.a2 = a2
}

// overidentification computes pgmm's Sargan statistic under both weightings of z = Σ_i Z_i'e_i at the final
// estimate.
func (f *fitter) overidentification(res *Result, coef *mat.VecDense) {
	df := f.L - f.K
	if df == 0 {
		reason := "the model is exactly identified, so there is no overidentifying restriction to test"
		res.Sargan = ChiSquareTest{Statistic: math.NaN(), PValue: math.NaN(), Reason: reason}
		res.Hansen = res.Sargan
		return
	}
	z := f.moments(coef)
	res.Sargan = chiSquare(quadForm(z, f.a1), df)
	res.Hansen = chiSquare(quadForm(z, f.a2), df)
}

// oneStepH returns H_i for one unit's rows. For transformed rows it is the covariance of the transformed
// errors when ε is i.i.d. with unit variance (Σ_t w_r(t) w_s(t) over the rows' supports), which is G for first
// differences and I for orthogonal deviations. A transformed row and a level row at period t covary by the
// transformed row's weight on t.
func oneStepH(rows []eqRow, weight OneStepWeight) *mat.SymDense {
	n := len(rows)
	h := mat.NewSymDense(n, nil)
	for r := range n {
		for s := r; s < n; s++ {
			h.SetSym(r, s, hEntry(rows[r], rows[s], r == s, weight))
		}
	}
	return h
}

func hEntry(a, b eqRow, same bool, weight OneStepWeight) float64 {
	if weight == WeightIdentity || (a.kind == levelRow && b.kind == levelRow) {
		if same {
			return 1
		}
		return 0
	}
	if a.kind != b.kind {
		if weight == WeightBlockDiagonal {
			return 0
		}
		if a.kind == levelRow {
			a, b = b, a
		}
		return weightAt(a.support, b.period)
	}
	sum := 0.0
	for _, s := range a.support {
		sum += s.weight * weightAt(b.support, s.period)
	}
	return sum
}

func weightAt(support []weightedPeriod, t int) float64 {
	for _, s := range support {
		if s.period == t {
			return s.weight
		}
	}
	return 0
}

// residuals returns y_i − X_i b for one unit.
func residuals(u *unitDesign, b *mat.VecDense) []float64 {
	e := make([]float64, len(u.y))
	var xb mat.VecDense
	xb.MulVec(u.X, b)
	for r := range e {
		e[r] = u.y[r] - xb.AtVec(r)
	}
	return e
}

// momentCovariance returns S = Σ_i Z_i'e_i e_i'Z_i with e the residuals at b.
func (f *fitter) momentCovariance(b *mat.VecDense) *mat.SymDense {
	s := mat.NewSymDense(f.L, nil)
	for ui := range f.d.units {
		u := &f.d.units[ui]
		var c mat.VecDense
		c.MulVec(u.Z.T(), mat.NewVecDense(len(u.y), residuals(u, b)))
		s.SymRankOne(s, 1, &c)
	}
	return s
}

// moments returns z = Σ_i Z_i'(y_i − X_i b) = Z'y − Z'X b.
func (f *fitter) moments(b *mat.VecDense) *mat.VecDense {
	var zxb mat.VecDense
	zxb.MulVec(f.zx, b)
	var z mat.VecDense
	z.SubVec(f.zy, &zxb)
	return &z
}

// robustOneStep returns the cluster-robust one-step covariance B1 (X'Z A1 S A1 Z'X) B1, as plm's vcovHC
// computes it for pgmm.
func (f *fitter) robustOneStep() *mat.SymDense {
	var a1zx mat.Dense
	a1zx.Mul(f.a1, f.zx)
	var s, meat mat.Dense
	s.Mul(f.s, &a1zx)
	meat.Mul(a1zx.T(), &s)
	return sandwich(f.b1, &meat)
}

// windmeijer returns the corrected two-step covariance of Windmeijer (2005), as plm's vcovHC computes it:
//
//	V = B2 + D B2 + B2 D' + D V1 D',  column k of D = −B2 X'Z A2 (∂S/∂β_k) A2 Z'ê₂,
//
// where V1 is the robust one-step covariance, ê₂ the two-step residuals and ∂S/∂β_k =
// −Σ_i Z_i'(x_ik û_i' + û_i x_ik')Z_i the derivative of the moment covariance at the one-step residuals û.
func (f *fitter) windmeijer(coef1, coef2 *mat.VecDense, b2, robust1 *mat.SymDense) *mat.SymDense {
	g := mat.NewVecDense(f.L, nil)
	g.MulVec(f.a2, f.moments(coef2))

	// (∂S/∂β_k) g = −Σ_i [a_ik (c_i·g) + c_i (a_ik·g)], a_ik = Z_i'x_ik, c_i = Z_i'û_i.
	dsg := mat.NewDense(f.L, f.K, nil)
	for ui := range f.d.units {
		u := &f.d.units[ui]
		var zx mat.Dense
		zx.Mul(u.Z.T(), u.X)
		var c mat.VecDense
		c.MulVec(u.Z.T(), mat.NewVecDense(len(u.y), residuals(u, coef1)))
		cg := mat.Dot(&c, g)
		var ag mat.VecDense
		ag.MulVec(zx.T(), g) // a_ik·g for every k
		for l := range f.L {
			for k := range f.K {
				dsg.Set(l, k, dsg.At(l, k)-zx.At(l, k)*cg-c.AtVec(l)*ag.AtVec(k))
			}
		}
	}
	var a2dsg, zxa2dsg, dm mat.Dense
	a2dsg.Mul(f.a2, dsg)
	zxa2dsg.Mul(f.zx.T(), &a2dsg)
	dm.Mul(b2, &zxa2dsg)
	dm.Scale(-1, &dm)

	var db2, dv1, dv1d mat.Dense
	db2.Mul(&dm, b2)
	dv1.Mul(&dm, robust1)
	dv1d.Mul(&dv1, dm.T())
	v := mat.NewDense(f.K, f.K, nil)
	v.Add(b2, &db2)
	v.Add(v, db2.T())
	v.Add(v, &dv1d)
	return symmetrize(v)
}

// inference computes SEs, z, p, Wald and Arellano–Bond tests from one covariance matrix. The AR tests also
// need the bread and weight of the final step (bFinal, aFinal).
func (f *fitter) inference(coef []float64, vcov *mat.SymDense, b *mat.VecDense, bFinal, aFinal *mat.SymDense) Inference {
	inf := Inference{Vcov: vcov}
	for k := range coef {
		se := math.Sqrt(vcov.At(k, k))
		z := coef[k] / se
		inf.SE = append(inf.SE, se)
		inf.Z = append(inf.Z, z)
		inf.P = append(inf.P, 2*distuv.UnitNormal.Survival(math.Abs(z)))
	}
	var coefIdx, timeIdx []int
	for k := range coef {
		switch {
		case f.d.isTimeDummy[k]:
			timeIdx = append(timeIdx, k)
		case !f.d.isConst[k]:
			coefIdx = append(coefIdx, k)
		}
	}
	inf.WaldCoef = wald(coef, vcov, coefIdx, "the model has no regressor besides the constant and the time dummies")
	inf.WaldTime = wald(coef, vcov, timeIdx, "the model has no time dummies")
	for order := 1; order <= f.opts.MaxAROrder; order++ {
		inf.AR = append(inf.AR, f.arTest(order, b, vcov, bFinal, aFinal))
	}
	return inf
}

// wald returns the Wald statistic b_S' V_SS⁻¹ b_S for the coefficients idx.
func wald(coef []float64, vcov *mat.SymDense, idx []int, emptyReason string) ChiSquareTest {
	if len(idx) == 0 {
		return ChiSquareTest{Statistic: math.NaN(), PValue: math.NaN(), Reason: emptyReason}
	}
	sub := subSym(vcov, idx)
	var chol mat.Cholesky
	if !chol.Factorize(sub) {
		return ChiSquareTest{Statistic: math.NaN(), DF: len(idx), PValue: math.NaN(),
			Reason: "the covariance of the tested coefficients is not positive definite"}
	}
	b := mat.NewVecDense(len(idx), nil)
	for i, k := range idx {
		b.SetVec(i, coef[k])
	}
	var x mat.VecDense
	if err := chol.SolveVecTo(&x, b); err != nil {
		return ChiSquareTest{Statistic: math.NaN(), DF: len(idx), PValue: math.NaN(), Reason: "solving for the Wald statistic failed: " + err.Error()}
	}
	return chiSquare(mat.Dot(b, &x), len(idx))
}

func chiSquare(stat float64, df int) ChiSquareTest {
	t := ChiSquareTest{Statistic: stat, DF: df, PValue: math.NaN()}
	if df > 0 && !math.IsNaN(stat) {
		t.PValue = distuv.ChiSquared{K: float64(df)}.Survival(stat)
	}
	return t
}

func vecSlice(v *mat.VecDense) []float64 {
	out := make([]float64, v.Len())
	for i := range out {
		out[i] = v.AtVec(i)
	}
	return out
}
