package cpstat

import (
	"bytes"
	"context"
	"errors"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/cpstat/cpstat/cpstat/linreg"
)

// Tests of whole kinds of bad input through the public API of package cpstat. Each family checks what
// the user gets: a typed error naming the column, row keys and value with a fix, or a documented result.
// The small panels are built by hand so that the expected outcome can be read off the data.

// keyedPanel builds a panel with entity column "id" and time column "year" plus float columns
// (NaN is missing) in the order given.
func keyedPanel(t *testing.T, ids []string, years []int, cols ...keyedColumn) *Panel {
	t.Helper()
	ss := []series.Series{series.New(ids, series.String, "id"), series.New(years, series.Int, "year")}
	for _, c := range cols {
		ss = append(ss, series.New(c.values, series.Float, c.name))
	}
	p, err := NewPanel(dataframe.New(ss...), "id", "year")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

type keyedColumn struct {
	name   string
	values []float64
}

func col(name string, values ...float64) keyedColumn { return keyedColumn{name, values} }

// fourByThree is a balanced panel of 4 entities (a–d) × 3 years with a varying outcome y and
// regressor x, the base that the families below modify.
func fourByThree() ([]string, []int, keyedColumn, keyedColumn) {
	ids := []string{"a", "a", "a", "b", "b", "b", "c", "c", "c", "d", "d", "d"}
	years := []int{2001, 2002, 2003, 2001, 2002, 2003, 2001, 2002, 2003, 2001, 2002, 2003}
	y := col("y", 2, 5, 3, 9, 8, 12, 3, 4, 15, 2, 1, 7)
	x := col("x", 1, 3, 2, 5, 4, 7, 2, 2, 9, 1, 0, 4)
	return ids, years, y, x
}

// checkNoZeroStdError fails when any coefficient of r has a finite standard error of exactly 0, or
// a NaN one without a note.
func checkNoZeroStdError(t *testing.T, r *Result) {
	t.Helper()
	for _, c := range append(slices.Clone(r.Coefficients), consOrNone(r)...) {
		if c.StdError == 0 {
			t.Errorf("%s: standard error exactly 0", c.Term)
		}
		if math.IsNaN(c.StdError) && len(r.Notes) == 0 {
			t.Errorf("%s: NaN standard error without a note", c.Term)
		}
	}
}

func consOrNone(r *Result) []Coefficient {
	if r.Cons == nil {
		return nil
	}
	return []Coefficient{*r.Cons}
}

func TestBadInputMissingPanelKeys(t *testing.T) {
	cases := []struct {
		name       string
		csv        string
		wantColumn string
		wantLine   int
	}{
		{"blank entity", "id,year,y\na,2001,1\n,2002,2\nb,2001,3\n", "id", 3},
		{"blank time", "id,year,y\na,2001,1\na,,2\nb,2001,3\n", "year", 3},
		{"NA time", "id,year,y\na,2001,1\na,NA,2\nb,2001,3\n", "year", 3},
		{"spaces as entity", "id,year,y\na,2001,1\n   ,2002,2\nb,2001,3\n", "id", 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tb, err := ReadCSVFrom(strings.NewReader(tc.csv), "keys.csv", WithKeys("id", "year"))
			if err != nil {
				t.Fatal(err)
			}
			_, err = tb.Panel()
			var mk *MissingKeysError
			if !errors.As(err, &mk) || !errors.Is(err, ErrMissingKeys) {
				t.Fatalf("err = %v, want *MissingKeysError", err)
			}
			if mk.Total != 1 || len(mk.Rows) != 1 {
				t.Fatalf("missing keys %+v, want one", mk)
			}
			if mk.Rows[0].Column != tc.wantColumn || mk.Rows[0].Line != tc.wantLine {
				t.Errorf("missing key at %+v, want column %s on line %d", mk.Rows[0], tc.wantColumn, tc.wantLine)
			}
			if !strings.Contains(err.Error(), "keys.csv") {
				t.Errorf("message does not name the file: %v", err)
			}
		})
	}
}

