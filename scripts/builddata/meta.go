package main

// variable describes one column of panel.csv or capital_inputs.csv; it becomes one codebook row.
type variable struct {
	code, labelZh, labelEn, unit string
	source                       string // source folder under the raw directory, or "derived"
	file                         string // file inside the folder
	field                        string // sheet and/or column in the file
	transform                    string // unit conversion, ratio, deflation or log applied by the builder
	status                       string // key | paper | proxy | input | alternative
	paperVariable                string // codes of the model variables of Hong, Jiang and Liu (2023) or index ids, e.g. balance, cp:ind08
	note                         string
	gap                          string // reason that values are missing, shown in COVERAGE.md; empty for a complete column
}

const (
	wdFile       = wdWorkbook
	carbonFile   = "carbonemission-china.csv"
	assetFile    = "asset_from_rda.csv"
	renjiyiWide  = "分省年度数据_整合.csv"
	renjiyiLong  = "一般公共预算等_long_from_xls.csv"
	derivedFrom  = "derived"
	noTransform  = "none"
	statusKey    = "key"
	statusPaper  = "paper"
	statusProxy  = "proxy"
	statusInput  = "input"
	statusAltern = "alternative"
)

// keyVars are the identifying columns shared by both data files.
var keyVars = []variable{
	{code: "province", labelZh: "省份代码", labelEn: "Province code", unit: "code", source: derivedFrom,
		field: "cpstat/province Code", transform: "every source spelling resolved by cpstat/province", status: statusKey,
		note: "two-letter code; Tibet (XZ) and national rows are dropped"},
	{code: "province_zh", labelZh: "省份", labelEn: "Province (Chinese)", unit: "text", source: derivedFrom,
		field: "cpstat/province Short", transform: noTransform, status: statusKey},
	{code: "province_en", labelZh: "省份英文名", labelEn: "Province (English)", unit: "text", source: derivedFrom,
		field: "cpstat/province English", transform: noTransform, status: statusKey},
	{code: "region", labelZh: "地区", labelEn: "Region", unit: "East/Central/West", source: derivedFrom,
		field: "cpstat/province Region", transform: "NBS three-belt split", status: statusKey},
	{code: "year", labelZh: "年份", labelEn: "Year", unit: "year", source: derivedFrom, transform: noTransform, status: statusKey},
}

