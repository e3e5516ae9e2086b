package cpstat

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/cpstat/cpstat/internal/textdist"
)

// Kinds of failure. Every error this package returns wraps one of them, so callers can test with
// errors.Is and read the details from the typed error with errors.As.
var (
	ErrEncoding        = errors.New("text encoding error")
	ErrAmbiguousNumber = errors.New("ambiguous number")
	ErrPercent         = errors.New("percentage without a chosen scale")
	ErrPlaceholder     = errors.New("placeholder instead of a number")
	ErrMixedColumn     = errors.New("column mixes numbers and text")
	ErrNotNumber       = errors.New("not a number")
	ErrLayout          = errors.New("invalid table layout")
	ErrColumnNotFound  = errors.New("column not found")
	ErrColumnType      = errors.New("wrong column type")
	ErrDuplicateKeys   = errors.New("duplicate panel keys")
	ErrMissingKeys     = errors.New("missing panel keys")
	ErrInvalidTime     = errors.New("invalid time value")
	ErrUnknownProvince = errors.New("unknown province")
	ErrEmptyFrame      = errors.New("no rows left")
)

// maxListed caps how many keys, rows or names an error message lists; the error value keeps the
// total count.
const maxListed = 10

// CellError is a cell, row or header that the reader cannot use. It names the place in the file
// the way the user sees it, the text found there and what to do.
type CellError struct {
	Source      string // file path, or the name given to ReadCSVFrom
	Sheet       string // worksheet of an XLSX file; "" for CSV
	Line        int    // 1-based line (CSV) or row (XLSX) as an editor or Excel numbers it; 0 if unknown
	Column      string // column name; "" while the header is being built
	ColumnIndex int    // 1-based position of the column in the file; 0 for a whole row
	Keys        string // entity and time of the row, such as "北京/2001", when WithKeys named them
	Value       string // the cell text as written
	Err         error  // the kind of failure, one of the Err… values
	Detail      string // description of the problem with Value
	Hint        Hint   // suggested fix
}

func (e *CellError) Error() string { return e.ErrorWith(GoSetting) }

// ErrorWith returns the message with the settings of the hint spelled by name.
func (e *CellError) ErrorWith(name SettingNamer) string {
	var b strings.Builder
	b.WriteString(e.location())
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	if e.Value != "" || e.ColumnIndex > 0 {
		fmt.Fprintf(&b, " %q", e.Value)
	}
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	return appendHint(b.String(), e.Hint, name)
}

func (e *CellError) Unwrap() error { return e.Err }

func (e *CellError) location() string {
	parts := []string{e.Source}
	if e.Sheet != "" {
		parts = append(parts, fmt.Sprintf("sheet %q", e.Sheet))
	}
	switch {
	case e.Sheet != "" && e.Line > 0 && e.ColumnIndex > 0:
		parts = append(parts, "cell "+cellName(e.ColumnIndex, e.Line))
	case e.Sheet != "" && e.Line > 0:
		parts = append(parts, fmt.Sprintf("row %d", e.Line))
	case e.Line > 0:
		parts = append(parts, fmt.Sprintf("line %d", e.Line))
	}
	if e.Column != "" {
		if e.Sheet == "" && e.ColumnIndex > 0 {
			parts = append(parts, fmt.Sprintf("column %q (field %d)", e.Column, e.ColumnIndex))
		} else {
			parts = append(parts, fmt.Sprintf("column %q", e.Column))
		}
	} else if e.ColumnIndex > 0 && e.Sheet == "" {
		parts = append(parts, fmt.Sprintf("field %d", e.ColumnIndex))
	}
	if e.Keys != "" {
		parts = append(parts, "row "+e.Keys)
	}
	return strings.Join(parts, ", ")
}

// EncodingError is a file whose bytes are invalid in the encoding that was requested or detected.
type EncodingError struct {
	Source   string
	Encoding Encoding
	Line     int // 1-based line with the first invalid bytes; 0 if unknown
	Detail   string
	Hint     Hint
}

