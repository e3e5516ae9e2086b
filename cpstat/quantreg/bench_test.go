package quantreg

import (
	"context"
	"testing"
)

// BenchmarkQRPD9Quantiles510 fits QRPD at τ = 0.1, 0.2, …, 0.9 on a synthetic panel of 30 units × 17
// periods (510 rows, the size of the study's province panel) with two regressors, once per optimizer.
func BenchmarkQRPD9Quantiles510(b *testing.B) {
	d := simulatePanel(2017, 30, 17, true)
	optimizers := []struct {
		name string
		opt  QRPDOptions
	}{
		{"grid", QRPDOptions{Optimizer: OptimizeGrid}},
		{"NelderMead", QRPDOptions{Optimizer: OptimizeNelderMead}},
		{"MCMC", QRPDOptions{Optimizer: OptimizeMCMC, Seed: 1}},
	}
	for _, o := range optimizers {
		b.Run(o.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				for q := 1; q <= 9; q++ {
					if _, err := FitQRPD(context.Background(), d, float64(q)/10, o.opt); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkRQEngel fits the Engel median regression (235 rows, 2 coefficients) and its nid standard
// errors, which need two more fits at τ ± h.
func BenchmarkRQEngel(b *testing.B) {
	d := engelDesign(b)
	b.Run("fit", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := Fit(d, 0.5, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("fit+nid", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			res, err := Fit(d, 0.5, Options{})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := res.Infer(context.Background(), InferenceOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
