package table

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

// mustLayout lays out t and fails the test on an error.
func mustLayout(t *testing.T, tb Table) *Layout {
	t.Helper()
	l, err := tb.Layout()
	if err != nil {
		t.Fatalf("Layout: %v", err)
	}
	return l
}

// stubs returns the stub text of every body row.
func stubs(l *Layout) []string {
	var out []string
	for _, row := range l.Body {
		out = append(out, row.Cells[0].Text)
	}
	return out
}

// bodyRow returns the display texts of the body row whose stub is label, or nil.
func bodyRow(l *Layout, label string) []string {
	for _, row := range l.Body {
		if row.Cells[0].Text == label {
			var out []string
			for _, c := range row.Cells[1:] {
				out = append(out, c.Display())
			}
			return out
		}
	}
	return nil
}

func oneCoef(p float64) Regression {
	return Regression{Columns: []Column{{Coefs: []Coef{{Term: "x", Estimate: 1, StdErr: 0.5, Stat: 2, PValue: p}}}}}
}

// TestStarsAtBoundaries checks that a p-value equal to a threshold is not starred at that level: a star needs
// p strictly below the threshold, as in Stata's `collect stars`.
func TestStarsAtBoundaries(t *testing.T) {
	cases := []struct {
		p    float64
		want string
	}{
		{0.5, ""},
		{0.1, ""},
		{math.Nextafter(0.1, 0), "*"},
		{0.05, "*"},
		{math.Nextafter(0.05, 0), "**"},
		{0.01, "**"},
		{math.Nextafter(0.01, 0), "***"},
		{0, "***"},
		{math.NaN(), ""},
	}
	for _, tc := range cases {
		l := mustLayout(t, oneCoef(tc.p))
		if got := l.Body[0].Cells[1].Stars; got != tc.want {
			t.Errorf("p = %v: stars %q, want %q", tc.p, got, tc.want)
		}
	}
}

func TestStarsCustomLevels(t *testing.T) {
	r := oneCoef(0.03)
	r.Stars = []Star{{"†", 0.10}, {"*", 0.05}}
	l := mustLayout(t, r)
	if got := l.Body[0].Cells[1].Stars; got != "*" {
		t.Errorf("p = 0.03 with levels † 0.10, * 0.05: stars %q, want %q", got, "*")
	}
	if want := "注：†和*分别表示在10%和5%的显著性水平下显著，括号内为t值。"; l.Notes[0] != want {
		t.Errorf("note %q, want %q", l.Notes[0], want)
	}
}

func TestStarsInvalidLevels(t *testing.T) {
	cases := []struct {
		name  string
		stars []Star
		field string
	}{
		{"increasing", []Star{{"*", 0.05}, {"**", 0.10}}, "Stars[1].P"},
		{"equal", []Star{{"*", 0.05}, {"**", 0.05}}, "Stars[1].P"},
		{"zero", []Star{{"*", 0}}, "Stars[0].P"},
		{"one", []Star{{"*", 1}}, "Stars[0].P"},
		{"NaN", []Star{{"*", math.NaN()}}, "Stars[0].P"},
		{"no symbol", []Star{{"", 0.1}}, "Stars[0].Symbol"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := oneCoef(0.03)
			r.Stars = tc.stars
			_, err := r.Layout()
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v, want a *ConfigError", err)
			}
			if ce.Field != tc.field {
				t.Errorf("error field %q, want %q", ce.Field, tc.field)
			}
		})
	}
}

func TestNoStars(t *testing.T) {
	r := oneCoef(0.001)
	r.NoStars = true
	l := mustLayout(t, r)
	if got := l.Body[0].Cells[1].Stars; got != "" {
		t.Errorf("stars %q with NoStars, want none", got)
	}
	if want := "注：括号内为t值。"; l.Notes[0] != want {
		t.Errorf("note %q, want %q", l.Notes[0], want)
	}
}

