package data

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

var (
	//go:embed panel.csv
	panelCSV []byte
	//go:embed capital_inputs.csv
	capitalInputsCSV []byte
	//go:embed codebook.csv
	codebookCSV []byte
	//go:embed paper_variables.csv
	paperVariablesCSV []byte
	//go:embed indicators.csv
	indicatorsCSV []byte
	//go:embed coverage.csv
	coverageCSV []byte
	//go:embed crosscheck.csv
	crosscheckCSV []byte
	//go:embed COVERAGE.md
	coverageMarkdown []byte
)

// PanelCSV returns a copy of panel.csv: 540 rows, 30 provinces × 2000–2017, in NBS province order.
func PanelCSV() []byte { return bytes.Clone(panelCSV) }

// CapitalInputsCSV returns a copy of capital_inputs.csv: 30 provinces × 1952–2017.
func CapitalInputsCSV() []byte { return bytes.Clone(capitalInputsCSV) }

// CodebookCSV returns a copy of codebook.csv.
func CodebookCSV() []byte { return bytes.Clone(codebookCSV) }

// IndicatorsCSV returns a copy of indicators.csv.
func IndicatorsCSV() []byte { return bytes.Clone(indicatorsCSV) }

// CrossCheckCSV returns a copy of crosscheck.csv.
func CrossCheckCSV() []byte { return bytes.Clone(crosscheckCSV) }

// CoverageMarkdown returns a copy of COVERAGE.md, the coverage table with the reasons for each gap.
func CoverageMarkdown() []byte { return bytes.Clone(coverageMarkdown) }

// PanelFile and CapitalInputsFile are the file names that Variable.File holds.
const (
	PanelFile         = "panel.csv"
	CapitalInputsFile = "capital_inputs.csv"
)

// Variable is one codebook row: a column of panel.csv or capital_inputs.csv.
type Variable struct {
	File        string // PanelFile or CapitalInputsFile
	Code        string // column name
	LabelZh     string
	LabelEn     string
	Unit        string
	Source      string // source folder of the public data, or "derived"
	SourceFile  string
	SourceField string // sheet and/or column in the source file
	FirstYear   int    // first year with a value; 0 when the column is empty
	LastYear    int
	NonMissing  int    // number of non-empty cells
	Transform   string // unit conversion, deflation, ratio or log applied by the builder
	Status      string // key | paper | proxy | input | alternative
	// PaperVariable names the paper variables or index indicators served, separated by ";",
	// e.g. "balance" or "cp:ind08".
	PaperVariable string
	Note          string
}

// Label returns the Chinese label for lang "zh" and the English label otherwise.
func (v Variable) Label(lang string) string {
	if lang == "zh" {
		return v.LabelZh
	}
	return v.LabelEn
}

// Indicator is one of the 30 third-level indicators of the common-prosperity index.
type Indicator struct {
	ID                       string // ind01 … ind30
	LabelZh, LabelEn         string
	DimensionZh, DimensionEn string // 富裕/Prosperity or 共同/Commonality
	Level1Zh, Level1En       string
	Level2Zh, Level2En       string
	Direction                string // "+" benefit or "-" cost, as shipped
	DirectionPaper           string // as the paper marks it; differs only for ind28
	Status                   string // present | proxy | missing
	Column                   string // panel.csv column; empty when missing
	Note                     string // in English
	NoteZh                   string // in Chinese
}

// PaperVariable maps one variable of the paper's model table to the embedded data.
type PaperVariable struct {
	Code, LabelZh, LabelEn string
	Status                 string // present | proxy | computed | missing
	Columns                string // columns used, or a description for computed variables
	Note                   string // in English
	NoteZh                 string // in Chinese
}

// CoverageRow counts the non-missing values of one panel variable per year.
type CoverageRow struct {
	Variable string
	Years    []int
	Counts   []int // Counts[i] provinces have a value in Years[i]; 30 is complete
	Total    int
}

