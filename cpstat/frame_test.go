package cpstat

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/go-gota/gota/series"

	"github.com/cpstat/cpstat/cpstat/formula"
	"github.com/cpstat/cpstat/internal/testref"
)

func mustFrame(t *testing.T, p *Panel, src string, s FrameSettings) *Frame {
	t.Helper()
	f, err := p.Frame(src, s)
	if err != nil {
		t.Fatalf("Frame(%q): %v", src, err)
	}
	return f
}

func textPanel(t *testing.T, text string) *Panel {
	t.Helper()
	p, err := readString(t, text, WithKeys("id", "year")).Panel()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// withinSlope returns the one-regressor fixed-effects slope Σ ẍỹ / Σ ẍ², where ẍ and ỹ are x and y
// demeaned within each group: the within estimator written out by hand.
func withinSlope(y, x []float64, groups []int32) float64 {
	sums := map[int32][3]float64{}
	for i, g := range groups {
		s := sums[g]
		sums[g] = [3]float64{s[0] + y[i], s[1] + x[i], s[2] + 1}
	}
	var num, den float64
	for i, g := range groups {
		s := sums[g]
		dy, dx := y[i]-s[0]/s[2], x[i]-s[1]/s[2]
		num += dx * dy
		den += dx * dx
	}
	return num / den
}

// log(y) with y = 0 and y = −2: those two rows are dropped with their reason, and the within
// slope on the 7 rows left is the case's β = 0.29764, computed independently and given to five
// decimals (hence the tolerance of 5e-6).
func TestFrameLogNonPositive_PB11(t *testing.T) {
	p := casePanel(t, "PB-11.csv", "id", "year")
	fr := mustFrame(t, p, "log(y) ~ x | id", FrameSettings{})

	if fr.N() != 7 || fr.Dropped.Dropped() != 2 || fr.Dropped.Rows != 9 {
		t.Errorf("N = %d, dropped %d of %d; want 7 kept, 2 dropped of 9", fr.N(), fr.Dropped.Dropped(), fr.Dropped.Rows)
	}
	if len(fr.Dropped.Groups) != 1 {
		t.Fatalf("groups = %+v, want one", fr.Dropped.Groups)
	}
	g := fr.Dropped.Groups[0]
	if g.Reason != ReasonLogNonPositive || g.Column != "y" {
		t.Errorf("group = %q in %q, want %q in y", g.Reason, g.Column, ReasonLogNonPositive)
	}
	if want := []RowKey{{"1", 2020}, {"2", 2020}}; !reflect.DeepEqual(g.Keys, want) {
		t.Errorf("dropped keys = %v, want %v", g.Keys, want)
	}
	if want := "2 rows dropped: 2 log of non-positive value in y (1/2020, 2/2020)"; fr.Dropped.String() != want {
		t.Errorf("report = %q, want %q", fr.Dropped.String(), want)
	}
	for _, y := range fr.Y {
		if math.IsNaN(y) || math.IsInf(y, 0) {
			t.Errorf("Y contains %v", y)
		}
	}
	if fr.Intercept || len(fr.X) != 1 || fr.XNames[0] != "x" {
		t.Errorf("X names %q, intercept %v; want [x] without intercept under fixed effects", fr.XNames, fr.Intercept)
	}
	if beta := withinSlope(fr.Y, fr.X[0], fr.FixedEffects[0].Codes); math.Abs(beta-0.29764) > 5e-6 {
		t.Errorf("within slope = %.6f, want 0.29764", beta)
	}
}

// NaN, +Inf and −Inf in the regressors: three rows dropped listwise, each counted.
func TestFrameNonFiniteDropped_PB12(t *testing.T) {
	tb, err := ReadCSV(testref.Case("PB-12.csv"))
	if err != nil {
		t.Fatal(err)
	}
	n := tb.DataFrame.Nrow()
	ids := make([]float64, n)
	years := make([]float64, n)
	for i := range ids {
		ids[i], years[i] = 1, float64(2001+i)
	}
	df := tb.DataFrame.
		Mutate(series.New(ids, series.Float, "id")).
		Mutate(series.New(years, series.Float, "year"))
	p, err := NewPanel(df, "id", "year")
	if err != nil {
		t.Fatal(err)
	}

	fr := mustFrame(t, p, "y ~ x1 + x2", FrameSettings{})
	if fr.N() != 5 || fr.Dropped.Dropped() != 3 {
		t.Errorf("N = %d, dropped %d; want 5 and 3", fr.N(), fr.Dropped.Dropped())
	}

	want := []struct {
		reason DropReason
		column string
		year   int
	}{
		{ReasonMissing, "x2", 2002},
		{ReasonInfinite, "x1", 2004},
		{ReasonInfinite, "x2", 2006},
	}
	if len(fr.Dropped.Groups) != len(want) {
		t.Fatalf("groups = %+v, want %d", fr.Dropped.Groups, len(want))
	}
	for i, w := range want {
		g := fr.Dropped.Groups[i]
		if g.Reason != w.reason || g.Column != w.column || len(g.Keys) != 1 || g.Keys[0].Time != w.year {
			t.Errorf("group %d = %q in %q at %v, want %q in %q at %d", i, g.Reason, g.Column, g.Keys, w.reason, w.column, w.year)
		}
	}

	for j, col := range fr.X {
		for i, v := range col {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Errorf("X[%d][%d] = %v reached the frame", j, i, v)
			}
		}
	}
	if !reflect.DeepEqual(fr.XNames, []string{"x1", "x2"}) || !fr.Intercept {
		t.Errorf("XNames = %q, intercept %v; want [x1 x2] with an intercept", fr.XNames, fr.Intercept)
	}
	x, names := fr.XWithIntercept()
	if len(x) != 3 || names[0] != "(Intercept)" || !reflect.DeepEqual(x[0], []float64{1, 1, 1, 1, 1}) {
		t.Errorf("XWithIntercept: names %q, first column %v", names, x[0])
	}
}