func TestBadInputDuplicateKeys(t *testing.T) {
	cases := []struct {
		name    string
		csv     string
		opts    []PanelOption
		wantKey RowKey
	}{
		{"same row twice", "id,year,y\na,2001,1\na,2002,2\na,2001,3\n", nil, RowKey{"a", 2001}},
		{"year as text and number", "id,year,y\na,2001,1\na,2001年,2\n", nil, RowKey{"a", 2001}}, // read as text below
		{"two spellings of a province", "省份,year,y\n北京市,2001,1\n北京,2001,2\n天津,2001,3\n", []PanelOption{ResolveProvinces()}, RowKey{"BJ", 2001}},
		{"padded entity", "id,year,y\na,2001,1\n a ,2001,2\n", nil, RowKey{"a", 2001}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tb, err := ReadCSVFrom(strings.NewReader(tc.csv), "dup.csv", WithColumnType("year", series.String))
			if err != nil {
				t.Fatal(err)
			}
			names := tb.DataFrame.Names()
			_, err = NewPanel(tb.DataFrame, names[0], names[1], tc.opts...)
			var dk *DuplicateKeysError
			if !errors.As(err, &dk) || !errors.Is(err, ErrDuplicateKeys) {
				t.Fatalf("err = %v, want *DuplicateKeysError", err)
			}
			if len(dk.Keys) != 1 || dk.Keys[0].Key != tc.wantKey || len(dk.Keys[0].Lines) != 2 {
				t.Errorf("duplicates %+v, want %v on two rows", dk.Keys, tc.wantKey)
			}
		})
	}
}

// A lag across a gap in the years is missing, so the row after the gap leaves the model with its key.
// GMM drops the same rows and forms no equation that differences across the gap.
func TestBadInputTimeGaps(t *testing.T) {
	ids := []string{"a", "a", "a", "a", "b", "b", "b", "b", "c", "c", "c", "c"}
	years := []int{2001, 2002, 2004, 2005, 2001, 2002, 2003, 2004, 2001, 2003, 2004, 2005}
	p := keyedPanel(t, ids, years, col("y", 1, 2, 4, 5, 2, 1, 3, 2, 5, 4, 6, 5), col("x", 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8))

	r, err := Estimate(p, "y ~ L(x, 1) | id", KeepSingletons())
	if err != nil {
		t.Fatal(err)
	}
	var gapRows []RowKey
	for _, g := range r.Dropped.Groups {
		if g.Reason == ReasonNotObserved {
			gapRows = append(gapRows, g.Keys...)
		}
	}
	want := []RowKey{{"a", 2001}, {"a", 2004}, {"b", 2001}, {"c", 2001}, {"c", 2003}}
	if !slices.Equal(gapRows, want) {
		t.Errorf("rows dropped for an unobserved lag %v, want %v", gapRows, want)
	}
	if r.N != 7 {
		t.Errorf("N = %d, want 12 − 5 = 7", r.N)
	}

	g, err := p.GMM("y ~ L(y, 1) + x", GMMSettings{GMM: "y 2:."})
	if err != nil {
		if !errors.Is(err, ErrGMMModel) && !strings.Contains(err.Error(), "gmm") {
			t.Fatalf("GMM error of no known kind: %v", err)
		}
		return
	}
	for _, key := range []RowKey{{"a", 2004}, {"c", 2003}} {
		found := false
		for _, grp := range g.Dropped.Groups {
			found = found || slices.Contains(grp.Keys, key)
		}
		if !found {
			t.Errorf("GMM kept %v, whose lag falls in a gap", key)
		}
	}
}

