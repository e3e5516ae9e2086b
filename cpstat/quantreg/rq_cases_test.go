package quantreg

import (
	"context"
	"encoding/csv"
	"errors"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/cpstat/cpstat/internal/testref"
	"gonum.org/v1/gonum/mat"
)

// readCaseCSV returns the header and the numeric columns of a tricky-input file.
func readCaseCSV(t *testing.T, name string) ([]string, [][]float64) {
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
	cols := make([][]float64, len(records[0]))
	for i, rec := range records[1:] {
		for j, s := range rec {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("%s row %d column %s: %v", name, i+1, records[0][j], err)
			}
			cols[j] = append(cols[j], v)
		}
	}
	return records[0], cols
}

// designFromColumns builds a design from named columns; "(Intercept)" adds a column of ones.
func designFromColumns(y []float64, names []string, columns map[string][]float64) Design {
	x := mat.NewDense(len(y), len(names), nil)
	for j, name := range names {
		for i := range y {
			if name == "(Intercept)" {
				x.Set(i, j, 1)
			} else {
				x.Set(i, j, columns[name][i])
			}
		}
	}
	return Design{Y: y, X: x, Names: names}
}

// PB-19: y = {3,4,4,5,8,9,9,10} (as ordered in the file). The intercept-only median is any value in [5, 8]
// with Σρ = 10 at τ = 0.5; with x the solution is a = −1, b = 5 with Σρ = 2 at a degenerate vertex. The
// numbers are the case's hand computation; rq(method = "br") in R quantreg 5.94 returns 5 and (−1, 5).
func TestTiesInQuantileRegression_PB19(t *testing.T) {
	header, cols := readCaseCSV(t, "PB-19.csv")
	if header[0] != "y" || header[1] != "x" {
		t.Fatalf("PB-19 header = %v", header)
	}
	y, x := cols[0], cols[1]
	columns := map[string][]float64{"x": x}

	t.Run("intercept only", func(t *testing.T) {
		res, err := Fit(designFromColumns(y, []string{"(Intercept)"}, columns), 0.5, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.N != 8 {
			t.Errorf("N = %d, want 8", res.N)
		}
		if c := res.Coef[0]; c < 5 || c > 8 {
			t.Errorf("median = %v, want a value in [5, 8]", c)
		}
		if res.Coef[0] != 5 {
			t.Errorf("median = %v, want 5, the vertex rq(method = \"br\") returns", res.Coef[0])
		}
		if math.Abs(res.Objective-10) > 1e-12 {
			t.Errorf("objective = %v, want 10", res.Objective)
		}
		if !res.NonUnique || !res.UniquenessChecked {
			t.Errorf("NonUnique = %v (checked %v), want true", res.NonUnique, res.UniquenessChecked)
		}
		if len(res.Notes) == 0 {
			t.Error("no note warns about the non-unique solution")
		}
	})

	t.Run("with x", func(t *testing.T) {
		res, err := Fit(designFromColumns(y, []string{"(Intercept)", "x"}, columns), 0.5, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Coef[0] != -1 || res.Coef[1] != 5 {
			t.Errorf("coef = %v, want [-1 5]", res.Coef)
		}
		if math.Abs(res.Objective-2) > 1e-12 {
			t.Errorf("objective = %v, want 2", res.Objective)
		}
		if !res.Degenerate || res.ZeroResiduals != 4 {
			t.Errorf("Degenerate = %v with %d zero residuals, want true with 4", res.Degenerate, res.ZeroResiduals)
		}
		// Within each x group the median of {3,4,4,5} and of {8,9,9,10} is unique, so the fit is unique even
		// though the simplex ends with a zero reduced cost (R warns "Solution may be nonunique").
		if res.NonUnique {
			t.Error("NonUnique = true, want false: both group medians are unique")
		}
		if !res.ZeroReducedCost {
			t.Error("ZeroReducedCost = false, want true as in R's warning")
		}
	})
}

// PB-20: τ = 0 or 1 must fail before any work with an error naming the value.
func TestTauBounds_PB20(t *testing.T) {
	header, cols := readCaseCSV(t, "PB-20.csv")
	d := designFromColumns(cols[0], []string{"(Intercept)", header[1]}, map[string][]float64{header[1]: cols[1]})
	for _, tau := range []float64{0, 1, -0.5, 1.5, math.NaN()} {
		_, err := Fit(d, tau, Options{})
		var te *TauError
		if !errors.As(err, &te) || !errors.Is(err, ErrInvalidTau) {
			t.Errorf("tau = %v: err = %v, want a *TauError wrapping ErrInvalidTau", tau, err)
		}
	}
	if _, err := Fit(Design{Y: []float64{1}, X: nil}, 0, Options{}); !errors.Is(err, ErrInvalidTau) {
		t.Errorf("tau = 0 with a nil design: err = %v, want the tau error first", err)
	}
}

// PB-04: an intercept plus all seven weekday dummies. The rank check drops the redundant dummy (sun, the
// last one) with a note, and the fitted values equal those of the model written without it. The expected
// fitted values are from R quantreg 5.94: rq(load ~ lag_load + mon + tue + wed + thu + fri + sat, tau = 0.5),
// whose 14 values are exact to the printed three decimals; the tolerance 1e-9 covers rounding in pivots.
func TestDummyTrap_PB04(t *testing.T) {
	header, cols := readCaseCSV(t, "PB-04.csv")
	columns := map[string][]float64{}
	for j, h := range header {
		columns[h] = cols[j]
	}
	y := columns["load"]
	full := []string{"(Intercept)", "lag_load", "mon", "tue", "wed", "thu", "fri", "sat", "sun"}
	res, err := Fit(designFromColumns(y, full, columns), 0.5, Options{})
	if err != nil {
		t.Fatalf("rank-deficient design: %v", err)
	}
	if len(res.Dropped) != 1 || res.Dropped[0].Name != "sun" || res.Dropped[0].Index != 8 {
		t.Fatalf("Dropped = %+v, want sun (index 8)", res.Dropped)
	}
	if len(res.Names) != 8 || len(res.Coef) != 8 {
		t.Errorf("kept %d names and %d coefficients, want 8 and 8", len(res.Names), len(res.Coef))
	}
	if len(res.Notes) == 0 {
		t.Error("no note reports the dropped column")
	}

	withoutSun, err := Fit(designFromColumns(y, full[:8], columns), 0.5, Options{})
	if err != nil {
		t.Fatal(err)
	}
	withoutMon, err := Fit(designFromColumns(y, []string{"(Intercept)", "lag_load", "tue", "wed", "thu", "fri", "sat", "sun"}, columns), 0.5, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rFitted := []float64{10.2, 11.5, 11.9, 12.4, 13.8, 15.1, 9.7, 10.425, 11.2, 12.125, 11.725, 14.025, 14.725, 9.1}
	for i := range y {
		if math.Abs(res.Fitted[i]-withoutSun.Fitted[i]) > 1e-9 {
			t.Errorf("row %d: fitted %v, without sun %v", i, res.Fitted[i], withoutSun.Fitted[i])
		}
		if math.Abs(res.Fitted[i]-withoutMon.Fitted[i]) > 1e-9 {
			t.Errorf("row %d: fitted %v, without mon %v", i, res.Fitted[i], withoutMon.Fitted[i])
		}
		if math.Abs(res.Fitted[i]-rFitted[i]) > 1e-9 {
			t.Errorf("row %d: fitted %v, R %v", i, res.Fitted[i], rFitted[i])
		}
	}
	// With 14 rows and 8 coefficients the iid sparsity needs order statistics up to rank 19, which do not
	// exist (R returns NA); the error must report that instead of indexing past the data.
	_, err = res.Infer(context.Background(), InferenceOptions{Method: SEIID})
	var few *TooFewObservationsError
	if !errors.As(err, &few) || few.N != 14 {
		t.Errorf("iid standard errors: err = %v, want a *TooFewObservationsError with N = 14", err)
	}
}
