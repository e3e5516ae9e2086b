package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/cpstat/cpstat/cpstat"
)

func init() {
	register(&command{
		name:    "dea",
		summary: "one period's DEA efficiency scores (CRS, VRS, scale) as DEAP 2.1 prints them",
		usage: `--inputs a,b --outputs y [--data FILE --id ID] [--time T --period 2010] [--rts crs|vrs]
       [--orientation output|input] [--json]`,
		details: deaDetails,
		setup:   setupDEA,
	})
}

const deaDetails = `Computes the technical efficiency of every unit against the frontier of the units of one period, under
constant (CRS) and variable (VRS) returns to scale, the scale efficiency CRS/VRS and whether a unit has
increasing (irs) or decreasing (drs) returns, as DEAP 2.1's single-period DEA does (Coelli 1996). Scores
are at most 1; output orientation reports the Shephard output distance 1/φ, input orientation θ.

A file without the --time column is one cross-section. With several periods, --period picks one.
Inputs and outputs must be positive: a zero, negative or missing value stops the run and names the unit,
variable and value.

Exit status: 0 on success, 1 when the data cannot be read or a value is not positive, 2 for an invalid
command line.

JSON output (--json), one object:
  period, orientation, rts   the evaluated period and options; rts selects the field score
  inputs[], outputs[]        the columns
  units[]                    {id, score, crs, vrs, nirs, scale, returns ("-", "irs" or "drs")}
  mean                       {crs, vrs, scale}: arithmetic means over units, as DEAP prints them
  programs                   number of linear programs solved`

func setupDEA(fs *flag.FlagSet) func(*env) error {
	data := addDataFlags(fs)
	inputs := fs.String("inputs", "", "comma-separated input `columns`, such as capital_stock,employment")
	outputs := fs.String("outputs", "", "comma-separated output `columns`, such as real_gdp")
	period := fs.Int("period", 0, "`period` to evaluate (required when the data have more than one)")
	rts := fs.String("rts", "crs", "returns to scale of the field score: crs or vrs (both are always printed)")
	orientation := fs.String("orientation", "output", "radial projection: output (expand outputs) or input (contract inputs)")
	asJSON := fs.Bool("json", false, "print the result as JSON (schema below)")
	return func(e *env) error {
		opts := cpstat.EfficiencyOptions{Inputs: splitList(*inputs), Outputs: splitList(*outputs), Period: *period}
		if len(opts.Inputs) == 0 || len(opts.Outputs) == 0 {
			return usagef("give the inputs and outputs, such as --inputs capital_stock,employment --outputs real_gdp")
		}
		if *rts != "crs" && *rts != "vrs" {
			return usagef("--rts must be crs or vrs, not %q", *rts)
		}
		var err error
		if opts.Orientation, err = parseOrientation(*orientation); err != nil {
			return err
		}
		p, err := data.loadCrossSection(e)
		if err != nil {
			return err
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		r, err := cpstat.DEAEfficiency(ctx, p, opts)
		if err != nil {
			return err
		}
		out := newDEAOutput(r, opts, *rts)
		if *asJSON {
			return printJSON(e.stdout, struct {
				deaOutput
				readerReport
			}{out, data.report()})
		}
		return printDEAText(e.stdout, out)
	}
}

type deaOutput struct {
	Period      int       `json:"period"`
	Orientation string    `json:"orientation"`
	RTS         string    `json:"rts"`
	Inputs      []string  `json:"inputs"`
	Outputs     []string  `json:"outputs"`
	Units       []deaUnit `json:"units"`
	Mean        deaMean   `json:"mean"`
	Programs    int       `json:"programs"`
}

type deaUnit struct {
	ID      string    `json:"id"`
	Score   jsonFloat `json:"score"`
	CRS     jsonFloat `json:"crs"`
	VRS     jsonFloat `json:"vrs"`
	NIRS    jsonFloat `json:"nirs"`
	Scale   jsonFloat `json:"scale"`
	Returns string    `json:"returns"`
}

type deaMean struct {
	CRS   jsonFloat `json:"crs"`
	VRS   jsonFloat `json:"vrs"`
	Scale jsonFloat `json:"scale"`
}

func newDEAOutput(r *cpstat.EfficiencyResult, opts cpstat.EfficiencyOptions, rts string) deaOutput {
	s := r.Scores
	out := deaOutput{Period: r.Period, Orientation: s.Orientation.String(), RTS: rts, Inputs: opts.Inputs,
		Outputs: opts.Outputs, Programs: s.Programs}
	var crs, vrs, scale float64
	for i, id := range r.Entities {
		score := s.CRS[i]
		if rts == "vrs" {
			score = s.VRS[i]
		}
		out.Units = append(out.Units, deaUnit{ID: id, Score: jsonFloat(score), CRS: jsonFloat(s.CRS[i]), VRS: jsonFloat(s.VRS[i]),
			NIRS: jsonFloat(s.NIRS[i]), Scale: jsonFloat(s.Scale[i]), Returns: s.Direction[i].String()})
		crs += s.CRS[i]
		vrs += s.VRS[i]
		scale += s.Scale[i]
	}
	n := float64(len(r.Entities))
	out.Mean = deaMean{CRS: jsonFloat(crs / n), VRS: jsonFloat(vrs / n), Scale: jsonFloat(scale / n)}
	return out
}

// printDEAText writes DEAP's efficiency summary: one line per unit with crste, vrste, scale and the
// returns-to-scale direction, and the means.
func printDEAText(w io.Writer, out deaOutput) error {
	fmt.Fprintf(w, "DEA efficiency, period %d, %s orientation, inputs %s, outputs %s\n\n", out.Period, out.Orientation,
		strings.Join(out.Inputs, ", "), strings.Join(out.Outputs, ", "))
	cw := &columnWriter{right: true, padding: 2}
	cw.row("unit", "crste", "vrste", "scale", "")
	for _, u := range out.Units {
		cw.row(u.ID, fmt.Sprintf("%.3f", float64(u.CRS)), fmt.Sprintf("%.3f", float64(u.VRS)), fmt.Sprintf("%.3f", float64(u.Scale)), u.Returns)
	}
	cw.row("mean", fmt.Sprintf("%.3f", float64(out.Mean.CRS)), fmt.Sprintf("%.3f", float64(out.Mean.VRS)), fmt.Sprintf("%.3f", float64(out.Mean.Scale)), "")
	if err := cw.flush(w); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "\ncrste = CRS technical efficiency, vrste = VRS (pure) technical efficiency, scale = crste/vrste")
	return err
}
