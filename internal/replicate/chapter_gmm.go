package replicate

import (
	"fmt"
	"math"
	"strings"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/formula"
	"github.com/cpstat/cpstat/cpstat/table"
)

// gmmLags is the lag range of the lagged outcome's GMM-style instruments. With 30 provinces the
// instruments must stay below 30 groups. The time dummies and the IV-style regressors already
// take about 17 columns on 2005–2017, and all available lags give more than 30 instruments even
// when collapsed. Collapsed lags 2–4 (xtabond2's gmm(L.cp, lag(1 3) collapse)) leave room for
// the level equation of system GMM.
const gmmLags = "2:4"

func init() {
	register(Chapter{
		Order: 55, ID: "gmm", TitleZh: "稳健性检验：GMM 动态面板", TitleEn: "Robustness: dynamic panel GMM",
		AboutZh: "加入共同富裕的滞后一期以刻画路径依赖，用两步差分 GMM 和两步系统 GMM（Windmeijer 校正标准误、工具变量折叠、年份虚拟变量）重新估计基准模型，并报告 AR(1)、AR(2)、Hansen 检验、工具变量数和组数。",
		AboutEn: "Adds last year's common prosperity to capture path dependence and re-estimates the baseline model by two-step difference and system GMM (Windmeijer-corrected standard errors, collapsed instruments, year dummies), reporting AR(1), AR(2), Hansen tests, the instrument count and the number of groups.",
		Run:     runGMM,
	})
}

// gmmModel is one column of the GMM table.
type gmmModel struct {
	system  bool
	titleZh string
	titleEn string
}

var gmmModels = []gmmModel{
	{system: false, titleZh: "差分GMM", titleEn: "Difference GMM"},
	{system: true, titleZh: "系统GMM", titleEn: "System GMM"},
}

func runGMM(r *Run) error {
	cp, balance := r.Var("cp"), r.Var("balance")
	if missing := r.missingVars("cp", "balance"); len(missing) > 0 {
		r.noteMissingVars("GMM 动态面板", "The dynamic panel GMM", missing)
		return nil
	}
	controls := r.Controls()

	terms := []string{"L(" + formula.QuoteName(cp) + ", 1)", formula.QuoteName(balance)}
	for _, c := range controls {
		terms = append(terms, formula.QuoteName(c))
	}
	src := formula.QuoteName(cp) + " ~ " + strings.Join(terms, " + ")
	base := cpstat.GMMSettings{
		GMM:         cp + " " + gmmLags,
		TwoStep:     true,
		Collapse:    true,
		TimeDummies: true,
		Window:      studyWindow,
	}

	var results []*cpstat.GMMResult
	var columns []table.Column
	for _, m := range gmmModels {
		s := base
		s.System = m.system
		res, err := r.Panel.GMM(src, s)
		if err != nil {
			r.Notef("%s", r.Text(m.titleZh+"无法估计："+err.Error(), m.titleEn+" could not be estimated: "+err.Error()))
			continue
		}
		results = append(results, res)
		columns = append(columns, res.Column(r.Text(m.titleZh, m.titleEn)))
		r.noteGMMDiagnostics(res, r.Text(m.titleZh, m.titleEn))
	}
	if len(results) == 0 {
		return nil
	}
	r.noteInstrumentCounts(src, base, results)
	r.notePaperDirection(results, cp, balance)

	labels := results[0].Labels(r.Labels)
	notes := []string{r.Text("*、**和***分别表示在10%、5%和1%的水平下显著。",
		"*, ** and *** denote significance at the 10%, 5% and 1% levels.")}
	for i, res := range results {
		notes = append(notes, fmt.Sprintf("(%d) %s", i+1, res.Note(r.Lang())))
	}
	units := len(r.Panel.Entities())
	unitZh, unitEn := r.unitWords()
	notes = append(notes, r.Text(
		fmt.Sprintf("%s 的 GMM 式工具变量为滞后 %s 期并折叠：%d 个%s只有 %d 组，未折叠的工具变量数远超组数，会削弱 Hansen 检验；%s 和控制变量视为严格外生，作为自身的 IV 式工具变量。", cp, strings.Replace(gmmLags, ":", "—", 1), units, unitZh, units, balance),
		fmt.Sprintf("The GMM-style instruments of %s are its lags %s, collapsed: %d %s give only %d groups, and the uncollapsed instruments would far exceed them and weaken the Hansen test. The policy variable %s and the controls are taken as strictly exogenous and instrument themselves (IV-style).", cp, strings.Replace(gmmLags, ":", "–", 1), units, unitEn, units, balance)))

	reg := table.Regression{
		Title:             r.Text("稳健性检验：GMM 动态面板", "Robustness: dynamic panel GMM"),
		Columns:           columns,
		Lang:              r.Lang(),
		Labels:            labels,
		Order:             []string{"L." + cp, balance},
		Controls:          controls,
		Notes:             notes,
		NoAutoNote:        true,
		FixedEffects:      []string{results[0].TimeColumn},
		FixedEffectLabels: table.Labels{results[0].TimeColumn: {Zh: "年份虚拟变量", En: "Year dummies"}},
	}
	return r.Table("gmm", reg.Title, reg)
}

