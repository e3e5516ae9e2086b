package cpstat

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// The fits drop a unit with a single row as a singleton after the common sample is formed. The summary
// names that row next to N, and the bootstrap line reports one more resampled cluster than the fits keep.
func TestMediationSummaryNamesSingletons(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 0))
	var b strings.Builder
	b.WriteString("id,year,y,x,m\n")
	for u := 1; u <= 12; u++ {
		years := []int{2001, 2002, 2003, 2004, 2005, 2006}
		if u == 12 {
			years = []int{2005}
		}
		for _, yr := range years {
			x := rng.NormFloat64()
			m := 0.5*x + rng.NormFloat64()
			fmt.Fprintf(&b, "U%d,%d,%.4f,%.4f,%.4f\n", u, yr, 0.3*x+0.4*m+rng.NormFloat64(), x, m)
		}
	}

	tb, err := ReadCSVFrom(strings.NewReader(b.String()), "med.csv", WithKeys("id", "year"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := tb.Panel()
	if err != nil {
		t.Fatal(err)
	}

	res, err := Mediate(context.Background(), p,
		MediationModel{Outcome: "y", Treatment: "x", Mediators: []string{"m"}, FixedEffects: []string{"id", "year"}},
		MediationSettings{Estimate: EstimateSettings{Cluster: []string{"id"}}, Bootstrap: BootstrapSettings{Reps: 20, Seed: 1}})
	if err != nil {
		t.Fatal(err)
	}

	summary := res.Summary()
	for _, want := range []string{"N = 66 (the fits drop 1 singleton in id (U12/2005))",
		"12 clusters resampled (the fits keep 11; 1 has only singleton rows)"} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, summary)
		}
	}
}
