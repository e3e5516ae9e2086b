package quantreg

import (
	"context"
	"errors"
	"math"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Monte Carlo spread of the estimators on simulatePanel(seed, 1000, 5, false), measured once over 100
// replications (seeds 5000–5099) with the default options: the standard deviation of the QRPD grid
// estimate and of the pooled rq slope per quantile. The grid estimate's mean error was at most 0.013, and
// the mean analytic SEs were 0.139, 0.133 and 0.157, close to these deviations.
var simSpread = map[float64]struct{ qrpd, pooled float64 }{
	0.25: {0.1538, 0.0804},
	0.5:  {0.1323, 0.0725},
	0.75: {0.1536, 0.0786},
}

// simMaxMCMCMinusGrid bounds |MCMC − grid| at τ = 0.5: the largest difference over the same 100
// replications (MCMC seed 11, default draws) was 0.099, with standard deviation 0.033.
const simMaxMCMCMinusGrid = 0.1

// simSpreadNelderMead is the standard deviation of the Nelder–Mead error at τ = 0.5 over the same
// replications. It is larger than the grid's because the simplex can stall on a flat step (the largest
// error was 1.58).
const simSpreadNelderMead = 0.2054

const simSeed = 20261204

// QRPD must recover β(τ) = b + c·√2·Φ⁻¹(τ) of the location-scale panel at several quantiles, while pooled
// quantile regression is biased because the unit effect is correlated with x. The tolerance is three Monte
// Carlo standard deviations of the estimator (simSpread), so a correct estimator fails this fixed-seed check
// with probability about 0.3% per quantile. The pooled bias must exceed five of its own deviations.
func TestQRPDRecoversLocationScaleSlopes(t *testing.T) {
	d := simulatePanel(simSeed, 1000, 5, false)
	for _, tau := range []float64{0.25, 0.5, 0.75} {
		res, err := FitQRPD(context.Background(), d, tau, QRPDOptions{})
		if err != nil {
			t.Fatalf("tau %v: %v", tau, err)
		}
		truth := simTrueSlope(tau)
		spread := simSpread[tau]
		if res.Optimizer != OptimizeGrid {
			t.Errorf("tau %v: default optimizer %v, want grid for one regressor", tau, res.Optimizer)
		}
		if e := math.Abs(res.Coef[0] - truth); e > 3*spread.qrpd {
			t.Errorf("tau %v: QRPD slope %.4f, true %.4f (|error| %.3f > 3 × %.3f)", tau, res.Coef[0], truth, e, spread.qrpd)
		}
		if e := math.Abs(res.Start[0] - truth); e < 5*spread.pooled {
			t.Errorf("tau %v: pooled slope %.4f is within 5 × %.3f of the truth %.4f; the design should bias it", tau, res.Start[0], spread.pooled, truth)
		}
		if res.N != 5000 || res.Units != 1000 || res.Periods != 5 || res.MinPeriods != 5 || res.MaxPeriods != 5 {
			t.Errorf("tau %v: N %d, units %d, periods %d, periods per unit %d–%d; want 5000, 1000, 5, 5–5",
				tau, res.N, res.Units, res.Periods, res.MinPeriods, res.MaxPeriods)
		}
		if len(res.TimeEffects) != 5 || res.TimeEffects[0].Time != 2001 || res.TimeEffects[4].Time != 2005 {
			t.Errorf("tau %v: time effects %+v, want 2001…2005", tau, res.TimeEffects)
		}
		// The period effects are δ_t + a + √2 Φ⁻¹(τ) up to the slope error times the period mean of x, so
		// their differences estimate δ_t − δ_1 = 0.3·(t−1).
		if gap := res.TimeEffects[4].Value - res.TimeEffects[0].Value; math.Abs(gap-1.2) > 0.3 {
			t.Errorf("tau %v: γ_2005 − γ_2001 = %.3f, want 1.2 ± 0.3", tau, gap)
		}
		if !(res.StdErr[0] > 0) || math.IsInf(res.StdErr[0], 0) {
			t.Errorf("tau %v: analytic SE %v", tau, res.StdErr[0])
		}
	}
}

// The grid minimiser and the Laplace-type posterior mean are first-order equivalent estimators, but Q is a
// step function, so on one data set they differ by a fraction of the standard error. The tolerance is the
// largest difference seen in 100 Monte Carlo replications (simMaxMCMCMinusGrid).
func TestQRPDGridAndMCMCAgree(t *testing.T) {
	d := simulatePanel(simSeed, 1000, 5, false)
	grid, err := FitQRPD(context.Background(), d, 0.5, QRPDOptions{Optimizer: OptimizeGrid})
	if err != nil {
		t.Fatal(err)
	}
	mcmc, err := FitQRPD(context.Background(), d, 0.5, QRPDOptions{Optimizer: OptimizeMCMC, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	if diff := math.Abs(mcmc.Coef[0] - grid.Coef[0]); diff > simMaxMCMCMinusGrid {
		t.Errorf("MCMC %.4f vs grid %.4f: |difference| %.3f > %.2f", mcmc.Coef[0], grid.Coef[0], diff, simMaxMCMCMinusGrid)
	}
	// The chains evaluate Q once per draw, after the searches for their starting point.
	if len(mcmc.AcceptanceRates) != defaultChains || mcmc.Evaluations <= defaultChains*(defaultDraws+defaultBurn) {
		t.Errorf("acceptance rates %v, evaluations %d", mcmc.AcceptanceRates, mcmc.Evaluations)
	}
	// Both standard errors estimate the same asymptotic spread; the draws are rougher, so only a factor of
	// two is asked for.
	if ratio := mcmc.DrawStdErr[0] / mcmc.StdErr[0]; ratio < 0.5 || ratio > 2 {
		t.Errorf("draw SE %.4f vs analytic SE %.4f", mcmc.DrawStdErr[0], mcmc.StdErr[0])
	}
}

// Chains draw from streams derived from (seed, chain index), so any number of cores gives bit-identical
// draws, estimates and standard errors.
func TestQRPDSameSeedAnyCores(t *testing.T) {
	d := simulatePanel(3, 120, 6, true)
	opt := QRPDOptions{Optimizer: OptimizeMCMC, Seed: 99, Draws: 200, Burn: 200, Chains: 3}
	var first *QRPDResult
	for _, procs := range []int{1, 2, 8} {
		old := runtime.GOMAXPROCS(procs)
		res, err := FitQRPD(context.Background(), d, 0.3, opt)
		runtime.GOMAXPROCS(old)
		if err != nil {
			t.Fatalf("GOMAXPROCS %d: %v", procs, err)
		}
		if first == nil {
			first = res
			continue
		}
		for j := range res.Coef {
			if res.Coef[j] != first.Coef[j] || res.StdErr[j] != first.StdErr[j] || res.DrawStdErr[j] != first.DrawStdErr[j] {
				t.Errorf("GOMAXPROCS %d: coef %v SE %v draw SE %v; GOMAXPROCS 1: %v %v %v", procs,
					res.Coef, res.StdErr, res.DrawStdErr, first.Coef, first.StdErr, first.DrawStdErr)
			}
		}
		for c := range res.AcceptanceRates {
			if res.AcceptanceRates[c] != first.AcceptanceRates[c] {
				t.Errorf("GOMAXPROCS %d: acceptance %v, GOMAXPROCS 1: %v", procs, res.AcceptanceRates, first.AcceptanceRates)
			}
		}
	}
	other, err := FitQRPD(context.Background(), d, 0.3, QRPDOptions{Optimizer: OptimizeMCMC, Seed: 100, Draws: 200, Burn: 200, Chains: 3})
	if err != nil {
		t.Fatal(err)
	}
	if other.Coef[0] == first.Coef[0] {
		t.Error("seeds 99 and 100 give the same MCMC estimate")
	}
}

// With two regressors the default grid is two-dimensional. The regressor w has coefficient 0 at every
// quantile but is correlated with the unit effect, so pooled quantile regression gives it a non-zero slope.
func TestQRPDTwoRegressorGrid(t *testing.T) {
	d := simulatePanel(simSeed+1, 400, 5, true)
	res, err := FitQRPD(context.Background(), d, 0.5, QRPDOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Optimizer != OptimizeGrid || len(res.Coef) != 2 || len(res.StdErr) != 2 {
		t.Fatalf("optimizer %v, coef %v, SE %v", res.Optimizer, res.Coef, res.StdErr)
	}
	for j, truth := range []float64{simTrueSlope(0.5), 0} {
		if e := math.Abs(res.Coef[j] - truth); e > 4*res.StdErr[j] {
			t.Errorf("%s: %.4f, true %.4f, analytic SE %.4f", res.Names[j], res.Coef[j], truth, res.StdErr[j])
		}
	}
	if math.Abs(res.Start[1]) < 4*res.StartStdErr[1] {
		t.Errorf("pooled w slope %.4f (SE %.4f) is not biased away from 0", res.Start[1], res.StartStdErr[1])
	}
}

func TestQRPDNelderMead(t *testing.T) {
	d := simulatePanel(simSeed, 1000, 5, false)
	res, err := FitQRPD(context.Background(), d, 0.5, QRPDOptions{Optimizer: OptimizeNelderMead})
	if err != nil {
		t.Fatal(err)
	}
	if e := math.Abs(res.Coef[0] - simTrueSlope(0.5)); e > 3*simSpreadNelderMead {
		t.Errorf("Nelder–Mead slope %.4f, true %.4f (|error| %.3f > 3 × %.3f)", res.Coef[0], simTrueSlope(0.5), e, simSpreadNelderMead)
	}
	if res.Evaluations == 0 || res.Evaluations > defaultEvaluationsPerK+50 {
		t.Errorf("evaluations %d", res.Evaluations)
	}
}

func TestQRPDInputErrors(t *testing.T) {
	base := simulatePanel(1, 20, 4, false)
	ctx := context.Background()

	for _, tau := range []float64{0, 1} {
		var te *TauError
		if _, err := FitQRPD(ctx, base, tau, QRPDOptions{}); !errors.As(err, &te) {
			t.Errorf("tau %v: err = %v, want *TauError", tau, err)
		}
	}

	dup := base
	dup.Time = append([]int(nil), base.Time...)
	dup.Time[1] = dup.Time[0]
	if _, err := FitQRPD(ctx, dup, 0.5, QRPDOptions{}); err == nil || !strings.Contains(err.Error(), "duplicate panel key") {
		t.Errorf("duplicate (unit, time): err = %v", err)
	}

	nan := base
	nan.Y = append([]float64(nil), base.Y...)
	nan.Y[7] = math.NaN()
	var nf *NonFiniteError
	if _, err := FitQRPD(ctx, nan, 0.5, QRPDOptions{}); !errors.As(err, &nf) || nf.Row != 7 {
		t.Errorf("NaN in y: err = %v, want *NonFiniteError at row 7", err)
	}

	constant := base
	constant.X = mat.NewDense(len(base.Y), 2, nil)
	for i := range base.Y {
		constant.X.Set(i, 0, base.X.At(i, 0))
		constant.X.Set(i, 1, float64(base.Unit[i]))
	}
	constant.Names = []string{"x", "unit_level"}
	if _, err := FitQRPD(ctx, constant, 0.5, QRPDOptions{}); err == nil || !strings.Contains(err.Error(), "unit_level") {
		t.Errorf("time-invariant regressor: err = %v, want an error naming unit_level", err)
	}

	few := base
	few.X = constant.X
	few.Names = constant.Names
	few.Instruments = mat.NewDense(len(base.Y), 1, nil)
	if _, err := FitQRPD(ctx, few, 0.5, QRPDOptions{}); err == nil || !strings.Contains(err.Error(), "instruments") {
		t.Errorf("one instrument for two regressors: err = %v", err)
	}

	three := simulatePanel(2, 30, 4, true)
	if _, err := FitQRPD(ctx, three, 0.5, QRPDOptions{Optimizer: OptimizeGrid, Grid: []GridRange{{0, 1}}}); err == nil {
		t.Error("one grid range for two regressors: want an error")
	}

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	for _, o := range []Optimizer{OptimizeGrid, OptimizeNelderMead, OptimizeMCMC} {
		if _, err := FitQRPD(cancelled, base, 0.5, QRPDOptions{Optimizer: o}); !errors.Is(err, context.Canceled) {
			t.Errorf("%v with a cancelled context: err = %v, want context.Canceled", o, err)
		}
	}
}

// With three regressors grid search is not offered, so the default optimizer is Nelder–Mead. A grid
// request must fail with a message that names the alternatives.
func TestQRPDThreeRegressorsDefault(t *testing.T) {
	two := simulatePanel(5, 100, 5, true)
	n := len(two.Y)
	x := mat.NewDense(n, 3, nil)
	for i := 0; i < n; i++ {
		x.Set(i, 0, two.X.At(i, 0))
		x.Set(i, 1, two.X.At(i, 1))
		x.Set(i, 2, math.Sin(float64(3*i)))
	}
	d := two
	d.X, d.Names = x, []string{"x", "w", "v"}
	res, err := FitQRPD(context.Background(), d, 0.5, QRPDOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Optimizer != OptimizeNelderMead || len(res.Coef) != 3 || len(res.TimeEffects) != 5 {
		t.Errorf("optimizer %v, %d coefficients, %d time effects; want Nelder-Mead, 3, 5", res.Optimizer, len(res.Coef), len(res.TimeEffects))
	}
	_, err = FitQRPD(context.Background(), d, 0.5, QRPDOptions{Optimizer: OptimizeGrid})
	if err == nil || !strings.Contains(err.Error(), "OptimizeMCMC") {
		t.Errorf("grid with three regressors: err = %v", err)
	}
}
