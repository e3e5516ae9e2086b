package replicate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/table"
	"github.com/cpstat/cpstat/data"
)

// This file contains the parts that the lags, paths, tfpmech and labour chapters share. They are the
// definitions of the variables that the public data lack, the note on how to supply them, labels for
// lags and paper variables, and the layout of the chapters' regression tables.

// variableDefinition is the measurement of a variable in Hong, Jiang and Liu (2023), for the note that
// requests a column for it when the data lack it.
type variableDefinition struct{ zh, en string }

var variableDefinitions = map[string]variableDefinition{
	"cp":          {"共同富裕指数的对数，由 index 章节按熵权法测算", "log common-prosperity index, measured by the index chapter with entropy weights"},
	"prosperity":  {"富裕分指数的对数，由 index 章节测算", "log prosperity sub-index, measured by the index chapter"},
	"commonality": {"共同分指数的对数，由 index 章节测算", "log commonality sub-index, measured by the index chapter"},
	"balance":     {"建设用地审批面积的对数；内置数据用人均实际教育、卫生、交通财政支出的对数代替", "log approved construction-land area; the embedded data use log real per-capita spending on education, health and transport instead"},
	"capital":     {"实际资本存量的对数，由 factors 章节按永续盘存法测算", "log real capital stock, measured by the factors chapter by perpetual inventory"},
	"labor":       {"就业人员数的对数", "log employed persons"},
	"tfp":         {"DEA-Malmquist 累积全要素生产率，由 factors 章节测算", "cumulative DEA Malmquist TFP, measured by the factors chapter"},
	"flo":         {"年末常住人口减户籍人口", "year-end resident population minus registered (hukou) population"},
	"domicile_p":  {"ln(非农业户籍人口 / 常住人口)，越大落户门槛越低", "ln(non-agricultural hukou population / resident population); higher means easier settlement"},
	"domicile_f":  {"ln(户籍户数 / 常住人口)，越大落户门槛越低", "ln(registered households / resident population); higher means easier settlement"},
	"tech":        {"技术进步指标（原文未给出指标体系）", "technical progress index (the paper omits its indicator system)"},
	"industry":    {"产业升级指标（原文未给出指标体系）", "industrial upgrading index (the paper omits its indicator system)"},
	"market":      {"市场优化指标（原文未给出指标体系）", "market development index (the paper omits its indicator system)"},
	"digital":     {"数字转型指标（原文未给出指标体系）", "digital transformation index (the paper omits its indicator system)"},
}

// missingVars returns the paper variables among codes whose columns have no value in the panel.
func (r *Run) missingVars(codes ...string) []string {
	var missing []string
	for _, c := range codes {
		if !hasValues(r.Panel, r.Var(c)) {
			missing = append(missing, c)
		}
	}
	return missing
}

// noteMissingVars records that a model was not estimated because the data lack the given paper
// variables, with each variable's definition and the two ways to supply a column for it.
func (r *Run) noteMissingVars(modelZh, modelEn string, missing []string) {
	var zh, en []string
	for _, code := range missing {
		def := variableDefinitions[code]
		zh = append(zh, fmt.Sprintf("%s（列 %s；%s）", code, r.Var(code), def.zh))
		en = append(en, fmt.Sprintf("%s (column %s; %s)", code, r.Var(code), def.en))
	}
	first := missing[0]
	r.Notef("%s", r.Text(
		fmt.Sprintf("%s未估计：数据中没有 %s。自带面板时用 cpstat replicate --data 文件 --vars %s=列名 指定，或在 --config 配置文件中写 \"vars\": {\"%s\": \"列名\"}。",
			modelZh, strings.Join(zh, "、"), first, first),
		fmt.Sprintf("%s was not estimated: the data have no %s. With your own panel, name the column with cpstat replicate --data FILE --vars %s=COLUMN, or with \"vars\": {\"%s\": \"COLUMN\"} in a --config file.",
			modelEn, strings.Join(en, ", "), first, first)))
}

// addPaperLabels gives the columns of paper variables that the codebook does not label (flo, the
// settlement thresholds, digital) the paper's names, so tables show 劳动力流动 rather than a column name.
func (r *Run) addPaperLabels(codes ...string) {
	vars, err := data.PaperVariables()
	if err != nil {
		return
	}
	for _, v := range vars {
		column := r.Var(v.Code)
		if !contains(codes, v.Code) {
			continue
		}
		if _, ok := r.Labels[column]; !ok {
			r.Labels[column] = table.Label{Zh: v.LabelZh, En: v.LabelEn}
		}
	}
}

