package cpstat

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// Table is a data set read from a file: the typed data frame plus what the reader learned and did.
type Table struct {
	// DataFrame has one series per column. Numeric columns are series.Int when every value was
	// written as a whole number and series.Float otherwise. Missing cells are NA in gota's sense
	// (and NaN in Float()), never 0.
	DataFrame dataframe.DataFrame

	// Columns describes the columns in DataFrame order.
	Columns []ColumnInfo

	// Source is the file path, or the name given to ReadCSVFrom.
	Source string

	// Sheet is the worksheet of an XLSX file; "" for CSV.
	Sheet string

	// Encoding is the character encoding the CSV text was decoded from; EncodingUTF8 for XLSX.
	Encoding Encoding

	// Lines holds, for each DataFrame row, the 1-based line (CSV) or row (XLSX) it came from, so
	// that later errors can point into the file.
	Lines []int

	// EntityColumn and TimeColumn are the panel key columns named by WithKeys or created by
	// WithWide; "" when none were named.
	EntityColumn, TimeColumn string

	// Notes lists what the reader did beyond plain parsing: encodings detected, title and footnote
	// rows skipped, merged cells filled, cells read as missing, columns created by reshaping.
	Notes []string
}

// ColumnInfo describes one column of a Table.
type ColumnInfo struct {
	Name string
	// Header holds the header cells the name was built from, top to bottom; one element for a
	// single header row.
	Header []string
	// Unit is the column's entry in the units row (such as 亿元), or "" without one.
	Unit string
	// Type is the gota type of the column's series.
	Type series.Type
	// Index is the 1-based position of the column in the file (for XLSX, A = 1).
	Index int
	// Missing counts the cells read as missing, by cause.
	Missing MissingCounts
}

// MissingCounts counts the cells of a column that were read as missing, by what they contained.
type MissingCounts struct {
	Blank       int // empty or white space only
	Token       int // NA, N/A, #N/A, NULL, "." or a ReadSettings.MissingValues entry
	Placeholder int // a dash or ellipsis such as — or …
	Percent     int // percentages under PercentAsMissing
	Ambiguous   int // ambiguous numbers under AmbiguousAsMissing
}

// Total returns the number of cells read as missing.
func (m MissingCounts) Total() int {
	return m.Blank + m.Token + m.Placeholder + m.Percent + m.Ambiguous
}

// PercentPolicy selects how a numeric column reads cells such as "12.5%".
type PercentPolicy int

const (
	// PercentReject, the default, returns an error: the scale (12.5 or 0.125) is the user's choice.
	PercentReject     PercentPolicy = iota
	PercentAsFraction               // 12.5% → 0.125
	PercentAsNumber                 // 12.5% → 12.5
	PercentAsMissing                // 12.5% → missing, counted in MissingCounts.Percent
)

// PlaceholderPolicy selects how a numeric column reads the dashes and ellipses that yearbooks print
// for "no data" (-, --, —, ——, –, －, − (U+2212), …, ……, ...).
type PlaceholderPolicy int

const (
	// PlaceholderAsMissing, the default, reads them as missing and counts them in
	// MissingCounts.Placeholder and Table.Notes.
	PlaceholderAsMissing PlaceholderPolicy = iota
	PlaceholderReject                      // returns an error
)

// AmbiguousPolicy selects how a numeric column reads digits with commas that are not thousands
// separators, such as "1,2" or "1.234,5", where the comma may be a decimal comma.
type AmbiguousPolicy int

const (
	// AmbiguousReject, the default, returns an error naming the cell.
	AmbiguousReject    AmbiguousPolicy = iota
	AmbiguousAsMissing                 // reads them as missing, counted in MissingCounts.Ambiguous
)

// Row-count sentinels for ReadSettings.TitleRows and FooterRows.
const (
	// DetectRows (the zero value) detects title rows above the header and footnote rows below the
	// data; see ReadSettings.
	DetectRows = 0
	// NoRows turns the detection off: the header starts on the first row, and the data runs to
	// the last.
	NoRows = -1
)