// CrossCheck is one province-year where two sources give the same quantity.
type CrossCheck struct {
	Check    string
	Province string
	Year     int
	SourceA  string
	ValueA   float64
	SourceB  string
	ValueB   float64
	RelDiff  float64 // (ValueB − ValueA) / ValueA
}

// ParseError reports a malformed embedded file; it means the files were edited by hand or the builder
// changed without the package.
type ParseError struct {
	File string
	Row  int // 1-based line number, header = 1
	Err  error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("data: %s line %d: %v; rebuild the files with scripts/builddata", e.File, e.Row, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// readRecords parses an embedded CSV and checks its header.
func readRecords(file string, b []byte, header []string) ([][]string, error) {
	records, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, &ParseError{File: file, Row: 0, Err: err}
	}
	if len(records) == 0 {
		return nil, &ParseError{File: file, Row: 1, Err: fmt.Errorf("empty file")}
	}
	if header != nil && strings.Join(records[0], ",") != strings.Join(header, ",") {
		return nil, &ParseError{File: file, Row: 1, Err: fmt.Errorf("header %q, expected %q", records[0], header)}
	}
	return records[1:], nil
}

var codebookHeader = []string{"file", "code", "label_zh", "label_en", "unit", "source", "source_file", "source_field",
	"years", "n_nonmissing", "transform", "status", "paper_variable", "note"}

// parseYears reads "2000-2017" or "" (an empty column).
func parseYears(s string) (first, last int, err error) {
	if s == "" {
		return 0, 0, nil
	}
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return 0, 0, fmt.Errorf("invalid year range %q", s)
	}
	if first, err = strconv.Atoi(a); err != nil {
		return 0, 0, fmt.Errorf("invalid year range %q", s)
	}
	if last, err = strconv.Atoi(b); err != nil {
		return 0, 0, fmt.Errorf("invalid year range %q", s)
	}
	return first, last, nil
}

var codebook = sync.OnceValues(func() ([]Variable, error) {
	rows, err := readRecords("codebook.csv", codebookCSV, codebookHeader)
	if err != nil {
		return nil, err
	}
	out := make([]Variable, 0, len(rows))
	for i, r := range rows {
		first, last, err := parseYears(r[8])
		if err != nil {
			return nil, &ParseError{File: "codebook.csv", Row: i + 2, Err: err}
		}
		n, err := strconv.Atoi(r[9])
		if err != nil {
			return nil, &ParseError{File: "codebook.csv", Row: i + 2, Err: fmt.Errorf("invalid n_nonmissing %q", r[9])}
		}
		out = append(out, Variable{File: r[0], Code: r[1], LabelZh: r[2], LabelEn: r[3], Unit: r[4], Source: r[5],
			SourceFile: r[6], SourceField: r[7], FirstYear: first, LastYear: last, NonMissing: n, Transform: r[10],
			Status: r[11], PaperVariable: r[12], Note: r[13]})
	}
	return out, nil
})

// Codebook returns every codebook row, panel.csv columns first, in file column order.
func Codebook() ([]Variable, error) {
	vars, err := codebook()
	return append([]Variable(nil), vars...), err
}

// Lookup returns the codebook row of a column. A code present in both files (the keys, gfcf and
// invest_deflator) returns its panel.csv row.
func Lookup(code string) (Variable, bool) {
	vars, err := codebook()
	if err != nil {
		return Variable{}, false
	}
	for _, v := range vars {
		if v.Code == code {
			return v, true
		}
	}
	return Variable{}, false
}

var indicatorHeader = []string{"id", "label_zh", "label_en", "dimension_zh", "dimension_en", "level1_zh", "level1_en",
	"level2_zh", "level2_en", "direction", "direction_paper", "status", "column", "note", "note_zh"}

