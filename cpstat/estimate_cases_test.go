package cpstat

import (
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/go-gota/gota/series"
	"gonum.org/v1/gonum/mat"

	"github.com/cpstat/cpstat/cpstat/linreg"
	"github.com/cpstat/cpstat/internal/testref"
)

// crossSection reads a case file without panel keys and declares each line its own entity ("1", "2",
// …) observed in period 1, so that formulas can run on it.
func crossSection(t *testing.T, file string) *Panel {
	t.Helper()
	tb, err := ReadCSV(testref.Case(file))
	if err != nil {
		t.Fatal(err)
	}
	n := tb.DataFrame.Nrow()
	rows := make([]string, n)
	periods := make([]int, n)
	for i := range rows {
		rows[i], periods[i] = strconv.Itoa(i+1), 1
	}
	df := tb.DataFrame.Mutate(series.New(rows, series.String, "row")).Mutate(series.New(periods, series.Int, "period"))
	p, err := NewPanel(df, "row", "period")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// 4 of 7 ids appear once. They are dropped as singletons and reported with their keys; the slope on
// the 12 rows left is the case's β = 1.41573, computed independently and given to five decimals (hence
// 5e-6), and the degrees of freedom count N = 12.
func TestEstimateSingletons_PB01(t *testing.T) {
	p := casePanel(t, "PB-01.csv", "id", "year")
	r := mustEstimate(t, p, "y ~ x | id")

	if r.N != 12 || r.Dropped.Rows != 16 || r.Dropped.Dropped() != 4 {
		t.Fatalf("N = %d of %d rows, %d dropped; want 12 of 16, 4 dropped", r.N, r.Dropped.Rows, r.Dropped.Dropped())
	}
	if len(r.Dropped.Groups) != 1 {
		t.Fatalf("drop groups %+v, want one", r.Dropped.Groups)
	}
	g := r.Dropped.Groups[0]
	if g.Reason != ReasonSingleton || g.Column != "id" {
		t.Errorf("drop group %q in %q, want %q in id", g.Reason, g.Column, ReasonSingleton)
	}
	if want := []RowKey{{"1", 2020}, {"2", 2020}, {"3", 2020}, {"4", 2020}}; !reflect.DeepEqual(g.Keys, want) {
		t.Errorf("dropped keys %v, want %v", g.Keys, want)
	}
	if beta := coefOf(t, r, "x").Estimate; math.Abs(beta-1.41573) > 5e-6 {
		t.Errorf("β = %.6f, want 1.41573", beta)
	}
	// 12 rows − 1 slope − 3 remaining id effects.
	if r.DFResid != 8 || r.FixedEffects[0].Levels != 3 || r.FixedEffects[0].Singletons != 4 {
		t.Errorf("df = %d with %+v; want 8 with 3 levels and 4 singletons", r.DFResid, r.FixedEffects[0])
	}

	kept := mustEstimate(t, p, "y ~ x | id", KeepSingletons())
	if kept.N != 16 || kept.Dropped.Dropped() != 0 {
		t.Errorf("KeepSingletons: N = %d with %d dropped, want 16 and none", kept.N, kept.Dropped.Dropped())
	}
	if beta := coefOf(t, kept, "x").Estimate; math.Abs(beta-1.41573) > 5e-6 {
		t.Errorf("KeepSingletons: β = %.6f, want the same 1.41573", beta)
	}
}

// x2 equals x1 under a group fixed effect. x2 is dropped with the relation named, the coefficient
// vector stays aligned with the names, and coef(x1) is the case's 0.825 (given to three decimals).
func TestEstimateCollinear_PB03(t *testing.T) {
	p := crossSection(t, "PB-03.csv")
	r := mustEstimate(t, p, "y ~ x1 + x2 | g")

	if got := r.Terms(); !reflect.DeepEqual(got, []string{"x1"}) {
		t.Fatalf("terms %q, want [x1]", got)
	}
	if len(r.DroppedRegressors) != 1 {
		t.Fatalf("dropped regressors %+v, want x2 only", r.DroppedRegressors)
	}
	d := r.DroppedRegressors[0]
	if d.Term != "x2" || d.Reason != linreg.CollinearWithRegressors.String() || !reflect.DeepEqual(d.CollinearWith, []string{"x1"}) {
		t.Errorf("dropped %+v, want x2 collinear with x1", d)
	}
	if !strings.Contains(d.Detail, "x1") {
		t.Errorf("detail %q should state the relation with x1", d.Detail)
	}
	c := coefOf(t, r, "x1")
	if math.Abs(c.Estimate-0.825) > 5e-4 {
		t.Errorf("coef(x1) = %.6f, want 0.825", c.Estimate)
	}
	if math.IsNaN(c.StdError) || c.StdError <= 0 {
		t.Errorf("SE(x1) = %v, want a positive number", c.StdError)
	}
	if !strings.Contains(r.Summary(), "Dropped regressor x2") {
		t.Errorf("summary does not name the dropped regressor:\n%s", r.Summary())
	}
}

// One dummy level has no rows (its column is all zero) and the other two sum to the intercept. The
// zero column and one base level are dropped; with d_no listed first, d_yes is the base and the fit is
// the case's y = 1.19091 + 1.63636·x − 0.63030·d_no (five decimals, hence 5e-6).
func TestEstimateAllZeroColumn_PB06(t *testing.T) {
	p := crossSection(t, "PB-06.csv")
	r := mustEstimate(t, p, "y ~ x + d_no + d_yes + d_dontknow")

	want := map[string]float64{"(Intercept)": 1.19091, "x": 1.63636, "d_no": -0.63030}
	if len(r.Coefficients) != len(want) {
		t.Fatalf("terms %q, want %d", r.Terms(), len(want))
	}
	for term, w := range want {
		c := coefOf(t, r, term)
		if math.Abs(c.Estimate-w) > 5e-6 {
			t.Errorf("%s = %.6f, want %.5f", term, c.Estimate, w)
		}
		if math.IsNaN(c.StdError) || math.IsInf(c.StdError, 0) {
			t.Errorf("SE(%s) = %v", term, c.StdError)
		}
	}
	reasons := map[string]string{}
	for _, d := range r.DroppedRegressors {
		reasons[d.Term] = d.Reason
	}
	wantReasons := map[string]string{"d_yes": linreg.CollinearWithRegressors.String(), "d_dontknow": linreg.AllZero.String()}
	if !reflect.DeepEqual(reasons, wantReasons) {
		t.Errorf("dropped regressors %v, want %v", reasons, wantReasons)
	}

	// In the file's column order d_no is the base instead; the fitted values are the same.
	natural := mustEstimate(t, p, "y ~ x + d_yes + d_no + d_dontknow")
	if got := coefOf(t, natural, "d_yes").Estimate; math.Abs(got-0.63030) > 5e-6 {
		t.Errorf("d_yes with d_no as base = %.6f, want 0.63030", got)
	}
	for i := range r.Residuals {
		if math.Abs(r.Residuals[i]-natural.Residuals[i]) > 1e-12 {
			t.Fatalf("residual %d differs between the two bases: %v vs %v", i, r.Residuals[i], natural.Residuals[i])
		}
	}
}

// log(y) with y = 0 and y = −2: the two rows are dropped with their keys, and the id fixed-effects slope
// on the 7 rows left is the case's β = 0.29764 (five decimals). Nothing is NaN.
func TestEstimateLogNonPositive_PB11(t *testing.T) {
	p := casePanel(t, "PB-11.csv", "id", "year")
	r := mustEstimate(t, p, "log(y) ~ x | id", Cluster("id"))

	if r.N != 7 || r.Dropped.Dropped() != 2 {
		t.Fatalf("N = %d with %d dropped, want 7 and 2", r.N, r.Dropped.Dropped())
	}
	g := r.Dropped.Groups[0]
	if g.Reason != ReasonLogNonPositive || g.Column != "y" || !reflect.DeepEqual(g.Keys, []RowKey{{"1", 2020}, {"2", 2020}}) {
		t.Errorf("drop group %+v, want log of non-positive value in y at 1/2020 and 2/2020", g)
	}
	c := coefOf(t, r, "x")
	if math.Abs(c.Estimate-0.29764) > 5e-6 {
		t.Errorf("β = %.6f, want 0.29764", c.Estimate)
	}
	for _, v := range []float64{c.StdError, c.Statistic, c.PValue, r.R2, r.R2Within, r.Cons.Estimate} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("a statistic is %v: %+v", v, r)
		}
	}
}

