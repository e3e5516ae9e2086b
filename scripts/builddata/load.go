package main

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
)

// rawData holds every source series the builder uses, already restricted to the 30 sample provinces.
type rawData struct {
	// common2016__CapitalStock
	gfcf, investIndex, investPrice, depreciation series // asset_from_rda.csv
	gfcfWind                                     series // 固定资本形成总额2018.xlsx
	faiPriceIndex                                series // 固定资产投资价格指数2019.xlsx

	cpi, cpiYeTian, gdpIndex series // CSMAR CPI; YeTian CPI and GRP index
	eduFund, healthInst      series // YeTian Education.csv, transform_data.csv

	vaPrimary, vaSecondary, vaTertiary, exportsUSD, fai, popCarbon, highway, railway series // carbondata

	gdp, pop, popUrban, popRural, employment, unemployed, wage, consumption, atkinson series // WD
	expEducation, expHealth, expTransport, hhEduUrban, hhEduRural, usdCNY             series // WD

	budgetExp, gdpRenJiyi, privateEmp     series // RenJiyi
	usdCNYImplied                         series // RenJiyi trade in yuan over trade in US dollars, 2005–2014
	budgetExpTechme, patents, rdIntensity series // huhuaping__techme

	urbanDIOld, urbanDINew, ruralNIOld, ruralDINew, allDINew series // pages__yearbook_tables, pages__household_income
	landArea                                                 series // pages__urban_land, km², year 2008
}

// loadAll reads every source. Errors name the file, row and value that failed.
func loadAll(raw string) (*rawData, error) {
	d := &rawData{}
	var err error
	steps := []struct {
		step string
		run  func() error
	}{
		{"capital stock inputs", func() error { return d.loadCapital(raw) }},
		{"CPI", func() error { d.cpi, err = loadCSMARCPI(raw); return err }},
		{"YeTian series", func() error { return d.loadYeTian(raw) }},
		{"carbondata", func() error { return d.loadCarbon(raw) }},
		{"WD workbook", func() error { return d.loadWD(raw) }},
		{"budget and patents", func() error { return d.loadBudget(raw) }},
		{"household income tables", func() error { return d.loadHousehold(raw) }},
		{"land area", func() error { d.landArea, err = loadLandArea(raw); return err }},
	}
	for _, s := range steps {
		if err := s.run(); err != nil {
			return nil, fmt.Errorf("load %s: %w", s.step, err)
		}
	}
	return d, nil
}

func (d *rawData) loadCapital(raw string) error {
	spec := longSpec{folder: srcCapital, file: "asset_from_rda.csv", provinceCol: "prv", yearCol: "yr"}
	targets := []struct {
		col string
		dst *series
	}{{"invest", &d.gfcf}, {"InvestIndex", &d.investIndex}, {"InvestPrice", &d.investPrice}, {"depr", &d.depreciation}}
	for _, t := range targets {
		spec.valueCol = t.col
		s, err := loadLong(raw, spec)
		if err != nil {
			return err
		}
		*t.dst = s
	}

	// The older CHNCapitalStock table covers 1952–2017 and must give the same investment in every
	// province-year. A difference would mean the two package versions diverged.
	spec.file = "asset2017_from_rdata.csv"
	spec.valueCol = "invest"
	old, err := loadLong(raw, spec)
	if err != nil {
		return err
	}
	for _, k := range sortedKeys(old) {
		if w, ok := d.gfcf[k]; !ok || w != old[k] {
			return fmt.Errorf("%s/%s: invest for %s %d is %g but asset_from_rda.csv has %g",
				srcCapital, spec.file, k.code, k.year, old[k], w)
		}
	}

	d.gfcfWind, err = loadWindWide(raw, srcCapital, "固定资本形成总额2018.xlsx", "Sheet1", func(h string) string {
		prov, _, _ := strings.Cut(h, ":")
		return prov
	})
	if err != nil {
		return err
	}
	d.faiPriceIndex, err = loadFAIPriceIndex(raw)
	return err
}

func (d *rawData) loadYeTian(raw string) error {
	var err error
	econ := longSpec{folder: srcYeTian, file: "Economy2.csv", provinceCol: "Province", yearCol: "Year"}
	econ.valueCol = "GRP"
	if d.gdpIndex, err = loadLong(raw, econ); err != nil {
		return err
	}
	econ.valueCol = "CPI"
	if d.cpiYeTian, err = loadLong(raw, econ); err != nil {
		return err
	}
	if d.eduFund, err = loadLong(raw, longSpec{folder: srcYeTian, file: "Education.csv", provinceCol: "Province",
		yearCol: "Year", valueCol: "Education_Fund"}); err != nil {
		return err
	}
	d.healthInst, err = loadLong(raw, longSpec{folder: srcYeTian, file: "transform_data.csv", provinceCol: "Province",
		yearCol: "Year", valueCol: "Healthcare"})
	return err
}

