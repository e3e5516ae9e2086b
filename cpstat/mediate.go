package cpstat

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/cpstat/cpstat/cpstat/formula"
	"github.com/cpstat/cpstat/cpstat/resample"
)

// ErrMediationModel is wrapped by every error about a mediation model that cannot be estimated as
// written: a missing or repeated variable, an equation in which the treatment or a mediator is dropped,
// or invalid bootstrap settings.
var ErrMediationModel = errors.New("invalid mediation model")

// MediationModel is a parallel multiple mediation model (Preacher and Hayes 2008; eqs. 2–3 of Hong,
// Jiang and Liu 2023) with the same controls and fixed effects in every equation:
//
//	total effect      Y   = c·X  + controls + FE
//	mediator n        M_n = a_n·X + controls + FE          n = 1 … len(Mediators)
//	outcome           Y   = c′·X + Σ_n b_n·M_n + controls + FE
//
// The indirect effect through M_n is a_n·b_n and the direct effect is c′. With one mediator the three
// equations are the stepwise (Baron and Kenny 1986) regressions. Names are panel columns; add a
// transformed variable as a column first (Panel.With).
type MediationModel struct {
	Outcome   string   // Y
	Treatment string   // X
	Mediators []string // M_1 … M_n, at least one
	Controls  []string // regressors of every equation
	// FixedEffects are absorbed in every equation, such as {"province", "year"}. Empty means pooled OLS
	// with an intercept.
	FixedEffects []string
}

// ResampleUnit selects what a bootstrap replicate draws with replacement.
type ResampleUnit int

const (
	// ResampleClusters draws whole clusters (provinces): the cluster bootstrap, the zero value. Each drawn
	// copy of a province enters as a new entity with its own fixed effect and cluster, as Stata's
	// bootstrap, cluster(province) idcluster(newid) does.
	ResampleClusters ResampleUnit = iota
	// ResampleRows draws rows (province-years) independently: the pairs bootstrap of a cross-section.
	ResampleRows
)

// String returns "cluster" or "rows".
func (u ResampleUnit) String() string {
	if u == ResampleRows {
		return "rows"
	}
	return "cluster"
}

// ParseResampleUnit returns the unit named "cluster" (also "clusters") or "rows" (also "row").
func ParseResampleUnit(name string) (ResampleUnit, error) {
	switch strings.ToLower(name) {
	case "", "cluster", "clusters":
		return ResampleClusters, nil
	case "rows", "row":
		return ResampleRows, nil
	}
	return 0, fmt.Errorf("%w: unknown resampling unit %q: use cluster or rows", ErrMediationModel, name)
}

// BootstrapSettings configure the bootstrap of the indirect effects. The zero value runs no bootstrap.
type BootstrapSettings struct {
	// Reps is the number of bootstrap replicates; 0 runs none.
	Reps int
	// Seed fixes the draws. Replicate b draws from resample.Stream(Seed, b), so the result is
	// bit-identical for any GOMAXPROCS and Workers.
	Seed uint64
	// Resample selects the unit drawn with replacement; the zero value draws clusters.
	Resample ResampleUnit
	// Cluster names the column whose levels a cluster bootstrap draws. "" means the first column of
	// EstimateSettings.Cluster, or the panel's entity column when the standard errors are not clustered.
	Cluster string
	// Level is the level of the bootstrap intervals; 0 means EstimateSettings.ConfLevel, or 0.95.
	Level float64
	// Workers is the number of goroutines; 0 means GOMAXPROCS.
	Workers int
	// Progress, when not nil, receives the number of finished replicates and the total. Calls never
	// overlap.
	Progress func(done, total int)
}

// MediationSettings configure Mediate. The zero value estimates every equation on the whole panel with
// the IID variance, runs no bootstrap and classifies at the 5 % level.
type MediationSettings struct {
	// Estimate applies to every equation: variance, clustering, small-sample convention, window, subset,
	// confidence level. Its Subset is combined with the common sample that Mediate computes.
	Estimate EstimateSettings
	// Bootstrap configures the bootstrap intervals of the indirect effects.
	Bootstrap BootstrapSettings
	// Alpha is the significance level of the classification steps; 0 means 0.05.
	Alpha float64
}

// ZTest is a z test of an indirect effect with a delta-method standard error.
type ZTest struct {
	StdError float64 // NaN when the variance estimate is negative (Goodman) or not identified
	Z        float64 // Indirect / StdError
	P        float64 // two-sided, from the standard normal
}

