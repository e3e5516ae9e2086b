package cpstat

import (
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/cpstat/cpstat/cpstat/formula"
	"github.com/cpstat/cpstat/cpstat/quantreg"
)

// QRPDSettings configures QRPD. The zero value gives the engine's defaults: grid search for one or
// two regressors and Nelder–Mead otherwise, seed 0, and the bandwidth rule of Stata's qregpd.
type QRPDSettings struct {
	// Options are the engine's settings: Optimizer, Seed, Grid, GridPoints, Draws, Chains, Bandwidth and
	// the rest, documented in quantreg.QRPDOptions. Options.Progress is replaced by a wrapper that calls
	// Progress below.
	Options quantreg.QRPDOptions

	// StdErr selects the standard errors behind the z tests, tables and confidence bands.
	StdErr QRPDStdErr

	// Window keeps only the periods From–To; the zero value keeps every period.
	Window Window

	// Progress, when non-nil, reports the work done within each quantile. Calls never overlap.
	Progress func(QRPDProgress)
}

// QRPDStdErr selects which standard errors of a QRPD fit its z tests use.
type QRPDStdErr int

const (
	// QRPDStdErrAuto uses the draws for MCMC fits and the analytic sandwich for the other optimisers.
	QRPDStdErrAuto QRPDStdErr = iota
	// QRPDStdErrAnalytic uses the analytic GMM sandwich, whose derivative term is a uniform-kernel
	// estimate and can vary much from one quantile to the next in panels with few units.
	QRPDStdErrAnalytic
	// QRPDStdErrDraws uses the standard deviation of the MCMC draws, which estimates the standard error
	// of the Laplace-type estimator under the exp(−Q/2) scaling (Chernozhukov and Hong 2003). It
	// requires the MCMC optimiser.
	QRPDStdErrDraws
)

// String returns "auto", "analytic" or "draws".
func (s QRPDStdErr) String() string {
	switch s {
	case QRPDStdErrAuto:
		return "auto"
	case QRPDStdErrAnalytic:
		return "analytic"
	case QRPDStdErrDraws:
		return "draws"
	}
	return fmt.Sprintf("QRPDStdErr(%d)", int(s))
}

// QRPDProgress is one progress report of QRPD.
type QRPDProgress struct {
	Tau float64
	// Quantile is the 1-based position of Tau in the requested quantiles and Quantiles their number.
	Quantile, Quantiles int
	// Done and Total count work within the quantile: grid points over the grid passes, objective
	// evaluations of Nelder–Mead, or draws over all MCMC chains.
	Done, Total int
}

// QRPDOption changes one QRPDSettings field.
type QRPDOption func(*QRPDSettings)

// QRPDOptimizer selects how the GMM objective is minimised: quantreg.OptimizeAuto, OptimizeGrid,
// OptimizeNelderMead or OptimizeMCMC.
func QRPDOptimizer(o quantreg.Optimizer) QRPDOption {
	return func(s *QRPDSettings) { s.Options.Optimizer = o }
}

// QRPDSeed sets the seed of the MCMC draws.
func QRPDSeed(seed uint64) QRPDOption { return func(s *QRPDSettings) { s.Options.Seed = seed } }

// QRPDGrid sets the search interval of each regressor, in formula order, for the grid optimiser.
func QRPDGrid(ranges ...quantreg.GridRange) QRPDOption {
	return func(s *QRPDSettings) { s.Options.Grid = slices.Clone(ranges) }
}

// QRPDGridPoints sets the number of grid points per regressor.
func QRPDGridPoints(n int) QRPDOption { return func(s *QRPDSettings) { s.Options.GridPoints = n } }

// QRPDDraws sets the number of retained MCMC draws per chain.
func QRPDDraws(n int) QRPDOption { return func(s *QRPDSettings) { s.Options.Draws = n } }

// QRPDStdErrFrom selects the standard errors behind the z tests.
func QRPDStdErrFrom(source QRPDStdErr) QRPDOption { return func(s *QRPDSettings) { s.StdErr = source } }

// QRPDWindow keeps only the periods from–to.
func QRPDWindow(from, to int) QRPDOption {
	return func(s *QRPDSettings) { s.Window = Window{From: from, To: to} }
}

// QRPDProgressFunc sets the progress callback.
func QRPDProgressFunc(fn func(QRPDProgress)) QRPDOption {
	return func(s *QRPDSettings) { s.Progress = fn }
}