func TestFrameUnknownColumn(t *testing.T) {
	p := casePanel(t, "PB-11.csv", "id", "year")
	_, err := p.Frame("log(y) ~ xx + L(x, 1)", FrameSettings{})
	var ce *ColumnNotFoundError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v, want *ColumnNotFoundError", err)
	}
	if ce.Name != "xx" || len(ce.Closest) == 0 || ce.Closest[0] != "x" {
		t.Errorf("error %+v, want xx with x closest", ce)
	}
	if !strings.Contains(err.Error(), "term xx") {
		t.Errorf("message should name the term: %v", err)
	}
	_, err = p.Frame("y ~ x", FrameSettings{Cluster: []string{"idd"}})
	if !errors.Is(err, ErrColumnNotFound) {
		t.Errorf("unknown cluster: error %v, want ErrColumnNotFound", err)
	}
}

func TestFrameSyntaxErrorPassesThrough(t *testing.T) {
	p := casePanel(t, "PB-11.csv", "id", "year")
	_, err := p.Frame("y ~ x + | id", FrameSettings{})
	var se *formula.SyntaxError
	if !errors.As(err, &se) || se.Pos != 9 {
		t.Errorf("error %v, want a syntax error at position 9", err)
	}
}

func TestFrameTextColumnAsNumber(t *testing.T) {
	p := textPanel(t, "id,year,y,region\nA,2001,1,East\nA,2002,2,West\n")
	_, err := p.Frame("y ~ region", FrameSettings{})
	var te *ColumnTypeError
	if !errors.As(err, &te) {
		t.Fatalf("error %v, want *ColumnTypeError", err)
	}
	if !strings.Contains(err.Error(), "i(region)") {
		t.Errorf("message should suggest i(region): %v", err)
	}
}

const regionPanel = "id,year,y,x,region\n" +
	"A,2001,1.0,1,East\nA,2002,2.0,2,East\n" +
	"B,2001,3.0,3,West\nB,2002,5.0,4,West\n" +
	"C,2001,2.0,5,Central\nC,2002,,6,Central\n"

