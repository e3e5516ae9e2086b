package dea

import (
	"context"
	"encoding/csv"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
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
			ID               string  `json:"id"`
			FromPeriod       int     `json:"from_period"`
			ToPeriod         int     `json:"to_period"`
			Effch            float64 `json:"effch"`
			Techch           float64 `json:"techch"`
			Pech             float64 `json:"pech"`
			Sech             float64 `json:"sech"`
			Tfpch            float64 `json:"tfpch"`
			CRSFrom          float64 `json:"crs_te_from"`
			CRSTo            float64 `json:"crs_te_to"`
			CRSCrossToOnFrom float64 `json:"crs_cross_to_on_from"`
			CRSCrossFromOnTo float64 `json:"crs_cross_from_on_to"`
			VRSFrom          float64 `json:"vrs_te_from"`
			VRSTo            float64 `json:"vrs_te_to"`
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

// DEAP 2.1 prints the arithmetic mean of each distance column under each year of example 4 (the guide's
// EG4-OUT.TXT, "DISTANCES SUMMARY"), rounded to 3 decimals. Columns that DEAP leaves undefined (t−1 in the
// first year, t+1 in the last) print as 0.000 there and are NaN here. The tolerance 5e-4 is half a unit
// in the last printed digit.
func TestMalmquistDistanceMeansDEAPPrinted(t *testing.T) {
	res, err := Malmquist(context.Background(), loadEG4(t), MalmquistOptions{})
	if err != nil {
		t.Fatal(err)
	}
	nan := math.NaN()
	printed := [][4]float64{ // t−1, t, t+1, vrs
		{nan, 0.727, 0.545, 0.894},
		{0.837, 0.628, 0.628, 0.853},
		{0.628, 0.628, nan, 0.853},
	}
	columns := [4]string{"crs t-1", "crs t", "crs t+1", "vrs"}
	for period, want := range printed {
		m := res.DistanceMeans[period]
		got := [4]float64{m.CRSPrevious, m.CRS, m.CRSNext, m.VRS}
		for f := range want {
			if math.IsNaN(want[f]) {
				if !math.IsNaN(got[f]) {
					t.Errorf("year %d %s mean = %v, want NaN (undefined)", period+1, columns[f], got[f])
				}
				continue
			}
			if math.Abs(got[f]-want[f]) > 5e-4 {
				t.Errorf("year %d %s mean = %.6f, DEAP prints %.3f", period+1, columns[f], got[f], want[f])
			}
		}
	}
}

// Under CRS the input-oriented score θ equals the output-oriented 1/φ (Färe, Grosskopf and Lovell 1994),
// so effch, techch and tfpch must not depend on the orientation. Only pech and sech may differ.
func TestMalmquistCRSOrientationFree(t *testing.T) {
	p := loadEG4(t)
	out, err := Malmquist(context.Background(), p, MalmquistOptions{Orientation: OutputOrientation})
	if err != nil {
		t.Fatal(err)
	}
	in, err := Malmquist(context.Background(), p, MalmquistOptions{Orientation: InputOrientation})
	if err != nil {
		t.Fatal(err)
	}
	for k := range out.Changes {
		for i := range out.Changes[k] {
			o, n := out.Changes[k][i], in.Changes[k][i]
			if !relClose(n.Effch, o.Effch, 1e-12) || !relClose(n.Techch, o.Techch, 1e-12) || !relClose(n.Tfpch, o.Tfpch, 1e-12) {
				t.Errorf("pair %d firm %s: input %+v, output %+v; CRS components differ", k, out.Units[i], n, o)
			}
		}
	}
}

// loadPB24 reads the DEA infeasibility case: 4 units, 1 input, 1 output, 2 periods.
func loadPB24(t *testing.T) *Panel {
	return readLongCSV(t, testref.Case("PB-24.csv"), "dmu", "period", []string{"x"}, []string{"y"})
}

// Hand computation for PB-24 (A(2,2) B(4,5) C(6,6) D(3,3) in period 1; A(2,3) B(4,6) C(6,9) D(1,2) in
// period 2), output orientation. Best CRS ratios y/x: 5/4 (B) in period 1 and 2 (D) in period 2.
//
//	D: Eᶜ₁(1) = 1/1.25 = 0.8, Eᶜ₂(2) = 2/2 = 1, Eᶜ₁(2) = 2/1.25 = 1.6, Eᶜ₂(1) = 1/2 = 0.5
//	   effch = 1.25, techch = √(1.6/1 × 0.8/0.5) = 1.6, tfpch = 2
//	   Eᵛ₁(1): the period-1 frontier at x = 3 is midway between A(2,2) and B(4,5), y = 3.5, so 3/3.5 = 6/7
//	   Eᵛ₂(2) = 1 (D has the smallest period-2 input), pech = 7/6, sech = 1.25/(7/6) = 15/14
//	   Eᵛ₁(2): D's period-2 input 1 is below every period-1 input (min 2), so the program is infeasible.
//	A: Eᶜ₁(1) = 0.8, Eᶜ₂(2) = 0.75, Eᶜ₁(2) = 1.2, Eᶜ₂(1) = 0.5, effch = 0.9375, techch = 1.6, tfpch = 1.5
//	   Eᵛ₁(1) = 1 (A has the smallest period-1 input). The period-2 VRS frontier is the segment
//	   D(1,2)–C(6,9), y = 2 + 1.4(x − 1), which gives 3.4 at x = 2: Eᵛ₂(2) = 3/3.4 = 15/17, pech = 15/17,
//	   sech = 0.9375 × 17/15 = 1.0625.
//	   Ray–Desli: Eᵛ₁(2) = 3/2 (only A(2,2) uses input ≤ 2 in period 1), Eᵛ₂(1) = 2/3.4 = 10/17,
//	   techch = √(1.5/(15/17) × 1/(10/17)) = √(1.7 × 1.7) = 1.7, sech = 1.5/(15/17 × 1.7) = 1.
func TestMalmquistInfeasibleVRS_PB24(t *testing.T) {
	p := loadPB24(t)
	a, d := unitIndex(t, p.Units, "A"), unitIndex(t, p.Units, "D")

	t.Run("FGNZ", func(t *testing.T) {
		res, err := Malmquist(context.Background(), p, MalmquistOptions{CrossPeriodVRS: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Unsolved) != 1 {
			t.Fatalf("Unsolved = %+v, want exactly D's period-2 data on the period-1 VRS frontier", res.Unsolved)
		}
		u := res.Unsolved[0]
		if u.Unit != "D" || u.Period != 2 || u.FrontierPeriod != 1 || u.Model.Returns != VRS || u.Status != Infeasible || u.Err != nil {
			t.Errorf("Unsolved[0] = %+v, want D, period 2 on frontier 1, VRS, infeasible", u)
		}
		if u.Reason == "" {
			t.Error("Unsolved[0] has no reason")
		}
		if !math.IsNaN(res.Distances[1][d].VRSPrevious) {
			t.Errorf("D's period-2 VRS distance to period 1 = %v, want NaN", res.Distances[1][d].VRSPrevious)
		}
		if got, want := res.Distances[0][d].VRSNext, 0.625; !relClose(got, want, handTolerance) {
			// Eᵛ₂(1): D(3,3) against D(1,2)–C(6,9) at x = 3 gives y = 4.8, so 3/4.8.
			t.Errorf("D's period-1 VRS distance to period 2 = %.17g, want %v", got, want)
		}

		// FGNZ never uses cross-period VRS distances, so D's indices are all finite.
		checkIndices(t, "D", res.Changes[0][d], Indices{Effch: 1.25, Techch: 1.6, Pech: 7.0 / 6, Sech: 15.0 / 14, Tfpch: 2}, handTolerance)
		checkIndices(t, "A", res.Changes[0][a], Indices{Effch: 0.9375, Techch: 1.6, Pech: 15.0 / 17, Sech: 1.0625, Tfpch: 1.5}, handTolerance)
		if res.Mean.Count != (IndexCounts{4, 4, 4, 4, 4}) {
			t.Errorf("mean counts = %+v, want 4 each", res.Mean.Count)
		}
	})

	t.Run("RayDesli", func(t *testing.T) {
		res, err := Malmquist(context.Background(), p, MalmquistOptions{Decomposition: RayDesli})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Unsolved) != 1 || res.Unsolved[0].Unit != "D" {
			t.Fatalf("Unsolved = %+v, want only D", res.Unsolved)
		}
		got := res.Changes[0][d]
		if !math.IsNaN(got.Techch) || !math.IsNaN(got.Sech) {
			t.Errorf("D techch %v, sech %v; want NaN (infeasible VRS cross-period program)", got.Techch, got.Sech)
		}
		if !relClose(got.Tfpch, 2, handTolerance) || !relClose(got.Effch, 1.25, handTolerance) || !relClose(got.Pech, 7.0/6, handTolerance) {
			t.Errorf("D tfpch %v, effch %v, pech %v; want 2, 1.25, 7/6", got.Tfpch, got.Effch, got.Pech)
		}
		checkIndices(t, "A", res.Changes[0][a], Indices{Effch: 0.9375, Techch: 1.7, Pech: 15.0 / 17, Sech: 1, Tfpch: 1.5}, handTolerance)

		mean := res.PeriodMeans[0]
		if mean.Count != (IndexCounts{Effch: 4, Techch: 3, Pech: 4, Sech: 3, Tfpch: 4}) {
			t.Errorf("period mean counts = %+v, want techch and sech over 3 units, the rest over 4", mean.Count)
		}
		if math.IsNaN(mean.Techch) || math.IsNaN(mean.Sech) {
			t.Errorf("period mean techch %v, sech %v; want the geometric mean of the 3 finite units", mean.Techch, mean.Sech)
		}
		if cum := res.Cumulative[1][d]; !relClose(cum, 2, handTolerance) {
			t.Errorf("D cumulative = %v, want 2 (CRS tfpch is always feasible)", cum)
		}
	})

	t.Run("input orientation", func(t *testing.T) {
		res, err := Malmquist(context.Background(), p, MalmquistOptions{Orientation: InputOrientation, Decomposition: RayDesli})
		if err != nil {
			t.Fatal(err)
		}
		// C's period-2 output 9 exceeds every period-1 output (max 6).
		if len(res.Unsolved) != 1 {
			t.Fatalf("Unsolved = %+v, want exactly C's period-2 data on the period-1 VRS frontier", res.Unsolved)
		}
		if u := res.Unsolved[0]; u.Unit != "C" || u.Period != 2 || u.FrontierPeriod != 1 || u.Model != (Model{InputOrientation, VRS}) {
			t.Errorf("Unsolved[0] = %+v, want C, period 2 on frontier 1, input VRS", u)
		}
		c := unitIndex(t, p.Units, "C")
		for i, ind := range res.Changes[0] {
			nanTechch := math.IsNaN(ind.Techch)
			if nanTechch != (i == c) {
				t.Errorf("%s techch = %v; want NaN only for C", p.Units[i], ind.Techch)
			}
			if math.IsNaN(ind.Tfpch) {
				t.Errorf("%s tfpch is NaN; the CRS index is always feasible", p.Units[i])
			}
		}
	})
}

// syntheticPanel returns a deterministic panel of units × periods with 2 inputs (capital, labor) and 1
// output from a Cobb–Douglas technology with technical progress and random inefficiency.
func syntheticPanel(units, periods int, seed uint64) *Panel {
	rng := rand.New(rand.NewPCG(seed, 42))
	p := &Panel{
		Units:       make([]string, units),
		Periods:     make([]int, periods),
		InputNames:  []string{"capital", "labor"},
		OutputNames: []string{"gdp"},
		X:           make([]*mat.Dense, periods),
		Y:           make([]*mat.Dense, periods),
	}
	for i := range units {
		p.Units[i] = "unit" + strconv.Itoa(i+1)
	}
	size := make([]float64, units)
	for i := range size {
		size[i] = math.Exp(rng.NormFloat64())
	}
	for t := range periods {
		p.Periods[t] = 2001 + t
		x := mat.NewDense(units, 2, nil)
		y := mat.NewDense(units, 1, nil)
		for i := range units {
			capital := 1000 * size[i] * math.Exp(0.1*float64(t)+0.3*rng.NormFloat64())
			labor := 500 * size[i] * math.Exp(0.01*float64(t)+0.3*rng.NormFloat64())
			efficiency := math.Exp(-math.Abs(0.2 * rng.NormFloat64()))
			output := math.Exp(0.02*float64(t)) * math.Pow(capital, 0.4) * math.Pow(labor, 0.55) * efficiency
			x.Set(i, 0, capital)
			x.Set(i, 1, labor)
			y.Set(i, 0, output)
		}
		p.X[t], p.Y[t] = x, y
	}
	return p
}

// Rescaling a variable (capital in yuan instead of 100 million yuan, labor in persons instead of 10,000
// persons) must not change any result. Each variable is divided by its panel mean before solving, so the
// programs differ only by the rounding of that division; 1e-12 relative allows for it.
func TestMalmquistUnitInvariance(t *testing.T) {
	base := syntheticPanel(12, 5, 3)
	rescaled := syntheticPanel(12, 5, 3)
	for period := range rescaled.Periods {
		rescaled.X[period].Apply(func(_, k int, v float64) float64 { return v * [2]float64{1e8, 1e4}[k] }, rescaled.X[period])
		rescaled.Y[period].Scale(1e-3, rescaled.Y[period])
	}
	for _, orientation := range []Orientation{OutputOrientation, InputOrientation} {
		opts := MalmquistOptions{Orientation: orientation, CrossPeriodVRS: true}
		want, err := Malmquist(context.Background(), base, opts)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Malmquist(context.Background(), rescaled, opts)
		if err != nil {
			t.Fatal(err)
		}
		for k := range want.Changes {
			for i := range want.Changes[k] {
				checkIndices(t, orientation.String()+" "+want.Units[i], got.Changes[k][i], want.Changes[k][i], 1e-12)
			}
		}
		for period := range want.Distances {
			for i := range want.Distances[period] {
				g, w := got.Distances[period][i].fields(), want.Distances[period][i].fields()
				for f := range w {
					if math.IsNaN(w[f]) != math.IsNaN(g[f]) || (!math.IsNaN(w[f]) && !relClose(g[f], w[f], 1e-12)) {
						t.Errorf("%s %s period %d distance %d = %v, want %v", orientation, want.Units[i], period, f, g[f], w[f])
					}
				}
			}
		}
		for period := range want.Cumulative {
			for i := range want.Cumulative[period] {
				if !relClose(got.Cumulative[period][i], want.Cumulative[period][i], 1e-12) {
					t.Errorf("%s %s cumulative %d = %v, want %v", orientation, want.Units[i], period,
						got.Cumulative[period][i], want.Cumulative[period][i])
				}
			}
		}
	}
}

// Results must be bit-identical for any worker count and GOMAXPROCS.
func TestMalmquistDeterministic(t *testing.T) {
	p := syntheticPanel(20, 6, 9)
	run := func(procs, workers int) *MalmquistResult {
		previous := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(previous)
		res, err := Malmquist(context.Background(), p, MalmquistOptions{Workers: workers, Decomposition: RayDesli})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	reference := run(1, 1)
	for _, setting := range [][2]int{{2, 0}, {4, 3}, {8, 8}} {
		res := run(setting[0], setting[1])
		for period := range reference.Distances {
			for i := range reference.Distances[period] {
				if !sameBits(slice6(res.Distances[period][i].fields()), slice6(reference.Distances[period][i].fields())) {
					t.Errorf("GOMAXPROCS %d, workers %d: distances of unit %d, period %d differ", setting[0], setting[1], i, period)
				}
			}
		}
		for k := range reference.Changes {
			for i := range reference.Changes[k] {
				if !sameBits(slice5(res.Changes[k][i].fields()), slice5(reference.Changes[k][i].fields())) {
					t.Errorf("GOMAXPROCS %d, workers %d: indices of unit %d, pair %d differ", setting[0], setting[1], i, k)
				}
			}
		}
		if !sameBits(slice5(res.Mean.fields()), slice5(reference.Mean.fields())) || len(res.Unsolved) != len(reference.Unsolved) {
			t.Errorf("GOMAXPROCS %d, workers %d: means or unsolved programs differ", setting[0], setting[1])
		}
	}
}

func slice5(a [5]float64) []float64 { return a[:] }
func slice6(a [6]float64) []float64 { return a[:] }

func sameBits(a, b []float64) bool {
	for f := range a {
		if math.Float64bits(a[f]) != math.Float64bits(b[f]) {
			return false
		}
	}
	return true
}

// TestMalmquistAgainstGonum checks every CRS and VRS distance of a synthetic panel with 2 inputs against
// the envelopment programs solved by gonum's lp.Simplex on raw data. The tolerance is explained at
// TestEvaluateAgainstGonum.
func TestMalmquistAgainstGonum(t *testing.T) {
	p := syntheticPanel(10, 3, 5)
	res, err := Malmquist(context.Background(), p, MalmquistOptions{CrossPeriodVRS: true})
	if err != nil {
		t.Fatal(err)
	}
	for period := range p.Periods {
		for i := range p.Units {
			x0, y0 := p.X[period].RawRowView(i), p.Y[period].RawRowView(i)
			d := res.Distances[period][i]
			checks := []struct {
				frontier int
				returns  ReturnsToScale
				got      float64
			}{
				{period, CRS, d.CRS}, {period, VRS, d.VRS},
				{period - 1, CRS, d.CRSPrevious}, {period - 1, VRS, d.VRSPrevious},
				{period + 1, CRS, d.CRSNext}, {period + 1, VRS, d.VRSNext},
			}
			for _, c := range checks {
				if c.frontier < 0 || c.frontier >= len(p.Periods) {
					continue
				}
				ref := Technology{X: p.X[c.frontier], Y: p.Y[c.frontier]}
				a, b, sense, cost := envelopmentProgram(ref, x0, y0, Model{Returns: c.returns})
				phi, ok := gonumOptimumOrInfeasible(t, a, b, sense, cost)
				if !ok {
					if !math.IsNaN(c.got) {
						t.Errorf("%s period %d on frontier %d %s = %v, gonum finds it infeasible", p.Units[i], period, c.frontier, c.returns, c.got)
					}
					continue
				}
				if want := 1 / -phi; !relClose(c.got, want, 1e-9) {
					t.Errorf("%s period %d on frontier %d %s = %.17g, gonum %.17g", p.Units[i], period, c.frontier, c.returns, c.got, want)
				}
			}
		}
	}
}

func TestMalmquistCancelled(t *testing.T) {
	p := syntheticPanel(10, 4, 1)
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	_, err := Malmquist(ctx, p, MalmquistOptions{Workers: 1, Progress: func(done, total int) {
		calls++
		if done == 3 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	if calls >= 40 {
		t.Errorf("progress called %d times of 40 unit-periods; cancellation did not stop the run", calls)
	}
}

func TestMalmquistProgress(t *testing.T) {
	p := syntheticPanel(6, 3, 1)
	last, calls := 0, 0
	_, err := Malmquist(context.Background(), p, MalmquistOptions{Progress: func(done, total int) {
		calls++
		if total != 18 || done != last+1 {
			t.Errorf("progress(%d, %d) after %d; want consecutive counts out of 18", done, total, last)
		}
		last = done
	}})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 18 {
		t.Errorf("progress called %d times, want 18", calls)
	}
}

func TestNewPanelUnbalanced(t *testing.T) {
	units := []string{"A", "A", "B"}
	periods := []int{2001, 2002, 2001}
	x := mat.NewDense(3, 1, []float64{1, 2, 3})
	y := mat.NewDense(3, 1, []float64{1, 2, 3})
	_, err := NewPanel(units, periods, nil, nil, x, y)
	var unbalanced *UnbalancedError
	if !errors.As(err, &unbalanced) {
		t.Fatalf("error = %v, want *UnbalancedError", err)
	}
	if unbalanced.Unit != "B" || unbalanced.Period != 2002 {
		t.Errorf("error names unit %q, period %d; want B, 2002", unbalanced.Unit, unbalanced.Period)
	}
}

func TestNewPanelDuplicate(t *testing.T) {
	units := []string{"A", "B", "A"}
	periods := []int{2001, 2001, 2001}
	x := mat.NewDense(3, 1, []float64{1, 2, 3})
	y := mat.NewDense(3, 1, []float64{1, 2, 3})
	_, err := NewPanel(units, periods, nil, nil, x, y)
	var duplicate *DuplicateError
	if !errors.As(err, &duplicate) {
		t.Fatalf("error = %v, want *DuplicateError", err)
	}
	if duplicate.Unit != "A" || duplicate.Period != 2001 || duplicate.FirstRow != 0 || duplicate.SecondRow != 2 {
		t.Errorf("error = %+v, want unit A, period 2001, rows 0 and 2", duplicate)
	}
}

func TestNewPanelBadValue(t *testing.T) {
	units := []string{"Beijing", "Tianjin", "Beijing", "Tianjin"}
	periods := []int{2001, 2001, 2002, 2002}
	x := mat.NewDense(4, 2, []float64{1, 2, 3, 4, 5, -6, 7, 8})
	y := mat.NewDense(4, 1, []float64{1, 2, 3, 4})
	_, err := NewPanel(units, periods, []string{"capital", "labor"}, []string{"gdp"}, x, y)
	var dataErr *DataError
	if !errors.As(err, &dataErr) {
		t.Fatalf("error = %v, want *DataError", err)
	}
	want := DataError{Unit: "Beijing", Period: "2002", Variable: "labor", Value: -6}
	if *dataErr != want {
		t.Errorf("error = %+v, want %+v", *dataErr, want)
	}
}

func TestMalmquistOnePeriod(t *testing.T) {
	p := syntheticPanel(3, 1, 1)
	if _, err := Malmquist(context.Background(), p, MalmquistOptions{}); err == nil {
		t.Error("one-period panel accepted, want an error")
	}
}

// A Panel built by hand is validated too: a NaN output is rejected with its unit and period.
func TestMalmquistRejectsNaN(t *testing.T) {
	p := syntheticPanel(3, 2, 1)
	p.Y[1].Set(2, 0, math.NaN())
	_, err := Malmquist(context.Background(), p, MalmquistOptions{})
	var dataErr *DataError
	if !errors.As(err, &dataErr) {
		t.Fatalf("error = %v, want *DataError", err)
	}
	if dataErr.Unit != "unit3" || dataErr.Period != "2002" || dataErr.Variable != "gdp" || !math.IsNaN(dataErr.Value) {
		t.Errorf("error = %+v, want unit3, 2002, gdp, NaN", dataErr)
	}
}

// BenchmarkMalmquist30x17 times the study-sized run: 30 units, 17 periods, 2 inputs, 1 output, output
// orientation, DEAP's FGNZ decomposition.
func BenchmarkMalmquist30x17(b *testing.B) {
	p := syntheticPanel(30, 17, 2017)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Malmquist(context.Background(), p, MalmquistOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
