package table

import (
	"fmt"
	"io"
	"strings"
)

// TextOptions are the settings of WriteText. The zero value is the default.
type TextOptions struct {
	// AmbiguousWide counts East Asian Ambiguous characters ("—", "²", "×", Greek and Cyrillic letters) as two
	// columns wide, as terminals and fonts set up for Chinese, Japanese or Korean show them. By default they
	// count as one.
	AmbiguousWide bool
}

// columnGap is the number of spaces between two columns of a plain-text table.
const columnGap = 2

// WriteText writes t as a plain-text table for a terminal or a fixed-width font: the title, a "=" rule, the
// header, a "-" rule, the body, a "=" rule and the notes. Columns are aligned by display width, numbers on
// their decimal point, and a Chinese character counts as two columns. Trailing spaces are trimmed.
func WriteText(w io.Writer, t Table, opts TextOptions) error {
	l, err := t.Layout()
	if err != nil {
		return err
	}
	tl := newTextLayout(l, opts.AmbiguousWide)

	var b strings.Builder
	if l.Title != "" {
		b.WriteString(cleanText(l.Title) + "\n")
	}
	total := tl.totalWidth()
	b.WriteString(strings.Repeat("=", total) + "\n")
	for i, row := range l.Header {
		b.WriteString(tl.line(row) + "\n")
		if under := tl.spanUnderline(row); under != "" && i < len(l.Header)-1 {
			b.WriteString(under + "\n")
		}
	}
	if len(l.Header) > 0 {
		b.WriteString(strings.Repeat("-", total) + "\n")
	}
	for _, row := range l.Body {
		if row.RuleAbove {
			b.WriteString(strings.Repeat("-", total) + "\n")
		}
		b.WriteString(tl.line(row) + "\n")
	}
	b.WriteString(strings.Repeat("=", total) + "\n")
	for _, note := range l.Notes {
		b.WriteString(cleanText(note) + "\n")
	}

	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("table: write text: %w", err)
	}
	return nil
}

// textLayout holds the column widths of a plain-text table.
type textLayout struct {
	ambiguousWide bool
	widths        []int // display width of each column
	numLeft       []int // width of the widest part before the decimal point among the column's numbers
	numRight      []int // width of the widest part from the decimal point on (digits, ")" and stars)
}

func newTextLayout(l *Layout, ambiguousWide bool) *textLayout {
	tl := &textLayout{
		ambiguousWide: ambiguousWide,
		widths:        make([]int, l.Columns),
		numLeft:       make([]int, l.Columns),
		numRight:      make([]int, l.Columns),
	}
	rows := append(append([]Row{}, l.Header...), l.Body...)

	// Single-column cells set the widths; numbers are measured in two parts so that their points align.
	for _, row := range rows {
		column := 0
		for _, c := range row.Cells {
			if c.span() == 1 {
				if c.Number && column > 0 {
					left, right := tl.splitNumber(c)
					tl.numLeft[column] = max(tl.numLeft[column], tl.width(left))
					tl.numRight[column] = max(tl.numRight[column], tl.width(right))
				} else {
					tl.widths[column] = max(tl.widths[column], tl.width(cleanText(c.Display())))
				}
			}
			column += c.span()
		}
	}
	for j := range tl.widths {
		tl.widths[j] = max(tl.widths[j], tl.numLeft[j]+tl.numRight[j])
	}

	// A spanning cell wider than the columns it covers widens the last of them.
	for _, row := range rows {
		column := 0
		for _, c := range row.Cells {
			if k := c.span(); k > 1 {
				need := tl.width(cleanText(c.Display()))
				if have := tl.spanWidth(column, k); need > have {
					tl.widths[column+k-1] += need - have
				}
			}
			column += c.span()
		}
	}
	return tl
}

func (tl *textLayout) width(s string) int { return displayWidth(s, tl.ambiguousWide) }

// splitNumber splits the display text of a number cell before its decimal point, or before the first
// character after its digits when it has no point.
func (tl *textLayout) splitNumber(c Cell) (left, right string) {
	s := cleanText(c.Display())
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return s[:i], s[i:]
	}
	i := strings.LastIndexAny(s, "0123456789")
	return s[:i+1], s[i+1:]
}

func (tl *textLayout) spanWidth(column, span int) int {
	w := columnGap * (span - 1)
	for j := column; j < column+span; j++ {
		w += tl.widths[j]
	}
	return w
}

func (tl *textLayout) totalWidth() int { return tl.spanWidth(0, len(tl.widths)) }

// line renders one row with trailing spaces trimmed.
func (tl *textLayout) line(row Row) string {
	var b strings.Builder
	column := 0
	for i, c := range row.Cells {
		if i > 0 {
			b.WriteString(strings.Repeat(" ", columnGap))
		}
		w := tl.spanWidth(column, c.span())
		switch {
		case column == 0 && c.span() == 1:
			b.WriteString(padRight(cleanText(c.Display()), w, tl.width))
		case c.Number && c.span() == 1:
			left, right := tl.splitNumber(c)
			block := strings.Repeat(" ", tl.numLeft[column]-tl.width(left)) + left +
				right + strings.Repeat(" ", tl.numRight[column]-tl.width(right))
			b.WriteString(center(block, w, tl.width))
		default:
			b.WriteString(center(cleanText(c.Display()), w, tl.width))
		}
		column += c.span()
	}
	return strings.TrimRight(b.String(), " ")
}

// spanUnderline returns a line of "-" under each spanning cell of a header row, or "" when it has none.
func (tl *textLayout) spanUnderline(row Row) string {
	var b strings.Builder
	column, found := 0, false
	for i, c := range row.Cells {
		if i > 0 {
			b.WriteString(strings.Repeat(" ", columnGap))
		}
		w := tl.spanWidth(column, c.span())
		if c.span() > 1 && c.Text != "" {
			b.WriteString(strings.Repeat("-", w))
			found = true
		} else {
			b.WriteString(strings.Repeat(" ", w))
		}
		column += c.span()
	}
	if !found {
		return ""
	}
	return strings.TrimRight(b.String(), " ")
}

func padRight(s string, w int, width func(string) int) string {
	return s + strings.Repeat(" ", max(0, w-width(s)))
}

// center pads s on both sides to width w; an odd leftover space goes to the right.
func center(s string, w int, width func(string) int) string {
	extra := max(0, w-width(s))
	return strings.Repeat(" ", extra/2) + s + strings.Repeat(" ", extra-extra/2)
}
