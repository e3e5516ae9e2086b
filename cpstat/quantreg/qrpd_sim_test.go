package quantreg

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Location-scale panel used by the QRPD tests:
//
//	y_it = δ_t + a + b·x_it + (1 + c·x_it)·V_it,  V_it = η_i + ε_it,
//	x_it = 2ξ_i + e_it,  ξ_i ~ U(0,1), e_it ~ U(0,1),
//	η_i = ρ Φ⁻¹(ξ_i) + √(1−ρ²) ω_i,  ω_i, ε_it ~ N(0,1),
//
// so η_i ~ N(0,1) and V_it ~ N(0,2) marginally, the unit effect η_i is correlated with x (ρ), and given the
// unit's regressors the distribution of V_it is the same in every period, Powell's identifying condition.
// With U* = Φ(V/√2) the structural quantile function is y = δ_t + a + b·x + (1 + c·x)·√2·Φ⁻¹(τ), so the
// true QRPD slope is β(τ) = b + c·√2·Φ⁻¹(τ). 1 + c·x > 0 on x ∈ [0, 3] keeps it monotone in U*.
const (
	simA   = 1.0
	simB   = 1.0
	simC   = 0.5
	simRho = 0.8
)

func simTrueSlope(tau float64) float64 {
	return simB + simC*math.Sqrt2*distuv.UnitNormal.Quantile(tau)
}

// simulatePanel draws the location-scale panel with units×periods rows. A second regressor, when asked for,
// is w_it = ζ_i + e2_it with a zero coefficient and ζ_i correlated with η_i, so that it also biases pooled QR.
func simulatePanel(seed uint64, units, periods int, second bool) PanelDesign {
	rng := rand.New(rand.NewPCG(seed, 1))
	n := units * periods
	k := 1
	names := []string{"x"}
	if second {
		k = 2
		names = append(names, "w")
	}
	d := PanelDesign{Y: make([]float64, n), X: mat.NewDense(n, k, nil), Names: names,
		Unit: make([]int, n), Time: make([]int, n)}
	delta := make([]float64, periods)
	for t := range delta {
		delta[t] = 0.3 * float64(t)
	}
	row := 0
	for i := 0; i < units; i++ {
		xi := rng.Float64()
		eta := simRho*distuv.UnitNormal.Quantile(xi) + math.Sqrt(1-simRho*simRho)*rng.NormFloat64()
		zeta := 0.5*eta + rng.NormFloat64()
		for t := 0; t < periods; t++ {
			x := 2*xi + rng.Float64()
			v := eta + rng.NormFloat64()
			d.Y[row] = delta[t] + simA + simB*x + (1+simC*x)*v
			d.X.Set(row, 0, x)
			if second {
				d.X.Set(row, 1, zeta+rng.NormFloat64())
			}
			d.Unit[row] = 100 + i
			d.Time[row] = 2001 + t
			row++
		}
	}
	return d
}
