package capital

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Data is a panel of investment and its price index in long form: one row per unit and year, in any order.
// All slices have the same length.
type Data struct {
	Unit       []string  // unit key, for example the province code
	Year       []int     // calendar year
	Investment []float64 // nominal gross fixed capital formation, in any currency unit (for example 100 million yuan)
	Price      []float64 // investment price index, in the form that Settings.PriceIndex names
}

// UnitStock is the capital stock series of one unit, from its start year to its last year. Every slice has
// one entry per year.
type UnitStock struct {
	Unit           string
	Years          []int     // consecutive years t0, t0 + 1, …
	Rows           []int     // 0-based row of Data for each year
	Price          []float64 // price index rebased to 1 in the price base year
	RealInvestment []float64 // I_t / P_t, at price-base-year prices
	Stock          []float64 // K_t, at price-base-year prices

	BaseStock float64 // K_{t0}
	Growth    float64 // g of the GrowthRate base stock; 0 under the other rules
}

// UnusedRow is a row of Data that did not enter the recursion because it lies before the unit's start year.
type UnusedRow struct {
	Row    int
	Unit   string
	Year   int
	Reason string
}

// Result holds the capital stock of every unit.
type Result struct {
	Settings      Settings // the settings with defaults filled in
	PriceBaseYear int      // year whose prices the stocks are in

	// Note states the unit and prices of the stock and the method, for a table footer, for example
	// "capital stock by perpetual inventory, in the currency unit of investment at 2000 prices; δ = 10.96 %; …".
	Note string

	Units []UnitStock // in order of first appearance in Data

	Stock          []float64   // K per row of Data; NaN for unused rows
	RealInvestment []float64   // I/P per row of Data; NaN for unused rows
	Unused         []UnusedRow // rows before a unit's start year, in row order
}

// Unit returns the series of the named unit.
func (r *Result) Unit(name string) (*UnitStock, bool) {
	for k := range r.Units {
		if r.Units[k].Unit == name {
			return &r.Units[k], true
		}
	}
	return nil, false
}

// Stock computes the perpetual-inventory capital stock of every unit in d.
//
// It panics when the slices of d differ in length, which is a programming error. It returns these errors:
//
//   - *SettingsError for invalid settings, such as a depreciation rate given as a percent;
//   - *DataError for a missing, negative or non-positive value, a duplicate year, or a missing start year
//     or price base year;
//   - *GapError for years missing inside a series;
//   - *BaseStockError when g + δ ≤ 0 or the growth rate cannot be computed.
func Stock(d Data, s Settings) (*Result, error) {
	n := len(d.Unit)
	if len(d.Year) != n || len(d.Investment) != n || len(d.Price) != n {
		panic(fmt.Sprintf("capital: Data slices differ in length: Unit %d, Year %d, Investment %d, Price %d",
			n, len(d.Year), len(d.Investment), len(d.Price)))
	}
	s, err := s.resolved()
	if err != nil {
		return nil, err
	}

	units, err := splitUnits(d, s.StartYear)
	if err != nil {
		return nil, err
	}
	base := s.PriceBaseYear
	if base == 0 {
		base = units[0].start
		for _, u := range units {
			base = min(base, u.start)
		}
	}

	r := &Result{
		Settings:       s,
		PriceBaseYear:  base,
		Note:           note(s, base),
		Stock:          nanSlice(n),
		RealInvestment: nanSlice(n),
	}
	for _, u := range units {
		series, err := accumulate(d, u, base, s)
		if err != nil {
			return nil, err
		}
		for k, row := range series.Rows {
			r.Stock[row] = series.Stock[k]
			r.RealInvestment[row] = series.RealInvestment[k]
		}
		r.Units = append(r.Units, series)
		for _, row := range u.before {
			r.Unused = append(r.Unused, UnusedRow{Row: row, Unit: u.name, Year: d.Year[row],
				Reason: fmt.Sprintf("before the start year %d", u.start)})
		}
	}
	sort.Slice(r.Unused, func(a, b int) bool { return r.Unused[a].Row < r.Unused[b].Row })
	return r, nil
}

// unitRows is the rows of one unit sorted by year, with its start year.
type unitRows struct {
	name   string
	rows   []int // all rows, by year
	start  int   // start year t0
	before []int // rows before t0
}

