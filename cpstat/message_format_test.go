package cpstat

import (
	"strings"
	"testing"
)

// Messages count in the singular for one and list names without Go's slice brackets.
func TestMessagesSingularAndLists(t *testing.T) {
	p, err := EmbeddedPanel()
	if err != nil {
		t.Fatal(err)
	}
	res, err := Estimate(p, "gdp ~ balance | province + year", Cluster("province"))
	if err != nil {
		t.Fatal(err)
	}
	// Stata's K for province and year effects clustered by province: 1 slope + 1 + 17 year levels.
	if want := "(1 coefficient + 18 for the constant"; !strings.Contains(res.VCov.Description, want) {
		t.Errorf("variance description %q lacks %q", res.VCov.Description, want)
	}

	_, err = ParseConvention("stat")
	if err == nil || strings.Contains(err.Error(), "[") {
		t.Errorf("ParseConvention error %v lists the conventions as a Go slice", err)
	}

	_, err = Placebo(t.Context(), p, "gdp ~ balance | province + year", "open", PlaceboSettings{Reps: 1})
	if err == nil || strings.Contains(err.Error(), "[") {
		t.Errorf("placebo error %v lists the regressors as a Go slice", err)
	}
}
