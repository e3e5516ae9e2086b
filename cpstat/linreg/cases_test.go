package linreg

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/cpstat/cpstat/internal/testref"
)

// The expected values of the tricky-input cases are printed to 5 decimals in the cases README, so they
// are compared with an absolute tolerance of half a unit in the last digit.
const tolPrinted5 = 0.5e-5

func TestSingletonsDropped_PB01(t *testing.T) {
	tb := readTable(t, testref.Case("PB-01.csv"))
	d := Design{Y: tb.num(t, "y"), X: [][]float64{tb.num(t, "x")}, Names: []string{"x"},
		FE: []Factor{tb.factor(t, "id")}}

	res := mustFit(t, d, Options{})
	checkAbs(t, "beta", res.Coef[0], 1.41573, tolPrinted5)
	if res.N != 12 {
		t.Errorf("N = %d, want 12", res.N)
	}
	if len(res.DroppedRows) != 4 {
		t.Fatalf("dropped rows %+v, want the 4 singleton ids", res.DroppedRows)
	}
	for i, dr := range res.DroppedRows {
		if dr.Row != i || dr.Reason != Singleton || dr.Column != "id" {
			t.Errorf("dropped row %d = %+v, want row %d as a singleton of id", i, dr, i)
		}
	}
	if res.FE[0].Levels != 3 || res.FE[0].Singletons != 4 {
		t.Errorf("FE info %+v, want 3 levels left and 4 singletons", res.FE[0])
	}
	// Degrees of freedom from N = 12: 12 rows − 1 slope − 3 ids.
	if res.DFResid != 8 {
		t.Errorf("residual df = %d, want 8", res.DFResid)
	}
	iid := mustVCov(t, res, VCovSpec{})
	if iid.KAdjust != 4 || iid.DF != 8 {
		t.Errorf("IID K = %d, df = %g; want 4 and 8", iid.KAdjust, iid.DF)
	}

	kept := mustFit(t, d, Options{KeepSingletons: true})
	checkAbs(t, "beta with singletons kept", kept.Coef[0], 1.41573, tolPrinted5)
	if kept.N != 16 || kept.DFResid != 8 || len(kept.DroppedRows) != 0 {
		t.Errorf("with singletons kept: N = %d, df = %d, %d rows dropped; want 16, 8, 0",
			kept.N, kept.DFResid, len(kept.DroppedRows))
	}
}

func TestSingletonsDroppedRecursively(t *testing.T) {
	// Hand-built chain: dropping firm 3 (a singleton) leaves year 2 with one row, and dropping that row
	// leaves firm 2 with one row. Firms 1 and 4, with 4 rows each, survive.
	firm := []int32{1, 1, 1, 1, 2, 2, 3, 4, 4, 4, 4}
	year := []int32{1, 1, 5, 5, 5, 2, 2, 1, 1, 5, 5}
	n := len(firm)
	y := make([]float64, n)
	x := make([]float64, n)
	for i := range y {
		y[i], x[i] = float64(i*i%7), float64(i%3)
	}
	res := mustFit(t, Design{Y: y, X: [][]float64{x}, FE: []Factor{{Name: "firm", Codes: firm}, {Name: "year", Codes: year}}}, Options{})
	var rows []int
	for _, dr := range res.DroppedRows {
		rows = append(rows, dr.Row)
	}
	want := []int{4, 5, 6}
	if len(rows) != len(want) || rows[0] != 4 || rows[1] != 5 || rows[2] != 6 {
		t.Fatalf("dropped rows %v, want %v", rows, want)
	}
	if res.N != n-3 {
		t.Errorf("N = %d, want %d", res.N, n-3)
	}
}

