package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strings"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/resample"
	"github.com/cpstat/cpstat/cpstat/table"
)

func init() {
	register(&command{
		name:    "mediate",
		summary: "parallel or stepwise mediation with Sobel/Aroian/Goodman tests and bootstrap intervals",
		usage: `--treatment X --mediators M1,M2 --outcome Y [--controls a,b] [--fe province+year]
       [--cluster province] [--bootstrap N --seed S] [--resample cluster|rows] [--data FILE] [--json]`,
		details: mediateDetails,
		setup:   setupMediate,
	})
}

const mediateDetails = `Estimates a parallel multiple mediation model: one equation per mediator, M_n = a_n·X + controls + FE,
the outcome equation Y = c′·X + Σ b_n·M_n + controls + FE, and the total effect Y = c·X + controls + FE,
all on one common sample (the rows where every variable is present). With one mediator these are the
stepwise (Baron–Kenny) regressions. Without --fe the equations are pooled OLS with an intercept. A file
with neither the --id nor the --time column is read as a cross-section.

Each path gets a·b, the Sobel, Aroian and Goodman z tests and, with --bootstrap N, percentile and
bias-corrected (BC) bootstrap intervals. The default cluster bootstrap draws whole clusters (the
--cluster column, else --id), and a drawn copy of a province enters as a new province. Replicates
whose fit fails are counted and reported. The draws depend on --seed only, not on the number of cores.
Paths are classified after Wen and Ye (2014): partial mediation, full mediation (c′ not significant),
masking (遮掩效应: a·b and c′ of opposite signs, with |a·b/c′|), or no mediation.

The embedded panel has no measured columns (cp, capital, tfp): cpstat entropy, capital and malmquist
compute them, and cpstat replicate --out DIR writes them to DIR/panel_measured.csv, which --data reads.
Progress goes to stderr; Ctrl-C stops the bootstrap.

Exit status: 0 on success, 1 when the data cannot be read or a model cannot be estimated, 2 for an
invalid command line or an unknown column.

JSON output (--json), one object; numbers that cannot be computed are null:
  model                  {outcome, treatment, mediators[], controls[], fixed_effects[]}
  n                      rows in every equation
  sample_dropped[]       {reason, column, count, keys ["entity/time", ...]}: rows left out of the common sample
  variance               the standard errors used, such as "cluster-robust by province ..."
  total_effect, direct_effect   {estimate, se, t, p}: c and c′
  indirect_sum           Σ a·b;  indirect_sum_bootstrap  {mean, sd, percentile [lo, hi], bc [lo, hi]} or null
  direct_bootstrap       the same for c′, or null
  paths[]                {mediator, a {estimate, se, t, p}, b {...}, indirect (a·b),
                          sobel {se, z, p}, aroian {...}, goodman {...}, bootstrap {...} or null,
                          effect ("partial mediation", "full mediation", "masking (suppression)",
                          "no mediation"), ratio (a·b/c for partial, |a·b/c′| for masking, else null),
                          indirect_test (the test that decided whether a·b is significant: "a and b both
                          significant", "bias-corrected bootstrap interval" or "Sobel test"),
                          indirect_significant (that test's verdict)}
  bootstrap              {reps, seed, resample ("cluster" or "rows"), cluster, clusters, level,
                          failed, failures[] {replicate, error}} or null
  alpha, total_significant, rule, notes[]`

