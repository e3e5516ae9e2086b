package replicate

import (
	"fmt"
	"math"
	"strings"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/table"
	"github.com/cpstat/cpstat/data"
)

func init() {
	register(Chapter{
		Order: 80, ID: "tfpmech", TitleZh: "进一步分析：政策抑制要素效率的机制", TitleEn: "Further analysis: how the policy lowers factor efficiency",
		AboutZh: "表 6：以技术进步、产业升级、市场优化和数字转型为被解释变量，在 2003—2017 年估计平衡性干预政策加控制变量的双向固定效应模型。原文没有给出这四个指标的构建方法，公开数据用有说明的代理变量，覆盖年份不同；数字转型没有公开序列。",
		AboutEn: "Table 6: estimates the two-way fixed-effects model of the balancing policy and the controls on 2003–2017 with technical progress, industrial upgrading, market development and digital transformation as outcomes. The paper does not define the four measures, so the public data use documented proxies that cover different years, and digital transformation has no public series.",
		Run:     runTFPMech,
	})
}

// tfpMechWindow is the period of Table 6, which the paper limits to 2003–2017 for the data of its
// digital-transformation index.
var tfpMechWindow = cpstat.Window{From: 2003, To: 2017}

// tfpMechOutcomes are the paper variables of Table 6 in column order.
var tfpMechOutcomes = []string{"tech", "industry", "market", "digital"}

// paperTable6 holds the balance coefficients of Table 6 in Hong, Jiang and Liu (2023), in the order of
// tfpMechOutcomes.
var paperTable6 = []string{"−0.062**", "−0.080***", "−0.030**", "0.208*"}

func runTFPMech(r *Run) error {
	if missing := r.missingVars("balance"); len(missing) > 0 {
		r.noteMissingVars("表 6（要素效率机制）", "Table 6 (factor-efficiency mechanisms)", missing)
		return nil
	}
	balance := r.Var("balance")
	controls := r.Controls()
	entity, period := r.Panel.EntityColumn(), r.Panel.TimeColumn()
	opts := []cpstat.EstimateOption{cpstat.Period(tfpMechWindow.From, tfpMechWindow.To), cpstat.Cluster(entity), cpstat.SSC(cpstat.Stata)}

	var cols []table.Column
	var results []*cpstat.Result
	var coverage, missing []string
	for _, code := range tfpMechOutcomes {
		column := r.Var(code)
		if !hasValues(r.Panel, column) {
			missing = append(missing, code)
			results = append(results, nil)
			continue
		}
		src := baselineFormula(column, balance, controls, entity, period, baselineSpec{controls: true, year: true})
		res, err := cpstat.EstimateContext(r.Ctx, r.Panel, src, opts...)
		if err != nil {
			return fmt.Errorf("table 6, %s: %w", src, err)
		}
		results = append(results, res)
		cols = append(cols, res.Column(""))
		own := r.valueYears(column, tfpMechWindow)
		coverage = append(coverage, r.Text(
			fmt.Sprintf("%s：N = %d，估计样本 %s 年（该变量在 %s 年有值）", code, res.N, yearSpan(res.Keys), own),
			fmt.Sprintf("%s: N = %d, estimated on %s (the variable has values in %s)", code, res.N, yearSpan(res.Keys), own)))
	}
	for _, code := range missing {
		r.noteMissingVars(fmt.Sprintf("表 6 的 %s 列", code), fmt.Sprintf("The %s column of Table 6", code), []string{code})
	}
	if len(cols) == 0 {
		return nil
	}

	notes := []string{
		r.clusterNote(results[firstFitted(results)]),
		r.Text("各列的样本和年份（样本期 2003—2017 年内被解释变量和控制变量都有值的观测）："+strings.Join(coverage, "；")+"。",
			"Sample and years of each column (observations in 2003–2017 with the outcome and every control): "+strings.Join(coverage, "; ")+"."),
	}
	notes = append(notes, r.tfpMechProxyNotes(missing)...)
	notes = append(notes, r.proxyNotes(append([]string{balance}, controls...))...)
	reg := r.feTable(r.Text("表 6　平衡性干预政策抑制要素效率的机制检验", "Table 6. Mechanisms by which the balancing policy lowers factor efficiency"),
		cols, []string{balance}, controls, notes)
	r.notePaperCoefficients("表 6", "Table 6", balance, paperTable6, results)
	return r.Table("table6_tfp_mechanisms", reg.Title, reg)
}

// valueYears returns the first and last period within w in which column has a value, as "2010–2017".
func (r *Run) valueYears(column string, w cpstat.Window) string {
	x, err := r.Panel.Float(column)
	if err != nil {
		return "—"
	}
	var keys []cpstat.RowKey
	for i, k := range r.Panel.Keys() {
		if k.Time >= w.From && k.Time <= w.To && !math.IsNaN(x[i]) {
			keys = append(keys, k)
		}
	}
	return yearSpan(keys)
}

func firstFitted(results []*cpstat.Result) int {
	for i, res := range results {
		if res != nil {
			return i
		}
	}
	return 0
}

// tfpMechProxyNotes states, for a run on the embedded data, which outcomes are proxies and what they
// measure, and names the outcomes that the data lack.
func (r *Run) tfpMechProxyNotes(missing []string) []string {
	var notes []string
	if len(missing) > 0 {
		notes = append(notes, r.Text(
			"数据中没有 "+strings.Join(missing, "、")+"，对应列未估计（没有写进表中）；运行说明给出补充数据的方法。",
			"The data have no "+strings.Join(missing, ", ")+", so those columns were not estimated and are not in the table; the run notes say how to supply them."))
	}
	vars, err := data.PaperVariables()
	if err != nil || r.Config.DataPath != "" {
		return notes
	}
	var zh, en []string
	for _, v := range vars {
		if !contains(tfpMechOutcomes, v.Code) || v.Status != "proxy" || r.Var(v.Code) != v.Code {
			continue
		}
		zh = append(zh, fmt.Sprintf("%s（%s）", v.Code, r.Label(v.Code)))
		en = append(en, fmt.Sprintf("%s (%s)", v.Code, v.Note))
	}
	if len(zh) > 0 {
		notes = append(notes, r.Text(
			"原文没有给出机制指标的构建方法，公开数据以代理变量代替："+strings.Join(zh, "、")+"；覆盖年份各不相同，所以各列样本不同，不能互相比较系数大小。",
			"The paper does not define the mechanism measures, so the public data use proxies: "+strings.Join(en, "; ")+". They cover different years, so the columns have different samples and their coefficients are not comparable in size."))
	}
	return notes
}
