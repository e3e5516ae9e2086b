package cpstat

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/cpstat/cpstat/cpstat/formula"
	"github.com/cpstat/cpstat/cpstat/quantreg"
)

// ErrQuantileModel is the kind of failure of a quantile regression or QRPD model that cannot be
// estimated as written: a formula part the estimator does not take, an invalid quantile or setting,
// or an error of the engine (package cpstat/quantreg). The engine's typed error stays reachable with
// errors.As.
var ErrQuantileModel = errors.New("invalid quantile regression model")

// QRSettings configures QuantReg. The zero value gives R's summary.rq(se = "nid"): the
// Hendricks–Koenker sandwich with the Hall–Sheather bandwidth.
type QRSettings struct {
	// SE selects the standard errors: quantreg.SENID (the zero value), SEIID, SEKernel, SEBootstrapXY,
	// SEBootstrapCluster (pairs of whole clusters) or SEBootstrapWildCluster (Hagemann 2017).
	SE quantreg.SEMethod
	// Bandwidth selects the bandwidth rule of the nid, iid and kernel standard errors: Hall–Sheather (the
	// zero value) or Bofinger.
	Bandwidth quantreg.BandwidthRule
	// Alpha is the significance level in the Hall–Sheather rule; 0 means 0.05 as in bandwidth.rq.
	Alpha float64

	// Replications is the number of bootstrap samples; 0 means 200 as in boot.rq.
	Replications int
	// Seed fixes the bootstrap draws. The result is bit-identical for any GOMAXPROCS.
	Seed uint64
	// Cluster names the column whose values define the clusters of the two cluster bootstraps; "" means
	// the panel's entity column. A row with a missing cluster is dropped like a row with a missing
	// regressor. Other standard errors ignore it.
	Cluster string

	// Window keeps only the periods From–To; the zero value keeps every period.
	Window Window
	// RankTolerance is the relative tolerance of the check for collinear regressors; 0 means
	// quantreg.DefaultRankTolerance.
	RankTolerance float64

	// Progress, when non-nil, is called with the finished and total bootstrap replications. Calls never
	// overlap.
	Progress func(done, total int)
}

// QROption changes one QRSettings field.
type QROption func(*QRSettings)

// QRStdErr selects the standard errors of QuantReg.
func QRStdErr(method quantreg.SEMethod) QROption { return func(s *QRSettings) { s.SE = method } }

// QRBandwidth selects the bandwidth rule of the nid, iid and kernel standard errors.
func QRBandwidth(rule quantreg.BandwidthRule) QROption {
	return func(s *QRSettings) { s.Bandwidth = rule }
}

// QRReplications sets the number of bootstrap samples.
func QRReplications(n int) QROption { return func(s *QRSettings) { s.Replications = n } }

// QRSeed sets the seed of the bootstrap draws.
func QRSeed(seed uint64) QROption { return func(s *QRSettings) { s.Seed = seed } }

// QRCluster names the cluster column of the cluster bootstraps.
func QRCluster(column string) QROption { return func(s *QRSettings) { s.Cluster = column } }

// QRWindow keeps only the periods from–to.
func QRWindow(from, to int) QROption {
	return func(s *QRSettings) { s.Window = Window{From: from, To: to} }
}

// QRProgress sets the callback that reports bootstrap replications.
func QRProgress(fn func(done, total int)) QROption { return func(s *QRSettings) { s.Progress = fn } }

// WithQRSettings replaces every setting with s; options after it change single fields again.
func WithQRSettings(s QRSettings) QROption { return func(old *QRSettings) { *old = s } }

// clusterBootstrap reports whether the settings ask for one of the bootstraps that need clusters.
func (s QRSettings) clusterBootstrap() bool {
	return s.SE == quantreg.SEBootstrapCluster || s.SE == quantreg.SEBootstrapWildCluster
}

