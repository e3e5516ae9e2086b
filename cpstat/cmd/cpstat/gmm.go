package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/formula"
	"github.com/cpstat/cpstat/cpstat/gmm"
	"github.com/cpstat/cpstat/cpstat/table"
)

func init() {
	register(&command{
		name:    "gmm",
		summary: "dynamic panel GMM (Arellano–Bond difference, Blundell–Bond system) with AR and Hansen tests",
		usage: `--formula "y ~ L(y, 1) + x + L(x, 1)" --gmm "y 2:99, x 2:99" [--iv "..."] [--system] [--twostep]
       [--collapse] [--orthogonal] [--timedummies] [--window 2001:2017] [--data FILE --id ID --time T] [--json]`,
		details: gmmDetails,
		setup: func(fs *flag.FlagSet) func(*env) error {
			data := addDataFlags(fs)
			src := fs.String("formula", "", "model `formula` of plain columns and L() lags, such as \"real_gdp ~ L(real_gdp, 1) + balance\"")
			gmmOpt := fs.String("gmm", "", "GMM-style instrument `groups` as in xtabond2's gmm(): \"real_gdp 2:.\", \"y 2:99, x 2:4 collapse\"")
			ivOpt := fs.String("iv", "", "IV-style instrument `groups` as in xtabond2's iv(): \"balance open\", \"x 0:1 eq(level)\"\n(default: each regressor that no --gmm group names instruments itself, as in pgmm)")
			var s cpstat.GMMSettings
			fs.BoolVar(&s.System, "system", false, "system GMM (Blundell–Bond): add the level equation (default: difference GMM)")
			fs.BoolVar(&s.TwoStep, "twostep", false, "two-step GMM with Windmeijer (2005) corrected standard errors\n(default: one-step with standard errors clustered by --id)")
			fs.BoolVar(&s.Collapse, "collapse", false, "collapse every GMM-style group to one instrument column per lag")
			fs.BoolVar(&s.Orthogonal, "orthogonal", false, "forward orthogonal deviations instead of first differences")
			fs.BoolVar(&s.TimeDummies, "timedummies", false, "add one dummy per period except the first, instrumenting itself")
			window := fs.String("window", "", "`periods` FROM:TO to keep, inclusive, such as 2001:2017; FROM: or :TO leaves one end\nopen (default: every period). Rows outside are neither equations nor instruments")
			asJSON := fs.Bool("json", false, "print the result as JSON (schema below)")
			return func(e *env) error {
				if *src == "" {
					return usagef("--formula is required")
				}
				if _, err := formula.Parse(*src); err != nil {
					return usagef("--formula: %w", err)
				}
				if *gmmOpt == "" {
					return usagef("--gmm is required, for example --gmm \"y 2:.\" for lags 2 and up of the outcome y")
				}
				from, to, err := parsePeriodRange(*window)
				if err != nil {
					return err
				}
				s.Window = cpstat.Window{From: from, To: to}
				s.GMM, s.IV = *gmmOpt, *ivOpt
				p, err := data.load(e)
				if err != nil {
					return err
				}
				res, err := p.GMM(*src, s)
				if err != nil {
					return err
				}
				if *asJSON {
					return printJSON(e.stdout, struct {
						gmmOutput
						readerReport
					}{newGMMOutput(res), data.report()})
				}
				return printGMMText(e.stdout, res)
			}
		},
	})
}

