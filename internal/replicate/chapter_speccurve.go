package replicate

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cpstat/cpstat/cpstat"
	"github.com/cpstat/cpstat/cpstat/table"
	"github.com/cpstat/cpstat/plots"
)

// specAlpha is the significance level of the specification curve's summary and figure.
const specAlpha = 0.05

func init() {
	register(Chapter{
		Order: 95, ID: "speccurve", TitleZh: "规格曲线", TitleEn: "Specification curve",
		AboutZh: "把论文稳健性检验中的各项选择（政策变量、被解释变量、样本、固定效应、标准误口径、控制变量、政策变量滞后期）两两组合，逐一估计政策变量的系数，按估计值排序画出规格曲线，并按每个选项汇总估计值为正和显著的比例。",
		AboutEn: "Crosses the choices of the paper's robustness checks (policy measure, outcome, sample, fixed effects, standard-error convention, controls, lag of the policy) and estimates the policy coefficient in every combination. The curve shows the estimates in ascending order, and the summary gives the shares of positive and significant estimates for each option.",
		Run:     runSpecCurve,
	})
}

// specOutcomes and specTreatments are the variables of Hong, Jiang and Liu (2023) that the grid
// varies, in the order of the figure's rows: cp and its log sub-indices, then balance and the two
// alternative policy measures of the embedded data.
var (
	specOutcomes   = []string{"cp", "prosperity", "commonality"}
	specTreatments = []string{"balance", "invest_tilt", "post2003_cw"}
)

// specOutcomeLabels are short labels of the outcomes for the indicator panel.
var specOutcomeLabels = map[string]table.Label{
	"cp":          {Zh: "cp 共同富裕", En: "cp"},
	"prosperity":  {Zh: "ln 富裕", En: "ln prosperity"},
	"commonality": {Zh: "ln 共同", En: "ln commonality"},
}

func runSpecCurve(r *Run) error {
	if missing := r.missingVars("cp"); len(missing) > 0 {
		r.noteMissingVars("规格曲线", "The specification curve", missing)
		return nil
	}
	outcomes := r.presentColumns(specOutcomes, "outcome")
	treatments := r.presentColumns(specTreatments, "treatment")
	if len(treatments) == 0 {
		return nil
	}

	grid := cpstat.PaperSpecGrid(r.Panel, cpstat.PaperSpecColumns{
		Treatments:   treatments,
		TurningPoint: r.Var("post2003_cw"),
		Outcomes:     outcomes,
		Controls:     r.Controls(),
	})
	outcomeOptions := grid.Dimensions[1].Options
	for i, o := range outcomeOptions {
		for paper, label := range specOutcomeLabels {
			if r.Var(paper) == o.Name {
				outcomeOptions[i].Label = label
			}
		}
	}

	start := time.Now()
	res, err := cpstat.SpecCurve(r.Ctx, r.Panel, grid, cpstat.SpecCurveSettings{})
	if err != nil {
		return err
	}
	r.Logf("%d specifications run (%d estimated, %d failed) from %d fits in %.2f s", len(res.Rows),
		len(res.Estimated()), len(res.Failed()), res.Fits, time.Since(start).Seconds())
	r.noteSpecCurve(res)

	fig, err := plots.SpecCurve(r.Theme(), res, plots.SpecCurveOptions{Standardized: true, Alpha: specAlpha,
		Title: r.Text("规格曲线：政策变量的标准化系数", "Specification curve: standardized policy coefficient")})
	if err != nil {
		return err
	}
	if err := r.Figure("speccurve", r.Text("规格曲线", "Specification curve"), fig); err != nil {
		return err
	}

	summary := res.SummaryGrid(specAlpha, true, r.Lang())
	summary.Notes = append(summary.Notes, r.specGridNotes(res)...)
	if err := r.Table("speccurve_summary", summary.Title, summary); err != nil {
		return err
	}
	specs := res.SpecsGrid(r.Lang())
	return r.DetailTable("speccurve_specs", specs.Title, specs)
}

// presentColumns maps variable names of the study to panel columns (Run.Var) and keeps those with
// values. It records a note naming the others.
func (r *Run) presentColumns(paper []string, role string) []string {
	var out, missing []string
	for _, v := range paper {
		col := r.Var(v)
		if hasValues(r.Panel, col) {
			out = append(out, col)
		} else {
			missing = append(missing, v)
		}
	}
	if len(missing) > 0 {
		roleZh := map[string]string{"outcome": "被解释变量", "treatment": "政策变量"}[role]
		r.Notef("%s", r.Text(
			fmt.Sprintf("数据中缺少%s %s，规格曲线不含这些选项；自带数据时可用 --vars 名称=列名 指定。", roleZh, strings.Join(missing, "、")),
			fmt.Sprintf("the data lack the %s(s) %s, so the specification curve leaves them out; with your own data, name the columns with --vars NAME=COLUMN.", role, strings.Join(missing, ", "))))
	}
	return out
}

