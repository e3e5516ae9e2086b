package replicate

import (
	"fmt"
	"strings"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/formula"
	"github.com/cpstat/cpstat/cpstat/table"
	"github.com/cpstat/cpstat/data"
)

func init() {
	register(Chapter{
		Order: 30, ID: "baseline", TitleZh: "描述性统计与基准回归", TitleEn: "Descriptive statistics and baseline regression",
		AboutZh: "表 2 给出模型变量的描述性统计和解释变量的方差膨胀因子；表 3 用省份固定效应、省份与年份双向固定效应，分别在不加和加入控制变量时，估计平衡性干预政策对共同富裕的影响，标准误按省份聚类（Stata 小样本校正）。",
		AboutEn: "Table 2 describes the model variables and gives the variance inflation factors of the regressors. Table 3 estimates the effect of the balancing policy on common prosperity with province effects and with province and year effects, each without and with the controls, with standard errors clustered by province under Stata's small-sample convention.",
		Run:     runBaseline,
	})
}

// baselineSpec is one column of Table 3.
type baselineSpec struct {
	controls bool // add the controls of Run.Controls (fiscal capacity, finance, prices, openness)
	year     bool // absorb year effects besides province effects
}

// baselineSpecs are the columns of Table 3 in the order of Hong, Jiang and Liu (2023): without controls
// (province effects, then both), then with controls (province effects, then both).
var baselineSpecs = []baselineSpec{{false, false}, {false, true}, {true, false}, {true, true}}

// paperBaseline holds the balance coefficients of Table 3 in Hong, Jiang and Liu (2023), in the order
// of baselineSpecs, for the note that compares them with this run.
var paperBaseline = []string{"0.994***", "0.075*", "0.621***", "0.061*"}

// baselineFormula returns the formula of one column, with every column name quoted as needed.
func baselineFormula(cp, balance string, controls []string, entity, period string, s baselineSpec) string {
	terms := []string{formula.QuoteName(balance)}
	if s.controls {
		for _, c := range controls {
			terms = append(terms, formula.QuoteName(c))
		}
	}
	fe := formula.QuoteName(entity)
	if s.year {
		fe += " + " + formula.QuoteName(period)
	}
	return formula.QuoteName(cp) + " ~ " + strings.Join(terms, " + ") + " | " + fe
}

// baselineOptions are the estimation options of every model of the chapter: the study window and
// standard errors clustered by entity under the Stata convention.
func baselineOptions(entity string) []cpstat.EstimateOption {
	return []cpstat.EstimateOption{cpstat.Period(studyWindow.From, studyWindow.To), cpstat.Cluster(entity),
		cpstat.SSC(cpstat.Stata)}
}

func runBaseline(r *Run) error {
	cp, balance := r.Var("cp"), r.Var("balance")
	if missing := r.missingVars("cp", "balance"); len(missing) > 0 {
		r.noteMissingVars("表 2 和表 3", "Tables 2 and 3", missing)
		return nil
	}
	controls := r.Controls()
	entity, period := r.Panel.EntityColumn(), r.Panel.TimeColumn()

	full := baselineFormula(cp, balance, controls, entity, period, baselineSpec{controls: true, year: true})
	if err := r.baselineTable2(full, entity, cp, balance, controls); err != nil {
		return err
	}
	return r.baselineTable3(cp, balance, controls, entity, period)
}

// baselineTable2 writes the descriptive statistics and VIFs on the estimation sample of the full model.
func (r *Run) baselineTable2(src, entity, cp, balance string, controls []string) error {
	desc, err := cpstat.DescribeModel(r.Panel, src, baselineOptions(entity)...)
	if err != nil {
		return fmt.Errorf("table 2: %w", err)
	}
	grid := desc.Grid(r.Labels, r.Lang())
	grid.Title = r.Text("表 2　变量描述性统计与方差膨胀因子检验", "Table 2. Descriptive statistics and variance inflation factors")
	grid.Notes = append(grid.Notes, r.proxyNotes(append([]string{cp, balance}, controls...))...)
	if desc.VIF != nil {
		worst, name := 0.0, ""
		for j, v := range desc.VIF.VIF {
			if v > worst {
				worst, name = v, desc.VIF.Names[j]
			}
		}
		r.Notef("%s", r.Text(fmt.Sprintf("表 2：最大的 VIF 为 %s 的 %.2f（经验临界值为 10）。", name, worst),
			fmt.Sprintf("Table 2: the largest VIF is %.2f for %s (the rule-of-thumb threshold is 10).", worst, name)))
	}
	return r.Table("table2_descriptives_vif", grid.Title, grid)
}