func setupMediate(fs *flag.FlagSet) func(*env) error {
	data := addDataFlags(fs)
	treatment := fs.String("treatment", "", "treatment `column` X, such as balance")
	mediators := fs.String("mediators", "", "comma-separated mediator `columns`, such as open,labor (the paper's are capital,labor,tfp)")
	outcome := fs.String("outcome", "", "outcome `column` Y, such as real_gdp (the paper's is cp)")
	controls := fs.String("controls", "", "comma-separated control `columns` of every equation")
	fe := fs.String("fe", "", "fixed effects to absorb, separated by + or commas, such as province+year or province,year\n(default: pooled OLS with an intercept)")
	cluster := fs.String("cluster", "", "`column` to cluster standard errors on, such as province (default: classical IID)")
	ssc := fs.String("ssc", "stata", "small-sample `convention` of clustered standard errors (see 'cpstat help fe')")
	window := fs.String("window", "", "periods `FROM:TO` to keep, such as 2001:2017 (default: every period)")
	level := fs.Float64("level", 0.95, "`level` of the confidence and bootstrap intervals")
	alpha := fs.Float64("alpha", 0.05, "significance `level` of the classification steps")
	reps := fs.Int("bootstrap", 0, "bootstrap `replicates` for the intervals of a·b (0: none; 1000 or more for a paper)")
	seed := fs.Uint64("seed", 1, "`seed` of the bootstrap draws")
	unit := fs.String("resample", "cluster", "bootstrap `unit`: cluster (whole clusters of --cluster, else --id) or rows")
	lang := fs.String("lang", "zh", "label language of the text tables: zh or en")
	quiet := fs.Bool("quiet", false, "write no progress lines to stderr")
	asJSON := fs.Bool("json", false, "print the result as JSON (schema below)")
	return func(e *env) error {
		model := cpstat.MediationModel{Outcome: *outcome, Treatment: *treatment, Mediators: splitList(*mediators),
			Controls: splitList(*controls)}
		if model.Outcome == "" || model.Treatment == "" || len(model.Mediators) == 0 {
			return usagef("give --treatment, --mediators and --outcome, such as --treatment balance --mediators open,labor --outcome real_gdp")
		}
		if err := model.Validate(); err != nil {
			return usageError{err}
		}
		model.FixedEffects = splitFixedEffects(*fe)
		vcov := "iid"
		if *cluster != "" {
			vcov = "cluster:" + *cluster
		}
		opts, err := regressOptions(vcov, *ssc, *window, *level)
		if err != nil {
			return err
		}
		var s cpstat.MediationSettings
		for _, o := range opts {
			o(&s.Estimate)
		}
		s.Alpha = *alpha
		if *reps < 0 {
			return usagef("--bootstrap %d: give 0 for none or a positive number of replicates", *reps)
		}
		if s.Bootstrap.Resample, err = cpstat.ParseResampleUnit(*unit); err != nil {
			return usagef("--resample: %w", err)
		}
		s.Bootstrap.Reps, s.Bootstrap.Seed = *reps, *seed
		s.Bootstrap.Progress = replicateProgress(e.stderr, "mediate: bootstrap", *quiet)
		l, err := parseLang(*lang)
		if err != nil {
			return err
		}

		p, err := data.loadAnyPanel(e)
		if err != nil {
			return err
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		res, err := cpstat.Mediate(ctx, p, model, s)
		var notFound *cpstat.ColumnNotFoundError
		if errors.As(err, &notFound) && slices.Contains(model.FixedEffects, notFound.Name) {
			return usagef("--fe %q: %w. Name columns of the data, separated by + or commas, such as --fe province+year "+
				"or --fe province,year", *fe, err)
		}
		if errors.As(err, &notFound) && strings.ContainsAny(notFound.Name, "()") {
			return usagef("%w. --treatment, --mediators, --outcome and --controls take column names, not expressions "+
				"such as log(x): add the transformed column to the data first (cpstat fe takes formulas with log())", err)
		}
		if err != nil {
			return err
		}
		if *asJSON {
			return printJSON(e.stdout, struct {
				mediateOutput
				readerReport
			}{newMediateOutput(res), data.report()})
		}
		labels, err := data.tableLabels()
		if err != nil {
			return err
		}
		return printMediateText(e, res, l, labels)
	}
}

// splitFixedEffects reads the --fe list, whose names are separated by + (as after "|" in a formula)
// or by commas (as in every other list flag).
func splitFixedEffects(s string) []string {
	var names []string
	for _, name := range strings.FieldsFunc(s, func(r rune) bool { return r == '+' || r == ',' }) {
		if name = strings.TrimSpace(name); name != "" {
			names = append(names, name)
		}
	}
	return names
}

func printMediateText(e *env, res *cpstat.MediationResult, l table.Lang, labels table.Labels) error {
	if _, err := fmt.Fprintln(e.stdout, res.Summary()); err != nil {
		return err
	}
	layout, err := res.Table(cpstat.MediationTableOptions{Lang: l, Labels: labels, IncludeTotal: true})
	if err != nil {
		return err
	}
	if err := table.WriteText(e.stdout, layout, table.TextOptions{}); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout)
	if err := table.WriteText(e.stdout, res.TestsGrid("", labels, l), table.TextOptions{}); err != nil {
		return err
	}
	_, err = fmt.Fprintln(e.stdout)
	return err
}