const gmmDetails = `Estimates a linear dynamic panel model by the generalized method of moments, as Stata's xtabond2 and
R's plm::pgmm do, and reports the Arellano–Bond AR(1)/AR(2) tests, Sargan and Hansen tests, difference-in-
Hansen tests per instrument group and Wald tests. The numbers match pgmm (plm 2.6) on Arellano and Bond's
(1991) EmplUK data. The formula takes plain columns and L() lags only: add log(x) or other transformed
variables as columns of the data first. There is no "|" part: differencing removes the entity effect, and
--timedummies adds period effects.

The instrument count is printed with the number of groups; more instruments than groups weakens the Hansen
test, so then a warning is printed: use --collapse or a shorter lag range such as "y 2:4".

Exit status: 0 on success, 1 when the data cannot be read or the model cannot be estimated, 2 for an
invalid command line, formula or instrument option.

JSON output (--json), one object; numbers that cannot be computed are null:
  formula, estimator         the model as parsed, such as "two-step system GMM"
  model, steps               "difference" or "system"; 1 or 2
  transformation             "first differences" or "forward orthogonal deviations"
  vcov                       "cluster-robust" (one-step) or "Windmeijer" (two-step)
  gmm, iv, collapse, time_dummies, window {from, to}   the options as given (0: open end)
  id, time                   the entity and time columns
  coefficients[]             name ("L.y", "x", "_cons" or a period such as "2005"), time_dummy,
                             estimate, se, z, p (robust, Windmeijer for two-step), se_nonrobust
                             (pgmm's vcov), one_step_estimate
  n_obs                      entity-periods used, as xtabond2 counts them: level equations in system GMM,
                             transformed equations in difference GMM
  n_equations, n_transformed, n_level   pgmm's count of equations and its two parts
  n_groups                   entities with at least one equation
  n_rows, rows_outside_window   panel rows given to the estimator, and rows --window left out
  n_instruments, instruments_exceed_groups, instrument_names[]
  ar1, ar2                   {order, z, p, reason} Arellano–Bond tests on the robust covariance
  sargan                     {stat, df, p, reason} with one-step weights (pgmm's weights = "onestep"),
                             not divided by σ²: it changes with the units of y, so prefer hansen
  hansen                     {stat, df, p, reason} with two-step weights (Hansen's J)
  diff_hansen[]              {group, excluded {stat, df, p}, difference {stat, df, p}} per instrument group
  wald                       {stat, df, p} all regressors except the constant and time dummies are zero
  wald_time                  {stat, df, p} all time dummies are zero (only with --timedummies)
  rows_kept                  rows with a complete level equation
  dropped_rows[]             {reason, column, count, keys ["entity/time", ...]}: rows without one
  missing_values[]           {entity, time, variable}: missing values of the columns the model reads
  dropped_units[], dropped_coefficients[]   {name, reason}
  warnings[], notes[]        what weakens the results, and other facts about the sample`

// printGMMText writes the engine's summary followed by the rows the model could not use.
func printGMMText(w io.Writer, res *cpstat.GMMResult) error {
	if _, err := fmt.Fprintf(w, "%s\n%s", res.Formula, res.Result); err != nil {
		return err
	}
	fmt.Fprintf(w, "N (xtabond2 count) = %d, groups = %d, instruments = %d\n", res.RowsUsed(), res.NumUnits, res.NumInstruments)
	if res.OutsideWindow > 0 {
		fmt.Fprintf(w, "Rows outside --window: %d\n", res.OutsideWindow)
	}
	if res.Dropped.Dropped() > 0 {
		fmt.Fprintf(w, "Rows without a complete level equation: %s\n", res.Dropped)
	}
	for _, note := range res.Notes {
		fmt.Fprintf(w, "Note: %s\n", note)
	}
	return nil
}

