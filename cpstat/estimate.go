package cpstat

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/cpstat/cpstat/cpstat/formula"
	"github.com/cpstat/cpstat/cpstat/linreg"
)

// ErrSettings is wrapped by every error about invalid EstimateSettings or an invalid Change.
var ErrSettings = errors.New("invalid estimation settings")

// ReasonSingleton is the drop reason of a row alone in a level of a fixed effect; the DropGroup's
// Column names the fixed effect.
const ReasonSingleton DropReason = "singleton"

// Estimate fits a linear model by least squares: the formula is evaluated on the panel (see ModelFrame),
// the terms after "|" are absorbed as fixed effects, and the variance follows the options. A formula
// without "|" is pooled OLS with an intercept, unless it removes the constant with 0 or -1.
//
//	res, err := cpstat.Estimate(p, "cp ~ balance + expen | province + year",
//		cpstat.Cluster("province"), cpstat.SSC(cpstat.Stata), cpstat.Period(2001, 2017))
//
// Estimate is NewModel followed by Model.Fit; use a Model to refit the same model many times.
//
// Errors: formula syntax errors (*formula.SyntaxError), unknown or text columns
// (*ColumnNotFoundError, *ColumnTypeError), ErrSettings for invalid options, ErrEmptyFrame when no row is
// left, and the errors of linreg.Fit and linreg.Result.VCov (for example *linreg.ClusterError with a
// single cluster), each wrapped with the formula. When such an error comes from a cluster variable,
// fixed effect or entity column with one level in the sample, the message names that variable first.
func Estimate(p *Panel, src string, opts ...EstimateOption) (*Result, error) {
	return EstimateContext(context.Background(), p, src, opts...)
}

// EstimateContext is Estimate with a context that cancels the iterative absorption of fixed effects.
func EstimateContext(ctx context.Context, p *Panel, src string, opts ...EstimateOption) (*Result, error) {
	m, err := NewModel(p, src, opts...)
	if err != nil {
		return nil, err
	}
	return m.FitContext(ctx)
}

// OLS is Estimate for a formula without fixed effects; a formula with "|" is an error that points to FE.
func OLS(p *Panel, src string, opts ...EstimateOption) (*Result, error) {
	f, err := formula.Parse(src)
	if err != nil {
		return nil, err
	}
	if len(f.FixedEffects) > 0 {
		return nil, fmt.Errorf("%w: %s absorbs fixed effects after \"|\"; use FE for a fixed-effects model, or drop the \"|\" part for pooled OLS", ErrSettings, f)
	}
	return Estimate(p, src, opts...)
}

// FE is Estimate for a formula with fixed effects after "|"; a formula without them is an error.
func FE(p *Panel, src string, opts ...EstimateOption) (*Result, error) {
	f, err := formula.Parse(src)
	if err != nil {
		return nil, err
	}
	if len(f.FixedEffects) == 0 {
		return nil, fmt.Errorf("%w: %s has no fixed effects; add them after \"|\", as in \"y ~ x | province + year\", or use OLS", ErrSettings, f)
	}
	return Estimate(p, src, opts...)
}

// Model is a formula evaluated once on a panel and ready to be fitted: the rows are selected, the
// transformations, lags and dummies computed and the fixed-effect codes built. Fit estimates it; Refit
// estimates it again on changed columns or resampled rows without parsing or evaluating anything, which
// is what bootstrap, placebo and permutation loops need.
//
// A Model is immutable and safe for concurrent use: Fit and Refit only read it.
type Model struct {
	settings EstimateSettings
	formula  string
	frame    *Frame // restricted to the sample
	entity   string // the panel's entity column

	sampleRows int // panel rows inside Window and Subset
	excluded   int // panel rows outside them

	design       linreg.Design // columns shared with frame; never modified
	clusterNames []string      // cluster names passed to linreg.VCovSpec

	// clusterNested[d] is not nil when fixed-effect dimension d is nested in the first cluster
	// dimension, so that a cluster bootstrap copies its levels with each drawn cluster.
	clusterNested []*nesting
	clusterCodes  []int32 // first cluster dimension, per frame row
	clusterLevels []string
	clusterRows   [][]int // frame rows of each level of the first cluster dimension
}

