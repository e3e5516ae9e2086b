package linreg

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// VCovType selects the variance estimator.
type VCovType int

const (
	// IID is s²(X̃'X̃)⁻¹ with s² = RSS/DFResid, whose degrees of freedom count the absorbed levels, so
	// it equals the classical OLS variance of the dummy-variable (LSDV) regression. p-values: t(DFResid).
	IID VCovType = iota
	// HC0 is White's estimator (X̃'X̃)⁻¹ Σ u_i² x̃_i x̃_i' (X̃'X̃)⁻¹ on the within-transformed regressors
	// x̃ and residuals u. p-values: t(DFResid), as lmtest::coeftest reports.
	HC0
	// HC1 is HC0 × N/(N − K − FERank) = N/DFResid: Stata's robust option and sandwich's "HC1" on the
	// LSDV regression.
	HC1
	// HC2 divides u_i² by 1 − h_ii, where h_ii = x̃_i'(X̃'X̃)⁻¹x̃_i is the leverage of row i in the
	// within-transformed design. With fixed effects this leaves out the leverage of the dummies (1/T_g
	// for one dimension), so it differs from HC2 on the LSDV regression. Without fixed effects it is
	// the usual HC2 of MacKinnon and White (1985).
	HC2
	// HC3 divides u_i² by (1 − h_ii)², with h_ii as for HC2.
	HC3
	// Cluster is the cluster-robust estimator on one or two dimensions named in VCovSpec.Cluster,
	// with the small-sample convention VCovSpec.Convention.
	Cluster
)

// String returns the estimator name.
func (t VCovType) String() string {
	switch t {
	case IID:
		return "IID"
	case HC0:
		return "HC0"
	case HC1:
		return "HC1"
	case HC2:
		return "HC2"
	case HC3:
		return "HC3"
	case Cluster:
		return "cluster"
	}
	return fmt.Sprintf("VCovType(%d)", int(t))
}

// Convention is a small-sample convention for cluster-robust variances. Each scales the uncorrected
// sandwich V0 = (X̃'X̃)⁻¹ [Σ_g (X̃_g'u_g)(X̃_g'u_g)'] (X̃'X̃)⁻¹ by a multiplier
//
//	c = G/(G − 1) · (N − 1)/(N − K)
//
// or a part of it, with G clusters, N observations and a convention-specific K. Below, k is the number of
// estimated coefficients (len(Result.Coef), the intercept of pooled OLS included), L_d the levels of
// fixed-effect dimension d, and a dimension is nested when each of its levels lies in one cluster.
// With two-way clustering G is min(G1, G2) unless VCovSpec.PerTermAdjust is set.
type Convention int

const (
	// Stata is the default: Stata's xtreg, fe vce(cluster id), extended to several absorbed
	// dimensions as if the non-nested ones were entered as i.var dummies. K = k + 1 + (rank of all
	// fixed effects) − (rank of the nested ones, or 1 when none is nested): nested dimensions count 0,
	// every other dimension its L_d − 1 (less any redundant levels), plus 1 for _cons. With no fixed
	// effects K = k, as regress reports. p-values: t(G − 1).
	Stata Convention = iota
	// Reghdfe counts nested dimensions as fully redundant and charges no separate constant:
	// K = k + Σ over non-nested d of (L_d − r_d), with redundant levels r_d = 0 for the first dimension,
	// the number of connected components of the first two dimensions for the second, and 1 for later
	// ones. With one nested dimension K = k; with entity FE nested and year FE not, K = k + T − 1.
	// p-values: t(G − 1).
	//
	// NOTE: published reghdfe outputs disagree on this count. Some list the year effects of such a
	// model with one redundant level (K = k + T − 1, as here), others with none (K = k + T, the Stata
	// value), so check against the reghdfe version in use.
	Reghdfe
	// Fixest is fixest's default ssc(adj = TRUE, fixef.K = "nested", cluster.adj = TRUE,
	// cluster.df = "min", t.df = "min"): K = k + (Σ L_d − (D − 1)) − Σ over nested d of (L_d − 1), and
	// K = k + 1 when every dimension is nested. Unlike Stata it ignores extra connected components
	// (fixef.force_exact = FALSE). p-values: t(G − 1).
	Fixest
	// PlmSSS is R plm's vcovHC(type = "sss") and clubSandwich's CR1S: K = k. p-values: t(DFResid), as
	// coeftest reports for plm models.
	PlmSSS
	// PlmHC1 is R plm's vcovHC(type = "HC1", cluster = "group"): multiplier N/(N − k), without
	// G/(G − 1). p-values: t(DFResid).
	PlmHC1
	// CR0 is V0 unscaled (plm's type "HC0", clubSandwich's CR0). p-values: standard normal.
	CR0
	// CR1 is G/(G − 1) · V0 only (clubSandwich's CR1, sandwich::vcovCL(type = "HC0", cadjust = TRUE)).
	// p-values: t(G − 1).
	CR1
	// AregLSDV counts every column of the dummy-variable regression: K = k + FERank. This is Stata's
	// areg and regress with i.id dummies, and sandwich::vcovCL(type = "HC1") on the LSDV lm.
	// p-values: t(G − 1).
	AregLSDV
	// XtregOneWay is the one-way xtreg formula K = k + 1 whatever the fixed effects (k without them).
	// It equals Stata for entity fixed effects only; with year effects absorbed as well it ignores
	// their T − 1 degrees of freedom. p-values: t(G − 1).
	XtregOneWay
)

