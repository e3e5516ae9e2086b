package table

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"strings"
	"testing"
)

// fuzzTable builds a two-column regression table from arbitrary text and numbers. The label names a term,
// the dependent variable, a fixed effect and a statistic, and also serves as a star symbol.
func fuzzTable(label, title, note string, x, p float64, decimals uint8) Regression {
	symbol := label
	if symbol == "" {
		symbol = "*"
	}
	return Regression{
		Title: title,
		Columns: []Column{
			{
				DepVar:       "y",
				Title:        label,
				Coefs:        []Coef{{Term: "t", Estimate: x, StdErr: p, Stat: x / p, PValue: p}, {Term: "_cons", Estimate: -x}},
				FixedEffects: []string{"fe"},
				Stats:        []Stat{{Key: "k", Value: x, Decimals: int(decimals % 6)}, StatN(3)},
			},
			{DepVar: "y", Coefs: []Coef{{Term: "t", Estimate: p, PValue: x}}},
		},
		Labels:        Labels{"t": {Zh: label}, "y": {Zh: label}, "fe": {Zh: label}, "k": {Zh: label}},
		Stars:         []Star{{symbol, 0.1}},
		Decimals:      int(decimals%17) + 1,
		ParenDecimals: int(decimals % 4),
		Notes:         []string{note},
	}
}

func addFuzzSeeds(f *testing.F) {
	f.Add("平衡性干预政策", "基准回归", "注释", 0.994, 0.00001, uint8(3))
	f.Add("<b>&amp;</b>", `"title"`, "'note'", -0.0, 0.05, uint8(0))
	f.Add("a|b\\|c*", "_%&#${}~^", "1. x", math.NaN(), math.NaN(), uint8(16))
	f.Add("\x00\n\r\t\xff", "\u2028", "\uFFFE", math.Inf(1), math.Inf(-1), uint8(255))
	f.Add("[x]", "*", "=SUM(A1)", 1e300, 1e-300, uint8(5))
}

func FuzzRenderText(f *testing.F) {
	addFuzzSeeds(f)
	f.Fuzz(func(t *testing.T, label, title, note string, x, p float64, decimals uint8) {
		var b bytes.Buffer
		if err := WriteText(&b, fuzzTable(label, title, note, x, p, decimals), TextOptions{}); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(b.String(), "\n")
		start := 0
		if title != "" {
			start = 1
		}
		top := lines[start]
		if strings.Trim(top, "=") != "" {
			t.Fatalf("line %d %q is not the top rule", start, top)
		}
		// The rule is as wide as the table, and the table lines end at the bottom rule.
		for _, line := range lines[start+1:] {
			if line == top {
				break
			}
			if w := displayWidth(line, false); w > len(top) {
				t.Errorf("line %q is %d columns wide, wider than the %d-column rule", line, w, len(top))
			}
		}
	})
}

func FuzzRenderMarkdown(f *testing.F) {
	addFuzzSeeds(f)
	f.Fuzz(func(t *testing.T, label, title, note string, x, p float64, decimals uint8) {
		var b bytes.Buffer
		if err := WriteMarkdown(&b, fuzzTable(label, title, note, x, p, decimals), MarkdownOptions{}); err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(b.String(), "\n") {
			if strings.HasPrefix(line, "|") {
				if n := countUnescaped(line, '|'); n != 4 {
					t.Errorf("table row %q has %d cell separators, want 4", line, n)
				}
			}
		}
	})
}

func FuzzRenderHTML(f *testing.F) {
	addFuzzSeeds(f)
	f.Fuzz(func(t *testing.T, label, title, note string, x, p float64, decimals uint8) {
		var b bytes.Buffer
		if err := WriteHTML(&b, fuzzTable(label, title, note, x, p, decimals), HTMLOptions{Class: label}); err != nil {
			t.Fatal(err)
		}
		text, err := checkXML(b.String())
		if err != nil {
			t.Fatalf("output is not well-formed XML: %v\n%s", err, b.String())
		}
		if clean := strings.TrimSpace(cleanText(title)); clean != "" && !strings.Contains(text, clean) {
			t.Errorf("parsed text %q does not contain the title %q", text, clean)
		}
	})
}

