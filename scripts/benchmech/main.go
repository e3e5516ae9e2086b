// Command benchmech times cpstat's resampling procedures on the study's panel shape for
// scripts/bench_mech.sh, next to the same computation in R's boot.
//
//	benchmech gen -out panel.csv           write the 510-row benchmark panel
//	benchmech time -reps 3 -out times.csv  time the bootstrap and the placebo test
//
// The panel is the embedded 30 provinces × 2001–2017 with synthetic mediators and outcome from a fixed
// seed: capital = 0.5·balance + province effect + noise, tfp = 1 + noise, labor from the data, and
// cp = 0.3·capital + 0.1·balance + province effect + noise. The controls are cpi and open, which cover
// all 510 rows.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"time"

	"github.com/cpstat/cpstat/cpstat"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: benchmech gen -out FILE | benchmech time -reps N -out FILE")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	out := fs.String("out", "", "output `file`")
	reps := fs.Int("reps", 3, "timed repetitions; the median is written")
	boot := fs.Int("boot", 5000, "bootstrap replicates")
	placebo := fs.Int("placebo", 500, "placebo replicates")
	fs.Parse(os.Args[2:])
	p, err := benchPanel()
	if err == nil {
		switch os.Args[1] {
		case "gen":
			err = writeCSV(p, *out)
		case "time":
			err = timeAll(p, *reps, *boot, *placebo, *out)
		default:
			err = fmt.Errorf("unknown mode %q: use gen or time", os.Args[1])
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchmech:", err)
		os.Exit(1)
	}
}

func benchPanel() (*cpstat.Panel, error) {
	p, err := cpstat.EmbeddedPanel()
	if err != nil {
		return nil, err
	}
	balance, err := p.Float("balance")
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(7, 40))
	effect := map[string]float64{}
	n := p.Len()
	capital, tfp, cp := make([]float64, n), make([]float64, n), make([]float64, n)
	for i, k := range p.Keys() {
		if _, ok := effect[k.Entity]; !ok {
			effect[k.Entity] = rng.NormFloat64()
		}
		capital[i] = 0.5*balance[i] + effect[k.Entity] + 0.1*rng.NormFloat64()
		tfp[i] = 1 + 0.1*rng.NormFloat64()
		cp[i] = 0.3*capital[i] + 0.1*balance[i] + effect[k.Entity] + 0.05*rng.NormFloat64()
	}
	for _, c := range []struct {
		name string
		v    []float64
	}{{"capital", capital}, {"tfp", tfp}, {"cp", cp}} {
		if p, err = p.With(c.name, c.v); err != nil {
			return nil, err
		}
	}
	return p, nil
}

var (
	model = cpstat.MediationModel{Outcome: "cp", Treatment: "balance", Mediators: []string{"capital", "labor", "tfp"},
		Controls: []string{"cpi", "open"}, FixedEffects: []string{"province", "year"}}
	estimate = cpstat.EstimateSettings{Cluster: []string{"province"}, Window: cpstat.StudyWindow}
	formula  = "cp ~ balance + cpi + open | province + year"
)

// writeCSV writes the rows of the study window with the columns the benchmark uses.
func writeCSV(p *cpstat.Panel, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	cols := []string{"cp", "balance", "capital", "labor", "tfp", "cpi", "open"}
	values := make([][]float64, len(cols))
	for j, c := range cols {
		if values[j], err = p.Float(c); err != nil {
			return err
		}
	}
	fmt.Fprintln(f, "province,year,cp,balance,capital,labor,tfp,cpi,open")
	for i, k := range p.Keys() {
		if k.Time < cpstat.StudyWindow.From || k.Time > cpstat.StudyWindow.To {
			continue
		}
		fmt.Fprintf(f, "%s,%d", k.Entity, k.Time)
		for j := range cols {
			fmt.Fprintf(f, ",%.17g", values[j][i])
		}
		fmt.Fprintln(f)
	}
	return f.Close()
}

// timeAll writes the median wall time of each computation, and the estimates both programs print.
func timeAll(p *cpstat.Panel, reps, boot, placebo int, path string) error {
	var medTimes, placeboTimes []float64
	var med *cpstat.MediationResult
	var pl *cpstat.PlaceboResult
	for range reps {
		start := time.Now()
		var err error
		med, err = cpstat.Mediate(context.Background(), p, model, cpstat.MediationSettings{Estimate: estimate,
			Bootstrap: cpstat.BootstrapSettings{Reps: boot, Seed: 1}})
		if err != nil {
			return err
		}
		medTimes = append(medTimes, time.Since(start).Seconds())

		start = time.Now()
		pl, err = cpstat.Placebo(context.Background(), p, formula, "balance", cpstat.PlaceboSettings{Reps: placebo, Seed: 1},
			cpstat.Cluster("province"), cpstat.Period(2001, 2017))
		if err != nil {
			return err
		}
		placeboTimes = append(placeboTimes, time.Since(start).Seconds())
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fmt.Fprintf(f, "time,mediation_bootstrap,%.6f\ntime,placebo,%.6f\n", median(medTimes), median(placeboTimes))
	for _, path := range med.Paths {
		fmt.Fprintf(f, "estimate,ab_%s,%.10g\nestimate,boot_sd_%s,%.4g\n", path.Mediator, path.Indirect, path.Mediator, path.Boot.SD)
	}
	fmt.Fprintf(f, "estimate,placebo_sd,%.4g\n", pl.SD)
	return f.Close()
}

func median(x []float64) float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	return s[len(s)/2]
}
