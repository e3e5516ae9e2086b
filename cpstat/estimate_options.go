package cpstat

import (
	"fmt"
	"strings"

	"github.com/cpstat/cpstat/cpstat/linreg"
)

// VCovType selects the variance estimator of Estimate. The zero value, DefaultVCov, is IID unless
// Cluster names columns, in which case it is Clustered.
type VCovType int

// The variance estimators. Each maps onto the estimator of package linreg with the same name.
const (
	// DefaultVCov is IID without Cluster and Clustered with it.
	DefaultVCov VCovType = iota
	// IID is the classical s²(X̃'X̃)⁻¹, with s² = RSS/(N − K − absorbed levels): lm, plm and Stata's
	// default. p-values: t(N − K − absorbed levels).
	IID
	// HC0 is White's heteroskedasticity-robust estimator without a small-sample factor.
	HC0
	// HC1 is HC0 × N/(N − K − absorbed levels): Stata's vce(robust) and sandwich's "HC1".
	HC1
	// HC2 divides each squared residual by 1 − h_ii, with the leverage of the within-transformed design.
	HC2
	// HC3 divides each squared residual by (1 − h_ii)².
	HC3
	// Clustered is the one- or two-way cluster-robust estimator on the Cluster columns, scaled by the
	// small-sample Convention.
	Clustered
)

// String returns the name used in summaries and JSON: "default", "iid", "hc0" … "hc3", "cluster".
func (t VCovType) String() string {
	switch t {
	case DefaultVCov:
		return "default"
	case IID:
		return "iid"
	case HC0:
		return "hc0"
	case HC1:
		return "hc1"
	case HC2:
		return "hc2"
	case HC3:
		return "hc3"
	case Clustered:
		return "cluster"
	}
	return fmt.Sprintf("VCovType(%d)", int(t))
}

func (t VCovType) linreg() linreg.VCovType {
	switch t {
	case HC0:
		return linreg.HC0
	case HC1:
		return linreg.HC1
	case HC2:
		return linreg.HC2
	case HC3:
		return linreg.HC3
	case Clustered:
		return linreg.Cluster
	}
	return linreg.IID
}

// Convention is the small-sample convention of a cluster-robust variance: the multiplier
//
//	c = G/(G − 1) · (N − 1)/(N − K)
//
// (or a part of it) applied to the uncorrected sandwich, with G clusters, N observations and a K that
// each convention counts differently. Below, k is the number of estimated slopes (plus the intercept in
// pooled OLS) and L_d the number of levels of fixed-effect dimension d. A dimension is nested when each
// of its levels lies inside one cluster, as province effects do with clustering by province.
// Result.VCov.K and Result.VCov.Multiplier give the values used. The zero value is Stata.
type Convention int

// The conventions. For the study's two-way model (30 provinces × 17 years, province effects nested in
// province clusters, 5 slopes) they give K = 22 (Stata, fixest), 21 (reghdfe), 5 (plm), 51 (areg).
const (
	// Stata is xtreg, fe vce(cluster id) with the non-nested effects entered as i.var dummies:
	// K = k + 1 (_cons) + Σ over non-nested d of (L_d − 1), less any redundant levels. With entity
	// effects only, K = k + 1; without fixed effects, K = k as regress counts. p-values: t(G − 1).
	Stata Convention = iota
	// Reghdfe counts nested dimensions as fully redundant and no separate constant: with entity effects
	// nested and year effects not, K = k + T − 1. p-values: t(G − 1). Published reghdfe versions
	// disagree by one on this count (see linreg.Reghdfe).
	Reghdfe
	// Fixest is fixest's default ssc(adj = TRUE, fixef.K = "nested", cluster.adj = TRUE): K = k + Σ L_d
	// − (D − 1) − Σ over nested d of (L_d − 1), so K = k + T for entity and year effects with the
	// entity effects nested. p-values: t(G − 1).
	Fixest
	// PlmSSS is R plm's vcovHC(type = "sss") and clubSandwich's CR1S: K = k. p-values:
	// t(N − K − absorbed levels), as lmtest::coeftest reports for plm models.
	PlmSSS
	// PlmHC1 is plm's vcovHC(type = "HC1", cluster = "group"): multiplier N/(N − k), without G/(G − 1).
	// p-values: t(N − K − absorbed levels).
	PlmHC1
	// CR0 applies no factor (plm's type "HC0", clubSandwich's CR0). p-values: standard normal.
	CR0
	// CR1 applies G/(G − 1) only (clubSandwich's CR1). p-values: t(G − 1).
	CR1
	// AregLSDV counts every column of the dummy-variable regression, K = k + absorbed levels: Stata's
	// areg and regress with i.id dummies. p-values: t(G − 1).
	AregLSDV
	// XtregOneWay is the one-way xtreg count K = k + 1 whatever else is absorbed. It equals Stata for
	// entity effects only and ignores the T − 1 year effects of a two-way model. p-values: t(G − 1).
	XtregOneWay
)

