package cpstat

import (
	"slices"
	"strconv"

	"github.com/go-gota/gota/series"
)

// CrossSection declares a table without panel keys, such as a survey or a benchmark data set, as a
// panel with one period, so that the estimators that take a *Panel can fit it. Each row becomes its
// own entity, named by its 1-based row number in the data (after the header and any skipped rows),
// and every row gets period 1. The key columns are "row" and "period", or the first of "row_2",
// "row_3" … (and "period_2" …) that the table does not already use.
//
// Drop reports then name rows as "17/1": data row 17, period 1. Panel.Line maps a row to its line in
// the file. Cluster bootstraps by the entity resample single rows.
func (t *Table) CrossSection() (*Panel, error) {
	names := t.DataFrame.Names()
	entity, period := freeColumnName("row", names), freeColumnName("period", names)

	n := t.DataFrame.Nrow()
	rows := make([]string, n)
	periods := make([]int, n)
	for i := range rows {
		rows[i] = strconv.Itoa(i + 1)
		periods[i] = 1
	}
	df := t.DataFrame.Mutate(series.New(rows, series.String, entity)).
		Mutate(series.New(periods, series.Int, period))

	info := make(map[string]ColumnInfo, len(t.Columns))
	for _, c := range t.Columns {
		info[c.Name] = c
	}
	return newPanel(df, entity, period, PanelSettings{}, t.Source, t.Lines, info)
}

// freeColumnName returns base, or base_2, base_3 … the first that is not in names.
func freeColumnName(base string, names []string) string {
	name := base
	for i := 2; slices.Contains(names, name); i++ {
		name = base + "_" + strconv.Itoa(i)
	}
	return name
}