func TestAutoNoteLanguages(t *testing.T) {
	cases := []struct {
		lang  Lang
		paren Paren
		want  string
	}{
		{Zh, ParenT, "注：*、**和***分别表示在10%、5%和1%的显著性水平下显著，括号内为t值。"},
		{Zh, ParenSE, "注：*、**和***分别表示在10%、5%和1%的显著性水平下显著，括号内为标准误。"},
		{Zh, ParenP, "注：*、**和***分别表示在10%、5%和1%的显著性水平下显著，括号内为p值。"},
		{En, ParenT, "Note: * p < 0.1, ** p < 0.05, *** p < 0.01; t statistics in parentheses."},
		{En, ParenSE, "Note: * p < 0.1, ** p < 0.05, *** p < 0.01; standard errors in parentheses."},
	}
	for _, tc := range cases {
		r := oneCoef(0.5)
		r.Lang, r.Paren = tc.lang, tc.paren
		l := mustLayout(t, r)
		if l.Notes[0] != tc.want {
			t.Errorf("%v %v: note %q, want %q", tc.lang, tc.paren, l.Notes[0], tc.want)
		}
	}
}

func TestNotesOrderAndPrefix(t *testing.T) {
	r := oneCoef(0.5)
	r.Notes = []string{"a", "b"}
	r.NoAutoNote = true
	l := mustLayout(t, r)
	if want := []string{"注：a", "b"}; !slices.Equal(l.Notes, want) {
		t.Errorf("notes %q, want %q", l.Notes, want)
	}
}

// TestNaNCells checks how missing numbers are shown: a NaN is "—", a NaN estimate gets no stars, and a term a
// column lacks leaves both of its cells blank.
func TestNaNCells(t *testing.T) {
	r := Regression{Columns: []Column{
		{Coefs: []Coef{
			{Term: "a", Estimate: math.NaN(), StdErr: math.NaN(), Stat: math.NaN(), PValue: 0.001},
			{Term: "b", Estimate: 2, StdErr: math.NaN(), Stat: math.NaN(), PValue: math.NaN()},
		}, Stats: []Stat{{Key: "r2", Value: math.NaN(), Decimals: 3}}},
		{Coefs: []Coef{{Term: "b", Estimate: 1, Stat: 3, PValue: 0.2}}},
	}}
	l := mustLayout(t, r)
	cases := []struct {
		row, column int
		want        string
		number      bool
	}{
		{0, 1, "—", false},   // NaN estimate, no stars although p = 0.001
		{1, 1, "(—)", false}, // NaN t value
		{0, 2, "", false},    // column (2) has no term a
		{1, 2, "", false},
		{2, 1, "2.000", true}, // NaN p-value: no stars
		{3, 1, "(—)", false},
		{4, 1, "—", false}, // NaN R²
	}
	for _, tc := range cases {
		c := l.Body[tc.row].Cells[tc.column]
		if c.Display() != tc.want {
			t.Errorf("body[%d][%d] = %q, want %q", tc.row, tc.column, c.Display(), tc.want)
		}
		if c.Number != tc.number {
			t.Errorf("body[%d][%d].Number = %v, want %v", tc.row, tc.column, c.Number, tc.number)
		}
	}
}

func TestNegativeZero(t *testing.T) {
	r := Regression{Columns: []Column{{Coefs: []Coef{
		{Term: "a", Estimate: math.Copysign(0, -1), Stat: -0.0004, PValue: 1},
	}}}}
	l := mustLayout(t, r)
	if got := l.Body[0].Cells[1].Display(); got != "0.000" {
		t.Errorf("estimate -0 shown as %q, want %q", got, "0.000")
	}
	if got := l.Body[1].Cells[1].Display(); got != "(0.000)" {
		t.Errorf("t value -0.0004 shown as %q, want %q", got, "(0.000)")
	}
	if v := l.Body[1].Cells[1].Value; v != 0 || math.Signbit(v) {
		t.Errorf("stored value %v, want +0", v)
	}
}

