// Command benchregress generates the synthetic panel of scripts/bench.sh, times cpstat's two-way
// fixed-effects regression with clustered standard errors on it, and compares the result with R's plm.
//
//	benchregress gen -entities 2000 -periods 20 -k 5 -out panel.csv
//	benchregress time -data panel.csv -k 5 -reps 5 -out cpstat.csv
//	benchregress compare -cpstat cpstat.csv -r r.csv
//
// The time step reads the CSV once. It then reports the median wall time of -reps runs of Estimate (the
// formula, the model frame, the fit and the variance), of Estimate on a fresh copy of the panel (which
// also converts the data frame's columns, as the first model on a newly read panel does) and of
// Model.Refit on a prepared model (the fit and the variance only). The variance is plm's vcovHC(type = "sss", cluster = "group"), cpstat's
// PlmSSS convention, so both programs compute the same numbers. Output files are CSV with the rows
// "time,<step>,<seconds>" and "coef,<term>,<estimate>,<std. error>".
package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cpstat/cpstat/cpstat"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: benchregress gen|time|compare [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "gen":
		err = generate(os.Args[2:])
	case "time":
		err = timeCpstat(os.Args[2:])
	case "compare":
		err = compare(os.Args[2:])
	default:
		err = fmt.Errorf("unknown step %q; use gen, time or compare", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchregress:", err)
		os.Exit(1)
	}
}

