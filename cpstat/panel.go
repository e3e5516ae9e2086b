package cpstat

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// RowKey identifies a panel row by its entity and time.
type RowKey struct {
	Entity string
	Time   int
}

// String returns the key as "entity/time", such as "BJ/2003".
func (k RowKey) String() string { return k.Entity + "/" + strconv.Itoa(k.Time) }

// Panel is a data frame with validated entity and time keys: every row has both, and no
// (entity, time) pair occurs twice. Time is an integer period such as a year. Rows keep the order
// of the data frame; lags and leads look rows up by key, so the order does not matter.
//
// A Panel is immutable: With returns a new Panel.
type Panel struct {
	df           dataframe.DataFrame
	entityColumn string
	timeColumn   string

	entities    []string // distinct entities in order of first appearance
	entityCodes []int32  // per row, the index of its entity in entities
	times       []int    // per row
	rowOf       *keyIndex

	columns map[string]ColumnInfo // what the reader learned about each column, such as units
	floats  *columnCache          // numeric columns converted by Float
	source  string                // file the rows came from; "" for a DataFrame built in code
	lines   []int                 // per row, its 1-based line in source; nil without a source
}

type panelKey struct {
	entity int32
	time   int
}

// PanelSettings configures NewPanel. The zero value takes the entity values as they are.
type PanelSettings struct {
	// ResolveProvinces maps the entity values through package province to two-letter codes
	// (北京, 北京市, Beijing and 11 all become BJ), replacing the entity column with the codes.
	// A value that names no province is an *UnknownProvinceError.
	ResolveProvinces bool
}

// PanelOption changes one PanelSettings field.
type PanelOption func(*PanelSettings)

// ResolveProvinces makes NewPanel map province names in any spelling to their two-letter codes.
func ResolveProvinces() PanelOption { return func(s *PanelSettings) { s.ResolveProvinces = true } }

// NewPanel declares df a panel with the given entity and time columns. The time column may be
// int, whole-valued float, or text such as "2001" or "2001年"; in the panel's data frame it
// becomes an int column. The entity column becomes a string column.
//
// The checks run in this order, and the first failure is returned:
//   - a key column that does not exist: *ColumnNotFoundError
//   - rows with a missing key: *MissingKeysError
//   - a time value that is not a whole number: *CellError wrapping ErrInvalidTime
//   - entity values that name no province, under ResolveProvinces: *UnknownProvinceError
//   - (entity, time) pairs on more than one row: *DuplicateKeysError
func NewPanel(df dataframe.DataFrame, entity, time string, opts ...PanelOption) (*Panel, error) {
	var s PanelSettings
	for _, o := range opts {
		o(&s)
	}
	return newPanel(df, entity, time, s, "", nil, nil)
}

// Panel declares the table a panel keyed by the columns that WithKeys named or WithWide created.
func (t *Table) Panel(opts ...PanelOption) (*Panel, error) {
	if t.EntityColumn == "" || t.TimeColumn == "" {
		return nil, fmt.Errorf("%s: %w: the table has no key columns; read it with WithKeys(entity, time), or call NewPanel(table.DataFrame, entity, time)",
			t.Source, ErrMissingKeys)
	}
	var s PanelSettings
	for _, o := range opts {
		o(&s)
	}
	info := make(map[string]ColumnInfo, len(t.Columns))
	for _, c := range t.Columns {
		info[c.Name] = c
	}
	return newPanel(t.DataFrame, t.EntityColumn, t.TimeColumn, s, t.Source, t.Lines, info)
}

