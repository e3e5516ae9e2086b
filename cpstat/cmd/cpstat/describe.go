package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/cpstat/cpstat/cpstat"
)

func init() {
	register(&command{
		name:    "describe",
		summary: "descriptive statistics (N, mean, sd, min, max, quartiles), or Stata's xtsum with --by-panel",
		usage:   "[--vars a,b] [--by-panel] [--window 2001:2017] [--data FILE --id ID --time T] [--json]",
		details: describeDetails,
		setup:   setupDescribe,
	})
	register(&command{
		name:    "vif",
		summary: "variance inflation factors of regressors, with an intercept in each auxiliary regression",
		usage:   "--vars a,b,c [--window 2001:2017] [--data FILE --id ID --time T] [--json]",
		details: vifDetails,
		setup:   setupVIF,
	})
}

const describeDetails = `Describes each variable over its own non-missing values within --window: N, mean, standard deviation
(divisor n − 1), minimum, maximum and the quartiles of R's quantile(type = 7). With --by-panel it prints
Stata's xtsum instead: the overall, between (entity means) and within (x_it − x̄_i + x̄) standard
deviations, minima and maxima, with N, the number of entities n and the mean periods per entity T-bar.
Without --vars every numeric column except the keys is described.

JSON output (--json), one object with variables[], one object per variable; numbers that cannot be
computed are null:
  variable, n, non_finite      the column, its finite values, and the NaN or infinite values left out
  mean, sd, min, max           sd divides by n − 1
  p25, median, p75             type-7 quantiles
  xtsum                        with --by-panel only: n, entities, t_bar, sd_overall, sd_between, sd_within,
                               min_overall, max_overall, min_between, max_between, min_within, max_within`

const vifDetails = `Computes VIF_j = 1/(1 − R²_j) for each variable, where R²_j is the centred R² of the regression of
variable j on an intercept and all the other variables (car::vif in R, estat vif after regress in
Stata). The rows within --window where every variable has a finite value are used. A variable that is
an exact linear combination of the others, or constant, gets an infinite VIF and a note naming the
relation. Use the regressors of a model, not its response.

JSON output (--json), one object; numbers that cannot be computed are null:
  n                            rows used
  variables[]                  variable, vif (null when infinite), tolerance (1/VIF), r2, collinear (true when
                               the variable is in an exact linear relation)
  mean_vif                     mean of the VIFs (null when one is infinite)
  dropped_rows[]               {entity, time}: rows within --window left out for a missing or non-finite value
  notes[]                      the exact linear relations found`

func setupDescribe(fs *flag.FlagSet) func(*env) error {
	data := addDataFlags(fs)
	vars := fs.String("vars", "", "comma-separated `columns` to describe (default: every numeric column)")
	byPanel := fs.Bool("by-panel", false, "print Stata's xtsum: overall, between and within standard deviations, minima and maxima")
	window := fs.String("window", "", "`periods` FROM:TO to keep, inclusive, such as 2001:2017 (default: every period)")
	asJSON := fs.Bool("json", false, "print the statistics as JSON (schema below)")
	return func(e *env) error {
		from, to, err := parsePeriodRange(*window)
		if err != nil {
			return err
		}
		p, err := data.load(e)
		if err != nil {
			return err
		}
		names := splitVars(*vars)
		if len(names) == 0 {
			names = p.NumericColumns()
		}
		summaries, err := p.Describe(names, cpstat.Window{From: from, To: to})
		if err != nil {
			return usagef("--vars: %w", err)
		}
		if *asJSON {
			return printJSON(e.stdout, describeDocument{Variables: newDescribeOutput(summaries, *byPanel), readerReport: data.report()})
		}
		if *byPanel {
			return printXtSum(e.stdout, summaries)
		}
		return printSummaries(e.stdout, summaries)
	}
}

