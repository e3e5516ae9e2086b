package cpstat

import (
	"fmt"
	"slices"
	"sort"
	"strconv"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// typeColumns decides each column's type from its cells (or ReadSettings.ColumnTypes), parses the
// cells itself and builds typed gota series. gota's own type guessing is not used: it reads
// "29,492" as text or truncates it, and turns the string "NA" into a missing value.
func (g *grid) typeColumns(columns []rawColumn, data []gridRow) (*Table, error) {
	for name := range g.settings.ColumnTypes {
		found := false
		for _, c := range columns {
			found = found || c.name == name
		}
		if !found {
			return nil, &ColumnNotFoundError{Name: name, Context: "named in WithColumnType", Closest: closestNames(name, rawNames(columns), 3)}
		}
	}

	extraMissing := map[string]bool{}
	for _, m := range g.settings.MissingValues {
		extraMissing[trimCell(m)] = true
	}

	list := make([]series.Series, 0, len(columns))
	infos := make([]ColumnInfo, 0, len(columns))
	for _, col := range columns {
		texts := make([]string, len(data))
		for i, r := range data {
			if col.index <= len(r.cells) {
				texts[i] = r.cells[col.index-1]
			}
		}
		s, info, err := g.typeColumn(columns, col, texts, data, extraMissing)
		if err != nil {
			return nil, err
		}
		list = append(list, s)
		infos = append(infos, info)
	}

	df := dataframe.New(list...)
	if df.Err != nil {
		return nil, fmt.Errorf("%s: build the data frame: %w", g.source, df.Err)
	}
	return newTable(g, df, infos, data), nil
}

func rawNames(columns []rawColumn) []string {
	names := make([]string, len(columns))
	for i, c := range columns {
		names[i] = c.name
	}
	return names
}

// columnReader reads the cells of one column and reports errors against their place in the file.
type columnReader struct {
	g       *grid
	columns []rawColumn
	col     rawColumn
	data    []gridRow
	texts   []string
}

func (r *columnReader) cellError(i int, kind error, detail string, hint Hint) *CellError {
	return &CellError{
		Source: r.g.source, Sheet: r.g.sheet, Line: r.data[i].line,
		Column: r.col.name, ColumnIndex: r.col.index,
		Keys:  r.g.keysOf(r.columns, r.data[i], r.col),
		Value: r.texts[i], Err: kind, Detail: detail, Hint: hint,
	}
}

func (g *grid) typeColumn(columns []rawColumn, col rawColumn, texts []string, data []gridRow, extraMissing map[string]bool) (series.Series, ColumnInfo, error) {
	r := &columnReader{g: g, columns: columns, col: col, data: data, texts: texts}
	cells := make([]parsedCell, len(texts))
	var numeric, text, codes []int // row indexes of number-like, text and code cells
	allIntegers := true
	for i, t := range texts {
		c := parseCell(t, extraMissing)
		cells[i] = c
		switch c.kind {
		case cellNumber, cellNonFinite, cellPercent, cellAmbiguous:
			numeric = append(numeric, i)
			allIntegers = allIntegers && c.kind == cellNumber && c.integer
		case cellCode:
			codes = append(codes, i)
		case cellText:
			text = append(text, i)
		}
	}
	// Codes such as 007 make a column of whole numbers a column of codes, kept as written. Among
	// decimals they are text in a numeric column.
	if len(codes) > 0 && !(allIntegers && len(text) == 0) {
		text = append(text, codes...)
		slices.Sort(text)
	}

	info := ColumnInfo{Name: col.name, Header: col.header, Unit: col.unit, Index: col.index}
	forced, isForced := g.settings.ColumnTypes[col.name]
	switch {
	case isForced:
		info.Type = forced
	case len(text) > 0 && len(numeric) > 0:
		return series.Series{}, info, r.mixedError(numeric, text)
	case len(text) > 0 || len(codes) > 0:
		info.Type = series.String
	case allIntegers:
		info.Type = series.Int
	default:
		info.Type = series.Float
	}

	if info.Type == series.String {
		values := make([]any, len(texts))
		for i, t := range texts {
			if s := trimCell(t); s != "" {
				values[i] = s
			} else {
				info.Missing.Blank++
			}
		}
		return series.New(values, series.String, col.name), info, nil
	}

	values, err := r.numbers(cells, &info)
	if err != nil {
		return series.Series{}, info, err
	}
	g.noteMissing(col.name, cells, data)
	g.noteConverted(col.name, cells, texts)
	return series.New(values, info.Type, col.name), info, nil
}

// numbers converts the parsed cells of a numeric column to values for series.New: int or float64,
// and nil for a missing cell. It applies the percent, placeholder and ambiguity policies.
func (r *columnReader) numbers(cells []parsedCell, info *ColumnInfo) ([]any, error) {
	s := r.g.settings
	values := make([]any, len(cells))
	for i, c := range cells {
		var v float64
		switch c.kind {
		case cellBlank:
			info.Missing.Blank++
			continue
		case cellMissingToken:
			info.Missing.Token++
			continue
		case cellPlaceholder:
			if s.Placeholders == PlaceholderReject {
				return nil, r.cellError(i, ErrPlaceholder, "a placeholder for missing data",
					Hint{Action: "fill in the value", Suggestions: []Suggestion{
						{Setting: SettingPlaceholders, Value: "missing", Purpose: "read placeholders as missing"}}})
			}
			info.Missing.Placeholder++
			continue
		case cellAmbiguous:
			if s.AmbiguousNumbers == AmbiguousAsMissing {
				info.Missing.Ambiguous++
				continue
			}
			return nil, r.cellError(i, ErrAmbiguousNumber,
				"the commas do not separate groups of three digits, so they may be decimal commas or a typo",
				Hint{Action: "fix the cell", Suggestions: []Suggestion{
					{Setting: SettingAmbiguousNumbers, Value: "missing", Purpose: "read such cells as missing"}}})
		case cellPercent:
			switch s.Percent {
			case PercentAsFraction:
				v = c.value / 100
			case PercentAsNumber:
				v = c.value
			case PercentAsMissing:
				info.Missing.Percent++
				continue
			default:
				return nil, r.cellError(i, ErrPercent,
					fmt.Sprintf("%d cells of this column are percentages, and their scale is not set", countKind(cells, cellPercent)),
					Hint{Suggestions: []Suggestion{
						{Setting: SettingPercent, Value: "fraction", Purpose: "read 12.5% as 0.125"},
						{Setting: SettingPercent, Value: "number", Purpose: "read it as 12.5"},
						{Setting: SettingPercent, Value: "missing", Purpose: "read such cells as missing"}}})
			}
		case cellText:
			return nil, r.cellError(i, ErrNotNumber,
				fmt.Sprintf("the column is read as %s because WithColumnType says so", info.Type),
				Hint{Action: "fix the cell", Suggestions: []Suggestion{
					{Setting: SettingMissingValues, Value: trimCell(r.texts[i]), Purpose: "list its text as missing"}}})
		default:
			v = c.value
		}

		if info.Type == series.Int {
			if (c.kind != cellNumber && c.kind != cellCode) || !c.integer {
				return nil, r.cellError(i, ErrNotNumber, "not a whole number, but the column is read as int",
					Hint{Suggestions: []Suggestion{
						{Setting: SettingColumnType, Column: r.col.name, Value: "float", Purpose: "read the column as float"}}})
			}
			values[i] = int(c.intValue)
			continue
		}
		values[i] = v
	}
	return values, nil
}

func (r *columnReader) mixedError(numeric, text []int) error {
	lines := make([]int, 0, 3)
	for _, i := range text[:min(len(text), 3)] {
		lines = append(lines, r.data[i].line)
	}
	where := listPositions(r.g.positionUnit(), lines)
	if len(text) > len(lines) {
		where += fmt.Sprintf(" and %d more", len(text)-len(lines))
	}
	detail := fmt.Sprintf("%d %s, and %d %s (%s), so the column has no single type",
		len(numeric), plural(len(numeric), "cell is a number", "cells are numbers"),
		len(text), plural(len(text), "is text", "are text"), where)
	hint := Hint{Action: "fix the text cells", Suggestions: []Suggestion{
		{Setting: SettingMissingValues, Value: trimCell(r.texts[text[0]]), Purpose: "list them as missing"},
		{Setting: SettingColumnType, Column: r.col.name, Value: "string", Purpose: "read the column as text"}}}
	switch {
	case r.col.name == r.g.settings.EntityColumn || r.col.name == r.g.settings.TimeColumn:
		// Reading a key cell as missing would drop the row's identity, so the only remedy is the data.
		hint = Hint{Action: "write every key as a plain value, and a period as a whole number such as 2002 (not 2002年)"}
	case len(text) == 1 && text[0] == 0:
		// Text only in the first data row is usually a units row under the header (亿元, 万人).
		hint = Hint{Action: "the text is in the first row under the header, which is usually a units row", Suggestions: []Suggestion{
			{Setting: SettingHeaderRows, Value: "2", Purpose: "read it as a second header row"},
			{Setting: SettingMissingValues, Value: trimCell(r.texts[text[0]]), Purpose: "list the text as missing"}}}
	}
	return r.cellError(text[0], ErrMixedColumn, detail, hint)
}

func countKind(cells []parsedCell, kind cellKind) int {
	n := 0
	for _, c := range cells {
		if c.kind == kind {
			n++
		}
	}
	return n
}

// noteMissing adds a note for each kind of cell other than blanks that a numeric column read as
// missing, with the first lines where it happened.
func (g *grid) noteMissing(name string, cells []parsedCell, data []gridRow) {
	kinds := []struct {
		kind      cellKind
		one, many string
	}{
		{cellMissingToken, "missing-value marker", "missing-value markers"},
		{cellPlaceholder, "placeholder", "placeholders"},
		{cellPercent, "percentage", "percentages"},
		{cellAmbiguous, "ambiguous number", "ambiguous numbers"},
	}
	for _, k := range kinds {
		if k.kind == cellPercent && g.settings.Percent != PercentAsMissing {
			continue
		}
		var lines []int
		for i, c := range cells {
			if c.kind == k.kind {
				lines = append(lines, data[i].line)
			}
		}
		if len(lines) == 0 {
			continue
		}
		sort.Ints(lines)
		shown := lines[:min(len(lines), 5)]
		where := listPositions(g.positionUnit(), shown)
		if len(lines) > len(shown) {
			where += fmt.Sprintf(" and %d more", len(lines)-len(shown))
		}
		g.notes = append(g.notes, fmt.Sprintf("column %q: read %d %s as missing (%s)", name, len(lines), plural(len(lines), k.one, k.many), where))
	}
}

// noteConverted adds a note for the cells of a numeric column that were numbers only after
// conversion: written with thousands separators, or percentages read as fractions or numbers.
func (g *grid) noteConverted(name string, cells []parsedCell, texts []string) {
	grouped, percent, first, firstPercent := 0, 0, "", ""
	percentValue := 0.0
	for i, c := range cells {
		switch {
		case c.kind == cellNumber && c.grouped:
			if grouped == 0 {
				first = trimCell(texts[i])
			}
			grouped++
		case c.kind == cellPercent:
			if percent == 0 {
				firstPercent, percentValue = trimCell(texts[i]), c.value
			}
			percent++
		}
	}
	if grouped > 0 {
		g.notes = append(g.notes, fmt.Sprintf("column %q: read %d %s with thousands separators, such as %q",
			name, grouped, plural(grouped, "number", "numbers"), first))
	}
	switch {
	case percent == 0:
	case g.settings.Percent == PercentAsFraction:
		g.notes = append(g.notes, fmt.Sprintf("column %q: read %d %s as fractions, such as %q as %s",
			name, percent, plural(percent, "percentage", "percentages"), firstPercent, strconv.FormatFloat(percentValue/100, 'g', 12, 64)))
	case g.settings.Percent == PercentAsNumber:
		g.notes = append(g.notes, fmt.Sprintf("column %q: read %d %s as numbers without the %% sign, such as %q",
			name, percent, plural(percent, "percentage", "percentages"), firstPercent))
	}
}

// positionUnit returns what the file calls its rows: lines in a CSV file, rows in a worksheet.
func (g *grid) positionUnit() string {
	if g.sheet != "" {
		return "row"
	}
	return "line"
}