func TestBadInputConstantAndMissingColumns(t *testing.T) {
	ids, years, y, x := fourByThree()
	const5 := col("c", 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5)
	nan := math.NaN()
	allNaN := col("z", nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan)
	entityLevel := col("w", 1, 1, 1, 2, 2, 2, 4, 4, 4, 3, 3, 3)
	p := keyedPanel(t, ids, years, y, x, const5, allNaN, entityLevel)

	t.Run("constant outcome pooled", func(t *testing.T) {
		_, err := Estimate(p, "c ~ x")
		var nv *linreg.NoVariationError
		if !errors.As(err, &nv) || nv.Column != "c" {
			t.Fatalf("err = %v, want *linreg.NoVariationError on c", err)
		}
	})
	t.Run("outcome constant within entities", func(t *testing.T) {
		_, err := Estimate(p, "w ~ x | id")
		var nv *linreg.NoVariationError
		if !errors.As(err, &nv) || !slices.Equal(nv.FixedEffects, []string{"id"}) {
			t.Fatalf("err = %v, want *linreg.NoVariationError naming id", err)
		}
	})
	t.Run("constant regressor pooled", func(t *testing.T) {
		r, err := Estimate(p, "y ~ x + c")
		if err != nil {
			t.Fatal(err)
		}
		if len(r.DroppedRegressors) != 1 || r.DroppedRegressors[0].Term != "c" {
			t.Fatalf("dropped %+v, want c", r.DroppedRegressors)
		}
		checkNoZeroStdError(t, r)
	})
	t.Run("constant regressor with fixed effects", func(t *testing.T) {
		r, err := Estimate(p, "y ~ x + c | id")
		if err != nil {
			t.Fatal(err)
		}
		if len(r.DroppedRegressors) != 1 || r.DroppedRegressors[0].Term != "c" {
			t.Fatalf("dropped %+v, want c", r.DroppedRegressors)
		}
	})
	t.Run("all-missing regressor", func(t *testing.T) {
		_, err := Estimate(p, "y ~ x + z | id")
		if !errors.Is(err, ErrEmptyFrame) || !strings.Contains(err.Error(), `column "z" is empty in the data`) {
			t.Fatalf("err = %v, want ErrEmptyFrame naming z", err)
		}
	})
	t.Run("all-missing outcome", func(t *testing.T) {
		_, err := Estimate(p, "z ~ x")
		if !errors.Is(err, ErrEmptyFrame) || !strings.Contains(err.Error(), "z") {
			t.Fatalf("err = %v, want ErrEmptyFrame naming z", err)
		}
	})
	t.Run("entropy with every indicator constant", func(t *testing.T) {
		_, err := EntropyIndex(p, FlatIndicatorSystem("d", []string{"c"}, nil), IndexOptions{})
		if err == nil || !strings.Contains(err.Error(), "constant") || !strings.Contains(err.Error(), "c") {
			t.Fatalf("err = %v, want an error naming the constant indicator c", err)
		}
	})
	t.Run("entropy with one constant indicator", func(t *testing.T) {
		res, err := EntropyIndex(p, FlatIndicatorSystem("d", []string{"x", "c"}, nil), IndexOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range res.Weights {
			if w.Indicator == "c" && w.Weight != 0 {
				t.Errorf("weight of the constant indicator = %v, want 0", w.Weight)
			}
			if w.Indicator == "x" && w.Weight != 1 {
				t.Errorf("weight of the only varying indicator = %v, want 1", w.Weight)
			}
		}
	})
	t.Run("entropy with an all-missing indicator", func(t *testing.T) {
		_, err := EntropyIndex(p, FlatIndicatorSystem("d", []string{"x", "z"}, nil), IndexOptions{})
		if err == nil || !strings.Contains(err.Error(), `"z"`) {
			t.Fatalf("err = %v, want an error naming z", err)
		}
	})
	t.Run("DEA with a constant input", func(t *testing.T) {
		q := keyedPanel(t, []string{"a", "b", "c"}, []int{1, 1, 1}, col("y", 1, 2, 4), col("x", 2, 2, 2))
		res, err := DEAEfficiency(context.Background(), q, EfficiencyOptions{Inputs: []string{"x"}, Outputs: []string{"y"}})
		if err != nil {
			t.Fatal(err)
		}
		// With one input equal for all, CRS efficiency is output / max output: 0.25, 0.5, 1.
		for i, want := range []float64{0.25, 0.5, 1} {
			if got := res.Scores.CRS[i]; math.Abs(got-want) > 1e-9 {
				t.Errorf("unit %d CRS = %v, want %v", i, got, want)
			}
		}
	})
	t.Run("DEA with a zero or missing input", func(t *testing.T) {
		for _, bad := range []float64{0, -1, math.NaN()} {
			q := keyedPanel(t, []string{"a", "b", "c"}, []int{1, 1, 1}, col("y", 1, 2, 4), col("x", 2, bad, 3))
			_, err := DEAEfficiency(context.Background(), q, EfficiencyOptions{Inputs: []string{"x"}, Outputs: []string{"y"}})
			if err == nil || !strings.Contains(err.Error(), `"b"`) {
				t.Errorf("input %v: err = %v, want an error naming unit b", bad, err)
			}
		}
	})
}

func TestBadInputNonFinite(t *testing.T) {
	ids, years, y, x := fourByThree()
	inf, nan := math.Inf(1), math.NaN()
	cases := []struct {
		name    string
		column  keyedColumn
		formula string
		opts    []EstimateOption
		reason  DropReason
		key     RowKey
	}{
		{"+Inf outcome", col("v", 2, 5, inf, 9, 8, 12, 3, 4, 15, 2, 1, 7), "v ~ x | id", nil, ReasonInfinite, RowKey{"a", 2003}},
		{"-Inf regressor", col("v", 1, 3, 2, 5, 4, 7, 2, math.Inf(-1), 9, 1, 0, 4), "y ~ v | id", nil, ReasonInfinite, RowKey{"c", 2002}},
		{"NaN in a numeric fixed effect", col("v", 1, 1, 1, 2, 2, 2, 3, nan, 3, 4, 4, 4), "y ~ x | v", nil, ReasonMissing, RowKey{"c", 2002}},
		{"NaN in a cluster column", col("v", 1, 1, 1, 2, 2, 2, 3, 3, 3, nan, 4, 4), "y ~ x | id", []EstimateOption{Cluster("v")}, ReasonMissing, RowKey{"d", 2001}},
		{"log of zero", col("v", 1, 3, 2, 5, 0, 7, 2, 2, 9, 1, 3, 4), "y ~ log(v) | id", nil, ReasonLogNonPositive, RowKey{"b", 2002}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := keyedPanel(t, ids, years, y, x, tc.column)
			r, err := Estimate(p, tc.formula, tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			if r.N != 11 {
				t.Errorf("N = %d, want 11", r.N)
			}
			if len(r.Dropped.Groups) != 1 || r.Dropped.Groups[0].Reason != tc.reason || !slices.Equal(r.Dropped.Groups[0].Keys, []RowKey{tc.key}) {
				t.Errorf("dropped %+v, want %v for %q", r.Dropped.Groups, tc.key, tc.reason)
			}
			for _, c := range r.Coefficients {
				if math.IsNaN(c.Estimate) || math.IsInf(c.Estimate, 0) {
					t.Errorf("%s = %v", c.Term, c.Estimate)
				}
			}
			checkNoZeroStdError(t, r)
		})
	}
}

// Every way a regressor can be a combination of the fixed effects leaves it out with the reason, and
// the other slopes keep finite estimates and standard errors.
func TestBadInputCollinearWithFixedEffects(t *testing.T) {
	ids, years, y, x := fourByThree()
	cases := []struct {
		name    string
		column  keyedColumn
		formula string
		dropped []string
	}{
		{"constant within entity, one-way", col("v", 1, 1, 1, 2, 2, 2, 4, 4, 4, 3, 3, 3), "y ~ x + v | id", []string{"v"}},
		{"constant within year, two-way", col("v", 1, 2, 5, 1, 2, 5, 1, 2, 5, 1, 2, 5), "y ~ x + v | id + year", []string{"v"}},
		{"entity plus year effect, two-way", col("v", 11, 12, 15, 21, 22, 25, 41, 42, 45, 31, 32, 35), "y ~ x + v | id + year", []string{"v"}},
		{"linear trend, two-way", col("v", 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3), "y ~ x + v | id + year", []string{"v"}},
		{"dummies summing to the entity effect", col("v", 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2), "y ~ x + i(v) | id", []string{"v::2"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := keyedPanel(t, ids, years, y, x, tc.column)
			r, err := Estimate(p, tc.formula, Cluster("id"))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range r.DroppedRegressors {
				got = append(got, d.Term)
				if !strings.Contains(d.Reason, "collinear") && d.Reason != "all zero" {
					t.Errorf("%s dropped as %q", d.Term, d.Reason)
				}
			}
			if !slices.Equal(got, tc.dropped) {
				t.Errorf("dropped %v, want %v", got, tc.dropped)
			}
			c := coefOf(t, r, "x")
			if math.IsNaN(c.Estimate) || !(c.StdError > 0) {
				t.Errorf("x = %v (SE %v), want finite with a positive SE", c.Estimate, c.StdError)
			}
		})
	}
}

func TestBadInputSingleCluster(t *testing.T) {
	ids, years, y, x := fourByThree()
	p := keyedPanel(t, ids, years, y, x, col("g", 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1), col("h", 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3))
	cases := []struct {
		name string
		opts []EstimateOption
	}{
		{"one value", []EstimateOption{Cluster("g")}},
		{"second dimension of two-way", []EstimateOption{Cluster("id", "g")}},
		{"one cluster left in the window", []EstimateOption{Cluster("year"), Period(2002, 2002)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			formula := "y ~ x"
			r, err := Estimate(p, formula, tc.opts...)
			if err == nil {
				for _, c := range r.Coefficients {
					if !math.IsNaN(c.StdError) {
						t.Errorf("%s SE = %v with one cluster, want an error or NaN", c.Term, c.StdError)
					}
				}
				return
			}
			if !errors.Is(err, linreg.ErrVCov) || !strings.Contains(err.Error(), "1 cluster") {
				t.Fatalf("err = %v, want linreg.ErrVCov for one cluster", err)
			}
		})
	}
}

// A panel with one entity: the error names the entity column and its level before any talk of
// singleton groups, and keeps the linreg error for errors.As.
func TestBadInputSingleEntity(t *testing.T) {
	p := keyedPanel(t, []string{"BJ", "BJ", "BJ", "BJ"}, []int{2001, 2002, 2003, 2004},
		col("y", 1, 4, 2, 5), col("x", 0, 2, 1, 3))
	cases := []struct {
		name    string
		formula string
		opts    []EstimateOption
		kind    error
		want    string
	}{
		{"clustered two-way", "y ~ x | id + year", []EstimateOption{Cluster("id")}, linreg.ErrVCov,
			"every row of the sample has id = BJ, so the sample has only 1 cluster"},
		{"clustered pooled", "y ~ x", []EstimateOption{Cluster("id")}, linreg.ErrVCov,
			"every row of the sample has id = BJ, so the sample has only 1 cluster"},
		{"two-way", "y ~ x | id + year", nil, linreg.ErrNoObservations,
			"every row of the sample has id = BJ. With 1 level of the fixed effect id, dropping the " +
				"singleton groups of year leaves no row, so within estimation is impossible"},
		{"time effects only", "y ~ x | year", nil, linreg.ErrNoObservations,
			"With 1 level of the entity column id, dropping the singleton groups of year leaves no row"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Estimate(p, tc.formula, tc.opts...)
			if !errors.Is(err, tc.kind) {
				t.Fatalf("err = %v, want %v", err, tc.kind)
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.want) {
				t.Errorf("message %q lacks %q", msg, tc.want)
			}
			if strings.Contains(msg, "non-finite") {
				t.Errorf("message %q blames the values", msg)
			}
			if i := strings.Index(msg, "singleton"); i >= 0 && i < strings.Index(msg, "id = BJ") {
				t.Errorf("message %q mentions singletons before the single level", msg)
			}
		})
	}

	var noRows *linreg.NoObservationsError
	if _, err := Estimate(p, "y ~ x | id + year"); !errors.As(err, &noRows) {
		t.Errorf("err = %v, want it to wrap *linreg.NoObservationsError", err)
	}
	var clusterErr *linreg.ClusterError
	if _, err := Estimate(p, "y ~ x", Cluster("id")); !errors.As(err, &clusterErr) || clusterErr.G != 1 {
		t.Errorf("err = %v, want it to wrap *linreg.ClusterError with G = 1", err)
	}
}

