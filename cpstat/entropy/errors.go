package entropy

import (
	"fmt"
	"strings"
)

// SettingsError reports an invalid field of Settings.
type SettingsError struct {
	Field  string
	Value  string
	Reason string
}

func (e *SettingsError) Error() string {
	return fmt.Sprintf("entropy: invalid Settings.%s = %s: %s", e.Field, e.Value, e.Reason)
}

// MissingColumn lists the rows of one indicator that hold NaN or ±Inf.
type MissingColumn struct {
	Indicator string
	Rows      []int     // 0-based row indices
	Labels    []string  // row labels from Settings.RowLabels, or "row i"
	Values    []float64 // the offending values (NaN, +Inf or −Inf)
}

// MissingValuesError reports missing or infinite values when Settings.Missing is MissingError.
type MissingValuesError struct {
	Columns []MissingColumn
}

func (e *MissingValuesError) Error() string {
	var b strings.Builder
	b.WriteString("entropy: missing or infinite values in ")
	for k, c := range e.Columns {
		if k > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "indicator %q at %s", c.Indicator, listLabels(c.Labels, 8))
	}
	b.WriteString(". Fill them in, or set Settings.Missing = DropRows to drop these rows listwise")
	return b.String()
}

// listLabels joins up to max labels and counts the rest.
func listLabels(labels []string, max int) string {
	if len(labels) <= max {
		return strings.Join(labels, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(labels[:max], ", "), len(labels)-max)
}

// TooFewRowsError reports a weight group with fewer than two rows, where k = 1/ln(n) is undefined.
type TooFewRowsError struct {
	Group string // "" when pooled
	Rows  int
}

func (e *TooFewRowsError) Error() string {
	return fmt.Sprintf("entropy: %s has %d row(s); the entropy weight method needs at least 2 rows per group "+
		"because k = 1/ln(n) is undefined for n = 1", groupName(e.Group), e.Rows)
}

// AllConstantError reports a weight group in which every indicator is constant, so no indicator carries
// information and every divergence d_j is 0.
type AllConstantError struct {
	Group      string // "" when pooled
	Indicators []string
}

func (e *AllConstantError) Error() string {
	return fmt.Sprintf("entropy: every indicator is constant in %s (%s), so all divergences are 0 and the "+
		"weights are undefined; check the data or compute the weights over more rows", groupName(e.Group),
		strings.Join(e.Indicators, ", "))
}

// AbsentIndicatorsError reports System indicators that have no column in the data given to ComputeIndex.
type AbsentIndicatorsError struct {
	Codes []string
}

func (e *AbsentIndicatorsError) Error() string {
	return fmt.Sprintf("entropy: no data column for indicator(s) %s; add the columns, remove the indicators "+
		"from the system, or set Settings.AllowAbsentIndicators to leave them out", strings.Join(e.Codes, ", "))
}

func groupName(g string) string {
	if g == "" {
		return "the pooled sample"
	}
	return fmt.Sprintf("group %q", g)
}
