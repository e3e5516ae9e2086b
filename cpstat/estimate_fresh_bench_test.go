package cpstat

import "testing"

// BenchmarkEstimateFreshPanel2000x20 times Estimate on a panel whose numeric columns have not been
// read yet, so each call also converts the gota columns that BenchmarkEstimate2000x20 finds
// cached after its first call. This is the cost of the first model on a newly read panel.
func BenchmarkEstimateFreshPanel2000x20(b *testing.B) {
	p := syntheticPanel(b, 2000, 20, 5)
	src := syntheticFormula(5)
	zeros := make([]float64, p.Len())
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		fresh, err := p.With("unused", zeros) // a copy of the panel with an empty column cache
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := Estimate(fresh, src, Cluster("id")); err != nil {
			b.Fatal(err)
		}
	}
}