func TestBadInputTinyGroups(t *testing.T) {
	t.Run("one row per entity", func(t *testing.T) {
		p := keyedPanel(t, []string{"a", "b", "c", "d"}, []int{1, 1, 1, 1}, col("y", 1, 2, 3, 5), col("x", 1, 3, 2, 4))
		_, err := Estimate(p, "y ~ x | id")
		var noObs *linreg.NoObservationsError
		if !errors.As(err, &noObs) || !strings.Contains(err.Error(), "singleton") {
			t.Fatalf("err = %v, want *linreg.NoObservationsError for singletons", err)
		}
	})
	t.Run("two rows per entity", func(t *testing.T) {
		// Within each pair the demeaned values are ±d/2, so the slope is Σ dx·dy / Σ dx² over the pairs:
		// dx = (2, 1, 3), dy = (3, 1, 4), slope = (6 + 1 + 12)/(4 + 1 + 9) = 19/14.
		p := keyedPanel(t, []string{"a", "a", "b", "b", "c", "c"}, []int{1, 2, 1, 2, 1, 2},
			col("y", 1, 4, 2, 3, 0, 4), col("x", 0, 2, 1, 2, 5, 8))
		r, err := Estimate(p, "y ~ x | id")
		if err != nil {
			t.Fatal(err)
		}
		if r.N != 6 || r.FERank != 3 || r.DFResid != 2 {
			t.Errorf("N = %d, FE rank %d, residual df %d; want 6, 3, 2", r.N, r.FERank, r.DFResid)
		}
		if c := coefOf(t, r, "x"); math.Abs(c.Estimate-19.0/14) > 1e-12 || !(c.StdError > 0) {
			t.Errorf("x = %v (SE %v), want 19/14 with a positive SE", c.Estimate, c.StdError)
		}
	})
	t.Run("as many parameters as rows", func(t *testing.T) {
		p := keyedPanel(t, []string{"a", "a", "b", "b"}, []int{1, 2, 1, 2}, col("y", 1, 4, 2, 3), col("x", 0, 2, 1, 2))
		r, err := Estimate(p, "y ~ x | id + year")
		if err != nil {
			if errors.Is(err, linreg.ErrVCov) {
				return
			}
			t.Fatal(err)
		}
		checkNoZeroStdError(t, r)
	})
}

