package cpstat

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/cpstat/cpstat/cpstat/table"
	"github.com/cpstat/cpstat/internal/textcol"
)

// lagPanel has two entities over 2000–2004. x is missing at A/2000, outside the windows used below.
const lagPanel = `id,year,y,x,z
A,2000,1.0,,5
A,2001,2.1,1.5,4
A,2002,2.9,2.5,6
A,2003,4.2,3.0,3
A,2004,5.1,4.5,7
B,2000,0.5,0.2,2
B,2001,1.9,1.0,5
B,2002,3.2,2.2,1
B,2003,3.8,3.1,8
B,2004,5.5,3.9,2
`

// Period keeps rows 2002–2004, but the lag at 2002 still reads 2001 as Stata's L. does with an if
// condition, and the missing x of 2000 (outside the window) is neither used nor reported.
func TestEstimatePeriodKeepsLagsOutside(t *testing.T) {
	p := textPanel(t, lagPanel)
	m, err := NewModel(p, "y ~ L(x, 1)", Period(2002, 2004))
	if err != nil {
		t.Fatal(err)
	}
	lag, err := m.Column("L(x, 1)")
	if err != nil {
		t.Fatal(err)
	}
	if want := []float64{1.5, 2.5, 3.0, 1.0, 2.2, 3.1}; !reflect.DeepEqual(lag, want) {
		t.Errorf("L(x, 1) on 2002–2004 = %v, want %v", lag, want)
	}
	r, err := m.Fit()
	if err != nil {
		t.Fatal(err)
	}
	if r.N != 6 || r.SampleRows != 6 || r.Excluded != 4 || r.Dropped.Dropped() != 0 {
		t.Errorf("N %d, sample %d, excluded %d, dropped %d; want 6, 6, 4, 0", r.N, r.SampleRows, r.Excluded, r.Dropped.Dropped())
	}
	if !strings.Contains(strings.Join(r.Notes, "\n"), "periods 2002–2004: 4 of 10 panel rows excluded") {
		t.Errorf("notes %q should state the restriction", r.Notes)
	}
	if r.Keys[0] != (RowKey{"A", 2002}) {
		t.Errorf("first estimation row %v, want A/2002", r.Keys[0])
	}
}

// Subset selects rows by a mask and renumbers the fixed-effect levels, so an entity with no rows left
// is not counted.
func TestEstimateSubset(t *testing.T) {
	p := textPanel(t, lagPanel)
	keep := make([]bool, p.Len())
	for i, k := range p.Keys() {
		keep[i] = k.Entity == "B"
	}
	r := mustEstimate(t, p, "y ~ x + z | id", Subset(keep))
	if r.N != 5 || r.Excluded != 5 || r.FixedEffects[0].Levels != 1 {
		t.Errorf("N %d, excluded %d, id levels %d; want 5, 5, 1", r.N, r.Excluded, r.FixedEffects[0].Levels)
	}
	for _, k := range r.Keys {
		if k.Entity != "B" {
			t.Errorf("row %v outside the subset was used", k)
		}
	}

	none := make([]bool, p.Len())
	if _, err := Estimate(p, "y ~ x", Subset(none)); !errors.Is(err, ErrEmptyFrame) {
		t.Errorf("empty subset: error %v, want ErrEmptyFrame", err)
	}
}

// A column with values only outside the window is empty in the sample, and the message states it.
func TestEstimatePeriodEmptyColumn(t *testing.T) {
	p := textPanel(t, "id,year,y,x\nA,2000,1,1\nA,2001,2,\nA,2002,3,\nB,2000,2,3\nB,2001,1,\n")
	_, err := Estimate(p, "y ~ x", Period(2001, 2002))
	if !errors.Is(err, ErrEmptyFrame) {
		t.Fatalf("error %v, want ErrEmptyFrame", err)
	}
	want := `column "x" is empty in the sample (periods 2001–2002): all 3 rows are missing`
	if !strings.Contains(err.Error(), want) {
		t.Errorf("message %q lacks %q", err, want)
	}
}