// splitUnits groups the rows by unit in order of first appearance, sorts them by year, rejects duplicate
// years and fixes each unit's start year.
func splitUnits(d Data, startYear int) ([]unitRows, error) {
	index := map[string]int{}
	var units []unitRows
	for i, name := range d.Unit {
		if name == "" {
			return nil, fmt.Errorf("capital: row %d (year %d) has an empty unit key", i, d.Year[i])
		}
		k, ok := index[name]
		if !ok {
			k = len(units)
			index[name] = k
			units = append(units, unitRows{name: name})
		}
		units[k].rows = append(units[k].rows, i)
	}
	if units == nil {
		return nil, fmt.Errorf("capital: the data have no rows")
	}

	for k := range units {
		u := &units[k]
		sort.SliceStable(u.rows, func(a, b int) bool { return d.Year[u.rows[a]] < d.Year[u.rows[b]] })
		for p := 1; p < len(u.rows); p++ {
			if y := d.Year[u.rows[p]]; y == d.Year[u.rows[p-1]] {
				return nil, &DataError{Unit: u.name, Year: y, Field: "Year", Value: float64(y),
					Reason: fmt.Sprintf("duplicate year in rows %d and %d; keep one row per unit and year", u.rows[p-1], u.rows[p])}
			}
		}

		u.start = d.Year[u.rows[0]]
		if startYear == 0 {
			continue
		}
		u.start = startYear
		found := false
		for _, row := range u.rows {
			switch y := d.Year[row]; {
			case y < startYear:
				u.before = append(u.before, row)
			case y == startYear:
				found = true
			}
		}
		if !found {
			return nil, &DataError{Unit: u.name, Year: startYear, Field: "Year", Value: math.NaN(), Reason: fmt.Sprintf(
				"no row for the start year (the unit's data cover %d–%d); set Settings.StartYear to a year every unit has",
				d.Year[u.rows[0]], d.Year[u.rows[len(u.rows)-1]])}
		}
	}
	return units, nil
}

// accumulate computes one unit's rebased prices, real investment, base stock and stock series.
func accumulate(d Data, u unitRows, base int, s Settings) (UnitStock, error) {
	used := u.rows[len(u.before):]
	first, last := d.Year[used[0]], d.Year[used[len(used)-1]]
	if err := checkConsecutive(d, u.name, used, first, last); err != nil {
		return UnitStock{}, err
	}

	price, err := rebasedPrices(d, u, used, base, s.PriceIndex)
	if err != nil {
		return UnitStock{}, err
	}

	series := UnitStock{
		Unit:           u.name,
		Years:          make([]int, len(used)),
		Rows:           used,
		Price:          price,
		RealInvestment: make([]float64, len(used)),
		Stock:          make([]float64, len(used)),
	}
	for k, row := range used {
		series.Years[k] = d.Year[row]
		v := d.Investment[row]
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return UnitStock{}, &DataError{Unit: u.name, Year: d.Year[row], Field: "Investment", Value: v,
				Reason: "investment must be finite and non-negative; fill in the value or start the series after it"}
		}
		series.RealInvestment[k] = v / price[k]
	}

	series.BaseStock, series.Growth, err = baseStock(u.name, series.Years[0], series.RealInvestment, s)
	if err != nil {
		return UnitStock{}, err
	}

	// The perpetual inventory recursion K_t = r_t + (1 − δ) K_{t−1}.
	series.Stock[0] = series.BaseStock
	for k := 1; k < len(used); k++ {
		series.Stock[k] = series.RealInvestment[k] + (1-s.Depreciation)*series.Stock[k-1]
	}
	return series, nil
}

// checkConsecutive returns a *GapError when rows, sorted by year, skip a year between from and to.
func checkConsecutive(d Data, unit string, rows []int, from, to int) error {
	var missing []int
	for p := 1; p < len(rows); p++ {
		for y := d.Year[rows[p-1]] + 1; y < d.Year[rows[p]]; y++ {
			missing = append(missing, y)
		}
	}
	if missing != nil {
		return &GapError{Unit: unit, Missing: missing, From: from, To: to}
	}
	return nil
}

// rebasedPrices returns the price index of the used rows rebased to 1 in the base year.
func rebasedPrices(d Data, u unitRows, used []int, base int, kind PriceIndexKind) ([]float64, error) {
	yearRow := make(map[int]int, len(u.rows))
	for _, row := range u.rows {
		yearRow[d.Year[row]] = row
	}
	baseRow, ok := yearRow[base]
	if !ok {
		return nil, &DataError{Unit: u.name, Year: base, Field: "Price", Value: math.NaN(), Reason: fmt.Sprintf(
			"no price for the price base year (the unit's data cover %d–%d); set Settings.PriceBaseYear to a year every unit covers",
			d.Year[u.rows[0]], d.Year[u.rows[len(u.rows)-1]])}
	}

	level := map[int]float64{} // fixed-base index by year, in any scale
	switch kind {
	case FixedBase:
		for _, row := range append([]int{baseRow}, used...) {
			if err := checkPrice(d, u.name, row); err != nil {
				return nil, err
			}
			level[d.Year[row]] = d.Price[row]
		}
	case PreviousYear:
		// Chain from the earlier of the base year and the start year. The first chain value links to a year
		// outside the span and is not used.
		first := min(base, d.Year[used[0]])
		span := u.rows[indexOfYear(d, u.rows, first):]
		if err := checkConsecutive(d, u.name, span, first, d.Year[span[len(span)-1]]); err != nil {
			return nil, err
		}
		level[first] = 1
		for p := 1; p < len(span); p++ {
			if err := checkPrice(d, u.name, span[p]); err != nil {
				return nil, err
			}
			level[d.Year[span[p]]] = level[d.Year[span[p-1]]] * d.Price[span[p]] / 100
		}
	}

	price := make([]float64, len(used))
	for k, row := range used {
		price[k] = level[d.Year[row]] / level[base]
	}
	return price, nil
}