func (d *rawData) loadCarbon(raw string) error {
	spec := longSpec{folder: srcCarbon, file: "carbonemission-china.csv", provinceCol: "Location", yearCol: "Year"}
	targets := []struct {
		col string
		dst *series
	}{
		{"primary_GDP", &d.vaPrimary}, {"secondary_GDP", &d.vaSecondary}, {"tertiary_GDP", &d.vaTertiary},
		{"Export", &d.exportsUSD}, {"Fixed_Asset_Investment", &d.fai}, {"Population", &d.popCarbon},
		{"Highway", &d.highway}, {"Railway", &d.railway},
	}
	for _, t := range targets {
		spec.valueCol = t.col
		s, err := loadLong(raw, spec)
		if err != nil {
			return err
		}
		*t.dst = s
	}
	return nil
}

func (d *rawData) loadWD(raw string) error {
	targets := []struct {
		sheet string
		dst   *series
	}{
		{"GDP", &d.gdp}, {"population-total", &d.pop}, {"population-urban", &d.popUrban},
		{"population-rural", &d.popRural}, {"employment ", &d.employment}, {"unemployment", &d.unemployed},
		{"wage-average", &d.wage}, {"per. consum. exps", &d.consumption}, {"atkinson", &d.atkinson},
		{"pub. exps. on education-local", &d.expEducation}, {"pub. exps. on health-local", &d.expHealth},
		{"pub. exps. on tranport-local", &d.expTransport}, {"pri. exps. on education-urban", &d.hhEduUrban},
		{"pri. exps. on education-rural", &d.hhEduRural}, {"exchange rate(USD_CNY)", &d.usdCNY},
	}
	for _, t := range targets {
		s, err := loadWDSheet(raw, t.sheet)
		if err != nil {
			return err
		}
		*t.dst = s
	}
	return checkNationalRate(d.usdCNY)
}

// checkNationalRate verifies that the WD exchange-rate sheet repeats one national rate for every province,
// which is what the conversion of provincial exports assumes.
func checkNationalRate(rate series) error {
	first := map[int]key{}
	for _, k := range sortedKeys(rate) {
		ref, seen := first[k.year]
		if !seen {
			first[k.year] = k
			continue
		}
		if rate[k] != rate[ref] {
			return fmt.Errorf("%s sheet exchange rate(USD_CNY): %s %d has %g but %s has %g; expected one national rate per year",
				srcWD, k.code, k.year, rate[k], ref.code, rate[ref])
		}
	}
	return nil
}

// loadImpliedRate derives the yuan-per-dollar rate that the RenJiyi author used to convert provincial
// trade: trade_bn_cny (100 million yuan, panel_with_broad_tax.csv) over 进出口总额_万美元 (10k US dollars).
func loadImpliedRate(raw string) (series, error) {
	cny, err := loadLong(raw, longSpec{folder: srcRenJiyi, file: "panel_with_broad_tax.csv", provinceCol: "province",
		yearCol: "year", valueCol: "trade_bn_cny"})
	if err != nil {
		return nil, err
	}
	usd, err := loadLong(raw, longSpec{folder: srcRenJiyi, file: renjiyiWide, provinceCol: "地区", yearCol: "年份",
		valueCol: "进出口总额_万美元"})
	if err != nil {
		return nil, err
	}
	out := series{}
	for k, u := range usd {
		if c, ok := cny[k]; ok && u > 0 {
			out[k] = c * 1e4 / u // 100 million yuan / 10k USD = 10^4 yuan per USD
		}
	}
	return out, nil
}

func (d *rawData) loadBudget(raw string) error {
	// Rows labelled 财政支出 (2005–2006) and 一般公共预算支出 (2007 on) are the same NBS concept, renamed.
	budget := series{}
	for _, item := range []string{"财政支出（亿元）", "一般公共预算支出（亿元）"} {
		s, err := loadLong(raw, longSpec{folder: srcRenJiyi, file: "一般公共预算等_long_from_xls.csv",
			provinceCol: "province", yearCol: "year", valueCol: "value", filterCol: "item", keep: item})
		if err != nil {
			return err
		}
		for _, k := range sortedKeys(s) {
			if err := budget.set(srcRenJiyi+"/一般公共预算等_long_from_xls.csv", k.code, k.year, s[k]); err != nil {
				return err
			}
		}
	}
	d.budgetExp = budget

	var err error
	wide := longSpec{folder: srcRenJiyi, file: "分省年度数据_整合.csv", provinceCol: "地区", yearCol: "年份"}
	wide.valueCol = "私营个体就业人员_万人"
	if d.privateEmp, err = loadLong(raw, wide); err != nil {
		return err
	}
	wide.valueCol = "GDP_当年价_亿元"
	if d.gdpRenJiyi, err = loadLong(raw, wide); err != nil {
		return err
	}
	if d.usdCNYImplied, err = loadImpliedRate(raw); err != nil {
		return err
	}

	techme := func(file, item string) (series, error) {
		return loadLong(raw, longSpec{folder: srcTechme, file: file, provinceCol: "province", yearCol: "year",
			valueCol: "value", filterCol: "chn_block4", keep: item})
	}
	if d.budgetExpTechme, err = techme("PublicBudget_from_rda.csv", "合计"); err != nil {
		return err
	}
	if d.patents, err = techme("RDPatentAuthority_from_rda.csv", "合计"); err != nil {
		return err
	}
	d.rdIntensity, err = techme("RDIntense_from_rda.csv", "RD强度")
	return err
}

