package main

// indicator is one third-level indicator of the common-prosperity index of Hong, Jiang and Liu (2023),
// Table 1, with the panel.csv column that measures it or serves as its proxy.
type indicator struct {
	id               string
	labelZh, labelEn string
	dimension        int // index into dimensions
	level1, level2   int // indexes into level1Names and level2Names
	direction        string
	directionPaper   string
	status           string // present | proxy | missing
	column           string
	note             string
}

var dimensions = [][2]string{{"富裕", "Prosperity"}, {"共同", "Commonality"}}

var level1Names = [][2]string{
	{"国民收入", "National income"}, {"物质生活", "Material life"}, {"精神文化", "Culture"},
	{"人群差距", "Gaps between groups"}, {"城乡差距", "Urban–rural gap"},
}

var level2Names = [][2]string{
	{"收入水平", "Income level"}, {"收入结构", "Income structure"}, {"收入分配", "Income distribution"},
	{"收入保障", "Income security"}, {"教育事业", "Education"}, {"医疗健康", "Health care"},
	{"住房保障", "Housing"}, {"交通设施", "Transport infrastructure"}, {"信息水平", "Information access"},
	{"能源消耗", "Energy supply"}, {"文化发展", "Cultural development"}, {"综合素质", "Civic and cultural amenities"},
	{"收入差距", "Income gap"}, {"分配结构", "Distribution structure"}, {"保障水平", "Social protection"},
}

const (
	present = "present"
	proxy   = "proxy"
	missing = "missing"
)

// indicators lists the 30 indicators in the paper's order. Second-level groups 12–14 of the commonality
// dimension repeat under both first-level groups, as in the paper (18 second-level groups in all).
var indicators = []indicator{
	{"ind01", "人均可支配收入", "Disposable income per capita", 0, 0, 0, "+", "+", proxy, "consumption_pc",
		"household consumption per capita; disposable income is public here only for 2017 (all_di_new) and a few other years"},
	{"ind02", "失业率", "Unemployment rate", 0, 0, 1, "-", "-", proxy, "unemp_ratio",
		"registered unemployed over employed plus unemployed; the official registered rate is public here only for 2003–2005"},
	{"ind03", "第三产业就业人数占比", "Tertiary share of employment", 0, 0, 1, "+", "+", proxy, "tertiary_share",
		"tertiary share of value added; employment by sector is not public here"},
	{"ind04", "每万人劳动报酬", "Labour compensation per 10k people", 0, 0, 2, "+", "+", proxy, "wage_avg",
		"average wage of staff and workers; labour compensation by province is not public here"},
	{"ind05", "人均可支配收入与人均GDP比值", "Disposable income / GDP per capita", 0, 0, 2, "+", "+", proxy, "consumption_gdp",
		"household consumption / GDP"},
	{"ind06", "每万人社会保障和就业支出", "Social security and employment spending per 10k people", 0, 0, 3, "+", "+", missing, "",
		"no public series here"},
	{"ind07", "每万人在校学生人数", "Students enrolled per 10k people", 0, 1, 4, "+", "+", missing, "", "no public series here"},
	{"ind08", "人均教育经费", "Education funds per capita", 0, 1, 4, "+", "+", proxy, "edu_fund_pc",
		"total education funds from all sources; government education spending is left out because balance uses it; 2000 and 2012 missing"},
	{"ind09", "每万人执业（助理）医师数", "Licensed physicians per 10k people", 0, 1, 5, "+", "+", missing, "",
		"health_inst (institution count) exists but breaks in 2009, so it is not used"},
	{"ind10", "每万人医疗机构床位数", "Hospital beds per 10k people", 0, 1, 5, "+", "+", missing, "", "no public series here"},
	{"ind11", "居民可支配收入与房价比", "Disposable income / house price", 0, 1, 6, "+", "+", missing, "", "no public series here"},
	{"ind12", "年末人均住房面积", "Housing floor area per capita", 0, 1, 6, "+", "+", missing, "", "no public series here"},
	{"ind13", "每万人拥有公共交通车辆", "Public transport vehicles per 10k people", 0, 1, 7, "+", "+", missing, "",
		"carbondata Vechicle is car production, not a vehicle stock, so it is not used"},
	{"ind14", "公路铁路密度", "Road and railway density", 0, 1, 7, "+", "+", present, "road_rail_density",
		"land area from the 2008 land survey; Xinjiang missing because its land-area row is missing"},
	{"ind15", "每万人互联网宽带接入端口数", "Broadband ports per 10k people", 0, 1, 8, "+", "+", missing, "", "no public series here"},
	{"ind16", "每万人年末移动电话用户数", "Mobile subscribers per 10k people", 0, 1, 8, "+", "+", missing, "", "no public series here"},
	{"ind17", "每万人天然气供应量", "Natural gas supply per 10k people", 0, 1, 9, "+", "+", missing, "", "no public series here"},
	{"ind18", "输电线路密度", "Transmission line density", 0, 1, 9, "+", "+", missing, "", "no public series here"},
	{"ind19", "人均文教娱乐支出", "Culture, education and entertainment spending per capita", 0, 2, 10, "+", "+", proxy, "hh_edu_pc",
		"household education spending only, urban and rural weighted by population"},
	{"ind20", "文化及相关产业固定支出总额占GDP比重", "Culture-industry fixed investment / GDP", 0, 2, 10, "+", "+", missing, "", "no public series here"},
	{"ind21", "文化事业费占比", "Share of public culture spending", 0, 2, 10, "+", "+", missing, "", "no public series here"},
	{"ind22", "每万人社会捐赠接收工作站点数", "Donation stations per 10k people", 0, 2, 11, "+", "+", missing, "", "no public series here"},
	{"ind23", "每万人拥有公共图书馆藏量", "Public library collections per 10k people", 0, 2, 11, "+", "+", missing, "", "no public series here"},
	{"ind24", "每万人运动场地面积", "Sports ground area per 10k people", 0, 2, 11, "+", "+", missing, "", "no public series here"},
	{"ind25", "收入基尼系数", "Income Gini coefficient", 1, 3, 12, "-", "-", proxy, "atkinson",
		"Atkinson index derived by the WD authors; no provincial Gini is public here"},
	{"ind26", "劳动者报酬占比", "Labour share of income", 1, 3, 13, "+", "+", missing, "", "labour compensation is not public here"},
	{"ind27", "政府一般预算支出", "General budget expenditure", 1, 3, 14, "+", "+", present, "budget_exp_pc",
		"per capita; 2005–2017 only"},
	{"ind28", "城乡居民收入倍差", "Urban / rural income ratio", 1, 4, 12, "-", "+", present, "ur_ratio",
		"shipped as a cost indicator because a larger ratio is a wider gap; the paper marks it +. Sparse: complete only for 2007–2008"},
	{"ind29", "二元对比系数", "Dual contrast coefficient", 1, 4, 13, "+", "+", missing, "",
		"needs employment by sector, which is not public here"},
	{"ind30", "农村保障水平", "Rural social protection level", 1, 4, 14, "+", "+", missing, "", "no public series here"},
}

