package main

import (
	"fmt"
	"math"

	"github.com/cpstat/cpstat/cpstat/province"
)

// Panel and capital-input year ranges. The panel keeps 2000 for lags and growth rates of the 2001–2017
// estimation window. The capital inputs start in 1952, the base year of the CHNCapitalStock series.
const (
	firstYear        = 2000
	lastYear         = 2017
	capitalFirstYear = 1952
	baseYear         = 2000 // price base of cpi_2000, real_gdp and balance
)

// columns maps a column code to its values.
type columns map[string]series

// eachKey calls f for every sample province and panel year, in NBS order and then by year.
func eachKey(f func(code string, year int)) {
	for _, p := range province.Sample() {
		for y := firstYear; y <= lastYear; y++ {
			f(p.Code, y)
		}
	}
}

// within restricts s to the panel years.
func within(s series) series {
	out := series{}
	for k, v := range s {
		if k.year >= firstYear && k.year <= lastYear {
			out[k] = v
		}
	}
	return out
}

// ratio returns num/den × scale wherever both exist and den is not zero.
func ratio(num, den series, scale float64) series {
	out := series{}
	eachKey(func(c string, y int) {
		n, ok1 := num.get(c, y)
		d, ok2 := den.get(c, y)
		if ok1 && ok2 && d != 0 {
			out[key{c, y}] = n / d * scale
		}
	})
	return out
}

// chain turns a previous-year = 100 index into a level with level(baseYear) = base(code). A missing link
// leaves that year and every later year missing, because a chained level cannot skip a year.
func chain(index series, base func(code string) (float64, bool)) series {
	out := series{}
	for _, p := range province.Sample() {
		level, ok := base(p.Code)
		if !ok {
			continue
		}
		out[key{p.Code, baseYear}] = level
		for y := baseYear + 1; y <= lastYear; y++ {
			ix, ok := index.get(p.Code, y)
			if !ok {
				break
			}
			level *= ix / 100
			out[key{p.Code, y}] = level
		}
	}
	return out
}

// logOf returns ln(s) for positive values; a non-positive value is an error because a log of it would be
// silently missing.
func logOf(name string, s series) (series, error) {
	out := series{}
	for _, k := range sortedKeys(s) {
		if s[k] <= 0 {
			return nil, fmt.Errorf("%s: cannot take the log of %g for %s %d", name, s[k], k.code, k.year)
		}
		out[k] = math.Log(s[k])
	}
	return out, nil
}