// MediationPath is the indirect effect through one mediator.
type MediationPath struct {
	Mediator string

	A Coefficient // X in the mediator's equation
	B Coefficient // the mediator in the outcome equation

	// Indirect is a·b, in units of Y per unit of X.
	Indirect float64

	// Sobel (1982), Aroian (1947) and Goodman (1960) tests of a·b, with s_a and s_b the standard errors
	// of a and b under the chosen variance:
	//
	//	Sobel    sqrt(b²·s_a² + a²·s_b²)
	//	Aroian   sqrt(b²·s_a² + a²·s_b² + s_a²·s_b²)
	//	Goodman  sqrt(b²·s_a² + a²·s_b² − s_a²·s_b²)
	Sobel, Aroian, Goodman ZTest

	// Boot summarises the bootstrap replicates of a·b; nil without a bootstrap.
	Boot *BootSummary

	// Effect is the classification of the path and Ratio its size: a·b/c for partial mediation (the
	// share of the total effect), |a·b/c′| for masking, NaN otherwise. IndirectTest names the test that
	// decided whether a·b is significant (step 2 or 3 of MediationRule), one of the IndirectTest
	// constants, and IndirectSignificant is its verdict.
	Effect              MediationType
	Ratio               float64
	IndirectTest        string
	IndirectSignificant bool
}

// BootSummary describes the bootstrap distribution of one effect.
type BootSummary struct {
	Mean, SD   float64
	Percentile resample.Interval
	// BC is the bias-corrected interval; BCDegenerate is set when every replicate lay on one side of the
	// estimate, so the interval collapsed to the smallest or largest replicate.
	BC           resample.Interval
	BCDegenerate bool
}

// MediationBootstrap records a bootstrap run.
type MediationBootstrap struct {
	Reps     int          // replicates requested
	Seed     uint64       //
	Resample ResampleUnit //
	Cluster  string       // column drawn by a cluster bootstrap; "" for rows
	Clusters int          // clusters in the sample (G), for a cluster bootstrap
	Level    float64      // level of the intervals

	// Failed lists the replicates in which some equation could not be fitted, or dropped the treatment or
	// a mediator as collinear, with the reason. They enter no interval.
	Failed []resample.Failure

	// Indirect[n] holds a_n·b_n of every successful replicate in replicate order; Sum holds Σ a_n·b_n and
	// Direct holds c′.
	Indirect [][]float64
	Sum      []float64
	Direct   []float64
}

// Succeeded returns the number of replicates that enter the intervals.
func (b *MediationBootstrap) Succeeded() int { return b.Reps - len(b.Failed) }

// MediationResult is a fitted parallel mediation model.
type MediationResult struct {
	Model    MediationModel
	Settings MediationSettings

	// Total, Mediators and Outcome are the fitted equations: Y on X, each M_n on X, and Y on X and every
	// mediator. All have the same N and rows.
	Total     *Result
	Mediators []*Result
	Outcome   *Result

	// N is the number of rows in every equation.
	N int
	// Sample records the rows left out of the common sample: the rows where any variable of any
	// equation is missing, within Window and Subset. Singletons dropped by the fits are in each
	// Result.Dropped.
	Sample DropReport

	TotalEffect  Coefficient // c
	DirectEffect Coefficient // c′
	Paths        []MediationPath

	// IndirectSum is Σ a_n·b_n. TotalEffect equals DirectEffect + IndirectSum up to rounding for least
	// squares on a common sample with the same controls and fixed effects.
	IndirectSum float64
	// SumBoot and DirectBoot summarise the bootstrap of Σ a_n·b_n and c′; nil without a bootstrap.
	SumBoot, DirectBoot *BootSummary

	Bootstrap *MediationBootstrap // nil without a bootstrap

	// TotalSignificant reports whether c is significant at Alpha. Wen and Ye (2014) frame a result whose
	// total effect is not significant as a suppression (masking) effect rather than mediation.
	TotalSignificant bool
	Alpha            float64

	Notes []string
}