// splitVars splits a comma-separated list and drops empty entries.
func splitVars(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func printSummaries(w io.Writer, summaries []cpstat.VariableSummary) error {
	cw := &columnWriter{right: true, padding: 2}
	cw.row("variable", "N", "mean", "sd", "min", "p25", "median", "p75", "max")
	for _, s := range summaries {
		cw.row(s.Variable, strconv.Itoa(s.N), g6(s.Mean), g6(s.SD), g6(s.Min), g6(s.P25), g6(s.Median), g6(s.P75), g6(s.Max))
	}
	return cw.flush(w)
}

// printXtSum prints three rows per variable, overall, between and within, as Stata's xtsum does.
func printXtSum(w io.Writer, summaries []cpstat.VariableSummary) error {
	cw := &columnWriter{right: true, padding: 2}
	cw.row("variable", "", "mean", "sd", "min", "max", "observations")
	for _, s := range summaries {
		ps := s.Panel
		cw.row(s.Variable, "overall", g6(ps.Mean), g6(ps.SDOverall), g6(ps.MinOverall), g6(ps.MaxOverall), fmt.Sprintf("N = %d", ps.N))
		cw.row("", "between", "", g6(ps.SDBetween), g6(ps.MinBetween), g6(ps.MaxBetween), fmt.Sprintf("n = %d", ps.Entities))
		cw.row("", "within", "", g6(ps.SDWithin), g6(ps.MinWithin), g6(ps.MaxWithin), "T-bar = "+g6(ps.TBar))
	}
	return cw.flush(w)
}

// g6 formats x with 6 significant digits, and NaN as ".", Stata's missing value.
func g6(x float64) string {
	if math.IsNaN(x) {
		return "."
	}
	return fmt.Sprintf("%.6g", x)
}

// describeDocument is the JSON document of `cpstat describe --json`.
type describeDocument struct {
	Variables []describeOutput `json:"variables"`
	readerReport
}

type describeOutput struct {
	Variable  string       `json:"variable"`
	N         int          `json:"n"`
	NonFinite int          `json:"non_finite"`
	Mean      jsonFloat    `json:"mean"`
	SD        jsonFloat    `json:"sd"`
	Min       jsonFloat    `json:"min"`
	Max       jsonFloat    `json:"max"`
	P25       jsonFloat    `json:"p25"`
	Median    jsonFloat    `json:"median"`
	P75       jsonFloat    `json:"p75"`
	XtSum     *xtsumOutput `json:"xtsum,omitempty"`
}

type xtsumOutput struct {
	N          int       `json:"n"`
	Entities   int       `json:"entities"`
	TBar       jsonFloat `json:"t_bar"`
	SDOverall  jsonFloat `json:"sd_overall"`
	SDBetween  jsonFloat `json:"sd_between"`
	SDWithin   jsonFloat `json:"sd_within"`
	MinOverall jsonFloat `json:"min_overall"`
	MaxOverall jsonFloat `json:"max_overall"`
	MinBetween jsonFloat `json:"min_between"`
	MaxBetween jsonFloat `json:"max_between"`
	MinWithin  jsonFloat `json:"min_within"`
	MaxWithin  jsonFloat `json:"max_within"`
}

func newDescribeOutput(summaries []cpstat.VariableSummary, byPanel bool) []describeOutput {
	out := make([]describeOutput, 0, len(summaries))
	for _, s := range summaries {
		d := describeOutput{Variable: s.Variable, N: s.N, NonFinite: s.NonFinite, Mean: jsonFloat(s.Mean),
			SD: jsonFloat(s.SD), Min: jsonFloat(s.Min), Max: jsonFloat(s.Max), P25: jsonFloat(s.P25),
			Median: jsonFloat(s.Median), P75: jsonFloat(s.P75)}
		if byPanel {
			ps := s.Panel
			d.XtSum = &xtsumOutput{N: ps.N, Entities: ps.Entities, TBar: jsonFloat(ps.TBar),
				SDOverall: jsonFloat(ps.SDOverall), SDBetween: jsonFloat(ps.SDBetween), SDWithin: jsonFloat(ps.SDWithin),
				MinOverall: jsonFloat(ps.MinOverall), MaxOverall: jsonFloat(ps.MaxOverall),
				MinBetween: jsonFloat(ps.MinBetween), MaxBetween: jsonFloat(ps.MaxBetween),
				MinWithin: jsonFloat(ps.MinWithin), MaxWithin: jsonFloat(ps.MaxWithin)}
		}
		out = append(out, d)
	}
	return out
}

func setupVIF(fs *flag.FlagSet) func(*env) error {
	data := addDataFlags(fs)
	vars := fs.String("vars", "", "comma-separated regressor `columns`, at least two")
	window := fs.String("window", "", "`periods` FROM:TO to keep, inclusive, such as 2001:2017 (default: every period)")
	asJSON := fs.Bool("json", false, "print the factors as JSON (schema below)")
	return func(e *env) error {
		names := splitVars(*vars)
		if len(names) < 2 {
			return usagef("--vars needs at least two columns, such as --vars balance,expen,open")
		}
		from, to, err := parsePeriodRange(*window)
		if err != nil {
			return err
		}
		p, err := data.load(e)
		if err != nil {
			return err
		}
		res, dropped, err := p.VIF(names, cpstat.Window{From: from, To: to})
		if err != nil {
			return usagef("--vars: %w", err)
		}

		out := vifOutput{N: res.N, MeanVIF: jsonFloat(res.MeanVIF), Variables: []vifVariable{},
			DroppedRows: []regressKey{}, Notes: append([]string{}, res.Notes...)}
		for j, name := range res.Names {
			out.Variables = append(out.Variables, vifVariable{Variable: name, VIF: jsonFloat(res.VIF[j]),
				Tolerance: jsonFloat(res.Tolerance[j]), R2: jsonFloat(res.R2[j]), Collinear: math.IsInf(res.VIF[j], 1)})
		}
		for _, k := range dropped {
			out.DroppedRows = append(out.DroppedRows, regressKey{Entity: k.Entity, Time: k.Time})
		}
		if *asJSON {
			return printJSON(e.stdout, struct {
				vifOutput
				readerReport
			}{out, data.report()})
		}
		return printVIF(e.stdout, out)
	}
}

// vifOutput is the JSON document of `cpstat vif --json`; vifDetails describes each field for users.
type vifOutput struct {
	N           int           `json:"n"`
	Variables   []vifVariable `json:"variables"`
	MeanVIF     jsonFloat     `json:"mean_vif"`
	DroppedRows []regressKey  `json:"dropped_rows"`
	Notes       []string      `json:"notes"`
}

type vifVariable struct {
	Variable  string    `json:"variable"`
	VIF       jsonFloat `json:"vif"`
	Tolerance jsonFloat `json:"tolerance"`
	R2        jsonFloat `json:"r2"`
	Collinear bool      `json:"collinear"`
}

func printVIF(w io.Writer, out vifOutput) error {
	cw := &columnWriter{right: true, padding: 2}
	cw.row("variable", "VIF", "1/VIF", "R²")
	for _, v := range out.Variables {
		vif := fmt.Sprintf("%.3f", float64(v.VIF))
		if v.Collinear {
			vif = "+Inf"
		}
		cw.row(v.Variable, vif, fmt.Sprintf("%.4f", float64(v.Tolerance)), fmt.Sprintf("%.4f", float64(v.R2)))
	}
	mean := fmt.Sprintf("%.3f", float64(out.MeanVIF))
	if math.IsInf(float64(out.MeanVIF), 1) {
		mean = "+Inf"
	}
	cw.row("mean VIF", mean, "", "")
	if err := cw.flush(w); err != nil {
		return err
	}
	fmt.Fprintf(w, "N = %d", out.N)
	if len(out.DroppedRows) > 0 {
		fmt.Fprintf(w, " (%d rows with a missing or non-finite value left out)", len(out.DroppedRows))
	}
	fmt.Fprintln(w)
	for _, n := range out.Notes {
		fmt.Fprintf(w, "Note: %s\n", n)
	}
	return nil
}