// TestTermOrder checks the row order: first appearance across columns, the intercept last, Order first.
func TestTermOrder(t *testing.T) {
	cols := []Column{
		{Coefs: []Coef{{Term: "_cons"}, {Term: "b"}, {Term: "a"}}},
		{Coefs: []Coef{{Term: "c"}, {Term: "a"}, {Term: "(Intercept)"}}},
	}
	cases := []struct {
		name string
		r    Regression
		want []string
	}{
		{"default", Regression{}, []string{"b", "a", "c", "_cons", "(Intercept)"}},
		{"order", Regression{Order: []string{"c", "_cons"}}, []string{"c", "_cons", "b", "a", "(Intercept)"}},
		{"keep", Regression{Keep: []string{"a", "b"}}, []string{"b", "a"}},
		{"drop", Regression{Drop: []string{"a", "_cons"}}, []string{"b", "c", "(Intercept)"}},
		{"intercept name", Regression{Intercept: "b"}, []string{"_cons", "a", "c", "(Intercept)", "b"}},
		{"controls hidden", Regression{Controls: []string{"a", "c"}}, []string{"b", "_cons", "(Intercept)"}},
		{"controls shown", Regression{Controls: []string{"a"}, ShowControls: true}, []string{"b", "a", "c", "_cons", "(Intercept)"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.r.Columns = cols
			tc.r.NoNumbers = true
			if got := tc.r.shownTerms(); !slices.Equal(got, tc.want) {
				t.Errorf("terms %q, want %q", got, tc.want)
			}
		})
	}
}

func TestUnknownNamesRejected(t *testing.T) {
	cases := []struct {
		name  string
		r     Regression
		field string
		known string // a name the message must list
	}{
		{"keep", Regression{Keep: []string{"balance", "balnce"}}, "Keep[1]", "balance"},
		{"order", Regression{Order: []string{"x"}}, "Order[0]", "balance"},
		{"drop", Regression{Drop: []string{"x"}}, "Drop[0]", "balance"},
		{"controls", Regression{Controls: []string{"x"}}, "Controls[0]", "balance"},
		{"fixed effects", Regression{FixedEffects: []string{"city"}}, "FixedEffects[0]", "province"},
		{"stats", Regression{Stats: []string{"r2_a"}}, "Stats[0]", "clusters"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.r.Columns = baselineColumns()
			_, err := tc.r.Layout()
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v, want a *ConfigError", err)
			}
			if ce.Field != tc.field {
				t.Errorf("field %q, want %q", ce.Field, tc.field)
			}
			if !strings.Contains(ce.Error(), tc.known) {
				t.Errorf("message %q does not list the known names", ce.Error())
			}
		})
	}
}

func TestInvalidColumnsRejected(t *testing.T) {
	cases := []struct {
		name  string
		r     Regression
		field string
	}{
		{"no columns", Regression{}, "Columns"},
		{"duplicate term", Regression{Columns: []Column{{}, {Coefs: []Coef{{Term: "a"}, {Term: "a"}}}}}, "Columns[1].Coefs[1].Term"},
		{"empty term", Regression{Columns: []Column{{Coefs: []Coef{{}}}}}, "Columns[0].Coefs[0].Term"},
		{"duplicate stat", Regression{Columns: []Column{{Stats: []Stat{StatN(1), StatN(2)}}}}, "Columns[0].Stats[1].Key"},
		{"stat decimals", Regression{Columns: []Column{{Stats: []Stat{{Key: "F", Decimals: -1}}}}}, "Columns[0].Stats[0].Decimals"},
		{"decimals", Regression{Columns: []Column{{}}, Decimals: 18}, "Decimals"},
		{"paren decimals", Regression{Columns: []Column{{}}, ParenDecimals: -2}, "ParenDecimals"},
		{"paren", Regression{Columns: []Column{{}}, Paren: 7}, "Paren"},
		{"lang", Regression{Columns: []Column{{}}, Lang: 2}, "Lang"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.r.Layout()
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v, want a *ConfigError", err)
			}
			if ce.Field != tc.field {
				t.Errorf("field %q, want %q", ce.Field, tc.field)
			}
		})
	}
}