// sscNames are the names that String returns and ParseConvention accepts.
var sscNames = []string{Stata: "stata", Reghdfe: "reghdfe", Fixest: "fixest", PlmSSS: "plm", PlmHC1: "plm-hc1",
	CR0: "cr0", CR1: "cr1", AregLSDV: "areg", XtregOneWay: "xtreg-oneway"}

// String returns the lower-case name of the convention, such as "stata" or "plm".
func (s Convention) String() string {
	if s >= 0 && int(s) < len(sscNames) {
		return sscNames[s]
	}
	return fmt.Sprintf("Convention(%d)", int(s))
}

// ParseConvention returns the convention with the given name: stata, reghdfe, fixest, plm, plm-hc1, cr0, cr1,
// areg or xtreg-oneway.
func ParseConvention(name string) (Convention, error) {
	for s, n := range sscNames {
		if n == name {
			return Convention(s), nil
		}
	}
	return 0, fmt.Errorf("unknown small-sample convention %q; use one of %s", name, strings.Join(sscNames, ", "))
}

func (s Convention) linreg() linreg.Convention {
	switch s {
	case Reghdfe:
		return linreg.Reghdfe
	case Fixest:
		return linreg.Fixest
	case PlmSSS:
		return linreg.PlmSSS
	case PlmHC1:
		return linreg.PlmHC1
	case CR0:
		return linreg.CR0
	case CR1:
		return linreg.CR1
	case AregLSDV:
		return linreg.AregLSDV
	case XtregOneWay:
		return linreg.XtregOneWay
	}
	return linreg.Stata
}

// EstimateSettings configures Estimate and NewModel. The zero value estimates on every row of the
// panel with the IID variance, drops singletons and reports 95% confidence intervals.
type EstimateSettings struct {
	// VCov is the variance estimator; DefaultVCov means IID, or Clustered when Cluster is set.
	VCov VCovType
	// Cluster names one or two columns to cluster on. A row where one is missing is dropped like a row
	// with a missing regressor. A column may be a fixed effect of the formula.
	Cluster []string
	// SSC is the small-sample convention of a clustered variance; it has no effect otherwise.
	SSC Convention
	// TwoWay chooses how a two-way clustered variance applies G/(G − 1); see TwoWayAdjust.
	TwoWay TwoWayAdjust

	// KeepSingletons keeps rows alone in a level of a fixed effect. By default they are dropped, as
	// fixest and reghdfe do, and listed in Result.Dropped.
	KeepSingletons bool
	// Window keeps the rows whose time lies in From–To (inclusive, 0 for an open end). Lags still read
	// periods outside it, as Stata's L. operator does with an if condition.
	Window Window
	// Subset, when not nil, keeps only the rows i with Subset[i] true; it must have one entry per panel
	// row. It combines with Window.
	Subset []bool

	// Label names the model in tables and summaries, such as "(1) 基准".
	Label string
	// ConfLevel is the level of the confidence intervals; 0 means 0.95.
	ConfLevel float64
	// FixedEffectValues recovers the value of every fixed-effect level into Result.FixedEffectValues.
	FixedEffectValues bool
	// Workers is the number of goroutines the fit uses across columns; 0 means GOMAXPROCS. Results are
	// bit-identical for every value, so a caller that runs many fits in parallel can set 1.
	Workers int
}

// TwoWayAdjust chooses how a two-way clustered variance V1 + V2 − V12 applies the cluster factor
// G/(G − 1) of its Convention.
type TwoWayAdjust int

const (
	// TwoWayAuto follows the software of the Convention: per term for PlmSSS and CR1, as R plm's
	// vcovDC(type = "sss") and sandwich's vcovCL(cadjust = TRUE) do, and min(G1, G2) for the others, as
	// fixest's default ssc(cluster.df = "min") does.
	TwoWayAuto TwoWayAdjust = iota
	// TwoWayMin applies min(G1, G2)/(min(G1, G2) − 1) to the sum.
	TwoWayMin
	// TwoWayPerTerm applies G_j/(G_j − 1) to each term, with G_12 for the intersection.
	TwoWayPerTerm
)

// perTerm reports whether a two-way clustered variance adjusts each term by its own G.
func (s EstimateSettings) perTerm() bool {
	switch s.TwoWay {
	case TwoWayMin:
		return false
	case TwoWayPerTerm:
		return true
	}
	return s.SSC == PlmSSS || s.SSC == CR1
}

// TwoWayAdjustment sets how a two-way clustered variance applies G/(G − 1).
func TwoWayAdjustment(a TwoWayAdjust) EstimateOption {
	return func(s *EstimateSettings) { s.TwoWay = a }
}