// String returns the convention name.
func (c Convention) String() string {
	switch c {
	case Stata:
		return "Stata"
	case Reghdfe:
		return "reghdfe"
	case Fixest:
		return "fixest"
	case PlmSSS:
		return "plm sss"
	case PlmHC1:
		return "plm HC1"
	case CR0:
		return "CR0"
	case CR1:
		return "CR1"
	case AregLSDV:
		return "areg/LSDV"
	case XtregOneWay:
		return "xtreg one-way"
	}
	return fmt.Sprintf("Convention(%d)", int(c))
}

// VCovSpec selects one variance estimate. The zero value is IID.
type VCovSpec struct {
	Type VCovType
	// Cluster names one or two factors of the Design (FE or Clusters) for Type == Cluster.
	Cluster []string
	// Convention is the small-sample convention for Type == Cluster; the zero value is Stata.
	Convention Convention
	// PerTermAdjust applies G_j/(G_j − 1) to each term of the two-way formula V1 + V2 − V12 (G_12 for
	// the intersection), as R sandwich's vcovCL(cadjust = TRUE) and fixest's cluster.df = "conventional"
	// do, in place of min(G1, G2)/(min(G1, G2) − 1) on the sum.
	PerTermAdjust bool
	// NoEigenFix keeps a two-way clustered matrix that is not positive semi-definite as computed. By
	// default its negative eigenvalues are set to 0, the fix that Cameron, Gelbach and Miller (2011)
	// discuss, and Inference.NegativeEigenvalues reports how many there were.
	NoEigenFix bool
}

// FewClustersThreshold is the number of clusters below which Inference.FewClusters is set. It is the
// rule of thumb of Angrist and Pischke (2009, Mostly Harmless Econometrics, ch. 8): with fewer clusters,
// cluster-robust standard errors tend to be too small (see also Cameron and Miller 2015).
const FewClustersThreshold = 42

// Inference holds one variance estimate of a Result and the tests built on it.
type Inference struct {
	Spec  VCovSpec
	Names []string
	Coef  []float64
	SE    []float64
	Stat  []float64 // Coef/SE
	P     []float64 // two-sided p-values
	VCov  *mat.SymDense

	// DF is the degrees of freedom of the t distribution behind P; +Inf means the standard normal.
	DF float64
	// Multiplier is the factor applied to the uncorrected estimate (V0, or s²(X̃'X̃)⁻¹ for IID, where
	// it is 1). With PerTermAdjust it is the (N − 1)/(N − K) part only.
	Multiplier float64
	// KAdjust is the K of the small-sample factor ((N − 1)/(N − K) or N/(N − K)), or of N − K for IID
	// and HC1.
	KAdjust int

	// G is the number of clusters in each clustering dimension; GMin their minimum.
	G    []int
	GMin int
	// Nested lists the fixed-effect dimensions nested in a cluster dimension.
	Nested []string
	// FewClusters is set when GMin < FewClustersThreshold.
	FewClusters bool
	// NegativeEigenvalues counts the negative eigenvalues of a two-way clustered matrix; they were set
	// to 0 unless Spec.NoEigenFix.
	NegativeEigenvalues int

	// WaldF tests that all slopes (the intercept excluded) are zero under this variance:
	// F = b'V⁻¹b/q with WaldDF = (q, DF). It is NaN when V restricted to the slopes is singular, for
	// example when q > G − 1.
	WaldF  float64
	WaldDF [2]float64
	WaldP  float64

	Notes []string
}

