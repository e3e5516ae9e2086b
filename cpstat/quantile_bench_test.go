package cpstat

import (
	"context"
	"testing"

	"github.com/cpstat/cpstat/cpstat/quantreg"
	"github.com/cpstat/cpstat/internal/testref"
)

// BenchmarkQuantRegEngel times QuantReg from the formula on quantreg's Engel data (235 rows): the model
// frame, the median fit and its nid standard errors, which need two more fits at τ ± h. It is the
// library row of scripts/bench_quantreg.sh, next to R's rq(method = "br") and summary.rq(se = "nid").
func BenchmarkQuantRegEngel(b *testing.B) {
	p := crossSectionCSV(b, testref.ReferenceData("quantreg_engel.csv"))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := QuantReg(p, "foodexp ~ income", 0.5); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQRPDChapter times the QRPD of the replication's quantile chapter: log prosperity on balance,
// expen, cpi and open over 2001–2017 (390 rows after the missing expen years) at τ = 0.1, …, 0.9 with
// MCMC, 4 chains × 5000 draws after 1000 burn-in. The measurement step that adds prosperity is not timed.
func BenchmarkQRPDChapter(b *testing.B) {
	p, err := EmbeddedPanel()
	if err != nil {
		b.Fatal(err)
	}
	m, err := MeasurePaper(context.Background(), p, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	taus := []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}
	settings := QRPDSettings{
		Options: quantreg.QRPDOptions{Optimizer: quantreg.OptimizeMCMC, Seed: 20231201, Draws: 5000, Burn: 1000},
		Window:  Window{From: 2001, To: 2017},
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := QRPD(m.Panel, "prosperity ~ balance + expen + cpi + open", taus, WithQRPDSettings(settings)); err != nil {
			b.Fatal(err)
		}
	}
}