// ReadSettings configures ReadCSV and ReadXLSX. The zero value reads a one-row header, detects the
// encoding, the delimiter, title rows and footnote rows, and types every column from its content.
type ReadSettings struct {
	// Encoding of a CSV file; EncodingAuto detects it. XLSX files are always UTF-8 inside.
	Encoding Encoding

	// Delimiter separates the fields of a CSV file. Zero detects it from the first 20 non-empty
	// lines: the candidate among tab, ';' and ',' that occurs on most lines, with ties going to
	// tab, then ';', then ','.
	Delimiter rune

	// TitleRows is the number of lines (CSV) or rows (XLSX) above the header to skip, such as the
	// "数据库：分省年度数据" lines of an NBS export: the header starts on the first non-empty row
	// after line TitleRows. DetectRows skips leading rows whose only non-empty cell is the first
	// one, when a later row has two or more non-empty cells. NoRows skips nothing.
	TitleRows int

	// HeaderRows is the number of rows that make up the header; 0 means 1. With several rows,
	// each column's name joins its non-empty header cells, top to bottom, with HeaderSeparator.
	// Merged XLSX cells count for every cell they cover. A merged cell exported to CSV keeps its
	// text in its first cell only, so in a CSV header an empty cell takes the text to its left,
	// in every name row but the last.
	HeaderRows int

	// UnitsRow is the 1-based row within the header rows that holds units (亿元, 万人), or 0 for
	// none. That row is kept in ColumnInfo.Unit and left out of the names.
	UnitsRow int

	// HeaderSeparator joins the parts of a multi-row header; "" means "_", which keeps names usable
	// in formulas without backticks.
	HeaderSeparator string

	// FooterRows is the number of non-empty rows below the data to drop. DetectRows drops trailing
	// rows whose first cell starts with 注, 说明, 数据来源, 资料来源, 来源, Note or Source (any
	// case) and whose other cells are empty. NoRows drops nothing.
	FooterRows int

	// Percent, Placeholders and AmbiguousNumbers say what numeric columns do with cells such as
	// "12.5%", "—" and "1,2". See the policy types.
	Percent          PercentPolicy
	Placeholders     PlaceholderPolicy
	AmbiguousNumbers AmbiguousPolicy

	// MissingValues lists further cell texts (compared after trimming white space) that numeric
	// columns read as missing, besides NA, N/A, #N/A, NULL and ".". Text columns keep them as text.
	MissingValues []string

	// ColumnTypes fixes the type of columns by name (after the header is built), instead of
	// deciding it from the content. A column fixed as numeric rejects text cells that are not
	// missing values; series.Bool is not supported.
	ColumnTypes map[string]series.Type

	// EntityColumn and TimeColumn name the panel keys. Errors about a cell then name the row by
	// its keys, and Table.Panel uses them.
	EntityColumn, TimeColumn string

	// Wide, when set, reshapes a wide layout (one row per entity, one column per year) to long.
	Wide *WideLayout
}

// ReadOption changes one ReadSettings field; pass several to ReadCSV or ReadXLSX.
type ReadOption func(*ReadSettings)

// WithReadSettings replaces all settings with s; options after it change single fields again.
func WithReadSettings(s ReadSettings) ReadOption { return func(r *ReadSettings) { *r = s } }

// WithEncoding sets the CSV encoding instead of detecting it.
func WithEncoding(e Encoding) ReadOption { return func(r *ReadSettings) { r.Encoding = e } }

// WithDelimiter sets the CSV field separator instead of detecting it.
func WithDelimiter(d rune) ReadOption { return func(r *ReadSettings) { r.Delimiter = d } }

// WithTitleRows starts the header after line (or row) n instead of detecting title rows; NoRows
// starts it on the first row.
func WithTitleRows(n int) ReadOption { return func(r *ReadSettings) { r.TitleRows = n } }

