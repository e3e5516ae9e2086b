package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/quantreg"
	"github.com/cpstat/cpstat/cpstat/table"
)

func init() {
	register(&command{
		name:    "qrpd",
		summary: "quantile regression for panel data with nonadditive fixed effects (Powell's QRPD, Stata qregpd)",
		usage: `--formula "y ~ x1 + x2" [--tau 0.5 | --taus 0.1:0.9:0.1] [--optimizer auto|grid|neldermead|mcmc] [--seed S]
       [--draws N] [--burn N] [--se auto|analytic|draws] [--window 2001:2017] [--data FILE --id ID --time T]
       [--lang zh|en] [--quiet] [--json]`,
		details: qrpdDetails,
		setup:   setupQRPD,
	})
}

const qrpdDetails = `Estimates β(τ) in y_it = x_it'β(U*_it), where the rank U*_it may depend on the unit (--id) in any way,
by Powell's GMM estimator with additive period (--time) effects, as Stata's qregpd 1.0.1 does. A quantile
of y minus an additive unit effect, as fixed-effects quantile regression uses, is not a quantile of y;
QRPD keeps the meaning of τ as the quantile of the outcome. The formula takes no intercept (the period
effects absorb it) and no "|" part. All regressors serve as their own instruments.

Optimisers (--optimizer):
  auto        grid search for one or two regressors, Nelder–Mead otherwise               [default]
  grid        grid of ± 10 pooled standard errors, refined and extended near its edge (≤ 2 regressors)
  neldermead  Nelder–Mead from the pooled quantile regression, qregpd's default; can stall on a flat step
  mcmc        adaptive random-walk Metropolis on exp(−Q/2) (Chernozhukov and Hong 2003), 4 chains,
              --draws per chain after --burn; the coefficient is the mean of the draws. With few units
              Q is flat over wide regions, which can pull the mean away from the minimum.
The same --seed gives bit-identical results on any number of cores.

Standard errors (--se): auto uses the standard deviation of the MCMC draws for mcmc and the analytic
GMM sandwich (uniform kernel, qregpd's bandwidth rule) otherwise; analytic and draws force one of them
(draws needs mcmc). z statistics and p-values use the standard normal.

Departures from qregpd 1.0.1: starting values from the exact pooled rq fit with nid standard errors; the
sandwich keeps the weight matrix of the start; the grid is wider and finer; the MCMC target is exp(−Q/2)
and the chains are bounded (qregpd's scaling makes the draw variance about T times too small).

Progress goes to stderr, one line per quantile and, for mcmc, halfway through it; --quiet turns it off.

Exit status: 0 on success, 1 when the data cannot be read or the model cannot be estimated (for
example collinear regressors), 2 for an invalid command line, formula, quantile or column.

JSON output (--json), one object; numbers that cannot be computed are null:
  command, formula, response     "qrpd", the model in canonical form, the left-hand side
  id, time                       the unit and period columns
  optimizer, seed, draws, burn   the options as given ("auto", 0 = the engine default)
  se                             "auto", "analytic" or "draws"
  conf_level                     level of conf_low and conf_high (--level)
  nobs, units, periods           rows, units and periods used
  sample_rows, excluded_rows     rows inside --window, and rows outside it
  dropped[]                      reason, column, count, rows[] {entity, time}: rows the model left out
  notes[]                        reference levels of i() terms and other facts about the sample
  quantiles[]                    one object per τ, in the order given:
    tau, optimizer               quantile and the optimiser used ("grid", "Nelder-Mead", "MCMC")
    objective                    Q(b) = N ĝ'Ω̂⁻¹ĝ at the estimate
    se_source                    "analytic" or "draws": the standard errors behind z and p_value
    bandwidth                    kernel half-width of the analytic sandwich, on the residual scale
    evaluations                  objective evaluations
    min_periods, max_periods     periods per unit
    acceptance_rates[]           per MCMC chain (mcmc only)
    coefficients[]               term, estimate, std_error, z, p_value, conf_low, conf_high,
                                 std_error_analytic, std_error_draws (null without mcmc), pooled_start
    time_effects[]               time, value: the τ-quantile of y − x'b within each period
    notes[]                      warnings of the fit, such as MCMC draws spread far wider than the sandwich`

var qrpdOptimizers = map[string]quantreg.Optimizer{
	"auto": quantreg.OptimizeAuto, "grid": quantreg.OptimizeGrid, "neldermead": quantreg.OptimizeNelderMead,
	"mcmc": quantreg.OptimizeMCMC,
}