// QRResult is a linear quantile regression fitted by QuantReg: the coefficients of the τ-th
// conditional quantile of the response, with the standard errors that Settings chose.
//
// Coefficient slices have one entry per kept regressor, in the order of Names. A regressor that is a
// linear combination of earlier ones is left out and listed in DroppedRegressors.
type QRResult struct {
	Formula  formula.Formula
	Response string // label of the response, such as "log(y)"
	Tau      float64
	Settings QRSettings

	// Names are the kept regressors, with "(Intercept)" first when the model has a constant.
	Names  []string
	Coef   []float64 // in units of the response per unit of the regressor
	StdErr []float64
	TValue []float64
	// PValue is two-sided, from Student's t with DF degrees of freedom, as summary.rq reports it.
	PValue []float64
	DF     int // N minus the number of kept coefficients

	N int // rows used
	// Objective is Σ ρτ(residual), the check-function loss at the solution.
	Objective float64

	// DroppedRegressors lists the collinear regressors left out before fitting, with the reason.
	DroppedRegressors []quantreg.DroppedColumn
	// Dropped records the rows of the panel (within Window) that the model frame left out, with their
	// keys and reasons. OutsideWindow counts the rows Window left out before that.
	Dropped       DropReport
	OutsideWindow int
	// Keys are the (entity, time) keys of the rows used, in fitting order.
	Keys []RowKey

	// NonUnique is set when other coefficient values attain the same objective, as with tied data; the
	// coefficients are then the vertex that R's rq(method = "br") reports.
	NonUnique bool

	// ClusterColumn and Clusters are the cluster column and its number of clusters of a cluster
	// bootstrap; "" and 0 otherwise.
	ClusterColumn string
	Clusters      int

	// Fit and Inference are the engine's results, for the residuals, the basis rows, the bandwidth and
	// the covariance matrix.
	Fit       *quantreg.Result
	Inference *quantreg.Inference

	// Notes lists what a reader of the results should know: reference levels, dropped regressors,
	// non-uniqueness, bootstrap failures.
	Notes []string
}

// QuantReg fits the τ-th linear quantile regression of the formula on the panel; see
// QuantRegContext.
func QuantReg(p *Panel, src string, tau float64, opts ...QROption) (*QRResult, error) {
	return QuantRegContext(context.Background(), p, src, tau, opts...)
}