// Mediate estimates a parallel multiple mediation model in named steps:
//
//  1. validate the model and settings;
//  2. find the common sample: the rows (within Window and Subset) where the outcome, treatment, every
//     mediator, control, fixed effect and cluster are present, so every equation uses the same rows;
//  3. fit the total-effect, mediator and outcome equations with the same settings;
//  4. form a·b per path with Sobel, Aroian and Goodman tests;
//  5. optionally bootstrap the indirect effects (BootstrapSettings), in parallel and seeded;
//  6. classify each path by MediationRule.
//
// ctx cancels the bootstrap. Errors wrap ErrMediationModel for an invalid model, or are those of
// Estimate (formula, column and fit errors).
func Mediate(ctx context.Context, p *Panel, m MediationModel, s MediationSettings) (*MediationResult, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if s.Alpha == 0 {
		s.Alpha = 0.05
	}
	if !(s.Alpha > 0 && s.Alpha < 1) {
		return nil, fmt.Errorf("%w: significance level Alpha = %v is outside (0, 1)", ErrMediationModel, s.Alpha)
	}
	if s.Bootstrap.Reps < 0 {
		return nil, fmt.Errorf("%w: %d bootstrap replicates requested; give 0 for none or a positive number", ErrMediationModel, s.Bootstrap.Reps)
	}

	var extra []string
	if s.Bootstrap.Reps > 0 && s.Bootstrap.Resample == ResampleClusters {
		extra = append(extra, bootCluster(p, s))
	}
	sample, subset, err := commonSample(p, m, s.Estimate, extra)
	if err != nil {
		return nil, err
	}
	est := s.Estimate
	est.Subset = subset
	res := &MediationResult{Model: m, Settings: s, Sample: sample, Alpha: s.Alpha}

	if res.Total, err = fitEquation(ctx, p, m.Outcome, []string{m.Treatment}, m, est); err != nil {
		return nil, err
	}
	for _, med := range m.Mediators {
		r, err := fitEquation(ctx, p, med, []string{m.Treatment}, m, est)
		if err != nil {
			return nil, err
		}
		res.Mediators = append(res.Mediators, r)
	}
	if res.Outcome, err = fitEquation(ctx, p, m.Outcome, append([]string{m.Treatment}, m.Mediators...), m, est); err != nil {
		return nil, err
	}
	if err := res.collectEffects(); err != nil {
		return nil, err
	}

	if s.Bootstrap.Reps > 0 {
		if err := res.bootstrap(ctx, p, est); err != nil {
			return nil, err
		}
	}
	res.classify()
	return res, nil
}

// Validate checks that the outcome, the treatment and at least one mediator are named and that no
// variable has two roles. Mediate calls it first.
func (m MediationModel) Validate() error {
	if m.Outcome == "" || m.Treatment == "" {
		return fmt.Errorf("%w: name the outcome (Y) and the treatment (X)", ErrMediationModel)
	}
	if len(m.Mediators) == 0 {
		return fmt.Errorf("%w: name at least one mediator", ErrMediationModel)
	}
	seen := map[string]string{}
	add := func(name, role string) error {
		if name == "" {
			return fmt.Errorf("%w: empty variable name among the %s", ErrMediationModel, role)
		}
		if prev, ok := seen[name]; ok {
			return fmt.Errorf("%w: %q is both %s and %s; each variable may have one role", ErrMediationModel, name, prev, role)
		}
		seen[name] = role
		return nil
	}
	if err := add(m.Outcome, "the outcome"); err != nil {
		return err
	}
	if err := add(m.Treatment, "the treatment"); err != nil {
		return err
	}
	for _, med := range m.Mediators {
		if err := add(med, "a mediator"); err != nil {
			return err
		}
	}
	for _, c := range m.Controls {
		if err := add(c, "a control"); err != nil {
			return err
		}
	}
	return nil
}

// formula returns "response ~ regressors + controls | fixed effects" with every name quoted as needed.
func (m MediationModel) formula(response string, regressors []string) string {
	terms := make([]string, 0, len(regressors)+len(m.Controls))
	for _, name := range append(slices.Clone(regressors), m.Controls...) {
		terms = append(terms, formula.QuoteName(name))
	}
	src := formula.QuoteName(response) + " ~ " + strings.Join(terms, " + ")
	if len(m.FixedEffects) > 0 {
		fe := make([]string, len(m.FixedEffects))
		for i, f := range m.FixedEffects {
			fe[i] = formula.QuoteName(f)
		}
		src += " | " + strings.Join(fe, " + ")
	}
	return src
}

