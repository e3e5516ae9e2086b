package cpstat

import (
	"fmt"
	"slices"

	"github.com/xuri/excelize/v2"
)

// ReadXLSX reads one worksheet of an Excel workbook; sheet "" reads the first. Cells are read
// as stored, not as displayed: a number formatted "#,##0" or "0.0%" arrives with its full
// precision (29492, 0.125), while numbers typed in as text ("29,492") are parsed like CSV cells.
// Merged cells at or below the header count for every cell they cover. See ReadSettings for the
// header, units and footnote options.
func ReadXLSX(path, sheet string, opts ...ReadOption) (*Table, error) {
	settings := applyReadOptions(opts)
	if err := settings.validate(path); err != nil {
		return nil, err
	}

	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, fmt.Errorf("read XLSX %s: %w", path, err)
	}
	defer f.Close()

	sheets := f.GetSheetList()
	switch {
	case len(sheets) == 0:
		return nil, &CellError{Source: path, Err: ErrLayout, Detail: "the workbook has no worksheets"}
	case sheet == "":
		sheet = sheets[0]
	case !slices.Contains(sheets, sheet):
		return nil, &CellError{Source: path, Err: ErrLayout, Detail: fmt.Sprintf("worksheet %q not found", sheet),
			Hint: Hint{Action: "the workbook has the worksheets " + quoteList(sheets), Suggestions: []Suggestion{
				{Setting: SettingSheet, Value: sheets[0], Purpose: "choose one"}}}}
	}

	rows, err := readSheetRows(f, path, sheet)
	if err != nil {
		return nil, err
	}
	merged, err := readMergedRanges(f, path, sheet)
	if err != nil {
		return nil, err
	}

	g := &grid{source: path, sheet: sheet, rows: rows, merged: merged, settings: settings}
	return g.table()
}

// readSheetRows returns every row of the sheet up to the last non-empty one, empty rows included,
// so that each row's number matches what Excel shows.
func readSheetRows(f *excelize.File, path, sheet string) ([]gridRow, error) {
	it, err := f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("read XLSX %s, sheet %q: %w", path, sheet, err)
	}
	defer it.Close()

	var rows []gridRow
	line := 0
	for it.Next() {
		line++
		cells, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("read XLSX %s, sheet %q, row %d: %w", path, sheet, line, err)
		}
		rows = append(rows, gridRow{cells: cells, line: line})
	}
	if err := it.Error(); err != nil {
		return nil, fmt.Errorf("read XLSX %s, sheet %q: %w", path, sheet, err)
	}
	for len(rows) > 0 && len(rows[len(rows)-1].cells) == 0 {
		rows = rows[:len(rows)-1]
	}
	return rows, nil
}

func readMergedRanges(f *excelize.File, path, sheet string) ([]mergedRange, error) {
	cells, err := f.GetMergeCells(sheet, true)
	if err != nil {
		return nil, fmt.Errorf("read XLSX %s, sheet %q: merged cells: %w", path, sheet, err)
	}
	out := make([]mergedRange, 0, len(cells))
	for _, m := range cells {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("read XLSX %s, sheet %q: invalid merged range %s:%s", path, sheet, m.GetStartAxis(), m.GetEndAxis())
		}
		out = append(out, mergedRange{firstCol: min(c1, c2), firstRow: min(r1, r2), lastCol: max(c1, c2), lastRow: max(r1, r2)})
	}
	return out, nil
}

// cellName returns the A1-style name of a 1-based column and row, such as "B5".
func cellName(col, row int) string {
	name, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return fmt.Sprintf("R%dC%d", row, col)
	}
	return name
}
