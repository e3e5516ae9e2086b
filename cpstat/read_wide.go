package cpstat

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// WideLayout describes a table with one row per entity and one column per year, the layout of
// the NBS "分省年度数据" export.
type WideLayout struct {
	IDColumn  string // column that names the entities, such as 地区
	ValueName string // name of the value column in the long result
	TimeName  string // name of the time column in the long result; "" means "year"
}

func (w WideLayout) timeName() string {
	if w.TimeName == "" {
		return "year"
	}
	return w.TimeName
}

// yearName matches year column headers: 2017, 2017年 and 2017年度.
var yearName = regexp.MustCompile(`^([0-9]{4})\s*(?:年|年度)?$`)

// parseYearName returns the year a column header names, such as 2017 for "2017年".
func parseYearName(name string) (int, bool) {
	m := yearName.FindStringSubmatch(trimCell(name))
	if m == nil {
		return 0, false
	}
	y, err := strconv.Atoi(m[1])
	return y, err == nil
}

// Long reshapes a wide data frame (one row per entity, one column per year) to long form with
// the columns idColumn, "year" and valueName. Every column other than idColumn must be named by a
// year (2017 or 2017年) and be numeric. Rows keep the order of the entities and run through the
// years in ascending order; missing values stay as missing rows rather than being dropped.
func Long(df dataframe.DataFrame, idColumn, valueName string) (dataframe.DataFrame, error) {
	out, _, err := reshapeLong(df, WideLayout{IDColumn: idColumn, ValueName: valueName})
	return out, err
}

type yearColumn struct {
	name string
	year int
}

// reshapeLong implements Long. It also returns, for each long row, the wide row it came from.
func reshapeLong(df dataframe.DataFrame, w WideLayout) (dataframe.DataFrame, []int, error) {
	names := df.Names()
	timeName := w.timeName()
	if !slices.Contains(names, w.IDColumn) {
		return dataframe.DataFrame{}, nil, &ColumnNotFoundError{Name: w.IDColumn, Context: "the entity column of the wide layout",
			Closest: closestNames(w.IDColumn, names, 3)}
	}
	if w.ValueName == w.IDColumn || w.ValueName == timeName || timeName == w.IDColumn {
		return dataframe.DataFrame{}, nil, fmt.Errorf("%w: the entity, time and value columns of the long layout need three different names, not %q, %q and %q",
			ErrLayout, w.IDColumn, timeName, w.ValueName)
	}

	var years []yearColumn
	var others []string
	seen := map[int]string{}
	for _, n := range names {
		if n == w.IDColumn {
			continue
		}
		y, ok := parseYearName(n)
		if !ok {
			others = append(others, n)
			continue
		}
		if prev, dup := seen[y]; dup {
			return dataframe.DataFrame{}, nil, fmt.Errorf("%w: columns %q and %q both name the year %d", ErrLayout, prev, n, y)
		}
		seen[y] = n
		years = append(years, yearColumn{n, y})
	}
	if len(others) > 0 {
		shown := others[:min(len(others), maxListed)]
		return dataframe.DataFrame{}, nil, fmt.Errorf("%w: in a wide layout every column except %q must name a year (2017 or 2017年), but %d do not: %s; drop those columns first, or read the file as a long panel",
			ErrLayout, w.IDColumn, len(others), quoteList(shown))
	}
	if len(years) == 0 {
		return dataframe.DataFrame{}, nil, fmt.Errorf("%w: the wide layout has no year columns besides %q", ErrLayout, w.IDColumn)
	}
	sort.Slice(years, func(i, j int) bool { return years[i].year < years[j].year })

	valueType := series.Int
	for _, y := range years {
		switch t := df.Col(y.name).Type(); t {
		case series.Int:
		case series.Float:
			valueType = series.Float
		default:
			return dataframe.DataFrame{}, nil, &ColumnTypeError{Name: y.name, Type: string(t),
				Detail: "the year columns of a wide layout must be numeric",
				Hint:   textHint("check the column's cells for text")}
		}
	}

	n := df.Nrow()
	rows := make([]int, 0, n*len(years))
	times := make([]int, 0, n*len(years))
	values := make([]any, 0, n*len(years))
	for r := 0; r < n; r++ {
		for _, y := range years {
			rows = append(rows, r)
			times = append(times, y.year)
			e := df.Col(y.name).Elem(r)
			switch {
			case e.IsNA():
				values = append(values, nil)
			case valueType == series.Int:
				v, _ := e.Int()
				values = append(values, v)
			default:
				values = append(values, e.Float())
			}
		}
	}

	out := dataframe.New(
		df.Col(w.IDColumn).Subset(rows),
		series.New(times, series.Int, timeName),
		series.New(values, valueType, w.ValueName),
	)
	if out.Err != nil {
		return dataframe.DataFrame{}, nil, fmt.Errorf("reshape to long: %w", out.Err)
	}
	return out, rows, nil
}

// reshapeWide replaces the table's wide data by its long form and updates the column
// descriptions, source lines and keys.
func (t *Table) reshapeWide(w WideLayout) error {
	wideRows := t.DataFrame.Nrow()
	yearCount := t.DataFrame.Ncol() - 1
	out, rows, err := reshapeLong(t.DataFrame, w)
	if err != nil {
		return fmt.Errorf("%s: %w", t.Source, err)
	}

	var idInfo ColumnInfo
	value := ColumnInfo{Name: w.ValueName, Type: out.Col(w.ValueName).Type()}
	units := map[string]bool{}
	for _, c := range t.Columns {
		if c.Name == w.IDColumn {
			idInfo = c
			continue
		}
		units[c.Unit] = true
		value.Missing.Blank += c.Missing.Blank
		value.Missing.Token += c.Missing.Token
		value.Missing.Placeholder += c.Missing.Placeholder
		value.Missing.Percent += c.Missing.Percent
		value.Missing.Ambiguous += c.Missing.Ambiguous
	}
	if len(units) == 1 {
		for u := range units {
			value.Unit = u
		}
	}

	lines := make([]int, len(rows))
	for i, r := range rows {
		lines[i] = t.Lines[r]
	}
	t.DataFrame = out
	t.Lines = lines
	t.Columns = []ColumnInfo{idInfo, {Name: w.timeName(), Type: series.Int}, value}
	t.EntityColumn, t.TimeColumn = w.IDColumn, w.timeName()
	t.Notes = append(t.Notes, fmt.Sprintf("reshaped the wide layout (%d rows × %d year columns) to %d long rows with columns %q, %q and %q",
		wideRows, yearCount, out.Nrow(), w.IDColumn, w.timeName(), w.ValueName))
	return nil
}