// QuantRegContext fits the τ-th linear quantile regression of the formula on the panel, exactly as
// R's quantreg rq(method = "br") with summary.rq's standard errors, in named steps:
//  1. validate τ (0 < τ < 1) and the settings before any work;
//  2. parse the formula, which takes no fixed effects: a quantile of y − α_i is not a quantile of y,
//     so use QRPD for panel effects, or i() dummies for a few groups;
//  3. keep the rows in Settings.Window and build the model frame, which drops rows with missing or
//     invalid values and records each with its key;
//  4. fit with the intercept as a column of ones (unless the formula has "0 +" or "- 1"), dropping
//     collinear regressors with a note;
//  5. estimate the standard errors. ctx cancels a bootstrap between replications.
func QuantRegContext(ctx context.Context, p *Panel, src string, tau float64, opts ...QROption) (*QRResult, error) {
	var s QRSettings
	for _, o := range opts {
		o(&s)
	}
	if err := validateTau(tau); err != nil {
		return nil, err
	}
	if s.Replications < 0 {
		return nil, fmt.Errorf("quantile regression: %w: %d bootstrap replications; give a positive number, or 0 for 200",
			ErrQuantileModel, s.Replications)
	}

	f, err := formula.Parse(src)
	if err != nil {
		return nil, err
	}
	if len(f.FixedEffects) > 0 {
		return nil, fmt.Errorf("quantile regression %s: %w: fixed effects after \"|\" are not supported, because the "+
			"τ-quantile of y minus an entity effect is not the τ-quantile of y. Use QRPD (cpstat qrpd) for "+
			"nonadditive panel effects, or write i(column) dummies for a few groups", f, ErrQuantileModel)
	}

	windowed, err := p.window(s.Window)
	if err != nil {
		return nil, err
	}
	var frameSettings FrameSettings
	clusterColumn := ""
	if s.clusterBootstrap() {
		clusterColumn = s.Cluster
		if clusterColumn == "" {
			clusterColumn = p.EntityColumn()
		}
		frameSettings.Cluster = []string{clusterColumn}
	}
	frame, err := ModelFrame(windowed, f, frameSettings)
	if err != nil {
		return nil, err
	}

	x, names := frame.XWithIntercept()
	if len(x) == 0 {
		return nil, fmt.Errorf("quantile regression %s: %w: the model has neither regressors nor an intercept; "+
			"remove \"0 +\" or add a regressor", f, ErrQuantileModel)
	}
	fit, err := quantreg.Fit(quantreg.Design{Y: frame.Y, X: qrDesignMatrix(x, frame.N()), Names: names}, tau,
		quantreg.Options{RankTolerance: s.RankTolerance})
	if err != nil {
		return nil, fmt.Errorf("quantile regression %s at τ = %g: %w: %w", f, tau, ErrQuantileModel, err)
	}

	inferOpts := quantreg.InferenceOptions{Method: s.SE, Bandwidth: s.Bandwidth, Alpha: s.Alpha,
		Replications: s.Replications, Seed: s.Seed, Progress: s.Progress}
	res := &QRResult{Formula: f, Response: frame.Response, Tau: tau, Settings: s, N: fit.N,
		Objective: fit.Objective, DroppedRegressors: fit.Dropped, Dropped: frame.Dropped,
		OutsideWindow: p.Len() - windowed.Len(), Keys: frame.Keys, NonUnique: fit.NonUnique, Fit: fit}
	if clusterColumn != "" {
		codes := frame.Clusters[0].Codes
		inferOpts.Cluster = make([]int, len(codes))
		for i, c := range codes {
			inferOpts.Cluster[i] = int(c)
		}
		res.ClusterColumn, res.Clusters = clusterColumn, len(frame.Clusters[0].Levels)
	}
	inf, err := fit.Infer(ctx, inferOpts)
	if err != nil {
		return nil, fmt.Errorf("quantile regression %s at τ = %g: %v standard errors: %w: %w", f, tau, s.SE,
			ErrQuantileModel, err)
	}
	res.Inference = inf
	res.Names, res.Coef, res.StdErr = inf.Names, inf.Coef, inf.StdErr
	res.TValue, res.PValue, res.DF = inf.TValue, inf.PValue, inf.DF

	res.Notes = append(res.Notes, frame.Notes...)
	res.Notes = append(res.Notes, fit.Notes...)
	res.Notes = append(res.Notes, inf.Notes...)
	return res, nil
}

// QuantRegQuantiles fits QuantReg at each τ in taus, in order, for a plot of the coefficients
// against τ. Every τ is validated before the first fit.
func QuantRegQuantiles(ctx context.Context, p *Panel, src string, taus []float64, opts ...QROption) ([]*QRResult, error) {
	if err := validateTaus(taus); err != nil {
		return nil, err
	}
	out := make([]*QRResult, 0, len(taus))
	for _, tau := range taus {
		res, err := QuantRegContext(ctx, p, src, tau, opts...)
		if err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	return out, nil
}

// Coefficient returns the index of a coefficient in Names, or -1 when the result has no such
// coefficient (not in the formula, or dropped as collinear).
func (r *QRResult) Coefficient(name string) int { return slices.Index(r.Names, name) }

// validateTau returns a *quantreg.TauError, which wraps quantreg.ErrInvalidTau and ErrQuantileModel,
// unless 0 < τ < 1.
func validateTau(tau float64) error {
	if tau > 0 && tau < 1 {
		return nil
	}
	return fmt.Errorf("%w: %w", ErrQuantileModel, &quantreg.TauError{Tau: tau})
}

func validateTaus(taus []float64) error {
	if len(taus) == 0 {
		return fmt.Errorf("%w: no quantile given; give at least one τ in (0, 1), such as 0.5", ErrQuantileModel)
	}
	for _, tau := range taus {
		if err := validateTau(tau); err != nil {
			return err
		}
	}
	return nil
}

// qrDesignMatrix lays out regressors stored by column (x[j][i]) as an n×len(x) matrix; x must not be
// empty.
func qrDesignMatrix(x [][]float64, n int) *mat.Dense {
	m := mat.NewDense(n, len(x), nil)
	for j, col := range x {
		for i, v := range col {
			m.Set(i, j, v)
		}
	}
	return m
}
