package linreg

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"
)

// table is a CSV file read column by column.
type table struct {
	header []string
	cols   map[string][]string
}

func readTable(t testing.TB, path string) *table {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	tb := &table{header: recs[0], cols: map[string][]string{}}
	for _, rec := range recs[1:] {
		for j, name := range tb.header {
			tb.cols[name] = append(tb.cols[name], rec[j])
		}
	}
	return tb
}

// num returns a column parsed as float64; "NA" and unparsable cells become NaN.
func (tb *table) num(t testing.TB, name string) []float64 {
	t.Helper()
	raw, ok := tb.cols[name]
	if !ok {
		t.Fatalf("column %q not found in %v", name, tb.header)
	}
	out := make([]float64, len(raw))
	for i, s := range raw {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			v = math.NaN()
		}
		out[i] = v
	}
	return out
}

// factor returns a column as a Factor, coding each distinct string in order of first appearance.
func (tb *table) factor(t testing.TB, name string) Factor {
	t.Helper()
	raw, ok := tb.cols[name]
	if !ok {
		t.Fatalf("column %q not found in %v", name, tb.header)
	}
	ids := map[string]int32{}
	codes := make([]int32, len(raw))
	for i, s := range raw {
		id, seen := ids[s]
		if !seen {
			id = int32(len(ids))
			ids[s] = id
		}
		codes[i] = id
	}
	return Factor{Name: name, Codes: codes}
}

func logs(x []float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = math.Log(v)
	}
	return out
}

// relErr returns |got − want| / |want|, or |got| when want is 0.
func relErr(got, want float64) float64 {
	if want == 0 {
		return math.Abs(got)
	}
	return math.Abs(got-want) / math.Abs(want)
}

// checkRel fails the test when got differs from want by more than tol relative.
func checkRel(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if !(relErr(got, want) <= tol) {
		t.Errorf("%s = %.17g, want %.17g (relative error %.3g > %.0e)", what, got, want, relErr(got, want), tol)
	}
}

// checkAbs fails the test when got differs from want by more than tol.
func checkAbs(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if !(math.Abs(got-want) <= tol) {
		t.Errorf("%s = %.10g, want %.10g (±%g)", what, got, want, tol)
	}
}

// coefIndex returns the position of a coefficient name, failing the test when it is missing.
func coefIndex(t *testing.T, names []string, name string) int {
	t.Helper()
	for i, n := range names {
		if n == name {
			return i
		}
	}
	t.Fatalf("coefficient %q not in %v", name, names)
	return -1
}

func mustFit(t *testing.T, d Design, opt Options) *Result {
	t.Helper()
	res, err := Fit(d, opt)
	if err != nil {
		t.Fatalf("Fit: %v", err)
	}
	return res
}

func mustVCov(t *testing.T, res *Result, spec VCovSpec) *Inference {
	t.Helper()
	in, err := res.VCov(spec)
	if err != nil {
		t.Fatalf("VCov(%+v): %v", spec, err)
	}
	return in
}
