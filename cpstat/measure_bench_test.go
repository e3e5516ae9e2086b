package cpstat

import (
	"context"
	"testing"
)

// BenchmarkMeasurePaper times the measurement step of the replication on the embedded panel, step by step
// and as a whole. The steps are the entropy index (30-indicator system, 510 province-years), the capital
// stock from the 1952–2017 inputs, and the Malmquist TFP index of 30 provinces over 2001–2017, each adding
// its columns to the panel. Reading the embedded data is outside the timing.
func BenchmarkMeasurePaper(b *testing.B) {
	p, err := EmbeddedPanel()
	if err != nil {
		b.Fatal(err)
	}
	sys, err := PaperIndicatorSystem()
	if err != nil {
		b.Fatal(err)
	}
	inputs, err := CapitalInputsPanel()
	if err != nil {
		b.Fatal(err)
	}
	m, err := MeasurePaper(context.Background(), p, sys, inputs)
	if err != nil {
		b.Fatal(err)
	}

	b.Run("index", func(b *testing.B) {
		for range b.N {
			if _, err := EntropyIndex(p, sys, PaperIndexOptions()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("capital", func(b *testing.B) {
		for range b.N {
			if _, err := MeasureCapital(p, inputs, PaperCapitalOptions()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("tfp", func(b *testing.B) {
		for range b.N {
			if _, err := MeasureTFP(context.Background(), m.Capital.Panel, PaperTFPOptions()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("all", func(b *testing.B) {
		for range b.N {
			if _, err := MeasurePaper(context.Background(), p, sys, inputs); err != nil {
				b.Fatal(err)
			}
		}
	})
}