func TestBadInputEmptySample(t *testing.T) {
	ids, years, y, x := fourByThree()
	nan := math.NaN()
	p := keyedPanel(t, ids, years, y, x, col("m", 1, nan, nan, nan, 3, nan, nan, 4, nan, nan, nan, 5))
	cases := []struct {
		name    string
		formula string
		opts    []EstimateOption
	}{
		{"window without rows", "y ~ x | id", []EstimateOption{Period(2010, 2012)}},
		{"window where every row is missing", "y ~ m | id", []EstimateOption{Period(2003, 2003)}},
		{"subset that keeps nothing", "y ~ x | id", []EstimateOption{Subset(make([]bool, 12))}},
		{"every row dropped as a singleton", "y ~ m | id", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Estimate(p, tc.formula, tc.opts...)
			if !errors.Is(err, ErrEmptyFrame) && !errors.Is(err, linreg.ErrNoObservations) {
				t.Fatalf("err = %v, want ErrEmptyFrame or linreg.ErrNoObservations", err)
			}
			if tc.name == "window without rows" && !strings.Contains(err.Error(), "covers periods 2001–2003") {
				t.Errorf("message %q does not name the panel's periods", err)
			}
		})
	}
	if _, err := QuantReg(p, "y ~ x", 0.5, QRWindow(2010, 2012)); err == nil {
		t.Error("QuantReg on an empty window: no error")
	}
	if _, err := QRPD(p, "y ~ x", []float64{0.5}, QRPDWindow(2010, 2012)); err == nil {
		t.Error("QRPD on an empty window: no error")
	}
	if _, err := EntropyIndex(p, FlatIndicatorSystem("d", []string{"x", "y"}, nil), IndexOptions{Window: Window{From: 2010, To: 2012}}); err == nil {
		t.Error("EntropyIndex on an empty window: no error")
	}
}