// panelVars lists the panel columns after the keys, in file order.
var panelVars = []variable{
	// Output and prices.
	{code: "gdp", labelZh: "地区生产总值(当年价)", labelEn: "Gross regional product, current prices", unit: "100 million yuan",
		source: srcWD, file: wdFile, field: "sheet GDP", transform: noTransform, status: statusInput, paperVariable: "tfp;open;expen;invest_tilt",
		note: "unrevised yearbook series (Beijing 2010 = 14113.58); the 2018-census revised series is not mixed in"},
	{code: "gdp_index", labelZh: "地区生产总值指数(上年=100)", labelEn: "GRP index, previous year = 100", unit: "index",
		source: srcYeTian, file: "Economy2.csv", field: "column GRP", transform: noTransform, status: statusInput, paperVariable: "tfp",
		note: "may be the latest-revised NBS index (Beijing 2010 = 110.4 against 110.3 in the 2011 yearbook)", gap: "the source starts in 2001"},
	{code: "real_gdp", labelZh: "实际地区生产总值(2000年价)", labelEn: "Real GRP at 2000 prices", unit: "100 million yuan, 2000 prices",
		source: derivedFrom, field: "gdp, gdp_index", transform: "gdp in 2000 chained forward with gdp_index/100", status: statusInput, paperVariable: "tfp",
		note: "TFP output; missing from the first year a link is missing"},
	{code: "va_primary", labelZh: "第一产业增加值", labelEn: "Value added, primary sector", unit: "100 million yuan",
		source: srcCarbon, file: carbonFile, field: "column primary_GDP", transform: noTransform, status: statusInput, paperVariable: "cp:ind03",
		note: "units inferred by SOURCE.md; see crosscheck.csv for rows where the sector sum departs from WD GDP"},
	{code: "va_secondary", labelZh: "第二产业增加值", labelEn: "Value added, secondary sector", unit: "100 million yuan",
		source: srcCarbon, file: carbonFile, field: "column secondary_GDP", transform: noTransform, status: statusInput, paperVariable: "industry;cp:ind03"},
	{code: "va_tertiary", labelZh: "第三产业增加值", labelEn: "Value added, tertiary sector", unit: "100 million yuan",
		source: srcCarbon, file: carbonFile, field: "column tertiary_GDP", transform: noTransform, status: statusInput, paperVariable: "industry;cp:ind03",
		note: "Beijing 2006 (1821.86) is far below the 2005 and 2007 values: a transcription error in the source, kept as published"},
	{code: "cpi", labelZh: "居民消费价格指数(上年=100)", labelEn: "Consumer price index, previous year = 100", unit: "index",
		source: srcCSMAR, file: "CRE_Pi01.csv", field: "column Pi0101", transform: noTransform, status: statusPaper, paperVariable: "cpi",
		note: "CSMAR table Pi01; cross-checked against YeTian97 CPI in crosscheck.csv; licence of the re-posted CSMAR file is unclear"},
	{code: "cpi_2000", labelZh: "居民消费价格指数(2000=100)", labelEn: "CPI chained, 2000 = 100", unit: "index",
		source: derivedFrom, field: "cpi", transform: "100 in 2000, then × cpi/100 each year", status: statusInput, paperVariable: "balance",
		note: "deflator for every real per-capita series"},

	// Population and labour.
	{code: "pop", labelZh: "年末常住人口", labelEn: "Year-end resident population", unit: "10k persons",
		source: srcWD, file: wdFile, field: "sheet population-total", transform: noTransform, status: statusInput, paperVariable: "balance;tech",
		note: "2010 jumps in several provinces (census revision, e.g. Beijing 1860 to 1961)"},
	{code: "pop_urban", labelZh: "城镇人口", labelEn: "Urban population", unit: "10k persons",
		source: srcWD, file: wdFile, field: "sheet population-urban", transform: noTransform, status: statusInput, paperVariable: "cp:ind19"},
	{code: "pop_rural", labelZh: "乡村人口", labelEn: "Rural population", unit: "10k persons",
		source: srcWD, file: wdFile, field: "sheet population-rural", transform: noTransform, status: statusInput, paperVariable: "cp:ind19"},
	{code: "employment", labelZh: "就业人员", labelEn: "Employed persons", unit: "10k persons",
		source: srcWD, file: wdFile, field: "sheet employment (name ends with a space)", transform: noTransform, status: statusInput, paperVariable: "labor;tfp"},
	{code: "labor", labelZh: "劳动存量", labelEn: "Labour input, ln(employed persons)", unit: "ln(10k persons)",
		source: derivedFrom, field: "employment", transform: "ln(employment)", status: statusPaper, paperVariable: "labor"},
	{code: "unemployed", labelZh: "城镇登记失业人员", labelEn: "Registered urban unemployed", unit: "10k persons",
		source: srcWD, file: wdFile, field: "sheet unemployment", transform: noTransform, status: statusInput, paperVariable: "cp:ind02",
		note: "a count, not the registered unemployment rate"},
	{code: "private_emp", labelZh: "私营和个体就业人员", labelEn: "Employed in private enterprises and by the self-employed", unit: "10k persons",
		source: srcRenJiyi, file: renjiyiWide, field: "column 私营个体就业人员_万人", transform: noTransform, status: statusInput, paperVariable: "market",
		note: "2005–2017 only", gap: "the source starts in 2005"},
	{code: "wage_avg", labelZh: "职工平均工资", labelEn: "Average wage of staff and workers", unit: "yuan",
		source: srcWD, file: wdFile, field: "sheet wage-average", transform: noTransform, status: statusProxy, paperVariable: "cp:ind04",
		note: "stands in for labour compensation per 10k people, which has no public series here; Beijing 2010 = 65158, " +
			"below the 65683 of employed persons in urban units (YeTian97 Wage)"},

	// Capital.
	{code: "gfcf", labelZh: "固定资本形成总额", labelEn: "Gross fixed capital formation, current prices", unit: "100 million yuan",
		source: srcCapital, file: assetFile, field: "column invest", transform: noTransform, status: statusInput, paperVariable: "capital",
		note: "capital_inputs.csv carries the series back to 1952"},
	{code: "invest_deflator", labelZh: "固定资本形成价格平减指数(1952=1)", labelEn: "Investment price deflator, 1952 = 1", unit: "index",
		source: srcCapital, file: assetFile, field: "column InvestPrice", transform: noTransform, status: statusInput, paperVariable: "capital",
		note: "Chongqing's series is based on Sichuan's 1995 level (author's note), so its level is not comparable across provinces"},
	{code: "fai", labelZh: "全社会固定资产投资", labelEn: "Total investment in fixed assets", unit: "100 million yuan",
		source: srcCarbon, file: carbonFile, field: "column Fixed_Asset_Investment", transform: noTransform, status: statusInput, paperVariable: "invest_tilt"},

	// Fiscal.
	{code: "exp_education", labelZh: "地方财政教育支出", labelEn: "Local government spending on education", unit: "100 million yuan",
		source: srcWD, file: wdFile, field: "sheet pub. exps. on education-local", transform: noTransform, status: statusInput, paperVariable: "balance",
		note: "behind the balance proxy, so no index indicator uses it"},
	{code: "exp_health", labelZh: "地方财政医疗卫生支出", labelEn: "Local government spending on health", unit: "100 million yuan",
		source: srcWD, file: wdFile, field: "sheet pub. exps. on health-local", transform: noTransform, status: statusInput, paperVariable: "balance",
		note: "behind the balance proxy, so no index indicator uses it"},
	{code: "exp_transport", labelZh: "地方财政交通运输支出", labelEn: "Local government spending on transport", unit: "100 million yuan",
		source: srcWD, file: wdFile, field: "sheet pub. exps. on tranport-local (sic)", transform: noTransform, status: statusInput, paperVariable: "balance",
		note: "behind the balance proxy, so no index indicator uses it"},
	{code: "exp_public_real_pc", labelZh: "人均实际教育医疗交通财政支出", labelEn: "Real per-capita local spending on education, health and transport", unit: "yuan per person, 2000 prices",
		source: derivedFrom, field: "exp_education, exp_health, exp_transport, pop, cpi_2000",
		transform: "(exp_education + exp_health + exp_transport) × 10^4 / pop / (cpi_2000/100)", status: statusInput, paperVariable: "balance"},
	{code: "balance", labelZh: "平衡性干预政策(公开数据代理)", labelEn: "Regional balancing intervention (public proxy)", unit: "ln(yuan per person, 2000 prices)",
		source: derivedFrom, field: "exp_public_real_pc", transform: "ln(exp_public_real_pc)", status: statusProxy, paperVariable: "balance",
		note: "the paper uses ln(approved construction-land area), which is not public; this fiscal-intervention intensity is the default stand-in. " +
			"Level break in 2007, when the budget's functional classification changed (Beijing transport spending 9.4 in 2006, 33.1 in 2007)"},
	{code: "invest_tilt", labelZh: "投资倾斜度", labelEn: "Investment tilt: FAI share over GDP share", unit: "ratio",
		source: derivedFrom, field: "fai, gdp", transform: "(fai / Σ fai) / (gdp / Σ gdp), sums over the 30 sample provinces of the year", status: statusAltern, paperVariable: "balance",
		note: "national = sum over the 30 provinces, not the NBS national total"},
	{code: "post2003", labelZh: "政策拐点(2003年后)", labelEn: "Policy turning point: 1 from 2003", unit: "dummy",
		source: derivedFrom, field: "year", transform: "1 if year ≥ 2003", status: statusPaper, paperVariable: "post2003"},
	{code: "post2003_cw", labelZh: "中西部2003年后", labelEn: "Central or West province from 2003", unit: "dummy",
		source: derivedFrom, field: "region, year", transform: "1 if region is Central or West and year ≥ 2003", status: statusAltern, paperVariable: "balance",
		note: "the paper's own alternative turning point applied to the regions it targets"},
	{code: "budget_exp", labelZh: "地方一般公共预算支出", labelEn: "Local general public budget expenditure", unit: "100 million yuan",
		source: srcRenJiyi, file: renjiyiLong, field: "items 财政支出（亿元） (2005–2006) and 一般公共预算支出（亿元） (2007–)", transform: noTransform,
		status: statusInput, paperVariable: "expen;cp:ind27", note: "2000–2004 not public here; cross-checked against huhuaping__techme for 2010–2017", gap: "budget expenditure before 2005 is in none of the sources here"},
	{code: "budget_exp_pc", labelZh: "人均地方一般公共预算支出", labelEn: "Local general budget expenditure per capita", unit: "yuan per person",
		source: derivedFrom, field: "budget_exp, pop", transform: "budget_exp × 10^4 / pop", status: statusPaper, paperVariable: "cp:ind27",
		note: "a total that contains the education, health and transport spending behind balance, but a different series", gap: "budget expenditure before 2005 is in none of the sources here"},
	{code: "expen", labelZh: "财政支出占GDP比重(代理)", labelEn: "Budget expenditure / GDP (proxy for fiscal capacity)", unit: "ratio",
		source: derivedFrom, field: "budget_exp, gdp", transform: "budget_exp / gdp", status: statusProxy, paperVariable: "expen",
		note: "the paper's expenditure/revenue needs local budget revenue, which is not public here for 2001–2017; 2005–2017 only", gap: "budget expenditure before 2005 is in none of the sources here"},

	// Openness.
	{code: "exports_usd", labelZh: "出口总额(美元)", labelEn: "Exports", unit: "10k US dollars",
		source: srcCarbon, file: carbonFile, field: "column Export", transform: noTransform, status: statusInput, paperVariable: "open",
		note: "probably by location of the domestic exporter; unit inferred by SOURCE.md (Guangdong 2010 = 467 bn USD)"},
	{code: "usd_cny", labelZh: "人民币对美元汇率", labelEn: "Exchange rate, yuan per US dollar", unit: "yuan per USD",
		source: srcWD, file: wdFile, field: "sheet exchange rate(USD_CNY)", transform: noTransform, status: statusInput, paperVariable: "open",
		note: "one national annual average repeated for every province (the builder checks this); agrees within 0.01 % with the rate implied by RenJiyi trade in yuan and in dollars, 2005–2014"},
	{code: "exports", labelZh: "出口总额(人民币)", labelEn: "Exports in yuan", unit: "100 million yuan",
		source: derivedFrom, field: "exports_usd, usd_cny", transform: "exports_usd × usd_cny / 10^4", status: statusInput, paperVariable: "open"},
	{code: "open", labelZh: "对外开放程度(出口/GDP代理)", labelEn: "Openness: exports / GDP (proxy)", unit: "ratio",
		source: derivedFrom, field: "exports, gdp", transform: "exports / gdp", status: statusProxy, paperVariable: "open",
		note: "the paper uses ln(utilised FDI per 10k residents); utilised FDI is not public here (carbondata Foreign_Investment is not FDI)"},

	// Technology, structure, markets.
	{code: "patents", labelZh: "国内专利授权量", labelEn: "Domestic patents granted", unit: "count",
		source: srcTechme, file: "RDPatentAuthority_from_rda.csv", field: "chn_block4 = 合计", transform: noTransform, status: statusInput, paperVariable: "tech",
		note: "2010–2017 only; misspelled labels 山两 and 两藏 mapped to Shanxi and Tibet", gap: "the patent tables start in 2010"},
	{code: "tech", labelZh: "技术进步(每万人专利授权)", labelEn: "Technical progress: patents granted per 10k residents", unit: "per 10k persons",
		source: derivedFrom, field: "patents, pop", transform: "patents / pop", status: statusProxy, paperVariable: "tech",
		note: "the paper gives no indicator system for tech; 2010–2017 only", gap: "the patent tables start in 2010"},
	{code: "rd_intensity", labelZh: "R&D经费投入强度", labelEn: "R&D expenditure / GDP", unit: "percent",
		source: srcTechme, file: "RDIntense_from_rda.csv", field: "chn_block4 = RD强度", transform: noTransform, status: statusAltern, paperVariable: "tech",
		note: "2011–2017 only", gap: "the R&D table starts in 2011"},
	{code: "industry", labelZh: "产业升级(三产/二产)", labelEn: "Industrial upgrading: tertiary / secondary value added", unit: "ratio",
		source: derivedFrom, field: "va_tertiary, va_secondary", transform: "va_tertiary / va_secondary", status: statusProxy, paperVariable: "industry",
		note: "inherits the Beijing 2006 source error of va_tertiary"},
	{code: "market", labelZh: "市场优化(私营个体就业占比)", labelEn: "Market development: private and self-employed share of employment", unit: "ratio",
		source: derivedFrom, field: "private_emp, employment", transform: "private_emp / employment", status: statusProxy, paperVariable: "market",
		note: "no marketization index is public here; 2005–2017 only", gap: "private and self-employed employment starts in 2005"},

	// Living standards.
	{code: "consumption", labelZh: "居民消费支出", labelEn: "Household consumption expenditure", unit: "100 million yuan",
		source: srcWD, file: wdFile, field: "sheet per. consum. exps (first block)", transform: noTransform, status: statusInput, paperVariable: "cp:ind01;cp:ind05"},
	{code: "consumption_pc", labelZh: "人均居民消费支出", labelEn: "Household consumption per capita", unit: "yuan per person",
		source: derivedFrom, field: "consumption, pop", transform: "consumption × 10^4 / pop", status: statusProxy, paperVariable: "cp:ind01",
		note: "stands in for per-capita disposable income, which is public here only for a few years"},
	{code: "consumption_gdp", labelZh: "居民消费率", labelEn: "Household consumption / GDP", unit: "ratio",
		source: derivedFrom, field: "consumption, gdp", transform: "consumption / gdp", status: statusProxy, paperVariable: "cp:ind05",
		note: "stands in for disposable income / per-capita GDP"},
	{code: "unemp_ratio", labelZh: "登记失业人员占比", labelEn: "Registered unemployed per 100 employed plus unemployed", unit: "percent",
		source: derivedFrom, field: "unemployed, employment", transform: "unemployed / (employment + unemployed) × 100", status: statusProxy, paperVariable: "cp:ind02",
		note: "the denominator is all employment, not urban employment, so the level is far below the registered rate"},
	{code: "tertiary_share", labelZh: "第三产业增加值占比", labelEn: "Tertiary share of value added", unit: "ratio",
		source: derivedFrom, field: "va_primary, va_secondary, va_tertiary", transform: "va_tertiary / (va_primary + va_secondary + va_tertiary)",
		status: statusProxy, paperVariable: "cp:ind03", note: "stands in for the tertiary share of employment, which has no public series here"},
	{code: "edu_fund", labelZh: "教育经费", labelEn: "Education funds, all sources", unit: "10k yuan",
		source: srcYeTian, file: "Education.csv", field: "column Education_Fund", transform: noTransform, status: statusInput, paperVariable: "cp:ind08",
		note: "unit inferred (10k yuan); 2000 and 2012 are absent from the source", gap: "the source starts in 2001 and has no 2012 rows"},
	{code: "edu_fund_pc", labelZh: "人均教育经费", labelEn: "Education funds per capita", unit: "yuan per person",
		source: derivedFrom, field: "edu_fund, pop", transform: "edu_fund / pop", status: statusProxy, paperVariable: "cp:ind08",
		note: "total education funds, not government education spending, which is kept out of the index because balance uses it", gap: "the source starts in 2001 and has no 2012 rows"},
	{code: "health_inst", labelZh: "医疗卫生机构数", labelEn: "Health-care institutions", unit: "count",
		source: srcYeTian, file: "transform_data.csv", field: "column Healthcare", transform: noTransform, status: statusAltern, paperVariable: "cp:ind09",
		note: "not used by the index: the count jumps about sixfold in 2009 when village clinics enter the series", gap: "the source starts in 2001"},
	{code: "highway", labelZh: "公路里程", labelEn: "Highway length", unit: "km",
		source: srcCarbon, file: carbonFile, field: "column Highway", transform: noTransform, status: statusInput, paperVariable: "cp:ind14"},
	{code: "railway", labelZh: "铁路营业里程", labelEn: "Railway operating length", unit: "km",
		source: srcCarbon, file: carbonFile, field: "column Railway", transform: noTransform, status: statusInput, paperVariable: "cp:ind14"},
	{code: "land_area", labelZh: "土地调查面积(2008)", labelEn: "Land survey area, 2008", unit: "km²",
		source: srcLand, file: "land_use_mlr_csy2009_table11-34_2008_bonus.csv", field: "variable land_survey_area",
		transform: "10k hectares × 100; the 2008 value repeated in every year", status: statusInput, paperVariable: "cp:ind14",
		note: "China Statistical Yearbook 2009 table 11-34; Xinjiang's row is missing from the transcription", gap: "Xinjiang's row is missing from the transcribed land-use table"},
	{code: "road_rail_density", labelZh: "路网密度", labelEn: "Road and railway density", unit: "km per km²",
		source: derivedFrom, field: "highway, railway, land_area", transform: "(highway + railway) / land_area", status: statusPaper, paperVariable: "cp:ind14", gap: "Xinjiang's land area is missing"},
	{code: "hh_edu_urban", labelZh: "城镇居民人均教育支出", labelEn: "Urban household education spending per capita", unit: "yuan per person",
		source: srcWD, file: wdFile, field: "sheet pri. exps. on education-urban", transform: noTransform, status: statusInput, paperVariable: "cp:ind19"},
	{code: "hh_edu_rural", labelZh: "农村居民人均教育支出", labelEn: "Rural household education spending per capita", unit: "yuan per person",
		source: srcWD, file: wdFile, field: "sheet pri. exps. on education-rural", transform: noTransform, status: statusInput, paperVariable: "cp:ind19"},
	{code: "hh_edu_pc", labelZh: "居民人均教育支出", labelEn: "Household education spending per capita", unit: "yuan per person",
		source: derivedFrom, field: "hh_edu_urban, hh_edu_rural, pop_urban, pop_rural",
		transform: "(hh_edu_urban × pop_urban + hh_edu_rural × pop_rural) / (pop_urban + pop_rural)", status: statusProxy, paperVariable: "cp:ind19",
		note: "education only; stands in for culture, education and entertainment spending"},
	{code: "atkinson", labelZh: "阿特金森不平等指数", labelEn: "Atkinson inequality index", unit: "index (0–1)",
		source: srcWD, file: wdFile, field: "sheet atkinson", transform: noTransform, status: statusProxy, paperVariable: "cp:ind25",
		note: "derived by the WD authors; stands in for the provincial income Gini, which is not public here"},

	// Household income, kept apart by survey.
	{code: "urban_di_old", labelZh: "城镇居民人均可支配收入(旧口径)", labelEn: "Urban disposable income per capita, old urban survey", unit: "yuan per person",
		source: srcYearbook, file: "urban_disposable_income_2005_2012.csv", field: "column urban_per_capita_disposable_income_yuan",
		transform: "quality-A rows of " + srcHousehold + " fill other years", status: statusInput, paperVariable: "urgap;cp:ind28",
		note: "old separate urban household survey, to 2012", gap: "only the 2005–2012 table was reachable, and the old urban survey ends in 2012"},
	{code: "rural_ni_old", labelZh: "农村居民人均纯收入(旧口径)", labelEn: "Rural net income per capita, old rural survey", unit: "yuan per person",
		source: srcYearbook, file: "rural_net_income_by_source_2007_2008.csv; rural_net_income_2013_partial.csv", field: "columns net_income_yuan; rural_per_capita_net_income_yuan",
		transform: "quality-A rows of " + srcHousehold + " fill other years", status: statusInput, paperVariable: "urgap;cp:ind28",
		note: "net income, not disposable income; 2013 values are the old definition for 19 provinces", gap: "complete only for 2007 and 2008; the 2013 old-definition table is truncated after Guangdong; other years exist for single provinces only"},
	{code: "urban_di_new", labelZh: "城镇居民人均可支配收入(一体化调查)", labelEn: "Urban disposable income per capita, integrated survey", unit: "yuan per person",
		source: srcYearbook, file: "urban_disposable_income_2016_2018_partial.csv", field: "column urban_per_capita_disposable_income_yuan",
		transform: "quality-A rows of " + srcHousehold + " fill other years", status: statusInput, paperVariable: "urgap;cp:ind28",
		note: "integrated household survey from 2013; not spliced with urban_di_old", gap: "the 2016–2017 table is truncated before Gansu; 2013–2015 exist for single provinces only"},
	{code: "rural_di_new", labelZh: "农村居民人均可支配收入(一体化调查)", labelEn: "Rural disposable income per capita, integrated survey", unit: "yuan per person",
		source: srcHousehold, file: "household_income_consumption_long.csv", field: "variable rural_disposable_income, quality A",
		transform: noTransform, status: statusInput, paperVariable: "urgap;cp:ind28", note: "Guangdong 2013–2014 and Fujian 2015–2017 only", gap: "no provincial table of integrated-survey rural income was reachable"},
	{code: "all_di_new", labelZh: "全体居民人均可支配收入", labelEn: "Disposable income per capita, all residents", unit: "yuan per person",
		source: srcYearbook, file: "all_resident_income_consumption_2017.csv", field: "column per_capita_disposable_income_yuan",
		transform: "quality-A rows of " + srcHousehold + " fill other years", status: statusAltern, paperVariable: "cp:ind01",
		note: "2017 for all provinces, Guangdong also 2013–2016", gap: "only the 2017 table was reachable"},
	{code: "hh_survey_2013", labelZh: "住户调查口径(2013年起一体化)", labelEn: "Integrated household survey (1 from 2013)", unit: "dummy",
		source: derivedFrom, field: "year", transform: "1 if year ≥ 2013", status: statusInput, paperVariable: "urgap;cp:ind28",
		note: "marks the 2013 break between the old separate surveys and the integrated survey"},
	{code: "urgap", labelZh: "城乡收入差(农村减城镇)", labelEn: "Rural minus urban income per capita", unit: "yuan per person",
		source: derivedFrom, field: "urban_di_old, rural_ni_old (to 2012); urban_di_new, rural_di_new (from 2013)",
		transform: "rural − urban, only from two values of the same survey", status: statusPaper, paperVariable: "urgap",
		note: "sparse: complete only for 2007 and 2008; before 2013 the rural concept is net income; use with hh_survey_2013", gap: "urban and rural income from the same survey exist for all provinces only in 2007 and 2008"},
	{code: "ur_ratio", labelZh: "城乡收入比", labelEn: "Urban / rural income ratio", unit: "ratio",
		source: derivedFrom, field: "as urgap", transform: "urban / rural, only from two values of the same survey", status: statusPaper, paperVariable: "cp:ind28",
		note: "sparse like urgap", gap: "urban and rural income from the same survey exist for all provinces only in 2007 and 2008"},
}