func TestCollinearRegressorDropped_PB03(t *testing.T) {
	tb := readTable(t, testref.Case("PB-03.csv"))
	d := Design{Y: tb.num(t, "y"), X: [][]float64{tb.num(t, "x1"), tb.num(t, "x2")}, Names: []string{"x1", "x2"},
		FE: []Factor{tb.factor(t, "g")}}
	res := mustFit(t, d, Options{})
	if len(res.Names) != 1 || res.Names[0] != "x1" || len(res.Coef) != 1 {
		t.Fatalf("names %v, coef %v; want x1 only", res.Names, res.Coef)
	}
	checkAbs(t, "coef(x1)", res.Coef[0], 0.825, tolPrinted5)
	if len(res.DroppedRegressors) != 1 {
		t.Fatalf("dropped regressors %+v, want x2", res.DroppedRegressors)
	}
	dr := res.DroppedRegressors[0]
	if dr.Name != "x2" || dr.Column != 1 || dr.Reason != CollinearWithRegressors ||
		len(dr.CollinearWith) != 1 || dr.CollinearWith[0] != "x1" {
		t.Errorf("dropped %+v, want x2 (column 1) collinear with x1", dr)
	}
	if !strings.Contains(dr.Detail, "x2 = 1·x1") {
		t.Errorf("detail %q does not state x2 = 1·x1", dr.Detail)
	}
	for _, spec := range []VCovSpec{{}, {Type: HC1}, {Type: Cluster, Cluster: []string{"g"}, Convention: CR1}} {
		in := mustVCov(t, res, spec)
		if len(in.SE) != 1 || len(in.Names) != 1 || in.VCov.SymmetricDim() != 1 {
			t.Errorf("%+v: SE %v and names %v are not aligned with one coefficient", spec, in.SE, in.Names)
		}
	}
}

func TestRegressorCollinearWithFE(t *testing.T) {
	// A column constant within each group of g is absorbed by the fixed effects.
	g := []int32{0, 0, 0, 1, 1, 1}
	d := Design{
		Y:     []float64{1.3, 2.2, 2.8, 4.1, 5.3, 5.9},
		X:     [][]float64{{1, 2, 3, 4, 5, 6}, {7, 7, 7, -2, -2, -2}},
		Names: []string{"x", "groupconst"},
		FE:    []Factor{{Name: "g", Codes: g}},
	}
	res := mustFit(t, d, Options{})
	if len(res.DroppedRegressors) != 1 || res.DroppedRegressors[0].Reason != CollinearWithFE ||
		res.DroppedRegressors[0].Name != "groupconst" {
		t.Fatalf("dropped %+v, want groupconst collinear with the fixed effects", res.DroppedRegressors)
	}
	// Same slope as PB-03 by construction (same y and x): 0.825.
	checkAbs(t, "coef(x)", res.Coef[0], 0.825, tolPrinted5)
}

func TestAllZeroDummyAndBaseLevel_PB06(t *testing.T) {
	tb := readTable(t, testref.Case("PB-06.csv"))
	// d_yes comes last, so the in-order check drops it as the base level (d_yes = 1 − d_no), as the
	// case's expected equation does.
	d := Design{
		Y:         tb.num(t, "y"),
		X:         [][]float64{tb.num(t, "x"), tb.num(t, "d_no"), tb.num(t, "d_dontknow"), tb.num(t, "d_yes")},
		Names:     []string{"x", "d_no", "d_dontknow", "d_yes"},
		Intercept: true,
	}
	res := mustFit(t, d, Options{})
	want := map[string]float64{InterceptName: 1.19091, "x": 1.63636, "d_no": -0.63030}
	if len(res.Names) != 3 {
		t.Fatalf("names %v, want intercept, x, d_no", res.Names)
	}
	for name, w := range want {
		checkAbs(t, name, res.Coef[coefIndex(t, res.Names, name)], w, tolPrinted5)
	}
	reasons := map[string]RegressorDropReason{}
	for _, dr := range res.DroppedRegressors {
		reasons[dr.Name] = dr.Reason
	}
	if reasons["d_dontknow"] != AllZero || reasons["d_yes"] != CollinearWithRegressors || len(reasons) != 2 {
		t.Errorf("dropped %+v, want d_dontknow (all zero) and d_yes (collinear)", res.DroppedRegressors)
	}
	// Standard errors are finite: no pseudo-inverse of the singular cross-product matrix.
	in := mustVCov(t, res, VCovSpec{})
	for j, se := range in.SE {
		if math.IsNaN(se) || math.IsInf(se, 0) || se <= 0 {
			t.Errorf("SE of %s = %g", res.Names[j], se)
		}
	}

	// In the file's own column order d_no is the redundant level; the fitted values are the same.
	d.X = [][]float64{tb.num(t, "x"), tb.num(t, "d_yes"), tb.num(t, "d_no"), tb.num(t, "d_dontknow")}
	d.Names = []string{"x", "d_yes", "d_no", "d_dontknow"}
	alt := mustFit(t, d, Options{})
	checkAbs(t, "d_yes in file order", alt.Coef[coefIndex(t, alt.Names, "d_yes")], 0.63030, tolPrinted5)
	for i := range res.Residuals {
		checkAbs(t, "residual", alt.Residuals[i], res.Residuals[i], 1e-12)
	}
}

