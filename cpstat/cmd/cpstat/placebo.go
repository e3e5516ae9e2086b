package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/plots"
)

func init() {
	register(&command{
		name:    "placebo",
		summary: "counterfactual placebo test: reassign a regressor at random and re-estimate",
		usage: `--formula "y ~ x + c | province + year" --treatment x [--reps 500] [--scheme province|cell]
       [--seed S] [--vcov cluster:province] [--figure FILE.png] [--data FILE] [--json]`,
		details: placeboDetails,
		setup:   setupPlacebo,
	})
}

const placeboDetails = `Runs the counterfactual (placebo) test: the regressor named by --treatment is reassigned at random
--reps times and the model re-estimated each time, giving the distribution of the coefficient and its
t value when the treatment is unrelated to the outcome. Two schemes:
  province  permute whole time paths across entities: each entity gets another entity's series, so the
            placebo keeps real time patterns (entities observed in different periods are permuted only
            among entities with the same periods)                                      [default]
  cell      permute the values across all entity-periods, which also breaks the time pattern
Only the named column is reassigned; a lag or interaction built from it keeps its real values.

The p-values count the real assignment as one permutation (the +1 correction):
  p = (1 + number of placebo |coefficients| at least |real coefficient|) / (1 + replicates)
and the same for |t|. Refits that fail are counted and listed. The draws depend on --seed only, not on
the number of cores. Progress goes to stderr; Ctrl-C stops the run. --figure writes the density of the
placebo coefficients with the real one marked (.png at 300 dpi, .svg or .pdf).

Exit status: 0 on success, 1 when the data cannot be read or the model cannot be estimated, 2 for an
invalid command line, formula or unknown column.

JSON output (--json), one object; numbers that cannot be computed are null:
  formula, treatment, scheme, seed, reps    the settings
  estimate, t, n                            the real coefficient, its t value and the rows of the fit
  mean, sd                                  of the placebo coefficients
  p_coef, p_t                               the +1-corrected two-sided permutation p-values
  groups                                    entity groups permuted separately (province scheme)
  failed, failures[] {replicate, error}     refits that failed
  coefficients[], t_values[]                per successful replicate, in replicate order
  notes[]`

