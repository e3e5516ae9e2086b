package cpstat

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"testing"

	"github.com/cpstat/cpstat/cpstat/quantreg"
)

// Every random procedure must give bit-identical results for the same inputs and seed, whatever the
// number of cores (GOMAXPROCS 1, 2 and 8, and so 1, 2 or 8 workers by default) and across repeated runs.
// Each procedure below returns all its random numbers as one slice, and the runs compare them by their
// float64 bit patterns, so that even a difference in the last bit or between NaN payloads fails.

// gomaxprocsRuns are the core counts of each comparison; the first run is the reference.
var gomaxprocsRuns = []int{1, 2, 8, 1, 8}

// checkDeterministic runs draw once per entry of gomaxprocsRuns and fails at the first value whose bits
// differ from the first run's.
func checkDeterministic(t *testing.T, draw func(t *testing.T) []float64) {
	t.Helper()
	old := runtime.GOMAXPROCS(0)
	defer runtime.GOMAXPROCS(old)

	var want []float64
	for run, procs := range gomaxprocsRuns {
		runtime.GOMAXPROCS(procs)
		got := draw(t)
		if run == 0 {
			if len(got) == 0 {
				t.Fatal("the procedure returned no values")
			}
			want = got
			continue
		}
		if len(got) != len(want) {
			t.Fatalf("run %d (GOMAXPROCS %d): %d values, want %d", run, procs, len(got), len(want))
		}
		for i := range got {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("run %d (GOMAXPROCS %d): value %d = %v (bits %x), first run %v (bits %x)",
					run, procs, i, got[i], math.Float64bits(got[i]), want[i], math.Float64bits(want[i]))
			}
		}
	}
}

// determinismPanel is 30 entities × 8 years with regressors correlated with the entity effect, the
// design of the estimation benchmarks, plus a mediator m = 0.8·x1 + x3 and an outcome that depends on it.
func determinismPanel(t *testing.T) *Panel {
	t.Helper()
	p := syntheticPanel(t, 30, 8, 3)
	x1, err := p.Float("x1")
	if err != nil {
		t.Fatal(err)
	}
	x3, err := p.Float("x3")
	if err != nil {
		t.Fatal(err)
	}
	y, err := p.Float("y")
	if err != nil {
		t.Fatal(err)
	}
	m := make([]float64, len(x1))
	for i := range m {
		m[i] = 0.8*x1[i] + x3[i]
		y[i] += 0.5 * m[i]
	}
	if p, err = p.With("m", m); err != nil {
		t.Fatal(err)
	}
	if p, err = p.With("ym", y); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDeterministicQRPDMCMC(t *testing.T) {
	p := determinismPanel(t)
	checkDeterministic(t, func(t *testing.T) []float64 {
		res, err := QRPD(p, "y ~ x1 + x2", []float64{0.25, 0.75}, QRPDOptimizer(quantreg.OptimizeMCMC),
			QRPDDraws(300), QRPDSeed(11))
		if err != nil {
			t.Fatal(err)
		}
		var out []float64
		for _, fit := range res.Fits {
			out = append(out, fit.Coef...)
			out = append(out, fit.StdErr...)
			out = append(out, fit.DrawStdErr...)
			out = append(out, fit.AcceptanceRates...)
			out = append(out, fit.Objective)
		}
		return out
	})
}

func TestDeterministicQuantileBootstraps(t *testing.T) {
	p := determinismPanel(t)
	for _, method := range []quantreg.SEMethod{quantreg.SEBootstrapXY, quantreg.SEBootstrapCluster, quantreg.SEBootstrapWildCluster} {
		t.Run(method.String(), func(t *testing.T) {
			checkDeterministic(t, func(t *testing.T) []float64 {
				opts := []QROption{QRStdErr(method), QRReplications(150), QRSeed(5)}
				if method != quantreg.SEBootstrapXY {
					opts = append(opts, QRCluster("id"))
				}
				res, err := QuantReg(p, "y ~ x1 + x2", 0.5, opts...)
				if err != nil {
					t.Fatal(err)
				}
				return append(append([]float64(nil), res.Coef...), res.StdErr...)
			})
		})
	}
}

func TestDeterministicMediationClusterBootstrap(t *testing.T) {
	p := determinismPanel(t)
	model := MediationModel{Outcome: "ym", Treatment: "x1", Mediators: []string{"m"}, Controls: []string{"x2"},
		FixedEffects: []string{"id", "year"}}
	checkDeterministic(t, func(t *testing.T) []float64 {
		res, err := Mediate(context.Background(), p, model, MediationSettings{
			Estimate:  EstimateSettings{Cluster: []string{"id"}},
			Bootstrap: BootstrapSettings{Reps: 200, Seed: 3}})
		if err != nil {
			t.Fatal(err)
		}
		b := res.Bootstrap
		out := append(append([]float64(nil), b.Sum...), b.Direct...)
		for _, ind := range b.Indirect {
			out = append(out, ind...)
		}
		for _, f := range b.Failed {
			out = append(out, float64(f.Index))
		}
		out = append(out, res.SumBoot.Percentile.Low, res.SumBoot.Percentile.High, res.SumBoot.BC.Low, res.SumBoot.BC.High)
		return out
	})
}

func TestDeterministicPlacebo(t *testing.T) {
	p := determinismPanel(t)
	for _, scheme := range []PlaceboScheme{PlaceboEntity, PlaceboScheme(1)} {
		t.Run(fmt.Sprint(scheme), func(t *testing.T) {
			checkDeterministic(t, func(t *testing.T) []float64 {
				res, err := Placebo(context.Background(), p, "y ~ x1 + x2 | id + year", "x1",
					PlaceboSettings{Reps: 200, Seed: 9, Scheme: scheme}, Cluster("id"))
				if err != nil {
					t.Fatal(err)
				}
				out := append(append([]float64(nil), res.Coefs...), res.TValues...)
				return append(out, res.PCoef, res.PT, res.Mean, res.SD)
			})
		})
	}
}

func TestDeterministicWildClusterBootstrap(t *testing.T) {
	p := determinismPanel(t)
	r, err := Estimate(p, "y ~ x1 + x2 | id + year", Cluster("id"))
	if err != nil {
		t.Fatal(err)
	}
	for _, weights := range []WildWeights{Rademacher, WildWeights(1)} {
		t.Run(fmt.Sprint(weights), func(t *testing.T) {
			checkDeterministic(t, func(t *testing.T) []float64 {
				// 30 clusters have 2^30 Rademacher draws, far more than 999, so the replicates are random
				// rather than enumerated.
				res, err := r.WildBootstrap(context.Background(), "x1", WildBootSettings{Reps: 999, Seed: 4, Weights: weights})
				if err != nil {
					t.Fatal(err)
				}
				if res.Enumerated {
					t.Fatal("the draws were enumerated, so the seed was not used")
				}
				return append(append([]float64(nil), res.TStar...), res.P, res.Lower, res.Upper)
			})
		})
	}
}