type jsonCoef struct {
	Estimate jsonFloat `json:"estimate"`
	SE       jsonFloat `json:"se"`
	T        jsonFloat `json:"t"`
	P        jsonFloat `json:"p"`
}

func newJSONCoef(c cpstat.Coefficient) jsonCoef {
	return jsonCoef{Estimate: jsonFloat(c.Estimate), SE: jsonFloat(c.StdError), T: jsonFloat(c.Statistic), P: jsonFloat(c.PValue)}
}

type jsonZTest struct {
	SE jsonFloat `json:"se"`
	Z  jsonFloat `json:"z"`
	P  jsonFloat `json:"p"`
}

func newJSONZTest(z cpstat.ZTest) jsonZTest {
	return jsonZTest{SE: jsonFloat(z.StdError), Z: jsonFloat(z.Z), P: jsonFloat(z.P)}
}

type jsonBoot struct {
	Mean       jsonFloat    `json:"mean"`
	SD         jsonFloat    `json:"sd"`
	Percentile [2]jsonFloat `json:"percentile"`
	BC         [2]jsonFloat `json:"bc"`
}

func newJSONBoot(b *cpstat.BootSummary) *jsonBoot {
	if b == nil {
		return nil
	}
	return &jsonBoot{Mean: jsonFloat(b.Mean), SD: jsonFloat(b.SD),
		Percentile: [2]jsonFloat{jsonFloat(b.Percentile.Low), jsonFloat(b.Percentile.High)},
		BC:         [2]jsonFloat{jsonFloat(b.BC.Low), jsonFloat(b.BC.High)}}
}

type jsonPath struct {
	Mediator     string    `json:"mediator"`
	A            jsonCoef  `json:"a"`
	B            jsonCoef  `json:"b"`
	Indirect     jsonFloat `json:"indirect"`
	Sobel        jsonZTest `json:"sobel"`
	Aroian       jsonZTest `json:"aroian"`
	Goodman      jsonZTest `json:"goodman"`
	Bootstrap    *jsonBoot `json:"bootstrap"`
	Effect       string    `json:"effect"`
	Ratio        jsonFloat `json:"ratio"`
	IndirectTest string    `json:"indirect_test"`
	// IndirectSignificant is the verdict of IndirectTest on a·b.
	IndirectSignificant bool `json:"indirect_significant"`
}

type jsonDrop struct {
	Reason string   `json:"reason"`
	Column string   `json:"column"`
	Count  int      `json:"count"`
	Keys   []string `json:"keys"`
}

type jsonFailure struct {
	Replicate int    `json:"replicate"`
	Error     string `json:"error"`
}

type jsonMediationBootstrap struct {
	Reps     int           `json:"reps"`
	Seed     uint64        `json:"seed"`
	Resample string        `json:"resample"`
	Cluster  string        `json:"cluster"`
	Clusters int           `json:"clusters"`
	Level    float64       `json:"level"`
	Failed   int           `json:"failed"`
	Failures []jsonFailure `json:"failures"`
}