func FuzzRenderLaTeX(f *testing.F) {
	addFuzzSeeds(f)
	f.Fuzz(func(t *testing.T, label, title, note string, x, p float64, decimals uint8) {
		var b bytes.Buffer
		if err := WriteLaTeX(&b, fuzzTable(label, title, note, x, p, decimals), LaTeXOptions{}); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(b.String(), "\n")
		for _, line := range lines[1:] { // line 0 is the comment naming the packages
			if err := checkLaTeXLine(line); err != nil {
				t.Errorf("%v in line %q", err, line)
			}
			if strings.HasSuffix(line, `\\`) && !strings.Contains(line, `\multicolumn`) {
				if n := countUnescaped(line, '&'); n != 2 {
					t.Errorf("row %q has %d column separators, want 2", line, n)
				}
			}
			if strings.HasSuffix(line, `\\`) && (strings.HasPrefix(line, "[") || strings.HasPrefix(line, "*")) {
				t.Errorf("row %q starts with a character that \\\\ would read as its argument", line)
			}
		}
	})
}

// checkLaTeXLine reports unbalanced braces and unescaped %, # and ^ outside math superscripts.
func checkLaTeXLine(line string) error {
	depth := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++ // the next character belongs to a command or is escaped
		case '{':
			depth++
		case '}':
			depth--
			if depth < 0 {
				return fmt.Errorf("unmatched }")
			}
		case '%', '#':
			return fmt.Errorf("unescaped %c", line[i])
		case '^':
			if i == 0 || line[i-1] != '$' {
				return fmt.Errorf("unescaped ^")
			}
		}
	}
	if depth != 0 {
		return fmt.Errorf("%d unclosed {", depth)
	}
	return nil
}

func FuzzRenderCSV(f *testing.F) {
	addFuzzSeeds(f)
	f.Fuzz(func(t *testing.T, label, title, note string, x, p float64, decimals uint8) {
		var b bytes.Buffer
		table := fuzzTable(label, title, note, x, p, decimals)
		if err := WriteCSV(&b, table, CSVOptions{BOM: true}); err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\uFEFF")))
		r.FieldsPerRecord = 3
		records, err := r.ReadAll()
		if err != nil {
			t.Fatalf("output is not CSV with 3 fields per record: %v", err)
		}
		l, _ := table.Layout()
		want := guardFormula(cleanText(l.Body[0].Cells[0].Text), false)
		found := false
		for _, record := range records {
			found = found || record[0] == want
		}
		if !found {
			t.Errorf("no record starts with the label %q", want)
		}
	})
}

func FuzzRenderXLSX(f *testing.F) {
	addFuzzSeeds(f)
	f.Fuzz(func(t *testing.T, label, title, note string, x, p float64, decimals uint8) {
		var b bytes.Buffer
		table := fuzzTable(label, title, note, x, p, decimals)
		if err := WriteXLSX(&b, table, "Sheet"); err != nil {
			t.Fatal(err)
		}
		file := openXLSX(t, b.Bytes())
		rows, err := file.GetRows("Sheet")
		if err != nil {
			t.Fatalf("read back: %v", err)
		}
		l, _ := table.Layout()
		// GetRows leaves out trailing empty rows, so empty notes at the end are not read back.
		want := xlsxRowCount(l)
		for i := len(l.Notes) - 1; i >= 0 && cleanText(l.Notes[i]) == ""; i-- {
			want--
		}
		if len(rows) != want {
			t.Fatalf("read back %d rows, want %d", len(rows), want)
		}
		first := len(l.Header)
		if l.Title != "" {
			first++
		}
		if got, want := rows[first][0], cleanText(l.Body[0].Cells[0].Text); got != want {
			t.Errorf("first body row starts with %q, want the label %q", got, want)
		}
	})
}
