package cpstat

import (
	"slices"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// genericFactorCodes encodes a column read from the data frame, the path FactorCodes takes for
// columns other than the keys.
func genericFactorCodes(t *testing.T, p *Panel, column string) ([]int32, []string) {
	t.Helper()
	s := p.DataFrame().Col(column)
	if s.Type() == series.String {
		return encodeStrings(s.Records(), s.IsNaN())
	}
	return encodeFloats(s.Float())
}

// The key columns' codes come from the panel's own entity and time codes. They must equal the
// encoding of the data frame column, including after province names are resolved and with
// padded, unsorted and numeric entity values.
func TestKeyFactorCodesMatchColumn(t *testing.T) {
	cases := []struct {
		name     string
		entities any
		times    []int
		opts     []PanelOption
	}{
		{"text ids out of order", []string{"b", "a", " c", "b", "a", "c"}, []int{2002, 2001, 2001, 2001, 2002, 2002}, nil},
		{"numeric ids", []int{10, 9, 10, 9, 100, 100}, []int{1, 1, 2, 2, 1, 2}, nil},
		{"province names", []string{"北京市", "天津", "北京", "天津市", "Hebei", "河北省"}, []int{2001, 2001, 2002, 2002, 2001, 2002}, []PanelOption{ResolveProvinces()}},
		{"wide time range", []string{"a", "a", "b", "b", "c", "c"}, []int{-5, 1 << 40, 7, -5, 1 << 40, 7}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var ids series.Series
			switch v := tc.entities.(type) {
			case []string:
				ids = series.New(v, series.String, "id")
			case []int:
				ids = series.New(v, series.Int, "id")
			}
			df := dataframe.New(ids, series.New(tc.times, series.Int, "year"), series.New([]float64{1, 2, 3, 4, 5, 6}, series.Float, "y"))
			p, err := NewPanel(df, "id", "year", tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			for _, column := range []string{"id", "year"} {
				codes, levels, err := p.FactorCodes(column)
				if err != nil {
					t.Fatal(err)
				}
				wantCodes, wantLevels := genericFactorCodes(t, p, column)
				if !slices.Equal(levels, wantLevels) {
					t.Errorf("%s levels = %q, want %q", column, levels, wantLevels)
				}
				if !slices.Equal(codes, wantCodes) {
					t.Errorf("%s codes = %v, want %v", column, codes, wantCodes)
				}
			}
		})
	}
}

// encodeTimes must agree with encodeFloats, which it replaces for short ranges.
func TestEncodeTimesMatchesFloats(t *testing.T) {
	for _, times := range [][]int{{2003, 2001, 2003, 2002}, {5}, {0, -1, 1}, {}, {1 << 62, -(1 << 62), 0}} {
		values := make([]float64, len(times))
		for i, v := range times {
			values[i] = float64(v)
		}
		codes, levels := encodeTimes(times)
		wantCodes, wantLevels := encodeFloats(values)
		if !slices.Equal(levels, wantLevels) {
			t.Errorf("%v: levels %q, want %q", times, levels, wantLevels)
		}
		if !slices.Equal(codes, wantCodes) {
			t.Errorf("%v: codes %v, want %v", times, codes, wantCodes)
		}
	}
}

// Float must return a fresh copy each time: a caller that edits it must not change the cache.
func TestFloatReturnsCopy(t *testing.T) {
	df := dataframe.New(series.New([]string{"a", "b"}, series.String, "id"), series.New([]int{1, 1}, series.Int, "t"),
		series.New([]float64{1.5, 2.5}, series.Float, "y"))
	p, err := NewPanel(df, "id", "t")
	if err != nil {
		t.Fatal(err)
	}
	first, err := p.Float("y")
	if err != nil {
		t.Fatal(err)
	}
	first[0] = 99
	second, err := p.Float("y")
	if err != nil {
		t.Fatal(err)
	}
	if second[0] != 1.5 {
		t.Errorf("second read y[0] = %v after editing the first, want 1.5", second[0])
	}
	q, err := p.With("y", []float64{7, 8})
	if err != nil {
		t.Fatal(err)
	}
	replaced, err := q.Float("y")
	if err != nil {
		t.Fatal(err)
	}
	if replaced[0] != 7 {
		t.Errorf("after With, y[0] = %v, want 7", replaced[0])
	}
}