// paperVariable maps one variable of the paper's model table to what the embedded data offers.
type paperVariable struct {
	code, labelZh, labelEn string
	status                 string // present | proxy | computed | missing
	columns                string // panel or capital_inputs columns used
	note                   string
	noteZh                 string
}

var paperVariables = []paperVariable{
	{"cp", "共同富裕", "Common prosperity", "computed", "indicators.csv",
		"ln(prosperity × commonality) from the entropy-weight index over the indicators of indicators.csv", "由 indicators.csv 中指标的熵权指数计算 ln(富裕 × 共同)"},
	{"prosperity", "富裕", "Prosperity sub-index", "computed", "indicators.csv", "entropy-weight score of the prosperity (富裕) indicators", "富裕维度指标的熵权得分"},
	{"commonality", "共同", "Commonality sub-index", "computed", "indicators.csv", "entropy-weight score of the commonality (共同) indicators", "共同维度指标的熵权得分"},
	{"balance", "平衡性干预政策", "Regional balancing intervention", proxy, "balance",
		"construction-land approvals are not public; ln real per-capita local spending on education, health and transport; alternatives invest_tilt and post2003_cw", "建设用地审批数据不公开；用实际人均地方教育、医疗卫生和交通支出的对数代替；另有 invest_tilt 和 post2003_cw 两种替代度量"},
	{"expen", "政府财政能力", "Fiscal capacity", proxy, "expen", "budget expenditure / GDP, 2005–2017; local budget revenue is not public here", "一般预算支出 / GDP，2005—2017 年；地方一般预算收入在这里没有公开数据"},
	{"finan", "金融发展水平", "Financial development", missing, "", "deposit balances are not public here", "存款余额在这里没有公开数据"},
	{"cpi", "物价水平", "Price level", present, "cpi", "CSMAR provincial CPI, previous year = 100", "CSMAR 省级居民消费价格指数，上年 = 100"},
	{"open", "对外开放程度", "Openness", proxy, "open", "exports / GDP; utilised FDI is not public here", "出口额 / GDP；实际利用外资在这里没有公开数据"},
	{"capital", "资本存量", "Capital stock", "computed", "capital_inputs.csv: gfcf, invest_deflator, fai_price_index",
		"perpetual-inventory stock, e.g. δ = 10.96 % as in Shan Haojie (2008)", "永续盘存法资本存量，例如按单豪杰（2008）取折旧率 10.96%"},
	{"labor", "劳动存量", "Labour input", present, "labor", "ln(employed persons)", "ln(就业人数)"},
	{"tfp", "全要素生产率", "Total factor productivity", "computed", "real_gdp, employment, capital_stock",
		"DEA Malmquist index from real GDP at 2000 prices, employment and the capital stock", "由 2000 年价实际 GDP、就业人数和资本存量计算的 DEA-Malmquist 指数"},
	{"transfer", "转移支付", "Central transfers", missing, "", "central subsidy revenue is not public here", "中央补助收入在这里没有公开数据"},
	{"post2003", "政策拐点", "Policy turning point", present, "post2003", "1 from 2003", "2003 年起取 1"},
	{"urgap", "城乡收入差", "Rural minus urban income", present, "urgap",
		"sparse (complete only for 2007–2008); survey concepts never spliced, see hh_survey_2013", "数据稀疏（只有 2007—2008 年完整）；2013 年前后住户调查口径不同，从未拼接，见 hh_survey_2013"},
	{"flo", "劳动力流动", "Labour mobility", missing, "", "hukou (registered) population is not public here", "户籍人口在这里没有公开数据"},
	{"domicile_p", "个人式落户门槛", "Individual settlement threshold", missing, "", "non-agricultural hukou population is not public here", "非农业户籍人口在这里没有公开数据"},
	{"domicile_f", "家庭式落户门槛", "Household settlement threshold", missing, "", "registered households are not public here", "户籍户数在这里没有公开数据"},
	{"tech", "技术进步", "Technical progress", proxy, "tech", "patents granted per 10k residents, 2010–2017; alternative rd_intensity 2011–2017", "每万人专利授权数，2010—2017 年；另有 rd_intensity（2011—2017 年）"},
	{"industry", "产业升级", "Industrial upgrading", proxy, "industry", "tertiary / secondary value added", "第三产业增加值 / 第二产业增加值"},
	{"market", "市场优化", "Market development", proxy, "market", "private and self-employed share of employment, 2005–2017", "私营和个体就业占总就业的比重，2005—2017 年"},
	{"digital", "数字转型", "Digital transformation", missing, "", "no public provincial series for 2003–2017 here", "2003—2017 年没有公开的省级数据"},
}