func TestDecimalsAndParen(t *testing.T) {
	r := Regression{
		Columns:       []Column{{Coefs: []Coef{{Term: "x", Estimate: 1.23456, StdErr: 0.5, Stat: 2.46912, PValue: 0.0123}}}},
		Decimals:      2,
		ParenDecimals: 4,
	}
	for _, tc := range []struct {
		paren Paren
		want  []string
	}{
		{ParenT, []string{"1.23**", "(2.4691)"}},
		{ParenSE, []string{"1.23**", "(0.5000)"}},
		{ParenP, []string{"1.23**", "(0.0123)"}},
	} {
		r.Paren = tc.paren
		l := mustLayout(t, r)
		got := []string{l.Body[0].Cells[1].Display(), l.Body[1].Cells[1].Display()}
		if !slices.Equal(got, tc.want) {
			t.Errorf("paren %v: cells %q, want %q", tc.paren, got, tc.want)
		}
	}
}

// TestIndicatorRows checks the fixed-effect and controls rows of the baseline fixture in both languages.
func TestIndicatorRows(t *testing.T) {
	zh := mustLayout(t, Regression{Columns: baselineColumns(), Labels: paperLabels, Controls: []string{"expen", "open"}})
	if got, want := bodyRow(zh, "控制变量"), []string{"", "控制", "控制"}; !slices.Equal(got, want) {
		t.Errorf("controls row %q, want %q", got, want)
	}
	if got, want := bodyRow(zh, "省份固定效应"), []string{"控制", "控制", "控制"}; !slices.Equal(got, want) {
		t.Errorf("province row %q, want %q", got, want)
	}
	if got, want := bodyRow(zh, "年份固定效应"), []string{"", "", "控制"}; !slices.Equal(got, want) {
		t.Errorf("year row %q, want %q", got, want)
	}
	unlabelled := mustLayout(t, Regression{Columns: baselineColumns()})
	if got := bodyRow(unlabelled, "province 固定效应"); got == nil {
		t.Errorf("an unlabelled fixed effect should read \"province 固定效应\"")
	}
	if got := bodyRow(zh, "金融发展水平"); got == nil {
		t.Errorf("finan is not a control here and should keep its row")
	}
	if got := bodyRow(zh, "政府财政能力"); got != nil {
		t.Errorf("hidden control expen still has a row: %q", got)
	}

	en := mustLayout(t, Regression{
		Columns: baselineColumns(), Labels: paperLabels, Lang: En, ShowAbsent: true,
		FixedEffectLabels: Labels{"year": {En: "Year dummies"}},
	})
	if got, want := bodyRow(en, "Year dummies"), []string{"No", "No", "Yes"}; !slices.Equal(got, want) {
		t.Errorf("year row %q, want %q", got, want)
	}
	if got, want := bodyRow(en, "Province FE"), []string{"Yes", "Yes", "Yes"}; !slices.Equal(got, want) {
		t.Errorf("province row %q, want %q", got, want)
	}
}

func TestStatRows(t *testing.T) {
	l := mustLayout(t, Regression{Columns: baselineColumns(), Stats: []string{"r2", "N"}, Lang: En})
	tail := stubs(l)[len(l.Body)-2:]
	if want := []string{"R²", "N"}; !slices.Equal(tail, want) {
		t.Errorf("last rows %q, want %q", tail, want)
	}
	if slices.Contains(stubs(l), "Clusters") {
		t.Errorf("Stats lists r2 and N only, but a Clusters row is shown")
	}
	if got, want := bodyRow(l, "N"), []string{"510", "510", "510"}; !slices.Equal(got, want) {
		t.Errorf("N row %q, want %q", got, want)
	}
}