// Without an empty column the message lists the drops, and states the count once.
func TestEstimatePeriodNoUsableRow(t *testing.T) {
	p := textPanel(t, "id,year,y,x\nA,2000,1,1\nA,2001,,2\nA,2002,3,\nB,2001,,3\nB,2002,2,\n")
	_, err := Estimate(p, "y ~ x", Period(2001, 2002))
	if !errors.Is(err, ErrEmptyFrame) {
		t.Fatalf("error %v, want ErrEmptyFrame", err)
	}
	want := "none of the 4 rows in the sample (periods 2001–2002) is usable: 2 missing value in y (A/2001, B/2001), " +
		"2 missing value in x (A/2002, B/2002)"
	if !strings.HasSuffix(err.Error(), want) {
		t.Errorf("message %q, want it to end with %q", err, want)
	}
}

func TestEstimateSettingsErrors(t *testing.T) {
	p := textPanel(t, lagPanel)
	cases := []struct {
		name    string
		formula string
		opts    []EstimateOption
		text    string
	}{
		{"vcov and cluster", "y ~ x", []EstimateOption{VCov(HC1), Cluster("id")}, "conflict"},
		{"cluster without columns", "y ~ x", []EstimateOption{VCov(Clustered)}, "columns to cluster on"},
		{"three cluster columns", "y ~ x", []EstimateOption{Cluster("id", "year", "z")}, "one or two columns"},
		{"same cluster twice", "y ~ x", []EstimateOption{Cluster("id", "id")}, "twice"},
		{"confidence level", "y ~ x", []EstimateOption{ConfLevel(95)}, "outside (0, 1)"},
		{"subset length", "y ~ x", []EstimateOption{Subset([]bool{true})}, "1 entries but the panel has 10 rows"},
		{"reversed period", "y ~ x", []EstimateOption{Period(2004, 2001)}, "give the earlier period first"},
		{"unknown convention", "y ~ x", []EstimateOption{Cluster("id"), SSC(Convention(99))}, "unknown small-sample convention"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Estimate(p, tc.formula, tc.opts...)
			if !errors.Is(err, ErrSettings) || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("error %v, want ErrSettings saying %q", err, tc.text)
			}
		})
	}

	var nf *ColumnNotFoundError
	if _, err := Estimate(p, "y ~ x", Cluster("provice")); !errors.As(err, &nf) {
		t.Errorf("unknown cluster column: error %v, want *ColumnNotFoundError", err)
	}
}

func TestOLSAndFERejectTheOtherKind(t *testing.T) {
	p := textPanel(t, lagPanel)
	if _, err := OLS(p, "y ~ x | id"); !errors.Is(err, ErrSettings) || !strings.Contains(err.Error(), "use FE") {
		t.Errorf("OLS with fixed effects: error %v, want one pointing to FE", err)
	}
	if _, err := FE(p, "y ~ x"); !errors.Is(err, ErrSettings) || !strings.Contains(err.Error(), "no fixed effects") {
		t.Errorf("FE without fixed effects: error %v", err)
	}
	if _, err := OLS(p, "y ~ x"); err != nil {
		t.Errorf("OLS: %v", err)
	}
	if _, err := FE(p, "y ~ x | id"); err != nil {
		t.Errorf("FE: %v", err)
	}
}

// The small-sample counts stated in the Convention documentation for the study's shape: 30 entities ×
// 17 years, entity effects nested in entity clusters, year effects not, 5 slopes.
func TestConventionKStudyShape(t *testing.T) {
	p := syntheticPanel(t, 30, 17, 5)
	r := mustEstimate(t, p, syntheticFormula(5), Cluster("id"))
	want := map[Convention]int{Stata: 22, Fixest: 22, Reghdfe: 21, PlmSSS: 5, AregLSDV: 51}
	for c, k := range want {
		if got := mustWithVCov(t, r, SSC(c)).VCov.K; got != k {
			t.Errorf("%v: K = %d, want %d", c, got, k)
		}
	}
	if !r.VCov.FewClusters || r.VCov.DF != 29 {
		t.Errorf("30 clusters: few = %v, t df = %g; want true and 29", r.VCov.FewClusters, r.VCov.DF)
	}
}

