package cpstat

import (
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/cpstat/province"
	"github.com/cpstat/cpstat/internal/testref"
)

func TestAddTerms(t *testing.T) {
	cases := []struct {
		base  string
		terms []string
		want  string
	}{
		{"cp ~ balance + expen | province + year", []string{"L(balance, 2)"}, "cp ~ balance + expen + L(balance, 2) | province + year"},
		{"cp ~ balance | province", []string{"balance:region_east"}, "cp ~ balance + balance:region_east | province"},
		// x*z expands to x + z + x:z, and main effects come before the interaction.
		{"cp ~ balance | province", []string{"flo*domicile_f"}, "cp ~ balance + flo + domicile_f + flo:domicile_f | province"},
	}
	for _, c := range cases {
		got, err := AddTerms(c.base, c.terms...)
		if err != nil {
			t.Errorf("AddTerms(%q, %q): %v", c.base, c.terms, err)
			continue
		}
		if got != c.want {
			t.Errorf("AddTerms(%q, %q) = %q, want %q", c.base, c.terms, got, c.want)
		}
	}
}

func TestAddTermsRejects(t *testing.T) {
	for _, term := range []string{"balance", "expen:balance", "x | year", "y ~ x"} {
		_, err := AddTerms("cp ~ balance + expen + balance:expen | province", term)
		if !errors.Is(err, ErrSettings) {
			t.Errorf("term %q: error %v, want ErrSettings", term, err)
		}
	}
}

// Each lag is added to the baseline in turn. The embedded panel starts in 2000, so in the 2001–2017
// window L(balance, k) is unobserved for the first k − 1 years: N = 510, 480, 450. The coefficient
// must equal that of the same model with the lag built by hand from the previous year's row.
func TestEstimateAddingLags(t *testing.T) {
	p := splitEmbedded(t)
	base := "industry ~ balance + cpi | province + year"
	opts := []EstimateOption{Cluster("province"), Period(2001, 2017)}
	added, err := EstimateAdding(p, base, LagTerms("balance", 1, 2, 3), opts...)
	if err != nil {
		t.Fatal(err)
	}
	balance, _ := p.Float("balance")
	for k, a := range added {
		lag := k + 1
		name := "L(balance, " + strconv.Itoa(lag) + ")"
		if !reflect.DeepEqual(a.Names, []string{name}) {
			t.Errorf("lag %d: names %q, want %q", lag, a.Names, name)
		}
		if want := 510 - 30*(lag-1); a.Result.N != want {
			t.Errorf("lag %d: N = %d, want %d", lag, a.Result.N, want)
		}
		notObserved := 0
		for _, g := range a.Result.Dropped.Groups {
			if g.Reason == ReasonNotObserved {
				notObserved += len(g.Rows)
			}
		}
		if want := 30 * (lag - 1); notObserved != want {
			t.Errorf("lag %d: %d rows dropped as not observed, want %d", lag, notObserved, want)
		}

		byHand := make([]float64, p.Len())
		for i, key := range p.Keys() {
			byHand[i] = math.NaN()
			if j := p.Row(RowKey{Entity: key.Entity, Time: key.Time - lag}); j >= 0 {
				byHand[i] = balance[j]
			}
		}
		q, err := p.With("balance_lag", byHand)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Estimate(q, "industry ~ balance + cpi + balance_lag | province + year", opts...)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := a.Coef()
		exp, _ := want.Coef("balance_lag")
		if math.Abs(got.Estimate-exp.Estimate) > 1e-12*math.Abs(exp.Estimate) || math.Abs(got.StdError-exp.StdError) > 1e-12*exp.StdError {
			t.Errorf("lag %d: %v (SE %v), with the hand-built lag %v (SE %v)", lag, got.Estimate, got.StdError, exp.Estimate, exp.StdError)
		}
	}
}