// WithQRPDSettings replaces every setting with s; options after it change single fields again.
func WithQRPDSettings(s QRPDSettings) QRPDOption { return func(old *QRPDSettings) { *old = s } }

// QRPDFit is the QRPD fit at one quantile: the engine's result (coefficients, analytic sandwich
// standard errors StdErr, MCMC draw standard errors DrawStdErr, period effects, notes) plus z tests.
type QRPDFit struct {
	*quantreg.QRPDResult

	// TestStdErr are the standard errors that QRPDSettings.StdErr chose, and TestSource names them
	// (QRPDStdErrAnalytic or QRPDStdErrDraws).
	TestStdErr []float64
	TestSource QRPDStdErr
	// ZValue is Coef/TestStdErr, and PValue its two-sided p-value from the standard normal, the
	// large-sample distribution of the estimator.
	ZValue []float64
	PValue []float64
}

// QRPDResult holds QRPD fits of one model at several quantiles.
type QRPDResult struct {
	Formula  formula.Formula
	Response string // label of the response, such as "prosperity"
	Taus     []float64
	Settings QRPDSettings

	// EntityColumn and TimeColumn are the panel keys, the units and periods of the model.
	EntityColumn, TimeColumn string

	// Fits holds one fit per quantile, in the order of Taus.
	Fits []*QRPDFit

	// N, Units and Periods count the rows used, their entities and their periods.
	N, Units, Periods int
	// Dropped records the rows of the panel (within Window) that the model frame left out, with their
	// keys and reasons. OutsideWindow counts the rows Window left out before that.
	Dropped       DropReport
	OutsideWindow int
	// Keys are the (entity, time) keys of the rows used.
	Keys []RowKey

	// Notes lists what holds for every quantile, such as reference levels of i() terms. Each fit has
	// its own Notes.
	Notes []string

	// Failed lists the requested quantiles whose fit failed, such as a quantile at which the model is
	// not identified, with the reason. They are left out of Taus and Fits, so one bad quantile does not
	// cost the others; QRPDContext returns an error when every quantile fails.
	Failed []QRPDFailure
}

// QRPDFailure is a quantile whose QRPD fit failed.
type QRPDFailure struct {
	Tau float64
	Err error
}

// QRPD fits Powell's quantile regression for panel data with nonadditive fixed effects at each
// quantile; see QRPDContext.
func QRPD(p *Panel, src string, taus []float64, opts ...QRPDOption) (*QRPDResult, error) {
	return QRPDContext(context.Background(), p, src, taus, opts...)
}

