package cpstat

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/cpstat/cpstat/cpstat/linreg"
)

// Result is a fitted linear model: the coefficients with their inference under the chosen variance,
// the fit statistics, what was absorbed, dropped and noted, and the settings behind it. Estimate and
// Model.Refit build it and nothing changes it afterwards. Its slices are shared with the fit, so treat
// them as read-only.
type Result struct {
	Label    string // EstimateSettings.Label
	Formula  string // the formula in canonical form
	Response string // label of the response, such as "cp" or "log(y)"

	// Coefficients are the estimated coefficients in model order, the intercept of pooled OLS first,
	// without the regressors dropped as collinear.
	Coefficients []Coefficient
	// Cons is the constant that Stata's xtreg, fe, areg and reghdfe report for a fixed-effects model:
	// ȳ − x̄'β over the estimation sample, so that the fit passes through the means. It is nil for a
	// model without fixed effects, whose intercept is among Coefficients. See ConsStdError for its
	// standard error.
	Cons *Coefficient
	// ConfLevel is the level of the confidence intervals, such as 0.95.
	ConfLevel float64

	N          int // rows in the estimation sample
	SampleRows int // panel rows inside Window and Subset, before any drop
	Excluded   int // panel rows outside Window and Subset
	K          int // estimated coefficients, the intercept of pooled OLS included
	FERank     int // degrees of freedom absorbed by the fixed effects
	DFResid    int // N − K − FERank

	RSS         float64 // residual sum of squares
	TSS         float64 // total sum of squares about the mean (Σy² for a model without constant)
	R2          float64 // 1 − RSS/TSS: the R² of the whole model, fixed effects included
	AdjR2       float64 // 1 − (1 − R2)(N − 1)/DFResid
	R2Within    float64 // 1 − RSS/TSS of the within-transformed response; equal to R2 without fixed effects
	AdjR2Within float64 // 1 − (1 − R2Within)(N − 1)/DFResid, as plm reports
	Sigma       float64 // sqrt(RSS/DFResid)

	// F is the classical F test that all slopes are zero, with df (slopes, DFResid).
	F FTest
	// Wald is the same hypothesis tested with the chosen variance, with df (slopes, VCov.DF): the F that
	// Stata prints for a robust or clustered model. Its Value is NaN when the variance restricted to the
	// slopes is singular, for example with more slopes than clusters − 1.
	Wald FTest

	// Condition is the condition number of the within-transformed regressors after scaling each to the
	// norm it had before the fixed effects were removed.
	Condition float64

	VCov VCovInfo

	// FixedEffects describes each absorbed dimension on the estimation sample.
	FixedEffects []FixedEffectInfo
	// FEComponents is the number of connected components of the first two fixed-effect dimensions (0
	// with fewer than two).
	FEComponents int

	// Dropped lists every row of the sample left out and why: missing or non-finite values, logs of
	// non-positive values, lags reaching unobserved periods (from the model frame) and singletons (from
	// the fit). Rows counts the sample rows and Kept equals N.
	Dropped DropReport
	// DroppedRegressors lists the regressors left out because they are zero, explained by the fixed
	// effects or collinear with earlier regressors, each with the relation found.
	DroppedRegressors []DroppedRegressor

	// Notes lists what a reader should know: reference levels of dummies, the sample restriction, few
	// clusters, how the constant was computed.
	Notes []string

	// Rows holds the panel row of each estimation row, and Keys its key. After a resampling Refit a row
	// may appear more than once.
	Rows []int
	Keys []RowKey
	// Residuals holds y − ŷ for each estimation row, fixed effects included.
	Residuals []float64
	// FixedEffectValues holds the value of every fixed-effect level when FixedEffectValues was requested.
	FixedEffectValues []FEValues

	model    *Model
	settings EstimateSettings
	fit      *linreg.Result
	vcov     *mat.SymDense
	xMeans   []float64 // mean of each coefficient's column over the estimation sample; nil without FE
	fitNotes []string  // notes of the frame and the fit, without those of the variance estimate
}