// indicatorNotesZh gives each indicator note of indicators in Chinese, for note_zh.
var indicatorNotesZh = map[string]string{
	"household consumption per capita; disposable income is public here only for 2017 (all_di_new) and a few other years": "人均居民消费支出；人均可支配收入在这里只有 2017 年（all_di_new）等少数年份公开",
	"registered unemployed over employed plus unemployed; the official registered rate is public here only for 2003–2005": "城镇登记失业人数 /（就业人数 + 登记失业人数）；官方登记失业率在这里只有 2003—2005 年公开",
	"tertiary share of value added; employment by sector is not public here":                                              "第三产业增加值占比；分产业就业在这里没有公开数据",
	"average wage of staff and workers; labour compensation by province is not public here":                               "职工平均工资；分省劳动者报酬在这里没有公开数据",
	"household consumption / GDP": "居民消费 / GDP",
	"no public series here":       "在这里没有公开数据",
	"total education funds from all sources; government education spending is left out because balance uses it; 2000 and 2012 missing": "各来源教育经费总额；政府教育支出已用于 balance，故不用；2000 年和 2012 年缺失",
	"health_inst (institution count) exists but breaks in 2009, so it is not used":                                                     "有 health_inst（医疗机构数），但 2009 年口径断裂，故不用",
	"carbondata Vechicle is car production, not a vehicle stock, so it is not used":                                                    "carbondata 的 Vechicle 是汽车产量而非保有量，故不用",
	"land area from the 2008 land survey; Xinjiang missing because its land-area row is missing":                                       "土地面积取自 2008 年土地调查；新疆缺少土地面积，因此缺失",
	"household education spending only, urban and rural weighted by population":                                                        "只含居民教育支出，城乡按人口加权",
	"Atkinson index derived by the WD authors; no provincial Gini is public here":                                                      "WD 数据作者计算的 Atkinson 指数；分省基尼系数在这里没有公开数据",
	"labour compensation is not public here":                                                                                           "劳动者报酬在这里没有公开数据",
	"per capita; 2005–2017 only":                                                                                                       "人均值；只有 2005—2017 年",
	"shipped as a cost indicator because a larger ratio is a wider gap; the paper marks it +. Sparse: complete only for 2007–2008":     "按逆向指标处理，因为比值越大差距越大（原文标为正向）；数据稀疏，只有 2007—2008 年完整",
	"needs employment by sector, which is not public here":                                                                             "需要分产业就业数据，在这里没有公开数据",
}