// capitalVars lists the capital_inputs.csv columns after the keys.
var capitalVars = []variable{
	{code: "gfcf", labelZh: "固定资本形成总额", labelEn: "Gross fixed capital formation, current prices", unit: "100 million yuan",
		source: srcCapital, file: assetFile, field: "column invest", transform: noTransform, status: statusInput, paperVariable: "capital",
		note: "Chongqing starts in 1996 (split from Sichuan in 1997); cross-checked against the 2018 Wind export"},
	{code: "gfcf_index", labelZh: "固定资本形成总额指数(1952=100)", labelEn: "GFCF volume index, 1952 = 100", unit: "index",
		source: srcCapital, file: assetFile, field: "column InvestIndex", transform: noTransform, status: statusInput, paperVariable: "capital",
		note: "only up to 1995; used by Zhang Jun (2004) to derive the early deflator"},
	{code: "invest_deflator", labelZh: "固定资本形成价格平减指数(1952=1)", labelEn: "Investment price deflator, 1952 = 1", unit: "index",
		source: srcCapital, file: assetFile, field: "column InvestPrice", transform: noTransform, status: statusInput, paperVariable: "capital",
		note: "implied GFCF deflator in early years, chained FAI price index later; Chongqing is based on Sichuan's 1995 level"},
	{code: "fai_price_index", labelZh: "固定资产投资价格指数(上年=100)", labelEn: "Fixed-asset investment price index, previous year = 100", unit: "index",
		source: srcCapital, file: "固定资产投资价格指数2019.xlsx", field: "rows <province>:固定资产投资价格指数", transform: noTransform, status: statusInput, paperVariable: "capital",
		note: "NBS via Wind; starts between 1982 and 2001 depending on the province (Guangdong 2001)"},
	{code: "depreciation", labelZh: "固定资产折旧", labelEn: "Depreciation of fixed assets (income approach)", unit: "100 million yuan",
		source: srcCapital, file: assetFile, field: "column depr", transform: noTransform, status: statusInput, paperVariable: "capital",
		note: "from 1978 with gaps"},
}
