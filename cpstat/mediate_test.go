package cpstat

import (
	"context"
	"math"
	"testing"

	"github.com/cpstat/cpstat/internal/testref"
)

// readCrossSection reads a case file without panel keys as a one-period panel.
func readCrossSection(t *testing.T, path string) *Panel {
	t.Helper()
	tab, err := ReadCSV(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := tab.CrossSection()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestMediatePB34 checks the labels of a single-mediator model on case PB-34 (pooled OLS with an
// intercept, 8 rows). The expected values were computed for the case by plain OLS and are printed
// with 5 decimals, so they are compared to 5e-6.
func TestMediatePB34(t *testing.T) {
	p := readCrossSection(t, testref.Case("PB-34.csv"))
	res, err := Mediate(context.Background(), p, MediationModel{Outcome: "Y", Treatment: "X", Mediators: []string{"M"}}, MediationSettings{})
	if err != nil {
		t.Fatal(err)
	}
	path := res.Paths[0]
	checks := []struct {
		name      string
		got, want float64
	}{
		{"a", path.A.Estimate, 1.99286},
		{"b", path.B.Estimate, 2.88060},
		{"direct c'", res.DirectEffect.Estimate, 0.21891},
		{"total c", res.TotalEffect.Estimate, 5.95952},
		{"indirect a*b", path.Indirect, 5.74062},
		{"sum of indirect", res.IndirectSum, 5.74062},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > 5e-6 {
			t.Errorf("%s = %.6f, want %.5f", c.name, c.got, c.want)
		}
	}
	if res.N != 8 {
		t.Errorf("N = %d, want 8", res.N)
	}
	// c = c' + a·b holds exactly for OLS on a common sample; 1e-12 allows for rounding in the solves.
	if d := res.TotalEffect.Estimate - res.DirectEffect.Estimate - path.Indirect; math.Abs(d) > 1e-12 {
		t.Errorf("c − c' − a·b = %g, want 0", d)
	}
	// The Sobel SE is sqrt(b²·SE_a² + a²·SE_b²) with the IID standard errors of the two fits.
	a, b := path.A, path.B
	sobel := math.Sqrt(b.Estimate*b.Estimate*a.StdError*a.StdError + a.Estimate*a.Estimate*b.StdError*b.StdError)
	if math.Abs(path.Sobel.StdError-sobel) > 1e-15*sobel {
		t.Errorf("Sobel SE = %v, want %v", path.Sobel.StdError, sobel)
	}
	t.Logf("%+v", path)
}
