package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// table is a CSV file read into memory with its header indexed by column name.
type table struct {
	path   string
	header []string
	rows   [][]string
	index  map[string]int
}

// readCSV reads a UTF-8 CSV file (a leading byte-order mark is dropped) with a header row.
func readCSV(path string) (*table, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read source file: %w", err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read CSV %s: %w", path, err)
	}
	if len(records) == 0 {
		return nil, fmt.Errorf("read CSV %s: the file is empty", path)
	}
	t := &table{path: path, header: records[0], rows: records[1:], index: map[string]int{}}
	for i, h := range t.header {
		h = strings.TrimPrefix(strings.TrimSpace(h), "\ufeff")
		t.header[i] = h
		t.index[h] = i
	}
	return t, nil
}

// col returns the position of a named column or an error naming the file and the columns it has.
func (t *table) col(name string) (int, error) {
	i, ok := t.index[name]
	if !ok {
		return 0, fmt.Errorf("%s: column %q not found (columns: %s)", t.path, name, strings.Join(t.header, ", "))
	}
	return i, nil
}

// cell returns the trimmed cell of row r in column c, or "" when the row is short.
func cell(r []string, c int) string {
	if c >= len(r) {
		return ""
	}
	return strings.TrimSpace(r[c])
}

// missingTokens are cell values that sources use for "no value".
var missingTokens = map[string]bool{"": true, "NA": true, "NaN": true, "..": true, "…": true, "-": true, "—": true}

// parseValue parses a numeric cell. The second result is false for an empty or missing-value cell.
func parseValue(s string) (float64, bool, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", ""))
	if missingTokens[s] {
		return 0, false, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false, fmt.Errorf("invalid number %q", s)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false, nil
	}
	return v, true, nil
}

// parseYear parses a year cell such as "2010", "2010.0" or "2010年".
func parseYear(s string) (int, error) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "年")
	s = strings.TrimSuffix(s, ".0")
	y, err := strconv.Atoi(s)
	if err != nil || y < 1900 || y > 2100 {
		return 0, fmt.Errorf("invalid year %q", s)
	}
	return y, nil
}

// excelSerialYear converts an Excel date serial (as Wind exports write year-end dates) to its year.
func excelSerialYear(s string) (int, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0, fmt.Errorf("invalid Excel date serial %q", s)
	}
	t, err := excelize.ExcelDateToTime(v, false)
	if err != nil {
		return 0, fmt.Errorf("invalid Excel date serial %q: %w", s, err)
	}
	return t.Year(), nil
}

// readSheet returns the raw cell values of one worksheet (numbers unformatted, so no digits are lost).
func readSheet(path, sheet string) ([][]string, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, fmt.Errorf("open workbook: %w", err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("%s: read sheet %q: %w (sheets: %s)", filepath.Base(path), sheet, err,
			strings.Join(f.GetSheetList(), ", "))
	}
	return rows, nil
}