// lagLabel labels the term L(column, k) as the column's label with "(lag k)".
func (r *Run) lagLabel(column string, k int) table.Label {
	return table.Label{
		Zh: fmt.Sprintf("%s（滞后%d期）", r.Labels.Lookup(column, table.Zh), k),
		En: fmt.Sprintf("%s (lag %d)", r.Labels.Lookup(column, table.En), k),
	}
}

// feTable lays out fixed-effects columns as Tables 5–8 of the study do: the coefficients of interest
// in order, one row marking the controls, rows for the year and province effects, N and R².
func (r *Run) feTable(title string, cols []table.Column, order, controls []string, notes []string) table.Regression {
	entity, period := r.Panel.EntityColumn(), r.Panel.TimeColumn()
	return table.Regression{
		Title:        title,
		Columns:      cols,
		Lang:         r.Lang(),
		Labels:       r.Labels,
		Order:        order,
		Controls:     controls,
		FixedEffects: []string{period, entity},
		FixedEffectLabels: table.Labels{
			period: {Zh: "年份固定效应", En: "Year FE"},
			entity: {Zh: "省份固定效应", En: "Province FE"},
		},
		Stats: []string{"N", "r2"},
		Notes: notes,
	}
}

// clusterNote states the standard errors of the chapter's models in one line.
func (r *Run) clusterNote(res *cpstat.Result) string {
	g := 0
	if len(res.VCov.G) > 0 {
		g = res.VCov.G[0]
	}
	return r.Text(
		fmt.Sprintf("各列均控制省份和年份固定效应，标准误按省份聚类（G = %d，Stata xtreg, fe vce(cluster) 的小样本校正），括号内为 t 值，p 值依据 t(G−1)。", g),
		fmt.Sprintf("Every column absorbs province and year effects. Standard errors are clustered by province (G = %d, with the small-sample factor of Stata's xtreg, fe vce(cluster)); t statistics in parentheses, p-values from t(G−1).", g))
}

// groupClusterNote states the number of clusters in each group of a split, which is smaller than in
// the full sample because a group covers only some of the provinces.
func (r *Run) groupClusterNote(split *cpstat.SplitResult) string {
	unitZh, unitEn := r.unitWords()
	var counts []string
	for _, g := range split.Groups {
		if g.Result == nil || len(g.Result.VCov.G) == 0 {
			counts = append(counts, "—")
			continue
		}
		counts = append(counts, strconv.Itoa(g.Result.VCov.G[0]))
	}
	return r.Text(
		fmt.Sprintf("分组回归各组覆盖的%s（聚类）数 G 为 %s，少于全样本，组内的聚类稳健标准误更不可靠。", unitZh, strings.Join(counts, "/")),
		fmt.Sprintf("The groups cover %s %s (clusters), fewer than the full sample, so their cluster-robust standard errors are less reliable.", strings.Join(counts, "/"), unitEn))
}

// yearSpan returns the first and last period among the keys, as "2010–2017".
func yearSpan(keys []cpstat.RowKey) string {
	if len(keys) == 0 {
		return "—"
	}
	lo, hi := keys[0].Time, keys[0].Time
	for _, k := range keys {
		lo, hi = min(lo, k.Time), max(hi, k.Time)
	}
	return fmt.Sprintf("%d–%d", lo, hi)
}

// notePaperCoefficients records the coefficients of the paper's table next to those of this run. A nil
// result, a model that could not be estimated, shows "—".
func (r *Run) notePaperCoefficients(tableZh, tableEn, term string, paper []string, results []*cpstat.Result) {
	var ours []string
	for i, res := range results {
		var c cpstat.Coefficient
		ok := false
		if res != nil {
			c, ok = res.Coef(term)
		}
		if !ok {
			ours = append(ours, fmt.Sprintf("(%d) —", i+1))
			continue
		}
		ours = append(ours, fmt.Sprintf("(%d) %.3f (t = %.3f)", i+1, c.Estimate, c.Statistic))
	}
	var theirs []string
	for i, p := range paper {
		theirs = append(theirs, fmt.Sprintf("(%d) %s", i+1, p))
	}
	r.Notef("%s", r.Text(
		fmt.Sprintf("%s 中 %s 的系数：论文（洪竞科等，2023）为 %s；本次运行为 %s。变量口径不同，数值不可直接比较。", tableZh, term, strings.Join(theirs, "，"), strings.Join(ours, "，")),
		fmt.Sprintf("Coefficient of %s in %s: Hong, Jiang and Liu (2023) report %s; this run gives %s. The variables are measured differently, so the numbers are not comparable.", term, tableEn, strings.Join(theirs, ", "), strings.Join(ours, ", "))))
}