// ConfInt returns the confidence interval of every coefficient at the given level (0.95 for 95%),
// from the same distribution as P.
func (in *Inference) ConfInt(level float64) (lo, hi []float64) {
	q := criticalValue(level, in.DF)
	lo = make([]float64, len(in.Coef))
	hi = make([]float64, len(in.Coef))
	for j, b := range in.Coef {
		lo[j] = b - q*in.SE[j]
		hi[j] = b + q*in.SE[j]
	}
	return lo, hi
}

// VCov computes the variance estimate selected by spec. Several estimates can be computed from one
// Result; each call is independent.
//
// Errors (all wrap ErrVCov): *ClusterError for an unknown cluster name or fewer than two clusters,
// *DFError when N − K is not positive, *LeverageError for HC2/HC3 with a leverage of 1.
func (res *Result) VCov(spec VCovSpec) (*Inference, error) {
	in := &Inference{Spec: spec, Names: res.Names, Coef: res.Coef, Multiplier: 1}
	k := res.K
	var v []float64
	var err error
	switch spec.Type {
	case IID:
		v, err = res.iid(in)
	case HC0, HC1, HC2, HC3:
		v, err = res.hc(in, spec.Type)
	case Cluster:
		v, err = res.clustered(in, spec)
	default:
		return nil, fmt.Errorf("%w: unknown VCovType %d", ErrVCov, int(spec.Type))
	}
	if err != nil {
		return nil, err
	}

	if k > 0 {
		in.VCov = mat.NewSymDense(k, nil)
	}
	in.SE = make([]float64, k)
	in.Stat = make([]float64, k)
	in.P = make([]float64, k)
	for a := 0; a < k; a++ {
		for b := 0; b <= a; b++ {
			in.VCov.SetSym(a, b, v[a*k+b])
		}
		in.SE[a] = math.Sqrt(v[a*k+a])
		in.Stat[a] = res.Coef[a] / in.SE[a]
		in.P[a] = twoSidedP(in.Stat[a], in.DF)
	}
	res.wald(in, v)
	return in, nil
}

func (res *Result) iid(in *Inference) ([]float64, error) {
	if res.DFResid <= 0 {
		return nil, &DFError{What: "the IID variance", N: res.N, K: res.K + res.FERank}
	}
	in.DF = float64(res.DFResid)
	in.KAdjust = res.K + res.FERank
	s2 := res.RSS / float64(res.DFResid)
	v := make([]float64, len(res.xtxInv))
	for i, b := range res.xtxInv {
		v[i] = s2 * b
	}
	return v, nil
}

func (res *Result) hc(in *Inference, kind VCovType) ([]float64, error) {
	if res.DFResid <= 0 {
		return nil, &DFError{What: "the " + kind.String() + " variance", N: res.N, K: res.K + res.FERank}
	}
	in.DF = float64(res.DFResid)
	k := res.K
	n := res.N
	nc := chunks(n)
	parts := make([]float64, nc*k*k)
	badRow := make([]int, nc)
	for c := range badRow {
		badRow[c] = -1
	}
	lev := make([]float64, nc)
	parallelFor(nc, res.workers, func(c int) {
		lo, hi := chunkBounds(c, n)
		part := parts[c*k*k : (c+1)*k*k]
		xi := make([]float64, k)
		for i := lo; i < hi; i++ {
			for a := range xi {
				xi[a] = res.xw[a][i]
			}
			u := res.Residuals[i]
			w := u * u
			if kind == HC2 || kind == HC3 {
				h := quadForm(res.xtxInv, xi)
				if !(h < 1-1e-12) {
					if badRow[c] < 0 {
						badRow[c], lev[c] = i, h
					}
					continue
				}
				w /= 1 - h
				if kind == HC3 {
					w /= 1 - h
				}
			}
			for a := 0; a < k; a++ {
				wa := w * xi[a]
				row := part[a*k : a*k+a+1]
				for b := range row {
					row[b] += wa * xi[b]
				}
			}
		}
	})
	for c, i := range badRow {
		if i >= 0 {
			return nil, &LeverageError{Row: res.Rows[i], Leverage: lev[c]}
		}
	}
	meat := make([]float64, k*k)
	for c := 0; c < nc; c++ {
		for i, v := range parts[c*k*k : (c+1)*k*k] {
			meat[i] += v
		}
	}
	symmetrize(meat, k)
	v := sandwich(res.xtxInv, meat, k)
	if kind == HC1 {
		in.KAdjust = res.K + res.FERank
		in.Multiplier = float64(n) / float64(res.DFResid)
		scaleInPlace(v, in.Multiplier)
	}
	return v, nil
}

