package cpstat

import (
	"context"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/cpstat/dea"
	"github.com/cpstat/cpstat/cpstat/table"
	"github.com/cpstat/cpstat/internal/testref"
)

// measureK1Indices is one set of Malmquist indices as reference case k1 writes them.
type measureK1Indices struct {
	Effch  float64 `json:"effch"`
	Techch float64 `json:"techch"`
	Pech   float64 `json:"pech"`
	Sech   float64 `json:"sech"`
	Tfpch  float64 `json:"tfpch"`
}

func (x measureK1Indices) values() []float64 {
	return []float64{x.Effch, x.Techch, x.Pech, x.Sech, x.Tfpch}
}

// measureK1Case mirrors testdata/reference/cases/k1_malmquist_deap_eg4.json.
type measureK1Case struct {
	Expected struct {
		Pairs []struct {
			ID       string `json:"id"`
			ToPeriod int    `json:"to_period"`
			measureK1Indices
			CRSTo float64 `json:"crs_te_to"`
			VRSTo float64 `json:"vrs_te_to"`
		} `json:"pairs"`
		YearMeans []struct {
			ToPeriod int `json:"to_period"`
			measureK1Indices
		} `json:"year_means"`
		FirmMeans []struct {
			ID string `json:"id"`
			measureK1Indices
		} `json:"firm_means"`
		Overall    measureK1Indices `json:"overall"`
		Cumulative []struct {
			ID            string  `json:"id"`
			ToPeriod      int     `json:"to_period"`
			TFPCumulative float64 `json:"tfp_cumulative"`
		} `json:"cumulative"`
	} `json:"expected"`
}

// measureK1Tolerance is the relative tolerance of case k1 ("1e-9 relative (exact LPs)"): its values are
// exact LP optima and the engine's simplex reaches them to rounding error.
const measureK1Tolerance = 1e-9