func (e *EncodingError) Error() string { return e.ErrorWith(GoSetting) }

// ErrorWith returns the message with the settings of the hint spelled by name.
func (e *EncodingError) ErrorWith(name SettingNamer) string {
	msg := fmt.Sprintf("%s: cannot decode the file as %s", e.Source, e.Encoding)
	if e.Line > 0 {
		msg += fmt.Sprintf(" (line %d)", e.Line)
	}
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return appendHint(msg, e.Hint, name)
}

func (e *EncodingError) Unwrap() error { return ErrEncoding }

// ColumnNotFoundError is a reference to a column that the data does not have.
type ColumnNotFoundError struct {
	Name    string
	Context string   // where the name was used, such as `formula term "log(gdp)"`; may be ""
	Closest []string // existing columns with similar names, closest first
}

func (e *ColumnNotFoundError) Error() string {
	msg := fmt.Sprintf("column %q not found", e.Name)
	if e.Context != "" {
		msg += " (" + e.Context + ")"
	}
	if len(e.Closest) > 0 {
		msg += "; closest existing columns: " + quoteList(e.Closest)
	} else {
		msg += "; check the spelling against the data's column names"
	}
	return msg
}

func (e *ColumnNotFoundError) Unwrap() error { return ErrColumnNotFound }

// ColumnTypeError is a column used in a way its type does not allow, such as a text column used
// as a number.
type ColumnTypeError struct {
	Name   string
	Type   string // the column's type, as gota names it ("string", "int", "float", "bool")
	Detail string
	Hint   Hint
}

func (e *ColumnTypeError) Error() string { return e.ErrorWith(GoSetting) }

// ErrorWith returns the message with the settings of the hint spelled by name.
func (e *ColumnTypeError) ErrorWith(name SettingNamer) string {
	return appendHint(fmt.Sprintf("column %q has type %s: %s", e.Name, e.Type, e.Detail), e.Hint, name)
}

func (e *ColumnTypeError) Unwrap() error { return ErrColumnType }

// DuplicateKeysError lists (entity, time) keys that occur on more than one row.
type DuplicateKeysError struct {
	EntityColumn, TimeColumn string
	Source                   string         // file the rows came from; "" for a DataFrame built in code
	Keys                     []DuplicateKey // the first duplicated keys, at most 10
	Total                    int            // number of distinct duplicated keys
}

// DuplicateKey is one duplicated key and where it occurs.
type DuplicateKey struct {
	Key RowKey
	// Lines are the 1-based lines in the source file, or the 1-based DataFrame rows when the
	// error's Source is "".
	Lines []int
}

func (e *DuplicateKeysError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s%d duplicate (%s, %s) keys: ", sourcePrefix(e.Source), e.Total, e.EntityColumn, e.TimeColumn)
	for i, d := range e.Keys {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s on %s", d.Key, rowList(e.Source, d.Lines))
	}
	if e.Total > len(e.Keys) {
		fmt.Fprintf(&b, "; and %d more", e.Total-len(e.Keys))
	}
	b.WriteString(". A panel needs one row per entity and period: remove or aggregate the repeated rows")
	return b.String()
}

func (e *DuplicateKeysError) Unwrap() error { return ErrDuplicateKeys }

// MissingKeysError lists rows whose entity or time is missing.
type MissingKeysError struct {
	EntityColumn, TimeColumn string
	Source                   string
	Rows                     []MissingKey // the first rows, at most 10
	Total                    int          // number of rows with a missing key
}

// MissingKey is one row with a missing key.
type MissingKey struct {
	Line   int    // 1-based line in the source file, or 1-based DataFrame row when Source is ""
	Column string // the key column that is missing
}