func newPanel(df dataframe.DataFrame, entity, time string, s PanelSettings, source string, lines []int, info map[string]ColumnInfo) (*Panel, error) {
	if df.Err != nil {
		return nil, fmt.Errorf("declare panel: the data frame has an error: %w", df.Err)
	}
	names := df.Names()
	for _, key := range []string{entity, time} {
		if !slices.Contains(names, key) {
			return nil, &ColumnNotFoundError{Name: key, Context: "panel key", Closest: closestNames(key, names, 3)}
		}
	}
	if entity == time {
		return nil, fmt.Errorf("declare panel: %w: the entity and time keys are the same column %q", ErrLayout, entity)
	}
	if lines != nil && len(lines) != df.Nrow() {
		panic(fmt.Sprintf("cpstat: %d source lines for %d rows", len(lines), df.Nrow()))
	}

	p := &Panel{entityColumn: entity, timeColumn: time, columns: info, source: source, lines: lines,
		floats: newColumnCache()}
	entityValues, err := p.readKeys(df)
	if err != nil {
		return nil, err
	}
	if s.ResolveProvinces {
		if entityValues, err = p.resolveProvinces(entityValues); err != nil {
			return nil, err
		}
	}
	if err := p.indexKeys(entityValues); err != nil {
		return nil, err
	}

	p.df = df.Mutate(series.New(entityValues, series.String, entity)).
		Mutate(series.New(p.times, series.Int, time))
	if p.df.Err != nil {
		return nil, fmt.Errorf("declare panel: %w", p.df.Err)
	}
	if p.columns == nil {
		p.columns = map[string]ColumnInfo{}
	}
	return p, nil
}

// position returns the 1-based line of row i in the source file, or the 1-based row number.
func (p *Panel) position(i int) int {
	if p.lines != nil {
		return p.lines[i]
	}
	return i + 1
}

// DataFrame returns the panel's data frame, with the entity column as strings and the time
// column as ints.
func (p *Panel) DataFrame() dataframe.DataFrame { return p.df }

// EntityColumn returns the name of the entity key column.
func (p *Panel) EntityColumn() string { return p.entityColumn }

// TimeColumn returns the name of the time key column.
func (p *Panel) TimeColumn() string { return p.timeColumn }

// Len returns the number of rows.
func (p *Panel) Len() int { return len(p.times) }

// Names returns the column names in data frame order.
func (p *Panel) Names() []string { return p.df.Names() }

// Source returns the file the rows came from, or "" for a data frame built in code.
func (p *Panel) Source() string { return p.source }

// Line returns the 1-based line (CSV) or row (XLSX) of row i in Source, or 0 without a source.
func (p *Panel) Line(i int) int {
	if p.lines == nil {
		return 0
	}
	return p.lines[i]
}

// Entities returns the distinct entities in order of first appearance. EntityCodes indexes it.
func (p *Panel) Entities() []string { return slices.Clone(p.entities) }

// EntityCodes returns, for each row, the index of its entity in Entities.
func (p *Panel) EntityCodes() []int32 { return slices.Clone(p.entityCodes) }

// Times returns the time value of each row.
func (p *Panel) Times() []int { return slices.Clone(p.times) }

// TimeCodes returns, for each row, the index of its time value in periods, the distinct time
// values in ascending order.
func (p *Panel) TimeCodes() (codes []int32, periods []int) {
	periods = slices.Clone(p.times)
	slices.Sort(periods)
	periods = slices.Compact(periods)
	index := make(map[int]int32, len(periods))
	for i, t := range periods {
		index[t] = int32(i)
	}
	codes = make([]int32, len(p.times))
	for i, t := range p.times {
		codes[i] = index[t]
	}
	return codes, periods
}

// Key returns the (entity, time) key of row i.
func (p *Panel) Key(i int) RowKey {
	return RowKey{Entity: p.entities[p.entityCodes[i]], Time: p.times[i]}
}

// Keys returns the key of every row.
func (p *Panel) Keys() []RowKey {
	keys := make([]RowKey, p.Len())
	for i := range keys {
		keys[i] = p.Key(i)
	}
	return keys
}

// Row returns the index of the row with the given key, or -1 if the panel has no such row.
func (p *Panel) Row(key RowKey) int {
	code := slices.Index(p.entities, key.Entity)
	if code < 0 {
		return -1
	}
	if i, ok := p.rowOf.lookup(int32(code), key.Time); ok {
		return i
	}
	return -1
}

// Balanced reports whether every entity is observed in every period that any entity has.
func (p *Panel) Balanced() bool {
	_, periods := p.TimeCodes()
	return p.Len() == len(p.entities)*len(periods)
}