// PB-08: unit A skips 2003, so L(v, 1) at 2004 is missing rather than the 2002 value, and the model
// with the lag added drops that row with the reason "period not observed".
func TestEstimateAddingLagGap_PB08(t *testing.T) {
	tb, err := ReadCSV(testref.Case("PB-08.csv"), WithKeys("id", "year"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := tb.Panel()
	if err != nil {
		t.Fatal(err)
	}
	y := []float64{1, 2.5, 2, 4.5}
	p, err = p.With("y", y)
	if err != nil {
		t.Fatal(err)
	}
	// Without an intercept, one slope on the two rows left keeps the variance identified.
	added, err := EstimateAdding(p, "y ~ 0", LagTerms("v", 1))
	if err != nil {
		t.Fatal(err)
	}
	r := added[0].Result
	var missing []RowKey
	for _, g := range r.Dropped.Groups {
		if g.Reason == ReasonNotObserved {
			missing = append(missing, g.Keys...)
		}
	}
	want := []RowKey{{"A", 2001}, {"A", 2004}}
	if !reflect.DeepEqual(missing, want) || r.N != 2 {
		t.Errorf("not-observed rows %v and N %d, want %v and N 2", missing, r.N, want)
	}
}

// The NBS split of the study: 11 East, 8 Central and 11 West provinces, 18 years each in the embedded
// panel. The East list is the one of Hong, Jiang and Liu (2023).
func TestWithRegionDummies(t *testing.T) {
	p := splitEmbedded(t)
	q, dummies, err := WithRegionDummies(p)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]int{}
	for _, d := range dummies {
		rows[d.Column] = d.Rows
	}
	if want := map[string]int{"region_east": 198, "region_central": 144, "region_west": 198}; !reflect.DeepEqual(rows, want) {
		t.Errorf("rows %v, want %v", rows, want)
	}
	east := map[string]bool{"BJ": true, "TJ": true, "HE": true, "LN": true, "SH": true, "JS": true, "ZJ": true, "FJ": true, "SD": true, "GD": true, "HI": true}
	values, _ := q.Float("region_east")
	for i, key := range q.Keys() {
		if (values[i] == 1) != east[key.Entity] {
			t.Errorf("region_east at %s = %v", key, values[i])
		}
	}
	if dummies[0].Label.Zh != province.East.Chinese() {
		t.Errorf("East label %q, want %q", dummies[0].Label.Zh, province.East.Chinese())
	}
}

func TestWithRegionDummiesUnknownEntity(t *testing.T) {
	p := unitsPanel(t)
	_, _, err := WithRegionDummies(p)
	if err == nil || !strings.Contains(err.Error(), `entity "u01"`) || !strings.Contains(err.Error(), "WithDummies") {
		t.Errorf("error %v, want one naming entity u01 and pointing to WithDummies", err)
	}
}

// unitsPanel is a two-entity panel whose entities are not provinces.
func unitsPanel(t *testing.T) *Panel {
	t.Helper()
	tb, err := ReadCSVFrom(strings.NewReader("id,year,x\nu01,2001,1\nu01,2002,2\nu02,2001,3\nu02,2002,4\n"), "units.csv", WithKeys("id", "year"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := tb.Panel()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestWithDummies(t *testing.T) {
	p := splitEmbedded(t)
	q, dummies, err := WithDummies(p, "region")
	if err != nil {
		t.Fatal(err)
	}
	var columns []string
	for _, d := range dummies {
		columns = append(columns, d.Column)
	}
	if want := []string{"region_Central", "region_East", "region_West"}; !reflect.DeepEqual(columns, want) {
		t.Errorf("columns %q, want %q", columns, want)
	}
	a, _ := q.Float("region_East")
	b := regionColumn(t, p, "region_east")
	if !reflect.DeepEqual(a, b) {
		t.Error("region_East from the region column differs from region_east from the province codes")
	}
}

// regionColumn returns one column that WithRegionDummies adds.
func regionColumn(t *testing.T, p *Panel, column string) []float64 {
	t.Helper()
	q, _, err := WithRegionDummies(p)
	if err != nil {
		t.Fatal(err)
	}
	x, err := q.Float(column)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// In a saturated model the group shifts every fixed effect that is not nested in it: year effects
// become year × group effects, and province effects are already nested in the region. The interaction
// coefficient then equals the difference of the slopes estimated separately in each group, an identity
// of least squares because the saturated design is block-diagonal by group.
func TestInteractionIsSlopeDifference(t *testing.T) {
	p := splitEmbedded(t)
	p, _, err := WithRegionDummies(p)
	if err != nil {
		t.Fatal(err)
	}

	opts := []EstimateOption{Period(2001, 2017)}
	added, err := EstimateAdding(p, "industry ~ balance | province + year^region_east", []string{"balance:region_east"}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	interaction, ok := added[0].Coef()
	if !ok {
		t.Fatal("interaction dropped")
	}

	east, _ := p.Float("region_east")
	slope := func(inEast bool) float64 {
		keep := make([]bool, p.Len())
		for i, v := range east {
			keep[i] = (v == 1) == inEast
		}
		r, err := Estimate(p, "industry ~ balance | province + year", append(opts, Subset(keep))...)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := r.Coef("balance")
		return c.Estimate
	}

	diff := slope(true) - slope(false)
	// The exact absorption solves the normal equations to rounding; 1e-9 relative leaves room for the
	// different conditioning of the pooled and the group designs.
	if math.Abs(interaction.Estimate-diff) > 1e-9*math.Abs(diff) {
		t.Errorf("interaction %.12g, slope difference %.12g", interaction.Estimate, diff)
	}
}

// A term that the fixed effects explain is dropped with the engine's message, not a crash: a region
// dummy is constant within each province, and the product of two region dummies is zero everywhere.
func TestEstimateAddingCollinearTermDropped(t *testing.T) {
	p := splitEmbedded(t)
	p, _, err := WithRegionDummies(p)
	if err != nil {
		t.Fatal(err)
	}
	added, err := EstimateAdding(p, "industry ~ balance | province + year",
		[]string{"region_east", "region_east:region_west", "balance:region_east"}, Cluster("province"), Period(2001, 2017))
	if err != nil {
		t.Fatal(err)
	}
	reasons := []string{"collinear with the fixed effects", "all values are zero", ""}
	for i, a := range added {
		_, ok := a.Coef()
		if reasons[i] == "" {
			if !ok || len(a.Dropped) != 0 {
				t.Errorf("%s: estimated %v, dropped %v; want it estimated", a.Term, ok, a.Dropped)
			}
			continue
		}
		if ok || len(a.Dropped) != 1 || a.Dropped[0].Reason != reasons[i] {
			t.Errorf("%s: estimated %v, dropped %+v; want it dropped as %q", a.Term, ok, a.Dropped, reasons[i])
		}
		if c, _ := a.Result.Coef("balance"); math.IsNaN(c.Estimate) {
			t.Errorf("%s: the rest of the model was not estimated", a.Term)
		}
	}
}