var qrpdStdErrs = map[string]cpstat.QRPDStdErr{
	"auto": cpstat.QRPDStdErrAuto, "analytic": cpstat.QRPDStdErrAnalytic, "draws": cpstat.QRPDStdErrDraws,
}

func setupQRPD(fs *flag.FlagSet) func(*env) error {
	data := addDataFlags(fs)
	src := fs.String("formula", "", "model `formula` y ~ x1 + x2 without \"|\", such as \"prosperity ~ balance + cpi\"")
	tau := fs.String("tau", "", "one `quantile` to fit, strictly between 0 and 1, instead of --taus")
	tausFlag := fs.String("taus", "0.1:0.9:0.1", "`quantiles`: a list 0.25,0.5,0.75 or a range FROM:TO:STEP, each strictly between 0 and 1")
	optimizer := fs.String("optimizer", "auto", "`method` that minimises the GMM objective: auto, grid, neldermead or mcmc (see below)")
	seed := fs.Uint64("seed", 1, "`seed` of the MCMC draws")
	draws := fs.Int("draws", 0, "retained MCMC `draws` per chain; 0 means 1000")
	burn := fs.Int("burn", 0, "MCMC burn-in `draws` per chain, discarded; 0 means 500")
	gridPoints := fs.Int("grid-points", 0, "grid `points` per regressor; 0 means 81 for one regressor and 41 for two")
	se := fs.String("se", "auto", "standard `errors` behind z and p: auto, analytic or draws (see below)")
	window := fs.String("window", "", "`periods` FROM:TO to keep, inclusive, such as 2001:2017 (default: every period)")
	level := fs.Float64("level", 0.95, "confidence `level` of conf_low and conf_high, between 0 and 1")
	lang := fs.String("lang", "zh", "label `language` of the text table: zh or en")
	quiet := fs.Bool("quiet", false, "write no progress lines to stderr")
	asJSON := fs.Bool("json", false, "print the result as JSON (schema below)")

	return func(e *env) error {
		if err := checkQuantileFormula(*src, "qrpd"); err != nil {
			return err
		}
		taus, err := qrpdTaus(fs, *tau, *tausFlag)
		if err != nil {
			return err
		}
		method, ok := qrpdOptimizers[*optimizer]
		if !ok {
			return usagef("--optimizer %q: use auto, grid, neldermead or mcmc", *optimizer)
		}
		source, ok := qrpdStdErrs[*se]
		if !ok {
			return usagef("--se %q: use auto, analytic or draws", *se)
		}
		if source == cpstat.QRPDStdErrDraws && method != quantreg.OptimizeMCMC {
			return usagef("--se draws needs --optimizer mcmc")
		}
		for _, n := range []struct {
			name  string
			value int
		}{{"--draws", *draws}, {"--burn", *burn}, {"--grid-points", *gridPoints}} {
			if n.value < 0 {
				return usagef("%s %d: give a positive number, or 0 for the default", n.name, n.value)
			}
		}
		if !(*level > 0 && *level < 1) {
			return usagef("--level %v is outside (0, 1); use 0.95 for 95%% intervals", *level)
		}
		tableLang, err := parseLang(*lang)
		if err != nil {
			return err
		}
		w, err := parseWindow(*window)
		if err != nil {
			return err
		}

		p, err := data.load(e)
		if err != nil {
			return err
		}
		settings := cpstat.QRPDSettings{
			Options: quantreg.QRPDOptions{Optimizer: method, Seed: *seed, Draws: *draws, Burn: *burn, GridPoints: *gridPoints},
			StdErr:  source,
			Window:  w,
		}
		if !*quiet {
			settings.Progress = qrpdProgress(e.stderr, method == quantreg.OptimizeMCMC)
		}
		start := time.Now()
		res, err := cpstat.QRPD(p, *src, taus, cpstat.WithQRPDSettings(settings))
		if err != nil {
			return err
		}
		if !*quiet {
			fmt.Fprintf(e.stderr, "qrpd: %d of %d quantiles fitted in %.2f s\n", len(res.Fits), len(taus), time.Since(start).Seconds())
		}
		for _, f := range res.Failed {
			fmt.Fprintf(e.stderr, "qrpd: τ = %g not estimated: %v\n", f.Tau, f.Err)
		}

		if *asJSON {
			return printJSON(e.stdout, struct {
				qrpdOutput
				readerReport
			}{newQRPDOutput(res, *optimizer, *se, *level), data.report()})
		}
		labels, err := data.tableLabels()
		if err != nil {
			return err
		}
		return printQRPDText(e.stdout, res, tableLang, labels)
	}
}

