package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/dea"
	"github.com/cpstat/cpstat/cpstat/table"
)

func init() {
	register(&command{
		name:    "malmquist",
		summary: "DEA Malmquist TFP index with DEAP 2.1's decomposition and the cumulative index",
		usage: `--inputs a,b --outputs y [--data FILE --id ID --time T] [--window 2001:2017]
       [--orientation output|input] [--decomposition fgnz|ray-desli] [--drop-incomplete] [--lang zh|en] [--json]`,
		details: malmquistDetails,
		setup:   setupMalmquist,
	})
}

const malmquistDetails = `Computes the DEA Malmquist total factor productivity index between adjacent periods of a balanced panel,
as DEAP 2.1 does (Coelli 1996; Färe, Grosskopf, Norris and Zhang 1994): tfpch = effch × techch and
effch = pech × sech, with geometric means over units per period pair and over period pairs per unit. The
cumulative index is 1 in the first period and the running product of tfpch after it; the replication uses it
as the variable tfp. --decomposition ray-desli measures techch on the VRS frontiers (Ray and Desli 1997).

Every unit needs every period with positive inputs and outputs. Without --drop-incomplete a unit that
lacks one stops the run with a message naming it; with it, such units are left out and listed.
Linear programs without a solution (cross-period VRS distances under ray-desli) give null values with the
reason in unsolved[]; the run goes on.

Exit status: 0 on success, 1 when the data cannot be read or a unit lacks a period or a positive value, 2
for an invalid command line.

JSON output (--json), one object; values that cannot be computed are null:
  orientation, decomposition, inputs[], outputs[], units[], periods[]
  changes[]                  {id, from, to, effch, techch, pech, sech, tfpch} per unit and period pair
  period_means[]             {from, to, effch, techch, pech, sech, tfpch}: geometric means over units
  unit_means[]               {id, effch, …, tfpch}: geometric means over period pairs
  mean                       {effch, …, tfpch}: over all units and period pairs
  cumulative[]               {id, period, tfp}: the cumulative index
  distances[]                {id, period, crs_previous, crs, crs_next, vrs, vrs_previous, vrs_next}:
                             the scores DEAP prints (Shephard output distances in output orientation)
  unsolved[]                 {id, period, frontier_period, model, status, reason}
  dropped[]                  {id, reason}: units left out by --drop-incomplete
  programs                   number of linear programs solved`