// Indicators returns the 30 common-prosperity indicators in the paper's order.
func Indicators() ([]Indicator, error) {
	rows, err := readRecords("indicators.csv", indicatorsCSV, indicatorHeader)
	if err != nil {
		return nil, err
	}
	out := make([]Indicator, 0, len(rows))
	for _, r := range rows {
		out = append(out, Indicator{ID: r[0], LabelZh: r[1], LabelEn: r[2], DimensionZh: r[3], DimensionEn: r[4],
			Level1Zh: r[5], Level1En: r[6], Level2Zh: r[7], Level2En: r[8], Direction: r[9], DirectionPaper: r[10],
			Status: r[11], Column: r[12], Note: r[13], NoteZh: r[14]})
	}
	return out, nil
}

// PaperVariables returns the paper's model variables and what the embedded data offers for each.
func PaperVariables() ([]PaperVariable, error) {
	rows, err := readRecords("paper_variables.csv", paperVariablesCSV, []string{"code", "label_zh", "label_en", "status", "columns", "note", "note_zh"})
	if err != nil {
		return nil, err
	}
	out := make([]PaperVariable, 0, len(rows))
	for _, r := range rows {
		out = append(out, PaperVariable{Code: r[0], LabelZh: r[1], LabelEn: r[2], Status: r[3], Columns: r[4], Note: r[5], NoteZh: r[6]})
	}
	return out, nil
}

// Coverage returns the non-missing counts of every panel variable per year.
func Coverage() ([]CoverageRow, error) {
	records, err := csv.NewReader(bytes.NewReader(coverageCSV)).ReadAll()
	if err != nil || len(records) == 0 {
		return nil, &ParseError{File: "coverage.csv", Row: 1, Err: fmt.Errorf("unreadable: %v", err)}
	}
	header := records[0]
	years := make([]int, 0, len(header)-2)
	for _, h := range header[1 : len(header)-1] {
		y, err := strconv.Atoi(h)
		if err != nil {
			return nil, &ParseError{File: "coverage.csv", Row: 1, Err: fmt.Errorf("invalid year %q", h)}
		}
		years = append(years, y)
	}
	out := make([]CoverageRow, 0, len(records)-1)
	for i, r := range records[1:] {
		row := CoverageRow{Variable: r[0], Years: years, Counts: make([]int, len(years))}
		for j := range years {
			if row.Counts[j], err = strconv.Atoi(r[j+1]); err != nil {
				return nil, &ParseError{File: "coverage.csv", Row: i + 2, Err: fmt.Errorf("invalid count %q", r[j+1])}
			}
		}
		if row.Total, err = strconv.Atoi(r[len(r)-1]); err != nil {
			return nil, &ParseError{File: "coverage.csv", Row: i + 2, Err: fmt.Errorf("invalid total %q", r[len(r)-1])}
		}
		out = append(out, row)
	}
	return out, nil
}

// CrossChecks returns every row of crosscheck.csv.
func CrossChecks() ([]CrossCheck, error) {
	rows, err := readRecords("crosscheck.csv", crosscheckCSV,
		[]string{"check", "province", "year", "source_a", "value_a", "source_b", "value_b", "rel_diff"})
	if err != nil {
		return nil, err
	}
	out := make([]CrossCheck, 0, len(rows))
	for i, r := range rows {
		c := CrossCheck{Check: r[0], Province: r[1], SourceA: r[3], SourceB: r[5]}
		var errs [4]error
		c.Year, errs[0] = strconv.Atoi(r[2])
		c.ValueA, errs[1] = strconv.ParseFloat(r[4], 64)
		c.ValueB, errs[2] = strconv.ParseFloat(r[6], 64)
		c.RelDiff, errs[3] = strconv.ParseFloat(r[7], 64)
		for _, e := range errs {
			if e != nil {
				return nil, &ParseError{File: "crosscheck.csv", Row: i + 2, Err: e}
			}
		}
		out = append(out, c)
	}
	return out, nil
}