// baselineTable3 estimates the four columns and writes the regression table.
func (r *Run) baselineTable3(cp, balance string, controls []string, entity, period string) error {
	var results []*cpstat.Result
	for i, s := range baselineSpecs {
		src := baselineFormula(cp, balance, controls, entity, period, s)
		res, err := cpstat.Estimate(r.Panel, src, append(baselineOptions(entity), cpstat.Label(fmt.Sprintf("(%d)", i+1)))...)
		if err != nil {
			return fmt.Errorf("table 3 column (%d), %s: %w", i+1, src, err)
		}
		results = append(results, res)
		if res.Dropped.Dropped() > 0 {
			r.Notef("%s", r.Text(fmt.Sprintf("表 3 第 (%d) 列：%d 个省份-年份，样本期内剔除 %d 行：%s。", i+1, res.N, res.Dropped.Dropped(), dropTextZh(res.Dropped)),
				fmt.Sprintf("Table 3 column (%d): %d province-years; %s.", i+1, res.N, res.Dropped)))
		}
	}

	reg := table.Regression{
		Title:        r.Text("表 3　基准回归：平衡性干预政策与共同富裕", "Table 3. Baseline regression: balancing policy and common prosperity"),
		Columns:      cpstat.Columns(results...),
		Lang:         r.Lang(),
		Labels:       r.Labels,
		Order:        append([]string{balance}, controls...),
		ShowControls: true,
		FixedEffects: []string{period, entity},
		FixedEffectLabels: table.Labels{
			period: {Zh: "年份固定效应", En: "Year FE"},
			entity: {Zh: "省份固定效应", En: "Province FE"},
		},
		Stats: []string{"N", "r2", "r2_within"},
		Notes: r.baselineNotes(results, cp, balance, controls),
	}
	for i := range reg.Columns {
		reg.Columns[i].Title = ""
	}
	r.notePaperBaseline(results, balance)
	return r.Table("table3_baseline", reg.Title, reg)
}

// baselineNotes explains the standard errors, R², the constant and the data behind Table 3.
func (r *Run) baselineNotes(results []*cpstat.Result, cp, balance string, controls []string) []string {
	var ks []string
	for i, res := range results {
		ks = append(ks, fmt.Sprintf("(%d) K = %d, c = %.4f", i+1, res.VCov.K, res.VCov.Multiplier))
	}
	g := results[0].VCov.G[0]
	notes := []string{
		r.Text(
			fmt.Sprintf("标准误按省份聚类（G = %d），采用 Stata xtreg, fe vce(cluster) 且年份效应以 i.year 进入时的小样本校正 c = G/(G−1)·(N−1)/(N−K)，K 计入斜率、常数项和年份效应：%s。p 值和星号依据 t(G−1) 分布。", g, strings.Join(ks, "；")),
			fmt.Sprintf("Standard errors are clustered by province (G = %d) with the small-sample factor of Stata's xtreg, fe vce(cluster) with year effects entered as i.year, c = G/(G−1)·(N−1)/(N−K), where K counts the slopes, the constant and the year effects: %s. p-values and stars use t(G−1).", g, strings.Join(ks, "; "))),
		r.Text(
			"R² 含固定效应（相当于 reghdfe 的 R-squared），组内 R² 为剔除全部固定效应后的拟合优度；Stata xtreg 以 i.year 估计时报告的 within R² 把年份效应算作解释部分，介于两者之间。",
			"R² includes the fixed effects (reghdfe's R-squared); within R² is the fit after removing every fixed effect. The within R² that xtreg reports with i.year counts the year effects as explained and lies between the two."),
		r.Text(
			"常数项为 ȳ − x̄′b（xtreg、areg 和 reghdfe 报告的 _cons）；年份效应以 i.year 进入 xtreg 时，其常数项以基年为参照，数值不同。",
			"The constant is ȳ − x̄′b, the _cons of xtreg, areg and reghdfe. With year effects entered as i.year, xtreg's constant refers to the base year and differs."),
	}
	if results[0].VCov.FewClusters {
		notes = append(notes, r.Text(
			fmt.Sprintf("只有 %d 个聚类（少于 Angrist 和 Pischke（2009）经验法则的 42 个），聚类稳健标准误可能偏小，可用野聚类自助法（wild cluster bootstrap）检验。", g),
			fmt.Sprintf("With only %d clusters (fewer than the 42 of the rule of thumb of Angrist and Pischke 2009), cluster-robust standard errors may be too small; a wild cluster bootstrap is the usual check.", g)))
	}
	return append(notes, r.proxyNotes(append([]string{cp, balance}, controls...))...)
}

