package main

import (
	"flag"
	"fmt"
	"io"
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/quantreg"
	"github.com/cpstat/cpstat/cpstat/table"
)

func init() {
	register(&command{
		name:    "qr",
		summary: "linear quantile regression (R's rq, method \"br\") with nid, iid, kernel or bootstrap standard errors",
		usage: `--formula "y ~ x1 + x2" [--tau 0.5 | --taus 0.1,0.5,0.9] [--se nid|iid|ker|boot|cluster-boot|wild-boot]
       [--bandwidth hs|bofinger] [--reps N --seed S] [--cluster COLUMN] [--window 2001:2017]
       [--data FILE --id ID --time T] [--json]`,
		details: qrDetails,
		setup:   setupQR,
	})
}

const qrDetails = `Fits the linear quantile regression of Koenker and Bassett (1978) exactly, with the Barrodale–Roberts
simplex, so the coefficients are the vertex that R's quantreg rq(method = "br") returns. Standard errors
follow summary.rq (quantreg 5.94): nid (Hendricks–Koenker sandwich, the default), iid, ker (Powell
kernel), boot (xy pairs bootstrap), cluster-boot (resampling whole clusters) and wild-boot (Hagemann's
wild gradient bootstrap by cluster, boot.rq's method with a cluster). p-values use Student's t with
N − p degrees of freedom. An intercept is added unless the formula has "0 +" or "- 1"; a regressor that
is a linear combination of earlier ones is dropped with a note, where R stops with "Singular design
matrix". Tied data can make the solution non-unique: then non_unique is true and the coefficients are
R's vertex.

A file without the --id and --time columns (and neither flag given) is read as one cross-section: each
row is its own entity, keyed by its row number, and cluster-boot then resamples rows.

The formula takes no fixed effects: the quantile of y minus an entity effect is not the quantile of y.
Use cpstat qrpd for quantile regression with nonadditive panel effects.

Exit status: 0 on success, 1 when the data cannot be read or the model cannot be estimated (for
example nid standard errors with too few rows near the quantile), 2 for an invalid command line,
formula, quantile or column.

JSON output (--json), one object; numbers that cannot be computed are null:
  command, formula, response    "qr", the model in canonical form, the left-hand side
  se, bandwidth_rule            the standard errors (as --se) and "hall-sheather" or "bofinger"
  conf_level                    level of conf_low and conf_high (--level)
  cross_section                 true when the rows were read as one cross-section
  sample_rows, excluded_rows    rows inside --window, and rows outside it
  dropped[]                     reason, column, count, rows[] {entity, time}: rows the model left out
  quantiles[]                   one object per τ, in the order given:
    tau, nobs, df               quantile, rows used, N − p
    objective                   Σ ρτ(residual) at the solution
    non_unique                  other coefficients attain the same objective
    bandwidth                   h on the quantile scale (nid, iid, ker); null for bootstraps
    replications, failed        bootstrap samples used and left out (0 without a bootstrap)
    cluster_column, clusters    the cluster column and its count (cluster bootstraps only)
    coefficients[]              term, estimate, std_error, t, p_value, conf_low, conf_high
    dropped_regressors[]        term, reason
    notes[]                     dropped regressors, ties, degenerate solutions, bootstrap failures`

// seMethods maps the --se values to the engine's standard errors.
var seMethods = map[string]quantreg.SEMethod{
	"nid": quantreg.SENID, "iid": quantreg.SEIID, "ker": quantreg.SEKernel, "boot": quantreg.SEBootstrapXY,
	"cluster-boot": quantreg.SEBootstrapCluster, "wild-boot": quantreg.SEBootstrapWildCluster,
}

