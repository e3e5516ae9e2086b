package capital

import (
	"fmt"
	"math"
)

// PriceIndexKind is the form of the investment price index in Data.Price.
type PriceIndexKind int

const (
	// FixedBase is a deflator relative to one fixed year (1952 = 1, 2000 = 100, …). It is the zero value.
	FixedBase PriceIndexKind = iota
	// PreviousYear is a chain index with the previous year = 100.
	PreviousYear
)

func (k PriceIndexKind) String() string {
	switch k {
	case FixedBase:
		return "fixed base"
	case PreviousYear:
		return "previous year = 100"
	}
	return fmt.Sprintf("PriceIndexKind(%d)", int(k))
}

// BaseStockMethod is the rule for the capital stock of the first year.
type BaseStockMethod int

const (
	// GrowthRate sets K_{t0} = r_{t0} / (g + δ), g the average real investment growth over the first
	// Settings.GrowthYears years (Shan Haojie 2008). It is the zero value.
	GrowthRate BaseStockMethod = iota
	// InvestmentRatio sets K_{t0} = r_{t0} / Settings.BaseRatio (Zhang Jun et al. 2004 with ratio 10 %).
	InvestmentRatio
	// GivenStock takes K_{t0} from Settings.BaseStocks.
	GivenStock
)

func (m BaseStockMethod) String() string {
	switch m {
	case GrowthRate:
		return "I/(g+δ)"
	case InvestmentRatio:
		return "I/ratio"
	case GivenStock:
		return "given"
	}
	return fmt.Sprintf("BaseStockMethod(%d)", int(m))
}

// GrowthMean is the average used for the growth rate g of the GrowthRate base stock.
type GrowthMean int

const (
	// Geometric uses g = (r_{t0+N} / r_{t0})^{1/N} − 1, the compound annual growth rate. It is the zero value.
	Geometric GrowthMean = iota
	// Arithmetic uses the mean of the N annual growth rates r_t / r_{t−1} − 1.
	Arithmetic
)

// Defaults applied to zero fields of Settings.
const (
	DefaultDepreciation = 0.1096 // Shan Haojie (2008)
	DefaultGrowthYears  = 5
	DefaultBaseRatio    = 0.10 // Zhang Jun, Wu Guiying and Zhang Jipeng (2004)
)

// Settings are the options of Stock. The zero value follows Shan Haojie (2008): δ = 10.96 %, base stock
// r_{t0} / (g + δ) with g the geometric mean growth of real investment over the first 5 years, a fixed-base
// price index, each unit starting in its first year, and prices of the earliest start year.
type Settings struct {
	// Depreciation is δ as a fraction in (0, 1), for example 0.1096 for 10.96 %. Zero means 0.1096.
	Depreciation float64

	// PriceIndex is the form of Data.Price.
	PriceIndex PriceIndexKind

	// PriceBaseYear is the year whose prices the stock is expressed in: the rebased index is 1 there. Zero
	// means the earliest start year over all units. Every unit needs a price for this year (for a chain
	// index, all years from it to the unit's last year).
	PriceBaseYear int

	// StartYear is the year t0 of the base stock for every unit. Zero starts each unit in its first year.
	// Rows before StartYear are not used for investment and are listed in Result.Unused.
	StartYear int

	// BaseStock selects the base-stock rule.
	BaseStock BaseStockMethod

	// GrowthYears is the number N of annual growth rates averaged for g under GrowthRate, which needs N + 1
	// years from t0. Zero means 5.
	//
	// NOTE: five is this package's choice. It smooths the large single-year swings of provincial investment
	// while staying near the base year that the steady-state argument concerns. The window of Shan (2008)
	// itself was not checked against the paper.
	GrowthYears int

	// GrowthMean selects the geometric (default) or arithmetic mean of the growth rates.
	GrowthMean GrowthMean

	// BaseRatio is the ratio under InvestmentRatio, as a fraction. Zero means 0.10.
	BaseRatio float64

	// BaseStocks maps each unit to its base stock K_{t0} under GivenStock, in the currency unit of
	// Data.Investment at PriceBaseYear prices. A published stock at other prices must be converted first.
	BaseStocks map[string]float64
}

// ShanHaojie2008 returns the settings of Shan Haojie (2008), which are also the zero value.
func ShanHaojie2008() Settings { return Settings{} }

// ZhangJun2004 returns the settings of Zhang Jun, Wu Guiying and Zhang Jipeng (2004): δ = 9.6 % and
// K_{t0} = r_{t0} / 10 %.
func ZhangJun2004() Settings {
	return Settings{Depreciation: 0.096, BaseStock: InvestmentRatio, BaseRatio: 0.10}
}

// resolved returns s with the defaults filled in, after checking every field.
func (s Settings) resolved() (Settings, error) {
	if s.Depreciation == 0 {
		s.Depreciation = DefaultDepreciation
	}
	if err := checkFraction("Depreciation", s.Depreciation); err != nil {
		return s, err
	}
	if s.PriceIndex != FixedBase && s.PriceIndex != PreviousYear {
		return s, &SettingsError{Field: "PriceIndex", Value: fmt.Sprint(int(s.PriceIndex)), Reason: "use FixedBase or PreviousYear"}
	}

	switch s.BaseStock {
	case GrowthRate:
		if s.GrowthYears == 0 {
			s.GrowthYears = DefaultGrowthYears
		}
		if s.GrowthYears < 1 {
			return s, &SettingsError{Field: "GrowthYears", Value: fmt.Sprint(s.GrowthYears), Reason: "the growth window needs at least 1 year"}
		}
		if s.GrowthMean != Geometric && s.GrowthMean != Arithmetic {
			return s, &SettingsError{Field: "GrowthMean", Value: fmt.Sprint(int(s.GrowthMean)), Reason: "use Geometric or Arithmetic"}
		}
	case InvestmentRatio:
		if s.BaseRatio == 0 {
			s.BaseRatio = DefaultBaseRatio
		}
		if err := checkFraction("BaseRatio", s.BaseRatio); err != nil {
			return s, err
		}
	case GivenStock:
		if s.BaseStocks == nil {
			return s, &SettingsError{Field: "BaseStocks", Value: "nil", Reason: "GivenStock needs a base stock for every unit"}
		}
	default:
		return s, &SettingsError{Field: "BaseStock", Value: fmt.Sprint(int(s.BaseStock)),
			Reason: "use GrowthRate, InvestmentRatio or GivenStock"}
	}
	return s, nil
}

// checkFraction rejects a rate outside (0, 1) and suggests the fraction when the value looks like a percent.
func checkFraction(field string, v float64) error {
	switch {
	case math.IsNaN(v) || v <= 0:
		return &SettingsError{Field: field, Value: fmt.Sprint(v), Reason: "the rate must be a positive fraction"}
	case v >= 1 && v < 100:
		return &SettingsError{Field: field, Value: fmt.Sprint(v), Reason: fmt.Sprintf(
			"the rate must be a fraction below 1; for %g %% pass %g", v, v/100)}
	case v >= 1:
		return &SettingsError{Field: field, Value: fmt.Sprint(v), Reason: "the rate must be a fraction below 1"}
	}
	return nil
}
