package entropy

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Indicator is one row of an indicator system: a measured variable, where it sits in the hierarchy, and
// whether larger values are better.
type Indicator struct {
	Code      string    // unique key; ComputeIndex looks the data column up by this code
	LabelZH   string    // Chinese label, for example 人均可支配收入
	LabelEN   string    // English label, for example "Per-capita disposable income"
	Dimension string    // top level, for example 富裕 (prosperity) or 共同 (commonality); weights are computed per dimension
	Level1    string    // first-level group within the dimension; may be empty
	Level2    string    // second-level group within Level1; may be empty
	Direction Direction // Benefit (+) or Cost (−)
}

// System is an indicator table arranged as dimension → first level → second level → indicator.
type System struct {
	Indicators []Indicator
}

// SystemError reports an invalid entry of an indicator table.
type SystemError struct {
	Line   int    // 1-based line of the CSV file, 0 when the system was not read from a file
	Index  int    // 0-based position in System.Indicators, −1 when the error concerns no single indicator
	Code   string // indicator code, if known
	Field  string // column or field name
	Value  string
	Reason string
}

func (e *SystemError) Error() string {
	where := "indicator system"
	switch {
	case e.Line > 0:
		where = fmt.Sprintf("indicator table line %d", e.Line)
	case e.Index >= 0:
		where = fmt.Sprintf("indicator %d", e.Index)
	}
	if e.Code != "" {
		where += fmt.Sprintf(" (%s)", e.Code)
	}
	return fmt.Sprintf("entropy: %s: invalid %s %q: %s", where, e.Field, e.Value, e.Reason)
}

// Validate checks that the system has indicators, that every code is non-empty and unique, that every
// indicator has a dimension and a valid direction, and that no indicator has a Level2 without a Level1.
func (s System) Validate() error {
	if len(s.Indicators) == 0 {
		return &SystemError{Index: -1, Field: "Indicators", Reason: "the system has no indicators"}
	}
	seen := make(map[string]int, len(s.Indicators))
	for k, ind := range s.Indicators {
		if err := ind.validate(); err != nil {
			err.Index = k
			return err
		}
		if first, dup := seen[ind.Code]; dup {
			return &SystemError{Index: k, Code: ind.Code, Field: "code", Value: ind.Code,
				Reason: fmt.Sprintf("the code is already used by indicator %d; codes must be unique", first)}
		}
		seen[ind.Code] = k
	}
	return nil
}

func (ind Indicator) validate() *SystemError {
	switch {
	case strings.TrimSpace(ind.Code) == "":
		return &SystemError{Field: "code", Value: ind.Code, Reason: "the code is empty"}
	case strings.TrimSpace(ind.Dimension) == "":
		return &SystemError{Code: ind.Code, Field: "dimension", Value: ind.Dimension,
			Reason: "every indicator needs a dimension, because the weights are computed per dimension"}
	case ind.Direction != Benefit && ind.Direction != Cost:
		return &SystemError{Code: ind.Code, Field: "direction", Value: fmt.Sprint(int(ind.Direction)),
			Reason: "use Benefit or Cost"}
	case ind.Level2 != "" && ind.Level1 == "":
		return &SystemError{Code: ind.Code, Field: "level1", Value: "",
			Reason: fmt.Sprintf("the indicator has second level %q but no first level", ind.Level2)}
	}
	return nil
}

// Dimensions returns the dimension names in order of first appearance.
func (s System) Dimensions() []string {
	var dims []string
	seen := map[string]bool{}
	for _, ind := range s.Indicators {
		if !seen[ind.Dimension] {
			seen[ind.Dimension] = true
			dims = append(dims, ind.Dimension)
		}
	}
	return dims
}

// InDimension returns the indicators of one dimension, in table order.
func (s System) InDimension(dimension string) []Indicator {
	var out []Indicator
	for _, ind := range s.Indicators {
		if ind.Dimension == dimension {
			out = append(out, ind)
		}
	}
	return out
}

// System table columns, as ReadSystemCSV expects them in the header.
const (
	ColumnCode      = "code"
	ColumnLabelZH   = "label_zh"
	ColumnLabelEN   = "label_en"
	ColumnDimension = "dimension"
	ColumnLevel1    = "level1"
	ColumnLevel2    = "level2"
	ColumnDirection = "direction"
)