// Coefficient is one estimated coefficient with its inference.
type Coefficient struct {
	Term      string  // name as in the formula, such as "balance", "log(x)" or "region::West"
	Estimate  float64 //
	StdError  float64 // NaN when the variance does not identify it
	Statistic float64 // Estimate/StdError, a t statistic (z under CR0)
	PValue    float64 // two-sided, from t(VCov.DF) or the standard normal when VCov.DF is +Inf
	ConfLow   float64 // confidence interval at Result.ConfLevel
	ConfHigh  float64
}

// FTest is a test of several restrictions with an F statistic.
type FTest struct {
	Value float64
	DF1   float64
	DF2   float64 // +Inf for a chi-squared test scaled by DF1
	P     float64
}

// VCovInfo describes the variance estimate behind the standard errors.
type VCovInfo struct {
	Type       VCovType   // IID, HC0–HC3 or Clustered (never DefaultVCov)
	Convention Convention // small-sample convention, for Clustered only
	Cluster    []string   // cluster columns, for Clustered only
	G          []int      // clusters per Cluster column on the estimation sample
	// K is the parameter count of the small-sample factor, (N − 1)/(N − K) or N/(N − K), or of N − K for
	// IID and HC1.
	K int
	// Multiplier is the factor applied to the uncorrected estimate (1 for IID).
	Multiplier float64
	// DF is the degrees of freedom of the t distribution behind the p-values and intervals; +Inf means
	// the standard normal.
	DF float64
	// Nested lists the fixed effects nested in a cluster dimension, which some conventions do not count.
	Nested []string
	// FewClusters is set when the smallest G is below linreg.FewClustersThreshold (42): cluster-robust
	// standard errors are then often too small, and a wild cluster bootstrap is the usual remedy.
	FewClusters bool
	// NegativeEigenvalues counts the negative eigenvalues of a two-way clustered matrix that were set to 0.
	NegativeEigenvalues int
	// PerTerm is set for a two-way clustered variance whose terms each get their own G/(G − 1); then
	// Multiplier holds the rest of the factor. Otherwise two-way clustering uses min(G).
	PerTerm bool
	// Description states the estimator, the multiplier with its N, K and G, and the p-value distribution,
	// for a table note; DescriptionZh says the same in Chinese (see Text).
	Description   string
	DescriptionZh string
}

// FixedEffectInfo describes one absorbed fixed-effect dimension on the estimation sample.
type FixedEffectInfo struct {
	Name       string // column, or columns joined with ^
	Levels     int    // levels with at least one estimation row
	Singletons int    // rows dropped as singletons of this dimension
}

// FEValues holds the estimated effect of each level of one fixed-effect dimension. The normalisation
// is fixest's (see linreg.FEValues). With one dimension the effects carry the constant. With two, the
// first level of the second dimension in each connected component is 0.
type FEValues struct {
	Name   string
	Levels []string
	Values []float64
}

// DroppedRegressor is a regressor that the fit left out.
type DroppedRegressor struct {
	Term   string
	Reason string // "all zero", "collinear with the fixed effects" or "collinear with other regressors"
	// CollinearWith names the regressors of the linear relation, for collinearity with other regressors.
	CollinearWith []string
	// Detail states the relation found, such as "x2 = 1·x1".
	Detail string
}

