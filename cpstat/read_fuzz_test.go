package cpstat

import (
	"bytes"
	"errors"
	"slices"
	"testing"
)

// FuzzReadCSV checks that the reader never panics and that every failure wraps one of the
// package's error kinds. A table it returns must be consistent: one source line per row in
// ascending order, unique column names, and one ColumnInfo per column with the series' type.
func FuzzReadCSV(f *testing.F) {
	for _, seed := range []string{
		"id,year,v\nA,2001,1\nA,2002,\"1,234.5\"\n",
		"\xef\xbb\xbf省份,年份,值\n江苏,2020,1.5\n",
		"\xca\xa1\xb7\xdd,\xc4\xea\xb7\xdd\n\xb1\xb1\xbe\xa9,2021\n",
		"数据库：分省年度数据\n地区,2021年,2020年\n北京市,1,—\n注：说明\n",
		"region,share\nR1,12.5%\nR2,\"1,2\"\n",
		"a\tb\n1\tNaN\n2\t-Inf\n",
	} {
		f.Add([]byte(seed))
	}
	kinds := []error{ErrEncoding, ErrAmbiguousNumber, ErrPercent, ErrPlaceholder, ErrMixedColumn,
		ErrNotNumber, ErrLayout, ErrColumnNotFound, ErrColumnType}
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := ReadCSVFrom(bytes.NewReader(data), "fuzz.csv")
		checkReadResult(t, tb, err, kinds)
	})
}

// checkReadResult checks what a reader returned for fuzzed input: an error of one of the kinds, or a
// table whose lines, columns and column infos agree with its data frame.
func checkReadResult(t *testing.T, tb *Table, err error, kinds []error) {
	t.Helper()
	if err != nil {
		known := false
		for _, k := range kinds {
			known = known || errors.Is(err, k)
		}
		if !known {
			t.Fatalf("error of no known kind: %v", err)
		}
		return
	}
	df := tb.DataFrame
	if df.Err != nil {
		t.Fatalf("table with a data frame error: %v", df.Err)
	}
	if len(tb.Lines) != df.Nrow() {
		t.Fatalf("%d lines for %d rows", len(tb.Lines), df.Nrow())
	}
	if !slices.IsSorted(tb.Lines) {
		t.Fatalf("lines not ascending: %v", tb.Lines)
	}
	names := df.Names()
	if len(tb.Columns) != len(names) {
		t.Fatalf("%d column infos for %d columns", len(tb.Columns), len(names))
	}
	seen := map[string]bool{}
	for i, n := range names {
		if seen[n] {
			t.Fatalf("duplicate column name %q", n)
		}
		seen[n] = true
		if tb.Columns[i].Name != n || tb.Columns[i].Type != df.Col(n).Type() {
			t.Fatalf("column %d: info %+v, series %q of type %v", i, tb.Columns[i], n, df.Col(n).Type())
		}
	}
}
