package cpstat

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cpstat/cpstat/cpstat/table"
)

// IndicatorColumnsError lists every indicator of a system whose column the panel lacks, so that
// they can all be mapped at once. It wraps one *ColumnNotFoundError per indicator, so errors.As
// reaches the first and errors.Is finds ErrColumnNotFound.
type IndicatorColumnsError struct {
	Missing []*ColumnNotFoundError // one per indicator, in system order; Context names the indicator
	Columns []string               // the panel's columns
}

func (e *IndicatorColumnsError) Error() string { return e.ErrorWith(GoSetting) }

// ErrorWith returns the message with the settings of the hint spelled by name.
func (e *IndicatorColumnsError) ErrorWith(name SettingNamer) string {
	var b strings.Builder
	fmt.Fprintf(&b, "columns of %d index %s not found in the data: ", len(e.Missing), plural(len(e.Missing), "indicator", "indicators"))
	for k, m := range e.Missing {
		if k > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s (column %q", m.Context, m.Name)
		if len(m.Closest) > 0 {
			b.WriteString(", closest: " + quoteList(m.Closest))
		}
		b.WriteString(")")
	}
	h := Hint{Action: "add the columns to the data", Suggestions: []Suggestion{
		{Setting: SettingIndicatorColumn, Purpose: "map each indicator to one of your columns"}}}
	return appendHint(b.String(), h, name)
}

func (e *IndicatorColumnsError) Unwrap() []error {
	out := make([]error, len(e.Missing))
	for i, m := range e.Missing {
		out[i] = m
	}
	return out
}

// checkIndicatorColumns returns an *IndicatorColumnsError naming every indicator in use whose column
// the panel lacks.
func checkIndicatorColumns(sys *IndicatorSystem, p *Panel) error {
	names := p.Names()
	var missing []*ColumnNotFoundError
	for _, ind := range sys.Indicators {
		if ind.Status == IndicatorMissing || slices.Contains(names, ind.Column) {
			continue
		}
		context := "indicator " + ind.ID
		if label := ind.Label(table.En); label != ind.ID {
			context += " " + label
		}
		missing = append(missing, &ColumnNotFoundError{Name: ind.Column, Context: context, Closest: closestNames(ind.Column, names, 3)})
	}
	if len(missing) == 0 {
		return nil
	}
	return &IndicatorColumnsError{Missing: missing, Columns: names}
}