func TestWithVCovKeepsTheFit(t *testing.T) {
	p := syntheticPanel(t, 12, 6, 2)
	r := mustEstimate(t, p, syntheticFormula(2), Cluster("id"), Label("(1)"))

	iid := mustWithVCov(t, r, VCov(IID))
	if iid.VCov.Type != IID || len(iid.VCov.Cluster) != 0 {
		t.Errorf("VCov(IID) on a clustered result gave %v clustered by %v", iid.VCov.Type, iid.VCov.Cluster)
	}
	if iid.Coefficients[0].Estimate != r.Coefficients[0].Estimate || iid.Label != "(1)" {
		t.Errorf("WithVCov changed the estimate or the label")
	}
	if r.VCov.Type != Clustered {
		t.Errorf("WithVCov changed the original result to %v", r.VCov.Type)
	}
	twoWay := mustWithVCov(t, r, Cluster("id", "year"))
	if len(twoWay.VCov.G) != 2 || twoWay.VCov.G[1] != 6 {
		t.Errorf("two-way clusters G = %v, want [12 6]", twoWay.VCov.G)
	}

	for _, opt := range []EstimateOption{Period(2002, 2005), KeepSingletons(), Workers(1)} {
		if _, err := r.WithVCov(opt); !errors.Is(err, ErrSettings) {
			t.Errorf("WithVCov with a fit option: error %v, want ErrSettings", err)
		}
	}
	if _, err := r.WithVCov(Cluster("x1")); !errors.Is(err, ErrSettings) || !strings.Contains(err.Error(), "estimate again") {
		t.Errorf("cluster on a column the fit did not keep: error %v", err)
	}
}

// The constant of a one-way fixed-effects model under the IID variance: xtreg, fe runs OLS of
// y_it − ȳ_i + ȳ on x_it − x̄_i + x̄ and 1. The test runs that augmented regression as pooled OLS and
// compares its intercept and standard error with Result.Cons. Both regressions have the same residuals.
// Pooled OLS divides the RSS by N − 2 and the within model by N − 1 − 12 (one slope, 12 entity
// effects), so the augmented standard error is rescaled by the square root of the ratio.
func TestConsMatchesAugmentedRegression(t *testing.T) {
	p := syntheticPanel(t, 12, 6, 1)
	r := mustEstimate(t, p, "y ~ x1 | id")

	y, _ := p.Float("y")
	x, _ := p.Float("x1")
	codes := p.EntityCodes()
	yMean, xMean := groupMeans(y, codes), groupMeans(x, codes)
	var yAll, xAll float64
	for i := range y {
		yAll += y[i]
		xAll += x[i]
	}
	yAll /= float64(len(y))
	xAll /= float64(len(x))
	yAug, xAug := make([]float64, len(y)), make([]float64, len(x))
	for i := range y {
		yAug[i] = y[i] - yMean[codes[i]] + yAll
		xAug[i] = x[i] - xMean[codes[i]] + xAll
	}
	q, err := p.With("y_aug", yAug)
	if err != nil {
		t.Fatal(err)
	}
	q, err = q.With("x_aug", xAug)
	if err != nil {
		t.Fatal(err)
	}
	aug := mustEstimate(t, q, "y_aug ~ x_aug")
	intercept := coefOf(t, aug, "(Intercept)")
	checkClose(t, "_cons", r.Cons.Estimate, intercept.Estimate, 1e-10)
	rescale := math.Sqrt(float64(aug.DFResid) / float64(r.DFResid))
	checkClose(t, "SE(_cons)", r.Cons.StdError, intercept.StdError*rescale, 1e-10)
}

// A clustered model without regressors has no identified variance of _cons: NaN, not 0.
func TestConsWithoutRegressorsClustered(t *testing.T) {
	p := textPanel(t, lagPanel)
	r := mustEstimate(t, p, "y ~ 1 | id", Cluster("id"))
	if !math.IsNaN(r.Cons.StdError) || !math.IsNaN(r.Cons.PValue) {
		t.Errorf("_cons SE %v, p %v; want NaN", r.Cons.StdError, r.Cons.PValue)
	}
	if !strings.Contains(strings.Join(r.Notes, "\n"), "standard error of _cons") {
		t.Errorf("notes %q should explain the NaN", r.Notes)
	}
	iid := mustWithVCov(t, r, VCov(IID))
	// IID: Var(_cons) = s²/N with no regressors, s² = RSS/(N − 2 ids).
	checkClose(t, "IID SE(_cons)", iid.Cons.StdError, math.Sqrt(iid.RSS/float64(iid.N-2)/float64(iid.N)), 1e-12)
}