// A cluster bootstrap draw in which the treatment is constant cannot be fitted. It must be counted as a
// failed replicate with its reason, never enter an interval as 0, and never stop the run.
func TestBadInputBootstrapDrawWithoutVariation(t *testing.T) {
	var ids []string
	var years []int
	var xs, ms, ys []float64
	for e, name := range []string{"a", "b", "c", "d", "e", "f"} {
		for year := 2001; year <= 2004; year++ {
			ids, years = append(ids, name), append(years, year)
			treatment := 0.0
			if e == 0 { // only entity a is ever treated
				treatment = float64(year - 2000)
			}
			m := 2*treatment + float64((e*7+year)%5)
			xs, ms, ys = append(xs, treatment), append(ms, m), append(ys, 3*m+treatment+float64((e*3+year)%4))
		}
	}
	p := keyedPanel(t, ids, years, col("x", xs...), col("m", ms...), col("y", ys...))

	res, err := Mediate(context.Background(), p, MediationModel{Outcome: "y", Treatment: "x", Mediators: []string{"m"}},
		MediationSettings{Bootstrap: BootstrapSettings{Reps: 50, Seed: 7, Cluster: "id"}})
	if err != nil {
		t.Fatal(err)
	}

	boot := res.Bootstrap
	if len(boot.Failed) == 0 {
		t.Fatal("no failed replicates, want the draws without entity a to fail")
	}
	if boot.Succeeded()+len(boot.Failed) != 50 {
		t.Errorf("%d succeeded + %d failed, want 50", boot.Succeeded(), len(boot.Failed))
	}
	for _, f := range boot.Failed {
		if f.Err == nil || f.Err.Error() == "" {
			t.Errorf("failed replicate %d without a reason", f.Index)
		}
	}
	for _, v := range boot.Sum {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("bootstrap sum %v among the successful replicates", v)
		}
	}
}

