package cpstat

import (
	"context"
	"testing"
)

// benchMediationPanel is the embedded 510-row study panel with synthetic mediators capital and tfp and
// outcome cp, as scripts/benchmech builds it for the comparison with R.
func benchMediationPanel(b *testing.B) *Panel {
	b.Helper()
	p := withSyntheticMediators(b)
	return p
}

// BenchmarkMediationBootstrap5000 is a 5000-replicate province bootstrap of the three-mediator model
// (capital, labor, tfp; controls cpi and open; province and year effects) on 510 rows: 20,000 refits.
func BenchmarkMediationBootstrap5000(b *testing.B) {
	p := benchMediationPanel(b)
	model := MediationModel{Outcome: "cp", Treatment: "balance", Mediators: []string{"capital", "labor", "tfp"},
		Controls: []string{"cpi", "open"}, FixedEffects: []string{"province", "year"}}
	s := MediationSettings{Estimate: EstimateSettings{Cluster: []string{"province"}, Window: StudyWindow},
		Bootstrap: BootstrapSettings{Reps: 5000, Seed: 1}}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Mediate(context.Background(), p, model, s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlacebo500 is 500 province-path reassignments of balance in the baseline model on 510 rows.
func BenchmarkPlacebo500(b *testing.B) {
	p := benchMediationPanel(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Placebo(context.Background(), p, "cp ~ balance + cpi + open | province + year", "balance",
			PlaceboSettings{Reps: 500, Seed: 1}, Cluster("province"), Period(2001, 2017)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWildBootstrap9999 is the WCR bootstrap of balance with 9999 Rademacher draws and the
// interval, on the same model.
func BenchmarkWildBootstrap9999(b *testing.B) {
	p := benchMediationPanel(b)
	res, err := Estimate(p, "cp ~ balance + cpi + open | province + year", Cluster("province"), Period(2001, 2017))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := res.WildBootstrap(context.Background(), "balance", WildBootSettings{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