func groupMeans(x []float64, codes []int32) map[int32]float64 {
	sum, n := map[int32]float64{}, map[int32]float64{}
	for i, c := range codes {
		sum[c] += x[i]
		n[c]++
	}
	for c := range sum {
		sum[c] /= n[c]
	}
	return sum
}

// The coefficient table of Summary right-aligns its columns by display width, so a Chinese term name
// (two terminal columns per character) does not push its row out of line.
func TestSummaryAlignsChineseTerms(t *testing.T) {
	p := textPanel(t, "id,year,消费,人均收入\nA,2001,1,1\nA,2002,2,3\nA,2003,4,4\nB,2001,2,1\nB,2002,3,2\nB,2003,5,6\n")
	text := mustEstimate(t, p, "消费 ~ 人均收入").Summary()
	var table []string
	for _, line := range strings.Split(text, "\n") {
		if fields := strings.Fields(line); len(fields) > 0 && (fields[0] == "term" || fields[0] == "人均收入" || fields[0] == "(Intercept)") {
			table = append(table, line)
		}
	}
	if len(table) != 3 {
		t.Fatalf("found %d lines of the coefficient table, want 3:\n%s", len(table), text)
	}
	for _, line := range table[1:] {
		if got, want := textcol.Width(line), textcol.Width(table[0]); got != want {
			t.Errorf("line %q is %d terminal columns wide, want %d as the header:\n%s", line, got, want, text)
		}
	}
	if !strings.HasPrefix(table[2], "     人均收入  ") {
		t.Errorf("line %q should start with the term right-aligned under (Intercept)", table[2])
	}
}

func TestResultColumnAndSummary(t *testing.T) {
	p := syntheticPanel(t, 12, 6, 2)
	fe := mustEstimate(t, p, syntheticFormula(2), Cluster("id"), Label("(2)"))
	pooled := mustEstimate(t, p, "y ~ x1", Label("(1)"))

	col := fe.Column("two-way")
	if col.DepVar != "y" || !reflect.DeepEqual(col.FixedEffects, []string{"id", "year"}) {
		t.Errorf("column %+v", col)
	}
	terms := []string{}
	for _, c := range col.Coefs {
		terms = append(terms, c.Term)
	}
	if !reflect.DeepEqual(terms, []string{"x1", "x2", "_cons"}) {
		t.Errorf("column terms %q, want x1, x2, _cons", terms)
	}
	if len(col.Stats) != 3 || col.Stats[0].Key != "N" || col.Stats[0].Value != 72 || col.Stats[2].Key != "r2_within" {
		t.Errorf("stats %+v, want N = 72, r2, r2_within", col.Stats)
	}
	if c := pooled.Column(""); c.Coefs[0].Term != "_cons" || len(c.Stats) != 2 {
		t.Errorf("pooled column %+v: the intercept should be _cons and within R² absent", c)
	}

	reg := table.Regression{Columns: Columns(pooled, fe), FixedEffects: []string{"id", "year"}}
	var b strings.Builder
	if err := table.WriteText(&b, reg, table.TextOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"(1)", "(2)", "常数项", "观测值"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}

	s := fe.Summary()
	for _, want := range []string{"(2): OLS with absorbed fixed effects: y ~ x1 + x2 | id + year",
		"Observations: 72 of 72 sample rows (0 dropped)", "Fixed effects: id (12 levels), year (6 levels)",
		"clustered by id, G = 12; stata convention", "_cons", "Wald F(2, 11)", "Note: only 12 clusters"} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
	if fe.String() != s {
		t.Errorf("String differs from Summary")
	}
}