// NaN, +Inf and −Inf in the regressors: three rows dropped listwise with their reasons. The
// coefficients on the 5 rows left equal the solution of the normal equations X'Xb = X'y, solved in
// the test with gonum's LU-based mat.Dense.Solve (1e-10: a well-conditioned 3 × 3 system).
func TestEstimateNonFinite_PB12(t *testing.T) {
	p := crossSection(t, "PB-12.csv")
	r := mustEstimate(t, p, "y ~ x1 + x2")

	if r.N != 5 || r.Dropped.Dropped() != 3 {
		t.Fatalf("N = %d with %d dropped, want 5 and 3", r.N, r.Dropped.Dropped())
	}
	want := []struct {
		reason DropReason
		column string
		row    string
	}{{ReasonMissing, "x2", "2"}, {ReasonInfinite, "x1", "4"}, {ReasonInfinite, "x2", "6"}}
	for i, w := range want {
		g := r.Dropped.Groups[i]
		if g.Reason != w.reason || g.Column != w.column || len(g.Keys) != 1 || g.Keys[0].Entity != w.row {
			t.Errorf("group %d = %+v, want %q in %s at row %s", i, g, w.reason, w.column, w.row)
		}
	}

	// Rows 1, 3, 5, 7 and 8 of the file.
	y := []float64{1.0, 2.9, 5.1, 7.2, 8.1}
	x := mat.NewDense(5, 3, []float64{1, 0.5, 2.0, 1, 1.5, 1.0, 1, 2.5, 3.0, 1, 3.5, 2.5, 1, 4.0, 1.5})
	var xtx, xty, b mat.Dense
	xtx.Mul(x.T(), x)
	xty.Mul(x.T(), mat.NewDense(5, 1, y))
	if err := b.Solve(&xtx, &xty); err != nil {
		t.Fatal(err)
	}
	for j, term := range []string{"(Intercept)", "x1", "x2"} {
		checkClose(t, term, coefOf(t, r, term).Estimate, b.At(j, 0), 1e-10)
	}
}

