package cpstat

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"runtime"
	"slices"
	"testing"

	"github.com/cpstat/cpstat/internal/testref"
)

// wcrReference holds the exact enumeration p-values that cpstat/testdata/wildboot/grunfeld_wcr.R
// computes with R 4.2.2 by refitting lm() on all 2^10 Rademacher bootstrap samples of Grunfeld.
type wcrReference map[string]struct {
	T float64 `json:"t"` // with vcovCL's HC1 factor, which differs from Stata's; not compared
	P float64 `json:"p"`
}

func grunfeld(t *testing.T) *Panel {
	t.Helper()
	tab, err := ReadCSV(testref.ReferenceData("plm_Grunfeld.csv"), WithKeys("firm", "year"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := tab.Panel()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestWildBootstrapEnumerationMatchesR compares the enumerated WCR p-values on Grunfeld (G = 10, so
// 1024 distinct Rademacher draws) with R's brute-force enumeration. Both are multiples of 1/1024 and
// must agree exactly.
func TestWildBootstrapEnumerationMatchesR(t *testing.T) {
	raw, err := os.ReadFile("testdata/wildboot/grunfeld_wcr.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref wcrReference
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	p := grunfeld(t)
	cases := []struct {
		key, formula, term string
		null               float64
	}{
		{"twoway_value_null0", "inv ~ value + capital | firm + year", "value", 0},
		{"oneway_capital_null0.2", "inv ~ value + capital | firm", "capital", 0.2},
		{"pooled_value_null0", "inv ~ value + capital", "value", 0},
	}
	for _, c := range cases {
		t.Run(c.key, func(t *testing.T) {
			res, err := Estimate(p, c.formula, Cluster("firm"))
			if err != nil {
				t.Fatal(err)
			}
			wb, err := res.WildBootstrap(context.Background(), c.term, WildBootSettings{Null: c.null, NoInterval: true})
			if err != nil {
				t.Fatal(err)
			}
			if !wb.Enumerated || wb.Reps != 1024 {
				t.Errorf("Enumerated = %v with %d draws, want all 1024", wb.Enumerated, wb.Reps)
			}
			want := ref[c.key].P
			if want == 0 {
				t.Fatalf("reference %s missing", c.key)
			}
			if wb.P != want {
				t.Errorf("P = %v (%v of 1024), R enumeration gives %v (%v of 1024)", wb.P, wb.P*1024, want, want*1024)
			}
		})
	}
}

// TestWildBootstrapMatchesBruteForce rebuilds every bootstrap sample y* = ŷ_r + v_g·ũ with the real
// estimator (the restricted fit and one Refit per draw) and compares the sorted t* with the fast
// algebra. Rounding differs between the two paths, so t* agree to 1e-8 relative.
func TestWildBootstrapMatchesBruteForce(t *testing.T) {
	p := grunfeld(t)
	model, err := NewModel(p, "inv ~ value + capital | firm + year", Cluster("firm"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := model.Fit()
	if err != nil {
		t.Fatal(err)
	}
	wb, err := res.WildBootstrap(context.Background(), "value", WildBootSettings{NoInterval: true})
	if err != nil {
		t.Fatal(err)
	}

	restricted, err := Estimate(p, "inv ~ capital | firm + year", Cluster("firm"))
	if err != nil {
		t.Fatal(err)
	}
	y, err := model.Column("inv")
	if err != nil {
		t.Fatal(err)
	}
	firms := model.ClusterLevels()
	keys := model.Keys()
	var brute []float64
	for index := range 1 << len(firms) {
		v := make([]float64, len(firms))
		enumerateWeights(v, index, Rademacher)
		ystar := make([]float64, len(y))
		for i, k := range keys {
			g := slices.Index(firms, k.Entity)
			ystar[i] = y[i] + restricted.Residuals[i]*(v[g]-1)
		}
		fit, err := model.Refit(Change{Columns: map[string][]float64{"inv": ystar}})
		if err != nil {
			t.Fatal(err)
		}
		c, _ := fit.Coef("value")
		brute = append(brute, c.Statistic)
	}
	fast := slices.Clone(wb.TStar)
	slices.Sort(fast)
	slices.Sort(brute)
	for i := range fast {
		if math.Abs(fast[i]-brute[i]) > 1e-8*math.Max(1, math.Abs(brute[i])) {
			t.Fatalf("sorted t*[%d] = %v, brute force %v", i, fast[i], brute[i])
		}
	}
	c, _ := res.Coef("value")
	if wb.T != c.Statistic {
		t.Errorf("T = %v, the fit's t = %v", wb.T, c.Statistic)
	}
}

func webbRun(t *testing.T, res *Result, procs int) *WildBootResult {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	wb, err := res.WildBootstrap(context.Background(), "value", WildBootSettings{Weights: Webb, Reps: 999, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	return wb
}

func TestWildBootstrapSameForAnyGOMAXPROCS(t *testing.T) {
	res, err := Estimate(grunfeld(t), "inv ~ value + capital | firm + year", Cluster("firm"))
	if err != nil {
		t.Fatal(err)
	}
	want := webbRun(t, res, 1)
	if want.Enumerated || want.Reps != 999 {
		t.Fatalf("Webb weights with 10 clusters: Enumerated %v, %d draws; want 999 random draws", want.Enumerated, want.Reps)
	}
	for _, procs := range []int{2, 8} {
		got := webbRun(t, res, procs)
		if !slices.Equal(got.TStar, want.TStar) || got.P != want.P || got.Lower != want.Lower || got.Upper != want.Upper {
			t.Errorf("GOMAXPROCS %d: P %v [%v, %v], with 1: P %v [%v, %v]", procs, got.P, got.Lower, got.Upper, want.P, want.Lower, want.Upper)
		}
	}
}

// TestWildBootstrapIntervalInvertsTest: at each end of the interval the p-value is 1 − level, so a test
// of a null just inside the interval does not reject at 5 % and one just outside does.
func TestWildBootstrapIntervalInvertsTest(t *testing.T) {
	res, err := Estimate(grunfeld(t), "inv ~ value + capital | firm + year", Cluster("firm"))
	if err != nil {
		t.Fatal(err)
	}
	s := WildBootSettings{Weights: Webb, Reps: 1999, Seed: 9}
	wb, err := res.WildBootstrap(context.Background(), "value", s)
	if err != nil {
		t.Fatal(err)
	}
	if !(wb.Lower < wb.Estimate && wb.Estimate < wb.Upper) {
		t.Fatalf("interval [%v, %v] does not contain β̂ = %v", wb.Lower, wb.Upper, wb.Estimate)
	}
	step := 1e-4 * wb.StdError
	for _, c := range []struct {
		null   float64
		reject bool
	}{{wb.Lower + step, false}, {wb.Lower - step, true}, {wb.Upper - step, false}, {wb.Upper + step, true}} {
		s.Null, s.NoInterval = c.null, true
		at, err := res.WildBootstrap(context.Background(), "value", s)
		if err != nil {
			t.Fatal(err)
		}
		if (at.P < 0.05) != c.reject {
			t.Errorf("β0 = %v: P = %v, want rejection at 5 %% = %v", c.null, at.P, c.reject)
		}
	}
}

func TestWildBootstrapNeedsOneWayClusters(t *testing.T) {
	p := grunfeld(t)
	res, err := Estimate(p, "inv ~ value + capital | firm + year")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := res.WildBootstrap(context.Background(), "value", WildBootSettings{}); !errors.Is(err, ErrWildBootstrap) {
		t.Errorf("IID result: err = %v, want ErrWildBootstrap", err)
	}
	res, err = Estimate(p, "inv ~ value + capital | firm + year", Cluster("firm"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := res.WildBootstrap(context.Background(), "nope", WildBootSettings{}); !errors.Is(err, ErrWildBootstrap) {
		t.Errorf("unknown term: err = %v, want ErrWildBootstrap", err)
	}
}
