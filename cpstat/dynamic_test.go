package cpstat

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/cpstat/gmm"
	"github.com/cpstat/cpstat/cpstat/table"
	"github.com/cpstat/cpstat/internal/testref"
)

// readEmplUKPanel reads plm's EmplUK data (140 firms, 1976–1984, 1031 rows) with cpstat.ReadCSV
// and adds the log variables of Arellano and Bond (1991) that the reference cases use:
// n = log(emp), w = log(wage), k = log(capital), ys = log(output).
func readEmplUKPanel(t testing.TB) *Panel {
	t.Helper()
	tab, err := ReadCSV(testref.ReferenceData("plm_EmplUK.csv"), WithKeys("firm", "year"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := tab.Panel()
	if err != nil {
		t.Fatal(err)
	}
	for short, long := range map[string]string{"n": "emp", "w": "wage", "k": "capital", "ys": "output"} {
		x, err := p.Float(long)
		if err != nil {
			t.Fatal(err)
		}
		logs := make([]float64, len(x))
		for i, v := range x {
			logs[i] = math.Log(v)
		}
		if p, err = p.With(short, logs); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// gmmReference is the part of a reference case (testdata/reference/cases/e*.json) that the
// product-layer tests compare.
type gmmReference struct {
	RCall        string             `json:"r_call"`
	NObsUsed     int                `json:"n_obs_used"`
	NFirms       int                `json:"n_firms"`
	NInstruments int                `json:"n_instruments"`
	NRows        int                `json:"N_total_rows"`
	CoefNames    []string           `json:"coef_names"`
	Coefficients map[string]float64 `json:"coefficients"`
	SERobust     map[string]float64 `json:"se_robust"`
	ZRobust      map[string]float64 `json:"z_robust"`
	SENonRobust  map[string]float64 `json:"se_nonrobust"`
	Sargan2      gmmRefTest         `json:"sargan_twosteps_weights"`
	Sargan1      gmmRefTest         `json:"sargan_onestep_weights"`
	AR1          gmmRefTest         `json:"ar1_robust"`
	AR2          gmmRefTest         `json:"ar2_robust"`
	WaldCoef     gmmRefTest         `json:"wald_coef_robust"`
	WaldTime     gmmRefTest         `json:"wald_time_dummies_robust"`
}

type gmmRefTest struct {
	Statistic float64  `json:"statistic"`
	DF        *float64 `json:"df"`
	PValue    float64  `json:"p_value"`
}

// pgmmTermNames maps the reference cases' pgmm coefficient names to the names FitGMM gives the
// formula terms. Time dummies are named by their year in both.
var pgmmTermNames = map[string]string{
	"lag(log(emp), 1:2)1":     "L.n",
	"lag(log(emp), 1:2)2":     "L2.n",
	"lag(log(emp), 1)":        "L.n",
	"lag(log(wage), 0:1)0":    "w",
	"lag(log(wage), 0:1)1":    "L.w",
	"log(capital)":            "k",
	"lag(log(capital), 0:1)0": "k",
	"lag(log(capital), 0:1)1": "L.k",
	"lag(log(output), 0:1)0":  "ys",
	"lag(log(output), 0:1)1":  "L.ys",
	"(Intercept)":             gmm.ConstantName,
}

// gmmRefTol is the relative tolerance of every reference statistic: the one the reference README
// gives for GMM, because pgmm solves the same linear systems with other routines (R's solve and
// LAPACK versus gonum's Cholesky).
const gmmRefTol = 1e-7

// The e1 and e2 formula is Arellano and Bond (1991) Table 4 col. b, written with the log columns:
// pgmm's lag(log(emp), 1:2) + lag(log(wage), 0:1) + log(capital) + lag(log(output), 0:1).
const abFormula = "n ~ L(n, 1:2) + w + L(w, 1) + k + ys + L(ys, 1)"

// The e3 formula is Blundell and Bond (1998) Table 4: pgmm's lag(log(emp), 1) +
// lag(log(wage), 0:1) + lag(log(capital), 0:1).
const bbFormula = "n ~ L(n, 1) + w + L(w, 1) + k + L(k, 1)"

var gmmReferenceCases = []struct {
	name     string
	formula  string
	settings GMMSettings
}{
	// pgmm(..., | lag(log(emp), 2:99), effect = "twoways", model = "onestep", transformation = "d")
	{"e1_diff_gmm_onestep_empluk", abFormula, GMMSettings{GMM: "n 2:99", TimeDummies: true}},
	// the same with model = "twosteps"
	{"e2_diff_gmm_twostep_empluk", abFormula, GMMSettings{GMM: "n 2:99", TimeDummies: true, TwoStep: true}},
	// pgmm(..., | lag(log(emp), 2:99) + lag(log(wage), 2:99) + lag(log(capital), 2:99),
	// effect = "twoways", model = "onestep", transformation = "ld")
	{"e3_sys_gmm_onestep_empluk", bbFormula, GMMSettings{GMM: "n 2:99, w 2:99, k 2:99", TimeDummies: true, System: true}},
}

func TestGMMReferenceEmplUK(t *testing.T) {
	p := readEmplUKPanel(t)
	for _, c := range gmmReferenceCases {
		t.Run(c.name, func(t *testing.T) {
			var ref gmmReference
			testref.LoadCase(t, c.name, &ref)
			res, err := p.GMM(c.formula, c.settings)
			if err != nil {
				t.Fatalf("%s: %v", ref.RCall, err)
			}
			checkGMMAgainstReference(t, res, ref)
		})
	}
}

func checkGMMAgainstReference(t *testing.T, res *GMMResult, ref gmmReference) {
	t.Helper()
	if res.NumObs != ref.NObsUsed {
		t.Errorf("NumObs = %d, pgmm n_obs_used = %d", res.NumObs, ref.NObsUsed)
	}
	if res.NumUnits != ref.NFirms {
		t.Errorf("NumUnits = %d, reference n_firms = %d", res.NumUnits, ref.NFirms)
	}
	if res.NumInstruments != ref.NInstruments {
		t.Errorf("NumInstruments = %d, pgmm n_instruments = %d", res.NumInstruments, ref.NInstruments)
	}
	if res.NumRows != ref.NRows {
		t.Errorf("NumRows = %d, reference N_total_rows = %d", res.NumRows, ref.NRows)
	}
	if len(res.MissingValues) != 0 || len(res.DroppedUnits) != 0 || len(res.DroppedCoefficients) != 0 {
		t.Errorf("engine drops: missing %v, units %v, coefficients %v; EmplUK has none", res.MissingValues, res.DroppedUnits, res.DroppedCoefficients)
	}
	if len(res.CoefNames) != len(ref.CoefNames) {
		t.Fatalf("coefficients %v, pgmm %v", res.CoefNames, ref.CoefNames)
	}

	index := map[string]int{}
	for k, name := range res.CoefNames {
		index[name] = k
	}
	for _, pgmmName := range ref.CoefNames {
		name := pgmmName
		if ours, ok := pgmmTermNames[pgmmName]; ok {
			name = ours
		}
		k, ok := index[name]
		if !ok {
			t.Errorf("coefficient %s (pgmm %q) missing from %v", name, pgmmName, res.CoefNames)
			continue
		}
		checkGMMRel(t, "coef "+name, res.Coef[k], ref.Coefficients[pgmmName])
		checkGMMRel(t, "robust SE "+name, res.Robust.SE[k], ref.SERobust[pgmmName])
		checkGMMRel(t, "robust z "+name, res.Robust.Z[k], ref.ZRobust[pgmmName])
		checkGMMRel(t, "non-robust SE "+name, res.NonRobust.SE[k], ref.SENonRobust[pgmmName])
	}

	checkGMMTest(t, "Hansen (pgmm sargan, two-step weights)", res.Hansen.Statistic, res.Hansen.PValue, res.Hansen.DF, ref.Sargan2)
	checkGMMTest(t, "Sargan (pgmm sargan, one-step weights)", res.Sargan.Statistic, res.Sargan.PValue, res.Sargan.DF, ref.Sargan1)
	checkGMMTest(t, "Wald coefficients", res.Robust.WaldCoef.Statistic, res.Robust.WaldCoef.PValue, res.Robust.WaldCoef.DF, ref.WaldCoef)
	checkGMMTest(t, "Wald time dummies", res.Robust.WaldTime.Statistic, res.Robust.WaldTime.PValue, res.Robust.WaldTime.DF, ref.WaldTime)
	checkGMMTest(t, "AR(1)", res.Robust.AR[0].Statistic, res.Robust.AR[0].PValue, 0, ref.AR1)
	checkGMMTest(t, "AR(2)", res.Robust.AR[1].Statistic, res.Robust.AR[1].PValue, 0, ref.AR2)
}

func checkGMMRel(t *testing.T, what string, got, want float64) {
	t.Helper()
	if !(math.Abs(got-want) <= gmmRefTol*math.Abs(want)) {
		t.Errorf("%s = %.15g, pgmm %.15g (relative difference %.2g)", what, got, want, math.Abs(got-want)/math.Abs(want))
	}
}

// checkGMMTest compares a statistic at gmmRefTol, its degrees of freedom when the reference has
// them, and its p-value at 1e-6 relative. The p-value is looser because its relative error is the
// statistic's times d ln p / d ln stat, which exceeds 1 in the tails.
func checkGMMTest(t *testing.T, what string, stat, p float64, df int, want gmmRefTest) {
	t.Helper()
	checkGMMRel(t, what+" statistic", stat, want.Statistic)
	if want.DF != nil && df != int(*want.DF) {
		t.Errorf("%s df = %d, pgmm %v", what, df, *want.DF)
	}
	if !(math.Abs(p-want.PValue) <= 1e-6*want.PValue) {
		t.Errorf("%s p = %.15g, pgmm %.15g", what, p, want.PValue)
	}
}

// TestGMMDropReportEmplUK checks the row-key drop report on e1's formula. EmplUK has no gaps, so
// exactly the first two years of each of the 140 firms lack L(n, 2): 280 of 1031 rows, leaving
// 751 level equations; differencing then loses one more row per firm, 751 − 140 = 611, which is
// pgmm's n_obs_used for e1.
func TestGMMDropReportEmplUK(t *testing.T) {
	res, err := readEmplUKPanel(t).GMM(abFormula, GMMSettings{GMM: "n 2:99", TimeDummies: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Dropped.Dropped(); got != 280 {
		t.Errorf("dropped rows = %d, want 280 (%s)", got, res.Dropped)
	}
	if res.Dropped.Kept != 751 {
		t.Errorf("kept rows = %d, want 751", res.Dropped.Kept)
	}
	for _, g := range res.Dropped.Groups {
		if g.Reason != ReasonNotObserved {
			t.Errorf("drop group %s in %s, want only %q", g.Reason, g.Column, ReasonNotObserved)
		}
	}
	if got := res.RowsUsed(); got != 611 {
		t.Errorf("RowsUsed = %d, want 611 transformed equations", got)
	}
	if res.OutsideWindow != 0 {
		t.Errorf("OutsideWindow = %d without a window", res.OutsideWindow)
	}
}

// TestGMMRowOrderEmplUK reverses the rows of the EmplUK panel: periods are matched by time value,
// so e1's pgmm numbers must still come out.
func TestGMMRowOrderEmplUK(t *testing.T) {
	p := readEmplUKPanel(t)
	rows := make([]int, p.Len())
	for i := range rows {
		rows[i] = p.Len() - 1 - i
	}
	reversed, err := NewPanel(p.DataFrame().Subset(rows), p.EntityColumn(), p.TimeColumn())
	if err != nil {
		t.Fatal(err)
	}
	var ref gmmReference
	testref.LoadCase(t, "e1_diff_gmm_onestep_empluk", &ref)
	res, err := reversed.GMM(abFormula, GMMSettings{GMM: "n 2:99", TimeDummies: true})
	if err != nil {
		t.Fatal(err)
	}
	checkGMMAgainstReference(t, res, ref)
}

// TestGMMPanelGap removes firm 1's 1979 row from EmplUK. Firm 1 is observed 1977–1983. With
// L(n, 1:2) it had level equations 1979–1983 (5) and differenced equations 1980–1983 (4). With
// 1979 missing, 1980 lacks L(n, 1) and 1981 lacks L(n, 2), so only 1982 and 1983 keep a level
// equation and only 1983 a differenced one. Had the gap been closed by row position, 1980 would
// have taken 1978 as its lag and kept its equations.
func TestGMMPanelGap(t *testing.T) {
	p := readEmplUKPanel(t)
	gap := p.Row(RowKey{Entity: "1", Time: 1979})
	if gap < 0 {
		t.Fatal("EmplUK has no row 1/1979")
	}
	var rows []int
	for i := range p.Len() {
		if i != gap {
			rows = append(rows, i)
		}
	}
	withGap, err := NewPanel(p.DataFrame().Subset(rows), p.EntityColumn(), p.TimeColumn())
	if err != nil {
		t.Fatal(err)
	}
	res, err := withGap.GMM(abFormula, GMMSettings{GMM: "n 2:99", TimeDummies: true})
	if err != nil {
		t.Fatal(err)
	}

	if res.NumTransformedObs != 611-3 {
		t.Errorf("transformed equations = %d, want 608 (611 − 3 of firm 1)", res.NumTransformedObs)
	}
	if res.Dropped.Kept != 751-3 {
		t.Errorf("kept rows = %d, want 748 (751 − 3 of firm 1)", res.Dropped.Kept)
	}
	if res.NumUnits != 140 {
		t.Errorf("units = %d, want 140: firm 1 keeps the 1983 equation", res.NumUnits)
	}
	var firm1 []RowKey
	for _, g := range res.Dropped.Groups {
		if g.Reason != ReasonNotObserved {
			t.Errorf("drop group %s in %s, want only %q", g.Reason, g.Column, ReasonNotObserved)
		}
		for _, k := range g.Keys {
			if k.Entity == "1" {
				firm1 = append(firm1, k)
			}
		}
	}
	slices.SortFunc(firm1, func(a, b RowKey) int { return a.Time - b.Time })
	want := []RowKey{{"1", 1977}, {"1", 1978}, {"1", 1980}, {"1", 1981}}
	if !slices.Equal(firm1, want) {
		t.Errorf("dropped rows of firm 1 = %v, want %v", firm1, want)
	}
}

// TestGMMWindowEmplUK keeps 1978–1984. Lags reaching 1977 or earlier are then not observed, so
// each firm's first two years in the window lose their level equation.
func TestGMMWindowEmplUK(t *testing.T) {
	p := readEmplUKPanel(t)
	before := 0
	for _, y := range p.Times() {
		if y < 1978 {
			before++
		}
	}
	res, err := p.GMM(abFormula, GMMSettings{GMM: "n 2:99", TimeDummies: true, Window: Window{From: 1978}})
	if err != nil {
		t.Fatal(err)
	}
	if res.OutsideWindow != before {
		t.Errorf("OutsideWindow = %d, want the %d rows before 1978", res.OutsideWindow, before)
	}
	if res.NumRows != p.Len()-before {
		t.Errorf("engine rows = %d, want %d", res.NumRows, p.Len()-before)
	}
	for _, g := range res.Dropped.Groups {
		for _, k := range g.Keys {
			if k.Time < 1978 {
				t.Errorf("drop report lists %s, outside the window", k)
			}
		}
	}
	if res.Dropped.Rows != p.Len()-before {
		t.Errorf("drop report covers %d rows, want %d", res.Dropped.Rows, p.Len()-before)
	}
}

func TestGMMRejectsTerms(t *testing.T) {
	p := readEmplUKPanel(t)
	cases := []struct {
		formula string
		term    string // the term the error must name
	}{
		{"n ~ L(n, 1) + log(wage)", "log(wage)"},
		{"log(emp) ~ L(n, 1)", "log(emp)"},
		{"n ~ L(n, 1) + L(log(wage), 1)", "L(log(wage), 1)"},
		{"n ~ L(n, 1) + w:k", "w:k"},
		{"n ~ L(n, 1) + i(sector)", "i(sector)"},
		{"n ~ L(n, 1) + F(w, 1)", "F(w, 1)"},
		{"n ~ L(n, 1) + D(w)", "D(w)"},
		{"n ~ L(n, 1) + w | firm", "| firm"},
		{"n ~ L(n, 1) + L(w, 0:1) + w", "w"},
	}
	for _, c := range cases {
		t.Run(c.formula, func(t *testing.T) {
			_, err := p.GMM(c.formula, GMMSettings{GMM: "n 2:."})
			var ge *GMMError
			if !errors.As(err, &ge) {
				t.Fatalf("error = %v, want a *GMMError", err)
			}
			if !errors.Is(err, ErrGMMModel) {
				t.Errorf("error does not wrap ErrGMMModel: %v", err)
			}
			if ge.Part != "formula" {
				t.Errorf("Part = %q, want formula", ge.Part)
			}
			if ge.Term != c.term {
				t.Errorf("Term = %q, want %q", ge.Term, c.term)
			}
			if !strings.Contains(err.Error(), `"`+c.term+`"`) {
				t.Errorf("message does not name %q: %v", c.term, err)
			}
		})
	}
}

func TestGMMSettingsErrors(t *testing.T) {
	p := readEmplUKPanel(t)

	_, err := p.GMM(abFormula, GMMSettings{})
	var ge *GMMError
	if !errors.As(err, &ge) {
		t.Fatalf("no GMM instruments: error = %v, want a *GMMError", err)
	}
	if ge.Part != "settings" {
		t.Errorf("no GMM instruments: Part = %q, want settings", ge.Part)
	}
	if !strings.Contains(err.Error(), `"n 2:."`) {
		t.Errorf("no GMM instruments: message does not suggest \"n 2:.\": %v", err)
	}

	_, err = p.GMM(abFormula, GMMSettings{GMM: "n 2:x"})
	var pe *gmm.ParseError
	if !errors.As(err, &pe) || pe.Token != "2:x" {
		t.Errorf("bad lag range: error = %v, want a *gmm.ParseError on 2:x", err)
	}
	if !errors.Is(err, ErrGMMModel) {
		t.Errorf("bad lag range: error does not wrap ErrGMMModel: %v", err)
	}

	_, err = p.GMM(abFormula, GMMSettings{GMM: "n 2:.", IV: "wages"})
	var nf *ColumnNotFoundError
	if !errors.As(err, &nf) || nf.Name != "wages" || !slices.Contains(nf.Closest, "wage") {
		t.Errorf("unknown IV column: error = %v, want *ColumnNotFoundError for wages suggesting wage", err)
	}

	_, err = p.GMM("n ~ L(n, 1) + firm_name", GMMSettings{GMM: "n 2:."})
	if !errors.As(err, &nf) || nf.Name != "firm_name" {
		t.Errorf("unknown regressor: error = %v, want *ColumnNotFoundError for firm_name", err)
	}

	_, err = p.GMM(abFormula, GMMSettings{GMM: "n 2:.", Window: Window{From: 2001}})
	if !errors.Is(err, ErrEmptyFrame) {
		t.Errorf("window without rows: error = %v, want ErrEmptyFrame", err)
	}

	// n at lag 0 is the outcome itself; the engine rejects it and FitGMM wraps its *gmm.SpecError.
	_, err = p.GMM("n ~ L(n, 0:1)", GMMSettings{GMM: "n 2:."})
	var se *gmm.SpecError
	if !errors.As(err, &se) || !errors.Is(err, ErrGMMModel) {
		t.Errorf("outcome as regressor: error = %v, want a wrapped *gmm.SpecError", err)
	}
}

// TestGMMColumnEmplUK converts e2 (two-step difference GMM) to a table column and checks the
// diagnostics rows against the reference case.
func TestGMMColumnEmplUK(t *testing.T) {
	var ref gmmReference
	testref.LoadCase(t, "e2_diff_gmm_twostep_empluk", &ref)
	res, err := readEmplUKPanel(t).GMM(abFormula, GMMSettings{GMM: "n 2:99", TimeDummies: true, TwoStep: true})
	if err != nil {
		t.Fatal(err)
	}
	col := res.Column("两步差分GMM")

	var terms []string
	for _, c := range col.Coefs {
		terms = append(terms, c.Term)
	}
	if want := []string{"L.n", "L2.n", "w", "L.w", "k", "ys", "L.ys"}; !slices.Equal(terms, want) {
		t.Errorf("coefficient rows %v, want %v (time dummies go to the indicator row)", terms, want)
	}
	checkGMMRel(t, "column SE of L.n", col.Coefs[0].StdErr, ref.SERobust["lag(log(emp), 1:2)1"])
	checkGMMRel(t, "column z of L.n", col.Coefs[0].Stat, ref.ZRobust["lag(log(emp), 1:2)1"])
	if !slices.Equal(col.FixedEffects, []string{"year"}) {
		t.Errorf("indicator rows %v, want [year]", col.FixedEffects)
	}

	stats := map[string]float64{}
	var keys []string
	for _, s := range col.Stats {
		stats[s.Key] = s.Value
		keys = append(keys, s.Key)
	}
	if want := []string{"N", StatGroups, StatInstruments, StatAR1P, StatAR2P, StatHansenP, StatHansenDF}; !slices.Equal(keys, want) {
		t.Errorf("statistics %v, want %v", keys, want)
	}
	if stats["N"] != float64(ref.NObsUsed) {
		t.Errorf("N = %v, want pgmm's %d transformed equations", stats["N"], ref.NObsUsed)
	}
	if stats[StatGroups] != float64(ref.NFirms) {
		t.Errorf("groups = %v, want %d", stats[StatGroups], ref.NFirms)
	}
	if stats[StatInstruments] != float64(ref.NInstruments) {
		t.Errorf("instruments = %v, want %d", stats[StatInstruments], ref.NInstruments)
	}
	checkGMMRel(t, "column AR(1) p", stats[StatAR1P], ref.AR1.PValue)
	checkGMMRel(t, "column AR(2) p", stats[StatAR2P], ref.AR2.PValue)
	checkGMMRel(t, "column Hansen p", stats[StatHansenP], ref.Sargan2.PValue)
	if stats[StatHansenDF] != *ref.Sargan2.DF {
		t.Errorf("Hansen df = %v, pgmm %v", stats[StatHansenDF], *ref.Sargan2.DF)
	}

	for _, l := range []table.Lang{table.Zh, table.En} {
		note := res.Note(l)
		for _, part := range []string{"Windmeijer", "n 2:99", "w L.w k ys L.ys"} {
			if !strings.Contains(note, part) {
				t.Errorf("%s note lacks %q: %s", l, part, note)
			}
		}
	}
	if got := res.Estimator(table.En); got != "two-step difference GMM" {
		t.Errorf("Estimator(En) = %q", got)
	}

	labels := res.Labels(table.Labels{"n": {Zh: "就业", En: "employment"}})
	if got := labels.Lookup("L2.n", table.Zh); got != "就业（滞后2期）" {
		t.Errorf("label of L2.n = %q", got)
	}
	if got := labels.Lookup(StatHansenDF, table.En); got != "Hansen df" {
		t.Errorf("label of %s = %q", StatHansenDF, got)
	}
	reg := table.Regression{Columns: []table.Column{col, res.Column("")}, Labels: labels, Notes: []string{res.Note(table.Zh)}}
	if _, err := reg.Layout(); err != nil {
		t.Errorf("regression table with the column: %v", err)
	}
}

// TestGMMNoConstant checks that "0 +" in the formula leaves the constant out of system GMM.
func TestGMMNoConstant(t *testing.T) {
	p := readEmplUKPanel(t)
	res, err := p.GMM("n ~ 0 + L(n, 1) + w + k", GMMSettings{GMM: "n 2:4", System: true, Collapse: true})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(res.CoefNames, gmm.ConstantName) {
		t.Errorf("coefficients %v include the constant", res.CoefNames)
	}
	for _, g := range res.Spec.GMM {
		if !g.Collapse {
			t.Errorf("GMM group %v is not collapsed under Settings.Collapse", g)
		}
	}
}