func (e *MissingKeysError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s%d rows have a missing key: ", sourcePrefix(e.Source), e.Total)
	for i, m := range e.Rows {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s (%s)", rowList(e.Source, []int{m.Line}), m.Column)
	}
	if e.Total > len(e.Rows) {
		fmt.Fprintf(&b, ", and %d more", e.Total-len(e.Rows))
	}
	fmt.Fprintf(&b, ". Fill in %s and %s on every row, or drop those rows before declaring the panel", e.EntityColumn, e.TimeColumn)
	return b.String()
}

func (e *MissingKeysError) Unwrap() error { return ErrMissingKeys }

// UnknownProvinceError lists entity values that name no province.
type UnknownProvinceError struct {
	Column string
	Source string
	Names  []UnknownName // the first unknown spellings, at most 10
	Total  int           // number of distinct unknown spellings
	Known  int           // number of distinct spellings that do name a province
}

// UnknownName is one spelling that names no province.
type UnknownName struct {
	Value   string
	Line    int      // first line (or DataFrame row when Source is "") where it occurs
	Count   int      // rows with this spelling
	Closest []string // known spellings nearest to Value
}

func (e *UnknownProvinceError) Error() string {
	var b strings.Builder
	if e.Total == 1 {
		fmt.Fprintf(&b, "%scolumn %s: 1 value is not a province name: ", sourcePrefix(e.Source), e.Column)
	} else {
		fmt.Fprintf(&b, "%scolumn %s: %d values are not province names: ", sourcePrefix(e.Source), e.Column, e.Total)
	}
	for i, n := range e.Names {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%q on %s", n.Value, rowList(e.Source, []int{n.Line}))
		if n.Count > 1 {
			fmt.Fprintf(&b, " and %d more rows", n.Count-1)
		}
		if len(n.Closest) > 0 {
			b.WriteString(" (closest: " + strings.Join(n.Closest, ", ") + ")")
		}
	}
	if e.Total > len(e.Names) {
		fmt.Fprintf(&b, "; and %d more", e.Total-len(e.Names))
	}
	if e.Known > 0 {
		fmt.Fprintf(&b, " (the other %d values are)", e.Known)
	}
	b.WriteString(". Use a Chinese name (北京 or 北京市), the English name (Beijing) or the two-letter code (BJ)")
	return b.String()
}

func (e *UnknownProvinceError) Unwrap() error { return ErrUnknownProvince }

func sourcePrefix(source string) string {
	if source == "" {
		return ""
	}
	return source + ": "
}

// rowList renders row positions as "line 3" or "lines 3, 4" for a file, or "row 3" for a DataFrame.
func rowList(source string, lines []int) string {
	if source == "" {
		return listPositions("row", lines)
	}
	return listPositions("line", lines)
}

// listPositions renders numbers as "line 3" or "lines 3, 4" for unit "line".
func listPositions(unit string, numbers []int) string {
	if len(numbers) != 1 {
		unit += "s"
	}
	parts := make([]string, len(numbers))
	for i, n := range numbers {
		parts[i] = fmt.Sprint(n)
	}
	return unit + " " + strings.Join(parts, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

func upperFirst(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

// closestNames returns up to n candidates most similar to name: by edit distance after folding
// case, and also any candidate that contains name or is contained in it (gdp → gdp_per_capita).
func closestNames(name string, candidates []string, n int) []string {
	type scored struct {
		s string
		d int
	}
	key := strings.ToLower(name)
	var list []scored
	for _, c := range candidates {
		ck := strings.ToLower(c)
		d := textdist.Levenshtein(key, ck)
		limit := max(1, len([]rune(key))/3)
		if d <= limit || (key != "" && (strings.Contains(ck, key) || strings.Contains(key, ck))) {
			list = append(list, scored{c, d})
		}
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].d < list[j].d })
	out := make([]string, 0, n)
	for _, s := range list {
		if len(out) == n {
			break
		}
		out = append(out, s.s)
	}
	return out
}
