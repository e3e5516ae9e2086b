package describe

import (
	"encoding/csv"
	"errors"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/cpstat/cpstat/internal/testref"
)

// Reference values are R 4.2.2 doubles printed to round-trip precision (case j1, computed with mean, sd,
// var, min, max, quantile(type = 7) and the xtsum formulas). The largest difference found is 3.4e-16
// relative, so 1e-12 leaves room for another summation order while catching any wrong divisor.
const tolJ1 = 1e-12

type xtsumCase struct {
	SDOverall  float64 `json:"sd_overall"`
	SDBetween  float64 `json:"sd_between"`
	SDWithin   float64 `json:"sd_within"`
	MinBetween float64 `json:"min_between"`
	MaxBetween float64 `json:"max_between"`
	MinWithin  float64 `json:"min_within"`
	MaxWithin  float64 `json:"max_within"`
	Entities   int     `json:"n_entities"`
	TBar       float64 `json:"T_bar"`
}

type columnCase struct {
	N      int       `json:"N"`
	Mean   float64   `json:"mean"`
	SD     float64   `json:"sd"`
	Min    float64   `json:"min"`
	Max    float64   `json:"max"`
	Median float64   `json:"median"`
	P25    float64   `json:"p25"`
	P75    float64   `json:"p75"`
	Sum    float64   `json:"sum"`
	Var    float64   `json:"var"`
	XtSum  xtsumCase `json:"xtsum"`
}

