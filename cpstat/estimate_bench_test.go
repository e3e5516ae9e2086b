package cpstat

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// syntheticPanel returns a balanced panel of entities × periods rows from a fixed seed: columns id
// ("e0001", …), year (2001, …), x1…xk and y = α_i + 0.05·t + Σ 0.2·j·x_j + ε, with regressors
// correlated with the entity effect α_i. It is the design of package linreg's benchmarks.
func syntheticPanel(tb testing.TB, entities, periods, k int) *Panel {
	tb.Helper()
	rng := rand.New(rand.NewPCG(20240601, 7))
	n := entities * periods

	ids := make([]string, 0, n)
	years := make([]int, 0, n)
	y := make([]float64, 0, n)
	x := make([][]float64, k)
	for e := 0; e < entities; e++ {
		alpha := rng.NormFloat64()
		for t := 0; t < periods; t++ {
			ids = append(ids, fmt.Sprintf("e%04d", e+1))
			years = append(years, 2001+t)
			v := alpha + 0.05*float64(t)
			for j := range x {
				xj := rng.NormFloat64() + 0.5*alpha
				x[j] = append(x[j], xj)
				v += 0.2 * float64(j+1) * xj
			}
			y = append(y, v+rng.NormFloat64())
		}
	}

	cols := []series.Series{series.New(ids, series.String, "id"), series.New(years, series.Int, "year"),
		series.New(y, series.Float, "y")}
	for j := range x {
		cols = append(cols, series.New(x[j], series.Float, fmt.Sprintf("x%d", j+1)))
	}
	p, err := NewPanel(dataframe.New(cols...), "id", "year")
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// syntheticFormula returns "y ~ x1 + … + xk | id + year".
func syntheticFormula(k int) string {
	terms := make([]string, k)
	for j := range terms {
		terms[j] = fmt.Sprintf("x%d", j+1)
	}
	return "y ~ " + strings.Join(terms, " + ") + " | id + year"
}

// benchmarkEstimate times Estimate end to end: formula parsing, the model frame, the two-way fit and
// the province-clustered variance under the Stata convention.
func benchmarkEstimate(b *testing.B, entities, periods, k int) {
	p := syntheticPanel(b, entities, periods, k)
	src := syntheticFormula(k)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Estimate(p, src, Cluster("id")); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEstimateStudy30x17 is the study's size: 30 provinces × 17 years, 3 regressors.
func BenchmarkEstimateStudy30x17(b *testing.B) { benchmarkEstimate(b, 30, 17, 3) }

// BenchmarkEstimate2000x20 is 2000 entities × 20 years with 5 regressors (40,000 rows).
func BenchmarkEstimate2000x20(b *testing.B) { benchmarkEstimate(b, 2000, 20, 5) }

// benchmarkRefit times one placebo replication on a prepared Model: a permuted regressor, the fit and
// the clustered variance, without parsing or evaluating the formula.
func benchmarkRefit(b *testing.B, entities, periods, k int) {
	p := syntheticPanel(b, entities, periods, k)
	m, err := NewModel(p, syntheticFormula(k), Cluster("id"))
	if err != nil {
		b.Fatal(err)
	}
	x1, err := m.Column("x1")
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	change := Change{Columns: map[string][]float64{"x1": x1}}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rng.Shuffle(len(x1), func(i, j int) { x1[i], x1[j] = x1[j], x1[i] })
		if _, err := m.Refit(change); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRefitStudy30x17 is one placebo replication at the study's size (510 rows, 3 regressors).
func BenchmarkRefitStudy30x17(b *testing.B) { benchmarkRefit(b, 30, 17, 3) }

// BenchmarkRefit2000x20 is one placebo replication at 40,000 rows with 5 regressors.
func BenchmarkRefit2000x20(b *testing.B) { benchmarkRefit(b, 2000, 20, 5) }

// BenchmarkRefitClusterDraw30x17 is one cluster-bootstrap replication at the study's size: 30
// provinces drawn with replacement, each copy with its own province effect.
func BenchmarkRefitClusterDraw30x17(b *testing.B) {
	p := syntheticPanel(b, 30, 17, 3)
	m, err := NewModel(p, syntheticFormula(3), Cluster("id"))
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	draw := make([]int, 30)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for i := range draw {
			draw[i] = rng.IntN(30)
		}
		if _, err := m.Refit(Change{ClusterDraw: draw}); err != nil {
			b.Fatal(err)
		}
	}
}
