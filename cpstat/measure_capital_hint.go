package cpstat

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/cpstat/cpstat/cpstat/capital"
)

// capitalError restates the errors of capital.Stock whose reason names a field of capital.Settings,
// with a Hint that names the setting of CapitalOptions and, where the data determine one, a value
// that works. Other errors are wrapped unchanged.
func capitalError(err error, d capital.Data, s capital.Settings) error {
	span := unitSpans(d)
	var de *capital.DataError
	var be *capital.BaseStockError
	switch {
	case errors.As(err, &de) && de.Field == "Year" && math.IsNaN(de.Value):
		msg := fmt.Sprintf("capital stock: unit %q has no row for the start year %d (its data cover %s)", de.Unit, de.Year, span[de.Unit])
		h := Hint{Suggestions: []Suggestion{
			{Setting: SettingCapitalStartYear, Value: "0", Purpose: "start each unit in its own first usable year"}}}
		if y, ok := span.commonYear(); ok {
			h.Suggestions = append(h.Suggestions, Suggestion{Setting: SettingCapitalStartYear, Value: strconv.Itoa(y),
				Purpose: "start every unit in a year all units have"})
		}
		return &HintError{Msg: msg, Hint: h, Err: err}

	case errors.As(err, &de) && de.Field == "Price" && math.IsNaN(de.Value) && de.Year == s.PriceBaseYear:
		msg := fmt.Sprintf("capital stock: unit %q has no price for the price base year %d (its data cover %s)", de.Unit, de.Year, span[de.Unit])
		var h Hint
		if y, ok := span.commonYear(); ok {
			h.Suggestions = append(h.Suggestions, Suggestion{Setting: SettingCapitalPriceYear, Value: strconv.Itoa(y),
				Purpose: "use the prices of a year every unit covers"})
		} else {
			h.Action = "no year is covered by every unit, so give the units a common year of prices"
		}
		return &HintError{Msg: msg, Hint: h, Err: err}

	case errors.As(err, &de) && de.Field == "BaseStocks" && math.IsNaN(de.Value):
		return &HintError{Msg: fmt.Sprintf("capital stock: no base stock is given for unit %q", de.Unit), Err: err,
			Hint: Hint{Suggestions: []Suggestion{{Setting: SettingCapitalBaseStocks, Purpose: "give one for every unit"}}}}

	case errors.As(err, &be) && math.IsNaN(be.Growth):
		years := span[be.Unit].yearsFrom(be.StartYear)
		if years < s.GrowthYears+1 {
			msg := fmt.Sprintf("capital stock: unit %q, base year %d: the growth rate over %d years needs %d years of data from the base year, the unit has %d",
				be.Unit, be.StartYear, s.GrowthYears, s.GrowthYears+1, years)
			return &HintError{Msg: msg, Err: err, Hint: Hint{Suggestions: []Suggestion{
				{Setting: SettingCapitalGrowthYears, Value: strconv.Itoa(max(years-1, 1)), Purpose: "average fewer growth rates"}}}}
		}
		msg := fmt.Sprintf("capital stock: unit %q, base year %d: real investment is 0 in the growth-rate years, so the growth rate is undefined",
			be.Unit, be.StartYear)
		return &HintError{Msg: msg, Err: err, Hint: Hint{Suggestions: []Suggestion{
			{Setting: SettingCapitalStartYear, Purpose: "choose another base year"}}}}

	case errors.As(err, &be):
		msg := fmt.Sprintf("capital stock: unit %q, base year %d: g = %.6g and δ = %.6g, so g + δ ≤ 0 and the base stock r/(g + δ) is undefined",
			be.Unit, be.StartYear, be.Growth, be.Depreciation)
		return &HintError{Msg: msg, Err: err, Hint: Hint{Action: "use the investment-ratio or given base-stock rule",
			Suggestions: []Suggestion{
				{Setting: SettingCapitalGrowthYears, Purpose: "average more growth rates"},
				{Setting: SettingCapitalStartYear, Purpose: "choose another base year"}}}}
	}
	return fmt.Errorf("capital stock: %w", err)
}

// yearSpan is the first and last year of a unit's rows.
type yearSpan struct{ first, last int }

func (y yearSpan) String() string { return fmt.Sprintf("%d–%d", y.first, y.last) }

// yearsFrom counts the years from start to the unit's last year; the engine's rows have no gaps.
func (y yearSpan) yearsFrom(start int) int { return max(y.last-max(start, y.first)+1, 0) }

type spans map[string]yearSpan

// unitSpans returns the span of years of every unit in d.
func unitSpans(d capital.Data) spans {
	out := spans{}
	for i, u := range d.Unit {
		s, seen := out[u]
		if !seen {
			s = yearSpan{d.Year[i], d.Year[i]}
		}
		s.first, s.last = min(s.first, d.Year[i]), max(s.last, d.Year[i])
		out[u] = s
	}
	return out
}

// commonYear returns the first year that every unit covers.
func (s spans) commonYear() (int, bool) {
	first, last := math.MinInt, math.MaxInt
	for _, y := range s {
		first, last = max(first, y.first), min(last, y.last)
	}
	return first, len(s) > 0 && first <= last
}