// generate writes a balanced panel from a fixed seed: id, year, y, x1…xk with
// y = α_i + 0.05·t + Σ 0.2·j·x_j + ε and regressors correlated with the entity effect α_i.
func generate(args []string) error {
	fs := flag.NewFlagSet("gen", flag.ExitOnError)
	entities := fs.Int("entities", 2000, "number of entities")
	periods := fs.Int("periods", 20, "number of periods per entity")
	k := fs.Int("k", 5, "number of regressors")
	out := fs.String("out", "", "output CSV `file`")
	fs.Parse(args)
	if *out == "" {
		return fmt.Errorf("gen: -out is required")
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	header := []string{"id", "year", "y"}
	for j := 1; j <= *k; j++ {
		header = append(header, "x"+strconv.Itoa(j))
	}
	fmt.Fprintln(w, strings.Join(header, ","))

	rng := rand.New(rand.NewPCG(20240601, 7))
	x := make([]float64, *k)
	for e := 0; e < *entities; e++ {
		alpha := rng.NormFloat64()
		for t := 0; t < *periods; t++ {
			y := alpha + 0.05*float64(t)
			for j := range x {
				x[j] = rng.NormFloat64() + 0.5*alpha
				y += 0.2 * float64(j+1) * x[j]
			}
			y += rng.NormFloat64()
			fmt.Fprintf(w, "e%05d,%d,%s", e+1, 2001+t, strconv.FormatFloat(y, 'g', -1, 64))
			for _, v := range x {
				fmt.Fprintf(w, ",%s", strconv.FormatFloat(v, 'g', -1, 64))
			}
			fmt.Fprintln(w)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func timeCpstat(args []string) error {
	fs := flag.NewFlagSet("time", flag.ExitOnError)
	path := fs.String("data", "", "panel CSV `file` written by gen")
	k := fs.Int("k", 5, "number of regressors in the file")
	reps := fs.Int("reps", 5, "timed repetitions; the median is reported")
	out := fs.String("out", "", "output CSV `file`")
	fs.Parse(args)
	if *path == "" || *out == "" {
		return fmt.Errorf("time: -data and -out are required")
	}

	start := time.Now()
	tb, err := cpstat.ReadCSV(*path, cpstat.WithKeys("id", "year"))
	if err != nil {
		return err
	}
	p, err := tb.Panel()
	if err != nil {
		return err
	}
	read := time.Since(start)

	terms := make([]string, *k)
	for j := range terms {
		terms[j] = "x" + strconv.Itoa(j+1)
	}
	src := "y ~ " + strings.Join(terms, " + ") + " | id + year"
	opts := []cpstat.EstimateOption{cpstat.Cluster("id"), cpstat.SSC(cpstat.PlmSSS)}

	var res *cpstat.Result
	estimate := median(*reps, func() error {
		res, err = cpstat.Estimate(p, src, opts...)
		return err
	})
	if err != nil {
		return err
	}
	// A copy of the panel made by With has no converted columns yet. Making it is not timed, but the
	// garbage collection it causes may fall into the timed call, as after reading a file.
	var freshTimes []time.Duration
	for range max(*reps, 1) {
		fresh, err := p.With("unused", make([]float64, p.Len()))
		if err != nil {
			return err
		}
		start := time.Now()
		if _, err := cpstat.Estimate(fresh, src, opts...); err != nil {
			return err
		}
		freshTimes = append(freshTimes, time.Since(start))
	}
	slices.Sort(freshTimes)
	estimateFresh := freshTimes[len(freshTimes)/2]

	model, err := cpstat.NewModel(p, src, opts...)
	if err != nil {
		return err
	}
	refit := median(*reps, func() error {
		_, err = model.Refit(cpstat.Change{})
		return err
	})
	if err != nil {
		return err
	}

	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"time", "read", seconds(read)})
	w.Write([]string{"time", "estimate", seconds(estimate)})
	w.Write([]string{"time", "estimate_fresh", seconds(estimateFresh)})
	w.Write([]string{"time", "refit", seconds(refit)})
	for _, c := range res.Coefficients {
		w.Write([]string{"coef", c.Term, strconv.FormatFloat(c.Estimate, 'g', -1, 64), strconv.FormatFloat(c.StdError, 'g', -1, 64)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// median runs fn reps times and returns the median wall time; it stops at the first error, which fn
// leaves for the caller to read.
func median(reps int, fn func() error) time.Duration {
	times := make([]time.Duration, 0, reps)
	for range max(reps, 1) {
		start := time.Now()
		if fn() != nil {
			return 0
		}
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	return times[len(times)/2]
}

func seconds(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', 6, 64) }

// results is one program's output file: step timings and coefficients with standard errors.
type results struct {
	times map[string]float64
	coef  map[string][2]float64
	terms []string
}

func readResults(path string) (*results, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out := &results{times: map[string]float64{}, coef: map[string][2]float64{}}
	for i, rec := range records {
		switch {
		case len(rec) == 3 && rec[0] == "time":
			v, err := strconv.ParseFloat(rec[2], 64)
			if err != nil {
				return nil, fmt.Errorf("%s line %d: %w", path, i+1, err)
			}
			out.times[rec[1]] = v
		case len(rec) == 4 && rec[0] == "coef":
			b, err1 := strconv.ParseFloat(rec[2], 64)
			se, err2 := strconv.ParseFloat(rec[3], 64)
			if err1 != nil || err2 != nil {
				return nil, fmt.Errorf("%s line %d: invalid number in %q", path, i+1, rec)
			}
			out.coef[rec[1]] = [2]float64{b, se}
			out.terms = append(out.terms, rec[1])
		default:
			return nil, fmt.Errorf("%s line %d: unexpected record %q", path, i+1, rec)
		}
	}
	return out, nil
}

// compare prints the largest relative differences of the coefficients and standard errors, and the
// time ratios R / cpstat. It fails when a difference exceeds 1e-8, because both programs solve the
// same least-squares problem in double precision.
func compare(args []string) error {
	fs := flag.NewFlagSet("compare", flag.ExitOnError)
	cpPath := fs.String("cpstat", "", "output of the time step")
	rPath := fs.String("r", "", "output of the R script")
	fs.Parse(args)
	cp, err := readResults(*cpPath)
	if err != nil {
		return err
	}
	r, err := readResults(*rPath)
	if err != nil {
		return err
	}

	var coefDiff, seDiff float64
	for _, term := range cp.terms {
		want, ok := r.coef[term]
		if !ok {
			return fmt.Errorf("R has no coefficient %q", term)
		}
		got := cp.coef[term]
		coefDiff = math.Max(coefDiff, math.Abs(got[0]-want[0])/math.Abs(want[0]))
		seDiff = math.Max(seDiff, math.Abs(got[1]-want[1])/math.Abs(want[1]))
	}
	fmt.Printf("coefficients: %d terms, largest relative difference %.2g (standard errors %.2g)\n", len(cp.terms), coefDiff, seDiff)

	fmt.Printf("%-44s %10s %10s %8s\n", "step", "cpstat s", "R s", "R/cpstat")
	rows := []struct{ label, cpStep, rStep string }{
		{"estimate (cpstat Estimate | plm + vcovHC)", "estimate", "estimate"},
		{"estimate on a fresh panel | plm + vcovHC", "estimate_fresh", "estimate"},
		{"refit on a prepared model | plm on pdata", "refit", "estimate_pdata"},
		{"read the CSV | read.csv + pdata.frame", "read", "read"},
	}
	for _, row := range rows {
		c, rt := cp.times[row.cpStep], r.times[row.rStep]
		fmt.Printf("%-44s %10.4f %10.4f %8.1f\n", row.label, c, rt, rt/c)
	}

	if coefDiff > 1e-8 || seDiff > 1e-8 {
		return fmt.Errorf("cpstat and R disagree: relative differences %.2g (coefficients) and %.2g (standard errors) exceed 1e-8", coefDiff, seDiff)
	}
	return nil
}