func setupMalmquist(fs *flag.FlagSet) func(*env) error {
	data := addDataFlags(fs)
	inputs := fs.String("inputs", "", "comma-separated input `columns`, such as capital_stock,employment")
	outputs := fs.String("outputs", "", "comma-separated output `columns`, such as real_gdp")
	window := fs.String("window", "", "periods `FROM:TO` to use, such as 2001:2017 (default: every period)")
	orientation := fs.String("orientation", "output", "radial projection: output (expand outputs) or input (contract inputs)")
	decomposition := fs.String("decomposition", "fgnz", "fgnz (DEAP 2.1, Färe et al. 1994) or ray-desli (Ray and Desli 1997)")
	drop := fs.Bool("drop-incomplete", false, "leave out units that lack a period or have a value that is not positive, and list them")
	lang := fs.String("lang", "zh", "label language of the text tables: zh or en")
	asJSON := fs.Bool("json", false, "print the result as JSON (schema below)")
	return func(e *env) error {
		opts := cpstat.TFPOptions{Inputs: splitList(*inputs), Outputs: splitList(*outputs), DropIncomplete: *drop}
		if len(opts.Inputs) == 0 || len(opts.Outputs) == 0 {
			return usagef("give the inputs and outputs, such as --inputs capital_stock,employment --outputs real_gdp")
		}
		var err error
		if opts.Orientation, err = parseOrientation(*orientation); err != nil {
			return err
		}
		switch *decomposition {
		case "fgnz":
		case "ray-desli":
			opts.Decomposition = dea.RayDesli
		default:
			return usagef("--decomposition must be fgnz or ray-desli, not %q", *decomposition)
		}
		if opts.Window, err = parseWindow(*window); err != nil {
			return err
		}
		l, err := parseLang(*lang)
		if err != nil {
			return err
		}
		p, err := data.load(e)
		if err != nil {
			return err
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		r, err := cpstat.MeasureTFP(ctx, p, opts)
		if err != nil {
			return err
		}
		if *asJSON {
			return printJSON(e.stdout, struct {
				malmquistOutput
				readerReport
			}{newMalmquistOutput(r, opts), data.report()})
		}
		return printMalmquistText(e.stdout, r, l)
	}
}

func printMalmquistText(w io.Writer, r *cpstat.TFPResult, lang table.Lang) error {
	if err := table.WriteText(w, r.PeriodMeansGrid(lang), table.TextOptions{}); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return table.WriteText(w, r.UnitMeansGrid(lang), table.TextOptions{})
}

type malmquistIndices struct {
	Effch  jsonFloat `json:"effch"`
	Techch jsonFloat `json:"techch"`
	Pech   jsonFloat `json:"pech"`
	Sech   jsonFloat `json:"sech"`
	Tfpch  jsonFloat `json:"tfpch"`
}

func newMalmquistIndices(x dea.Indices) malmquistIndices {
	return malmquistIndices{Effch: jsonFloat(x.Effch), Techch: jsonFloat(x.Techch), Pech: jsonFloat(x.Pech),
		Sech: jsonFloat(x.Sech), Tfpch: jsonFloat(x.Tfpch)}
}

type malmquistChange struct {
	ID   string `json:"id"`
	From int    `json:"from"`
	To   int    `json:"to"`
	malmquistIndices
}

type malmquistPeriodMean struct {
	From int `json:"from"`
	To   int `json:"to"`
	malmquistIndices
}

type malmquistUnitMean struct {
	ID string `json:"id"`
	malmquistIndices
}

type malmquistCumulative struct {
	ID     string    `json:"id"`
	Period int       `json:"period"`
	TFP    jsonFloat `json:"tfp"`
}

type malmquistDistance struct {
	ID          string    `json:"id"`
	Period      int       `json:"period"`
	CRSPrevious jsonFloat `json:"crs_previous"`
	CRS         jsonFloat `json:"crs"`
	CRSNext     jsonFloat `json:"crs_next"`
	VRS         jsonFloat `json:"vrs"`
	VRSPrevious jsonFloat `json:"vrs_previous"`
	VRSNext     jsonFloat `json:"vrs_next"`
}

type malmquistUnsolved struct {
	ID             string `json:"id"`
	Period         int    `json:"period"`
	FrontierPeriod int    `json:"frontier_period"`
	Model          string `json:"model"`
	Status         string `json:"status"`
	Reason         string `json:"reason"`
}

type malmquistDropped struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

type malmquistOutput struct {
	Orientation   string                `json:"orientation"`
	Decomposition string                `json:"decomposition"`
	Inputs        []string              `json:"inputs"`
	Outputs       []string              `json:"outputs"`
	Units         []string              `json:"units"`
	Periods       []int                 `json:"periods"`
	Changes       []malmquistChange     `json:"changes"`
	PeriodMeans   []malmquistPeriodMean `json:"period_means"`
	UnitMeans     []malmquistUnitMean   `json:"unit_means"`
	Mean          malmquistIndices      `json:"mean"`
	Cumulative    []malmquistCumulative `json:"cumulative"`
	Distances     []malmquistDistance   `json:"distances"`
	Unsolved      []malmquistUnsolved   `json:"unsolved"`
	Dropped       []malmquistDropped    `json:"dropped"`
	Programs      int                   `json:"programs"`
}

func newMalmquistOutput(r *cpstat.TFPResult, opts cpstat.TFPOptions) malmquistOutput {
	m := r.Malmquist
	out := malmquistOutput{Orientation: m.Orientation.String(), Decomposition: m.Decomposition.String(),
		Inputs: opts.Inputs, Outputs: opts.Outputs, Units: m.Units, Periods: m.Periods, Mean: newMalmquistIndices(m.Mean.Indices),
		Unsolved: []malmquistUnsolved{}, Dropped: []malmquistDropped{}, Programs: m.Programs}
	for k := range m.Changes {
		from, to := m.Periods[k], m.Periods[k+1]
		for i, id := range m.Units {
			out.Changes = append(out.Changes, malmquistChange{ID: id, From: from, To: to, malmquistIndices: newMalmquistIndices(m.Changes[k][i])})
		}
		out.PeriodMeans = append(out.PeriodMeans, malmquistPeriodMean{From: from, To: to, malmquistIndices: newMalmquistIndices(m.PeriodMeans[k].Indices)})
	}
	for i, id := range m.Units {
		out.UnitMeans = append(out.UnitMeans, malmquistUnitMean{ID: id, malmquistIndices: newMalmquistIndices(m.UnitMeans[i].Indices)})
	}
	for t, period := range m.Periods {
		for i, id := range m.Units {
			out.Cumulative = append(out.Cumulative, malmquistCumulative{ID: id, Period: period, TFP: jsonFloat(m.Cumulative[t][i])})
			d := m.Distances[t][i]
			out.Distances = append(out.Distances, malmquistDistance{ID: id, Period: period, CRSPrevious: jsonFloat(d.CRSPrevious),
				CRS: jsonFloat(d.CRS), CRSNext: jsonFloat(d.CRSNext), VRS: jsonFloat(d.VRS), VRSPrevious: jsonFloat(d.VRSPrevious),
				VRSNext: jsonFloat(d.VRSNext)})
		}
	}
	for _, u := range m.Unsolved {
		out.Unsolved = append(out.Unsolved, malmquistUnsolved{ID: u.Unit, Period: u.Period, FrontierPeriod: u.FrontierPeriod,
			Model: u.Model.Returns.String(), Status: u.Status.String(), Reason: u.Reason})
	}
	for _, d := range r.Dropped {
		out.Dropped = append(out.Dropped, malmquistDropped{ID: d.Entity, Reason: d.Reason})
	}
	return out
}