// noteSpecCurve records the size of the grid, the exclusions and the failures for the reader.
func (r *Run) noteSpecCurve(res *cpstat.SpecCurveResult) {
	all := res.Summary(specAlpha, true)[0]
	r.Notef("%s", r.Text(
		fmt.Sprintf("规格曲线：%d 个组合，按设计排除 %d 个，运行 %d 个（%d 次回归，标准误口径不同的规格共用一次拟合），其中失败 %d 个，图中画出 %d 个。估计值为正的占 %.1f%%，p < %g 的占 %.1f%%。五种标准误口径各算一个规格，所以显著比例按口径加权：同一点估计在五个口径下各计一次。",
			res.Grid.Size(), len(res.Excluded), len(res.Rows), res.Fits, all.Failed, len(res.Rows)-all.Failed, 100*all.Positive, specAlpha, 100*all.Significant),
		fmt.Sprintf("Specification curve: %d combinations, %d excluded by design, %d run (%d regressions, because specifications that differ only in the standard-error convention share one fit), of which %d failed, so the figure shows %d. %.1f%% of the estimates are positive and %.1f%% have p < %g. Each of the five standard-error conventions counts as a specification, so the significant share weights every point estimate five times, once per convention.",
			res.Grid.Size(), len(res.Excluded), len(res.Rows), res.Fits, all.Failed, len(res.Rows)-all.Failed, 100*all.Positive, 100*all.Significant, specAlpha)))
	if len(res.Excluded) > 0 {
		turning := r.Var("post2003_cw")
		r.Notef("%s", r.Text(
			fmt.Sprintf("按设计排除 %d 个组合：%s 自 2003 年起对中西部省份取 1，估计样本从 2003 年（滞后一期为 2004 年）以后开始时，它在每个省份内都不随时间变化，会被省份固定效应完全吸收，无法估计。样本从 2005 年开始，或加入的控制变量在拐点之后才有数据时，都是如此。", len(res.Excluded), turning),
			fmt.Sprintf("Combinations excluded by design (%d): %s is 1 for central and western provinces from 2003 on, so where the estimation sample starts after the switch (2004 at lag 1) it is constant within each province and the province effects absorb it. That is so on the sample from 2005, and with controls whose data start after the switch. For example: %s.", len(res.Excluded), turning, res.Excluded[0].Reason)))
	}
	for _, f := range res.Failures() {
		example := strings.Join(f.Example.Options(res.Grid), ", ")
		reasonZh, reasonEn := "估计出错："+f.Reason, f.Reason
		var dropped *cpstat.TreatmentDroppedError
		if errors.As(f.Example.Err, &dropped) {
			reasonZh = fmt.Sprintf("政策变量 %s 被模型剔除（%s）。估计样本只含全部变量都有数据的年份，起点可能晚于政策拐点，此时政策变量在省份内不变", dropped.Term, droppedReasonZh(dropped.Reason))
			reasonEn += ". The estimation sample keeps only the years in which every variable has data, which can start after the policy's turning point, where the policy no longer varies within a province"
		}
		r.Notef("%s", r.Text(
			fmt.Sprintf("%d 个规格估计失败：%s。例如 %s（选项 %s）。", f.Count, reasonZh, f.Example.Formula, example),
			fmt.Sprintf("%d specifications failed: %s. For example %s (options %s).", f.Count, reasonEn, f.Example.Formula, example)))
	}
}

// droppedReasonZh translates the reasons of DroppedRegressor.
func droppedReasonZh(reason string) string {
	if zh, ok := map[string]string{
		"collinear with the fixed effects": "与固定效应共线",
		"collinear with other regressors":  "与其他解释变量共线",
		"all zero":                         "全为零",
	}[reason]; ok {
		return zh
	}
	return reason
}

// specGridNotes explain the grid under the summary table.
func (r *Run) specGridNotes(res *cpstat.SpecCurveResult) []string {
	var dims []string
	for _, d := range res.Grid.Dimensions {
		dims = append(dims, fmt.Sprintf("%s %d", d.Text(r.Lang()), len(d.Options)))
	}
	entity := r.Panel.EntityColumn()
	notes := []string{r.Text(
		"网格为各维度选项的全部组合（"+strings.Join(dims, " × ")+"）；标准误均按 "+entity+" 聚类，口径分别对应 Stata xtreg、reghdfe、fixest、plm (sss) 和 CR1 的小样本校正。",
		"The grid crosses every option of each dimension ("+strings.Join(dims, " × ")+"); standard errors are clustered by "+entity+" under the small-sample conventions of Stata xtreg, reghdfe, fixest, plm (sss) and CR1.")}
	if failed := len(res.Failed()); failed > 0 {
		notes = append(notes, r.Text(
			fmt.Sprintf("另有 %d 个规格估计失败，不计入估计值统计，只计入“失败”列；原因见本章注释和全部规格表。", failed),
			fmt.Sprintf("%d specifications failed; they count only in the Failed column. The chapter notes and the table of every specification give the reasons.", failed)))
	}
	return notes
}