func TestFrameFactorReference(t *testing.T) {
	p := textPanel(t, regionPanel)

	fr := mustFrame(t, p, "y ~ x + i(region)", FrameSettings{})
	if want := []string{"x", "region::East", "region::West"}; !reflect.DeepEqual(fr.XNames, want) {
		t.Errorf("XNames = %q, want %q", fr.XNames, want)
	}
	if len(fr.Factors) != 1 || fr.Factors[0].Reference != "Central" {
		t.Errorf("factors = %+v, want Central as reference", fr.Factors)
	}
	// Rows kept: A2001, A2002, B2001, B2002, C2001 (C2002 has no y).
	if want := []float64{1, 1, 0, 0, 0}; !reflect.DeepEqual(fr.X[1], want) {
		t.Errorf("region::East = %v, want %v", fr.X[1], want)
	}

	fr = mustFrame(t, p, `y ~ i(region, ref = "East")`, FrameSettings{})
	if want := []string{"region::Central", "region::West"}; !reflect.DeepEqual(fr.XNames, want) {
		t.Errorf("with ref: XNames = %q, want %q", fr.XNames, want)
	}

	// A slope per region is not collinear with the intercept, so every level keeps its column.
	fr = mustFrame(t, p, "y ~ i(region, x)", FrameSettings{})
	if want := []string{"region::Central:x", "region::East:x", "region::West:x"}; !reflect.DeepEqual(fr.XNames, want) {
		t.Errorf("with slope: XNames = %q, want %q", fr.XNames, want)
	}
	if want := []float64{0, 0, 3, 4, 0}; !reflect.DeepEqual(fr.X[2], want) {
		t.Errorf("region::West:x = %v, want %v", fr.X[2], want)
	}

	// Without an intercept all dummies stay, as in R's y ~ 0 + factor.
	fr = mustFrame(t, p, "y ~ 0 + i(region)", FrameSettings{})
	if len(fr.XNames) != 3 || fr.Factors[0].Reference != "" || fr.Intercept {
		t.Errorf("no intercept: XNames %q, reference %q; want 3 dummies and none left out", fr.XNames, fr.Factors[0].Reference)
	}

	_, err := p.Frame(`y ~ i(region, ref = "Eest")`, FrameSettings{})
	if err == nil || !strings.Contains(err.Error(), `"Central", "East", "West"`) {
		t.Errorf("unknown ref: error %v should list the levels", err)
	}
}

func TestFrameNumericFactorRef(t *testing.T) {
	p := textPanel(t, regionPanel)
	fr := mustFrame(t, p, "y ~ i(year, ref = 2002)", FrameSettings{})
	if want := []string{"year::2001"}; !reflect.DeepEqual(fr.XNames, want) {
		t.Errorf("XNames = %q, want %q", fr.XNames, want)
	}
}

func TestFrameInteractionsAndTransforms(t *testing.T) {
	p := textPanel(t, "id,year,y,a,b\nA,2001,1,2,3\nA,2002,2,4,5\nB,2001,3,1,-1\n")
	fr := mustFrame(t, p, "y ~ a*b + sqrt(a) + exp(b) + abs(b)", FrameSettings{})
	want := []string{"a", "b", "sqrt(a)", "exp(b)", "abs(b)", "a:b"}
	if !reflect.DeepEqual(fr.XNames, want) {
		t.Fatalf("XNames = %q, want %q", fr.XNames, want)
	}
	if got := fr.X[5]; !reflect.DeepEqual(got, []float64{6, 20, -1}) {
		t.Errorf("a:b = %v, want [6 20 -1]", got)
	}
	if got := fr.X[2]; got[1] != 2 {
		t.Errorf("sqrt(a) at row 2 = %v, want 2", got[1])
	}
	if got := fr.X[4]; got[2] != 1 {
		t.Errorf("abs(b) at row 3 = %v, want 1", got[2])
	}

	fr = mustFrame(t, p, "y ~ sqrt(b)", FrameSettings{})
	if g := fr.Dropped.Groups; len(g) != 1 || g[0].Reason != ReasonOutOfDomain || g[0].Column != "b" {
		t.Errorf("sqrt of −1: groups %+v, want one out-of-domain drop in b", g)
	}
}