// commonSample evaluates one formula that names every variable of the model and returns its drop report
// and the panel rows it keeps, as a Subset. A row where one of the extra columns (the column a cluster
// bootstrap draws) is missing is dropped too and reported.
func commonSample(p *Panel, m MediationModel, s EstimateSettings, extra []string) (DropReport, []bool, error) {
	all := m.formula(m.Outcome, append([]string{m.Treatment}, m.Mediators...))
	s.Label = ""
	model, err := NewModel(p, all, WithSettings(s))
	if err != nil {
		return DropReport{}, nil, err
	}
	report := model.frame.Dropped
	subset := make([]bool, p.Len())
	for _, row := range model.frame.Rows {
		subset[row] = true
	}
	for _, col := range extra {
		codes, _, err := p.FactorCodes(col)
		if err != nil {
			return DropReport{}, nil, fmt.Errorf("bootstrap cluster: %w", err)
		}
		group := DropGroup{Reason: ReasonMissing, Column: col}
		for _, row := range model.frame.Rows {
			if codes[row] < 0 {
				subset[row] = false
				group.Rows = append(group.Rows, row)
				group.Keys = append(group.Keys, p.Key(row))
			}
		}
		if len(group.Rows) > 0 {
			report.Groups = append(report.Groups, group)
			report.Kept -= len(group.Rows)
		}
	}
	if report.Kept == 0 {
		return DropReport{}, nil, fmt.Errorf("%w: no row has every variable of the model: %s", ErrEmptyFrame, report)
	}
	return report, subset, nil
}

func fitEquation(ctx context.Context, p *Panel, response string, regressors []string, m MediationModel, s EstimateSettings) (*Result, error) {
	s.Label = response
	model, err := NewModel(p, m.formula(response, regressors), WithSettings(s))
	if err != nil {
		return nil, err
	}
	return model.FitContext(ctx)
}

// collectEffects reads c, c′, a_n and b_n from the fits and computes the delta-method tests.
func (r *MediationResult) collectEffects() error {
	m := r.Model
	r.N = r.Outcome.N
	for _, eq := range append([]*Result{r.Total}, r.Mediators...) {
		if eq.N != r.N || !slices.Equal(eq.Rows, r.Outcome.Rows) {
			return fmt.Errorf("%w: equation %s has %d rows but the outcome equation has %d; the common sample should make them equal",
				ErrMediationModel, eq.Formula, eq.N, r.N)
		}
	}
	var err error
	if r.TotalEffect, err = effectCoef(r.Total, m.Treatment); err != nil {
		return err
	}
	if r.DirectEffect, err = effectCoef(r.Outcome, m.Treatment); err != nil {
		return err
	}
	r.Paths = make([]MediationPath, len(m.Mediators))
	for n, med := range m.Mediators {
		path := &r.Paths[n]
		path.Mediator = med
		if path.A, err = effectCoef(r.Mediators[n], m.Treatment); err != nil {
			return err
		}
		if path.B, err = effectCoef(r.Outcome, med); err != nil {
			return err
		}
		path.Indirect = path.A.Estimate * path.B.Estimate
		path.Sobel, path.Aroian, path.Goodman = deltaTests(path.A, path.B)
		r.IndirectSum += path.Indirect
	}
	return nil
}

// effectCoef returns the coefficient of term, or an error that names the equation and why the term is absent.
func effectCoef(r *Result, term string) (Coefficient, error) {
	if c, ok := r.Coef(term); ok {
		return c, nil
	}
	for _, d := range r.DroppedRegressors {
		if d.Term == term {
			return Coefficient{}, fmt.Errorf("%w: %s dropped %s (%s %s); a mediation effect through it is not identified",
				ErrMediationModel, r.Formula, term, d.Reason, d.Detail)
		}
	}
	return Coefficient{}, fmt.Errorf("%w: %s has no coefficient %q", ErrMediationModel, r.Formula, term)
}

// deltaTests returns the Sobel, Aroian and Goodman tests of a·b.
func deltaTests(a, b Coefficient) (sobel, aroian, goodman ZTest) {
	ab := a.Estimate * b.Estimate
	first := b.Estimate*b.Estimate*a.StdError*a.StdError + a.Estimate*a.Estimate*b.StdError*b.StdError
	second := a.StdError * a.StdError * b.StdError * b.StdError
	test := func(variance float64) ZTest {
		if !(variance >= 0) {
			return ZTest{StdError: math.NaN(), Z: math.NaN(), P: math.NaN()}
		}
		se := math.Sqrt(variance)
		z := ab / se
		return ZTest{StdError: se, Z: z, P: resample.TwoSidedNormalP(z)}
	}
	return test(first), test(first + second), test(first - second)
}