// proxyNotes names the variables that the embedded data replace by proxies or lack, when the run uses
// the embedded data under the paper's names.
func (r *Run) proxyNotes(columns []string) []string {
	if r.Config.DataPath != "" {
		return nil
	}
	vars, err := data.PaperVariables()
	if err != nil {
		return nil
	}
	var proxiesZh, proxiesEn, missing []string
	for _, v := range vars {
		if r.Var(v.Code) != v.Code {
			continue // the user mapped the variable to a column of their own
		}
		switch {
		case v.Status == "proxy" && contains(columns, v.Code):
			proxiesZh = append(proxiesZh, fmt.Sprintf("%s（%s）", v.Code, v.LabelZh))
			proxiesEn = append(proxiesEn, fmt.Sprintf("%s (%s)", v.Code, v.Note))
		case v.Status == "missing" && contains(paperControls, v.Code):
			missing = append(missing, v.Code)
		}
	}
	var notes []string
	if len(proxiesZh) > 0 {
		notes = append(notes, r.Text("公开数据以代理变量代替："+strings.Join(proxiesZh, "、")+"，定义见 cpstat data 和 data/paper_variables.csv。",
			"Proxies in the public data: "+strings.Join(proxiesEn, "; ")+"."))
	}
	if len(missing) > 0 {
		notes = append(notes, r.Text("公开数据缺少的控制变量（模型中未包含）："+strings.Join(missing, "、")+"。",
			"Controls missing from the public data and left out of the models: "+strings.Join(missing, ", ")+"."))
	}
	return notes
}

// dropReasonZh translates the drop reasons of the model frame and the fit.
var dropReasonZh = map[cpstat.DropReason]string{
	cpstat.ReasonMissing:        "缺失值",
	cpstat.ReasonInfinite:       "无穷值",
	cpstat.ReasonLogNonPositive: "对非正数取对数",
	cpstat.ReasonOutOfDomain:    "超出函数定义域",
	cpstat.ReasonNotObserved:    "滞后或前置期无观测",
	cpstat.ReasonSingleton:      "固定效应单例",
}

// dropTextZh describes a drop report in Chinese, as in "expen 缺失值 120 行（BJ/2001、BJ/2002 等）".
func dropTextZh(report cpstat.DropReport) string {
	var parts []string
	for _, g := range report.Groups {
		reason, ok := dropReasonZh[g.Reason]
		if !ok {
			reason = string(g.Reason)
		}
		var keys []string
		for _, k := range g.Keys[:min(len(g.Keys), 3)] {
			keys = append(keys, k.String())
		}
		example := strings.Join(keys, "、")
		if len(g.Keys) > 3 {
			example += " 等"
		}
		parts = append(parts, fmt.Sprintf("%s %s %d 行（%s）", g.Column, reason, len(g.Keys), example))
	}
	return strings.Join(parts, "；")
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// notePaperBaseline records the balance coefficients of the paper next to those of this run.
func (r *Run) notePaperBaseline(results []*cpstat.Result, balance string) {
	var ours []string
	for i, res := range results {
		c, ok := res.Coef(balance)
		if !ok {
			ours = append(ours, fmt.Sprintf("(%d) —", i+1))
			continue
		}
		ours = append(ours, fmt.Sprintf("(%d) %.3f (t = %.3f)", i+1, c.Estimate, c.Statistic))
	}
	var theirs []string
	for i, p := range paperBaseline {
		theirs = append(theirs, fmt.Sprintf("(%d) %s", i+1, p))
	}
	r.Notef("%s", r.Text(
		fmt.Sprintf("表 3 中 %s 的系数：论文（洪竞科等，2023）为 %s；本次运行为 %s。公开数据的变量口径不同，数值不可直接比较，复现的是方法。", balance, strings.Join(theirs, "，"), strings.Join(ours, "，")),
		fmt.Sprintf("Coefficient of %s in Table 3: Hong, Jiang and Liu (2023) report %s; this run gives %s. The public data measure the variables differently, so the numbers are not comparable; the method is what is replicated.", balance, strings.Join(theirs, ", "), strings.Join(ours, ", "))))
}