// QRPDContext fits Powell's quantile regression for panel data with nonadditive fixed effects
// (Stata's qregpd; engine quantreg.FitQRPD) of the formula at each quantile in taus, in named steps:
//  1. validate every τ (0 < τ < 1) before any work;
//  2. parse the formula y ~ x1 + x2, with no "|" part. The panel's entity is the unit whose effect
//     may enter nonadditively, and its time column is the period, whose effects absorb the constant;
//  3. keep the rows in Settings.Window and build the model frame, which drops rows with missing or
//     invalid values and records each with its key;
//  4. fit each quantile in order. A quantile's result depends on Settings and τ only, never on the
//     other quantiles requested, and is bit-identical for any GOMAXPROCS. A quantile whose fit fails
//     is recorded in Failed and left out of Taus and Fits.
//
// ctx cancels the fits between objective evaluations or MCMC draws.
func QRPDContext(ctx context.Context, p *Panel, src string, taus []float64, opts ...QRPDOption) (*QRPDResult, error) {
	var s QRPDSettings
	for _, o := range opts {
		o(&s)
	}
	if err := validateTaus(taus); err != nil {
		return nil, err
	}
	if s.StdErr == QRPDStdErrDraws && s.Options.Optimizer != quantreg.OptimizeMCMC {
		return nil, &HintError{Err: ErrQuantileModel,
			Msg: fmt.Sprintf("QRPD: %v: standard errors from the MCMC draws need the MCMC optimiser, not %v", ErrQuantileModel, s.Options.Optimizer),
			Hint: Hint{Suggestions: []Suggestion{
				{Setting: SettingQRPDOptimizer, Value: "mcmc", Purpose: "draw"},
				{Setting: SettingQRPDStdErr, Value: "analytic", Purpose: "test"}}}}
	}

	f, err := formula.Parse(src)
	if err != nil {
		return nil, err
	}
	if len(f.FixedEffects) > 0 {
		return nil, fmt.Errorf("QRPD %s: %w: remove the \"|\" part: QRPD takes the panel's entity (%s) as the unit "+
			"with a nonadditive effect and its time column (%s) as the period with additive effects", f,
			ErrQuantileModel, p.EntityColumn(), p.TimeColumn())
	}

	windowed, err := p.window(s.Window)
	if err != nil {
		return nil, err
	}
	frame, err := ModelFrame(windowed, f, FrameSettings{})
	if err != nil {
		return nil, err
	}
	if len(frame.X) == 0 {
		return nil, fmt.Errorf("QRPD %s: %w: the model has no regressor; the period effects take the place of "+
			"the intercept, so add at least one regressor", f, ErrQuantileModel)
	}
	design := qrpdDesign(windowed, frame)

	res := &QRPDResult{Formula: f, Response: frame.Response, Taus: slices.Clone(taus), Settings: s,
		EntityColumn: p.EntityColumn(), TimeColumn: p.TimeColumn(), N: frame.N(), Dropped: frame.Dropped,
		OutsideWindow: p.Len() - windowed.Len(), Keys: frame.Keys, Notes: slices.Clone(frame.Notes)}
	for q, tau := range taus {
		engine := s.Options
		engine.Progress = nil
		if s.Progress != nil {
			report := QRPDProgress{Tau: tau, Quantile: q + 1, Quantiles: len(taus)}
			engine.Progress = func(done, total int) {
				report.Done, report.Total = done, total
				s.Progress(report)
			}
		}
		fit, err := quantreg.FitQRPD(ctx, design, tau, engine)
		if err != nil {
			err = fmt.Errorf("QRPD %s at τ = %g: %w: %w", f, tau, ErrQuantileModel, qrpdEngineError(err))
			if ctx.Err() != nil {
				return nil, err
			}
			res.Failed = append(res.Failed, QRPDFailure{Tau: tau, Err: err})
			continue
		}
		res.Fits = append(res.Fits, newQRPDFit(fit, s.StdErr))
		res.Units, res.Periods = fit.Units, fit.Periods
	}
	if len(res.Fits) == 0 {
		return nil, res.Failed[0].Err
	}
	res.Taus = res.Taus[:0]
	for _, fit := range res.Fits {
		res.Taus = append(res.Taus, fit.Tau)
	}
	return res, nil
}

// qrpdDesign builds the engine's input from the frame: the regressors without the constant, and the
// entity and period of each kept row.
func qrpdDesign(p *Panel, frame *Frame) quantreg.PanelDesign {
	entities, times := p.EntityCodes(), p.Times()
	d := quantreg.PanelDesign{Y: frame.Y, X: qrDesignMatrix(frame.X, frame.N()), Names: frame.XNames,
		Unit: make([]int, frame.N()), Time: make([]int, frame.N())}
	for i, row := range frame.Rows {
		d.Unit[i] = int(entities[row])
		d.Time[i] = times[row]
	}
	return d
}

// newQRPDFit adds the z tests with the standard errors that source selects.
func newQRPDFit(r *quantreg.QRPDResult, source QRPDStdErr) *QRPDFit {
	fit := &QRPDFit{QRPDResult: r, TestStdErr: r.StdErr, TestSource: QRPDStdErrAnalytic,
		ZValue: make([]float64, len(r.Coef)), PValue: make([]float64, len(r.Coef))}
	if r.DrawStdErr != nil && source != QRPDStdErrAnalytic {
		fit.TestStdErr, fit.TestSource = r.DrawStdErr, QRPDStdErrDraws
	}
	for j, b := range r.Coef {
		fit.ZValue[j] = b / fit.TestStdErr[j]
		fit.PValue[j] = 2 * distuv.UnitNormal.Survival(math.Abs(fit.ZValue[j]))
	}
	return fit
}

// Coefficient returns the index of a regressor in the fits' Names, or -1 when the model has no
// such regressor.
func (r *QRPDResult) Coefficient(name string) int {
	if len(r.Fits) == 0 {
		return -1
	}
	return slices.Index(r.Fits[0].Names, name)
}
