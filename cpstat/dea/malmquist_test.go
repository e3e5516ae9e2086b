package dea

import (
	"context"
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/cpstat/cpstat/internal/testref"
	"gonum.org/v1/gonum/mat"
)

// k1Case mirrors testdata/reference/cases/k1_malmquist_deap_eg4.json.
type k1Case struct {
	Tolerance string `json:"tolerance"`
	Expected  struct {
		Pairs []struct {
			ID                string  `json:"id"`
			FromPeriod        int     `json:"from_period"`
			ToPeriod          int     `json:"to_period"`
			Effch             float64 `json:"effch"`
			Techch            float64 `json:"techch"`
			Pech              float64 `json:"pech"`
			Sech              float64 `json:"sech"`
			Tfpch             float64 `json:"tfpch"`
			CRSFrom           float64 `json:"crs_te_from"`
			CRSTo             float64 `json:"crs_te_to"`
			CRSCrossToOnFrom  float64 `json:"crs_cross_to_on_from"`
			CRSCrossFromOnTo  float64 `json:"crs_cross_from_on_to"`
			VRSFrom           float64 `json:"vrs_te_from"`
			VRSTo             float64 `json:"vrs_te_to"`
		} `json:"pairs"`
		YearMeans []struct {
			ToPeriod int `json:"to_period"`
			Indices
		} `json:"year_means"`
		FirmMeans []struct {
			ID string `json:"id"`
			Indices
		} `json:"firm_means"`
		Overall    Indices `json:"overall"`
		Cumulative []struct {
			ID            string  `json:"id"`
			ToPeriod      int     `json:"to_period"`
			TFPCumulative float64 `json:"tfp_cumulative"`
		} `json:"cumulative"`
	} `json:"expected"`
}

// k1Tolerance is the relative tolerance of the k1 case ("1e-9 relative (exact LPs)"). The reference values
// come from exact LP optima (scipy HiGHS), and our simplex reaches them to rounding error, so the case's
// own tolerance applies unchanged.
const k1Tolerance = 1e-9

// readLongCSV reads a long-format CSV with a unit column, an integer period column, and the named input
// and output columns.
func readLongCSV(t *testing.T, path, unitCol, periodCol string, inputs, outputs []string) *Panel {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	col := map[string]int{}
	for j, name := range records[0] {
		col[name] = j
	}
	rows := records[1:]
	units := make([]string, len(rows))
	periods := make([]int, len(rows))
	x := mat.NewDense(len(rows), len(inputs), nil)
	y := mat.NewDense(len(rows), len(outputs), nil)
	parse := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return v
	}
	for r, rec := range rows {
		units[r] = rec[col[unitCol]]
		periods[r] = int(parse(rec[col[periodCol]]))
		for k, name := range inputs {
			x.Set(r, k, parse(rec[col[name]]))
		}
		for k, name := range outputs {
			y.Set(r, k, parse(rec[col[name]]))
		}
	}
	p, err := NewPanel(units, periods, inputs, outputs, x, y)
	if err != nil {
		t.Fatalf("%s: NewPanel: %v", path, err)
	}
	return p
}

func loadEG4(t *testing.T) *Panel {
	return readLongCSV(t, testref.ReferenceData("deap_eg4.csv"), "firm", "year", []string{"x"}, []string{"y"})
}

