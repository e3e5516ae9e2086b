package cpstat

import (
	"strings"
	"testing"
)

// Removing one province-year from the embedded 30 × 18 panel makes the estimation sample
// unbalanced, and the summary says so with the count of entity-periods.
func TestSampleShapeUnbalanced(t *testing.T) {
	p, err := EmbeddedPanel()
	if err != nil {
		t.Fatal(err)
	}
	full, err := Estimate(p, "gdp ~ balance | province + year")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := full.SampleShape(), (PanelShape{Entities: 30, Periods: 18, Rows: 540, Balanced: true}); got != want {
		t.Errorf("full sample shape %+v, want %+v", got, want)
	}

	keep := make([]bool, p.Len())
	for i := range keep {
		keep[i] = p.Key(i) != RowKey{Entity: "BJ", Time: 2005}
	}
	res, err := Estimate(p, "gdp ~ balance | province + year", Subset(keep))
	if err != nil {
		t.Fatal(err)
	}
	shape := res.SampleShape()
	if want := (PanelShape{Entities: 30, Periods: 18, Rows: 539}); shape != want {
		t.Errorf("shape %+v, want %+v", shape, want)
	}
	if want := "Panel: 30 entities × 18 periods, unbalanced: 539 of 540 entity-periods"; !strings.Contains(res.Summary(), want) {
		t.Errorf("summary lacks %q:\n%s", want, res.Summary())
	}
}

func TestPanelShapeStringSingular(t *testing.T) {
	if got, want := (PanelShape{Entities: 1, Periods: 1, Rows: 1, Balanced: true}).String(), "1 entity × 1 period, balanced"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
}
