package table

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Table is anything the writers can render: Regression, Grid and *Layout.
type Table interface {
	// Layout returns the cells of the table exactly as they are to be shown, or a *ConfigError when the
	// table's specification is invalid.
	Layout() (*Layout, error)
}

// Layout is a table reduced to display text: rows of cells plus the positions of horizontal rules. Every
// writer renders a Layout, so a caller with a table of another shape can build a Layout directly.
//
// The first column is the stub (row labels), written left-aligned. The other columns are centered, and the
// plain-text writer also aligns their numbers on the decimal point. A rule is drawn above the first header
// row, below the last header row and below the last body row (the booktabs \toprule, \midrule and
// \bottomrule); Row.RuleAbove adds more.
type Layout struct {
	Title   string   // caption above the table; may be empty
	Columns int      // number of columns, including the stub
	Header  []Row    // column headings, top to bottom
	Body    []Row    // the table body
	Notes   []string // lines under the table, already prefixed with "注：" or "Note: " where wanted
}

// Row is one row of a Layout.
type Row struct {
	// Cells are written left to right. A cell with Span k covers k columns and the cells it covers are left
	// out, so the spans of a row add up to Layout.Columns.
	Cells []Cell

	// RuleAbove draws a horizontal rule above this row. It is honoured in body rows; header rows get the
	// booktabs rules and \cmidrule under spanning cells.
	RuleAbove bool
}

// Cell is one cell of a Layout.
type Cell struct {
	Text     string  // shown text without parentheses and stars, e.g. "0.994", "控制", "(1)"
	Stars    string  // significance symbols written after Text and after the closing parenthesis
	Parens   bool    // Text is written inside parentheses
	Number   bool    // Text is Value formatted with Decimals digits; XLSX stores such a cell as a number
	Value    float64 // the number Text shows, when Number is set
	Decimals int     // digits after the decimal point in Text, when Number is set
	Span     int     // columns covered; 0 and 1 both mean one
}

// Display returns the cell as plain text: the text, in parentheses if Parens is set, then the stars.
func (c Cell) Display() string {
	text := c.Text
	if c.Parens {
		text = "(" + text + ")"
	}
	return text + c.Stars
}

func (c Cell) span() int {
	if c.Span < 1 {
		return 1
	}
	return c.Span
}

// Layout validates l and returns it, so a hand-built Layout can be passed to the writers.
func (l *Layout) Layout() (*Layout, error) {
	if l == nil {
		return nil, &ConfigError{Field: "Layout", Value: "nil", Reason: "the layout is missing; build one or use a Regression or Grid"}
	}
	if l.Columns < 1 {
		return nil, &ConfigError{Field: "Layout.Columns", Value: fmt.Sprint(l.Columns), Reason: "a table needs at least one column"}
	}
	check := func(part string, rows []Row) error {
		for i, row := range rows {
			total := 0
			for j, c := range row.Cells {
				if c.Span < 0 {
					return &ConfigError{Field: fmt.Sprintf("Layout.%s[%d].Cells[%d].Span", part, i, j), Value: fmt.Sprint(c.Span), Reason: "a span must be 0 or more"}
				}
				total += c.span()
			}
			if total != l.Columns {
				return &ConfigError{
					Field:  fmt.Sprintf("Layout.%s[%d]", part, i),
					Value:  fmt.Sprintf("%d columns", total),
					Reason: fmt.Sprintf("the spans of a row must add up to Layout.Columns = %d", l.Columns),
				}
			}
		}
		return nil
	}
	if err := check("Header", l.Header); err != nil {
		return nil, err
	}
	if err := check("Body", l.Body); err != nil {
		return nil, err
	}
	return l, nil
}

// ConfigError reports an invalid table specification: which field, the offending value and what to change.
type ConfigError struct {
	Field  string // the field or element, e.g. "Keep", "Columns[1].Coefs[3].Term", "Stars[0].P"
	Value  string // the offending value as text
	Reason string // what is wrong and how to fix it
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("table: invalid %s %q: %s", e.Field, e.Value, e.Reason)
}

// cleanText returns s with invalid UTF-8 replaced by U+FFFD, control and line-separator characters replaced by
// spaces, and the noncharacters U+FFFE and U+FFFF (invalid in XML) replaced by U+FFFD.
func cleanText(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || needsReplacement(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case r == 0xFFFE || r == 0xFFFF:
			return '\uFFFD'
		case needsReplacement(r):
			return ' '
		}
		return r
	}, s)
}

func needsReplacement(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == 0xFFFE || r == 0xFFFF
}
