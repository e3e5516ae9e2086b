package capital

import (
	"fmt"
	"strconv"
	"strings"
)

// SettingsError reports an invalid field of Settings.
type SettingsError struct {
	Field  string
	Value  string
	Reason string
}

func (e *SettingsError) Error() string {
	return fmt.Sprintf("capital: invalid Settings.%s = %s: %s", e.Field, e.Value, e.Reason)
}

// DataError reports an invalid value of one unit and year: a missing or negative investment, a missing or
// non-positive price index, a duplicate year, or a year that the settings need but the data lack.
type DataError struct {
	Unit   string
	Year   int
	Field  string  // "Investment", "Price", "Year" or "BaseStocks"
	Value  float64 // the offending value, NaN when it is missing
	Reason string
}

func (e *DataError) Error() string {
	if e.Field == "Year" {
		return fmt.Sprintf("capital: unit %q, year %d: %s", e.Unit, e.Year, e.Reason)
	}
	return fmt.Sprintf("capital: unit %q, year %d: %s %v: %s", e.Unit, e.Year, e.Field, e.Value, e.Reason)
}

// GapError reports years missing inside a unit's series. The recursion K_t = r_t + (1 − δ) K_{t−1} needs
// every year, and a chain price index needs every link.
type GapError struct {
	Unit    string
	Missing []int // the missing years, ascending
	From    int   // first year of the span that must be complete
	To      int   // last year of that span
}

func (e *GapError) Error() string {
	years := make([]string, len(e.Missing))
	for k, y := range e.Missing {
		years[k] = strconv.Itoa(y)
	}
	return fmt.Sprintf("capital: unit %q has no row for year(s) %s inside %d–%d; fill the gap (for example by "+
		"interpolating investment and the price index) or start the series after it",
		e.Unit, strings.Join(years, ", "), e.From, e.To)
}

// BaseStockError reports a growth-rate base stock K = r / (g + δ) that is undefined because g + δ ≤ 0,
// or a growth rate that cannot be computed.
type BaseStockError struct {
	Unit         string
	StartYear    int
	Growth       float64 // g, NaN when it could not be computed
	Depreciation float64 // δ
	Reason       string
}

func (e *BaseStockError) Error() string {
	return fmt.Sprintf("capital: unit %q, base year %d: g = %.6g, δ = %.6g: %s", e.Unit, e.StartYear, e.Growth,
		e.Depreciation, e.Reason)
}
