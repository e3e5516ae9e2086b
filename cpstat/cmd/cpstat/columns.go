package main

import (
	"io"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// columnWriter lays out rows of cells in aligned columns, as text/tabwriter does, but measures text
// in terminal columns. Chinese characters and other East Asian wide or fullwidth characters take
// two, where tabwriter counts one and so misaligns a column of Chinese labels.
type columnWriter struct {
	rows [][]string
	// right aligns every cell to the right of its column, as tabwriter.AlignRight with a tab after
	// the last cell. Otherwise cells are aligned left and the last cell of a row is not padded.
	right   bool
	padding int // spaces between columns
}

// row adds one row of cells.
func (c *columnWriter) row(cells ...string) { c.rows = append(c.rows, cells) }

// flush writes the rows to w.
func (c *columnWriter) flush(w io.Writer) error {
	var widths []int
	for _, r := range c.rows {
		for j, cell := range r {
			if j == len(widths) {
				widths = append(widths, 0)
			}
			widths[j] = max(widths[j], displayWidth(cell))
		}
	}
	var b strings.Builder
	for _, r := range c.rows {
		for j, cell := range r {
			fill := widths[j] + c.padding - displayWidth(cell)
			switch {
			case c.right:
				b.WriteString(strings.Repeat(" ", fill) + cell)
			case j == len(r)-1:
				b.WriteString(cell)
			default:
				b.WriteString(cell + strings.Repeat(" ", fill))
			}
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// displayWidth returns the terminal columns of s: two for East Asian wide and fullwidth characters,
// none for combining marks, one for the rest (East Asian ambiguous characters such as — included,
// as most terminals outside CJK locales show them).
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
		case width.LookupRune(r).Kind() == width.EastAsianWide, width.LookupRune(r).Kind() == width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