// loadHousehold reads the transcribed yearbook tables. The old separate urban and rural surveys (to 2012,
// and the 2013 old-definition rural net income) and the integrated survey (2013 on) stay in separate series.
// Rows of pages__household_income with quality A (an official table with visible row labels) fill the
// province-years that pages__yearbook_tables lacks. Where both give a value, they must agree within 0.1 %.
func (d *rawData) loadHousehold(raw string) error {
	yb := func(file, col string) (series, error) {
		return loadLong(raw, longSpec{folder: srcYearbook, file: file, provinceCol: "province_cn", yearCol: "year", valueCol: col})
	}
	var err error
	if d.urbanDIOld, err = yb("urban_disposable_income_2005_2012.csv", "urban_per_capita_disposable_income_yuan"); err != nil {
		return err
	}
	if d.urbanDINew, err = yb("urban_disposable_income_2016_2018_partial.csv", "urban_per_capita_disposable_income_yuan"); err != nil {
		return err
	}
	if d.ruralNIOld, err = yb("rural_net_income_by_source_2007_2008.csv", "net_income_yuan"); err != nil {
		return err
	}
	ni2013, err := yb("rural_net_income_2013_partial.csv", "rural_per_capita_net_income_yuan")
	if err != nil {
		return err
	}
	for k, v := range ni2013 {
		d.ruralNIOld[k] = v
	}
	if d.allDINew, err = yb("all_resident_income_consumption_2017.csv", "per_capita_disposable_income_yuan"); err != nil {
		return err
	}
	d.ruralDINew = series{}

	path := filepath.Join(raw, srcHousehold, "household_income_consumption_long.csv")
	t, err := readCSV(path)
	if err != nil {
		return err
	}
	cols := map[string]int{}
	for _, c := range []string{"province_cn", "year", "variable", "value", "survey", "quality"} {
		if cols[c], err = t.col(c); err != nil {
			return err
		}
	}
	targets := map[[2]string]series{
		{"urban_disposable_income", "old_urban_household_survey"}:                  d.urbanDIOld,
		{"urban_disposable_income", "integrated_household_survey_2013plus"}:        d.urbanDINew,
		{"rural_net_income", "old_rural_household_survey"}:                         d.ruralNIOld,
		{"rural_disposable_income", "integrated_household_survey_2013plus"}:        d.ruralDINew,
		{"all_resident_disposable_income", "integrated_household_survey_2013plus"}: d.allDINew,
	}
	name := srcHousehold + "/household_income_consumption_long.csv"
	for i, r := range t.rows {
		dst, ok := targets[[2]string{cell(r, cols["variable"]), cell(r, cols["survey"])}]
		if !ok || !strings.HasPrefix(cell(r, cols["quality"]), "A") {
			continue
		}
		p, kind, err := resolveLabel(name, cell(r, cols["province_cn"]))
		if err != nil {
			return fmt.Errorf("row %d: %w", i+2, err)
		}
		if kind != inSample {
			continue
		}
		year, err := parseYear(cell(r, cols["year"]))
		if err != nil {
			return fmt.Errorf("%s row %d: %w", name, i+2, err)
		}
		v, ok, err := parseValue(cell(r, cols["value"]))
		if err != nil {
			return fmt.Errorf("%s row %d: %w", name, i+2, err)
		}
		if !ok {
			return fmt.Errorf("%s row %d: the value cell is empty, but a quality-A row must carry a number", name, i+2)
		}
		if old, dup := dst.get(p.Code, year); dup {
			if math.Abs(old-v) > 0.001*math.Abs(old) {
				return fmt.Errorf("%s row %d: %s %d %s = %g disagrees with %s value %g by more than 0.1 %%",
					name, i+2, p.Code, year, cell(r, cols["variable"]), v, srcYearbook, old)
			}
			continue
		}
		dst[key{p.Code, year}] = v
	}
	return nil
}