// newResult assembles the Result of one fit of the sample s.
func (m *Model) newResult(s fitSample, res *linreg.Result, in *linreg.Inference) *Result {
	fr, rows := m.frame, s.rows
	r := &Result{
		Label: m.settings.Label, Formula: m.formula, Response: fr.Response,
		ConfLevel: m.settings.confLevel(),
		N:         res.N, SampleRows: m.sampleRows, Excluded: m.excluded,
		K: res.K, FERank: res.FERank, DFResid: res.DFResid,
		RSS: res.RSS, TSS: res.TSS, R2: res.R2, AdjR2: res.AdjR2,
		R2Within: res.R2Within, AdjR2Within: res.AdjR2Within, Sigma: res.Sigma,
		F:            FTest{Value: res.F, DF1: float64(res.FDF[0]), DF2: float64(res.FDF[1]), P: res.FP},
		Condition:    res.Condition,
		FEComponents: res.FEComponents,
		Residuals:    res.Residuals,
		model:        m,
		settings:     m.settings,
		fit:          res,
	}
	for _, fe := range res.FE {
		r.FixedEffects = append(r.FixedEffects, FixedEffectInfo{Name: fe.Name, Levels: fe.Levels, Singletons: fe.Singletons})
	}
	for _, dr := range res.DroppedRegressors {
		r.DroppedRegressors = append(r.DroppedRegressors, DroppedRegressor{Term: dr.Name, Reason: dr.Reason.String(),
			CollinearWith: dr.CollinearWith, Detail: dr.Detail})
	}

	r.Rows = make([]int, len(res.Rows))
	r.Keys = make([]RowKey, len(res.Rows))
	for i, dr := range res.Rows {
		r.Rows[i] = fr.Rows[rows[dr]]
		r.Keys[i] = fr.Keys[rows[dr]]
	}
	r.Dropped = m.dropReport(rows, res)
	r.FixedEffectValues = fixedEffectValues(res, s.levels)
	r.fitNotes = append(append([]string(nil), fr.Notes...), res.Notes...)
	if len(s.design.FE) > 0 {
		r.xMeans = columnMeans(s.design, res)
	}
	r.setInference(in)
	return r
}

// setInference fills the fields that depend on the variance estimate.
func (r *Result) setInference(in *linreg.Inference) {
	r.vcov = in.VCov
	r.VCov = r.vcovInfo(in)
	r.Wald = FTest{Value: in.WaldF, DF1: in.WaldDF[0], DF2: in.WaldDF[1], P: in.WaldP}

	r.Coefficients = make([]Coefficient, len(in.Names))
	lo, hi := in.ConfInt(r.ConfLevel)
	for j, name := range in.Names {
		r.Coefficients[j] = Coefficient{Term: name, Estimate: in.Coef[j], StdError: in.SE[j],
			Statistic: in.Stat[j], PValue: in.P[j], ConfLow: lo[j], ConfHigh: hi[j]}
	}

	r.Notes = append(append([]string(nil), r.fitNotes...), in.Notes...)
	r.Cons = nil
	if r.xMeans != nil {
		r.Cons = r.cons(in)
		if math.IsNaN(r.Cons.StdError) {
			r.Notes = append(r.Notes, "the standard error of _cons is given for the IID variance and, in models with regressors, for one-way clusters that nest a fixed effect, so it is NaN here")
		}
	}
	r.clearZeroStdErrors()
}

// dropReport merges the frame's drops with the rows the fit dropped, mapped back to panel rows.
func (m *Model) dropReport(rows []int, res *linreg.Result) DropReport {
	fr := m.frame
	report := DropReport{Rows: fr.Dropped.Dropped() + len(rows), Kept: res.N}
	report.Groups = append(report.Groups, fr.Dropped.Groups...)
	index := map[[2]string]int{}
	for _, dr := range res.DroppedRows {
		reason := ReasonSingleton
		if dr.Reason != linreg.Singleton {
			reason = DropReason(dr.Reason.String())
		}
		key := [2]string{string(reason), dr.Column}
		g, ok := index[key]
		if !ok {
			g = len(report.Groups)
			index[key] = g
			report.Groups = append(report.Groups, DropGroup{Reason: reason, Column: dr.Column})
		}
		j := rows[dr.Row]
		report.Groups[g].Rows = append(report.Groups[g].Rows, fr.Rows[j])
		report.Groups[g].Keys = append(report.Groups[g].Keys, fr.Keys[j])
	}
	return report
}