// Every row is in cluster "A": the clustered variance is not identified, and Estimate returns an error
// naming the single cluster instead of a finite standard error.
func TestEstimateOneCluster_PB13(t *testing.T) {
	p := crossSection(t, "PB-13.csv")
	r, err := Estimate(p, "y ~ x", Cluster("cl"))
	if err == nil {
		t.Fatalf("no error; standard errors %+v", r.Coefficients)
	}
	var ce *linreg.ClusterError
	if !errors.As(err, &ce) || ce.G != 1 || ce.Cluster != "cl" {
		t.Fatalf("error %v, want a *linreg.ClusterError for cl with G = 1", err)
	}
	if !errors.Is(err, linreg.ErrVCov) || !strings.Contains(err.Error(), "y ~ x") {
		t.Errorf("error %q should wrap linreg.ErrVCov and name the formula", err)
	}
}

// Clusters are the rows themselves: under the Stata convention the factor G/(G − 1)·(N − 1)/(N − K)
// with G = N equals HC1's N/(N − K). The group effects are not nested in singleton clusters, so K = 4.
// The case gives β = 1.61841 and SE = 0.074550 (five significant digits).
func TestEstimateClustersAreRows_PB15(t *testing.T) {
	p := crossSection(t, "PB-15.csv")
	r := mustEstimate(t, p, "y ~ x | g", Cluster("rowid"))

	c := coefOf(t, r, "x")
	if math.Abs(c.Estimate-1.61841) > 5e-6 {
		t.Errorf("β = %.6f, want 1.61841", c.Estimate)
	}
	if math.Abs(c.StdError-0.074550) > 5e-7 {
		t.Errorf("SE = %.7f, want 0.074550", c.StdError)
	}
	if r.VCov.K != 4 || r.VCov.G[0] != 10 || len(r.VCov.Nested) != 0 {
		t.Errorf("K = %d, G = %v, nested %v; want 4, [10], none", r.VCov.K, r.VCov.G, r.VCov.Nested)
	}
	hc1 := mustEstimate(t, p, "y ~ x | g", VCov(HC1))
	checkClose(t, "clustered SE against HC1", c.StdError, coefOf(t, hc1, "x").StdError, 1e-12)
}

// VIF needs an intercept in each auxiliary regression: with x1 and x2 only, VIF = 4.375 for both
// (computed for the case: R² = 0.771428… of either on the other). Adding x3 = x1 + 2·x2 makes every VIF
// +Inf, with a note naming the relation.
func TestVIFCollinear_PB16(t *testing.T) {
	p := crossSection(t, "PB-16.csv")
	two, dropped, err := p.VIF([]string{"x1", "x2"}, Window{})
	if err != nil {
		t.Fatal(err)
	}
	if two.N != 6 || len(dropped) != 0 {
		t.Errorf("N = %d with %d dropped, want 6 and none", two.N, len(dropped))
	}
	for j, name := range two.Names {
		checkClose(t, "VIF "+name, two.VIF[j], 4.375, 1e-12)
	}

	three, _, err := p.VIF([]string{"x1", "x2", "x3"}, Window{})
	if err != nil {
		t.Fatal(err)
	}
	for j, name := range three.Names {
		if !math.IsInf(three.VIF[j], 1) {
			t.Errorf("VIF %s = %v, want +Inf", name, three.VIF[j])
		}
	}
	if len(three.Notes) == 0 || !strings.Contains(three.Notes[0], "x3") {
		t.Errorf("notes %q should name the linear relation", three.Notes)
	}
}
