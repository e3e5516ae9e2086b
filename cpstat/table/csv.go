package table

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// CSVOptions are the settings of WriteCSV. The zero value is the default.
type CSVOptions struct {
	// BOM starts the output with the UTF-8 byte order mark, so that Excel opens Chinese text correctly.
	BOM bool
	// LF ends records with "\n". By default they end with "\r\n", as RFC 4180 specifies.
	LF bool
	// AllowFormulas writes cells that start with "=", "+", "-" or "@" as they are. By default such a cell gets a
	// leading "'", so that a spreadsheet shows it as text instead of running it as a formula (CSV injection).
	// Numbers such as "-0.126" are never changed.
	AllowFormulas bool
}

// WriteCSV writes t as RFC 4180 CSV with one field per table cell: the title as the first record, the header
// and body rows, then one record per note. Every record has the table's column count, so a title, a note or
// a spanning cell fills its first field and leaves the others empty. Stars are attached to the estimate
// ("0.994***") and parentheses kept ("(5.314)").
func WriteCSV(w io.Writer, t Table, opts CSVOptions) error {
	l, err := t.Layout()
	if err != nil {
		return err
	}

	var buf bytes.Buffer
	if opts.BOM {
		buf.WriteString("\uFEFF")
	}
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = !opts.LF

	single := func(text string) []string {
		record := make([]string, l.Columns)
		record[0] = guardFormula(cleanText(text), opts.AllowFormulas)
		return record
	}
	// csv.Writer.Write returns only the underlying writer's errors, and writing to a bytes.Buffer cannot fail.
	if l.Title != "" {
		_ = cw.Write(single(l.Title))
	}
	for _, row := range append(append([]Row{}, l.Header...), l.Body...) {
		record := make([]string, 0, l.Columns)
		for _, c := range row.Cells {
			text := cleanText(c.Display())
			if !c.Number {
				text = guardFormula(text, opts.AllowFormulas)
			}
			record = append(record, text)
			for k := 1; k < c.span(); k++ {
				record = append(record, "")
			}
		}
		_ = cw.Write(record)
	}
	for _, note := range l.Notes {
		_ = cw.Write(single(note))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("table: write CSV: %w", err)
	}

	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("table: write CSV: %w", err)
	}
	return nil
}

// guardFormula prefixes with "'" a text that a spreadsheet would run as a formula: one that starts with "=",
// "+", "-" or "@" and is not a number such as "-0.126" or "-Inf".
func guardFormula(text string, allow bool) string {
	if allow || text == "" || !strings.ContainsRune("=+-@", rune(text[0])) {
		return text
	}
	if _, err := strconv.ParseFloat(text, 64); err == nil {
		return text
	}
	return "'" + text
}