// EstimateOption changes one EstimateSettings field.
type EstimateOption func(*EstimateSettings)

// Cluster clusters the standard errors on one or two columns, such as Cluster("province") or
// Cluster("province", "year").
func Cluster(columns ...string) EstimateOption {
	return func(s *EstimateSettings) { s.Cluster = append([]string(nil), columns...) }
}

// VCov selects the variance estimator, such as VCov(cpstat.HC1).
func VCov(t VCovType) EstimateOption { return func(s *EstimateSettings) { s.VCov = t } }

// SSC selects the small-sample convention of a clustered variance, such as SSC(cpstat.Reghdfe).
func SSC(c Convention) EstimateOption { return func(s *EstimateSettings) { s.SSC = c } }

// KeepSingletons keeps the rows that are alone in a fixed-effect level.
func KeepSingletons() EstimateOption { return func(s *EstimateSettings) { s.KeepSingletons = true } }

// Period keeps the rows whose time lies in from–to, inclusive; 0 leaves that end open.
func Period(from, to int) EstimateOption {
	return func(s *EstimateSettings) { s.Window = Window{From: from, To: to} }
}

// Subset keeps only the panel rows i with keep[i] true, for sample splits such as regions or terciles.
func Subset(keep []bool) EstimateOption { return func(s *EstimateSettings) { s.Subset = keep } }

// Label names the model in tables and summaries.
func Label(label string) EstimateOption { return func(s *EstimateSettings) { s.Label = label } }

// ConfLevel sets the level of the confidence intervals, such as 0.90.
func ConfLevel(level float64) EstimateOption {
	return func(s *EstimateSettings) { s.ConfLevel = level }
}

// FixedEffectValues makes the result carry the value of every fixed-effect level.
func FixedEffectValues() EstimateOption {
	return func(s *EstimateSettings) { s.FixedEffectValues = true }
}

// Workers sets the number of goroutines of one fit; see EstimateSettings.Workers.
func Workers(n int) EstimateOption { return func(s *EstimateSettings) { s.Workers = n } }

// WithSettings replaces all settings at once, for callers that keep an EstimateSettings value.
func WithSettings(settings EstimateSettings) EstimateOption {
	return func(s *EstimateSettings) { *s = settings }
}

func applyEstimateOptions(opts []EstimateOption) EstimateSettings {
	var s EstimateSettings
	for _, o := range opts {
		o(&s)
	}
	return s
}

// vcovType resolves DefaultVCov.
func (s EstimateSettings) vcovType() VCovType {
	if s.VCov != DefaultVCov {
		return s.VCov
	}
	if len(s.Cluster) > 0 {
		return Clustered
	}
	return IID
}

// validateRows checks the settings for a panel of the given number of rows.
func (s EstimateSettings) validateRows(rows int) error {
	t := s.vcovType()
	switch {
	case t < DefaultVCov || t > Clustered:
		return fmt.Errorf("%w: unknown variance type %d", ErrSettings, int(t))
	case t == Clustered && len(s.Cluster) == 0:
		return fmt.Errorf("%w: the clustered variance needs the columns to cluster on; add Cluster(\"province\")", ErrSettings)
	case t != Clustered && len(s.Cluster) > 0:
		return fmt.Errorf("%w: VCov(%s) and Cluster(%v) conflict; drop one of them", ErrSettings, t, s.Cluster)
	case len(s.Cluster) > 2:
		return fmt.Errorf("%w: Cluster takes one or two columns, not %d (%v)", ErrSettings, len(s.Cluster), s.Cluster)
	case len(s.Cluster) == 2 && s.Cluster[0] == s.Cluster[1]:
		return fmt.Errorf("%w: Cluster names %q twice", ErrSettings, s.Cluster[0])
	case s.SSC < 0 || int(s.SSC) >= len(sscNames):
		return fmt.Errorf("%w: unknown small-sample convention %d", ErrSettings, int(s.SSC))
	case s.ConfLevel < 0 || s.ConfLevel >= 1:
		return fmt.Errorf("%w: ConfLevel %g is outside (0, 1); use 0.95 for 95%% intervals", ErrSettings, s.ConfLevel)
	case s.Subset != nil && len(s.Subset) != rows:
		return fmt.Errorf("%w: Subset has %d entries but the panel has %d rows", ErrSettings, len(s.Subset), rows)
	case s.Window.From != 0 && s.Window.To != 0 && s.Window.From > s.Window.To:
		return fmt.Errorf("%w: Period(%d, %d) is empty; give the earlier period first", ErrSettings, s.Window.From, s.Window.To)
	}
	return nil
}

func (s EstimateSettings) confLevel() float64 {
	if s.ConfLevel == 0 {
		return 0.95
	}
	return s.ConfLevel
}