// derivePanel computes every panel column from the source series. Units are those of the codebook.
func derivePanel(d *rawData) (columns, error) {
	c := columns{}
	for code, s := range map[string]series{
		"gdp": d.gdp, "gdp_index": d.gdpIndex, "va_primary": d.vaPrimary, "va_secondary": d.vaSecondary,
		"va_tertiary": d.vaTertiary, "pop": d.pop, "pop_urban": d.popUrban, "pop_rural": d.popRural,
		"employment": d.employment, "unemployed": d.unemployed, "cpi": d.cpi, "gfcf": d.gfcf,
		"invest_deflator": d.investPrice, "fai": d.fai, "exp_education": d.expEducation,
		"exp_health": d.expHealth, "exp_transport": d.expTransport, "budget_exp": d.budgetExp,
		"usd_cny": d.usdCNY, "exports_usd": d.exportsUSD, "patents": d.patents, "rd_intensity": d.rdIntensity,
		"private_emp": d.privateEmp, "wage_avg": d.wage, "consumption": d.consumption, "edu_fund": d.eduFund,
		"health_inst": d.healthInst, "highway": d.highway, "railway": d.railway, "hh_edu_urban": d.hhEduUrban,
		"hh_edu_rural": d.hhEduRural, "urban_di_old": d.urbanDIOld, "rural_ni_old": d.ruralNIOld,
		"urban_di_new": d.urbanDINew, "rural_di_new": d.ruralDINew, "all_di_new": d.allDINew,
		"atkinson": d.atkinson,
	} {
		c[code] = within(s)
	}

	// Time-invariant land area, repeated in every year so that densities divide row by row.
	c["land_area"] = series{}
	eachKey(func(code string, y int) {
		if v, ok := d.landArea.get(code, 2008); ok {
			c["land_area"][key{code, y}] = v
		}
	})

	// Prices: CPI chained to 2000 = 100; real GDP at 2000 prices from the GDP index.
	c["cpi_2000"] = chain(c["cpi"], func(string) (float64, bool) { return 100, true })
	c["real_gdp"] = chain(c["gdp_index"], func(code string) (float64, bool) { return c["gdp"].get(code, baseYear) })

	// Exports: 10k USD × CNY per USD = 10k CNY; ÷ 10^4 gives 100 million yuan like GDP.
	c["exports"] = series{}
	eachKey(func(code string, y int) {
		e, ok1 := c["exports_usd"].get(code, y)
		r, ok2 := c["usd_cny"].get(code, y)
		if ok1 && ok2 {
			c["exports"][key{code, y}] = e * r / 1e4
		}
	})
	c["open"] = ratio(c["exports"], c["gdp"], 1)

	var err error
	if c["labor"], err = logOf("labor", c["employment"]); err != nil {
		return nil, err
	}
	if err := deriveBalance(c); err != nil {
		return nil, err
	}
	deriveRegressors(c)
	deriveMechanisms(c)
	deriveIndicatorColumns(c)
	deriveIncome(c)
	return c, nil
}

// deriveBalance builds the public-edition proxy for the policy variable: ln of real per-capita local
// government spending on education, health and transport (yuan per person at 2000 prices).
func deriveBalance(c columns) error {
	c["exp_public_real_pc"] = series{}
	eachKey(func(code string, y int) {
		e1, ok1 := c["exp_education"].get(code, y)
		e2, ok2 := c["exp_health"].get(code, y)
		e3, ok3 := c["exp_transport"].get(code, y)
		p, ok4 := c["pop"].get(code, y)
		deflator, ok5 := c["cpi_2000"].get(code, y)
		if ok1 && ok2 && ok3 && ok4 && ok5 && p > 0 {
			// 100 million yuan / 10k persons = 10^4 yuan per person.
			c["exp_public_real_pc"][key{code, y}] = (e1 + e2 + e3) * 1e4 / p / (deflator / 100)
		}
	})
	var err error
	c["balance"], err = logOf("balance", c["exp_public_real_pc"])
	return err
}

// deriveRegressors builds the policy alternatives and the fiscal control.
func deriveRegressors(c columns) {
	c["post2003"], c["post2003_cw"] = series{}, series{}
	eachKey(func(code string, y int) {
		p, _ := province.Lookup(code)
		c["post2003"][key{code, y}] = dummy(y >= 2003)
		c["post2003_cw"][key{code, y}] = dummy(y >= 2003 && p.Region != province.East)
	})

	// Investment tilt: a province's share of the 30-province FAI total over its share of the GDP total,
	// computed only in years where all 30 provinces have both series.
	c["invest_tilt"] = series{}
	for y := firstYear; y <= lastYear; y++ {
		var sumFAI, sumGDP float64
		complete := true
		for _, p := range province.Sample() {
			f, ok1 := c["fai"].get(p.Code, y)
			g, ok2 := c["gdp"].get(p.Code, y)
			if !ok1 || !ok2 {
				complete = false
				break
			}
			sumFAI += f
			sumGDP += g
		}
		if !complete {
			continue
		}
		for _, p := range province.Sample() {
			f, _ := c["fai"].get(p.Code, y)
			g, _ := c["gdp"].get(p.Code, y)
			c["invest_tilt"][key{p.Code, y}] = (f / sumFAI) / (g / sumGDP)
		}
	}

	c["expen"] = ratio(c["budget_exp"], c["gdp"], 1)
}

