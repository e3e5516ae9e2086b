package table

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// Limits of the XLSX format (Excel specifications and limits).
const (
	xlsxMaxColumns   = 16384
	xlsxMaxRows      = 1048576
	xlsxMaxCellChars = 32767 // UTF-16 code units
	xlsxMaxSheetName = 31    // UTF-16 code units
)

// Workbook collects tables and writes them as one XLSX file with one sheet per table, in the order added.
// The zero value is an empty workbook ready to use.
//
// A cell is stored exactly as the other writers show it. A plain number (an estimate without stars, N, R², a
// grid number) is stored as a number with a number format of the same decimals, e.g. "0.000", so it can be
// used in formulas; a value shown as 0.000 is stored as 0. Everything else (an estimate with stars such as
// "0.994***", a value in parentheses, "—", labels) is stored as text. Rules become cell borders: medium above
// the header and below the body, thin below the header, under spanning header cells and above body rows with
// RuleAbove. Spanning cells are merged.
type Workbook struct {
	sheets []workbookSheet
}

type workbookSheet struct {
	name   string
	layout *Layout
}

// Add lays out t and appends it as a sheet named sheet. It returns a *ConfigError when the layout fails or
// the name is not a valid, unused Excel sheet name. A valid name has 1 to 31 characters, none of : \ / ? * [ ],
// does not start or end with ', and differs from every other sheet name ignoring case.
func (wb *Workbook) Add(sheet string, t Table) error {
	if err := checkSheetName(sheet); err != nil {
		return err
	}
	for _, s := range wb.sheets {
		if strings.EqualFold(s.name, sheet) {
			return &ConfigError{Field: "sheet name", Value: sheet, Reason: "the workbook already has a sheet of that name (names ignore case); choose another"}
		}
	}
	l, err := t.Layout()
	if err != nil {
		return err
	}
	if err := checkXLSXLimits(l); err != nil {
		return err
	}
	wb.sheets = append(wb.sheets, workbookSheet{name: sheet, layout: l})
	return nil
}

// Write writes the workbook as XLSX to w.
func (wb *Workbook) Write(w io.Writer) error {
	f, err := wb.build()
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Write(w); err != nil {
		return fmt.Errorf("table: write XLSX: %w", err)
	}
	return nil
}

// Save writes the workbook as an XLSX file at path, replacing any file there. A new file gets mode
// 0644 before the umask, and a replaced file keeps its mode.
func (wb *Workbook) Save(path string) error {
	f, err := wb.build()
	if err != nil {
		return err
	}
	defer f.Close()
	// excelize's File.SaveAs (v2.11.1) creates the file with os.ModePerm, which leaves a workbook
	// executable under the usual umask 022, so the file is opened here.
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("table: save XLSX file: %w", err)
	}
	if err := f.Write(out); err != nil {
		out.Close()
		return fmt.Errorf("table: save XLSX file %s: %w", path, err)
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("table: save XLSX file %s: %w", path, err)
	}
	return nil
}

// WriteXLSX writes t as an XLSX workbook with one sheet named sheet. See Workbook for how cells are stored.
func WriteXLSX(w io.Writer, t Table, sheet string) error {
	var wb Workbook
	if err := wb.Add(sheet, t); err != nil {
		return err
	}
	return wb.Write(w)
}

func checkSheetName(name string) error {
	reason := ""
	switch {
	case name == "":
		reason = "a sheet needs a name"
	case len(utf16.Encode([]rune(name))) > xlsxMaxSheetName:
		reason = fmt.Sprintf("Excel allows at most %d characters in a sheet name; shorten it", xlsxMaxSheetName)
	case strings.HasPrefix(name, "'") || strings.HasSuffix(name, "'"):
		reason = "a sheet name may not start or end with '"
	case strings.ContainsAny(name, `:\/?*[]`):
		reason = `a sheet name may not contain any of : \ / ? * [ ]`
	case cleanText(name) != name:
		reason = "a sheet name may not contain control characters or invalid UTF-8"
	}
	if reason != "" {
		return &ConfigError{Field: "sheet name", Value: name, Reason: reason}
	}
	return nil
}