// String summarizes the panel, as in "panel of 30 entities (省份) × 17 periods (年份 2001–2017),
// 510 rows, balanced".
func (p *Panel) String() string {
	_, periods := p.TimeCodes()
	span := ""
	if len(periods) > 0 {
		span = fmt.Sprintf(" %d–%d", periods[0], periods[len(periods)-1])
	}
	shape := "unbalanced"
	if p.Balanced() {
		shape = "balanced"
	}
	return fmt.Sprintf("panel of %d entities (%s) × %d periods (%s%s), %d rows, %s",
		len(p.entities), p.entityColumn, len(periods), p.timeColumn, span, p.Len(), shape)
}

// Info returns what the reader recorded about a column (header cells, unit, missing cells). The
// second result is false for a column the reader did not create, such as one added by With.
func (p *Panel) Info(column string) (ColumnInfo, bool) {
	c, ok := p.columns[column]
	return c, ok
}

// Unit returns the unit of a column from the file's units row, or "".
func (p *Panel) Unit(column string) string { return p.columns[column].Unit }

// Float returns a numeric column as float64 values, with NaN for missing cells. Int and bool
// columns are converted (true is 1). A string column is a *ColumnTypeError.
func (p *Panel) Float(column string) ([]float64, error) {
	values, err := p.sharedFloat(column)
	if err != nil {
		return nil, err
	}
	return slices.Clone(values), nil
}

// sharedFloat is Float without the copy: it returns the cached values, which the caller must not
// modify.
func (p *Panel) sharedFloat(column string) ([]float64, error) {
	if values, ok := p.floats.load(column); ok {
		return values, nil
	}
	index := slices.Index(p.df.Names(), column)
	if index < 0 {
		_, err := p.column(column) // the *ColumnNotFoundError with the closest names
		return nil, err
	}
	if t := p.df.Types()[index]; t == series.String {
		return nil, &ColumnTypeError{Name: column, Type: string(t), Detail: "a numeric column is needed here",
			Hint: textHint("use i(" + column + ") in a formula for dummies of its levels, or convert the column to numbers")}
	}
	// DataFrame.Elem reads the column in place, where DataFrame.Col would first copy all of it.
	values := make([]float64, p.df.Nrow())
	for i := range values {
		values[i] = p.df.Elem(i, index).Float()
	}
	p.floats.store(column, values)
	return values, nil
}

func (p *Panel) column(name string) (series.Series, error) {
	names := p.df.Names()
	if !slices.Contains(names, name) {
		return series.Series{}, &ColumnNotFoundError{Name: name, Closest: closestNames(name, names, 3)}
	}
	return p.df.Col(name), nil
}

// FactorCodes encodes a column as a factor: codes[i] indexes levels, and is -1 where the value is
// missing. Levels are sorted: numerically for int and float columns, by Unicode code point for
// strings. Float levels print with strconv's shortest 'g' format.
func (p *Panel) FactorCodes(column string) (codes []int32, levels []string, err error) {
	if codes, levels, ok := p.keyFactorCodes(column); ok {
		return codes, levels, nil
	}
	s, err := p.column(column)
	if err != nil {
		return nil, nil, err
	}
	if s.Type() == series.String {
		codes, levels = encodeStrings(s.Records(), s.IsNaN())
		return codes, levels, nil
	}
	codes, levels = encodeFloats(s.Float())
	return codes, levels, nil
}

// With returns a copy of the panel with a numeric column added, or replaced if the name exists.
// NaN values become missing. The key columns cannot be replaced.
func (p *Panel) With(name string, values []float64) (*Panel, error) {
	if name == p.entityColumn || name == p.timeColumn {
		return nil, fmt.Errorf("%w: %q is a key column of the panel and cannot be replaced", ErrLayout, name)
	}
	if len(values) != p.Len() {
		return nil, fmt.Errorf("%w: column %q has %d values but the panel has %d rows", ErrLayout, name, len(values), p.Len())
	}
	q := *p
	q.floats = newColumnCache()
	if slices.Contains(p.df.Names(), name) {
		q.df = p.df.Mutate(series.New(values, series.Float, name))
	} else {
		q.df = p.df.CBind(dataframe.New(series.New(values, series.Float, name)))
	}
	if q.df.Err != nil {
		return nil, fmt.Errorf("add column %q: %w", name, q.df.Err)
	}
	q.columns = make(map[string]ColumnInfo, len(p.columns))
	for k, v := range p.columns {
		if k != name {
			q.columns[k] = v
		}
	}
	return &q, nil
}