// gmmOutput is the JSON document that `cpstat gmm --json` prints. Numbers that cannot be computed
// (a test without degrees of freedom, a standard error that is not identified) are written as
// null. gmmDetails, the command's help text, describes each field for users.
type gmmOutput struct {
	Formula        string    `json:"formula"`        // canonical formula
	Estimator      string    `json:"estimator"`      // such as "two-step system GMM"
	Model          string    `json:"model"`          // "difference" or "system"
	Steps          int       `json:"steps"`          // 1 or 2
	Transformation string    `json:"transformation"` // "first differences" or "forward orthogonal deviations"
	VCov           string    `json:"vcov"`           // "cluster-robust" (one-step) or "Windmeijer" (two-step)
	GMM            string    `json:"gmm"`            // --gmm as given
	IV             string    `json:"iv"`             // --iv as given; "" for pgmm's default
	Collapse       bool      `json:"collapse"`
	TimeDummies    bool      `json:"time_dummies"`
	Window         gmmWindow `json:"window"`
	ID             string    `json:"id"`   // entity column
	Time           string    `json:"time"` // time column

	Coefficients []gmmCoefficient `json:"coefficients"`

	NObs                    int      `json:"n_obs"`       // xtabond2's N: level equations (system) or transformed equations (difference)
	NEquations              int      `json:"n_equations"` // pgmm's count: transformed plus level equations
	NTransformed            int      `json:"n_transformed"`
	NLevel                  int      `json:"n_level"`
	NGroups                 int      `json:"n_groups"` // entities with at least one equation
	NRows                   int      `json:"n_rows"`   // panel rows given to the estimator
	RowsOutsideWindow       int      `json:"rows_outside_window"`
	NInstruments            int      `json:"n_instruments"`
	InstrumentsExceedGroups bool     `json:"instruments_exceed_groups"`
	InstrumentNames         []string `json:"instrument_names"`

	AR1        gmmAR            `json:"ar1"`    // Arellano–Bond AR(1), robust covariance
	AR2        gmmAR            `json:"ar2"`    // Arellano–Bond AR(2), robust covariance
	Sargan     gmmChi2          `json:"sargan"` // one-step weights
	Hansen     gmmChi2          `json:"hansen"` // two-step weights: Hansen's J
	DiffHansen []gmmDiffHansen  `json:"diff_hansen"`
	Wald       gmmChi2          `json:"wald"`                // regressors other than the constant and time dummies
	WaldTime   *gmmChi2         `json:"wald_time,omitempty"` // time dummies, only with --timedummies
	RowsKept   int              `json:"rows_kept"`           // rows with a complete level equation
	Dropped    []gmmDropGroup   `json:"dropped_rows"`        // rows without one, by reason and column
	Missing    []gmmMissing     `json:"missing_values"`
	DropUnits  []gmmNamedReason `json:"dropped_units"`
	DropCoefs  []gmmNamedReason `json:"dropped_coefficients"`
	Warnings   []string         `json:"warnings"` // such as more instruments than groups
	Notes      []string         `json:"notes"`
}

// gmmWindow is --window; 0 marks an open end.
type gmmWindow struct {
	From int `json:"from"`
	To   int `json:"to"`
}

type gmmCoefficient struct {
	Name            string    `json:"name"`
	TimeDummy       bool      `json:"time_dummy"`
	Estimate        jsonFloat `json:"estimate"`
	SE              jsonFloat `json:"se"`
	Z               jsonFloat `json:"z"`
	P               jsonFloat `json:"p"`
	SENonRobust     jsonFloat `json:"se_nonrobust"`
	OneStepEstimate jsonFloat `json:"one_step_estimate"`
}

type gmmAR struct {
	Order  int       `json:"order"`
	Z      jsonFloat `json:"z"`
	P      jsonFloat `json:"p"`
	Reason string    `json:"reason,omitempty"`
}

type gmmChi2 struct {
	Stat   jsonFloat `json:"stat"`
	DF     int       `json:"df"`
	P      jsonFloat `json:"p"`
	Reason string    `json:"reason,omitempty"`
}

type gmmDiffHansen struct {
	Group      string  `json:"group"`
	Excluded   gmmChi2 `json:"excluded"`
	Difference gmmChi2 `json:"difference"`
}

type gmmDropGroup struct {
	Reason string   `json:"reason"`
	Column string   `json:"column"`
	Count  int      `json:"count"`
	Keys   []string `json:"keys"`
}

type gmmMissing struct {
	Entity   string `json:"entity"`
	Time     int    `json:"time"`
	Variable string `json:"variable"`
}

type gmmNamedReason struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// jsonFloat is a float64 written as null when it is NaN or infinite, which JSON cannot represent.
type jsonFloat float64

func (f jsonFloat) MarshalJSON() ([]byte, error) {
	x := float64(f)
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(x)
}

