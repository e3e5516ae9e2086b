package linreg

import (
	"math/rand/v2"
	"testing"
)

// benchPanel returns a balanced panel of entities × periods rows with k regressors, entity and period
// factors, and a year effect, from a fixed seed.
func benchPanel(entities, periods, k int) Design {
	rng := rand.New(rand.NewPCG(20240601, 7))
	n := entities * periods
	d := Design{Y: make([]float64, n), X: make([][]float64, k)}
	for j := range d.X {
		d.X[j] = make([]float64, n)
	}
	id := make([]int32, n)
	year := make([]int32, n)
	yearEffect := make([]float64, periods)
	for p := range yearEffect {
		yearEffect[p] = 0.05 * float64(p)
	}
	i := 0
	for e := 0; e < entities; e++ {
		alpha := rng.NormFloat64()
		for p := 0; p < periods; p++ {
			id[i], year[i] = int32(e), int32(p)
			y := alpha + yearEffect[p]
			for j := 0; j < k; j++ {
				x := rng.NormFloat64() + 0.5*alpha
				d.X[j][i] = x
				y += 0.2 * float64(j+1) * x
			}
			d.Y[i] = y + rng.NormFloat64()
			i++
		}
	}
	d.FE = []Factor{{Name: "id", Codes: id}, {Name: "year", Codes: year}}
	return d
}

// BenchmarkTwoWayCluster2000x20 times the study's model on a panel of 2000 entities × 20 years with 5
// regressors: entity and year fixed effects, standard errors clustered by entity (Stata convention).
func BenchmarkTwoWayCluster2000x20(b *testing.B) {
	d := benchPanel(2000, 20, 5)
	spec := VCovSpec{Type: Cluster, Cluster: []string{"id"}}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := Fit(d, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := res.VCov(spec); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStudyPanel30x17 times one re-estimation at the study's size, 30 provinces × 17 years with 4
// regressors, two-way fixed effects and province-clustered errors: the unit of work of a cluster
// bootstrap or a placebo loop.
func BenchmarkStudyPanel30x17(b *testing.B) {
	d := benchPanel(30, 17, 4)
	spec := VCovSpec{Type: Cluster, Cluster: []string{"id"}}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := Fit(d, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := res.VCov(spec); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTwoWayFE10M times 10 million rows (500,000 entities × 20 years) with 5 regressors, entity
// and year fixed effects and entity-clustered standard errors. Skipped under -short.
func BenchmarkTwoWayFE10M(b *testing.B) {
	if testing.Short() {
		b.Skip("10M-row benchmark skipped under -short")
	}
	d := benchPanel(500000, 20, 5)
	spec := VCovSpec{Type: Cluster, Cluster: []string{"id"}}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := Fit(d, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := res.VCov(spec); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTwoWayFE10MInPlace is BenchmarkTwoWayFE10M with Options.InPlace, which transforms the
// generated columns instead of copying them. Data generation is outside the timer. Skipped under
// -short.
func BenchmarkTwoWayFE10MInPlace(b *testing.B) {
	if testing.Short() {
		b.Skip("10M-row benchmark skipped under -short")
	}
	spec := VCovSpec{Type: Cluster, Cluster: []string{"id"}}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		d := benchPanel(500000, 20, 5)
		b.StartTimer()
		res, err := Fit(d, Options{InPlace: true})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := res.VCov(spec); err != nil {
			b.Fatal(err)
		}
	}
}