type mediateOutput struct {
	Model struct {
		Outcome      string   `json:"outcome"`
		Treatment    string   `json:"treatment"`
		Mediators    []string `json:"mediators"`
		Controls     []string `json:"controls"`
		FixedEffects []string `json:"fixed_effects"`
	} `json:"model"`
	N                    int                     `json:"n"`
	SampleDropped        []jsonDrop              `json:"sample_dropped"`
	Variance             string                  `json:"variance"`
	TotalEffect          jsonCoef                `json:"total_effect"`
	DirectEffect         jsonCoef                `json:"direct_effect"`
	IndirectSum          jsonFloat               `json:"indirect_sum"`
	IndirectSumBootstrap *jsonBoot               `json:"indirect_sum_bootstrap"`
	DirectBootstrap      *jsonBoot               `json:"direct_bootstrap"`
	Paths                []jsonPath              `json:"paths"`
	Bootstrap            *jsonMediationBootstrap `json:"bootstrap"`
	Alpha                float64                 `json:"alpha"`
	TotalSignificant     bool                    `json:"total_significant"`
	Rule                 string                  `json:"rule"`
	Notes                []string                `json:"notes"`
}

func newJSONDrops(r cpstat.DropReport) []jsonDrop {
	out := []jsonDrop{}
	for _, g := range r.Groups {
		d := jsonDrop{Reason: string(g.Reason), Column: g.Column, Count: len(g.Rows)}
		for _, k := range g.Keys {
			d.Keys = append(d.Keys, k.String())
		}
		out = append(out, d)
	}
	return out
}

func newMediateOutput(r *cpstat.MediationResult) mediateOutput {
	var out mediateOutput
	m := r.Model
	out.Model.Outcome, out.Model.Treatment = m.Outcome, m.Treatment
	out.Model.Mediators, out.Model.Controls, out.Model.FixedEffects = m.Mediators, nonNil(m.Controls), nonNil(m.FixedEffects)
	out.N = r.N
	out.SampleDropped = newJSONDrops(r.Sample)
	out.Variance = r.Outcome.VCov.Description
	out.TotalEffect, out.DirectEffect = newJSONCoef(r.TotalEffect), newJSONCoef(r.DirectEffect)
	out.IndirectSum = jsonFloat(r.IndirectSum)
	out.IndirectSumBootstrap, out.DirectBootstrap = newJSONBoot(r.SumBoot), newJSONBoot(r.DirectBoot)
	for _, p := range r.Paths {
		out.Paths = append(out.Paths, jsonPath{Mediator: p.Mediator, A: newJSONCoef(p.A), B: newJSONCoef(p.B),
			Indirect: jsonFloat(p.Indirect), Sobel: newJSONZTest(p.Sobel), Aroian: newJSONZTest(p.Aroian),
			Goodman: newJSONZTest(p.Goodman), Bootstrap: newJSONBoot(p.Boot), Effect: p.Effect.String(),
			Ratio: jsonFloat(p.Ratio), IndirectTest: p.IndirectTest, IndirectSignificant: p.IndirectSignificant})
	}
	if b := r.Bootstrap; b != nil {
		out.Bootstrap = &jsonMediationBootstrap{Reps: b.Reps, Seed: b.Seed, Resample: b.Resample.String(), Cluster: b.Cluster,
			Clusters: b.Clusters, Level: b.Level, Failed: len(b.Failed), Failures: newJSONFailures(b.Failed)}
	}
	out.Alpha, out.TotalSignificant, out.Rule = r.Alpha, r.TotalSignificant, cpstat.MediationRule
	out.Notes = nonNil(r.Notes)
	return out
}

func newJSONFailures(failed []resample.Failure) []jsonFailure {
	out := []jsonFailure{}
	for _, f := range failed {
		out = append(out, jsonFailure{Replicate: f.Index, Error: f.Err.Error()})
	}
	return out
}

// nonNil returns s, or an empty slice for nil, so JSON shows [] rather than null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