// WithHeaderRows reads an n-row header.
func WithHeaderRows(n int) ReadOption { return func(r *ReadSettings) { r.HeaderRows = n } }

// WithUnitsRow names the 1-based header row that holds units.
func WithUnitsRow(row int) ReadOption { return func(r *ReadSettings) { r.UnitsRow = row } }

// WithFooterRows drops exactly n rows below the data (NoRows for none) instead of detecting them.
func WithFooterRows(n int) ReadOption { return func(r *ReadSettings) { r.FooterRows = n } }

// WithPercent sets how numeric columns read percentages such as "12.5%".
func WithPercent(p PercentPolicy) ReadOption { return func(r *ReadSettings) { r.Percent = p } }

// WithPlaceholders sets how numeric columns read placeholder dashes such as "—".
func WithPlaceholders(p PlaceholderPolicy) ReadOption {
	return func(r *ReadSettings) { r.Placeholders = p }
}

// WithAmbiguousNumbers sets how numeric columns read ambiguous numbers such as "1,2".
func WithAmbiguousNumbers(p AmbiguousPolicy) ReadOption {
	return func(r *ReadSettings) { r.AmbiguousNumbers = p }
}

// WithMissingValues adds cell texts that numeric columns read as missing.
func WithMissingValues(values ...string) ReadOption {
	return func(r *ReadSettings) { r.MissingValues = append(r.MissingValues, values...) }
}

// WithColumnType fixes the type of one column (series.String, series.Int or series.Float).
func WithColumnType(name string, t series.Type) ReadOption {
	return func(r *ReadSettings) {
		if r.ColumnTypes == nil {
			r.ColumnTypes = map[string]series.Type{}
		}
		r.ColumnTypes[name] = t
	}
}

// WithKeys names the entity and time columns of a long panel.
func WithKeys(entity, time string) ReadOption {
	return func(r *ReadSettings) { r.EntityColumn, r.TimeColumn = entity, time }
}

// WithWide reshapes a wide layout to long. The idColumn names the entities (usually 地区 or 省份),
// and every other column must be a year such as 2017 or 2017年. The values go to a column named
// valueName next to a time column named "year", and the table's keys become idColumn and "year".
func WithWide(idColumn, valueName string) ReadOption {
	return func(r *ReadSettings) { r.Wide = &WideLayout{IDColumn: idColumn, ValueName: valueName} }
}

// ReadCSV reads a CSV (or tab-separated) file. See ReadSettings for what it detects.
//
// Each column's type comes from its cells. A column whose non-missing cells are all numbers is
// numeric: int when every number is written as a whole number, float otherwise. Numbers may
// carry thousands separators ("1,234.5") and padding; NaN, Inf and -Inf are non-finite values.
// Blank cells, NA-style markers and placeholder dashes are missing in numeric columns. A column of
// text is a string column, where "NA" stays the text "NA". Whole numbers with a leading zero
// (007) are codes and stay text. A column that mixes numbers and text is an error that names the
// first text cell, rather than being read silently as strings.
func ReadCSV(path string, opts ...ReadOption) (*Table, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read CSV: %w", err)
	}
	return readCSVBytes(data, path, opts)
}

// ReadCSVFrom reads CSV text from r. The name stands for the file in error messages and
// Table.Source.
func ReadCSVFrom(r io.Reader, name string, opts ...ReadOption) (*Table, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read CSV %s: %w", name, err)
	}
	return readCSVBytes(data, name, opts)
}

func readCSVBytes(data []byte, source string, opts []ReadOption) (*Table, error) {
	settings := applyReadOptions(opts)
	if err := settings.validate(source); err != nil {
		return nil, err
	}

	text, enc, notes, err := decodeText(data, settings.Encoding, source)
	if err != nil {
		return nil, err
	}

	delimiter := settings.Delimiter
	if delimiter == 0 {
		delimiter = detectDelimiter(text)
		if delimiter != ',' {
			notes = append(notes, fmt.Sprintf("detected %s as the field delimiter", delimiterName(delimiter)))
		}
	}

	rows, err := splitCSV(text, delimiter, source)
	if err != nil {
		return nil, err
	}

	g := &grid{source: source, rows: rows, settings: settings, notes: notes}
	t, err := g.table()
	if err != nil {
		return nil, err
	}
	t.Encoding = enc
	return t, nil
}

