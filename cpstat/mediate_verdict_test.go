package cpstat

import (
	"context"
	"strings"
	"testing"
)

// The summary states which test decided about a·b and what it decided. With b = 0 in the simulation
// (a = 0.8, 600 rows) b is not significant, so the bias-corrected bootstrap interval decides, and it
// contains 0; with b = 0.6 both a and b are significant.
func TestMediateSummaryStatesIndirectVerdict(t *testing.T) {
	model := MediationModel{Outcome: "y", Treatment: "x", Mediators: []string{"m1"}, Controls: []string{"w"},
		FixedEffects: []string{"id", "year"}}
	cases := []struct {
		name        string
		b           float64
		reps        int
		test        string
		significant bool
		phrase      string
	}{
		{"bootstrap decides", 0, 199, IndirectTestBootstrap, false, "a·b tested by the bias-corrected bootstrap interval: not significant"},
		{"Sobel decides", 0, 0, IndirectTestSobel, false, "a·b tested by the Sobel test: not significant"},
		{"a and b decide", 0.6, 0, IndirectTestJoint, true, "a·b significant because a and b are both significant"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := mediationPanel(t, 60, 10, 0.8, 0, c.b, 0, 0.5, 1)
			s := MediationSettings{}
			s.Bootstrap.Reps, s.Bootstrap.Seed = c.reps, 7
			res, err := Mediate(context.Background(), p, model, s)
			if err != nil {
				t.Fatal(err)
			}
			path := res.Paths[0]
			if path.IndirectTest != c.test {
				t.Errorf("IndirectTest = %q, want %q", path.IndirectTest, c.test)
			}
			if path.IndirectSignificant != c.significant {
				t.Errorf("IndirectSignificant = %v, want %v", path.IndirectSignificant, c.significant)
			}
			summary := res.Summary()
			if !strings.Contains(summary, c.phrase) {
				t.Errorf("summary lacks %q:\n%s", c.phrase, summary)
			}
			if strings.Contains(summary, "judged significant") {
				t.Errorf("summary still says \"judged significant\":\n%s", summary)
			}
		})
	}
}