func checkXLSXLimits(l *Layout) error {
	if l.Columns > xlsxMaxColumns {
		return &ConfigError{Field: "Layout.Columns", Value: fmt.Sprint(l.Columns), Reason: fmt.Sprintf("an XLSX sheet has at most %d columns", xlsxMaxColumns)}
	}
	if rows := xlsxRowCount(l); rows > xlsxMaxRows {
		return &ConfigError{Field: "Layout", Value: fmt.Sprintf("%d rows", rows), Reason: fmt.Sprintf("an XLSX sheet has at most %d rows", xlsxMaxRows)}
	}
	texts := append([]string{l.Title}, l.Notes...)
	for _, row := range append(append([]Row{}, l.Header...), l.Body...) {
		for _, c := range row.Cells {
			texts = append(texts, c.Display())
		}
	}
	for _, text := range texts {
		if n := len(utf16.Encode([]rune(cleanText(text)))); n > xlsxMaxCellChars {
			return &ConfigError{Field: "cell text", Value: shorten(text, 40), Reason: fmt.Sprintf("the text has %d UTF-16 code units, but an XLSX cell can contain at most %d; shorten it", n, xlsxMaxCellChars)}
		}
	}
	return nil
}

func xlsxRowCount(l *Layout) int {
	n := len(l.Header) + len(l.Body) + len(l.Notes)
	if l.Title != "" {
		n++
	}
	return n
}

// Border styles of excelize (the SpreadsheetML ST_BorderStyle order).
const (
	borderNone   = 0
	borderThin   = 1
	borderMedium = 2
)

// xlsxStyle is the part of a cell's look that needs its own excelize style.
type xlsxStyle struct {
	numFmt string // custom number format, "" for text
	left   bool   // left-aligned (stub, title, notes); otherwise centered
	bold   bool
	top    int // border above the cell
	bottom int // border below the cell
}

type xlsxSheetWriter struct {
	f      *excelize.File
	sheet  string
	styles map[xlsxStyle]int
}

func (wb *Workbook) build() (*excelize.File, error) {
	if len(wb.sheets) == 0 {
		return nil, &ConfigError{Field: "Workbook", Value: "0 sheets", Reason: "the workbook has no tables; call Add first"}
	}
	f := excelize.NewFile()
	styles := make(map[xlsxStyle]int)
	for i, s := range wb.sheets {
		var err error
		if i == 0 {
			err = f.SetSheetName(f.GetSheetName(0), s.name)
		} else {
			_, err = f.NewSheet(s.name)
		}
		if err == nil {
			sw := &xlsxSheetWriter{f: f, sheet: s.name, styles: styles}
			err = sw.write(s.layout)
		}
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("table: build XLSX sheet %q: %w", s.name, err)
		}
	}
	f.SetActiveSheet(0)
	return f, nil
}

func (sw *xlsxSheetWriter) style(st xlsxStyle) (int, error) {
	if id, ok := sw.styles[st]; ok {
		return id, nil
	}
	s := &excelize.Style{
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
		Font:      &excelize.Font{Bold: st.bold},
	}
	if st.left {
		s.Alignment.Horizontal = "left"
	}
	if st.numFmt != "" {
		s.CustomNumFmt = &st.numFmt
	}
	if st.top != borderNone {
		s.Border = append(s.Border, excelize.Border{Type: "top", Color: "000000", Style: st.top})
	}
	if st.bottom != borderNone {
		s.Border = append(s.Border, excelize.Border{Type: "bottom", Color: "000000", Style: st.bottom})
	}
	id, err := sw.f.NewStyle(s)
	if err != nil {
		return 0, err
	}
	sw.styles[st] = id
	return id, nil
}

