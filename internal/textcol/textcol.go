// Package textcol lays out plain-text tables for a terminal. It measures text in terminal columns:
// East Asian wide and fullwidth characters, such as Chinese, take two and combining marks none.
// text/tabwriter counts one column per rune, so it misaligns a column of Chinese names.
package textcol

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// Table collects rows of cells and lays them out with every cell right-aligned in its column, as
// text/tabwriter does with tabwriter.AlignRight and a tab after the last cell of each row. With Left,
// cells are aligned left and the last cell of a row is not padded, as tabwriter does by default.
type Table struct {
	Padding int  // spaces between the columns
	Left    bool // align cells to the left of their columns
	rows    [][]string
}

// Row adds one row of cells. Rows may have different numbers of cells.
func (t *Table) Row(cells ...string) { t.rows = append(t.rows, cells) }

// String returns the rows, each ending in a newline. Column j is as wide as its widest cell plus
// Padding, and East Asian Ambiguous characters such as — count as one column.
func (t *Table) String() string {
	var widths []int
	for _, row := range t.rows {
		for j, cell := range row {
			if j == len(widths) {
				widths = append(widths, 0)
			}
			widths[j] = max(widths[j], Width(cell))
		}
	}
	var b strings.Builder
	for _, row := range t.rows {
		for j, cell := range row {
			fill := strings.Repeat(" ", widths[j]+t.Padding-Width(cell))
			switch {
			case !t.Left:
				b.WriteString(fill + cell)
			case j == len(row)-1:
				b.WriteString(cell)
			default:
				b.WriteString(cell + fill)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// Width returns the number of terminal columns s takes: two for each East Asian wide or fullwidth
// character, none for each combining mark, and one for every other character.
func Width(s string) int {
	n := 0
	for _, r := range s {
		switch kind := width.LookupRune(r).Kind(); {
		case unicode.Is(unicode.Mn, r):
		case kind == width.EastAsianWide, kind == width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