func TestFrameLagsAndDifferences(t *testing.T) {
	p := casePanel(t, "PB-09.csv", "id", "year")
	// id 1: 2010 4.0, 2011 5.5, 2012 3.5, 2014 2.0; id 2: 2011 6.0, 2012 3.0, 2013 8.0.
	fr := mustFrame(t, p, "v ~ L(v, 1:2)", FrameSettings{})
	if want := []string{"L(v, 1)", "L(v, 2)"}; !reflect.DeepEqual(fr.XNames, want) {
		t.Errorf("XNames = %q, want %q", fr.XNames, want)
	}
	// Only 1/2012 (lags 5.5, 4.0) and 2/2013 (lags 3.0, 6.0) have both lags.
	if want := []RowKey{{"1", 2012}, {"2", 2013}}; !reflect.DeepEqual(fr.Keys, want) {
		t.Errorf("kept keys = %v, want %v", fr.Keys, want)
	}
	if !reflect.DeepEqual(fr.X[0], []float64{5.5, 3}) || !reflect.DeepEqual(fr.X[1], []float64{4, 6}) {
		t.Errorf("lags = %v, %v", fr.X[0], fr.X[1])
	}
	if fr.Dropped.Dropped() != 5 || fr.Dropped.Groups[0].Reason != ReasonNotObserved || fr.Dropped.Groups[0].Column != "L(v, 1)" {
		t.Errorf("report = %s", fr.Dropped)
	}

	fr = mustFrame(t, p, "D(v) ~ F(v, 1) + D(log(v))", FrameSettings{})
	if want := []string{"F(v, 1)", "D(log(v))"}; !reflect.DeepEqual(fr.XNames, want) {
		t.Errorf("XNames = %q, want %q", fr.XNames, want)
	}
	// Kept: 1/2011 (D = 1.5, lead 3.5) and 2/2012 (D = −3, lead 8).
	if want := []float64{1.5, -3}; !reflect.DeepEqual(fr.Y, want) {
		t.Errorf("Y = %v, want %v", fr.Y, want)
	}
	if want := []float64{3.5, 8}; !reflect.DeepEqual(fr.X[0], want) {
		t.Errorf("F(v, 1) = %v, want %v", fr.X[0], want)
	}
	if got, want := fr.X[1][0], math.Log(5.5)-math.Log(4); math.Abs(got-want) > 1e-15 {
		t.Errorf("D(log(v)) at 1/2011 = %v, want %v", got, want)
	}
}

func TestFrameFixedEffectsAndClusters(t *testing.T) {
	p := textPanel(t, regionPanel)
	fr := mustFrame(t, p, "y ~ x | id + region^year", FrameSettings{Cluster: []string{"region"}})
	if len(fr.FixedEffects) != 2 {
		t.Fatalf("fixed effects = %+v", fr.FixedEffects)
	}
	id := fr.FixedEffects[0]
	if id.Name != "id" || !reflect.DeepEqual(id.Codes, []int32{0, 0, 1, 1, 2}) || !reflect.DeepEqual(id.Levels, []string{"A", "B", "C"}) {
		t.Errorf("id = %+v", id)
	}
	combo := fr.FixedEffects[1]
	if combo.Name != "region^year" || len(combo.Levels) != 5 || combo.Levels[0] != "East^2001" {
		t.Errorf("region^year = %+v", combo)
	}
	if c := fr.Clusters[0]; c.Name != "region" || !reflect.DeepEqual(c.Codes, []int32{0, 0, 1, 1, 2}) {
		t.Errorf("cluster = %+v", c)
	}
	if fr.Intercept {
		t.Errorf("Intercept = true with fixed effects")
	}
	if want := "1 row dropped: 1 missing value in y (C/2002)"; fr.Dropped.String() != want {
		t.Errorf("report = %q, want %q", fr.Dropped.String(), want)
	}
}