func setupPlacebo(fs *flag.FlagSet) func(*env) error {
	data := addDataFlags(fs)
	src := fs.String("formula", "", "model `formula`, such as \"log(real_gdp) ~ balance + open | province + year\"")
	term := fs.String("treatment", "", "regressor `name` to reassign, as it appears in the formula")
	reps := fs.Int("reps", cpstat.DefaultPlaceboReps, "number of placebo `replicates`")
	scheme := fs.String("scheme", "province", "reassignment `scheme`: province (whole entity paths) or cell (single values)")
	seed := fs.Uint64("seed", 1, "`seed` of the permutations")
	vcov := fs.String("vcov", "iid", "variance `estimator` of the t values: iid, hc1, or cluster:COLUMN (see 'cpstat help fe')")
	ssc := fs.String("ssc", "stata", "small-sample `convention` of clustered standard errors")
	window := fs.String("window", "", "periods `FROM:TO` to keep, such as 2001:2017 (default: every period)")
	figure := fs.String("figure", "", "write the density of the placebo coefficients to this `file` (.png, .svg or .pdf)")
	lang := fs.String("lang", "zh", "label language of the figure: zh or en")
	quiet := fs.Bool("quiet", false, "write no progress lines to stderr")
	asJSON := fs.Bool("json", false, "print the result as JSON (schema below)")
	return func(e *env) error {
		if *src == "" || *term == "" {
			return usagef("give --formula and --treatment, such as --formula \"log(real_gdp) ~ balance | province + year\" --treatment balance")
		}
		if *reps <= 0 {
			return usagef("--reps %d: give a positive number of replicates", *reps)
		}
		s := cpstat.PlaceboSettings{Reps: *reps, Seed: *seed, Progress: replicateProgress(e.stderr, "placebo", *quiet)}
		var err error
		if s.Scheme, err = cpstat.ParsePlaceboScheme(*scheme); err != nil {
			return usagef("--scheme: %w", err)
		}
		opts, err := regressOptions(*vcov, *ssc, *window, 0.95)
		if err != nil {
			return err
		}
		figLang, err := plots.ParseLang(*lang)
		if err != nil {
			return usagef("--lang: %w", err)
		}
		p, err := data.load(e)
		if err != nil {
			return err
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		res, err := cpstat.Placebo(ctx, p, *src, *term, s, opts...)
		if err != nil {
			return err
		}
		if *figure != "" {
			if err := writePlaceboFigure(*figure, res, figLang); err != nil {
				return err
			}
		}
		if *asJSON {
			return printJSON(e.stdout, struct {
				placeboOutput
				readerReport
			}{newPlaceboOutput(*src, res), data.report()})
		}
		return printPlaceboText(e, *src, res)
	}
}

// writePlaceboFigure draws the placebo coefficients with the real one marked.
func writePlaceboFigure(path string, res *cpstat.PlaceboResult, lang plots.Lang) error {
	title, xLabel, mark := "Placebo test: "+res.Term, "placebo coefficient", "real"
	if lang == plots.Chinese {
		title, xLabel, mark = "安慰剂检验："+res.Term, "安慰剂系数", "真实估计"
	}
	fig, err := plots.DensityChart(plots.DefaultTheme(lang), title, xLabel, res.Coefs, []plots.Mark{{Label: mark, Value: res.Estimate}}, plots.DensityOptions{})
	if err != nil {
		return err
	}
	return fig.Save(path)
}

func printPlaceboText(e *env, src string, r *cpstat.PlaceboResult) error {
	w := e.stdout
	fmt.Fprintf(w, "Placebo test of %s in %s\n", r.Term, src)
	fmt.Fprintf(w, "Scheme: %s, %d replicates, seed %d, %d failed\n", r.Scheme, r.Reps, r.Seed, len(r.Failed))
	fmt.Fprintf(w, "Real estimate: %.6f (t = %.3f, N = %d)\n", r.Estimate, r.T, r.N)
	fmt.Fprintf(w, "Placebo coefficients: mean %.6f, SD %.6f, min %.6f, max %.6f\n", r.Mean, r.SD, minOf(r.Coefs), maxOf(r.Coefs))
	fmt.Fprintf(w, "Share at least as extreme (two-sided, +1 corrected): coefficient p = %.4f, t p = %.4f\n", r.PCoef, r.PT)
	for _, n := range r.Notes {
		fmt.Fprintf(w, "Note: %s\n", n)
	}
	return nil
}

func minOf(x []float64) float64 {
	m := x[0]
	for _, v := range x {
		m = min(m, v)
	}
	return m
}

func maxOf(x []float64) float64 {
	m := x[0]
	for _, v := range x {
		m = max(m, v)
	}
	return m
}

type placeboOutput struct {
	Formula      string        `json:"formula"`
	Treatment    string        `json:"treatment"`
	Scheme       string        `json:"scheme"`
	Seed         uint64        `json:"seed"`
	Reps         int           `json:"reps"`
	Estimate     jsonFloat     `json:"estimate"`
	T            jsonFloat     `json:"t"`
	N            int           `json:"n"`
	Mean         jsonFloat     `json:"mean"`
	SD           jsonFloat     `json:"sd"`
	PCoef        jsonFloat     `json:"p_coef"`
	PT           jsonFloat     `json:"p_t"`
	Groups       int           `json:"groups"`
	Failed       int           `json:"failed"`
	Failures     []jsonFailure `json:"failures"`
	Coefficients []jsonFloat   `json:"coefficients"`
	TValues      []jsonFloat   `json:"t_values"`
	Notes        []string      `json:"notes"`
}

func newPlaceboOutput(src string, r *cpstat.PlaceboResult) placeboOutput {
	out := placeboOutput{Formula: src, Treatment: r.Term, Scheme: r.Scheme.String(), Seed: r.Seed, Reps: r.Reps,
		Estimate: jsonFloat(r.Estimate), T: jsonFloat(r.T), N: r.N, Mean: jsonFloat(r.Mean), SD: jsonFloat(r.SD),
		PCoef: jsonFloat(r.PCoef), PT: jsonFloat(r.PT), Groups: r.Groups, Failed: len(r.Failed),
		Failures: newJSONFailures(r.Failed), Notes: nonNil(r.Notes)}
	for i := range r.Coefs {
		out.Coefficients = append(out.Coefficients, jsonFloat(r.Coefs[i]))
		out.TValues = append(out.TValues, jsonFloat(r.TValues[i]))
	}
	return out
}