func TestStatDecimals(t *testing.T) {
	col := Column{Stats: []Stat{
		{Key: "clusters", Value: 30},
		{Key: "r2_within", Value: 0.5},
		{Key: "F", Value: 12.345, Decimals: 1},
		{Key: "ar2p", Value: math.NaN()},
		{Key: "r2", Value: 1, Decimals: 3},
	}}
	l := mustLayout(t, Regression{Columns: []Column{col}, Lang: En})
	var got []string
	for _, row := range l.Body {
		got = append(got, row.Cells[1].Display())
	}
	// Decimals 0 is automatic: integers without decimals, other values with 3.
	if want := []string{"30", "0.500", "12.3", "—", "1.000"}; !slices.Equal(got, want) {
		t.Errorf("statistics %q, want %q", got, want)
	}
}

func TestHeaderRows(t *testing.T) {
	r := Regression{
		Labels: paperLabels,
		Columns: []Column{
			{DepVar: "cp", Title: "FE"}, {DepVar: "cp", Title: "FE"}, {DepVar: "capital", Title: "OLS"}, {},
		},
	}
	l := mustLayout(t, r)
	if len(l.Header) != 3 {
		t.Fatalf("%d header rows, want 3 (dependent variable, numbers, titles)", len(l.Header))
	}
	depVar := l.Header[0].Cells
	if len(depVar) != 4 || depVar[1].Text != "共同富裕" || depVar[1].Span != 2 || depVar[2].Text != "capital" || depVar[3].Text != "" {
		t.Errorf("dependent-variable row %+v, want 共同富裕 over 2 columns, then capital, then blank", depVar)
	}
	if got := l.Header[1].Cells[4].Text; got != "(4)" {
		t.Errorf("number of column 4 %q, want %q", got, "(4)")
	}

	r.NoNumbers, r.NoDepVar = true, true
	for i := range r.Columns {
		r.Columns[i].Title = ""
	}
	if l := mustLayout(t, r); len(l.Header) != 0 {
		t.Errorf("%d header rows with numbers, dependent variables and titles off, want 0", len(l.Header))
	}
}

func TestRuleBeforeStats(t *testing.T) {
	l := mustLayout(t, Regression{Columns: baselineColumns(), RuleBeforeStats: true})
	for i, row := range l.Body {
		if want := row.Cells[0].Text == "观测值"; row.RuleAbove != want {
			t.Errorf("body row %d (%s): RuleAbove %v, want %v", i, row.Cells[0].Text, row.RuleAbove, want)
		}
	}
}

func TestLabelsLookup(t *testing.T) {
	labels := Labels{"balance": {Zh: "平衡性干预政策", En: "Balancing policy"}, "east": {Zh: "东部"}, "r2": {Zh: "R2"}}
	cases := []struct {
		code string
		lang Lang
		want string
	}{
		{"balance", Zh, "平衡性干预政策"},
		{"balance", En, "Balancing policy"},
		{"east", En, "east"}, // empty English text falls back to the code
		{"balance:east", Zh, "平衡性干预政策 × 东部"},
		{"balance:west", En, "Balancing policy × west"},
		{"r2", Zh, "R2"}, // a caller's label overrides the built-in one
		{"r2", En, "R²"},
		{"_cons", Zh, "常数项"},
		{"unknown", Zh, "unknown"},
	}
	for _, tc := range cases {
		if got := labels.Lookup(tc.code, tc.lang); got != tc.want {
			t.Errorf("Lookup(%q, %v) = %q, want %q", tc.code, tc.lang, got, tc.want)
		}
	}
	var none Labels
	if got := none.Lookup("N", En); got != "N" {
		t.Errorf("nil Labels: Lookup(N, en) = %q, want N", got)
	}
}