func TestBadInputEncodings(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().String("省份,年份,值\n黑龙江,2020,1.5\n内蒙古,2020,2\n")
	if err != nil {
		t.Fatal(err)
	}
	gb18030, err := simplifiedchinese.GB18030.NewEncoder().String("省份,年份,值\n黑龙江,2020,1.5\n𠀀地,2020,2\n")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name      string
		data      string
		opts      []ReadOption
		wantFirst string
	}{
		{"GBK detected", gbk, nil, "黑龙江"},
		{"GB18030 with a character outside GBK", gb18030, []ReadOption{WithEncoding(EncodingGB18030)}, "黑龙江"},
		{"BOM with semicolons", "\xef\xbb\xbf省份;年份;值\n黑龙江;2020;1.5\n", nil, "黑龙江"},
		{"BOM with a title row", "\xef\xbb\xbf数据库：分省年度数据\n省份,年份,值\n黑龙江,2020,1.5\n", nil, "黑龙江"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tb, err := ReadCSVFrom(strings.NewReader(tc.data), "enc.csv", tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			if names := tb.DataFrame.Names(); names[0] != "省份" {
				t.Errorf("first column %q, want 省份", names[0])
			}
			if got := tb.DataFrame.Col("省份").Records()[0]; got != tc.wantFirst {
				t.Errorf("first value %q, want %q", got, tc.wantFirst)
			}
		})
	}

	t.Run("UTF-16 with a byte-order mark", func(t *testing.T) {
		tb, err := ReadCSVFrom(bytes.NewReader([]byte("\xff\xfea\x00,\x00b\x00\n\x001\x00,\x002\x00\n\x00")), "u16.csv")
		if err != nil {
			t.Fatal(err)
		}
		if names := tb.DataFrame.Names(); !slices.Equal(names, []string{"a", "b"}) {
			t.Errorf("names %q, want a, b", names)
		}
		if got := tb.DataFrame.Col("b").Float(); !slices.Equal(got, []float64{2}) {
			t.Errorf("b = %v, want [2]", got)
		}
	})
	t.Run("GBK read as UTF-8 is rejected by name", func(t *testing.T) {
		_, err := ReadCSVFrom(strings.NewReader(gbk), "gbk.csv", WithEncoding(EncodingUTF8))
		if !errors.Is(err, ErrEncoding) || !strings.Contains(err.Error(), "UTF-8") {
			t.Fatalf("err = %v, want ErrEncoding naming UTF-8", err)
		}
	})
}

