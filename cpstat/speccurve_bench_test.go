package cpstat

import (
	"context"
	"testing"
)

// BenchmarkPaperSpecCurve estimates the paper's grid on the embedded panel: 840 specifications from
// 168 fits.
func BenchmarkPaperSpecCurve(b *testing.B) {
	p, err := EmbeddedPanel()
	if err != nil {
		b.Fatal(err)
	}
	sys, err := PaperIndicatorSystem()
	if err != nil {
		b.Fatal(err)
	}
	idx, err := EntropyIndex(p, sys, PaperIndexOptions())
	if err != nil {
		b.Fatal(err)
	}
	g := PaperSpecGrid(idx.Panel, PaperSpecColumns{})
	for b.Loop() {
		if _, err := SpecCurve(context.Background(), idx.Panel, g, SpecCurveSettings{}); err != nil {
			b.Fatal(err)
		}
	}
}