// clustered computes the one- or two-way cluster-robust variance.
func (res *Result) clustered(in *Inference, spec VCovSpec) ([]float64, error) {
	if len(spec.Cluster) == 0 || len(spec.Cluster) > 2 {
		return nil, fmt.Errorf("%w: VCovSpec.Cluster names %d factors; name one or two", ErrVCov, len(spec.Cluster))
	}
	dims := make([]feDim, len(spec.Cluster))
	for j, name := range spec.Cluster {
		d, ok := res.factor(name)
		if !ok {
			return nil, &ClusterError{Cluster: name, Reason: "no fixed effect or cluster of the Design has this name; " +
				"add the factor to Design.Clusters"}
		}
		if d.levels < 2 {
			return nil, &ClusterError{Cluster: name, G: d.levels, Reason: "the cluster-robust variance needs at least " +
				"two clusters (G/(G − 1) is undefined and the scores sum to zero within one cluster)"}
		}
		dims[j] = d
		in.G = append(in.G, d.levels)
	}
	in.GMin = in.G[0]
	if len(in.G) == 2 {
		in.GMin = min(in.G[0], in.G[1])
	}
	in.FewClusters = in.GMin < FewClustersThreshold
	if in.FewClusters {
		in.Notes = append(in.Notes, fmt.Sprintf("only %d clusters (fewer than %d): cluster-robust standard errors "+
			"may be unreliable; consider a wild cluster bootstrap", in.GMin, FewClustersThreshold))
	}

	nested := make([]bool, len(res.fe))
	for d, f := range res.fe {
		for _, c := range dims {
			if nestedIn(f, c) {
				nested[d] = true
				in.Nested = append(in.Nested, f.name)
				break
			}
		}
	}

	conv := spec.Convention
	K := res.conventionK(conv, nested)
	in.KAdjust = K
	n := res.N
	gAdj := func(g int) float64 { return float64(g) / float64(g-1) }
	nAdj := 1.0
	switch conv {
	case CR0, CR1:
	case PlmHC1:
		if n-K <= 0 {
			return nil, &DFError{What: "the " + conv.String() + " factor", N: n, K: K}
		}
		nAdj = float64(n) / float64(n-K)
	default:
		if n-K <= 0 {
			return nil, &DFError{What: "the " + conv.String() + " factor", N: n, K: K}
		}
		nAdj = float64(n-1) / float64(n-K)
	}
	useG := conv != CR0 && conv != PlmHC1
	switch conv {
	case CR0:
		in.DF = math.Inf(1)
	case PlmSSS, PlmHC1:
		if res.DFResid <= 0 {
			return nil, &DFError{What: "t(DFResid) p-values", N: n, K: res.K + res.FERank}
		}
		in.DF = float64(res.DFResid)
	default:
		in.DF = float64(in.GMin - 1)
	}

	k := res.K
	v0 := res.clusterSandwich(dims[0])
	if len(dims) == 1 {
		in.Multiplier = nAdj
		if useG {
			in.Multiplier *= gAdj(in.G[0])
		}
		scaleInPlace(v0, in.Multiplier)
		return v0, nil
	}

	inter := intersectFactors(dims[0], dims[1])
	v1, v2, v12 := v0, res.clusterSandwich(dims[1]), res.clusterSandwich(inter)
	w1, w2, w12 := 1.0, 1.0, 1.0
	in.Multiplier = nAdj
	if useG {
		if spec.PerTermAdjust {
			w1, w2 = gAdj(in.G[0]), gAdj(in.G[1])
			if inter.levels > 1 {
				w12 = gAdj(inter.levels)
			}
		} else {
			in.Multiplier *= gAdj(in.GMin)
		}
	}
	v := make([]float64, k*k)
	for i := range v {
		v[i] = in.Multiplier * (w1*v1[i] + w2*v2[i] - w12*v12[i])
	}
	in.NegativeEigenvalues = fixEigen(v, k, !spec.NoEigenFix)
	if in.NegativeEigenvalues > 0 {
		if spec.NoEigenFix {
			in.Notes = append(in.Notes, fmt.Sprintf("the two-way clustered matrix has %d negative eigenvalue(s); "+
				"kept as computed", in.NegativeEigenvalues))
		} else {
			in.Notes = append(in.Notes, fmt.Sprintf("the two-way clustered matrix had %d negative eigenvalue(s), "+
				"set to 0 (Cameron, Gelbach and Miller 2011)", in.NegativeEigenvalues))
		}
	}
	return v, nil
}

