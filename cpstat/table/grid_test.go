package table

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"testing"
)

func TestGridCells(t *testing.T) {
	g := Grid{
		Lang:     En,
		Labels:   paperLabels,
		Header:   [][]Head{{{Code: "variable"}, {Code: "N"}, {Code: "mean"}, {Text: "own text", Code: "sd"}}},
		Rows:     [][]Value{{Code("balance"), Int(510), Num(9.11549), Num(0.9)}},
		Decimals: []int{0, 2},
		Notes:    []string{"a", "b"},
	}
	l := mustLayout(t, g)
	var header []string
	for _, c := range l.Header[0].Cells {
		header = append(header, c.Text)
	}
	if want := []string{"Variable", "N", "Mean", "own text"}; !slices.Equal(header, want) {
		t.Errorf("header %q, want %q", header, want)
	}
	var body []string
	for _, c := range l.Body[0].Cells {
		body = append(body, c.Display())
	}
	// Column 1 has 2 decimals but holds an Int; columns 2 and 3 lie past Decimals and use 3.
	if want := []string{"Balancing policy", "510", "9.115", "0.900"}; !slices.Equal(body, want) {
		t.Errorf("body %q, want %q", body, want)
	}
	if want := []string{"Note: a", "b"}; !slices.Equal(l.Notes, want) {
		t.Errorf("notes %q, want %q", l.Notes, want)
	}
}

func TestGridDecimalsPerColumn(t *testing.T) {
	g := Grid{Rows: [][]Value{{Text("x"), Num(1.23456), Num(1.23456), Num(math.NaN())}}, Decimals: []int{0, 0, 4, 1}}
	l := mustLayout(t, g)
	var got []string
	for _, c := range l.Body[0].Cells {
		got = append(got, c.Display())
	}
	if want := []string{"x", "1", "1.2346", "—"}; !slices.Equal(got, want) {
		t.Errorf("cells %q, want %q", got, want)
	}
}

func TestGridShapeRejected(t *testing.T) {
	cases := []struct {
		name  string
		g     Grid
		field string
	}{
		{"short row", Grid{Rows: [][]Value{{Text("a"), Text("b")}, {Text("c")}}}, "Rows[1]"},
		{"header span", Grid{Header: [][]Head{{{Text: "a"}, {Text: "b", Span: 2}}, {{Text: "c"}, {Text: "d"}}}}, "Header[1]"},
		{"row against header", Grid{Header: [][]Head{{{Text: "a", Span: 3}}}, Rows: [][]Value{{Text("x")}}}, "Rows[0]"},
		{"negative span", Grid{Header: [][]Head{{{Text: "a", Span: -1}}}}, "Header[0][0].Span"},
		{"empty", Grid{}, "Header and Rows"},
		{"decimals", Grid{Rows: [][]Value{{Num(1)}}, Decimals: []int{-1}}, "Decimals[0]"},
		{"rule index", Grid{Rows: [][]Value{{Num(1)}}, RulesAbove: []int{1}}, "RulesAbove[0]"},
		{"lang", Grid{Rows: [][]Value{{Num(1)}}, Lang: -1}, "Lang"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.g.Layout()
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

func TestLayoutValidation(t *testing.T) {
	cases := []struct {
		name  string
		l     *Layout
		field string
	}{
		{"nil", nil, "Layout"},
		{"no columns", &Layout{}, "Layout.Columns"},
		{"short body row", &Layout{Columns: 2, Body: []Row{{Cells: []Cell{{}}}}}, "Layout.Body[0]"},
		{"wide header row", &Layout{Columns: 2, Header: []Row{{Cells: []Cell{{}, {Span: 2}}}}}, "Layout.Header[0]"},
		{"negative span", &Layout{Columns: 1, Body: []Row{{Cells: []Cell{{Span: -1}}}}}, "Layout.Body[0].Cells[0].Span"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.l.Layout()
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

// TestWritersReturnLayoutErrors checks that every writer returns the *ConfigError of an invalid table and
// writes nothing.
func TestWritersReturnLayoutErrors(t *testing.T) {
	bad := Regression{}
	for _, wr := range goldenWriters {
		var b bytes.Buffer
		err := wr.write(&b, bad)
		var ce *ConfigError
		if !errors.As(err, &ce) {
			t.Errorf("%s: error %v, want a *ConfigError", wr.ext, err)
		}
		if b.Len() != 0 {
			t.Errorf("%s: wrote %d bytes for an invalid table", wr.ext, b.Len())
		}
	}
}