func setupQR(fs *flag.FlagSet) func(*env) error {
	data := addDataFlags(fs)
	src := fs.String("formula", "", "model `formula` without fixed effects, such as \"foodexp ~ income\" or \"y ~ x + log(z)\"")
	tau := fs.Float64("tau", 0.5, "`quantile` to fit, strictly between 0 and 1")
	tausFlag := fs.String("taus", "", "several `quantiles` instead of --tau: a list 0.1,0.5,0.9 or a range FROM:TO:STEP such as\n0.1:0.9:0.1")
	se := fs.String("se", "nid", "standard `errors`: nid, iid, ker, boot, cluster-boot or wild-boot (see below)")
	bandwidth := fs.String("bandwidth", "hs", "bandwidth `rule` of nid, iid and ker: hs (Hall–Sheather) or bofinger")
	reps := fs.Int("reps", quantreg.DefaultReplications, "bootstrap `samples` (boot, cluster-boot, wild-boot)")
	seed := fs.Uint64("seed", 1, "`seed` of the bootstrap draws; the same seed gives the same standard errors on any number\nof cores")
	cluster := fs.String("cluster", "", "cluster `column` of cluster-boot and wild-boot (default: the --id column)")
	window := fs.String("window", "", "`periods` FROM:TO to keep, inclusive, such as 2001:2017 (default: every period)")
	level := fs.Float64("level", 0.95, "confidence `level` of conf_low and conf_high, between 0 and 1")
	asJSON := fs.Bool("json", false, "print the result as JSON (schema below)")

	return func(e *env) error {
		if err := checkQuantileFormula(*src, "qr"); err != nil {
			return err
		}
		taus := []float64{*tau}
		if *tausFlag != "" {
			var err error
			if taus, err = parseTaus("--taus", *tausFlag); err != nil {
				return err
			}
		} else if !(*tau > 0 && *tau < 1) {
			return usagef("--tau %v is outside (0, 1); quantiles are fractions such as 0.5, never 0 or 1", *tau)
		}
		method, ok := seMethods[*se]
		if !ok {
			return usagef("--se %q: use nid, iid, ker, boot, cluster-boot or wild-boot", *se)
		}
		var rule quantreg.BandwidthRule
		switch *bandwidth {
		case "hs":
			rule = quantreg.HallSheather
		case "bofinger":
			rule = quantreg.Bofinger
		default:
			return usagef("--bandwidth %q: use hs or bofinger", *bandwidth)
		}
		if *reps <= 0 {
			return usagef("--reps %d: give a positive number of bootstrap samples", *reps)
		}
		if !(*level > 0 && *level < 1) {
			return usagef("--level %v is outside (0, 1); use 0.95 for 95%% intervals", *level)
		}
		w, err := parseWindow(*window)
		if err != nil {
			return err
		}

		p, crossSection, err := data.loadQuantileData(e)
		if err != nil {
			return err
		}
		clusterColumn := *cluster
		if clusterColumn == "" {
			clusterColumn = p.EntityColumn()
		}
		settings := cpstat.QRSettings{SE: method, Bandwidth: rule, Replications: *reps, Seed: *seed,
			Cluster: clusterColumn, Window: w}
		var fits []*cpstat.QRResult
		for i, q := range taus {
			s := settings
			if method == quantreg.SEBootstrapXY || method == quantreg.SEBootstrapCluster || method == quantreg.SEBootstrapWildCluster {
				s.Progress = bootstrapProgress(e.stderr, q, i+1, len(taus))
			}
			fit, err := cpstat.QuantReg(p, *src, q, cpstat.WithQRSettings(s))
			if err != nil {
				return err
			}
			fits = append(fits, fit)
		}

		if *asJSON {
			return printJSON(e.stdout, struct {
				qrOutput
				readerReport
			}{newQROutput(fits, *se, *bandwidth, *level, crossSection), data.report()})
		}
		return printQRText(e.stdout, fits)
	}
}

// bootstrapProgress returns a callback that writes a line to w when a quarter of the bootstrap
// samples of one quantile are done.
func bootstrapProgress(w io.Writer, tau float64, quantile, quantiles int) func(done, total int) {
	next := 1
	return func(done, total int) {
		if done*4 >= next*total {
			fmt.Fprintf(w, "qr: τ = %v (%d/%d): %d of %d bootstrap samples\n", tau, quantile, quantiles, done, total)
			next = done*4/total + 1
		}
	}
}

// printQRText writes summary.rq's table for one quantile, or a table with one column per quantile
// followed by each fit's details.
func printQRText(w io.Writer, fits []*cpstat.QRResult) error {
	if len(fits) == 1 {
		_, err := fmt.Fprint(w, fits[0])
		return err
	}
	reg := table.Regression{Title: "Quantile regression " + fits[0].Formula.String(), Lang: table.En,
		Notes: []string{fmt.Sprintf("%v standard errors; t statistics in parentheses.", fits[0].Settings.SE)}, NoAutoNote: true}
	for _, fit := range fits {
		reg.Columns = append(reg.Columns, fit.Column(cpstat.TauTitle(fit.Tau)))
	}
	if err := table.WriteText(w, reg, table.TextOptions{}); err != nil {
		return err
	}
	for _, fit := range fits {
		fmt.Fprintln(w)
		fmt.Fprint(w, fit)
	}
	return nil
}