// NewModel evaluates the formula on the panel and validates the options, without fitting. Its errors
// are those of Estimate before the fit.
func NewModel(p *Panel, src string, opts ...EstimateOption) (*Model, error) {
	s := applyEstimateOptions(opts)
	if err := s.validateRows(p.Len()); err != nil {
		return nil, err
	}
	f, err := formula.Parse(src)
	if err != nil {
		return nil, err
	}
	fr, err := ModelFrame(p, f, FrameSettings{Cluster: s.Cluster})
	if err != nil {
		return nil, err
	}
	m := &Model{settings: s, formula: f.String(), entity: p.EntityColumn()}

	inSample := sampleFilter(p, s)
	m.sampleRows = p.Len()
	if inSample != nil {
		m.sampleRows = 0
		for i := 0; i < p.Len(); i++ {
			if inSample(i) {
				m.sampleRows++
			}
		}
		m.excluded = p.Len() - m.sampleRows
		if m.sampleRows == 0 && p.Len() > 0 {
			times := p.Times()
			return nil, fmt.Errorf("model %s: %w: no panel row lies in the sample (%s), and the panel covers "+
				"periods %d–%d; widen the window or the subset", m.formula, ErrEmptyFrame, s.sampleText(),
				slices.Min(times), slices.Max(times))
		}
		fr = restrictFrame(fr, inSample, m.sampleRows)
		if fr.N() == 0 {
			columns := append(f.Columns(), s.Cluster...)
			where := "the sample (" + s.sampleText() + ")"
			if text := emptyColumnsText(p, emptyColumns(p, columns, inSample), m.sampleRows, where); text != "" {
				return nil, fmt.Errorf("model %s: %w: %s", m.formula, ErrEmptyFrame, text)
			}
			return nil, fmt.Errorf("model %s: %w: none of the %d rows in the sample (%s) is usable: %s",
				m.formula, ErrEmptyFrame, m.sampleRows, s.sampleText(), fr.Dropped.reasons())
		}
		fr.Notes = append(fr.Notes, fmt.Sprintf("sample restricted to %s: %d of %d panel rows excluded",
			s.sampleText(), m.excluded, p.Len()))
	}
	m.frame = fr
	m.buildDesign()
	return m, nil
}

// sampleFilter returns the test of whether panel row i is in the sample, or nil when every row is.
func sampleFilter(p *Panel, s EstimateSettings) func(int) bool {
	if s.Window == (Window{}) && s.Subset == nil {
		return nil
	}
	times := p.Times()
	return func(i int) bool {
		if !s.Window.contains(times[i]) {
			return false
		}
		return s.Subset == nil || s.Subset[i]
	}
}

// sampleText describes Window and Subset, as in "periods 2001–2017 and a subset".
func (s EstimateSettings) sampleText() string {
	var text string
	switch w := s.Window; {
	case w.From != 0 && w.To != 0:
		text = fmt.Sprintf("periods %d–%d", w.From, w.To)
	case w.From != 0:
		text = fmt.Sprintf("periods from %d", w.From)
	case w.To != 0:
		text = fmt.Sprintf("periods up to %d", w.To)
	}
	if s.Subset != nil {
		if text != "" {
			text += " and "
		}
		text += "the rows the Subset option selects"
	}
	return text
}

// buildDesign points a linreg.Design at the frame's columns and prepares the cluster bootstrap.
func (m *Model) buildDesign() {
	fr := m.frame
	m.design = linreg.Design{Y: fr.Y, YName: fr.Response, X: fr.X, Names: fr.XNames, Intercept: fr.Intercept}
	for _, fe := range fr.FixedEffects {
		m.design.FE = append(m.design.FE, linreg.Factor{Name: fe.Name, Codes: fe.Codes})
	}
	for i, name := range m.settings.Cluster {
		m.clusterNames = append(m.clusterNames, name)
		if fr.isFixedEffect(name) {
			continue // linreg clusters on the fixed effect of that name directly
		}
		m.design.Clusters = append(m.design.Clusters, linreg.Factor{Name: name, Codes: fr.Clusters[i].Codes})
	}
	if len(fr.Clusters) == 0 {
		return
	}
	first := fr.Clusters[0]
	m.clusterCodes, m.clusterLevels = first.Codes, first.Levels
	m.clusterRows = make([][]int, len(first.Levels))
	start := make([]int, len(first.Levels)+1) // rows of cluster c go to backing[start[c]:start[c+1]]
	for _, c := range first.Codes {
		start[c+1]++
	}
	for c := range first.Levels {
		start[c+1] += start[c]
	}
	backing := make([]int, len(first.Codes))
	for c := range m.clusterRows {
		m.clusterRows[c] = backing[start[c]:start[c]:start[c+1]]
	}
	for i, c := range first.Codes {
		m.clusterRows[c] = append(m.clusterRows[c], i)
	}
	m.clusterNested = make([]*nesting, len(fr.FixedEffects))
	for d, fe := range fr.FixedEffects {
		m.clusterNested[d] = newNesting(fe, first)
	}
}