// qrpdProgress returns a callback that writes a line to w when a quantile starts and, for MCMC,
// when half of its draws are done.
func qrpdProgress(w io.Writer, mcmc bool) func(cpstat.QRPDProgress) {
	current, halfDone := 0, false
	return func(r cpstat.QRPDProgress) {
		if r.Quantile != current {
			current, halfDone = r.Quantile, false
			fmt.Fprintf(w, "qrpd: τ = %v (%d/%d)\n", r.Tau, r.Quantile, r.Quantiles)
		}
		if mcmc && !halfDone && r.Total > 0 && 2*r.Done >= r.Total {
			halfDone = true
			fmt.Fprintf(w, "qrpd: τ = %v (%d/%d): %d of %d MCMC draws\n", r.Tau, r.Quantile, r.Quantiles, r.Done, r.Total)
		}
	}
}

// printQRPDText writes the table with one column per quantile and then the sample and its notes.
func printQRPDText(w io.Writer, res *cpstat.QRPDResult, lang table.Lang, labels table.Labels) error {
	if err := table.WriteText(w, res.TableWith("QRPD "+res.Formula.String(), labels, lang, flagFor), table.TextOptions{}); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nunits: %s, periods: %s, N = %d (%d units × %d periods", res.EntityColumn, res.TimeColumn, res.N,
		res.Units, res.Periods)
	if res.N != res.Units*res.Periods {
		fmt.Fprintf(w, ", unbalanced")
	}
	fmt.Fprintln(w, ")")
	if res.OutsideWindow > 0 {
		fmt.Fprintf(w, "rows outside --window: %d\n", res.OutsideWindow)
	}
	if res.Dropped.Dropped() > 0 {
		fmt.Fprintf(w, "%s\n", res.Dropped)
	}
	for _, note := range res.Notes {
		fmt.Fprintf(w, "note: %s\n", note)
	}
	for _, fit := range res.Fits {
		for _, note := range fit.NotesWith(flagFor) {
			fmt.Fprintf(w, "note (τ = %v): %s\n", fit.Tau, note)
		}
	}
	return nil
}

// qrpdTaus returns the quantiles of --tau, one value, or else of --taus; giving both is a usage
// error.
func qrpdTaus(fs *flag.FlagSet, tau, taus string) ([]float64, error) {
	tausGiven := false
	fs.Visit(func(f *flag.Flag) { tausGiven = tausGiven || f.Name == "taus" })
	switch {
	case tau != "" && tausGiven:
		return nil, usagef("give --tau for one quantile or --taus for several, not both")
	case tau != "":
		if strings.ContainsAny(tau, ",:") {
			return nil, usagef("--tau %q: give one quantile such as 0.5; use --taus for a list or a range", tau)
		}
		return parseTaus("--tau", tau)
	}
	return parseTaus("--taus", taus)
}

// qrpdOutput is the JSON document that `cpstat qrpd --json` prints; qrpdDetails describes each field.
type qrpdOutput struct {
	Command      string             `json:"command"`
	Formula      string             `json:"formula"`
	Response     string             `json:"response"`
	ID           string             `json:"id"`
	Time         string             `json:"time"`
	Optimizer    string             `json:"optimizer"`
	Seed         uint64             `json:"seed"`
	Draws        int                `json:"draws"`
	Burn         int                `json:"burn"`
	SE           string             `json:"se"`
	ConfLevel    float64            `json:"conf_level"`
	NObs         int                `json:"nobs"`
	Units        int                `json:"units"`
	Periods      int                `json:"periods"`
	SampleRows   int                `json:"sample_rows"`
	ExcludedRows int                `json:"excluded_rows"`
	Dropped      []regressDropGroup `json:"dropped"`
	Notes        []string           `json:"notes"`
	Quantiles    []qrpdQuantile     `json:"quantiles"`
	// Failed lists the requested quantiles whose fit failed, each with the error; they are not in
	// quantiles.
	Failed []qrpdFailure `json:"failed"`
}

type qrpdFailure struct {
	Tau   float64 `json:"tau"`
	Error string  `json:"error"`
}