func (sw *xlsxSheetWriter) write(l *Layout) error {
	excelRow := 1
	if l.Title != "" {
		if err := sw.setText(1, excelRow, cleanText(l.Title), xlsxStyle{left: true, bold: true}); err != nil {
			return err
		}
		excelRow++
	}

	type placed struct {
		row    Row
		top    int
		bottom int
		header bool
		last   bool // last header row
	}
	var rows []placed
	for i, row := range l.Header {
		rows = append(rows, placed{row: row, header: true, last: i == len(l.Header)-1})
	}
	for _, row := range l.Body {
		p := placed{row: row}
		if row.RuleAbove {
			p.top = borderThin
		}
		rows = append(rows, p)
	}
	if len(rows) > 0 {
		rows[0].top = borderMedium
		rows[len(rows)-1].bottom = borderMedium
	}

	for _, p := range rows {
		column := 1
		for _, c := range p.row.Cells {
			st := xlsxStyle{left: column == 1, top: p.top, bottom: p.bottom}
			if p.header && (p.last || (c.span() > 1 && c.Text != "")) {
				st.bottom = max(st.bottom, borderThin)
			}
			if err := sw.setCell(column, excelRow, c, st); err != nil {
				return err
			}
			column += c.span()
		}
		excelRow++
	}

	for _, note := range l.Notes {
		if err := sw.setText(1, excelRow, cleanText(note), xlsxStyle{left: true}); err != nil {
			return err
		}
		excelRow++
	}
	return sw.setWidths(l)
}

// setCell writes one layout cell at (column, row), 1-based, merging the columns it spans.
func (sw *xlsxSheetWriter) setCell(column, row int, c Cell, st xlsxStyle) error {
	ref, err := excelize.CoordinatesToCellName(column, row)
	if err != nil {
		return err
	}
	if c.Number && !c.Parens && c.Stars == "" {
		st.numFmt = "0"
		if c.Decimals > 0 {
			st.numFmt = "0." + strings.Repeat("0", c.Decimals)
		}
		if err := sw.f.SetCellFloat(sw.sheet, ref, c.Value, -1, 64); err != nil {
			return err
		}
	} else if text := cleanText(c.Display()); text != "" {
		if err := sw.f.SetCellStr(sw.sheet, ref, text); err != nil {
			return err
		}
	}

	end := ref
	if c.span() > 1 {
		if end, err = excelize.CoordinatesToCellName(column+c.span()-1, row); err != nil {
			return err
		}
		if err := sw.f.MergeCell(sw.sheet, ref, end); err != nil {
			return err
		}
	}
	id, err := sw.style(st)
	if err != nil {
		return err
	}
	return sw.f.SetCellStyle(sw.sheet, ref, end, id)
}

func (sw *xlsxSheetWriter) setText(column, row int, text string, st xlsxStyle) error {
	ref, err := excelize.CoordinatesToCellName(column, row)
	if err != nil {
		return err
	}
	if err := sw.f.SetCellStr(sw.sheet, ref, text); err != nil {
		return err
	}
	id, err := sw.style(st)
	if err != nil {
		return err
	}
	return sw.f.SetCellStyle(sw.sheet, ref, ref, id)
}

// setWidths sizes each column to its widest single-column cell, counting a Chinese character as two.
func (sw *xlsxSheetWriter) setWidths(l *Layout) error {
	widths := make([]int, l.Columns)
	for _, row := range append(append([]Row{}, l.Header...), l.Body...) {
		column := 0
		for _, c := range row.Cells {
			if c.span() == 1 {
				widths[column] = max(widths[column], displayWidth(cleanText(c.Display()), false))
			}
			column += c.span()
		}
	}
	for j, w := range widths {
		name, err := excelize.ColumnNumberToName(j + 1)
		if err != nil {
			return err
		}
		// Excel measures width in characters of the default font; 2 extra leave room for padding.
		if err := sw.f.SetColWidth(sw.sheet, name, name, float64(min(max(w+2, 8), 80))); err != nil {
			return err
		}
	}
	return nil
}

// shorten returns the first n runes of s followed by "…" when s is longer.
func shorten(s string, n int) string {
	runes := []rune(s)
	if len(runes) <= n {
		return s
	}
	return string(runes[:n]) + "…"
}