func relClose(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

func checkIndices(t *testing.T, label string, got, want Indices, tol float64) {
	t.Helper()
	names := [5]string{"effch", "techch", "pech", "sech", "tfpch"}
	g, w := got.fields(), want.fields()
	for f := range names {
		if !relClose(g[f], w[f], tol) {
			t.Errorf("%s %s = %.17g, want %.17g", label, names[f], g[f], w[f])
		}
	}
}

func unitIndex(t *testing.T, units []string, id string) int {
	t.Helper()
	for i, u := range units {
		if u == id {
			return i
		}
	}
	t.Fatalf("unit %q not in %v", id, units)
	return -1
}

// TestMalmquistK1 compares every figure of the k1 case (DEAP 2.1 guide, example 4, output orientation;
// values recomputed with exact LPs by scipy HiGHS) with Malmquist.
func TestMalmquistK1(t *testing.T) {
	var c k1Case
	testref.LoadCase(t, "k1_malmquist_deap_eg4", &c)
	res, err := Malmquist(context.Background(), loadEG4(t), MalmquistOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Units) != 5 || len(res.Periods) != 3 {
		t.Fatalf("panel is %d units × %d periods, want 5 × 3", len(res.Units), len(res.Periods))
	}
	if len(res.Unsolved) != 0 {
		t.Errorf("Unsolved = %v, want none", res.Unsolved)
	}
	// CRS and VRS within each of the 3 periods, plus CRS against the previous or next period: 4 such
	// pairs of period and frontier (1→2, 2→1, 2→3, 3→2), for each of the 5 firms.
	if want := 5 * (3*2 + 4); res.Programs != want {
		t.Errorf("Programs = %d, want %d", res.Programs, want)
	}

	e := c.Expected
	if len(e.Pairs) != 10 {
		t.Fatalf("case has %d pairs, want 10", len(e.Pairs))
	}
	for _, p := range e.Pairs {
		i := unitIndex(t, res.Units, p.ID)
		k := p.FromPeriod - 1
		label := "firm " + p.ID + " " + strconv.Itoa(p.FromPeriod) + "→" + strconv.Itoa(p.ToPeriod)
		want := Indices{Effch: p.Effch, Techch: p.Techch, Pech: p.Pech, Sech: p.Sech, Tfpch: p.Tfpch}
		checkIndices(t, label, res.Changes[k][i], want, k1Tolerance)

		from, to := res.Distances[k][i], res.Distances[k+1][i]
		distances := []struct {
			name      string
			got, want float64
		}{
			{"crs te from", from.CRS, p.CRSFrom},
			{"crs te to", to.CRS, p.CRSTo},
			{"crs to-period data on from-period frontier", to.CRSPrevious, p.CRSCrossToOnFrom},
			{"crs from-period data on to-period frontier", from.CRSNext, p.CRSCrossFromOnTo},
			{"vrs te from", from.VRS, p.VRSFrom},
			{"vrs te to", to.VRS, p.VRSTo},
		}
		for _, d := range distances {
			if !relClose(d.got, d.want, k1Tolerance) {
				t.Errorf("%s %s = %.17g, want %.17g", label, d.name, d.got, d.want)
			}
		}
	}

	for _, m := range e.YearMeans {
		k := m.ToPeriod - 2
		checkIndices(t, "year "+strconv.Itoa(m.ToPeriod)+" mean", res.PeriodMeans[k].Indices, m.Indices, k1Tolerance)
		if res.PeriodMeans[k].Count.Tfpch != 5 {
			t.Errorf("year %d mean over %d units, want 5", m.ToPeriod, res.PeriodMeans[k].Count.Tfpch)
		}
	}
	for _, m := range e.FirmMeans {
		i := unitIndex(t, res.Units, m.ID)
		checkIndices(t, "firm "+m.ID+" mean", res.UnitMeans[i].Indices, m.Indices, k1Tolerance)
	}
	checkIndices(t, "overall mean", res.Mean.Indices, e.Overall, k1Tolerance)
	if res.Mean.Count != (IndexCounts{10, 10, 10, 10, 10}) {
		t.Errorf("overall mean counts = %+v, want 10 each", res.Mean.Count)
	}

	for _, cum := range e.Cumulative {
		i := unitIndex(t, res.Units, cum.ID)
		if got := res.Cumulative[cum.ToPeriod-1][i]; !relClose(got, cum.TFPCumulative, k1Tolerance) {
			t.Errorf("firm %s cumulative at period %d = %.17g, want %.17g", cum.ID, cum.ToPeriod, got, cum.TFPCumulative)
		}
	}
	for i, v := range res.Cumulative[0] {
		if v != 1 {
			t.Errorf("firm %s cumulative in the first period = %v, want 1", res.Units[i], v)
		}
	}
}
