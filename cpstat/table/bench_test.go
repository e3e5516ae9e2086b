package table

import (
	"fmt"
	"io"
	"testing"
)

// benchTable is a table as large as the widest of the study: 8 columns of 30 coefficients each, with two
// fixed effects and four statistics.
func benchTable() Regression {
	var cols []Column
	for j := 0; j < 8; j++ {
		col := Column{DepVar: "cp", FixedEffects: []string{"province", "year"}, Stats: []Stat{StatN(510), StatR2(0.9), {Key: "r2_within", Value: 0.5, Decimals: 3}, {Key: "clusters", Value: 30}}}
		for i := 0; i < 30; i++ {
			x := float64(i*8+j) / 7
			col.Coefs = append(col.Coefs, Coef{Term: fmt.Sprintf("x%d", i), Estimate: x, StdErr: 0.1, Stat: x / 0.1, PValue: 0.04})
		}
		cols = append(cols, col)
	}
	return Regression{Columns: cols, Labels: paperLabels, Title: "基准回归"}
}

func BenchmarkWriters(b *testing.B) {
	tb := benchTable()
	writers := []struct {
		name  string
		write func() error
	}{
		{"layout", func() error { _, err := tb.Layout(); return err }},
		{"text", func() error { return WriteText(io.Discard, tb, TextOptions{}) }},
		{"markdown", func() error { return WriteMarkdown(io.Discard, tb, MarkdownOptions{}) }},
		{"html", func() error { return WriteHTML(io.Discard, tb, HTMLOptions{}) }},
		{"latex", func() error { return WriteLaTeX(io.Discard, tb, LaTeXOptions{}) }},
		{"csv", func() error { return WriteCSV(io.Discard, tb, CSVOptions{}) }},
		{"xlsx", func() error { return WriteXLSX(io.Discard, tb, "Sheet1") }},
	}
	for _, wr := range writers {
		b.Run(wr.name, func(b *testing.B) {
			for b.Loop() {
				if err := wr.write(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