func TestNonFiniteOutcomeDropped_PB11(t *testing.T) {
	tb := readTable(t, testref.Case("PB-11.csv"))
	y, x := tb.num(t, "y"), tb.num(t, "x")
	id := tb.factor(t, "id")

	// All 9 rows: log(0) = −Inf and log(−2) = NaN reach the engine, which drops them.
	res := mustFit(t, Design{Y: logs(y), YName: "log(y)", X: [][]float64{x}, Names: []string{"x"}, FE: []Factor{id}}, Options{})
	checkAbs(t, "beta", res.Coef[0], 0.29764, tolPrinted5)
	if res.N != 7 || len(res.DroppedRows) != 2 || res.DroppedRows[0].Row != 1 || res.DroppedRows[1].Row != 4 {
		t.Fatalf("N = %d, dropped %+v; want 7 rows and rows 1 and 4 dropped", res.N, res.DroppedRows)
	}
	for _, dr := range res.DroppedRows {
		if dr.Reason != NonFiniteY || dr.Column != "log(y)" {
			t.Errorf("dropped %+v, want a non-finite log(y)", dr)
		}
	}
	if len(res.DropSummary) != 1 || res.DropSummary[0].Rows != 2 {
		t.Errorf("drop summary %+v, want 2 rows for log(y)", res.DropSummary)
	}
	for i, u := range res.Residuals {
		if math.IsNaN(u) || math.IsInf(u, 0) {
			t.Fatalf("residual %d = %g: a non-finite value reached the solver", i, u)
		}
	}

	// The 7 rows the formula layer keeps give the same slope.
	var y7, x7 []float64
	var id7 []int32
	for i := range y {
		if y[i] > 0 {
			y7, x7, id7 = append(y7, math.Log(y[i])), append(x7, x[i]), append(id7, id.Codes[i])
		}
	}
	res7 := mustFit(t, Design{Y: y7, X: [][]float64{x7}, FE: []Factor{{Name: "id", Codes: id7}}}, Options{})
	checkAbs(t, "beta on 7 rows", res7.Coef[0], 0.29764, tolPrinted5)
	if res7.N != 7 || len(res7.DroppedRows) != 0 {
		t.Errorf("N = %d with %d dropped, want 7 and none", res7.N, len(res7.DroppedRows))
	}
}

func TestNonFiniteCountedPerColumn(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	d := Design{
		Y:         []float64{1, 2, 3, 4, 5, 6, 7, 8},
		X:         [][]float64{{1, nan, 3, 4, 5, 6, 7, 8}, {2, 1, -inf, 3, nan, 5, 4, 6}},
		Names:     []string{"a", "b"},
		Intercept: true,
		Clusters:  []Factor{{Name: "cl", Codes: []int32{0, 0, 1, 1, 2, -1, 2, 3}}},
	}
	res := mustFit(t, d, Options{})
	want := []DroppedRow{{1, NonFiniteX, "a"}, {2, NonFiniteX, "b"}, {4, NonFiniteX, "b"}, {5, MissingClusterCode, "cl"}}
	if len(res.DroppedRows) != len(want) {
		t.Fatalf("dropped %+v, want %+v", res.DroppedRows, want)
	}
	for i, w := range want {
		if res.DroppedRows[i] != w {
			t.Errorf("dropped row %d = %+v, want %+v", i, res.DroppedRows[i], w)
		}
	}
	counts := map[string]int{}
	for _, c := range res.DropSummary {
		counts[c.Column] = c.Rows
	}
	if counts["a"] != 1 || counts["b"] != 2 || counts["cl"] != 1 {
		t.Errorf("drop summary %+v, want a: 1, b: 2, cl: 1", res.DropSummary)
	}
	if res.N != 4 || len(res.Rows) != 4 || res.Rows[0] != 0 || res.Rows[3] != 7 {
		t.Errorf("N = %d, rows %v; want rows 0, 3, 6, 7", res.N, res.Rows)
	}
}

