package cpstat

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// DropReason is the cause for which the model frame left a row out.
type DropReason string

// The reasons a row can be dropped. Each dropped row is attributed to its first problem, in the
// order response, regressors, fixed effects, clusters.
const (
	ReasonMissing        DropReason = "missing value"             // blank, NA or NaN in the data
	ReasonInfinite       DropReason = "infinite value"            // +Inf or -Inf in the data, or a transformation that overflowed
	ReasonLogNonPositive DropReason = "log of non-positive value" // log(x) with x ≤ 0
	ReasonOutOfDomain    DropReason = "value outside the domain"  // sqrt(x) with x < 0, log1p(x) with x ≤ −1
	ReasonNotObserved    DropReason = "period not observed"       // L, F or D reach a period the entity has no row for
)

// DropReport records the rows that ModelFrame left out, grouped by reason and column.
type DropReport struct {
	Rows   int         // rows in the panel
	Kept   int         // rows in the frame
	Groups []DropGroup // in order of the first row of each group
}

// DropGroup is the rows dropped for one reason in one column or expression.
type DropGroup struct {
	Reason DropReason
	Column string   // the column or expression at fault, such as "y" or "L(x, 1)"
	Rows   []int    // panel row indexes, ascending
	Keys   []RowKey // the keys of those rows
}

// Dropped returns the number of rows left out.
func (r DropReport) Dropped() int { return r.Rows - r.Kept }

// String describes the drops, as in "3 rows dropped: 2 log of non-positive value in y (1/2020,
// 2/2020), 1 missing value in x2 (3/2019)". It lists at most 5 keys per group.
func (r DropReport) String() string {
	if r.Dropped() == 0 {
		return "no rows dropped"
	}
	return fmt.Sprintf("%d %s dropped: %s", r.Dropped(), plural(r.Dropped(), "row", "rows"), r.reasons())
}

// reasons lists the groups without the count in front, as in "2 log of non-positive value in y
// (1/2020, 2/2020), 1 missing value in x2 (3/2019)", for messages that state the count themselves.
func (r DropReport) reasons() string {
	var b strings.Builder
	for i, g := range r.Groups {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d %s in %s (", len(g.Keys), g.Reason, g.Column)
		for j, k := range g.Keys[:min(len(g.Keys), 5)] {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString(k.String())
		}
		if len(g.Keys) > 5 {
			fmt.Fprintf(&b, " and %d more", len(g.Keys)-5)
		}
		b.WriteString(")")
	}
	return b.String()
}

// emptyColumns returns the columns, in the order given, that are missing in every panel row that
// keep accepts (every row when keep is nil). Columns that are not in the panel are skipped.
func emptyColumns(p *Panel, columns []string, keep func(row int) bool) []string {
	var empty []string
	for _, col := range columns {
		if slices.Contains(empty, col) || !slices.Contains(p.Names(), col) {
			continue
		}
		missing := func(i int) bool { return false }
		if values, err := p.sharedFloat(col); err == nil {
			missing = func(i int) bool { return math.IsNaN(values[i]) }
		} else if codes, _, err := p.FactorCodes(col); err == nil {
			missing = func(i int) bool { return codes[i] < 0 }
		}
		allMissing := true
		for i := 0; i < p.Len() && allMissing; i++ {
			if keep == nil || keep(i) {
				allMissing = missing(i)
			}
		}
		if allMissing {
			empty = append(empty, col)
		}
	}
	return empty
}

// emptyColumnsText describes columns that have no value in the rows considered, where names those
// rows (such as "the data"), and names what to check. It returns "" when columns is empty.
func emptyColumnsText(p *Panel, columns []string, rows int, where string) string {
	if len(columns) == 0 {
		return ""
	}
	subject := "column " + quoteList(columns) + " is"
	if len(columns) > 1 {
		subject = "columns " + quoteList(columns) + " are"
	}
	text := fmt.Sprintf("%s empty in %s: all %d %s missing. Check the column name in the formula",
		subject, where, rows, plural(rows, "row is", "rows are"))
	if p.Source() != "" {
		text += " or the file " + p.Source()
	}
	return text
}

// problem is the cause that makes one row unusable; the zero value means the row is usable.
type problem struct {
	reason DropReason
	column string
}

func (p problem) ok() bool { return p.reason == "" }

// buildDropReport groups the rows whose first problem is set, among n rows; nil first means that
// every row is usable.
func buildDropReport(panel *Panel, n int, first []problem) DropReport {
	report := DropReport{Rows: n, Kept: n}
	if first == nil {
		return report
	}
	report.Kept = 0
	index := map[problem]int{}
	for i, pr := range first {
		if pr.ok() {
			report.Kept++
			continue
		}
		g, ok := index[pr]
		if !ok {
			g = len(report.Groups)
			index[pr] = g
			report.Groups = append(report.Groups, DropGroup{Reason: pr.reason, Column: pr.column})
		}
		report.Groups[g].Rows = append(report.Groups[g].Rows, i)
		report.Groups[g].Keys = append(report.Groups[g].Keys, panel.Key(i))
	}
	return report
}