func (fr *Frame) isFixedEffect(name string) bool {
	for _, fe := range fr.FixedEffects {
		if fe.Name == name {
			return true
		}
	}
	return false
}

// N returns the number of rows the model was evaluated on, before singletons are dropped by the fit.
func (m *Model) N() int { return m.frame.N() }

// Formula returns the formula in canonical form.
func (m *Model) Formula() string { return m.formula }

// Response returns the label of the response, such as "cp" or "log(y)".
func (m *Model) Response() string { return m.frame.Response }

// Terms returns the names of the regressors in model order, without the intercept.
func (m *Model) Terms() []string { return append([]string(nil), m.frame.XNames...) }

// Keys returns the panel key of each model row; Change.Columns and Change.Rows are aligned with it.
func (m *Model) Keys() []RowKey { return append([]RowKey(nil), m.frame.Keys...) }

// Column returns a copy of the response (by its label) or of a regressor, aligned with Keys.
func (m *Model) Column(name string) ([]float64, error) {
	col, err := m.column(name)
	if err != nil {
		return nil, err
	}
	return append([]float64(nil), col...), nil
}

func (m *Model) column(name string) ([]float64, error) {
	if name == m.frame.Response {
		return m.frame.Y, nil
	}
	for j, n := range m.frame.XNames {
		if n == name {
			return m.frame.X[j], nil
		}
	}
	return nil, fmt.Errorf("%w: model %s has no column %q; its response is %q and its regressors are %q",
		ErrSettings, m.formula, name, m.frame.Response, m.frame.XNames)
}

// ClusterLevels returns the levels of the first cluster dimension, which Change.ClusterDraw indexes,
// or nil when the model is not clustered.
func (m *Model) ClusterLevels() []string { return append([]string(nil), m.clusterLevels...) }

// Settings returns the model's settings.
func (m *Model) Settings() EstimateSettings { return m.settings }

// Fit estimates the model on its rows.
func (m *Model) Fit() (*Result, error) { return m.FitContext(context.Background()) }

// FitContext is Fit with a context that cancels the iterative absorption.
func (m *Model) FitContext(ctx context.Context) (*Result, error) {
	return m.fit(ctx, m.sample(m.design, identityRows(m.frame.N())))
}

func identityRows(n int) []int {
	rows := make([]int, n)
	for i := range rows {
		rows[i] = i
	}
	return rows
}

// fitSample is the data of one fit: a design and the frame row behind each of its rows.
type fitSample struct {
	design linreg.Design
	rows   []int      // frame row of each design row
	levels [][]string // name of each fixed-effect code, per dimension
}

// sample pairs d with the frame rows behind it and the frame's level names.
func (m *Model) sample(d linreg.Design, rows []int) fitSample {
	levels := make([][]string, len(m.frame.FixedEffects))
	for f, fe := range m.frame.FixedEffects {
		levels[f] = fe.Levels
	}
	return fitSample{design: d, rows: rows, levels: levels}
}

// fit runs linreg on the sample and builds the Result.
func (m *Model) fit(ctx context.Context, s fitSample) (*Result, error) {
	opt := linreg.Options{KeepSingletons: m.settings.KeepSingletons, Workers: m.settings.Workers,
		FixedEffects: m.settings.FixedEffectValues}
	res, err := linreg.FitContext(ctx, s.design, opt)
	if err != nil {
		return nil, m.explainFitError(s, err)
	}
	spec := linreg.VCovSpec{Type: m.settings.vcovType().linreg(), Convention: m.settings.SSC.linreg(),
		PerTermAdjust: m.settings.perTerm()}
	if len(m.clusterNames) > 0 {
		spec.Cluster = m.clusterNames
	}
	in, err := res.VCov(spec)
	if err != nil {
		return nil, m.explainFitError(s, err)
	}
	return m.newResult(s, res, in), nil
}