func newGMMOutput(res *cpstat.GMMResult) gmmOutput {
	s := res.Settings
	out := gmmOutput{
		Formula:        res.Formula.String(),
		Estimator:      res.Estimator(table.En),
		Model:          "difference",
		Steps:          1,
		Transformation: res.Spec.Transformation.String(),
		VCov:           "cluster-robust",
		GMM:            s.GMM,
		IV:             s.IV,
		Collapse:       s.Collapse,
		TimeDummies:    s.TimeDummies,
		Window:         gmmWindow{From: s.Window.From, To: s.Window.To},
		ID:             res.EntityColumn,
		Time:           res.TimeColumn,

		NObs:                    res.RowsUsed(),
		NEquations:              res.NumObs,
		NTransformed:            res.NumTransformedObs,
		NLevel:                  res.NumLevelObs,
		NGroups:                 res.NumUnits,
		NRows:                   res.NumRows,
		RowsOutsideWindow:       res.OutsideWindow,
		NInstruments:            res.NumInstruments,
		InstrumentsExceedGroups: res.NumInstruments > res.NumUnits,
		InstrumentNames:         res.InstrumentNames,

		AR1:      newGMMAR(res.Robust.AR, 1),
		AR2:      newGMMAR(res.Robust.AR, 2),
		Sargan:   newGMMChi2(res.Sargan),
		Hansen:   newGMMChi2(res.Hansen),
		Wald:     newGMMChi2(res.Robust.WaldCoef),
		RowsKept: res.Dropped.Kept,
		Warnings: append([]string{}, res.Warnings...),
		Notes:    append([]string{}, res.Notes...),
	}
	if res.Spec.System {
		out.Model = "system"
	}
	if res.Options.TwoStep {
		out.Steps, out.VCov = 2, "Windmeijer"
	}
	if res.Spec.TimeDummies {
		wt := newGMMChi2(res.Robust.WaldTime)
		out.WaldTime = &wt
	}

	for k, name := range res.CoefNames {
		out.Coefficients = append(out.Coefficients, gmmCoefficient{
			Name:            name,
			TimeDummy:       res.IsTimeDummy[k],
			Estimate:        jsonFloat(res.Coef[k]),
			SE:              jsonFloat(res.Robust.SE[k]),
			Z:               jsonFloat(res.Robust.Z[k]),
			P:               jsonFloat(res.Robust.P[k]),
			SENonRobust:     jsonFloat(res.NonRobust.SE[k]),
			OneStepEstimate: jsonFloat(res.OneStepCoef[k]),
		})
	}
	out.DiffHansen = []gmmDiffHansen{}
	for _, dh := range res.DiffHansen {
		out.DiffHansen = append(out.DiffHansen, gmmDiffHansen{Group: dh.Group,
			Excluded: newGMMChi2(dh.Excluded), Difference: newGMMChi2(dh.Difference)})
	}

	out.Dropped = []gmmDropGroup{}
	for _, g := range res.Dropped.Groups {
		group := gmmDropGroup{Reason: string(g.Reason), Column: g.Column, Count: len(g.Rows)}
		for _, k := range g.Keys {
			group.Keys = append(group.Keys, k.String())
		}
		out.Dropped = append(out.Dropped, group)
	}
	out.Missing = []gmmMissing{}
	for _, m := range res.MissingValues {
		out.Missing = append(out.Missing, gmmMissing{Entity: m.Unit, Time: m.Time, Variable: m.Variable})
	}
	out.DropUnits = []gmmNamedReason{}
	for _, u := range res.DroppedUnits {
		out.DropUnits = append(out.DropUnits, gmmNamedReason{Name: u.Unit, Reason: u.Reason})
	}
	out.DropCoefs = []gmmNamedReason{}
	for _, c := range res.DroppedCoefficients {
		out.DropCoefs = append(out.DropCoefs, gmmNamedReason{Name: c.Name, Reason: c.Reason})
	}
	return out
}

// newGMMAR returns the test of the given order, or a null test with a reason when the result
// has none.
func newGMMAR(tests []gmm.ARTest, order int) gmmAR {
	for _, t := range tests {
		if t.Order == order {
			return gmmAR{Order: order, Z: jsonFloat(t.Statistic), P: jsonFloat(t.PValue), Reason: t.Reason}
		}
	}
	return gmmAR{Order: order, Z: jsonFloat(math.NaN()), P: jsonFloat(math.NaN()), Reason: "not computed"}
}

func newGMMChi2(t gmm.ChiSquareTest) gmmChi2 {
	return gmmChi2{Stat: jsonFloat(t.Statistic), DF: t.DF, P: jsonFloat(t.PValue), Reason: t.Reason}
}