func TestFrameMissingFixedEffectDropped(t *testing.T) {
	p := textPanel(t, "id,year,y,x,g\nA,2001,1,1,u\nA,2002,2,2,\nB,2001,3,3,v\n")
	fr := mustFrame(t, p, "y ~ x | g", FrameSettings{})
	if g := fr.Dropped.Groups; len(g) != 1 || g[0].Reason != ReasonMissing || g[0].Column != "g" {
		t.Errorf("groups = %+v, want one missing value in g", g)
	}
}

func TestFrameAllRowsDropped(t *testing.T) {
	p := casePanel(t, "PB-08.csv", "id", "year")
	_, err := p.Frame("v ~ L(v, 5)", FrameSettings{})
	if !errors.Is(err, ErrEmptyFrame) {
		t.Fatalf("error %v, want ErrEmptyFrame", err)
	}
	if !strings.Contains(err.Error(), "4 period not observed in L(v, 5)") {
		t.Errorf("message should carry the report: %v", err)
	}
	if n := strings.Count(err.Error(), "rows dropped"); n != 1 {
		t.Errorf("message states %d times that rows were dropped, want once: %v", n, err)
	}
}

// A column without any value empties the frame, and the message names it instead of listing every
// row as dropped.
func TestFrameEmptyColumnNamed(t *testing.T) {
	p := textPanel(t, "id,year,y,x,g\nA,2001,1,,\nA,2002,2,,\nB,2001,3,,\n")
	for _, c := range []struct {
		formula  string
		settings FrameSettings
		want     string
	}{
		{"y ~ x", FrameSettings{}, `column "x" is empty in the data: all 3 rows are missing`},
		{"y ~ x | g", FrameSettings{}, `columns "x", "g" are empty in the data: all 3 rows are missing`},
		{"y ~ 1", FrameSettings{Cluster: []string{"g"}}, `column "g" is empty in the data`},
	} {
		_, err := p.Frame(c.formula, c.settings)
		if !errors.Is(err, ErrEmptyFrame) {
			t.Fatalf("%s: error %v, want ErrEmptyFrame", c.formula, err)
		}
		msg := err.Error()
		if !strings.Contains(msg, c.want) {
			t.Errorf("%s: message %q lacks %q", c.formula, msg, c.want)
		}
		if !strings.Contains(msg, "Check the column name in the formula or the file test.csv") {
			t.Errorf("%s: message %q should say what to check", c.formula, msg)
		}
		if strings.Contains(msg, "dropped") {
			t.Errorf("%s: message %q should not list the dropped rows", c.formula, msg)
		}
	}
}

func TestFrameDuplicateRegressorKeptOnce(t *testing.T) {
	p := casePanel(t, "PB-09.csv", "id", "year")
	fr := mustFrame(t, p, "v ~ L(v, 1:2) + L(v, 2)", FrameSettings{})
	if want := []string{"L(v, 1)", "L(v, 2)"}; !reflect.DeepEqual(fr.XNames, want) {
		t.Errorf("XNames = %q, want %q", fr.XNames, want)
	}
	if len(fr.Notes) != 1 || !strings.Contains(fr.Notes[0], "L(v, 2) occurs twice") {
		t.Errorf("notes = %q", fr.Notes)
	}
}

func TestDropReportListsAtMostFiveKeys(t *testing.T) {
	keys := make([]RowKey, 7)
	for i := range keys {
		keys[i] = RowKey{"A", 2000 + i}
	}
	r := DropReport{Rows: 10, Kept: 3, Groups: []DropGroup{{Reason: ReasonMissing, Column: "x", Keys: keys}}}
	want := "7 rows dropped: 7 missing value in x (A/2000, A/2001, A/2002, A/2003, A/2004 and 2 more)"
	if got := r.String(); got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got := (DropReport{Rows: 4, Kept: 4}).String(); got != "no rows dropped" {
		t.Errorf("empty report = %q", got)
	}
}