// fixedEffectValues converts linreg's recovered effects to level names.
func fixedEffectValues(res *linreg.Result, levels [][]string) []FEValues {
	var out []FEValues
	for d, fe := range res.FixedEffects {
		v := FEValues{Name: fe.Name, Values: fe.Values, Levels: make([]string, len(fe.Codes))}
		for l, code := range fe.Codes {
			v.Levels[l] = levels[d][code]
		}
		out = append(out, v)
	}
	return out
}

// columnMeans returns the mean of each estimated coefficient's column over the estimation rows.
func columnMeans(d linreg.Design, res *linreg.Result) []float64 {
	column := map[string]int{}
	for j, name := range d.Names {
		column[name] = j
	}
	means := make([]float64, len(res.Names))
	for a, name := range res.Names {
		x := d.X[column[name]]
		var sum float64
		for _, row := range res.Rows {
			sum += x[row]
		}
		means[a] = sum / float64(res.N)
	}
	return means
}

// cons returns Stata's constant ȳ − x̄'β of a fixed-effects model with its inference.
//
// xtreg, fe estimates the constant by regressing y_it − ȳ_i + ȳ on x_it − x̄_i + x̄ and 1 (Stata FAQ "How
// can there be an intercept in the fixed-effects model estimated by xtreg, fe?"). In that augmented
// regression Var(_cons) = s²/N + x̄'Vx̄ under the IID variance, and x̄'Vx̄ under a clustered variance
// when the residuals sum to zero within each cluster, which holds when a fixed effect is nested in the
// cluster dimension. That is 0 for a model without regressors, so such a model, like the other
// variances, leaves the standard error NaN.
//
// NOTE: the IID and nested-cluster formulas are derived from that regression and not compared with
// Stata output. With several absorbed dimensions reghdfe may compute the constant's variance differently.
func (r *Result) cons(in *linreg.Inference) *Coefficient {
	means := r.xMeans
	variance := math.NaN()
	quad := 0.0
	for a := range means {
		for b := range means {
			quad += means[a] * in.VCov.At(a, b) * means[b]
		}
	}
	switch {
	case in.Spec.Type == linreg.IID:
		variance = r.Sigma*r.Sigma/float64(r.N) + quad
	case in.Spec.Type == linreg.Cluster && len(in.Spec.Cluster) == 1 && len(in.Nested) > 0 && len(means) > 0:
		variance = quad // without regressors it would be 0, which identifies nothing
	}
	c := &Coefficient{Term: "_cons", Estimate: r.fit.Cons, StdError: math.Sqrt(variance)}
	c.Statistic = c.Estimate / c.StdError
	c.PValue = twoSidedPValue(c.Statistic, in.DF)
	q := criticalT(r.ConfLevel, in.DF)
	c.ConfLow, c.ConfHigh = c.Estimate-q*c.StdError, c.Estimate+q*c.StdError
	return c
}

func twoSidedPValue(t, df float64) float64 {
	if math.IsNaN(t) {
		return math.NaN()
	}
	if math.IsInf(df, 1) {
		return 2 * distuv.UnitNormal.Survival(math.Abs(t))
	}
	return 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Survival(math.Abs(t))
}

func criticalT(level, df float64) float64 {
	p := 1 - (1-level)/2
	if math.IsInf(df, 1) {
		return distuv.UnitNormal.Quantile(p)
	}
	return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(p)
}

// vcovInfo describes the variance estimate in.
func (r *Result) vcovInfo(in *linreg.Inference) VCovInfo {
	v := VCovInfo{Type: r.settings.vcovType(), K: in.KAdjust, Multiplier: in.Multiplier, DF: in.DF,
		G: in.G, Nested: in.Nested, FewClusters: in.FewClusters, NegativeEigenvalues: in.NegativeEigenvalues}
	if v.Type == Clustered {
		v.Convention = r.settings.SSC
		v.Cluster = slices.Clone(r.settings.Cluster)
		v.PerTerm = len(in.G) == 2 && r.settings.perTerm()
	}
	v.Description = v.describe(r.fit)
	v.DescriptionZh = v.describeZh(r.fit.N, r.fit.DFResid, r.fit.K)
	return v
}

