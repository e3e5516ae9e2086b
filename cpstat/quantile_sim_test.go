package cpstat

import (
	"math"
	"math/rand/v2"
	"runtime"

	"gonum.org/v1/gonum/stat/distuv"
)

// locationScaleData is one draw of the location-scale panel; see locationScalePanel.
type locationScaleData struct {
	y, x, w    []float64
	unit, year []int
}

// simulateLocationScale draws the panel of cpstat/quantreg's simulatePanel with the same random
// stream, so a seed gives the same data there and here:
//
//	y_it = δ_t + 1 + x_it + (1 + 0.5·x_it)·V_it,  V_it = η_i + ε_it,  δ_t = 0.3·t,
//	x_it = 2ξ_i + e_it,  ξ_i, e_it ~ U(0,1),  η_i = 0.8·Φ⁻¹(ξ_i) + 0.6·ω_i,  ω_i, ε_it ~ N(0,1),
//
// and, when second is set, w_it = ζ_i + e2_it with ζ_i = 0.5·η_i + N(0,1) and coefficient 0. Units are
// numbered from 100 and years from 2001.
func simulateLocationScale(seed uint64, units, periods int, second bool) locationScaleData {
	const a, b, c, rho = 1.0, 1.0, 0.5, 0.8
	rng := rand.New(rand.NewPCG(seed, 1))
	var d locationScaleData
	for i := 0; i < units; i++ {
		xi := rng.Float64()
		eta := rho*distuv.UnitNormal.Quantile(xi) + math.Sqrt(1-rho*rho)*rng.NormFloat64()
		zeta := 0.5*eta + rng.NormFloat64()
		for t := 0; t < periods; t++ {
			x := 2*xi + rng.Float64()
			v := eta + rng.NormFloat64()
			d.y = append(d.y, 0.3*float64(t)+a+b*x+(1+c*x)*v)
			d.x = append(d.x, x)
			if second {
				d.w = append(d.w, zeta+rng.NormFloat64())
			}
			d.unit = append(d.unit, 100+i)
			d.year = append(d.year, 2001+t)
		}
	}
	return d
}

func normalQuantile(p float64) float64 { return distuv.UnitNormal.Quantile(p) }

// withProcs runs fit with GOMAXPROCS set to procs and restores the old value; it returns nil when fit
// fails.
func withProcs(procs int, fit func() (*QRPDResult, error)) *QRPDResult {
	old := runtime.GOMAXPROCS(procs)
	defer runtime.GOMAXPROCS(old)
	res, err := fit()
	if err != nil {
		return nil
	}
	return res
}