func measureDEAPPanel(t *testing.T) *Panel {
	t.Helper()
	tb, err := ReadCSV(testref.ReferenceData("deap_eg4.csv"), WithKeys("firm", "year"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := tb.Panel()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func checkMeasureIndices(t *testing.T, label string, got dea.Indices, want measureK1Indices) {
	t.Helper()
	g := []float64{got.Effch, got.Techch, got.Pech, got.Sech, got.Tfpch}
	for k, w := range want.values() {
		if !measureClose(g[k], w, measureK1Tolerance) {
			t.Errorf("%s %s = %.12g, want %.12g", label, indexNames[k], g[k], w)
		}
	}
}

// The TFP path through a Panel against reference case k1_malmquist_deap_eg4 (DEAP 2.1 guide, example 4,
// output orientation, values from exact LPs). deap_eg4.csv is read as a panel keyed by firm and year, with
// input x and output y. The test checks every index per firm and year pair, the year, firm and overall
// means, and the cumulative index written to the panel column tfp.
func TestMeasureTFPReferenceK1(t *testing.T) {
	var c measureK1Case
	testref.LoadCase(t, "k1_malmquist_deap_eg4", &c)
	p := measureDEAPPanel(t)
	r, err := MeasureTFP(context.Background(), p, TFPOptions{Inputs: []string{"x"}, Outputs: []string{"y"}})
	if err != nil {
		t.Fatal(err)
	}
	m := r.Malmquist
	if len(m.Units) != 5 || len(m.Periods) != 3 || len(r.Dropped) != 0 || len(m.Unsolved) != 0 {
		t.Fatalf("%d units, %d periods, dropped %v, unsolved %v; want 5, 3, none, none", len(m.Units), len(m.Periods), r.Dropped, m.Unsolved)
	}
	unit := map[string]int{}
	for i, u := range m.Units {
		unit[u] = i
	}
	e := c.Expected
	for _, pair := range e.Pairs {
		checkMeasureIndices(t, "firm "+pair.ID+" year "+strconv.Itoa(pair.ToPeriod), m.Changes[pair.ToPeriod-2][unit[pair.ID]], pair.measureK1Indices)
	}
	for k, ym := range e.YearMeans {
		checkMeasureIndices(t, "year "+strconv.Itoa(ym.ToPeriod)+" mean", m.PeriodMeans[k].Indices, ym.measureK1Indices)
	}
	for _, fm := range e.FirmMeans {
		checkMeasureIndices(t, "firm "+fm.ID+" mean", m.UnitMeans[unit[fm.ID]].Indices, fm.measureK1Indices)
	}
	checkMeasureIndices(t, "overall mean", m.Mean.Indices, e.Overall)

	tfp, _ := r.Panel.Float("tfp")
	tfpch, _ := r.Panel.Float("tfpch")
	for _, cum := range e.Cumulative {
		row := p.Row(RowKey{Entity: cum.ID, Time: cum.ToPeriod})
		if !measureClose(tfp[row], cum.TFPCumulative, measureK1Tolerance) {
			t.Errorf("tfp of firm %s in year %d = %v, want %v", cum.ID, cum.ToPeriod, tfp[row], cum.TFPCumulative)
		}
	}
	for _, id := range m.Units {
		row := p.Row(RowKey{Entity: id, Time: 1})
		if tfp[row] != 1 || !math.IsNaN(tfpch[row]) {
			t.Errorf("firm %s year 1: tfp %v, tfpch %v; want 1 and NaN", id, tfp[row], tfpch[row])
		}
	}
}

// One period's efficiency through DEAEfficiency against case k1: the CRS and VRS scores of period 2 are
// the case's crs_te_to and vrs_te_to of the pairs ending in period 2.
func TestDEAEfficiencyReferenceK1(t *testing.T) {
	var c measureK1Case
	testref.LoadCase(t, "k1_malmquist_deap_eg4", &c)
	p := measureDEAPPanel(t)
	r, err := DEAEfficiency(context.Background(), p, EfficiencyOptions{Inputs: []string{"x"}, Outputs: []string{"y"}, Period: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, pair := range c.Expected.Pairs {
		if pair.ToPeriod != 2 {
			continue
		}
		i := -1
		for k, e := range r.Entities {
			if e == pair.ID {
				i = k
			}
		}
		if i < 0 {
			t.Fatalf("firm %s missing from %v", pair.ID, r.Entities)
		}
		if !measureClose(r.Scores.CRS[i], pair.CRSTo, measureK1Tolerance) || !measureClose(r.Scores.VRS[i], pair.VRSTo, measureK1Tolerance) {
			t.Errorf("firm %s: CRS %v, VRS %v; want %v, %v", pair.ID, r.Scores.CRS[i], r.Scores.VRS[i], pair.CRSTo, pair.VRSTo)
		}
	}

	_, err = DEAEfficiency(context.Background(), p, EfficiencyOptions{Inputs: []string{"x"}, Outputs: []string{"y"}})
	if err == nil || !strings.Contains(err.Error(), "3 periods") {
		t.Errorf("err = %v, want one asking for a period among 3", err)
	}
	_, err = DEAEfficiency(context.Background(), p, EfficiencyOptions{Inputs: []string{"x"}, Outputs: []string{"y"}, Period: 7})
	if err == nil || !strings.Contains(err.Error(), "period 7") {
		t.Errorf("err = %v, want one naming period 7", err)
	}
}

// Case PB-24 through a Panel: D's period-2 input is below every period-1 input, so the output-oriented
// VRS distance of D's period-2 data to the period-1 frontier is infeasible. Under Ray–Desli that distance
// enters techch and sech, which become NaN for D with the program listed in Unsolved, while D's tfpch
// (2, by hand in package dea's test of the same case) and every other unit are still computed.
func TestMeasureTFPInfeasibleVRS_PB24(t *testing.T) {
	tb, err := ReadCSV(testref.Case("PB-24.csv"), WithKeys("dmu", "period"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := tb.Panel()
	if err != nil {
		t.Fatal(err)
	}
	r, err := MeasureTFP(context.Background(), p, TFPOptions{Inputs: []string{"x"}, Outputs: []string{"y"}, Decomposition: dea.RayDesli})
	if err != nil {
		t.Fatal(err)
	}

	m := r.Malmquist
	if len(m.Unsolved) != 1 || m.Unsolved[0].Unit != "D" || m.Unsolved[0].Period != 2 || m.Unsolved[0].FrontierPeriod != 1 {
		t.Fatalf("unsolved = %+v, want D's period-2 data on the period-1 VRS frontier", m.Unsolved)
	}
	d := m.Changes[0][3]
	if !math.IsNaN(d.Techch) || !math.IsNaN(d.Sech) || !measureClose(d.Tfpch, 2, 1e-12) {
		t.Errorf("D: techch %v, sech %v, tfpch %v; want NaN, NaN, 2", d.Techch, d.Sech, d.Tfpch)
	}
	if a := m.Changes[0][0]; !measureClose(a.Techch, 1.7, 1e-12) {
		t.Errorf("A: Ray–Desli techch %v, want 1.7", a.Techch)
	}

	notes := strings.Join(r.Notes(table.En), " ")
	if !strings.Contains(notes, "1 linear program has no solution") || !strings.Contains(notes, "D in 2 against the 1 frontier") {
		t.Errorf("notes do not report the unsolved program: %s", notes)
	}
	tfp, _ := r.Panel.Float("tfp")
	if got := tfp[p.Row(RowKey{Entity: "D", Time: 2})]; !measureClose(got, 2, 1e-12) {
		t.Errorf("D's cumulative tfp in period 2 = %v, want 2", got)
	}
}

// An entity with a zero input cannot enter DEA: by default the error names it, and DropIncomplete leaves
// it out with the reason and NaN in its rows.
func TestMeasureTFPIncompleteEntity(t *testing.T) {
	p := textPanel(t, "id,year,k,l,y\nA,1,1,2,3\nA,2,2,2,4\nB,1,2,1,3\nB,2,3,1,5\nC,1,1,1,1\nC,2,0,1,2\n")
	opts := TFPOptions{Inputs: []string{"k", "l"}, Outputs: []string{"y"}}
	_, err := MeasureTFP(context.Background(), p, opts)
	var de *dea.DataError
	if !errors.As(err, &de) || de.Unit != "C" || de.Variable != "k" || de.Period != "2" {
		t.Fatalf("err = %v, want *dea.DataError for C, k, period 2", err)
	}

	opts.DropIncomplete = true
	r, err := MeasureTFP(context.Background(), p, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Dropped) != 1 || r.Dropped[0].Entity != "C" || !strings.Contains(r.Dropped[0].Reason, "k = 0 in period 2") ||
		!strings.Contains(r.Dropped[0].ReasonZh, "2 年 k = 0") {
		t.Errorf("dropped = %+v, want C with k = 0 in period 2", r.Dropped)
	}
	tfp, _ := r.Panel.Float("tfp")
	if !math.IsNaN(tfp[4]) || !math.IsNaN(tfp[5]) || tfp[0] != 1 {
		t.Errorf("tfp = %v, want 1 for A in period 1 and NaN for C", tfp)
	}
}

// Missing periods make the panel unbalanced, which the Malmquist index cannot use.
func TestMeasureTFPUnbalanced(t *testing.T) {
	p := textPanel(t, "id,year,k,y\nA,1,1,3\nA,2,2,4\nA,3,2,5\nB,1,2,3\nB,3,3,5\n")
	_, err := MeasureTFP(context.Background(), p, TFPOptions{Inputs: []string{"k"}, Outputs: []string{"y"}})
	var ue *dea.UnbalancedError
	if !errors.As(err, &ue) || ue.Unit != "B" || ue.Period != 2 {
		t.Errorf("err = %v, want *dea.UnbalancedError for B in period 2", err)
	}
}