func TestDescribeModelGrid(t *testing.T) {
	p := textPanel(t, lagPanel)
	d, err := DescribeModel(p, "y ~ x + z | id")
	if err != nil {
		t.Fatal(err)
	}
	if d.N != 9 || len(d.Variables) != 3 || d.Variables[1].N != 9 {
		t.Errorf("N %d with %d variables (x has %d); want 9, 3, 9 on the estimation sample", d.N, len(d.Variables), d.Variables[1].N)
	}
	g := d.Grid(nil, table.En)
	layout, err := g.Layout()
	if err != nil {
		t.Fatal(err)
	}
	if len(layout.Body) != 4 {
		t.Fatalf("%d body rows, want y, x, z and the mean VIF", len(layout.Body))
	}
	if y := layout.Body[0].Cells; y[6].Text != "" || y[7].Text != "" {
		t.Errorf("the response has VIF cells %q %q, want blank", y[6].Text, y[7].Text)
	}
	if x := layout.Body[1].Cells; x[6].Text == "" || x[7].Text == "" {
		t.Errorf("regressor x has no VIF cells")
	}
}

// Refit with no change reproduces Fit bit for bit.
func TestRefitUnchangedEqualsFit(t *testing.T) {
	p := syntheticPanel(t, 20, 8, 3)
	m, err := NewModel(p, syntheticFormula(3), Cluster("id"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := m.Fit()
	if err != nil {
		t.Fatal(err)
	}
	b, err := m.Refit(Change{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.Coefficients, b.Coefficients) || !reflect.DeepEqual(a.Cons, b.Cons) {
		t.Errorf("Refit(Change{}) differs from Fit:\n%+v\n%+v", a.Coefficients, b.Coefficients)
	}
}

// A replaced regressor gives the result of estimating on a panel whose column holds those values.
func TestRefitReplacedColumn(t *testing.T) {
	p := syntheticPanel(t, 20, 8, 3)
	m, err := NewModel(p, syntheticFormula(3), Cluster("id"))
	if err != nil {
		t.Fatal(err)
	}
	x1, _ := m.Column("x1")
	for i := range x1 {
		x1[i] = x1[(i*7+3)%len(x1)] // a fixed permutation: 7 is coprime to 160
	}
	r, err := m.Refit(Change{Columns: map[string][]float64{"x1": x1}})
	if err != nil {
		t.Fatal(err)
	}
	q, err := p.With("x1", x1) // the model rows are the panel rows here
	if err != nil {
		t.Fatal(err)
	}
	want := mustEstimate(t, q, syntheticFormula(3), Cluster("id"))
	for j, c := range want.Coefficients {
		checkClose(t, "coef "+c.Term, r.Coefficients[j].Estimate, c.Estimate, 1e-12)
		checkClose(t, "SE "+c.Term, r.Coefficients[j].StdError, c.StdError, 1e-12)
	}
}

// Resampled rows of a pooled regression equal the least-squares fit of the duplicated data, solved in
// the test from the normal equations of y on 1 and x1.
func TestRefitRows(t *testing.T) {
	p := syntheticPanel(t, 5, 4, 1)
	m, err := NewModel(p, "y ~ x1")
	if err != nil {
		t.Fatal(err)
	}
	rows := []int{0, 0, 1, 3, 3, 3, 7, 12, 19, 19}
	r, err := m.Refit(Change{Rows: rows})
	if err != nil {
		t.Fatal(err)
	}
	y, _ := m.Column("y")
	x, _ := m.Column("x1")
	var n, sx, sy, sxx, sxy float64
	for _, i := range rows {
		n++
		sx += x[i]
		sy += y[i]
		sxx += x[i] * x[i]
		sxy += x[i] * y[i]
	}
	slope := (n*sxy - sx*sy) / (n*sxx - sx*sx)
	intercept := (sy - slope*sx) / n
	checkClose(t, "slope", coefOf(t, r, "x1").Estimate, slope, 1e-10)
	checkClose(t, "intercept", coefOf(t, r, "(Intercept)").Estimate, intercept, 1e-10)
	if r.N != len(rows) || r.Keys[1] != r.Keys[0] {
		t.Errorf("N = %d with keys %v, want %d rows with the repeat kept", r.N, r.Keys[:2], len(rows))
	}
}

// A cluster draw stacks whole clusters, and each copy of a cluster becomes its own cluster with its
// own entity effect. The reference is Estimate on a panel built by hand the same way: copies of an
// entity renamed "e0001#2" and so on.
func TestRefitClusterDraw(t *testing.T) {
	p := syntheticPanel(t, 6, 5, 2)
	m, err := NewModel(p, syntheticFormula(2), Cluster("id"))
	if err != nil {
		t.Fatal(err)
	}
	levels := m.ClusterLevels()
	draw := []int{0, 0, 2, 5, 5, 5}
	r, err := m.Refit(Change{ClusterDraw: draw})
	if err != nil {
		t.Fatal(err)
	}

	var b strings.Builder
	b.WriteString("id,year,y,x1,x2\n")
	y, _ := p.Float("y")
	x1, _ := p.Float("x1")
	x2, _ := p.Float("x2")
	for k, g := range draw {
		for i, key := range p.Keys() {
			if key.Entity == levels[g] {
				fmt.Fprintf(&b, "%s#%d,%d,%v,%v,%v\n", key.Entity, k+1, key.Time, y[i], x1[i], x2[i])
			}
		}
	}
	want := mustEstimate(t, textPanel(t, b.String()), syntheticFormula(2), Cluster("id"))
	if r.N != want.N || r.VCov.G[0] != 6 || r.FixedEffects[0].Levels != 6 {
		t.Errorf("N %d, G %v, id levels %d; want %d, 6, 6", r.N, r.VCov.G, r.FixedEffects[0].Levels, want.N)
	}
	for j, c := range want.Coefficients {
		checkClose(t, "coef "+c.Term, r.Coefficients[j].Estimate, c.Estimate, 1e-12)
		checkClose(t, "SE "+c.Term, r.Coefficients[j].StdError, c.StdError, 1e-12)
	}

	all, err := m.Refit(Change{ClusterDraw: []int{0, 1, 2, 3, 4, 5}})
	if err != nil {
		t.Fatal(err)
	}
	fit, _ := m.Fit()
	checkClose(t, "every cluster once", all.Coefficients[0].Estimate, fit.Coefficients[0].Estimate, 1e-12)
}

func TestRefitErrors(t *testing.T) {
	p := syntheticPanel(t, 4, 3, 1)
	m, err := NewModel(p, "y ~ x1 | id", Cluster("id"))
	if err != nil {
		t.Fatal(err)
	}
	pooled, err := NewModel(p, "y ~ x1")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		model *Model
		c     Change
		text  string
	}{
		{"unknown column", m, Change{Columns: map[string][]float64{"x9": make([]float64, 12)}}, `no column "x9"`},
		{"short column", m, Change{Columns: map[string][]float64{"x1": make([]float64, 5)}}, "5 values but the model has 12 rows"},
		{"row out of range", m, Change{Rows: []int{0, 12}}, "Rows[1] = 12"},
		{"rows and draw", m, Change{Rows: []int{0}, ClusterDraw: []int{0}}, "not both"},
		{"draw out of range", m, Change{ClusterDraw: []int{4}}, "outside the 4 clusters"},
		{"draw without clusters", pooled, Change{ClusterDraw: []int{0}}, "needs a clustered model"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.model.Refit(tc.c)
			if !errors.Is(err, ErrSettings) || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("error %v, want ErrSettings saying %q", err, tc.text)
			}
		})
	}
}

// Refits from several goroutines give the same numbers as serial ones (run with -race to check that
// they share nothing they write).
func TestRefitConcurrent(t *testing.T) {
	p := syntheticPanel(t, 10, 6, 2)
	m, err := NewModel(p, syntheticFormula(2), Cluster("id"), Workers(1))
	if err != nil {
		t.Fatal(err)
	}
	draws := [][]int{{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {9, 9, 1, 1, 2, 3, 4, 5, 6, 0}, {3, 3, 3, 3, 4, 4, 5, 6, 7, 8}}
	serial := make([]float64, len(draws))
	for i, d := range draws {
		r, err := m.Refit(Change{ClusterDraw: d})
		if err != nil {
			t.Fatal(err)
		}
		serial[i] = r.Coefficients[0].Estimate
	}
	var wg sync.WaitGroup
	parallel := make([]float64, len(draws))
	for i, d := range draws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r, err := m.Refit(Change{ClusterDraw: d}); err == nil {
				parallel[i] = r.Coefficients[0].Estimate
			}
		}()
	}
	wg.Wait()
	if !reflect.DeepEqual(serial, parallel) {
		t.Errorf("parallel refits %v differ from serial %v", parallel, serial)
	}
}