// describe writes the estimator, its multiplier with the numbers that enter it, and the p-value
// distribution in one sentence.
func (v VCovInfo) describe(res *linreg.Result) string {
	dist := "the standard normal"
	if !math.IsInf(v.DF, 1) {
		dist = fmt.Sprintf("t(%g)", v.DF)
	}
	switch v.Type {
	case IID:
		return fmt.Sprintf("classical (IID): s² = RSS/(N − K − absorbed levels) = RSS/%d; p-values from %s", res.DFResid, dist)
	case HC0:
		return fmt.Sprintf("heteroskedasticity-robust HC0, no small-sample factor; p-values from %s", dist)
	case HC1:
		return fmt.Sprintf("heteroskedasticity-robust HC1: HC0 × N/(N − K − absorbed levels) = %d/%d; p-values from %s", res.N, res.DFResid, dist)
	case HC2, HC3:
		return fmt.Sprintf("heteroskedasticity-robust %s (leverage of the within-transformed design); p-values from %s", strings.ToUpper(v.Type.String()), dist)
	}

	var groups []string
	for i, name := range v.Cluster {
		if i < len(v.G) {
			groups = append(groups, fmt.Sprintf("%s, G = %d", name, v.G[i]))
		}
	}
	text := fmt.Sprintf("clustered by %s; %s convention: ", strings.Join(groups, " and "), v.Convention)
	k := res.K
	switch {
	case v.Convention == CR0:
		text += "no small-sample factor"
	case v.Convention == CR1 && v.PerTerm:
		text += "G/(G − 1) of each term of V_a + V_b − V_ab"
	case v.Convention == CR1:
		text += fmt.Sprintf("G/(G − 1) = %.6g", v.Multiplier)
	case v.Convention == PlmHC1:
		text += fmt.Sprintf("N/(N − K) = %.6g with N = %d, K = %d", v.Multiplier, res.N, v.K)
	default:
		if v.PerTerm {
			text += fmt.Sprintf("G/(G − 1) of each term of V_a + V_b − V_ab, times (N − 1)/(N − K) = %.6g with N = %d, K = %d", v.Multiplier, res.N, v.K)
		} else {
			text += fmt.Sprintf("G/(G − 1)·(N − 1)/(N − K) = %.6g with N = %d, K = %d", v.Multiplier, res.N, v.K)
		}
		if v.K > k {
			text += fmt.Sprintf(" (%d %s + %d for the constant and the fixed effects this convention counts)", k, plural(k, "coefficient", "coefficients"), v.K-k)
		}
	}
	if len(v.G) == 2 && !v.PerTerm && v.Convention != CR0 && v.Convention != PlmHC1 {
		text += fmt.Sprintf("; two-way: G = min(G_a, G_b) = %d", min(v.G[0], v.G[1]))
	}
	if len(v.Nested) > 0 {
		text += fmt.Sprintf("; nested in the clusters: %s", strings.Join(v.Nested, ", "))
	}
	return text + "; p-values from " + dist
}

// Coef returns the coefficient of a term, or false when the model has no such estimated term. "_cons"
// returns Cons for a fixed-effects model.
func (r *Result) Coef(term string) (Coefficient, bool) {
	for _, c := range r.Coefficients {
		if c.Term == term {
			return c, true
		}
	}
	if term == "_cons" && r.Cons != nil {
		return *r.Cons, true
	}
	return Coefficient{}, false
}

// Terms returns the names of the estimated coefficients in order.
func (r *Result) Terms() []string {
	out := make([]string, len(r.Coefficients))
	for j, c := range r.Coefficients {
		out[j] = c.Term
	}
	return out
}

// VCovMatrix returns a copy of the variance matrix of Coefficients, in their order, or nil for a model
// without coefficients.
func (r *Result) VCovMatrix() *mat.SymDense {
	if r.vcov == nil {
		return nil
	}
	out := mat.NewSymDense(r.vcov.SymmetricDim(), nil)
	out.CopySym(r.vcov)
	return out
}