// qrOutput is the JSON document that `cpstat qr --json` prints; qrDetails describes each field.
type qrOutput struct {
	Command       string             `json:"command"`
	Formula       string             `json:"formula"`
	Response      string             `json:"response"`
	SE            string             `json:"se"`
	BandwidthRule string             `json:"bandwidth_rule"`
	ConfLevel     float64            `json:"conf_level"`
	CrossSection  bool               `json:"cross_section"`
	SampleRows    int                `json:"sample_rows"`
	ExcludedRows  int                `json:"excluded_rows"`
	Dropped       []regressDropGroup `json:"dropped"`
	Quantiles     []qrQuantile       `json:"quantiles"`
}

type qrQuantile struct {
	Tau               float64         `json:"tau"`
	NObs              int             `json:"nobs"`
	DF                int             `json:"df"`
	Objective         jsonFloat       `json:"objective"`
	NonUnique         bool            `json:"non_unique"`
	Bandwidth         jsonFloat       `json:"bandwidth"`
	Replications      int             `json:"replications"`
	Failed            int             `json:"failed"`
	ClusterColumn     string          `json:"cluster_column,omitempty"`
	Clusters          int             `json:"clusters,omitempty"`
	Coefficients      []qrCoefficient `json:"coefficients"`
	DroppedRegressors []qrDropped     `json:"dropped_regressors"`
	Notes             []string        `json:"notes"`
}

type qrCoefficient struct {
	Term     string    `json:"term"`
	Estimate jsonFloat `json:"estimate"`
	StdError jsonFloat `json:"std_error"`
	T        jsonFloat `json:"t"`
	PValue   jsonFloat `json:"p_value"`
	ConfLow  jsonFloat `json:"conf_low"`
	ConfHigh jsonFloat `json:"conf_high"`
}

type qrDropped struct {
	Term   string `json:"term"`
	Reason string `json:"reason"`
}

func newQROutput(fits []*cpstat.QRResult, se, bandwidth string, level float64, crossSection bool) qrOutput {
	first := fits[0]
	rule := "hall-sheather"
	if bandwidth == "bofinger" {
		rule = "bofinger"
	}
	out := qrOutput{Command: "qr", Formula: first.Formula.String(), Response: first.Response, SE: se,
		BandwidthRule: rule, ConfLevel: level, CrossSection: crossSection, SampleRows: first.Dropped.Rows,
		ExcludedRows: first.OutsideWindow, Dropped: quantileDropped(first.Dropped)}
	for _, fit := range fits {
		inf := fit.Inference
		q := qrQuantile{Tau: fit.Tau, NObs: fit.N, DF: fit.DF, Objective: jsonFloat(fit.Objective), NonUnique: fit.NonUnique,
			Bandwidth: jsonFloat(math.NaN()), Replications: inf.Replications, Failed: inf.Failed,
			ClusterColumn: fit.ClusterColumn, Clusters: fit.Clusters, Coefficients: []qrCoefficient{},
			DroppedRegressors: []qrDropped{}, Notes: append([]string{}, fit.Notes...)}
		if inf.Bandwidth > 0 {
			q.Bandwidth = jsonFloat(inf.Bandwidth)
		}
		c := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(max(fit.DF, 1))}.Quantile((1 + level) / 2)
		for j, name := range fit.Names {
			q.Coefficients = append(q.Coefficients, qrCoefficient{Term: name, Estimate: jsonFloat(fit.Coef[j]),
				StdError: jsonFloat(fit.StdErr[j]), T: jsonFloat(fit.TValue[j]), PValue: jsonFloat(fit.PValue[j]),
				ConfLow: jsonFloat(fit.Coef[j] - c*fit.StdErr[j]), ConfHigh: jsonFloat(fit.Coef[j] + c*fit.StdErr[j])})
		}
		for _, d := range fit.DroppedRegressors {
			q.DroppedRegressors = append(q.DroppedRegressors, qrDropped{Term: d.Name, Reason: d.Reason})
		}
		out.Quantiles = append(out.Quantiles, q)
	}
	return out
}
