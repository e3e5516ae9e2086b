package table

import "fmt"

// ValueKind is the kind of content of a grid Value.
type ValueKind int

// The kinds of Value. The zero value is text, so Value{} is a blank cell.
const (
	KindText   ValueKind = iota // literal text
	KindNumber                  // a float64 written with the column's decimals
	KindInt                     // an integer-valued float64 written with no decimals, e.g. N
	KindCode                    // a code written as its label through Grid.Labels
)

// Value is one body cell of a Grid. Build it with Text, Num, Int or Code.
type Value struct {
	Kind   ValueKind
	Text   string  // the text (KindText) or the code (KindCode)
	Number float64 // the number (KindNumber, KindInt)
}

// Text returns a text cell.
func Text(s string) Value { return Value{Kind: KindText, Text: s} }

// Num returns a number cell written with its column's decimals.
func Num(x float64) Value { return Value{Kind: KindNumber, Number: x} }

// Int returns an integer cell, such as a count of observations.
func Int(n int) Value { return Value{Kind: KindInt, Number: float64(n)} }

// Code returns a cell that shows the label of code in the grid's language, e.g. Code("balance") shows
// "平衡性干预政策" when Grid.Labels has that entry.
func Code(code string) Value { return Value{Kind: KindCode, Text: code} }

// Head is one header cell of a Grid. It shows Text, or the label of Code when Text is empty, across Span
// columns (0 and 1 both mean one).
type Head struct {
	Text string
	Code string
	Span int
}

// Grid is a table of labelled numbers: descriptive statistics, VIFs, codebooks, coverage reports, Malmquist
// decompositions. Every header row and body row must cover the same number of columns.
type Grid struct {
	Title  string
	Lang   Lang   // language of Code cells, Head codes and the note prefix; Zh by default
	Labels Labels // display texts of codes

	Header [][]Head
	Rows   [][]Value

	// Decimals[j] is the number of decimals of KindNumber cells in column j. Columns past the end of the
	// slice, and every column when it is nil, use 3.
	Decimals []int

	// RulesAbove lists the indexes of body rows that get a horizontal rule above them, e.g. a summary row.
	RulesAbove []int

	// Notes are written under the table; the first gets the prefix "注：" or "Note: ".
	Notes []string
}

// Layout checks that every row covers the same number of columns and lays out the grid. It returns a
// *ConfigError naming the row when the shapes differ or a setting is out of range.
func (g Grid) Layout() (*Layout, error) {
	if !g.Lang.valid() {
		return nil, &ConfigError{Field: "Lang", Value: g.Lang.String(), Reason: "use table.Zh or table.En"}
	}
	columns, err := g.columnCount()
	if err != nil {
		return nil, err
	}
	for j, d := range g.Decimals {
		if d < 0 || d > maxDecimals {
			return nil, &ConfigError{Field: fmt.Sprintf("Decimals[%d]", j), Value: fmt.Sprint(d), Reason: fmt.Sprintf("decimals must be between 0 and %d", maxDecimals)}
		}
	}

	out := &Layout{Title: g.Title, Columns: columns}
	for _, heads := range g.Header {
		row := Row{}
		for _, h := range heads {
			text := h.Text
			if text == "" && h.Code != "" {
				text = g.Labels.Lookup(h.Code, g.Lang)
			}
			row.Cells = append(row.Cells, Cell{Text: text, Span: h.Span})
		}
		out.Header = append(out.Header, row)
	}

	for i, values := range g.Rows {
		row := Row{}
		for j, v := range values {
			row.Cells = append(row.Cells, g.cell(v, j))
		}
		for _, k := range g.RulesAbove {
			if k == i {
				row.RuleAbove = true
			}
		}
		out.Body = append(out.Body, row)
	}
	for i, k := range g.RulesAbove {
		if k < 0 || k >= len(g.Rows) {
			return nil, &ConfigError{Field: fmt.Sprintf("RulesAbove[%d]", i), Value: fmt.Sprint(k), Reason: fmt.Sprintf("the grid has body rows 0 to %d", len(g.Rows)-1)}
		}
	}

	out.Notes = append(out.Notes, g.Notes...)
	if len(out.Notes) > 0 {
		out.Notes[0] = textsByLang[g.Lang].notePrefix + out.Notes[0]
	}
	return out, nil
}

// columnCount returns the number of columns that every header and body row covers.
func (g Grid) columnCount() (int, error) {
	columns, source := -1, ""
	check := func(field string, width int) error {
		if columns < 0 {
			columns, source = width, field
			return nil
		}
		if width != columns {
			return &ConfigError{
				Field:  field,
				Value:  fmt.Sprintf("%d columns", width),
				Reason: fmt.Sprintf("every row must cover %d columns, as %s does", columns, source),
			}
		}
		return nil
	}
	for i, heads := range g.Header {
		width := 0
		for j, h := range heads {
			if h.Span < 0 {
				return 0, &ConfigError{Field: fmt.Sprintf("Header[%d][%d].Span", i, j), Value: fmt.Sprint(h.Span), Reason: "a span must be 0 or more"}
			}
			width += max(h.Span, 1)
		}
		if err := check(fmt.Sprintf("Header[%d]", i), width); err != nil {
			return 0, err
		}
	}
	for i, values := range g.Rows {
		if err := check(fmt.Sprintf("Rows[%d]", i), len(values)); err != nil {
			return 0, err
		}
	}
	if columns < 1 {
		return 0, &ConfigError{Field: "Header and Rows", Value: "no cells", Reason: "a grid needs at least one header or body cell"}
	}
	return columns, nil
}

func (g Grid) cell(v Value, column int) Cell {
	switch v.Kind {
	case KindNumber:
		decimals := defaultDecimals
		if column < len(g.Decimals) {
			decimals = g.Decimals[column]
		}
		return numberCell(v.Number, decimals)
	case KindInt:
		return numberCell(v.Number, 0)
	case KindCode:
		return Cell{Text: g.Labels.Lookup(v.Text, g.Lang)}
	}
	return Cell{Text: v.Text}
}
