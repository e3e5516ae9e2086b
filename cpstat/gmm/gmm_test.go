package gmm

import (
	"encoding/csv"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/internal/testref"
	"github.com/cpstat/cpstat/internal/textcol"
)

// filterPanel returns the rows of p for which keep(row) is true.
func filterPanel(p *Panel, keep func(r int) bool) *Panel {
	out := &Panel{Vars: map[string][]float64{}}
	for r := range p.Units {
		if !keep(r) {
			continue
		}
		out.Units = append(out.Units, p.Units[r])
		out.Times = append(out.Times, p.Times[r])
		for v, col := range p.Vars {
			out.Vars[v] = append(out.Vars[v], col[r])
		}
	}
	return out
}

// copyPanel returns a deep copy of p.
func copyPanel(p *Panel) *Panel {
	return filterPanel(p, func(int) bool { return true })
}

func rowOf(p *Panel, unit string, time int) int {
	for r := range p.Units {
		if p.Units[r] == unit && p.Times[r] == time {
			return r
		}
	}
	return -1
}

func mustFit(t *testing.T, p *Panel, spec Spec, opts Options) *Result {
	t.Helper()
	res, err := Fit(p, spec, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// A gap must give the same results whether the row is absent or present with missing values, because both
// mean that the unit has no observation in that year.
func TestGapRowAbsentEqualsRowMissing(t *testing.T) {
	full := loadEmplUK(t)
	gapRow := rowOf(full, "1", 1980)
	if gapRow < 0 {
		t.Fatal("EmplUK has no row for firm 1 in 1980")
	}
	absent := filterPanel(full, func(r int) bool { return r != gapRow })
	missing := copyPanel(full)
	for _, v := range []string{"n", "w", "k", "ys"} {
		missing.Vars[v][gapRow] = math.NaN()
	}

	for _, opts := range []Options{{}, {TwoStep: true}} {
		a := mustFit(t, absent, abSpec(), opts)
		m := mustFit(t, missing, abSpec(), opts)

		// Firm 1 is observed 1977–1983 and has differenced equations for 1980–1983. Each of them needs a
		// value from 1980: as the current year, as L.n or L2.n, or in the previous year's terms of the
		// difference. So all 4 go and the firm is left without equations.
		if a.NumObs != 611-4 || m.NumObs != 611-4 {
			t.Errorf("NumObs = %d (absent), %d (missing), want 607", a.NumObs, m.NumObs)
		}
		for _, r := range []*Result{a, m} {
			if len(r.DroppedUnits) != 1 || r.DroppedUnits[0].Unit != "1" || r.NumUnits != 139 {
				t.Errorf("DroppedUnits = %v, NumUnits = %d; want firm 1 dropped and 139 units", r.DroppedUnits, r.NumUnits)
			}
		}
		if len(a.MissingValues) != 0 {
			t.Errorf("absent row: MissingValues = %v, want none", a.MissingValues)
		}
		if len(m.MissingValues) != 4 {
			t.Errorf("missing row: MissingValues = %v, want the 4 variables of firm 1 in 1980", m.MissingValues)
		}
		if a.NumInstruments != m.NumInstruments {
			t.Errorf("instruments %d (absent) and %d (missing)", a.NumInstruments, m.NumInstruments)
		}
		// Both panels give the same equations, so only the order of floating-point sums may differ.
		for k := range a.Coef {
			assertClose(t, "coef "+a.CoefNames[k], m.Coef[k], a.Coef[k], 1e-12)
			assertClose(t, "robust SE "+a.CoefNames[k], m.Robust.SE[k], a.Robust.SE[k], 1e-12)
		}
		assertClose(t, "Hansen", m.Hansen.Statistic, a.Hansen.Statistic, 1e-12)
		assertClose(t, "AR(2)", m.Robust.AR[1].Statistic, a.Robust.AR[1].Statistic, 1e-12)
	}

	// Matching by row position instead would treat 1981 as the year after 1979. Renumbering firm 1's later
	// years to close the gap gives it 6 consecutive years and 3 equations (one fewer than the original 4), and
	// must change the estimates.
	closed := copyPanel(absent)
	for r := range closed.Units {
		if closed.Units[r] == "1" && closed.Times[r] > 1980 {
			closed.Times[r]--
		}
	}
	a := mustFit(t, absent, abSpec(), Options{})
	c := mustFit(t, closed, abSpec(), Options{})
	if c.NumObs != 611-1 || a.Coef[0] == c.Coef[0] {
		t.Errorf("closing the gap gave NumObs %d (want 610) and L.n %v (gap kept: %v); the gap was not respected", c.NumObs, c.Coef[0], a.Coef[0])
	}
}

func assertClose(t *testing.T, what string, got, want, rel float64) {
	t.Helper()
	if !(math.Abs(got-want) <= rel*math.Abs(want)) {
		t.Errorf("%s = %.15g, want %.15g", what, got, want)
	}
}

// syntheticPanel simulates y_it = 0.5 y_i,t−1 + μ_i + ε_it for units × periods, with a seeded generator.
func syntheticPanel(units, periods int, seed uint64) *Panel {
	rng := rand.New(rand.NewPCG(seed, 1))
	p := &Panel{Vars: map[string][]float64{"y": nil}}
	for i := range units {
		mu := rng.NormFloat64()
		y := mu + rng.NormFloat64()
		for t := range periods {
			y = 0.5*y + mu + rng.NormFloat64()
			p.Units = append(p.Units, "u"+strconv.Itoa(i))
			p.Times = append(p.Times, 2001+t)
			p.Vars["y"] = append(p.Vars["y"], y)
		}
	}
	return p
}

func arSpec() Spec {
	return Spec{
		Dependent:  "y",
		Regressors: []Term{{Var: "y", Lags: []int{1}}},
		GMM:        []GMMStyle{{Vars: []string{"y"}, MinLag: 2, MaxLag: AllLags}},
	}
}

// With 4 periods per unit, y on L.y has first-differenced equations in periods 3 and 4 only: residuals one
// period apart exist but none two apart, so AR(2) is NaN with a reason and AR(1) is a number.
func TestARTwoTooShortPanel(t *testing.T) {
	res := mustFit(t, syntheticPanel(50, 4, 7), arSpec(), Options{TwoStep: true})
	if res.NumTransformedObs != 100 {
		t.Errorf("NumTransformedObs = %d, want 2 per unit = 100", res.NumTransformedObs)
	}
	for _, inf := range []Inference{res.Robust, res.NonRobust} {
		if len(inf.AR) != 2 {
			t.Fatalf("AR tests: %d, want 2", len(inf.AR))
		}
		if math.IsNaN(inf.AR[0].Statistic) || inf.AR[0].Reason != "" {
			t.Errorf("AR(1) = %v (%q), want a number", inf.AR[0].Statistic, inf.AR[0].Reason)
		}
		ar2 := inf.AR[1]
		if !math.IsNaN(ar2.Statistic) || !math.IsNaN(ar2.PValue) {
			t.Errorf("AR(2) = %v, p %v, want NaN", ar2.Statistic, ar2.PValue)
		}
		if !strings.Contains(ar2.Reason, "too short") {
			t.Errorf("AR(2) reason %q does not explain the short panel", ar2.Reason)
		}
	}

	// The same holds in system GMM, whose AR test also uses the differenced residuals only.
	sys := arSpec()
	sys.System = true
	res = mustFit(t, syntheticPanel(50, 4, 7), sys, Options{})
	if !math.IsNaN(res.Robust.AR[1].Statistic) || res.Robust.AR[1].Reason == "" {
		t.Errorf("system GMM AR(2) = %v (%q), want NaN with a reason", res.Robust.AR[1].Statistic, res.Robust.AR[1].Reason)
	}
}

// Collapsing keeps one column per lag. For e1's model the differenced equations run 1979–1984, so lags 2 and up
// reach back to 1976 at most: lags 2..8, 7 columns, plus 5 IV-style and 6 time dummies = 18 (pgmm's collapse
// gives min(T − 2, 99 − 2 + 1) = 7 columns as well). With lags 2:3 the GMM part has 2 columns.
func TestCollapsedInstrumentCount(t *testing.T) {
	p := loadEmplUK(t)
	tests := []struct {
		name   string
		minLag int
		maxLag int
		system bool
		want   int
	}{
		{"difference, lags 2:.", 2, AllLags, false, 7 + 5 + 6},
		{"difference, lags 2:3", 2, 3, false, 2 + 5 + 6},
		// System GMM: 7 differenced-equation columns and 1 level column for n, 5+5 IV-style columns for the
		// exogenous regressors (both equations), the constant and 6 time dummies in the level equation. The
		// level equations start in 1978 because of L2.n, so 1978 is the base and 1979–1984 get dummies.
		{"system, lags 2:.", 2, AllLags, true, 7 + 1 + 10 + 1 + 6},
	}
	for _, tt := range tests {
		spec := abSpec()
		spec.GMM = []GMMStyle{{Vars: []string{"n"}, MinLag: tt.minLag, MaxLag: tt.maxLag, Collapse: true}}
		spec.System = tt.system
		res := mustFit(t, p, spec, Options{})
		if res.NumInstruments != tt.want {
			t.Errorf("%s: NumInstruments = %d, want %d: %v", tt.name, res.NumInstruments, tt.want, res.InstrumentNames)
		}
	}
}

// More instruments than units records a warning; the same model with collapsed instruments does not.
func TestInstrumentCountWarning(t *testing.T) {
	full := loadEmplUK(t)
	firms := map[string]bool{}
	small := filterPanel(full, func(r int) bool {
		if len(firms) < 20 || firms[full.Units[r]] {
			firms[full.Units[r]] = true
			return true
		}
		return false
	})

	res := mustFit(t, small, abSpec(), Options{})
	if res.NumUnits != 20 {
		t.Fatalf("NumUnits = %d, want 20", res.NumUnits)
	}
	if res.NumInstruments <= res.NumUnits {
		t.Fatalf("NumInstruments = %d, want more than 20 for this check", res.NumInstruments)
	}
	if !slices.ContainsFunc(res.Warnings, func(w string) bool { return strings.Contains(w, "instruments exceed the 20 units") }) {
		t.Errorf("Warnings = %q, want the instrument-count warning", res.Warnings)
	}

	collapsed := abSpec()
	collapsed.GMM[0].Collapse = true
	res = mustFit(t, small, collapsed, Options{})
	if res.NumInstruments > res.NumUnits || len(res.Warnings) != 0 {
		t.Errorf("collapsed: %d instruments for %d units, warnings %q; want no warning", res.NumInstruments, res.NumUnits, res.Warnings)
	}
}

// A unit observed in too few periods has no equation; it is reported with its reason and the rest is
// estimated as before.
func TestShortUnitDropped(t *testing.T) {
	p := loadEmplUK(t)
	extra := []struct {
		time int
		n    float64
	}{{1980, 1.5}, {1981, 1.6}, {1982, 1.4}}
	for _, e := range extra {
		p.Units = append(p.Units, "short")
		p.Times = append(p.Times, e.time)
		for _, v := range []string{"n", "w", "k", "ys"} {
			p.Vars[v] = append(p.Vars[v], e.n)
		}
	}
	res := mustFit(t, p, abSpec(), Options{})
	// With L2.n a unit needs 4 consecutive years for one differenced equation; 3 give none.
	if len(res.DroppedUnits) != 1 || res.DroppedUnits[0].Unit != "short" {
		t.Fatalf("DroppedUnits = %v, want unit short", res.DroppedUnits)
	}
	if !strings.Contains(res.DroppedUnits[0].Reason, "complete period") {
		t.Errorf("reason %q does not say why", res.DroppedUnits[0].Reason)
	}
	if res.NumUnits != 140 || res.NumObs != 611 || res.NumRows != 1034 {
		t.Errorf("NumUnits %d, NumObs %d, NumRows %d; want 140, 611, 1034", res.NumUnits, res.NumObs, res.NumRows)
	}
}

func TestEmptySampleIsError(t *testing.T) {
	p := syntheticPanel(5, 2, 1) // two periods: y on L.y has no differenced equation
	_, err := Fit(p, arSpec(), Options{})
	var de *DataError
	if !errors.As(err, &de) || !strings.Contains(err.Error(), "estimation sample is empty") {
		t.Fatalf("error %v, want an empty-sample *DataError", err)
	}
}

// loadCaseCSV reads one of the tricky-input files (id, year, v[, expected_lag1]) into a panel.
func loadCaseCSV(t *testing.T, name string) (*Panel, []float64) {
	t.Helper()
	f, err := os.Open(testref.Case(name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	p := &Panel{Vars: map[string][]float64{}}
	var expected []float64
	for _, rec := range records[1:] {
		year, _ := strconv.Atoi(rec[1])
		v, _ := strconv.ParseFloat(rec[2], 64)
		p.Units = append(p.Units, rec[0])
		p.Times = append(p.Times, year)
		p.Vars["v"] = append(p.Vars["v"], v)
		if len(rec) > 3 {
			lag := math.NaN()
			if rec[3] != "" {
				lag, _ = strconv.ParseFloat(rec[3], 64)
			}
			expected = append(expected, lag)
		}
	}
	return p, expected
}

// Lags are matched by time within the unit: a missing year gives a missing lag (PB-08), and one unit's lag
// never comes from another unit (PB-09). The expected lag column is in each file.
func TestLagsMatchedByTime_PB08_PB09(t *testing.T) {
	for _, name := range []string{"PB-08.csv", "PB-09.csv"} {
		p, expected := loadCaseCSV(t, name)
		g, err := newGrid(p, []string{"v"})
		if err != nil {
			t.Fatal(err)
		}
		d := &design{grid: g}
		levelX, _, _ := d.levelSeries(Spec{Dependent: "v"}, []termColumn{{variable: "v", lag: 1}})
		for r := range p.Units {
			unit := slices.Index(g.units, p.Units[r])
			got := levelX[unit][0][p.Times[r]-g.firstTime]
			if got != expected[r] && !(math.IsNaN(got) && math.IsNaN(expected[r])) {
				t.Errorf("%s: L.v of (%s, %d) = %v, want %v", name, p.Units[r], p.Times[r], got, expected[r])
			}
		}
	}
}

// Duplicate (unit, time) keys are rejected with the keys listed (PB-10).
func TestDuplicateKeysRejected_PB10(t *testing.T) {
	p, _ := loadCaseCSV(t, "PB-10.csv")
	_, err := Fit(p, Spec{Dependent: "v", Regressors: []Term{{Var: "v", Lags: []int{1}}},
		GMM: []GMMStyle{{Vars: []string{"v"}, MinLag: 2, MaxLag: AllLags}}}, Options{})
	var de *DataError
	if !errors.As(err, &de) || !strings.Contains(err.Error(), "(1, 2020) in rows 1 and 2") {
		t.Fatalf("error %v, want a *DataError naming (1, 2020)", err)
	}
}

func TestSpecErrors(t *testing.T) {
	p := syntheticPanel(10, 6, 3)
	tests := []struct {
		name string
		spec Spec
		msg  string
	}{
		{"unknown regressor", Spec{Dependent: "y", Regressors: []Term{{Var: "x"}}, GMM: arSpec().GMM}, `"x" not found`},
		{"dependent at lag 0", Spec{Dependent: "y", Regressors: []Term{{Var: "y"}}, GMM: arSpec().GMM}, "lag 0"},
		{"level instruments in difference GMM", Spec{Dependent: "y", Regressors: arSpec().Regressors,
			GMM: []GMMStyle{{Vars: []string{"y"}, MinLag: 2, MaxLag: 3, Equation: LevelEquation}}}, "need system GMM"},
		{"reversed lag range", Spec{Dependent: "y", Regressors: arSpec().Regressors,
			GMM: []GMMStyle{{Vars: []string{"y"}, MinLag: 3, MaxLag: 2}}}, "below the minimum lag"},
		{"no instruments", Spec{Dependent: "y", Regressors: arSpec().Regressors}, "no instruments"},
	}
	for _, tt := range tests {
		_, err := Fit(p, tt.spec, Options{})
		var se *SpecError
		var de *DataError
		if !errors.As(err, &se) && !errors.As(err, &de) {
			t.Errorf("%s: error %v, want a *SpecError or *DataError", tt.name, err)
			continue
		}
		if !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: %q does not contain %q", tt.name, err.Error(), tt.msg)
		}
	}
}

// With the full GMM-style instrument set on a balanced panel, one-step GMM in first differences with H = G and
// in forward orthogonal deviations with H = I give the same estimates (Arellano and Bover 1995). The FOD
// moments are a fixed invertible linear map of the FD moments, and each H is the covariance of its transformed
// errors. The same holds for two-step GMM, and in system GMM for every one-step weight, because the map also
// carries the covariance between transformed and level moments. This checks the orthogonal-deviations code
// against the first-difference code that matches pgmm.
func TestOrthogonalDeviationsEqualDifferencesBalanced(t *testing.T) {
	full := loadEmplUK(t)
	years := map[string][2]int{}
	for r, u := range full.Units {
		span, ok := years[u]
		if !ok {
			span = [2]int{full.Times[r], full.Times[r]}
		}
		years[u] = [2]int{min(span[0], full.Times[r]), max(span[1], full.Times[r])}
	}
	balanced := filterPanel(full, func(r int) bool { return years[full.Units[r]] == [2]int{1976, 1982} })

	spec := Spec{
		Dependent:  "n",
		Regressors: []Term{{Var: "n", Lags: []int{1}}, {Var: "w", Lags: []int{0, 1}}},
		GMM: []GMMStyle{
			{Vars: []string{"n"}, MinLag: 2, MaxLag: AllLags},
			{Vars: []string{"w"}, MinLag: 1, MaxLag: AllLags},
		},
	}
	fod := spec
	fod.Transformation = OrthogonalDeviations
	for _, opts := range []Options{{}, {TwoStep: true}} {
		a := mustFit(t, balanced, spec, opts)
		b := mustFit(t, balanced, fod, opts)
		if a.NumUnits != 62 || a.NumObs != b.NumObs || a.NumInstruments != b.NumInstruments {
			t.Errorf("units %d, obs %d vs %d, instruments %d vs %d", a.NumUnits, a.NumObs, b.NumObs, a.NumInstruments, b.NumInstruments)
		}
		for k := range a.Coef {
			assertClose(t, "FOD coef "+a.CoefNames[k], b.Coef[k], a.Coef[k], 1e-9)
			assertClose(t, "FOD robust SE "+a.CoefNames[k], b.Robust.SE[k], a.Robust.SE[k], 1e-9)
		}
		assertClose(t, "FOD Hansen", b.Hansen.Statistic, a.Hansen.Statistic, 1e-9)
	}

	// System GMM with e3's regressors on the balanced firms. The transformed equation has GMM-style instruments
	// only (w and k instrument the level equation), and the 30 instruments stay below the 62 units so that the
	// moment covariance S is not singular.
	sysFD := bbSpec()
	sysFD.GMM = []GMMStyle{{Vars: []string{"n"}, MinLag: 2, MaxLag: AllLags}}
	sysFD.IV = []IVStyle{{Vars: []string{"w", "k"}, MinLag: 0, MaxLag: 1, Equation: LevelEquation}}
	sysFOD := sysFD
	sysFOD.Transformation = OrthogonalDeviations
	for _, opts := range []Options{{}, {Weight: WeightBlockDiagonal}, {TwoStep: true}} {
		a := mustFit(t, balanced, sysFD, opts)
		b := mustFit(t, balanced, sysFOD, opts)
		if a.NumInstruments != 30 || len(a.Warnings) != 0 {
			t.Errorf("system %+v: %d instruments, warnings %q; want 30 and none", opts, a.NumInstruments, a.Warnings)
		}
		if a.NumObs != b.NumObs || a.NumInstruments != b.NumInstruments {
			t.Errorf("system %+v: obs %d vs %d, instruments %d vs %d", opts, a.NumObs, b.NumObs, a.NumInstruments, b.NumInstruments)
		}
		for k := range a.Coef {
			if diff := math.Abs(b.Coef[k] - a.Coef[k]); diff > 1e-8*a.Robust.SE[k] {
				t.Errorf("system %+v: FOD coef %s = %.15g, FD %.15g", opts, a.CoefNames[k], b.Coef[k], a.Coef[k])
			}
		}
		assertClose(t, "system FOD Hansen", b.Hansen.Statistic, a.Hansen.Statistic, 1e-8)
	}
}

// The difference-in-Hansen statistics of e3's system GMM are differences of two minimized criteria that share
// one moment covariance, so they are not negative, and their degrees of freedom add up.
func TestDiffHansenProperties(t *testing.T) {
	res := mustFit(t, loadEmplUK(t), bbSpec(), Options{TwoStep: true})
	if len(res.DiffHansen) != 4 {
		t.Fatalf("DiffHansen has %d groups, want 3 GMM groups and the level group", len(res.DiffHansen))
	}
	for _, dh := range res.DiffHansen {
		if !(dh.Difference.Statistic >= 0) {
			t.Errorf("%s: difference %v, want ≥ 0", dh.Group, dh.Difference.Statistic)
		}
		if dh.Excluded.DF+dh.Difference.DF != res.Hansen.DF {
			t.Errorf("%s: df %d + %d, want %d", dh.Group, dh.Excluded.DF, dh.Difference.DF, res.Hansen.DF)
		}
		assertClose(t, dh.Group+" J parts", dh.Excluded.Statistic+dh.Difference.Statistic, res.Hansen.Statistic, 1e-9)
	}
	if res.DiffHansen[3].Group != "GMM instruments for levels" || res.DiffHansen[3].Difference.DF != 21 {
		t.Errorf("level group %q with df %d, want 21 columns (7 per variable)", res.DiffHansen[3].Group, res.DiffHansen[3].Difference.DF)
	}
}

// Rows may come in any order: reversing the panel's rows gives the same estimates up to the order of sums.
// System GMM on EmplUK is ill-conditioned enough that summing in another order moves the small year effects
// by about 4e-11, 3e-9 of their size, so the check is relative to each standard error.
func TestRowOrderDoesNotMatter(t *testing.T) {
	p := loadEmplUK(t)
	reversed := &Panel{Vars: map[string][]float64{}}
	for r := len(p.Units) - 1; r >= 0; r-- {
		reversed.Units = append(reversed.Units, p.Units[r])
		reversed.Times = append(reversed.Times, p.Times[r])
		for v, col := range p.Vars {
			reversed.Vars[v] = append(reversed.Vars[v], col[r])
		}
	}
	a := mustFit(t, p, bbSpec(), Options{TwoStep: true})
	b := mustFit(t, reversed, bbSpec(), Options{TwoStep: true})
	for k := range a.Coef {
		if diff := math.Abs(b.Coef[k] - a.Coef[k]); diff > 1e-8*a.Robust.SE[k] {
			t.Errorf("coef %s = %.15g reversed, %.15g in order", a.CoefNames[k], b.Coef[k], a.Coef[k])
		}
		assertClose(t, "Windmeijer SE "+a.CoefNames[k], b.Robust.SE[k], a.Robust.SE[k], 1e-8)
	}
	assertClose(t, "Hansen", b.Hansen.Statistic, a.Hansen.Statistic, 1e-8)
}

// In system GMM the constant plus dummies for all periods but the first span the same columns as dummies for
// all periods, as regressors and as level-equation instruments. So the other coefficients and Hansen's J do
// not change when NoConstant is set.
func TestSystemNoConstantSameFit(t *testing.T) {
	p := loadEmplUK(t)
	withConst := mustFit(t, p, bbSpec(), Options{TwoStep: true})
	spec := bbSpec()
	spec.NoConstant = true
	noConst := mustFit(t, p, spec, Options{TwoStep: true})

	if slices.Contains(noConst.CoefNames, ConstantName) || !slices.Contains(noConst.CoefNames, "1977") {
		t.Errorf("NoConstant coefficients %v, want no constant and a 1977 dummy", noConst.CoefNames)
	}
	if noConst.NumInstruments != withConst.NumInstruments {
		t.Errorf("instruments %d without and %d with the constant", noConst.NumInstruments, withConst.NumInstruments)
	}
	for k := range 5 { // L.n, w, L.w, k, L.k come first in both
		assertClose(t, "coef "+withConst.CoefNames[k], noConst.Coef[k], withConst.Coef[k], 1e-8)
	}
	assertClose(t, "Hansen", noConst.Hansen.Statistic, withConst.Hansen.Statistic, 1e-8)
}

// A duplicated instrument makes Σ Z_i'H_i Z_i and S exactly singular. The generalized inverse is used with a
// warning, and because a duplicate adds no moment condition the estimates equal e1's model without it. The
// tolerance is 1e-9 of each standard error: the generalized inverse drops the zero eigenvalue but the
// eigendecomposition loses a few more digits than the Cholesky inverse.
func TestSingularWeightGeneralizedInverse(t *testing.T) {
	p := loadEmplUK(t)
	plain := mustFit(t, p, abSpec(), Options{TwoStep: true})
	spec := abSpec()
	spec.IV = append(spec.IV, IVStyle{Vars: []string{"w"}}) // w at lag 0 a second time
	dup := mustFit(t, p, spec, Options{TwoStep: true})

	if dup.NumInstruments != plain.NumInstruments+1 {
		t.Errorf("NumInstruments = %d, want %d", dup.NumInstruments, plain.NumInstruments+1)
	}
	for _, want := range []string{"one-step weight matrix", "two-step weight matrix"} {
		if !slices.ContainsFunc(dup.Warnings, func(w string) bool { return strings.Contains(w, want) && strings.Contains(w, "generalized inverse") }) {
			t.Errorf("Warnings = %q, want a generalized-inverse warning for the %s", dup.Warnings, want)
		}
	}
	for k := range plain.Coef {
		if diff := math.Abs(dup.Coef[k] - plain.Coef[k]); diff > 1e-9*plain.Robust.SE[k] {
			t.Errorf("coef %s = %.15g with the duplicate, %.15g without", plain.CoefNames[k], dup.Coef[k], plain.Coef[k])
		}
		assertClose(t, "Windmeijer SE "+plain.CoefNames[k], dup.Robust.SE[k], plain.Robust.SE[k], 1e-9)
	}
	assertClose(t, "Hansen", dup.Hansen.Statistic, plain.Hansen.Statistic, 1e-9)
}

// The text summary shows the sample, the coefficients and the tests; these lines carry e2's pgmm numbers.
func TestSummaryString(t *testing.T) {
	text := mustFit(t, loadEmplUK(t), abSpec(), Options{TwoStep: true}).String()
	for _, want := range []string{
		"Dynamic panel two-step difference GMM (first differences), Windmeijer-corrected standard errors",
		"Units: 140   Equations: 611 (611 transformed, 0 level)   Instruments: 38",
		"Arellano–Bond AR(2): z = -0.2797",
		"Hansen (two-step weights): chi2(25) = 30.1125",
		"Wald, time dummies: chi2(6) = 16.9705",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("summary lacks %q:\n%s", want, text)
		}
	}
	var row []string
	for _, line := range strings.Split(text, "\n") {
		if fields := strings.Fields(line); len(fields) > 0 && fields[0] == "L.n" {
			row = fields
		}
	}
	if want := []string{"L.n", "0.474151", "0.185398", "2.557", "0.0105"}; !slices.Equal(row, want) {
		t.Errorf("L.n row %q, want %q", row, want)
	}
}

// The coefficient table right-aligns its columns by display width, so a Chinese coefficient name (two
// terminal columns per character) does not push its row out of line.
func TestSummaryAlignsChineseNames(t *testing.T) {
	res := mustFit(t, loadEmplUK(t), abSpec(), Options{TwoStep: true})
	res.CoefNames = slices.Clone(res.CoefNames)
	res.CoefNames[0] = "就业滞后"
	text := res.String()
	var header, row string
	for _, line := range strings.Split(text, "\n") {
		switch fields := strings.Fields(line); {
		case len(fields) > 0 && fields[0] == "Coef.":
			header = line
		case len(fields) > 0 && fields[0] == "就业滞后":
			row = line
		}
	}
	if header == "" || row == "" {
		t.Fatalf("summary lacks the header or the 就业滞后 row:\n%s", text)
	}
	if got, want := textcol.Width(row), textcol.Width(header); got != want {
		t.Errorf("row %q is %d terminal columns wide, want %d as the header:\n%s", row, got, want, text)
	}
}
