package plots

import (
	"bytes"
	"image/png"
	"math"
	"math/rand/v2"
	"testing"
)

// TestSilvermanBandwidth compares with R 4.2.2: bw.nrd0(c(1, 2, 4, 7, 11)) = 2.43396155712659. There
// sd = 3.937, IQR = 7 − 2 = 5 and 5/1.34 = 3.731 is the smaller spread.
func TestSilvermanBandwidth(t *testing.T) {
	x := []float64{1, 2, 4, 7, 11}
	const want = 2.43396155712659
	if got := silvermanBandwidth(x); math.Abs(got-want) > 1e-12 {
		t.Errorf("bandwidth = %v, want %v", got, want)
	}
}

func TestGaussianKDEIntegratesToOne(t *testing.T) {
	x := []float64{-1, 0, 0.5, 2}
	var area float64
	const step = 0.001
	for v := -10.0; v < 12; v += step {
		area += gaussianKDE(x, 0.7, v) * step
	}
	if math.Abs(area-1) > 1e-6 {
		t.Errorf("area = %v, want 1", area)
	}
}

func TestDensityChartRendersMarkOutsideRange(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	values := make([]float64, 500)
	for i := range values {
		values[i] = 0.01 * rng.NormFloat64()
	}
	fig, err := DensityChart(DefaultTheme(English), "Placebo", "coefficient", values, []Mark{{Label: "true", Value: 0.2}}, DensityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if fig.Plot.X.Max < 0.2 {
		t.Errorf("x axis ends at %v, before the mark at 0.2", fig.Plot.X.Max)
	}
	raw, err := fig.PNG()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(raw)); err != nil {
		t.Errorf("PNG does not decode: %v", err)
	}
}

func TestDensityChartRejectsNaN(t *testing.T) {
	if _, err := DensityChart(DefaultTheme(English), "x", "x", []float64{1, math.NaN(), 2}, nil, DensityOptions{}); err == nil {
		t.Error("no error for a NaN value")
	}
}