// noteGMMDiagnostics records the specification test results of one model and every warning
// the estimator raised.
func (r *Run) noteGMMDiagnostics(res *cpstat.GMMResult, title string) {
	ar1, ar2 := math.NaN(), math.NaN()
	for _, ar := range res.Robust.AR {
		switch ar.Order {
		case 1:
			ar1 = ar.PValue
		case 2:
			ar2 = ar.PValue
		}
	}
	hansen := res.Hansen.PValue
	r.Notef("%s", r.Text(
		fmt.Sprintf("%s：%d 个工具变量、%d 组、N = %d；AR(2) 检验 p = %.3f，Hansen 检验 p = %.3f（自由度 %d）。", title, res.NumInstruments, res.NumUnits, res.RowsUsed(), ar2, hansen, res.Hansen.DF),
		fmt.Sprintf("%s: %d instruments, %d groups, N = %d; AR(2) test p = %.3f, Hansen test p = %.3f (df %d).", title, res.NumInstruments, res.NumUnits, res.RowsUsed(), ar2, hansen, res.Hansen.DF)))
	if ar1 >= 0.10 {
		r.Notef("%s", r.Text(fmt.Sprintf("%s：AR(1) 检验 p = %.3f，未拒绝差分误差无一阶自相关；若原水平误差独立，差分误差应有一阶负相关，这一结果提示模型设定可能有问题。", title, ar1),
			fmt.Sprintf("%s: the AR(1) test (p = %.3f) does not reject no first-order correlation of the differenced errors; differenced independent errors should show it, so the specification may be wrong.", title, ar1)))
	}
	if ar2 < 0.05 {
		r.Notef("%s", r.Text(title+"：AR(2) 检验在 5% 水平拒绝差分误差无二阶自相关，滞后 2 期的工具变量可能无效，可改用更深的滞后（如 3:5）。",
			title+": the AR(2) test rejects no second-order correlation of the differenced errors at 5%, so lag-2 instruments may be invalid; consider deeper lags such as 3:5."))
	}
	if hansen < 0.05 {
		r.Notef("%s", r.Text(title+"：Hansen 检验在 5% 水平拒绝工具变量整体有效。", title+": the Hansen test rejects the joint validity of the instruments at 5%."))
	}
	if hansen > 0.99 {
		r.Notef("%s", r.Text(title+"：Hansen 检验 p 值接近 1，通常是工具变量过多的信号，而非工具变量有效的证据。",
			title+": a Hansen p-value near 1 usually signals too many instruments rather than valid ones."))
	}
	for _, w := range res.Warnings {
		r.Notef("%s: %s", title, w)
	}
}

// noteInstrumentCounts records how many instruments the models would use without collapsing,
// next to the counts used, so a reader sees why they are collapsed.
func (r *Run) noteInstrumentCounts(src string, base cpstat.GMMSettings, results []*cpstat.GMMResult) {
	for _, res := range results {
		wide := base
		wide.System = res.Spec.System
		wide.Collapse = false
		wide.GMM = res.Spec.Dependent + " 2:."
		full, err := r.Panel.GMM(src, wide)
		if err != nil {
			continue
		}
		title := r.Text(res.Estimator(table.Zh), res.Estimator(table.En))
		r.Notef("%s", r.Text(
			fmt.Sprintf("%s：折叠并限定滞后后工具变量 %d 个；若使用全部滞后且不折叠，将有 %d 个，而组数只有 %d。", title, res.NumInstruments, full.NumInstruments, res.NumUnits),
			fmt.Sprintf("%s: %d instruments collapsed with limited lags; all lags uncollapsed would give %d, against %d groups.", title, res.NumInstruments, full.NumInstruments, res.NumUnits)))
	}
}

// notePaperDirection compares the signs and significance with what Hong, Jiang and Liu (2023)
// report for their GMM robustness check: a positive, significant lagged outcome (path dependence)
// and a positive, significant effect of balance. The paper gives no table for it.
func (r *Run) notePaperDirection(results []*cpstat.GMMResult, cp, balance string) {
	for _, res := range results {
		var parts []string
		for k, name := range res.CoefNames {
			if name != "L."+cp && name != balance {
				continue
			}
			sign := r.Text("为正", "positive")
			if res.Coef[k] < 0 {
				sign = r.Text("为负", "negative")
			}
			significance := r.Text("在 10% 水平不显著", "not significant at 10%")
			if p := res.Robust.P[k]; p < 0.10 {
				level := significanceLevel(p)
				significance = r.Text(fmt.Sprintf("在 %s 水平显著（p = %.3f）", level, p), fmt.Sprintf("significant at %s (p = %.3f)", level, p))
			}
			parts = append(parts, fmt.Sprintf("%s %s%s", name, sign, r.Text("且", ", ")+significance))
		}
		r.Notef("%s", r.Text(
			fmt.Sprintf("论文（洪竞科等，2023）只报告 GMM 结果的方向：共同富裕滞后项和平衡性干预政策都显著为正，未给出表格。本数据%s：%s。", res.Estimator(table.Zh), strings.Join(parts, "；")),
			fmt.Sprintf("Hong, Jiang and Liu (2023) report only the direction of their GMM results, with no table: lagged common prosperity and balance both positive and significant. Here, %s: %s.", res.Estimator(table.En), strings.Join(parts, "; "))))
	}
}

// hasValues reports whether the panel has a numeric column with at least one finite value.
func hasValues(p *cpstat.Panel, column string) bool {
	x, err := p.Float(column)
	return err == nil && anyFinite(x)
}

// significanceLevel names the smallest conventional level (1 %, 5 % or 10 %) at which p is significant.
func significanceLevel(p float64) string {
	switch {
	case p < 0.01:
		return "1%"
	case p < 0.05:
		return "5%"
	}
	return "10%"
}