func applyReadOptions(opts []ReadOption) ReadSettings {
	var s ReadSettings
	for _, o := range opts {
		o(&s)
	}
	return s
}

func (s ReadSettings) validate(source string) error {
	bad := func(detail string) error {
		return &CellError{Source: source, Err: ErrLayout, Detail: detail}
	}
	switch {
	case s.HeaderRows < 0:
		return bad(fmt.Sprintf("HeaderRows is %d; use 1 or more (0 means 1)", s.HeaderRows))
	case s.UnitsRow < 0 || s.UnitsRow > max(s.HeaderRows, 1):
		return bad(fmt.Sprintf("UnitsRow is %d but the header has %d rows; UnitsRow counts within the header rows, from 1", s.UnitsRow, max(s.HeaderRows, 1)))
	case s.UnitsRow > 0 && max(s.HeaderRows, 1) == 1:
		return bad("UnitsRow needs at least two header rows (one for names, one for units); set HeaderRows")
	case s.TitleRows < NoRows || s.FooterRows < NoRows:
		return bad("TitleRows and FooterRows must be DetectRows, NoRows or a positive count")
	case s.Delimiter == '"' || s.Delimiter == '\r' || s.Delimiter == '\n':
		return bad(fmt.Sprintf("the delimiter %q cannot separate CSV fields", s.Delimiter))
	case s.Wide != nil && (s.Wide.IDColumn == "" || s.Wide.ValueName == ""):
		return bad("WithWide needs the entity column name and a name for the value column")
	}
	for name, t := range s.ColumnTypes {
		if t != series.String && t != series.Int && t != series.Float {
			return bad(fmt.Sprintf("column %q: type %q is not supported; use series.String, series.Int or series.Float", name, t))
		}
	}
	return nil
}

// detectDelimiter picks tab, ';' or ',' by how many of the first 20 non-empty lines contain it.
// Ties go to tab, then ';': commas also occur inside fields (1,234) of tab- and
// semicolon-separated files, while tabs and semicolons rarely occur inside comma-separated ones.
func detectDelimiter(text string) rune {
	candidates := []rune{'\t', ';', ','}
	count := make([]int, len(candidates))
	lines := 0
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		for i, c := range candidates {
			if strings.ContainsRune(line, c) {
				count[i]++
			}
		}
		if lines++; lines == 20 {
			break
		}
	}
	best := len(candidates) - 1
	for i := range candidates {
		if count[i] > count[best] {
			best = i
		}
	}
	return candidates[best]
}

func delimiterName(d rune) string {
	if d == '\t' {
		return "tab"
	}
	return fmt.Sprintf("%q", d)
}

// splitCSV splits decoded CSV text into rows, keeping each record's 1-based starting line.
// encoding/csv skips empty lines, and the line numbers still count them.
func splitCSV(text string, delimiter rune, source string) ([]gridRow, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = delimiter
	r.FieldsPerRecord = -1
	var rows []gridRow
	for {
		record, err := r.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &CellError{Source: source, Line: pe.Line, Err: ErrLayout,
					Detail: fmt.Sprintf("%v at character %d (the record starts on line %d)", pe.Err, pe.Column, pe.StartLine),
					Hint:   textHint("quote fields that contain the delimiter, quotes or line breaks, and double every quote inside a quoted field")}
			}
			return nil, fmt.Errorf("%s: %w", source, err)
		}
		line, _ := r.FieldPos(0)
		rows = append(rows, gridRow{cells: record, line: line})
	}
}
