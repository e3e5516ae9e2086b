// Command bench10m times a two-way fixed-effects regression with entity-clustered standard errors on a
// synthetic panel of ten million rows (500,000 entities × 20 years, 5 regressors by default). It runs
// end to end through package cpstat: the gota data frame, NewPanel with its key checks, and Estimate
// from the formula. For each phase it prints "phase,seconds,start_bytes,peak_bytes": the wall time, the
// resident set when the phase started (VmRSS) and the peak resident set during the phase (VmHWM from
// /proc/self/status, reset at the start of the phase through /proc/self/clear_refs).
//
//	go run ./scripts/bench10m                      # 500000 x 20 x 5
//	go run ./scripts/bench10m -entities 50000      # a tenth of the rows
//
// The panel follows scripts/benchregress: y = α_i + 0.05·t + Σ 0.2·j·x_j + ε, with regressors
// correlated with α_i, from a fixed seed.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"github.com/cpstat/cpstat/cpstat"
)

func main() {
	entities := flag.Int("entities", 500000, "number of entities")
	periods := flag.Int("periods", 20, "number of periods per entity")
	k := flag.Int("k", 5, "number of regressors")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the Estimate calls to this `file`")
	flag.Parse()
	if err := run(*entities, *periods, *k, *profile); err != nil {
		fmt.Fprintln(os.Stderr, "bench10m:", err)
		os.Exit(1)
	}
}

func run(entities, periods, k int, profile string) error {
	fmt.Printf("rows,%d\n", entities*periods)
	start, startRSS := begin()
	df := generate(entities, periods, k)
	report("generate the data frame", start, startRSS)

	start, startRSS = begin()
	p, err := cpstat.NewPanel(df, "id", "year")
	if err != nil {
		return err
	}
	df = dataframe.DataFrame{} // the panel keeps its own copy
	runtime.GC()
	report("NewPanel (key checks)", start, startRSS)

	terms := make([]string, k)
	for j := range terms {
		terms[j] = "x" + strconv.Itoa(j+1)
	}
	src := "y ~ " + strings.Join(terms, " + ") + " | id + year"
	if profile != "" {
		f, err := os.Create(profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	for _, phase := range []string{"Estimate first call", "Estimate with cached columns"} {
		start, startRSS = begin()
		res, err := cpstat.Estimate(p, src, cpstat.Cluster("id"))
		if err != nil {
			return err
		}
		report(phase, start, startRSS)
		if phase == "Estimate first call" {
			c := res.Coefficients[0]
			fmt.Printf("# N = %d, %s = %.6f (SE %.6f), clusters %d\n", res.N, c.Term, c.Estimate, c.StdError, res.VCov.G[0])
		}
		res = nil
		runtime.GC()
	}
	return nil
}

// generate builds the panel's data frame column by column, releasing each generated slice once gota
// has copied it.
func generate(entities, periods, k int) dataframe.DataFrame {
	n := entities * periods
	rng := rand.New(rand.NewPCG(20240601, 7))
	alpha := make([]float64, entities)
	for e := range alpha {
		alpha[e] = rng.NormFloat64()
	}

	ids := make([]string, n)
	years := make([]int, n)
	for e := 0; e < entities; e++ {
		id := fmt.Sprintf("e%07d", e+1)
		for t := 0; t < periods; t++ {
			ids[e*periods+t], years[e*periods+t] = id, 2001+t
		}
	}
	cols := []series.Series{series.New(ids, series.String, "id"), series.New(years, series.Int, "year")}
	ids, years = nil, nil

	y := make([]float64, n)
	for i := range y {
		y[i] = alpha[i/periods] + 0.05*float64(i%periods) + rng.NormFloat64()
	}
	x := make([]float64, n)
	for j := 1; j <= k; j++ {
		for i := range x {
			x[i] = rng.NormFloat64() + 0.5*alpha[i/periods]
			y[i] += 0.2 * float64(j) * x[i]
		}
		cols = append(cols, series.New(x, series.Float, "x"+strconv.Itoa(j)))
	}
	cols = append(cols, series.New(y, series.Float, "y"))
	return dataframe.New(cols...)
}

// begin returns the start time and resident set of a phase and resets the peak resident set, so that
// the next report measures the phase alone.
func begin() (time.Time, int64) {
	debug.FreeOSMemory()
	// Writing 5 to clear_refs resets VmHWM to the current resident set (Linux 4.0 and later). Where
	// that fails the peak is the process's so far.
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	return time.Now(), procStatus("VmRSS:")
}

// report prints a phase's wall time, its starting resident set and its peak resident set.
func report(phase string, start time.Time, startRSS int64) {
	elapsed := time.Since(start).Seconds()
	fmt.Printf("%s,%.3f,%d,%d\n", phase, elapsed, startRSS, procStatus("VmHWM:"))
}

// procStatus returns a size field of /proc/self/status, such as "VmHWM:", in bytes, or 0 where /proc
// is missing.
func procStatus(field string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err == nil {
				return kb * 1024
			}
		}
	}
	return 0
}