// ReadSystemCSV reads an indicator table from UTF-8 CSV and validates it.
//
// The first record is a header. Columns are matched by name, ignoring case, surrounding spaces and a UTF-8
// byte-order mark, and may come in any order:
//
//	code       required  unique key, the name of the indicator's data column
//	label_zh   optional  Chinese label
//	label_en   optional  English label
//	dimension  required  top-level group; weights are computed within each dimension
//	level1     optional  first-level group
//	level2     optional  second-level group (needs level1)
//	direction  required  "+" or "benefit" (larger is better), "-" or "cost" (smaller is better); see ParseDirection
//
// Other columns (notes, sources, units) are ignored. Lines that start with '#' are comments. Errors name the
// line, the column and the value. A file in GBK or another legacy encoding is rejected, because its Chinese
// labels would not decode: convert it to UTF-8 first.
func ReadSystemCSV(r io.Reader) (System, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return System{}, fmt.Errorf("entropy: read indicator table: %w", err)
	}
	raw = bytes.TrimPrefix(raw, []byte("\ufeff"))
	if !utf8.Valid(raw) {
		return System{}, errors.New("entropy: the indicator table is not valid UTF-8 (a GBK file from Excel?); save it as \"CSV UTF-8\" and read it again")
	}

	cr := csv.NewReader(bytes.NewReader(raw))
	cr.Comment = '#'
	cr.FieldsPerRecord = 0
	header, err := cr.Read()
	if err == io.EOF {
		return System{}, errors.New("entropy: the indicator table is empty; it needs a header line and one line per indicator")
	}
	if err != nil {
		return System{}, fmt.Errorf("entropy: read indicator table header: %w", err)
	}
	col, err := headerColumns(header)
	if err != nil {
		return System{}, err
	}

	var sys System
	var lines []int // CSV line of each indicator, for messages
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return System{}, fmt.Errorf("entropy: read indicator table: %w", err)
		}
		line, _ := cr.FieldPos(0)
		field := func(name string) string {
			if k, ok := col[name]; ok {
				return strings.TrimSpace(rec[k])
			}
			return ""
		}

		ind := Indicator{
			Code:      field(ColumnCode),
			LabelZH:   field(ColumnLabelZH),
			LabelEN:   field(ColumnLabelEN),
			Dimension: field(ColumnDimension),
			Level1:    field(ColumnLevel1),
			Level2:    field(ColumnLevel2),
		}
		ind.Direction, err = ParseDirection(field(ColumnDirection))
		if err != nil {
			return System{}, &SystemError{Line: line, Index: len(sys.Indicators), Code: ind.Code, Field: ColumnDirection,
				Value: field(ColumnDirection), Reason: "use \"+\"/\"benefit\" or \"-\"/\"cost\""}
		}
		if e := ind.validate(); e != nil {
			e.Line, e.Index = line, len(sys.Indicators)
			return System{}, e
		}
		sys.Indicators = append(sys.Indicators, ind)
		lines = append(lines, line)
	}

	if err := sys.Validate(); err != nil {
		var se *SystemError
		if errors.As(err, &se) && se.Index >= 0 {
			se.Line = lines[se.Index]
		}
		return System{}, err
	}
	return sys, nil
}

// headerColumns maps the known column names to their positions and checks that the required ones exist.
func headerColumns(header []string) (map[string]int, error) {
	known := map[string]bool{
		ColumnCode: true, ColumnLabelZH: true, ColumnLabelEN: true, ColumnDimension: true,
		ColumnLevel1: true, ColumnLevel2: true, ColumnDirection: true,
	}
	col := map[string]int{}
	for k, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		if !known[name] {
			continue
		}
		if _, dup := col[name]; dup {
			return nil, &SystemError{Line: 1, Index: -1, Field: "header", Value: h, Reason: "the column appears twice"}
		}
		col[name] = k
	}
	for _, name := range []string{ColumnCode, ColumnDimension, ColumnDirection} {
		if _, ok := col[name]; !ok {
			return nil, &SystemError{Line: 1, Index: -1, Field: "header", Value: strings.Join(header, ","),
				Reason: fmt.Sprintf("the required column %q is missing; the header needs code, dimension and direction", name)}
		}
	}
	return col, nil
}