// deriveMechanisms builds the proxies for the TFP mechanism outcomes.
func deriveMechanisms(c columns) {
	c["tech"] = ratio(c["patents"], c["pop"], 1) // patents / (10k persons) = patents per 10k residents
	c["industry"] = ratio(c["va_tertiary"], c["va_secondary"], 1)
	c["market"] = ratio(c["private_emp"], c["employment"], 1)
}

// deriveIndicatorColumns builds the columns that stand in for common-prosperity index indicators.
func deriveIndicatorColumns(c columns) {
	c["consumption_pc"] = ratio(c["consumption"], c["pop"], 1e4) // 100m yuan / 10k persons × 10^4 = yuan
	c["consumption_gdp"] = ratio(c["consumption"], c["gdp"], 1)
	c["budget_exp_pc"] = ratio(c["budget_exp"], c["pop"], 1e4)
	c["edu_fund_pc"] = ratio(c["edu_fund"], c["pop"], 1) // 10k yuan / 10k persons = yuan per person

	c["unemp_ratio"], c["tertiary_share"], c["road_rail_density"], c["hh_edu_pc"] = series{}, series{}, series{}, series{}
	eachKey(func(code string, y int) {
		k := key{code, y}
		if u, ok := c["unemployed"][k]; ok {
			if e, ok := c["employment"][k]; ok {
				c["unemp_ratio"][k] = u / (e + u) * 100
			}
		}
		p, ok1 := c["va_primary"][k]
		s, ok2 := c["va_secondary"][k]
		t, ok3 := c["va_tertiary"][k]
		if ok1 && ok2 && ok3 {
			c["tertiary_share"][k] = t / (p + s + t)
		}
		h, ok1 := c["highway"][k]
		r, ok2 := c["railway"][k]
		a, ok3 := c["land_area"][k]
		if ok1 && ok2 && ok3 {
			c["road_rail_density"][k] = (h + r) / a
		}
		eu, ok1 := c["hh_edu_urban"][k]
		er, ok2 := c["hh_edu_rural"][k]
		pu, ok3 := c["pop_urban"][k]
		pr, ok4 := c["pop_rural"][k]
		if ok1 && ok2 && ok3 && ok4 && pu+pr > 0 {
			c["hh_edu_pc"][k] = (eu*pu + er*pr) / (pu + pr)
		}
	})
}

// deriveIncome builds the urban–rural income gap and ratio from pairs measured by the same household
// survey: the old separate surveys up to 2012 and the integrated survey from 2013. A 2013 old-definition
// rural net income is never paired with an integrated-survey urban income.
func deriveIncome(c columns) {
	c["urgap"], c["ur_ratio"], c["hh_survey_2013"] = series{}, series{}, series{}
	eachKey(func(code string, y int) {
		k := key{code, y}
		c["hh_survey_2013"][k] = dummy(y >= 2013)
		urban, rural := c["urban_di_old"], c["rural_ni_old"]
		if y >= 2013 {
			urban, rural = c["urban_di_new"], c["rural_di_new"]
		}
		u, ok1 := urban[k]
		r, ok2 := rural[k]
		if ok1 && ok2 && r > 0 {
			c["urgap"][k] = r - u
			c["ur_ratio"][k] = u / r
		}
	})
}

func dummy(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// deriveCapitalInputs returns the capital-stock input columns for 1952–2017.
func deriveCapitalInputs(d *rawData) columns {
	keep := func(s series) series {
		out := series{}
		for k, v := range s {
			if k.year >= capitalFirstYear && k.year <= lastYear {
				out[k] = v
			}
		}
		return out
	}
	return columns{
		"gfcf":            keep(d.gfcf),
		"gfcf_index":      keep(d.investIndex),
		"invest_deflator": keep(d.investPrice),
		"fai_price_index": keep(d.faiPriceIndex),
		"depreciation":    keep(d.depreciation),
	}
}
