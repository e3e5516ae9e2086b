package main

import (
	"io"

	"github.com/cpstat/cpstat/internal/textcol"
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
	t := textcol.Table{Padding: c.padding, Left: !c.right}
	for _, r := range c.rows {
		t.Row(r...)
	}
	_, err := io.WriteString(w, t.String())
	return err
}

// displayWidth returns the terminal columns of s (see textcol.Width).
func displayWidth(s string) int { return textcol.Width(s) }