// conventionK returns the K of a convention's (N − 1)/(N − K) factor. nested flags the fixed-effect
// dimensions nested in a cluster dimension.
func (res *Result) conventionK(conv Convention, nested []bool) int {
	k := res.K
	D := len(res.fe)
	if D == 0 {
		return k
	}
	var nestedDims []int
	for d, isNested := range nested {
		if isNested {
			nestedDims = append(nestedDims, d)
		}
	}
	switch conv {
	case Stata:
		rNested := 1
		if len(nestedDims) > 0 {
			rNested, _ = subsetRank(res.fe, nestedDims)
		}
		return k + 1 + res.FERank - rNested
	case Reghdfe:
		K := k
		for d, f := range res.fe {
			if nested[d] {
				continue
			}
			redundant := 0
			switch {
			case d == 1:
				redundant = res.FEComponents
			case d > 1:
				redundant = 1
			}
			K += f.levels - redundant
		}
		return K
	case Fixest:
		if len(nestedDims) == D {
			return k + 1
		}
		K := k - (D - 1)
		for d, f := range res.fe {
			K += f.levels
			if nested[d] {
				K -= f.levels - 1
			}
		}
		return K
	case AregLSDV:
		return k + res.FERank
	case XtregOneWay:
		return k + 1
	}
	return k
}

// factor finds a fixed-effect or cluster dimension by name.
func (res *Result) factor(name string) (feDim, bool) {
	for _, f := range res.fe {
		if f.name == name {
			return f, true
		}
	}
	for _, f := range res.clus {
		if f.name == name {
			return f, true
		}
	}
	return feDim{}, false
}

// clusterSandwich returns V0 = B [Σ_g s_g s_g'] B with s_g = Σ_{i∈g} x̃_i u_i and B = (X̃'X̃)⁻¹.
func (res *Result) clusterSandwich(c feDim) []float64 {
	k := res.K
	scores := make([][]float64, k)
	parallelFor(k, res.workers, func(a int) {
		s := make([]float64, c.levels)
		x := res.xw[a]
		for i, g := range c.codes {
			s[g] += x[i] * res.Residuals[i]
		}
		scores[a] = s
	})
	meat := make([]float64, k*k)
	for a := 0; a < k; a++ {
		for b := 0; b <= a; b++ {
			meat[a*k+b] = dot(scores[a], scores[b])
		}
	}
	symmetrize(meat, k)
	return sandwich(res.xtxInv, meat, k)
}

// intersectFactors returns the factor whose levels are the observed pairs of levels of a and b.
func intersectFactors(a, b feDim) feDim {
	codes := make([]int32, len(a.codes))
	pair := map[int64]int32{}
	for i := range codes {
		key := int64(a.codes[i])*int64(b.levels) + int64(b.codes[i])
		id, ok := pair[key]
		if !ok {
			id = int32(len(pair))
			pair[key] = id
		}
		codes[i] = id
	}
	return feDim{name: a.name + "#" + b.name, codes: codes, levels: len(pair)}
}

