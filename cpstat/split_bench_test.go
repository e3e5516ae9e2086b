package cpstat

import "testing"

// BenchmarkEstimateSplitQuintiles measures the study-size split of Table 8: a two-way fixed-effects
// model on the 510 province-years, then on each of five quintile groups of 102.
func BenchmarkEstimateSplitQuintiles(b *testing.B) {
	p := splitEmbedded(b)
	s := SplitSettings{By: "industry", Groups: 5}
	for b.Loop() {
		if _, err := EstimateSplit(p, embeddedSplitBase, s, Cluster("province"), Period(2001, 2017)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkModerateCentred measures a moderation model with the moderator centred, which fits the
// model twice.
func BenchmarkModerateCentred(b *testing.B) {
	p := simulatedStudy(b, 30, 17, 21)
	for b.Loop() {
		if _, err := Moderate(p, moderationBase, "balance", "domicile_f", ModerationSettings{CentreModerator: true}, Cluster("province")); err != nil {
			b.Fatal(err)
		}
	}
}