// writeXLSX saves a one-sheet workbook with the given cells and merged ranges.
func writeXLSX(t *testing.T, cells map[string]any, merges [][2]string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for name, v := range cells {
		if err := f.SetCellValue("Sheet1", name, v); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range merges {
		if err := f.MergeCell("Sheet1", m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestBadInputExcelLayouts(t *testing.T) {
	t.Run("merged header over two columns and merged keys down the rows", func(t *testing.T) {
		path := writeXLSX(t, map[string]any{
			"A1": "省份", "B1": "年份", "C1": "地区生产总值", "C2": "第一产业", "D2": "第二产业",
			"A3": "北京", "B3": 2020, "C3": "1,234.5", "D3": 7,
			"B4": 2021, "C4": "29,492", "D4": 8,
		}, [][2]string{{"C1", "D1"}, {"A1", "A2"}, {"B1", "B2"}, {"A3", "A4"}})
		tb, err := ReadXLSX(path, "", WithHeaderRows(2))
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"省份", "年份", "地区生产总值_第一产业", "地区生产总值_第二产业"}
		if got := tb.DataFrame.Names(); !slices.Equal(got, want) {
			t.Fatalf("names %q, want %q", got, want)
		}
		if got := tb.DataFrame.Col("省份").Records(); !slices.Equal(got, []string{"北京", "北京"}) {
			t.Errorf("merged key cells read as %q, want 北京 twice", got)
		}
		if got := tb.DataFrame.Col("地区生产总值_第一产业").Float(); !slices.Equal(got, []float64{1234.5, 29492}) {
			t.Errorf("numbers stored as text read as %v, want [1234.5 29492]", got)
		}
		if _, err := tb.Panel(); err == nil {
			// no keys declared: Table.Panel needs WithKeys
			t.Log("Table.Panel without keys succeeded")
		}
	})
	t.Run("percent stored as text needs a policy", func(t *testing.T) {
		path := writeXLSX(t, map[string]any{"A1": "id", "B1": "share", "A2": "a", "B2": "12.5%", "A3": "b", "B3": "3%"}, nil)
		_, err := ReadXLSX(path, "")
		if !errors.Is(err, ErrPercent) || !strings.Contains(err.Error(), "B2") {
			t.Fatalf("err = %v, want ErrPercent naming cell B2", err)
		}
	})
	t.Run("ambiguous number stored as text", func(t *testing.T) {
		path := writeXLSX(t, map[string]any{"A1": "id", "B1": "v", "A2": "a", "B2": "1,2", "A3": "b", "B3": "3"}, nil)
		_, err := ReadXLSX(path, "")
		if !errors.Is(err, ErrAmbiguousNumber) || !strings.Contains(err.Error(), "1,2") {
			t.Fatalf("err = %v, want ErrAmbiguousNumber quoting 1,2", err)
		}
	})
}

// The QRPD objective reaches 0 when the unit effects separate the units at the quantile. The analytic
// standard error is then NaN with a note in the public result, and so are its z and p.
func TestBadInputQRPDZeroObjective(t *testing.T) {
	var ids []string
	var years []int
	var xs, ys []float64
	for i := 0; i < 12; i++ {
		for tt := 0; tt < 5; tt++ {
			x := float64(i) + 3*float64((i*7+tt*3)%11)/10
			ids, years = append(ids, string(rune('A'+i))), append(years, 2001+tt)
			xs, ys = append(xs, x), append(ys, 5*float64(i)+0.5*x)
		}
	}
	p := keyedPanel(t, ids, years, col("x", xs...), col("y", ys...))
	res, err := QRPD(p, "y ~ x", []float64{0.5})
	if err != nil {
		t.Fatal(err)
	}
	fit := res.Fits[0]
	if fit.Objective != 0 {
		t.Fatalf("objective %v, want 0 on this separated panel", fit.Objective)
	}
	if !math.IsNaN(fit.StdErr[0]) || !math.IsNaN(fit.TestStdErr[0]) || !math.IsNaN(fit.PValue[0]) {
		t.Errorf("SE %v, test SE %v, p %v; want NaN", fit.StdErr[0], fit.TestStdErr[0], fit.PValue[0])
	}
	if !slices.ContainsFunc(fit.Notes, func(n string) bool { return strings.Contains(n, "not identified") }) {
		t.Errorf("notes %q lack the reason", fit.Notes)
	}
}

// An outcome that the regressors (and fixed effects) determine exactly has residuals of 0 up to
// rounding. Its standard errors are NaN with a note, never 0 or the 1e-16 that rounding leaves.
func TestBadInputPerfectFit(t *testing.T) {
	cases := []struct {
		name    string
		panel   *Panel
		formula string
	}{
		{"pooled y = 1 + 2x", keyedPanel(t, []string{"a", "b", "c", "d", "e", "f"}, []int{1, 1, 1, 1, 1, 1},
			col("y", 1, 3, 5, 7, 9, 11), col("x", 0, 1, 2, 3, 4, 5)), "y ~ x"},
		{"entity effects and y = α_i + 2x", keyedPanel(t, []string{"a", "a", "b", "b", "c", "c"}, []int{1, 2, 1, 2, 1, 2},
			col("y", 1, 3, 5, 7, 9, 13), col("x", 0, 1, 2, 3, 4, 6)), "y ~ x | id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Estimate(tc.panel, tc.formula)
			if err != nil {
				t.Fatal(err)
			}
			if c := coefOf(t, r, "x"); math.Abs(c.Estimate-2) > 1e-12 {
				t.Errorf("x = %v, want 2", c.Estimate)
			}
			for _, c := range append(slices.Clone(r.Coefficients), consOrNone(r)...) {
				if !math.IsNaN(c.StdError) || !math.IsNaN(c.PValue) {
					t.Errorf("%s: SE %v, p %v; want NaN", c.Term, c.StdError, c.PValue)
				}
			}
			if !slices.ContainsFunc(r.Notes, func(n string) bool { return strings.Contains(n, "perfect fit") }) {
				t.Errorf("notes %q lack the reason", r.Notes)
			}
		})
	}
}
