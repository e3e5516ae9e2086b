package quantreg

import (
	"math/rand/v2"
	"sort"
	"testing"
)

// The selection used by the QRPD objective must return exactly the sorted-data type 2 quantile, including
// on heavily tied data and at τ·n integer, where the two middle order statistics are averaged.
func TestSelectQuantileMatchesSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	taus := []float64{0.1, 0.25, 0.5, 0.75, 0.9, 1.0 / 3}
	for it := 0; it < 20000; it++ {
		n := 1 + rng.IntN(40)
		data := make([]float64, n)
		for i := range data {
			data[i] = float64(rng.IntN(6))
		}
		tau := taus[rng.IntN(len(taus))]
		sorted := append([]float64(nil), data...)
		sort.Float64s(sorted)
		want := quantileType2(sorted, tau)
		if got := selectQuantileType2(data, tau); got != want {
			t.Fatalf("n = %d, tau = %v, data %v: selection %v, sorted %v", n, tau, sorted, got, want)
		}
	}
}

// Hyndman–Fan type 2 on {1, 2, 3, 4}: τ·n = 2 at the median averages x(2) and x(3); τ = 0.3 gives
// τ·n = 1.2, so x(2). These are the values of R's quantile(type = 2).
func TestQuantileType2Values(t *testing.T) {
	data := []float64{1, 2, 3, 4}
	cases := []struct{ tau, want float64 }{{0.5, 2.5}, {0.3, 2}, {0.25, 1.5}, {0.9, 4}}
	for _, c := range cases {
		if got := quantileType2(data, c.tau); got != c.want {
			t.Errorf("tau %v: %v, want %v", c.tau, got, c.want)
		}
	}
}
