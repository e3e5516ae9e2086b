package main

import (
	"math"
	"strconv"

	"github.com/cpstat/cpstat/cpstat/province"
)

// crossCheck pairs two sources for the same quantity over a range of years.
type crossCheck struct {
	name             string
	sourceA, sourceB string
	a, b             series
	first, last      int
}

// crossChecks lists the overlapping sources compared in crosscheck.csv.
func crossChecks(d *rawData) []crossCheck {
	sectorSum := series{}
	for k, p := range d.vaPrimary {
		s, ok1 := d.vaSecondary[k]
		t, ok2 := d.vaTertiary[k]
		if ok1 && ok2 {
			sectorSum[k] = p + s + t
		}
	}
	return []crossCheck{
		{"gdp_wd_vs_carbondata_sectors", srcWD + " GDP", srcCarbon + " primary+secondary+tertiary", d.gdp, sectorSum, firstYear, lastYear},
		{"gdp_wd_vs_renjiyi", srcWD + " GDP", srcRenJiyi + " GDP_当年价_亿元", d.gdp, d.gdpRenJiyi, firstYear, lastYear},
		{"cpi_csmar_vs_yetian", srcCSMAR + " Pi0101", srcYeTian + " CPI", d.cpi, d.cpiYeTian, firstYear, lastYear},
		{"pop_wd_vs_carbondata", srcWD + " population-total", srcCarbon + " Population", d.pop, d.popCarbon, firstYear, lastYear},
		{"budget_exp_renjiyi_vs_techme", srcRenJiyi + " 一般公共预算支出", srcTechme + " PublicBudget 合计", d.budgetExp, d.budgetExpTechme, firstYear, lastYear},
		{"usd_cny_wd_vs_renjiyi_implied", srcWD + " exchange rate(USD_CNY)", srcRenJiyi + " trade_bn_cny / 进出口总额_万美元", d.usdCNY, d.usdCNYImplied, firstYear, lastYear},
		{"gfcf_asset_vs_wind2018", srcCapital + " asset_from_rda invest", srcCapital + " 固定资本形成总额2018.xlsx", d.gfcf, d.gfcfWind, capitalFirstYear, lastYear},
	}
}

// crossCheckRecords lays out every province-year where both sources have a value, with the relative
// difference (b − a) / a.
func crossCheckRecords(checks []crossCheck) [][]string {
	records := [][]string{{"check", "province", "year", "source_a", "value_a", "source_b", "value_b", "rel_diff"}}
	for _, c := range checks {
		for _, p := range province.Sample() {
			for y := c.first; y <= c.last; y++ {
				a, ok1 := c.a.get(p.Code, y)
				b, ok2 := c.b.get(p.Code, y)
				if !ok1 || !ok2 {
					continue
				}
				rel := math.NaN()
				if a != 0 {
					rel = (b - a) / a
				}
				records = append(records, []string{c.name, p.Code, strconv.Itoa(y), c.sourceA, formatValue(a), c.sourceB,
					formatValue(b), formatValue(rel)})
			}
		}
	}
	return records
}
