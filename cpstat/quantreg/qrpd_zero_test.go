package quantreg

import (
	"context"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// separatedPanel builds 12 units × 5 periods with y = step·i + 0.5·x and x = i + 0.3·((7i + 3t) mod 11),
// so x is correlated with the unit effect step·i. At the pooled slope (about step) the residuals of
// different units interleave, so the weight matrix exists. Near the true slope 0.5 the unit effects
// separate the units completely: each unit stays on one side of every period median, each unit moment
// Σ_t z̃_it·1{…} is zero, and Q = 0 on a whole interval of slopes.
func separatedPanel(step float64) PanelDesign {
	const units, periods = 12, 5
	n := units * periods
	d := PanelDesign{Y: make([]float64, n), X: mat.NewDense(n, 1, nil), Unit: make([]int, n), Time: make([]int, n)}
	for i := 0; i < units; i++ {
		for t := 0; t < periods; t++ {
			r := i*periods + t
			x := float64(i) + 3*float64((i*7+t*3)%11)/10
			d.X.Set(r, 0, x)
			d.Y[r] = step*float64(i) + 0.5*x
			d.Unit[r], d.Time[r] = i, 2001+t
		}
	}
	return d
}

// A QRPD fit whose objective reaches 0 has zero moment variance at the estimate, so the sandwich gave a
// standard error of exactly 0 (or 1e-13 from rounding). It must give NaN with a note instead.
func TestQRPDZeroObjectiveStdErrNaN(t *testing.T) {
	for _, opt := range []QRPDOptions{{}, {Optimizer: OptimizeMCMC, Draws: 200, Seed: 3}} {
		res, err := FitQRPD(context.Background(), separatedPanel(5), 0.5, opt)
		if err != nil {
			t.Fatalf("optimizer %v: %v", opt.Optimizer, err)
		}
		if res.Objective != 0 {
			t.Fatalf("optimizer %v: objective %v, want 0 for this separated panel", opt.Optimizer, res.Objective)
		}
		for j, se := range res.StdErr {
			if !math.IsNaN(se) {
				t.Errorf("optimizer %v: StdErr[%d] = %v, want NaN", opt.Optimizer, j, se)
			}
			if v := res.Cov.At(j, j); !math.IsNaN(v) {
				t.Errorf("optimizer %v: Cov[%d,%d] = %v, want NaN", opt.Optimizer, j, j, v)
			}
		}
		if !math.IsNaN(res.Bandwidth) {
			t.Errorf("optimizer %v: bandwidth %v, want NaN because no kernel was used", opt.Optimizer, res.Bandwidth)
		}
		for j, se := range res.DrawStdErr {
			if !(se > 0) {
				t.Errorf("optimizer %v: DrawStdErr[%d] = %v, want a positive spread", opt.Optimizer, j, se)
			}
		}
		found := false
		for _, n := range res.Notes {
			found = found || strings.Contains(n, "not identified")
		}
		if !found {
			t.Errorf("optimizer %v: no note on the unidentified variance in %q", opt.Optimizer, res.Notes)
		}
	}
}

// When no unit crosses the period quantiles even at the pooled starting values, every unit moment is
// zero, Ω̂ = 0 and QRPD has no weight matrix. Rounding in Σ_t z̃_it used to leave Ω̂ ≈ 1e-32, whose
// inverse 1e32 gave a plausible-looking fit. It must be an error that names the cause.
func TestQRPDNoCrossingUnitsFails(t *testing.T) {
	d := separatedPanel(0)
	for r := range d.Y {
		d.Y[r] = 100*float64(d.Unit[r]) + 0.5*d.X.At(r, 0) // unit gaps of 100 dwarf any x·b on the grid
		d.X.Set(r, 0, float64((d.Unit[r]*7+d.Time[r]*3)%11)/10)
	}
	_, err := FitQRPD(context.Background(), d, 0.5, QRPDOptions{})
	if err == nil || !strings.Contains(err.Error(), "not identified") {
		t.Fatalf("err = %v, want a not-identified error", err)
	}
}