type qrpdQuantile struct {
	Tau             float64           `json:"tau"`
	Optimizer       string            `json:"optimizer"`
	Objective       jsonFloat         `json:"objective"`
	SESource        string            `json:"se_source"`
	Bandwidth       jsonFloat         `json:"bandwidth"`
	Evaluations     int               `json:"evaluations"`
	MinPeriods      int               `json:"min_periods"`
	MaxPeriods      int               `json:"max_periods"`
	AcceptanceRates []jsonFloat       `json:"acceptance_rates,omitempty"`
	Coefficients    []qrpdCoefficient `json:"coefficients"`
	TimeEffects     []qrpdTimeEffect  `json:"time_effects"`
	Notes           []string          `json:"notes"`
}

type qrpdCoefficient struct {
	Term             string    `json:"term"`
	Estimate         jsonFloat `json:"estimate"`
	StdError         jsonFloat `json:"std_error"`
	Z                jsonFloat `json:"z"`
	PValue           jsonFloat `json:"p_value"`
	ConfLow          jsonFloat `json:"conf_low"`
	ConfHigh         jsonFloat `json:"conf_high"`
	StdErrorAnalytic jsonFloat `json:"std_error_analytic"`
	StdErrorDraws    jsonFloat `json:"std_error_draws"`
	PooledStart      jsonFloat `json:"pooled_start"`
}

type qrpdTimeEffect struct {
	Time  int       `json:"time"`
	Value jsonFloat `json:"value"`
}

func newQRPDOutput(res *cpstat.QRPDResult, optimizer, se string, level float64) qrpdOutput {
	opt := res.Settings.Options
	out := qrpdOutput{Command: "qrpd", Formula: res.Formula.String(), Response: res.Response, ID: res.EntityColumn,
		Time: res.TimeColumn, Optimizer: optimizer, Seed: opt.Seed, Draws: opt.Draws, Burn: opt.Burn, SE: se,
		ConfLevel: level, NObs: res.N, Units: res.Units, Periods: res.Periods, SampleRows: res.Dropped.Rows,
		ExcludedRows: res.OutsideWindow, Dropped: quantileDropped(res.Dropped), Notes: append([]string{}, res.Notes...),
		Failed: []qrpdFailure{}}
	for _, f := range res.Failed {
		out.Failed = append(out.Failed, qrpdFailure{Tau: f.Tau, Error: f.Err.Error()})
	}
	c := distuv.UnitNormal.Quantile((1 + level) / 2)
	for _, fit := range res.Fits {
		q := qrpdQuantile{Tau: fit.Tau, Optimizer: fit.Optimizer.String(), Objective: jsonFloat(fit.Objective),
			SESource: fit.TestSource.String(), Bandwidth: jsonFloat(fit.Bandwidth), Evaluations: fit.Evaluations,
			MinPeriods: fit.MinPeriods, MaxPeriods: fit.MaxPeriods, Coefficients: []qrpdCoefficient{},
			TimeEffects: []qrpdTimeEffect{}, Notes: append([]string{}, fit.NotesWith(flagFor)...)}
		for _, rate := range fit.AcceptanceRates {
			q.AcceptanceRates = append(q.AcceptanceRates, jsonFloat(rate))
		}
		for j, name := range fit.Names {
			se := fit.TestStdErr[j]
			coef := qrpdCoefficient{Term: name, Estimate: jsonFloat(fit.Coef[j]), StdError: jsonFloat(se),
				Z: jsonFloat(fit.ZValue[j]), PValue: jsonFloat(fit.PValue[j]),
				ConfLow: jsonFloat(fit.Coef[j] - c*se), ConfHigh: jsonFloat(fit.Coef[j] + c*se),
				StdErrorAnalytic: jsonFloat(fit.StdErr[j]), StdErrorDraws: jsonFloat(nanIfMissing(fit.DrawStdErr, j)),
				PooledStart: jsonFloat(fit.Start[j])}
			q.Coefficients = append(q.Coefficients, coef)
		}
		for _, te := range fit.TimeEffects {
			q.TimeEffects = append(q.TimeEffects, qrpdTimeEffect{Time: te.Time, Value: jsonFloat(te.Value)})
		}
		out.Quantiles = append(out.Quantiles, q)
	}
	return out
}

// nanIfMissing returns x[j], or NaN (written as null) when x has no such entry.
func nanIfMissing(x []float64, j int) float64 {
	if j < len(x) {
		return x[j]
	}
	return math.NaN()
}