// wald fills the Wald test that all slopes are zero.
func (res *Result) wald(in *Inference, v []float64) {
	in.WaldF, in.WaldP = math.NaN(), math.NaN()
	var idx []int
	for j, s := range res.slopes {
		if s {
			idx = append(idx, j)
		}
	}
	q := len(idx)
	in.WaldDF = [2]float64{float64(q), in.DF}
	if q == 0 {
		return
	}
	if in.Spec.Type == Cluster && q > in.GMin-1 {
		// The scores sum to X̃'u = 0 over the clusters, so the meat has rank at most G − 1 and the
		// slopes' variance is singular, even when rounding lets its factorisation succeed.
		in.Notes = append(in.Notes, fmt.Sprintf("Wald F not computed: %d slopes but only %d clusters", q, in.GMin))
		return
	}

	k := res.K
	sub := mat.NewSymDense(q, nil)
	b := mat.NewVecDense(q, nil)
	for a, ja := range idx {
		b.SetVec(a, res.Coef[ja])
		for c := 0; c <= a; c++ {
			sub.SetSym(a, c, v[ja*k+idx[c]])
		}
	}

	var chol mat.Cholesky
	if !chol.Factorize(sub) {
		in.Notes = append(in.Notes, fmt.Sprintf("Wald F not computed: the variance of the %d slopes is singular "+
			"(its rank is at most G − 1 for clustered estimates)", q))
		return
	}
	var x mat.VecDense
	if err := chol.SolveVecTo(&x, b); err != nil {
		in.Notes = append(in.Notes, "Wald F not computed: "+err.Error())
		return
	}
	in.WaldF = mat.Dot(b, &x) / float64(q)
	in.WaldP = fSurvival(in.WaldF, float64(q), in.DF)
}

// fixEigen counts the negative eigenvalues of the symmetric k×k matrix v and, when fix is set, replaces
// v by the matrix with those eigenvalues set to 0.
func fixEigen(v []float64, k int, fix bool) int {
	if k == 0 {
		return 0
	}
	s := mat.NewSymDense(k, append([]float64(nil), v...))
	var eig mat.EigenSym
	if !eig.Factorize(s, true) {
		return 0
	}
	vals := eig.Values(nil)
	neg := 0
	for i, l := range vals {
		if l < 0 {
			neg++
			vals[i] = 0
		}
	}
	if neg == 0 || !fix {
		return neg
	}
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	for a := 0; a < k; a++ {
		for b := 0; b < k; b++ {
			x := 0.0
			for c, l := range vals {
				x += vecs.At(a, c) * l * vecs.At(b, c)
			}
			v[a*k+b] = x
		}
	}
	return neg
}

// sandwich returns B M B for symmetric k×k B and M (row-major).
func sandwich(b, m []float64, k int) []float64 {
	tmp := make([]float64, k*k)
	for a := 0; a < k; a++ {
		for c := 0; c < k; c++ {
			x := 0.0
			for l := 0; l < k; l++ {
				x += b[a*k+l] * m[l*k+c]
			}
			tmp[a*k+c] = x
		}
	}
	out := make([]float64, k*k)
	for a := 0; a < k; a++ {
		for c := 0; c <= a; c++ {
			x := 0.0
			for l := 0; l < k; l++ {
				x += tmp[a*k+l] * b[l*k+c]
			}
			out[a*k+c] = x
			out[c*k+a] = x
		}
	}
	return out
}

// quadForm returns x'Bx for symmetric k×k B.
func quadForm(b, x []float64) float64 {
	k := len(x)
	s := 0.0
	for a := 0; a < k; a++ {
		s += x[a] * dot(b[a*k:(a+1)*k], x)
	}
	return s
}

// symmetrize copies the lower triangle of the k×k matrix m into its upper triangle.
func symmetrize(m []float64, k int) {
	for a := 0; a < k; a++ {
		for b := a + 1; b < k; b++ {
			m[a*k+b] = m[b*k+a]
		}
	}
}

func scaleInPlace(v []float64, c float64) {
	for i := range v {
		v[i] *= c
	}
}