func TestSingleClusterRejected_PB13(t *testing.T) {
	tb := readTable(t, testref.Case("PB-13.csv"))
	d := Design{Y: tb.num(t, "y"), X: [][]float64{tb.num(t, "x")}, Intercept: true, Clusters: []Factor{tb.factor(t, "cl")}}
	res := mustFit(t, d, Options{})
	for _, conv := range []Convention{Stata, Reghdfe, Fixest, PlmSSS, PlmHC1, CR0, CR1, AregLSDV, XtregOneWay} {
		in, err := res.VCov(VCovSpec{Type: Cluster, Cluster: []string{"cl"}, Convention: conv})
		var ce *ClusterError
		if !errors.As(err, &ce) || !errors.Is(err, ErrVCov) || ce.G != 1 {
			t.Errorf("%v: error %v, want a ClusterError with G = 1 wrapping ErrVCov", conv, err)
		}
		if in != nil {
			t.Errorf("%v: got standard errors %v for one cluster", conv, in.SE)
		}
	}
}

func TestClustersEqualRowsMatchHC1_PB15(t *testing.T) {
	tb := readTable(t, testref.Case("PB-15.csv"))
	d := Design{Y: tb.num(t, "y"), X: [][]float64{tb.num(t, "x")}, Names: []string{"x"},
		FE: []Factor{tb.factor(t, "g")}, Clusters: []Factor{tb.factor(t, "rowid")}}
	res := mustFit(t, d, Options{})
	checkAbs(t, "beta", res.Coef[0], 1.61841, tolPrinted5)

	hc1 := mustVCov(t, res, VCovSpec{Type: HC1})
	checkAbs(t, "HC1 SE", hc1.SE[0], 0.074550, 0.5e-6)
	for _, conv := range []Convention{Stata, Fixest, Reghdfe, AregLSDV} {
		cl := mustVCov(t, res, VCovSpec{Type: Cluster, Cluster: []string{"rowid"}, Convention: conv})
		// g is not nested in the row clusters, so K = 1 slope + 2 levels + 1 constant = 4, and
		// G/(G − 1)·(N − 1)/(N − K) with G = N is N/(N − K), the HC1 factor.
		if cl.KAdjust != 4 || len(cl.Nested) != 0 {
			t.Errorf("%v: K = %d, nested %v; want 4 and none", conv, cl.KAdjust, cl.Nested)
		}
		checkRel(t, conv.String()+" SE vs HC1", cl.SE[0], hc1.SE[0], 1e-12)
	}
}

func TestVIFCollinear_PB16(t *testing.T) {
	tb := readTable(t, testref.Case("PB-16.csv"))
	x1, x2, x3 := tb.num(t, "x1"), tb.num(t, "x2"), tb.num(t, "x3")

	two, err := VIF([][]float64{x1, x2}, []string{"x1", "x2"})
	if err != nil {
		t.Fatal(err)
	}
	for j, v := range two.VIF {
		checkRel(t, "VIF "+two.Names[j], v, 4.375, 1e-12)
	}
	if len(two.Notes) != 0 {
		t.Errorf("notes %v for a full-rank pair", two.Notes)
	}

	three, err := VIF([][]float64{x1, x2, x3}, []string{"x1", "x2", "x3"})
	if err != nil {
		t.Fatal(err)
	}
	for j, v := range three.VIF {
		if !math.IsInf(v, 1) || three.Tolerance[j] != 0 {
			t.Errorf("VIF %s = %g, 1/VIF = %g; want +Inf and 0", three.Names[j], v, three.Tolerance[j])
		}
	}
	if !math.IsInf(three.MeanVIF, 1) {
		t.Errorf("mean VIF = %g, want +Inf", three.MeanVIF)
	}
	if len(three.Notes) != 3 || !strings.Contains(three.Notes[2], "x3 = constant + 1·x1 + 2·x2") {
		t.Errorf("notes %q do not name the relation x3 = x1 + 2·x2", three.Notes)
	}
}

func TestVIFConstantColumn(t *testing.T) {
	res, err := VIF([][]float64{{1, 2, 3, 4}, {5, 5, 5, 5}}, []string{"x", "c"})
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsInf(res.VIF[1], 1) || !strings.Contains(res.Notes[0], "c is constant") {
		t.Errorf("VIF %v, notes %q; want +Inf for the constant column with a note", res.VIF, res.Notes)
	}
	// With the constant column skipped, x has no other regressor: R² = 0, VIF = 1.
	checkRel(t, "VIF x", res.VIF[0], 1, 1e-15)
}