// readColumns reads a reference CSV into named string columns.
func readColumns(t *testing.T, name string) map[string][]string {
	t.Helper()
	f, err := os.Open(testref.ReferenceData(name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	cols := map[string][]string{}
	for _, rec := range recs[1:] {
		for j, h := range recs[0] {
			cols[h] = append(cols[h], rec[j])
		}
	}
	return cols
}

func parse(t *testing.T, raw []string) []float64 {
	t.Helper()
	out := make([]float64, len(raw))
	for i, s := range raw {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("row %d: %v", i, err)
		}
		out[i] = v
	}
	return out
}

func codes(raw []string) []int32 {
	ids := map[string]int32{}
	out := make([]int32, len(raw))
	for i, s := range raw {
		id, ok := ids[s]
		if !ok {
			id = int32(len(ids))
			ids[s] = id
		}
		out[i] = id
	}
	return out
}

func checkRel(t *testing.T, what string, got, want float64) {
	t.Helper()
	err := math.Abs(got - want)
	if want != 0 {
		err /= math.Abs(want)
	}
	if !(err <= tolJ1) {
		t.Errorf("%s = %.17g, want %.17g (relative error %.3g)", what, got, want, err)
	}
}

func TestDescriptives_J1(t *testing.T) {
	var ref struct {
		Produc   map[string]columnCase `json:"produc"`
		Grunfeld map[string]columnCase `json:"grunfeld"`
	}
	testref.LoadCase(t, "j1_descriptives_produc_grunfeld", &ref)

	for _, set := range []struct {
		file, id string
		cases    map[string]columnCase
	}{
		{"plm_Produc.csv", "state", ref.Produc},
		{"plm_Grunfeld.csv", "firm", ref.Grunfeld},
	} {
		cols := readColumns(t, set.file)
		ids := codes(cols[set.id])
		for name, want := range set.cases {
			var x []float64
			if name == "log_gsp" {
				for _, v := range parse(t, cols["gsp"]) {
					x = append(x, math.Log(v))
				}
			} else {
				x = parse(t, cols[name])
			}
			t.Run(set.file+"/"+name, func(t *testing.T) {
				s := Summarize(x)
				if s.N != want.N || s.NonFinite != 0 {
					t.Fatalf("N = %d with %d non-finite, want %d and 0", s.N, s.NonFinite, want.N)
				}
				checkRel(t, "mean", s.Mean, want.Mean)
				checkRel(t, "sd", s.SD, want.SD)
				checkRel(t, "var", s.Var, want.Var)
				checkRel(t, "min", s.Min, want.Min)
				checkRel(t, "max", s.Max, want.Max)
				checkRel(t, "sum", s.Sum, want.Sum)
				checkRel(t, "p25", s.P25, want.P25)
				checkRel(t, "median", s.Median, want.Median)
				checkRel(t, "p75", s.P75, want.P75)

				xt, err := XtSum(x, ids)
				if err != nil {
					t.Fatal(err)
				}
				if xt.N != want.N || xt.Entities != want.XtSum.Entities {
					t.Errorf("xtsum N = %d, entities = %d; want %d and %d", xt.N, xt.Entities, want.N, want.XtSum.Entities)
				}
				checkRel(t, "T-bar", xt.TBar, want.XtSum.TBar)
				checkRel(t, "sd overall", xt.SDOverall, want.XtSum.SDOverall)
				checkRel(t, "sd between", xt.SDBetween, want.XtSum.SDBetween)
				checkRel(t, "sd within", xt.SDWithin, want.XtSum.SDWithin)
				checkRel(t, "min between", xt.MinBetween, want.XtSum.MinBetween)
				checkRel(t, "max between", xt.MaxBetween, want.XtSum.MaxBetween)
				checkRel(t, "min within", xt.MinWithin, want.XtSum.MinWithin)
				checkRel(t, "max within", xt.MaxWithin, want.XtSum.MaxWithin)
			})
		}
	}
}

func TestNonFiniteExcluded(t *testing.T) {
	x := []float64{4, math.NaN(), 1, math.Inf(-1), 3, 2, math.Inf(1)}
	s := Summarize(x)
	// By hand on {1, 2, 3, 4}: mean 2.5, variance (2.25 + 0.25 + 0.25 + 2.25)/3 = 5/3,
	// type-7 quartiles at h = 1 + 3p: 1.75, 2.5, 3.25.
	if s.N != 4 || s.NonFinite != 3 {
		t.Fatalf("N = %d, non-finite = %d; want 4 and 3", s.N, s.NonFinite)
	}
	for _, c := range []struct {
		what      string
		got, want float64
	}{
		{"mean", s.Mean, 2.5}, {"var", s.Var, 5.0 / 3}, {"min", s.Min, 1}, {"max", s.Max, 4},
		{"p25", s.P25, 1.75}, {"median", s.Median, 2.5}, {"p75", s.P75, 3.25}, {"sum", s.Sum, 10},
	} {
		checkRel(t, c.what, c.got, c.want)
	}

	xt, err := XtSum([]float64{1, 2, math.NaN(), 5, 7}, []int32{0, 0, 1, 1, -1})
	if err != nil {
		t.Fatal(err)
	}
	// Rows kept: entity 0 {1, 2}, entity 1 {5}. Mean 8/3; entity means 1.5 and 5.
	if xt.N != 3 || xt.NonFinite != 1 || xt.MissingID != 1 || xt.Entities != 2 {
		t.Fatalf("xtsum counts %+v, want N 3, 1 non-finite, 1 missing id, 2 entities", xt)
	}
	checkRel(t, "T-bar", xt.TBar, 1.5)
	checkRel(t, "sd between", xt.SDBetween, math.Sqrt(2*1.75*1.75))
	// Within values 1 − 1.5 + 8/3, 2 − 1.5 + 8/3 and 8/3 have mean 8/3 and squared deviations
	// 0.25, 0.25 and 0, so the variance is 0.5/2.
	checkRel(t, "sd within", xt.SDWithin, math.Sqrt(0.25))
}

func TestEmptyAndInvalidInput(t *testing.T) {
	s := Summarize([]float64{math.NaN()})
	if s.N != 0 || s.NonFinite != 1 || !math.IsNaN(s.Mean) || !math.IsNaN(s.Median) {
		t.Errorf("all-NaN summary %+v, want N 0 and NaN statistics", s)
	}
	one := Summarize([]float64{3})
	if one.Mean != 3 || !math.IsNaN(one.SD) || one.Median != 3 {
		t.Errorf("one-value summary %+v, want mean 3, NaN SD, median 3", one)
	}
	if _, err := Quantile([]float64{1, 2}, 1.5); err == nil {
		t.Errorf("probability 1.5 accepted")
	}
	if q, err := Quantile([]float64{1, 2, 3, 4, 5}, 0.9); err != nil || math.Abs(q-4.6) > 1e-15 {
		t.Errorf("Quantile(0.9) = %v, %v; want 4.6 (h = 1 + 4·0.9 = 4.6)", q, err)
	}
	if _, err := XtSum([]float64{1, 2}, []int32{0}); !errors.Is(err, ErrLength) {
		t.Errorf("length mismatch: error %v, want ErrLength", err)
	}
}