// indexOfYear returns the position in rows (sorted by year) of the row for year y, which must exist.
func indexOfYear(d Data, rows []int, y int) int {
	for p, row := range rows {
		if d.Year[row] == y {
			return p
		}
	}
	panic(fmt.Sprintf("capital: no row for year %d", y))
}

func checkPrice(d Data, unit string, row int) error {
	v := d.Price[row]
	if math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
		return &DataError{Unit: unit, Year: d.Year[row], Field: "Price", Value: v,
			Reason: "the price index must be positive and finite; check for a missing value or a growth rate (2.5) given in place of an index (102.5)"}
	}
	return nil
}

// baseStock returns K_{t0} and, under GrowthRate, the growth rate g it used.
func baseStock(unit string, start int, real []float64, s Settings) (stock, growth float64, err error) {
	switch s.BaseStock {
	case InvestmentRatio:
		return real[0] / s.BaseRatio, 0, nil

	case GivenStock:
		k, ok := s.BaseStocks[unit]
		if !ok {
			return 0, 0, &DataError{Unit: unit, Year: start, Field: "BaseStocks", Value: math.NaN(),
				Reason: "Settings.BaseStocks has no base stock for this unit"}
		}
		if math.IsNaN(k) || math.IsInf(k, 0) || k < 0 {
			return 0, 0, &DataError{Unit: unit, Year: start, Field: "BaseStocks", Value: k,
				Reason: "the base stock must be finite and non-negative"}
		}
		return k, 0, nil
	}

	g, err := growthRate(unit, start, real, s)
	if err != nil {
		return 0, 0, err
	}
	if g+s.Depreciation <= 0 {
		return 0, g, &BaseStockError{Unit: unit, StartYear: start, Growth: g, Depreciation: s.Depreciation,
			Reason: "g + δ ≤ 0, so the base stock r/(g + δ) is undefined; use a longer Settings.GrowthYears, " +
				"another StartYear, or the InvestmentRatio or GivenStock rule"}
	}
	return real[0] / (g + s.Depreciation), g, nil
}

// growthRate returns the average growth of real investment over the first s.GrowthYears years.
func growthRate(unit string, start int, real []float64, s Settings) (float64, error) {
	years := s.GrowthYears
	if len(real) < years+1 {
		return math.NaN(), &BaseStockError{Unit: unit, StartYear: start, Growth: math.NaN(), Depreciation: s.Depreciation,
			Reason: fmt.Sprintf("the growth rate over %d years needs %d years of data from the start year, the unit has %d; "+
				"lower Settings.GrowthYears", years, years+1, len(real))}
	}
	for k := 0; k < years; k++ {
		if real[k] == 0 && (k == 0 || s.GrowthMean == Arithmetic) {
			return math.NaN(), &BaseStockError{Unit: unit, StartYear: start, Growth: math.NaN(), Depreciation: s.Depreciation,
				Reason: fmt.Sprintf("real investment is 0 in %d, so the growth rate is undefined; choose another StartYear", start+k)}
		}
	}

	if s.GrowthMean == Arithmetic {
		sum := 0.0
		for k := 1; k <= years; k++ {
			sum += real[k]/real[k-1] - 1
		}
		return sum / float64(years), nil
	}
	return math.Pow(real[years]/real[0], 1/float64(years)) - 1, nil
}

// note describes the unit, prices and method of the stock.
func note(s Settings, base int) string {
	text := fmt.Sprintf("capital stock by perpetual inventory, in the currency unit of investment at %d prices; "+
		"δ = %g %%; base stock = first-year real investment / ", base, 100*s.Depreciation)
	switch s.BaseStock {
	case GrowthRate:
		mean := "geometric"
		if s.GrowthMean == Arithmetic {
			mean = "arithmetic"
		}
		text += fmt.Sprintf("(g + δ), g the %s mean growth of real investment over the first %d years", mean, s.GrowthYears)
	case InvestmentRatio:
		text += fmt.Sprintf("%g", s.BaseRatio)
	case GivenStock:
		text = strings.TrimSuffix(text, "first-year real investment / ") + "given per unit"
	}
	return text
}

func nanSlice(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = math.NaN()
	}
	return s
}
